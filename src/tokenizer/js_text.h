// The string operations of the reference pipeline, on UTF-8: JavaScript's whitespace set and
// trims, literal replace-all, and the WHATWG UTF-8 decoder the reference decodes bytes with.
#pragma once

#include <string>
#include <string_view>

namespace ringperf::tokenizer::detail {

// JavaScript's \s: WhiteSpace and LineTerminator code points.
bool js_space(char32_t c) noexcept;

std::string_view js_trim_start(std::string_view s) noexcept;
std::string_view js_trim_end(std::string_view s) noexcept;

// Replaces every non-overlapping occurrence of `from`, scanning left to right. An empty
// `from` inserts `to` at every code point boundary, as a JS empty pattern does.
std::string replace_all(std::string_view s, std::string_view from, std::string_view to);

// Decodes bytes to UTF-8 text as the WHATWG decoder does in replacement mode: each maximal
// invalid subsequence becomes one U+FFFD. With `strip_bom`, a leading EF BB BF is dropped.
void append_decoded_bytes(std::string& out, std::string_view bytes, bool strip_bom);

// `text` with each byte that does not start a valid UTF-8 sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

}  // namespace ringperf::tokenizer::detail
