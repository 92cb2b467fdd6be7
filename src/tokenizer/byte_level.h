// GPT-2's byte-level alphabet: every byte maps to a printable character, so that any text
// becomes a string over 256 characters that a BPE vocabulary can cover.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringperf::tokenizer::detail {

struct byte_level_tables {
    std::array<char32_t, 256> to_char{};
    // UTF-8 form of to_char[b] (2 bytes at most), and its length.
    std::array<std::array<char, 2>, 256> utf8{};
    std::array<std::uint8_t, 256> utf8_len{};
};

const byte_level_tables& byte_level() noexcept;

// The byte a byte-level character stands for, or -1 for a character outside the alphabet.
int byte_level_byte(char32_t c) noexcept;

// Appends the byte-level form of `bytes`.
void append_byte_level(std::string& out, std::string_view bytes);

}  // namespace ringperf::tokenizer::detail
