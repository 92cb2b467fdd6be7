// A Split/Replace pattern of tokenizer.json: {"String": s} (a literal) or {"Regex": r}.
// Matching follows a JavaScript /gu regular expression on UTF-8 text, with byte offsets.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf::tokenizer::detail {

struct pattern_match {
    std::size_t begin = 0;
    std::size_t end = 0;
};

class pattern {
  public:
    static pattern literal(std::string text);
    // Compiles `source` with regex::compile (which applies the reference's rewrites of
    // Python-style patterns).
    static result<pattern> regex(std::string_view source);

    // The first match that starts at or after `pos`, if any.
    bool search(std::string_view text, std::size_t pos, pattern_match& m) const;
    // True when a regex has capturing groups (JS split would return their text too).
    bool has_captures() const noexcept;
    bool is_literal() const noexcept { return !compiled_; }
    const std::string& literal_text() const noexcept { return literal_; }

  private:
    struct compiled;
    std::string literal_;
    std::shared_ptr<const compiled> compiled_;
};

// Calls f(begin, end) for every match of p in text as JS matchAll does (after an empty match
// the search resumes one code point further on).
template <typename F>
void for_each_match(const pattern& p, std::string_view text, F&& f);

std::size_t next_code_point(std::string_view text, std::size_t pos) noexcept;

// text.replaceAll(p, content) in JavaScript: every match replaced by `content`, in which
// $$, $&, $` and $' stand for "$", the match, the text before it and the text after it.
std::string replace_matches(const pattern& p, std::string_view text, std::string_view content);

template <typename F>
void for_each_match(const pattern& p, std::string_view text, F&& f) {
    std::size_t pos = 0;
    pattern_match m;
    while (pos <= text.size() && p.search(text, pos, m)) {
        f(m.begin, m.end);
        pos = m.end > m.begin ? m.end : next_code_point(text, m.end);
    }
}

}  // namespace ringperf::tokenizer::detail
