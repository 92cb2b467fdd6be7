// Writes the reference token counts of synthetic prompts, for the dataset test that checks
// ringperf's exact-length prompts against the reference tokenizer implementation offline.
//
// Input: a JSON file {"model": "<dir under .cache/tokenizers>", "texts": [...], ...} as
// written by build-dev/tests/dataset/dataset_prompt_dump. Output (stdout): the same object
// with "reference_counts": the reference's encode(text, add_special_tokens=false) length of
// every text. The reference is @lenml/tokenizers (a port of transformers.js), run on the same
// tokenizer.json and tokenizer_config.json the C++ tests read.
//
// Usage:
//   bash tools/fetch-tokenizers.sh --reference
//   build-dev/tests/dataset/dataset_prompt_dump qwen3 > /tmp/prompts.json
//   node tools/gen-prompt-length-fixture.mjs /tmp/prompts.json \
//     > tests/data/dataset/qwen3_prompt_lengths.json
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".cache/node/package.json"));
const { TokenizerLoader } = require("@lenml/tokenizers");

if (process.argv.length !== 3) {
  console.error("usage: node tools/gen-prompt-length-fixture.mjs PROMPTS.json");
  process.exit(2);
}
const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const base = path.join(root, ".cache/tokenizers", input.model);
const tok = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(path.join(base, "tokenizer.json"), "utf8")),
  tokenizerConfig: JSON.parse(fs.readFileSync(path.join(base, "tokenizer_config.json"), "utf8")),
});
input.reference_counts = input.texts.map(
  (text) => tok.encode(text, { add_special_tokens: false }).length);
process.stdout.write(JSON.stringify(input, null, 1) + "\n");
console.error(`${input.model}: ${input.texts.length} texts counted`);
