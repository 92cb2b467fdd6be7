// Regular expressions with the matching behaviour of a JavaScript RegExp compiled with the
// flags "gu", as the reference implementation compiles a tokenizer.json Split pattern: text
// is read by code point, alternatives are tried in order and the first that lets the whole
// pattern match wins, quantifiers are greedy or lazy as written, lookaheads are atomic.
//
// Supported syntax (JavaScript `u` mode): literals and escapes (\t \n \r \v \f \0 \cX \xHH
// \uHHHH \u{H..} and escaped syntax characters), `.`, \d \D \w \W \s \S, \p{..} and \P{..}
// for general categories by short or long name (optionally as gc=.. or General_Category=..)
// and for Any, ASCII and Assigned, character classes with ranges and negation, groups ( ),
// (?: ), (?<name> ), case-insensitive groups (?i: ) and (?-i: ), alternation, the
// quantifiers ? * + {n} {n,} {n,m} and their lazy forms, ^ $ \b \B and the lookaheads (?= )
// and (?! ). Anything else - backreferences, lookbehind, other modifiers, script and binary
// properties - is a compile error. Capture groups only group: search() reports the span of
// the whole match.
//
// compile() applies the rewrites the reference makes to a Hugging Face pattern before it
// compiles it: `\#`, `\&` and `\~` lose their backslash, the contraction group
// `(?i:'s|'t|'re|'ve|'m|'ll|'d)` becomes the ASCII-only `(?:'([sS]|[tT]|[rR][eE]|...))`, and
// BLOOM's malformed pattern is replaced by the one it means.
//
// The pre-tokenizer patterns of well-known models (GPT-2, Llama 3, Qwen 2/3, GPT-4o/o200k,
// a lone \p{N}, plain literals) run on hand-written matchers that give the same matches as
// the generic backtracking engine, which serves every other pattern. Backtracking can take
// time exponential in the text length for pathological patterns, as in JavaScript.
//
// Thread-safety: a compiled regex is immutable; search() may run concurrently on any number
// of threads. search() does not allocate for the hand-written matchers; the generic engine
// reuses per-thread scratch memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf::tokenizer {

// A match as byte offsets into the searched text: [begin, end).
struct regex_match {
    std::size_t begin = 0, end = 0;
};

// Which matcher a compiled regex runs.
enum class regex_engine : std::uint8_t {
    generic,  // backtracking over the compiled program
    literal,  // a fixed string
    gpt2,     // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    llama3,   // Llama 3: ...|\p{N}{1,3}|...
    qwen2,    // Qwen 2/3: the Llama 3 pattern with \p{N}
    o200k,    // GPT-4o
    number,   // \p{N}
};

struct regex_options {
    // Run the generic engine even for a pattern a hand-written matcher recognises.
    bool generic_only = false;
};

class regex {
  public:
    // Compiles `pattern` (UTF-8). Errors name the pattern and the unsupported or malformed
    // construct with its byte offset in the pattern (after the rewrites above), e.g.
    // `regex "(?<=a)": unsupported lookbehind at offset 0`.
    static result<regex> compile(std::string_view pattern);
    static result<regex> compile(std::string_view pattern, regex_options options);

    // `literal` with every RegExp syntax character escaped, as the reference escapes a
    // Split or Replace pattern given as a String: compile(escape(s)) matches exactly s.
    static std::string escape(std::string_view literal);

    // The leftmost match that starts at a byte offset >= pos of UTF-8 `text`, or nullopt.
    // `pos` must be a code point boundary (<= text.size()). ^, $, \b and lookaheads see the
    // whole text, as JavaScript's lastIndex does. An empty match is returned as such; to
    // find the next match the caller advances past it by one code point. Malformed UTF-8
    // reads as one U+FFFD per bad byte.
    std::optional<regex_match> search(std::string_view text, std::size_t pos) const;

    regex_engine engine() const noexcept;
    // Whether the pattern, after the rewrites above, has capturing groups (plain or named);
    // a JavaScript split returns their text too.
    bool has_captures() const noexcept;
    // The pattern as given to compile().
    const std::string& pattern() const noexcept;

    regex(regex&&) noexcept;
    regex& operator=(regex&&) noexcept;
    ~regex();

    struct impl;

  private:
    explicit regex(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::tokenizer
