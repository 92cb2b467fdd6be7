#!/usr/bin/env node
// Writes the expected results of the tokenizer's text primitives, computed by node (the
// reference runtime), to tests/data/tokenizer/text/:
//   regex.txt       every match of tokenizer Split patterns and engine feature patterns in
//                   varied texts, as UTF-8 byte offsets
//   normalize.txt   String.prototype.normalize in the four forms: curated cases, every code
//                   point that some form changes, and seeded random sequences
//   properties.txt  general category of every code point (ranges), RegExp \s, and `iu`
//                   case equivalence of each code point with its upper/lower case forms
// Patterns are compiled the way the reference implementation compiles a tokenizer.json
// Split pattern (createPattern in @lenml/tokenizers): a few textual rewrites, then
// new RegExp(pattern, "gu"). The Split patterns are read from the tokenizer.json files
// tools/fetch-tokenizers.sh puts in .cache/tokenizers/ (GPT-2's is the reference's built-in
// ByteLevel pattern and GPT-4o's is spelled out here).
//
// Usage: node tools/gen-text-vectors.mjs        (deterministic; rerun after changing texts)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "tests", "data", "tokenizer", "text");

// Opening sentences of the Universal Declaration of Human Rights in several scripts.
const udhr = [
  ["eng", "Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the human family is the foundation of freedom, justice and peace in the world,"],
  ["cmn_hans", "鉴于对人类家庭所有成员的固有尊严及其平等的和不移的权利的承认,乃是世界自由、正义与和平的基础, 鉴于对人权的无视和侮蔑已发展为野蛮暴行,这些暴行玷污了人类的良心,而一个人人享有言论和信仰自由并免予恐惧和匮乏的世界的来临,已被宣布为普通人民的最高愿望,"],
  ["jpn", "人類社会のすべての構成員の固有の尊厳と平等で譲ることのできない権利とを承認することは、世界における自由、正義及び平和の基礎であるので、 人権の無視及び軽侮が、人類の良心を踏みにじった野蛮行為をもたらし、言論及び信仰の自由が受けられ、恐怖及び欠乏のない世界の到来が、一般の人々の最高の願望として宣言されたので、"],
  ["kor", "모든 인류 구성원의 천부의 존엄성과 동등하고 양도할 수 없는 권리를 인정하는 것이 세계의 자유, 정의 및 평화의 기초이며, 인권에 대한 무시와 경멸이 인류의 양심을 격분시키는 만행을 초래하였으며, 인간이 언론과 신앙의 자유, 그리고 공포와 결핍으로부터의 자유를 누릴 수 있는 세계의 도래가 모든 사람들의 지고한 열망으로서 천명되어 왔으며,"],
  ["arb", "لمّا كان الاعتراف بالكرامة المتأصلة في جميع أعضاء الأسرة البشرية وبحقوقهم المتساوية الثابتة هو أساس الحرية والعدل والسلام في العالم."],
  ["heb", "הואיל והכרה בכבוד הטבעי אשר לכל בני משפחת האדם ובזכויותיהם השוות והבלתי נפקעות הוא יסוד החופש, הצדק והשלום בעולם."],
  ["rus", "Принимая во внимание, что признание достоинства, присущего всем членам человеческой семьи, и равных и неотъемлемых прав их является основой свободы, справедливости и всеобщего мира; и"],
  ["hin", "चूंकि मानव परिवार के सभी सदस्यों के जन्मजात गौरव और समान तथा अविच्छिन्न अधिकार की स्वीकृति ही विश्व-शान्ति, न्याय और स्वतन्त्रता की बुनियाद है,"],
  ["tha", "โดยที่การยอมรับนับถือเกียรติศักดิ์ประจำตัว และสิทธิเท่าเทียมกันและโอนมิได้ของบรรดา สมาชิก ทั้ง หลายแห่งครอบครัว มนุษย์เป็นหลักมูลเหตุแห่งอิสรภาพ ความยุติธรรม และสันติภาพในโลก"],
  ["ell_polytonic", "Ἐπειδὴ ἡ ἀναγνώριση τῆς ἀξιοπρέπειας, ποὺ εἶναι σύμφυτη σὲ ὅλα τὰ μέλη τῆς ἀνθρώπινης οἰκογένειας, καθὼς καὶ τῶν ἴσων καὶ ἀναπαλλοτρίωτων δικαιωμάτων τους ἀποτελεῖ τὸ θεμέλιο τῆς ἐλευθερίας, τῆς δικαιοσύνης καὶ τῆς εἰρήνης στὸν κόσμο."],
  ["vie", "Với nhận thức rằng: Việc thừa nhận nhân phẩm vốn có, các quyền bình đẳng và không thể tách rời của mọi thành viên trong gia đình nhân loại là cơ sở cho tự do, công bằng và hoà bình trên thế giới,"],
  ["amh", "የሰው፡ልጅ፡ሁሉ፡ሲወለድ፡ነጻና፡በክብርና፡በመብትም፡እኩልነት፡ያለው፡ነው።፡የተፈጥሮ፡ማስተዋልና፡ሕሊና፡ስላለው፡አንዱ፡ሌላውን፡በወንድማማችነት፡መንፈስ፡መመልከት፡ይገባዋል።"],
  ["tam", "மனிதக் குடும்பத்தினைச் சேர்ந்த யாவரதும் உள்ளார்ந்த மரியாதையையும், அவர்கள் யாவரதும் சமமான, மாற்றத்திற்குட்படுத்த முடியாத உரிமைகளையும் அங்கீகரித்தலே உலகத்தில் சுதந்திரம், நீதி, அமைதி என்பவற்றுக்கு அடிப்படையாகவுள்ளதாதலாலும்,"],
  ["kat", "ვინაიდან ადამიანთა ოჯახის ყველა წევრისათვის დამახასიათებელი ღირსების და თანასწორი და განუყოფელი უფლებების აღიარება წარმოადგენს თავისუფლების, სამართლიანობის და საყოველთაო მშვიდობის საფუძველს; და"],
  ["khm", "ដោយយល់ឃើញថា ការទទួលស្គាល់សេចក្ដីថ្លៃថ្នូរជាប់ពីកំណើត និងសិទ្ធិស្មើភាពគ្នា និងសិទ្ធិមិនអាច លក់ ដូរ ផ្ទេរ ឬដកហូតបានរបស់សមាជិកទាំងអស់នៃគ្រួសារមនុស្ស គឺជាគ្រឹះនៃសេរីភាព យុត្ដិធម៌ និងសន្ដិភាពក្នុងពិភពលោក។"],
  ["deu_1996", "Da die Anerkennung der angeborenen Würde und der gleichen und unveräußerlichen Rechte aller Mitglieder der Gemeinschaft der Menschen die Grundlage von Freiheit, Gerechtigkeit und Frieden in der Welt bildet,"],
  ["tur", "İnsanlık ailesinin bütün üyelerinde bulunan haysiyetin ve bunların eşit ve devir kabul etmez haklarının tanınması hususunun, hürriyetin, adaletin ve dünya barışının temeli olmasına,"],
];

const texts = [
  "",
  " ",
  "\n",
  "x",
  "\r\n",
  "Hello world! DON'T you SEE it? We'll, they're, I've, I'm, she'd, it's, 'tis, O'Neil's; " +
    "DON'T WE'LL THEY'RE I'VE I'M SHE'D IT'S don't we'LL They'Re",
  "'s 'S 'sa ''' 'll 'LL 'Ll '\n x' 'x ’s ‘quoted’ it’s can'T 're've'm'd",
  "def foo(x):\n\treturn x**2  # square\r\n\r\n    if (a != b) { c = a/b; }\n" +
    "// path/to/file.txt\nint main() { return 0; } /* c */ <a href=\"/x/y\">z</a>\n",
  "  leading\t\ttabs\r\n\r\n\n  trailing   \n\n   \t end  ",
  "a \u00A0 b\u3000c\u2028d\u2029e\uFEFFf\u000Bg\u000Ch\u0085i\u1680j\u2003k\u202F\u205Fl  \t\n",
  "line one\n\nline two\r\n   \r\n\tindented\n \n \r\n  x\n   ",
  "1234567 12 3.14159 ١٢٣٤٥ ½ ² Ⅻ ①②③ ０１２３ 1,000,000 x2y33z444 ab123456cd 2024-01-02",
  "I ❤️ 🍕 and 👨‍👩‍👧‍👦 family 🇺🇸 flags; 😀😃😄 ok👍🏽 🎉🎉 text😀text",
  "日本語のテキストです。カタカナとひらがな、漢字。ＡＢＣ全角 123 中文English混合",
  "HelloWorld iPhone McDONALD's ABCdef XMLHttpRequest ǅemal ǈ Ǉ ʰʲ ᾈ ΣΑΣ aBc ABC'S Abc's",
  "e\u0301te\u0301 \u0301start combining a\u0308\u0304 \u20DD circle नमस्ते क्षत्रिय ABC\u0301D",
  "Wait... what?! (yes) [no] {maybe} <tag> \"quotes\" —dash– –en ‒ …ellipsis §¶ @user " +
    "#hash $100 %50 ^caret &amp *star* _under_ `tick` ~tilde | pipe \\ back / slash //",
  "a".repeat(120) + " " + " ".repeat(40) + "!".repeat(30) + "\n".repeat(5) + "9".repeat(10),
  "ſ K k S s straße STRASSE ǆ ǅ Ǆ µ μ Μ ΐ ﬀ",
  "mixed\r\n\r\nCRLF\r\rCR\n\rLF-CR\t\r\n\t x \n",
  "end with spaces   ",
  "\u0301\u0302 marks first, then ’quotes’ and \u00AD soft hyphen \u200B zwsp \u200D zwj",
];
for (const [, t] of udhr) texts.push(t);

const gpt2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
const o200k =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+" +
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+" +
  "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| " +
  "?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function splitPattern(model) {
  const file = path.join(root, ".cache", "tokenizers", model, "tokenizer.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const pre = json.pre_tokenizer;
  const list = pre.type === "Sequence" ? pre.pretokenizers : [pre];
  return list.find((p) => p.type === "Split").pattern.Regex;
}

// The reference's rewrites of a Regex pattern before compiling it with "gu".
const bloomSplit = ".,!?\u2026\u3002\uff0c\u3001\u0964\u06d4\u060c";
function referenceRewrite(pattern) {
  let s = pattern.replace(/\\([#&~])/g, "$1");
  s = s.replaceAll("(?i:'s|'t|'re|'ve|'m|'ll|'d)",
                   "(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))");
  s = s.replaceAll(` ?[^(\\s|[${bloomSplit}])]+`, ` ?[^\\s${bloomSplit}]+`);
  return s;
}
const escapeString = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// [pattern as compiled by the C++ regex, JavaScript source, JavaScript flags]. Where node
// has no equivalent syntax ((?i: groups), the JavaScript form sets the i flag instead.
const patterns = [
  [gpt2],
  [splitPattern("llama3")],
  [splitPattern("qwen3")],
  [o200k],
  ["\\p{N}"],
  [escapeString(" ")],
  [escapeString("\u2581")],
  [escapeString("a.b(c)")],
  [escapeString("\r\n")],
  ["[^\\d]+|\\d+"],
  ["[^\\d]+|\\d"],
  ["\\w+|\\W"],
  ["\\b\\w+\\b"],
  ["\\B.\\B"],
  ["^\\s+|\\s+$"],
  ["^.|.$"],
  ["a*?b|x{2,3}|[\\u0400-\\u04FF]+"],
  ["(?=\\d)\\w+|(?!un)\\p{L}{2,}"],
  ["[\\p{Lu}\\p{Lt}]+|\\P{L}+"],
  ["(a|ab)(c|bcd)(d*)|[^]"],
  ["(?:q*)*z|(?:x|)+y|(?:)"],
  [""],
  ["\\u{1F600}|\\uD83C\\uDF55|[😀-🙏]+|\\p{So}"],
  ["\\p{Letter}+|\\p{Nd}|\\p{gc=Punctuation}+|\\p{General_Category=Zs}"],
  ["[\\p{Mn}\\p{Mc}]+|\\p{Lo}{1,2}?"],
  ["\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+|\\S+?"],
  ["(?i:s|k|ǆ)+", "(?:s|k|ǆ)+", "giu"],
  ["(?i:[a-z]+)|(?i:\\W)", "(?:[a-z]+)|(?:\\W)", "giu"],
  ["(?i:\\p{Lu}+)", "(?:\\p{Lu}+)", "giu"],
  ["(?i:[^a-z\\s]+)", "(?:[^a-z\\s]+)", "giu"],
  ["(?i:straße|µ)", "(?:straße|µ)", "giu"],
  ["x\\#y|\\&|\\~"],
  ["\\x41|\\u0042|\\cJ|\\t|[\\b]|\\0|\\.|\\/"],
  ["[\\s\\S]{1,5}?\\s"],
  ["\\D+|\\S{3}|\\W+"],
  [".+?(?=\\s|$)"],
];

function jsRegExp([ours, js, flags]) {
  return new RegExp(js ?? referenceRewrite(ours), flags ?? "gu");
}

// Byte offset in UTF-8 of each UTF-16 index of s.
function byteOffsets(s) {
  const off = new Array(s.length + 1);
  let b = 0;
  for (let i = 0; i < s.length; ) {
    off[i] = b;
    const cp = s.codePointAt(i);
    const units = cp > 0xffff ? 2 : 1;
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += units;
  }
  off[s.length] = b;
  return off;
}

function esc(s) {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || [0x2028, 0x2029, 0xfeff].includes(cp))
      out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out;
}

// Random patterns from a set of tokens, each with a random text: mostly nonsense, which is
// the point - they reach corners of the engine that tokenizer patterns do not. Patterns
// JavaScript rejects are skipped, and so are results with a match inside a surrogate pair
// (V8 finds \B there, which UTF-8 text cannot express). Half run in a (?i: ) group, which
// node 20 cannot parse, so node runs the group's body with the i flag instead.
const randomTokens = ["a", "b", "\\s", "\\S", "\\p{L}", "\\P{N}", "[^a\\d]", "[a-c]", "(", "(?:",
  "(?=", "(?!", ")", "|", "*", "+", "?", "*?", "+?", "??", "{1,3}", "{2}", "{0,2}?", "^", "$",
  "\\b", "\\B", ".", "x", "k", "s", "'", "é", "\\u{41}", "[\\p{Lu}\\W]", "\\w", "\\d", "[^]",
  "[\\s\\S]", "(?<n>"];
const randomChars = ["a", "b", "A", "x", "K", "k", "s", "S", "ſ", "É", " ", "\n", "\r", "1", "'",
  "é", "_", "\u212A", "😀", "Ж"];

function randomCases(lines) {
  const next = rng(7);
  const pick = (list) => list[Math.floor(next() * list.length)];
  for (let made = 0; made < 3000; ) {
    let body = "";
    for (let k = 1 + Math.floor(next() * 9); k > 0; --k) body += pick(randomTokens);
    let text = "";
    for (let k = Math.floor(next() * 14); k > 0; --k) text += pick(randomChars);
    const icase = made % 2 === 1;
    let re;
    try {
      re = new RegExp(body, icase ? "giu" : "gu");
      if (icase) new RegExp(`(?:${body})`, "u");
    } catch {
      continue;
    }
    const off = byteOffsets(text);
    const found = [...text.matchAll(re)];
    if (found.some((m) => off[m.index] === undefined || off[m.index + m[0].length] === undefined)) {
      continue;
    }
    const spans = found.map((m) => `${off[m.index]}:${off[m.index + m[0].length]}`).join(" ");
    lines.push(`random ${esc(icase ? `(?i:${body})` : body)}\t${esc(text)}\t${spans}`);
    ++made;
  }
}

function writeRegex() {
  const lines = [
    "# Generated by tools/gen-text-vectors.mjs with node " + process.version + ".",
    "# text <id> <escaped text>; pattern <escaped pattern as the C++ regex compiles it>;",
    "# js <flags> <escaped JavaScript source that produced the matches>;",
    "# matches <text id> <begin>:<end>... (UTF-8 byte offsets, as String.matchAll finds them).",
    "# Escapes: \\\\ \\n \\r \\t \\u{hex}.",
  ];
  texts.forEach((t, i) => lines.push(`text ${i} ${esc(t)}`));
  for (const p of patterns) {
    const re = jsRegExp(p);
    lines.push(`pattern ${esc(p[0])}`);
    lines.push(`js ${re.flags} ${esc(re.source)}`);
    texts.forEach((t, i) => {
      const off = byteOffsets(t);
      const spans = [...t.matchAll(re)].map((m) => `${off[m.index]}:${off[m.index + m[0].length]}`);
      lines.push(`matches ${i}${spans.length ? " " + spans.join(" ") : ""}`);
    });
  }
  lines.push("# random <escaped pattern>\\t<escaped text>\\t<begin>:<end>...");
  randomCases(lines);
  fs.writeFileSync(path.join(outDir, "regex.txt"), lines.join("\n") + "\n");
}

const hex = (s) => [...s].map((c) => c.codePointAt(0).toString(16).toUpperCase()).join(" ");
const forms = ["NFC", "NFD", "NFKC", "NFKD"];
const normLine = (s) => [s, ...forms.map((f) => s.normalize(f))].map(hex).join(";");

// Deterministic generator (mulberry32) so reruns give the same file.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCodePoint(next) {
  const pools = [
    [0x0300, 0x036f], [0x0591, 0x05c7], [0x0610, 0x065f], [0x0900, 0x097f], [0x0b00, 0x0b7f],
    [0x0f00, 0x0fff], [0x1dc0, 0x1dff], [0x20d0, 0x20ff], [0x1100, 0x11ff], [0xac00, 0xd7a3],
    [0x3130, 0x318f], [0x0041, 0x007a], [0x00c0, 0x024f], [0x1e00, 0x1fff], [0xfb00, 0xfb4f],
    [0xff00, 0xffef], [0x2460, 0x24ff], [0x3200, 0x33ff], [0x1d400, 0x1d7ff], [0x0, 0x2ffff],
  ];
  for (;;) {
    const [lo, hi] = pools[Math.floor(next() * pools.length)];
    const cp = lo + Math.floor(next() * (hi - lo + 1));
    if (cp < 0xd800 || cp > 0xdfff) return cp;
  }
}

function writeNormalize() {
  const curated = [
    "", "abc", "한국어", "\u1112\u1161\u11AB", "가\u11A8", "\u1100\u1161\u11A8", "\u1100\uAC00",
    "a\u0301\u0323", "a\u0323\u0301", "q\u0307\u0323", "\u1E0B\u0323", "\u1E9B\u0323",
    "ﬁ ﬂ ﬃ", "ＡＢＣ１２３", "x² H₂O", "①", "㍿", "ﷺ", "\u212B", "\u2126", "\u0958",
    "\u0344", "ǖ", "ᾈ", "Tiếng Việt", "Tie\u0302\u0301ng Vie\u0323\u0302t", "\u0F73",
    "\u0B47\u0B3E", "\u09C7\u09BE", "ㄱㅏ", "ﾊﾟ", "\uFF76\uFF9E", "e\u0301\u0301", "\u0301a",
    "\u0327\u0301", "Å", "A\u030A", "\u0041\u0328\u0301\u0302", "ẞ ß", "ǅ", "Ǆ", "ﬀ",
    "\u00C5\u0327", "\u0061\u05B4\u05B0", "\u1E63\u0307", "\u0073\u0323\u0307", "a\uFFFDb",
  ];
  const lines = [
    "# Generated by tools/gen-text-vectors.mjs with node " + process.version +
      " (ICU " + process.versions.icu + ", Unicode " + process.versions.unicode + ").",
    "# <input>;<NFC>;<NFD>;<NFKC>;<NFKD>, each as hexadecimal code points.",
  ];
  for (const s of curated) lines.push(normLine(s));
  for (const [, t] of udhr) {
    lines.push(normLine(t), normLine(t.normalize("NFD")), normLine(t.normalize("NFKD")));
  }
  for (let cp = 0; cp <= 0x10ffff; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    if (forms.some((f) => s.normalize(f) !== s)) lines.push(normLine(s));
  }
  const next = rng(20240601);
  for (let i = 0; i < 4000; ++i) {
    const n = 1 + Math.floor(next() * 8);
    let s = "";
    for (let k = 0; k < n; ++k) s += String.fromCodePoint(randomCodePoint(next));
    lines.push(normLine(s));
  }
  fs.writeFileSync(path.join(outDir, "normalize.txt"), lines.join("\n") + "\n");
}

const categories = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
  "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
  "Cn"];

function writeProperties() {
  const lines = [
    "# Generated by tools/gen-text-vectors.mjs with node " + process.version +
      " (ICU " + process.versions.icu + ", Unicode " + process.versions.unicode + ").",
    "# gc <first> <last> <category>: RegExp \\p{..} for every code point, as ranges;",
    "# ws <first> <last>: the code points RegExp \\s matches;",
    "# fold <a> <b> <0|1>: whether /^a$/iu matches b (b: a's upper or lower case forms).",
  ];
  const byCategory = new RegExp(categories.map((c) => `(\\p{${c}})`).join("|"), "u");
  const ranges = (pred, emit) => {
    let start = 0;
    let prev = pred(0);
    for (let cp = 1; cp <= 0x110000; ++cp) {
      const v = cp <= 0x10ffff ? pred(cp) : null;
      if (v !== prev) {
        if (prev !== false) emit(start, cp - 1, prev);
        start = cp;
        prev = v;
      }
    }
  };
  const h = (cp) => cp.toString(16).toUpperCase();
  ranges((cp) => categories[byCategory.exec(String.fromCodePoint(cp)).slice(1).findIndex((g) => g !== undefined)],
         (a, b, c) => lines.push(`gc ${h(a)} ${h(b)} ${c}`));
  ranges((cp) => /^\s$/u.test(String.fromCodePoint(cp)), (a, b) => lines.push(`ws ${h(a)} ${h(b)}`));
  for (let cp = 0; cp <= 0x10ffff; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    const candidates = new Set();
    for (const t of [s.toLowerCase(), s.toUpperCase(), s.toUpperCase().toLowerCase(),
                     s.toLowerCase().toUpperCase()]) {
      if ([...t].length === 1 && t !== s) candidates.add(t);
    }
    for (const t of candidates) {
      const re = new RegExp(`^${escapeString(s)}$`, "iu");
      lines.push(`fold ${h(cp)} ${h(t.codePointAt(0))} ${re.test(t) ? 1 : 0}`);
    }
  }
  fs.writeFileSync(path.join(outDir, "properties.txt"), lines.join("\n") + "\n");
}

fs.mkdirSync(outDir, { recursive: true });
writeRegex();
writeNormalize();
writeProperties();
