#!/usr/bin/env python3
"""Generates src/tokenizer/unicode_tables.cpp from Python's `unicodedata`.

The tables give general categories, canonical combining classes, normalization quick-check
flags, full (recursively expanded) canonical and compatibility decompositions, primary
composition pairs and simple case folding for src/tokenizer/unicode.cpp.

The Unicode version is whatever the running Python's `unicodedata.unidata_version` is (the
checked-in file names it in its header). Node's ICU, which the reference implementation's
`String.prototype.normalize` and RegExp `\\p{..}` use, may be newer: characters assigned
after that version are unassigned (Cn) here and are left alone by normalization.

Usage: tools/gen-unicode-tables.py [output path]   (default: src/tokenizer/unicode_tables.cpp)
"""

import os
import sys
import unicodedata

MAX_CP = 0x110000
BLOCK = 256

CATEGORIES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
              "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc",
              "Cf", "Cs", "Co", "Cn"]

# Quick-check flag bits; unicode.cpp mirrors them.
NFD_NO, NFKD_NO, NFC_NO, NFC_MAYBE, NFKC_NO, NFKC_MAYBE = 1, 2, 4, 8, 16, 32

HANGUL_S_BASE, HANGUL_S_COUNT = 0xAC00, 11172

# General categories that Unicode versions after Python's changed for characters Python
# already knows, as the reference's newer ICU reports them. Only applied when Python's
# version predates the change.
LATER_CATEGORIES = {
    0x0295: ("Lo", (16, 0)),   # LATIN LETTER PHARYNGEAL VOICED FRICATIVE, Ll before 16.0
    0x1171E: ("Mc", (15, 0)),  # AHOM CONSONANT SIGN MEDIAL RA, Mn before 15.0
}


def is_hangul_syllable(cp):
    return HANGUL_S_BASE <= cp < HANGUL_S_BASE + HANGUL_S_COUNT


def two_level(values, ctype, name):
    """Splits a per-code-point list into a block index and deduplicated blocks."""
    blocks, index, seen = [], [], {}
    for start in range(0, MAX_CP, BLOCK):
        block = tuple(values[start:start + BLOCK])
        if block not in seen:
            seen[block] = len(blocks)
            blocks.append(block)
        index.append(seen[block])
    assert len(blocks) < 65536
    out = [f"const std::uint16_t {name}_index[{len(index)}] = {{"]
    out += wrap(index)
    out.append("};")
    flat = [v for b in blocks for v in b]
    out.append(f"const {ctype} {name}_blocks[{len(flat)}] = {{")
    out += wrap(flat)
    out.append("};")
    return out


def wrap(values, per_line=24):
    text = [str(v) for v in values]
    return [" " + ",".join(text[i:i + per_line]) + "," for i in range(0, len(text), per_line)]


def category(cp):
    later = LATER_CATEGORIES.get(cp)
    version = tuple(int(x) for x in unicodedata.unidata_version.split(".")[:2])
    if later and version < later[1]:
        return later[0]
    return unicodedata.category(chr(cp))


def canonical_mapping(c):
    d = unicodedata.decomposition(c)
    if not d or d.startswith("<"):
        return None
    return [int(x, 16) for x in d.split()]


def simple_fold(c):
    """Simple case folding (CaseFolding.txt statuses C and S), derived from full folding."""
    full = c.casefold()
    if len(full) == 1:
        return ord(full)
    lower = c.lower()
    if len(lower) == 1 and lower != c:
        return ord(lower)
    return ord(c)


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "src", "tokenizer", "unicode_tables.cpp")
    gc, norm, decomp_index = [], [0] * MAX_CP, [0] * MAX_CP
    pool, entries = [], [(0, 0, 0, 0)]
    pairs, seconds = [], set()
    folds = []
    for cp in range(MAX_CP):
        c = chr(cp)
        gc.append(CATEGORIES.index(category(cp)))
        if 0xD800 <= cp <= 0xDFFF:
            continue
        m = canonical_mapping(c)
        if m and len(m) == 2 and unicodedata.normalize("NFC", c) == c:
            pairs.append((m[0], m[1], cp))
            seconds.add(m[1])
        f = simple_fold(c)
        if f != cp:
            folds.append((cp, f))
    seconds.update(range(0x1161, 0x1176))  # Hangul vowels and trailing consonants compose
    seconds.update(range(0x11A8, 0x11C3))
    for cp in range(MAX_CP):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        nfd, nfkd = unicodedata.normalize("NFD", c), unicodedata.normalize("NFKD", c)
        flags = 0
        if nfd != c:
            flags |= NFD_NO
        if nfkd != c:
            flags |= NFKD_NO
        if unicodedata.normalize("NFC", c) != c:
            flags |= NFC_NO
        elif cp in seconds:
            flags |= NFC_MAYBE
        if unicodedata.normalize("NFKC", c) != c:
            flags |= NFKC_NO
        elif cp in seconds:
            flags |= NFKC_MAYBE
        norm[cp] = unicodedata.combining(c) | (flags << 8)
        if (nfd != c or nfkd != c) and not is_hangul_syllable(cp):
            canon = [ord(x) for x in nfd] if nfd != c else []
            compat = [ord(x) for x in nfkd] if nfkd != c else []
            entry = (len(pool), len(canon), len(pool) + len(canon), len(compat))
            pool += canon + compat
            decomp_index[cp] = len(entries)
            entries.append(entry)
    assert len(pool) < 65536 and len(entries) < 65536
    assert all(e[1] < 256 and e[3] < 256 for e in entries)
    pairs.sort()
    folds.sort()
    orbit = sorted((f, cp) for cp, f in folds)
    sizes = {}
    for f, _ in orbit:
        sizes[f] = sizes.get(f, 1) + 1
    assert max(sizes.values()) <= 4  # unicode.h: max_case_variants + 1

    lines = [
        "// Generated by tools/gen-unicode-tables.py from Unicode "
        f"{unicodedata.unidata_version} (Python {sys.version.split()[0]} unicodedata).",
        "// Do not edit. Node's ICU may implement a newer Unicode version: characters assigned",
        "// after this one are unassigned (Cn) here and pass through normalization unchanged.",
        '#include "unicode_tables.h"',
        "",
        "namespace ringperf::tokenizer::unicode::tables {",
        "",
        f'const char unicode_version[] = "{unicodedata.unidata_version}";',
        "",
    ]
    lines += two_level(gc, "std::uint8_t", "category")
    lines += two_level(norm, "std::uint16_t", "norm")
    lines += two_level(decomp_index, "std::uint16_t", "decomp")
    lines.append(f"const decomp_entry decomp_entries[{len(entries)}] = {{")
    lines += wrap([f"{{{a},{b},{c},{d}}}" for a, b, c, d in entries], 8)
    lines.append("};")
    lines.append(f"const char32_t decomp_pool[{len(pool)}] = {{")
    lines += wrap(pool, 16)
    lines.append("};")
    lines.append(f"const composition compositions[{len(pairs)}] = {{")
    lines += wrap([f"{{{a},{b},{c}}}" for a, b, c in pairs], 6)
    lines.append("};")
    lines.append(f"const std::size_t composition_count = {len(pairs)};")
    lines.append(f"const fold_pair case_folds[{len(folds)}] = {{")
    lines += wrap([f"{{{a},{b}}}" for a, b in folds], 10)
    lines.append("};")
    lines.append(f"const fold_pair fold_orbits[{len(orbit)}] = {{")
    lines += wrap([f"{{{a},{b}}}" for a, b in orbit], 10)
    lines.append("};")
    lines.append(f"const std::size_t case_fold_count = {len(folds)};")
    lines += ["", "}  // namespace ringperf::tokenizer::unicode::tables", ""]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
