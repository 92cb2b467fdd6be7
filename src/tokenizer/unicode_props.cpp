#include "unicode_props.h"

#include "ringperf/tokenizer/unicode.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::detail {

namespace {

using unicode::category;

bool cased_letter(char32_t c) {
    const category g = unicode::general_category(c);
    return g == category::Lu || g == category::Ll || g == category::Lt;
}

// Greek capital sigma lowercases to final sigma at the end of a word: after a cased letter
// (skipping marks) and not before one.
bool final_sigma(std::string_view s, std::size_t at, std::size_t len) {
    bool before = false;
    for (std::size_t i = at; i > 0;) {
        std::size_t start = i - 1;
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0U) == 0x80U)
            --start;
        const char32_t c = decode_utf8(s, start).cp;
        if (!unicode::is_mark(c)) {
            before = cased_letter(c);
            break;
        }
        i = start;
    }
    if (!before) return false;
    for (std::size_t i = at + len; i < s.size();) {
        const decoded d = decode_utf8(s, i);
        if (!unicode::is_mark(d.cp)) return !cased_letter(d.cp);
        i += d.length;
    }
    return true;
}

// The lowercase of a code point that is not lowercase already: its simple case folding,
// which equals the lowercase mapping for every upper- and titlecase letter but Cherokee
// (whose folding goes to uppercase).
char32_t lower_of(char32_t c) {
    if (c >= 0x13A0 && c <= 0x13EF) return c - 0x13A0 + 0xAB70;
    if (c >= 0x13F0 && c <= 0x13F5) return c + 8;
    if (unicode::general_category(c) == category::Ll) return c;
    return unicode::simple_case_fold(c);
}

}  // namespace

bool reference_punctuation(char32_t c) noexcept {
    if (c < 0x80) {
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
               (c >= 0x7B && c <= 0x7E);
    }
    const auto g = static_cast<int>(unicode::general_category(c));
    return g >= static_cast<int>(category::Pc) && g <= static_cast<int>(category::Po);
}

bool unicode_mark(char32_t c) noexcept {
    return unicode::is_mark(c);
}

std::string unicode_normalize(std::string_view text, int form) {
    static constexpr unicode::form forms[] = {unicode::form::nfc, unicode::form::nfd,
                                              unicode::form::nfkc, unicode::form::nfkd};
    return unicode::normalize(text, forms[form & 3]);
}

bool unicode_is_normalized(std::string_view text, int form) {
    static constexpr unicode::form forms[] = {unicode::form::nfc, unicode::form::nfd,
                                              unicode::form::nfkc, unicode::form::nfkd};
    return unicode::is_normalized(text, forms[form & 3]);
}

std::string js_to_lower(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const decoded d = decode_utf8(text, i);
        if (d.cp == 0x130) {
            out += "i\xCC\x87";  // İ -> i + COMBINING DOT ABOVE
        } else if (d.cp == 0x3A3) {
            append_utf8(out, final_sigma(text, i, d.length) ? 0x3C2 : 0x3C3);
        } else {
            append_utf8(out, lower_of(d.cp));
        }
        i += d.length;
    }
    return out;
}

}  // namespace ringperf::tokenizer::detail
