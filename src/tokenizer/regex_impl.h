// Internals of the regex engine: the parsed pattern, the backtracking program and the
// hand-written matchers. Not part of the public API.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/tokenizer/regex.h"

namespace ringperf::tokenizer::rx {

using code_range = std::pair<char32_t, char32_t>;  // inclusive

// A set of code points: sorted disjoint ranges plus a mask of general categories
// (bit i = unicode::category i). Under `icase` a code point matches when it or one of its
// case variants is in the set; `invert` is applied after that, as JavaScript does.
struct char_class {
    std::vector<code_range> ranges;
    std::uint32_t categories = 0;
    bool invert = false;
    bool icase = false;
    std::array<std::uint64_t, 2> ascii{};  // final answer for code points < 128

    bool contains_raw(char32_t cp) const noexcept;
    bool matches(char32_t cp) const noexcept {
        if (cp < 128) return (ascii[cp >> 6] >> (cp & 63U)) & 1U;
        return matches_slow(cp);
    }
    bool matches_slow(char32_t cp) const noexcept;
    // Sorts and merges ranges and fills `ascii`.
    void finish();
};

// Sorts and merges overlapping or adjacent ranges.
void normalize_ranges(std::vector<code_range>& ranges);
// The code points in [0, 0x10FFFF] not in `ranges` (sorted and merged).
std::vector<code_range> complement(const std::vector<code_range>& ranges);
// \s, \w (with U+017F and U+212A under icase, as JavaScript's `iu` adds them) and \d.
std::vector<code_range> whitespace_ranges();
std::vector<code_range> word_ranges(bool icase);
std::vector<code_range> digit_ranges();
// Adds the set a \p{name} names to `c` (complemented for \P{..}); false when the name is
// not a supported property.
bool add_property(std::string_view name, bool negated, char_class& c);
bool is_word_char(char32_t cp, bool icase) noexcept;

enum class node_kind : std::uint8_t {
    empty,
    chars,
    seq,
    alt,
    repeat,
    bol,
    eol,
    word_boundary,
    not_word_boundary,
    look_ahead,
    negative_look_ahead
};

inline constexpr std::uint32_t unbounded = 0xFFFFFFFFU;

struct node {
    node_kind kind = node_kind::empty;
    std::vector<std::uint32_t> kids;  // seq, alt: all; repeat, lookaheads: one
    std::uint32_t cls = 0;            // chars: index into pattern_ast::classes
    std::uint32_t min = 0, max = 0;   // repeat
    bool greedy = true;               // repeat
    bool icase = false;               // word boundaries
};

struct pattern_ast {
    std::vector<node> nodes;
    std::vector<char_class> classes;
    std::uint32_t root = 0;
    std::uint32_t captures = 0;  // capturing groups, plain "( )" and named
};

// Parses `pattern` (already rewritten); errors name `display` (the pattern as the user
// gave it) and the byte offset of the problem.
result<pattern_ast> parse(std::string_view pattern, std::string_view display);

// A canonical text form of the parsed pattern: equal for patterns that match the same way
// whatever their spelling (\p{L} or \p{Letter}, capturing or not).
std::string canonical_form(const pattern_ast& ast);

enum class op : std::uint8_t {
    codepoint,  // x: the code point
    cls,        // x: class index
    split,      // try x first, then y
    jmp,        // x
    mark,       // reg[x] = pos
    progress,   // fail when pos == reg[x]
    bol,
    eol,
    word_boundary,  // x: icase
    not_word_boundary,
    look,  // body at x, continue at y, z: negative
    match,
};

struct inst {
    op code = op::match;
    std::uint8_t z = 0;
    std::uint32_t x = 0, y = 0;
};

struct program {
    std::vector<inst> code;
    std::vector<char_class> classes;
    std::uint32_t registers = 0;
    bool nullable = true;              // can match the empty string
    std::vector<std::uint32_t> first;  // classes one of which holds any first character
    std::array<std::uint64_t, 2> first_ascii{};
    bool first_non_ascii = true;  // a non-ASCII code point may start a match
};

// Compiles the AST into a backtracking program. Errors name `display`.
result<program> compile_program(const pattern_ast& ast, std::string_view display);

std::optional<regex_match> generic_search(const program& p, std::string_view text, std::size_t pos);

// Hand-written matchers: the match that starts exactly at pos (pos < text.size()), which
// for these patterns always exists. Return the end offset.
std::size_t match_gpt2(std::string_view text, std::size_t pos) noexcept;
std::size_t match_llama3(std::string_view text, std::size_t pos) noexcept;
std::size_t match_qwen2(std::string_view text, std::size_t pos) noexcept;
std::size_t match_o200k(std::string_view text, std::size_t pos) noexcept;
// The first number character at or after pos, as a match.
std::optional<regex_match> search_number(std::string_view text, std::size_t pos) noexcept;

}  // namespace ringperf::tokenizer::rx
