// The reference implementation (@lenml/tokenizers, a port of transformers.js) on the same
// tokenizer files and text as bench/tokenizer/tokenizer_bench.cpp: load time (read, JSON.parse,
// construct) and encode throughput of 1 MiB of English text.
//
// Usage: bash tools/fetch-tokenizers.sh --reference && node bench/tokenizer_reference.mjs [model...]
// Environment: TOKENIZER_MODELS_DIR (default .cache/tokenizers), TOKENIZER_BENCH_TEXT
// (default /usr/share/common-licenses/GPL-3).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".cache/node/package.json"));
const { TokenizerLoader } = require("@lenml/tokenizers");

const modelsDir = process.env.TOKENIZER_MODELS_DIR || path.join(root, ".cache/tokenizers");
const base = fs.readFileSync(process.env.TOKENIZER_BENCH_TEXT || "/usr/share/common-licenses/GPL-3", "utf8");
let text = "";
while (Buffer.byteLength(text, "utf8") < 1 << 20) text += base;
const bytes = Buffer.byteLength(text, "utf8");
const models = process.argv.length > 2 ? process.argv.slice(2) : ["qwen3", "llama3", "llama2", "gemma3", "gpt4o"];

function load(dir) {
  return TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")),
    tokenizerConfig: JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8")),
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`text: ${bytes} bytes`);
console.log("| model | load (ms) | encode (MB/s) | tokens |");
console.log("|---|---|---|---|");
for (const model of models) {
  const dir = path.join(modelsDir, model);
  if (!fs.existsSync(path.join(dir, "tokenizer.json"))) {
    console.error(`${model}: missing, skipped (run tools/fetch-tokenizers.sh)`);
    continue;
  }
  const loads = [];
  let tok;
  for (let i = 0; i < 3; ++i) {
    const t0 = process.hrtime.bigint();
    tok = load(dir);
    loads.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  // The first run warms the reference's cache; a run slower than 10 s is measured alone.
  const encode = () => {
    const t0 = process.hrtime.bigint();
    const out = tok.encode(text, { add_special_tokens: false });
    return [out, Number(process.hrtime.bigint() - t0) / 1e9];
  };
  let [ids, first] = encode();
  const rates = [bytes / first / 1e6];
  if (first < 10) {
    rates.length = 0;
    for (let i = 0; i < 5; ++i) {
      let s;
      [ids, s] = encode();
      rates.push(bytes / s / 1e6);
    }
  }
  console.log(`| ${model} | ${median(loads).toFixed(0)} | ${median(rates).toFixed(2)} | ${ids.length} |`);
}
