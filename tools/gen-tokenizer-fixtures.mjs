// Writes the reference token ids for the tokenizer parity tests: for every model in
// .cache/tokenizers/ and every segment of tests/data/tokenizer/parity/corpus.jsonl, line i
// of tests/data/tokenizer/parity/<model>.jsonl is {"ids": [...], "decoded": "..."} — the
// reference implementation's encode(text, add_special_tokens=false) and
// decode(ids, skip_special_tokens=true).
//
// The reference is @lenml/tokenizers (a port of transformers.js), run on the same
// tokenizer.json and tokenizer_config.json files the C++ tests read.
//
// Usage: bash tools/fetch-tokenizers.sh --reference && node tools/gen-tokenizer-fixtures.mjs [model...]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".cache/node/package.json"));
const { TokenizerLoader } = require("@lenml/tokenizers");

const dir = path.join(root, "tests/data/tokenizer/parity");
const models = process.argv.length > 2 ? process.argv.slice(2)
  : fs.readdirSync(path.join(root, ".cache/tokenizers")).sort();
const corpus = fs.readFileSync(path.join(dir, "corpus.jsonl"), "utf8").trimEnd().split("\n")
  .map((l) => JSON.parse(l).text);

for (const model of models) {
  const base = path.join(root, ".cache/tokenizers", model);
  const tok = TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(fs.readFileSync(path.join(base, "tokenizer.json"), "utf8")),
    tokenizerConfig: JSON.parse(fs.readFileSync(path.join(base, "tokenizer_config.json"), "utf8")),
  });
  const lines = corpus.map((text) => {
    const ids = tok.encode(text, { add_special_tokens: false });
    const decoded = tok.decode(ids, { skip_special_tokens: true });
    return JSON.stringify({ ids, decoded });
  });
  fs.writeFileSync(path.join(dir, `${model}.jsonl`), lines.join("\n") + "\n");
  const total = lines.reduce((n, l) => n + JSON.parse(l).ids.length, 0);
  console.log(`${model}: ${corpus.length} segments, ${total} tokens`);
}
