// Counts, with the reference tokenizer implementation (@lenml/tokenizers, a port of
// transformers.js), the tokens of every prompt in a run's inputs.json, and prints how many
// prompts have each length: the check that ringperf's prompts have exactly the requested
// length under the reference, not only under ringperf's own tokenizer.
//
// The prompt of a chat body is its last message's text (all text parts joined); of a
// completions body, its "prompt" (each entry of a list).
//
// Usage:
//   bash tools/fetch-tokenizers.sh --reference
//   node tools/count-prompt-tokens.mjs .cache/tokenizers/qwen3 artifacts/.../inputs.json
// Prints e.g. {"512":100}: 100 prompts of 512 tokens.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".cache/node/package.json"));
const { TokenizerLoader } = require("@lenml/tokenizers");

if (process.argv.length !== 4) {
  console.error("usage: node tools/count-prompt-tokens.mjs MODEL_DIR INPUTS_JSON");
  process.exit(2);
}
const [dir, file] = process.argv.slice(2);
const tok = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")),
  tokenizerConfig: JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8")),
});

function prompts(body) {
  if (body.messages) {
    const c = body.messages.at(-1).content;
    return [typeof c === "string" ? c : c.filter((p) => p.type === "text").map((p) => p.text).join("")];
  }
  return Array.isArray(body.prompt) ? body.prompt : [body.prompt];
}

const counts = {};
for (const entry of JSON.parse(fs.readFileSync(file, "utf8")).data) {
  for (const body of entry.payloads) {
    for (const text of prompts(body)) {
      const n = tok.encode(text, { add_special_tokens: false }).length;
      counts[n] = (counts[n] || 0) + 1;
    }
  }
}
console.log(JSON.stringify(counts));
