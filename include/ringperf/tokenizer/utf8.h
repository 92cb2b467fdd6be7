// UTF-8 decoding and encoding for the tokenizer's text pipeline. Malformed input never
// stops decoding: each byte that does not start a valid sequence decodes as U+FFFD on its
// own, which is what the reference tokenizers do when they read such text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringperf::tokenizer {

inline constexpr char32_t replacement_char = U'\uFFFD';

// One decoded code point and the number of bytes it took (1..4).
struct decoded {
    char32_t cp = 0;
    std::uint32_t length = 0;
};

// Decodes the code point starting at s[pos]. Precondition: pos < s.size(). Overlong forms,
// surrogates, values above U+10FFFF and truncated sequences give {U+FFFD, 1}.
decoded decode_utf8(std::string_view s, std::size_t pos) noexcept;

// Appends the UTF-8 form of cp (U+FFFD for surrogates and values above U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

// Bytes the UTF-8 form of cp takes (1..4); 3 for values append_utf8 replaces.
std::uint32_t utf8_length(char32_t cp) noexcept;

// True when s is well-formed UTF-8.
bool valid_utf8(std::string_view s) noexcept;

}  // namespace ringperf::tokenizer
