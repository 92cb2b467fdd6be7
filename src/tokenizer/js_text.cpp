#include "js_text.h"

#include "ringperf/tokenizer/unicode.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::detail {

bool js_space(char32_t c) noexcept {
    return unicode::is_js_whitespace(c);
}

std::string_view js_trim_start(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const decoded d = decode_utf8(s, i);
        if (!js_space(d.cp)) break;
        i += d.length;
    }
    return s.substr(i);
}

std::string_view js_trim_end(std::string_view s) noexcept {
    std::size_t end = s.size();
    while (end > 0) {
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0U) == 0x80U)
            --start;
        const decoded d = decode_utf8(s, start);
        if (start + d.length != end || !js_space(d.cp)) break;
        end = start;
    }
    return s.substr(0, end);
}

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(s.size());
    if (from.empty()) {
        out.append(to);
        for (std::size_t i = 0; i < s.size();) {
            const std::uint32_t n = decode_utf8(s, i).length;
            out.append(s.substr(i, n)).append(to);
            i += n;
        }
        return out;
    }
    std::size_t pos = 0;
    for (;;) {
        const std::size_t hit = s.find(from, pos);
        if (hit == std::string_view::npos) break;
        out.append(s.substr(pos, hit - pos)).append(to);
        pos = hit + from.size();
    }
    out.append(s.substr(pos));
    return out;
}

namespace {

// Length of the valid prefix of a sequence starting with lead byte b0 (WHATWG bounds on the
// second byte), or 0 when b0 cannot start one.
std::size_t whatwg_sequence(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t need = 0;
    unsigned lower = 0x80;
    unsigned upper = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1, cp = b0 & 0x1FU;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2, cp = b0 & 0x0FU;
        if (b0 == 0xE0) lower = 0xA0;
        if (b0 == 0xED) upper = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3, cp = b0 & 0x07U;
        if (b0 == 0xF0) lower = 0x90;
        if (b0 == 0xF4) upper = 0x8F;
    } else {
        return 0;
    }
    std::size_t k = 1;
    for (; k <= need && i + k < s.size(); ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < lower || b > upper) break;
        lower = 0x80, upper = 0xBF;
        cp = (cp << 6) | (b & 0x3FU);
    }
    // k - 1 continuation bytes were valid; a complete sequence has need of them.
    return k - 1 == need ? k : k | (std::size_t{1} << 63);
}

}  // namespace

void append_decoded_bytes(std::string& out, std::string_view bytes, bool strip_bom) {
    std::size_t i = 0;
    if (strip_bom && bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < bytes.size()) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        if (b0 < 0x80) {
            out.push_back(static_cast<char>(b0));
            ++i;
            continue;
        }
        char32_t cp = 0;
        const std::size_t r = whatwg_sequence(bytes, i, cp);
        if (r == 0) {
            append_utf8(out, replacement_char);
            ++i;
        } else if ((r >> 63) != 0) {
            append_utf8(out, replacement_char);
            i += r & ~(std::size_t{1} << 63);
        } else {
            append_utf8(out, cp);
            i += r;
        }
    }
}

std::string sanitize_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const decoded d = decode_utf8(text, i);
        if (d.length == 1 && d.cp == replacement_char) {
            append_utf8(out, replacement_char);
        } else {
            out.append(text.substr(i, d.length));
        }
        i += d.length;
    }
    return out;
}

}  // namespace ringperf::tokenizer::detail
