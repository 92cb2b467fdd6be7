#include "byte_level.h"

namespace ringperf::tokenizer::detail {

namespace {

constexpr bool printable(unsigned b) {
    return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

byte_level_tables build() {
    byte_level_tables t;
    char32_t next = 256;
    for (unsigned b = 0; b < 256; ++b) {
        const char32_t c = printable(b) ? char32_t{b} : next++;
        t.to_char[b] = c;
        if (c < 0x80) {
            t.utf8[b] = {static_cast<char>(c), 0};
            t.utf8_len[b] = 1;
        } else {
            t.utf8[b] = {static_cast<char>(0xC0U | (c >> 6)),
                         static_cast<char>(0x80U | (c & 0x3FU))};
            t.utf8_len[b] = 2;
        }
    }
    return t;
}

}  // namespace

const byte_level_tables& byte_level() noexcept {
    static const byte_level_tables tables = build();
    return tables;
}

int byte_level_byte(char32_t c) noexcept {
    if (c < 256) return printable(static_cast<unsigned>(c)) ? static_cast<int>(c) : -1;
    if (c >= 256 + 68) return -1;
    // Characters from 256 up stand for the non-printable bytes in increasing order.
    unsigned n = static_cast<unsigned>(c) - 256;
    for (unsigned b = 0; b < 256; ++b) {
        if (printable(b)) continue;
        if (n == 0) return static_cast<int>(b);
        --n;
    }
    return -1;
}

void append_byte_level(std::string& out, std::string_view bytes) {
    const byte_level_tables& t = byte_level();
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        out.append(t.utf8[b].data(), t.utf8_len[b]);
    }
}

}  // namespace ringperf::tokenizer::detail
