#include "ringperf/tokenizer/unicode.h"

#include <algorithm>
#include <vector>

#include "ringperf/tokenizer/utf8.h"
#include "unicode_tables.h"

namespace ringperf::tokenizer::unicode {

namespace t = tables;

namespace {

constexpr char32_t max_code_point = 0x10FFFF;

constexpr char32_t hangul_s_base = 0xAC00;
constexpr char32_t hangul_l_base = 0x1100;
constexpr char32_t hangul_v_base = 0x1161;
constexpr char32_t hangul_t_base = 0x11A7;
constexpr char32_t hangul_l_count = 19;
constexpr char32_t hangul_v_count = 21;
constexpr char32_t hangul_t_count = 28;
constexpr char32_t hangul_n_count = hangul_v_count * hangul_t_count;
constexpr char32_t hangul_s_count = hangul_l_count * hangul_n_count;

std::uint16_t norm_props(char32_t cp) noexcept {
    if (cp > max_code_point) return 0;
    return t::norm_blocks[t::norm_index[cp >> 8] * 256U + (cp & 0xFFU)];
}

std::uint8_t combining_class(char32_t cp) noexcept {
    return static_cast<std::uint8_t>(norm_props(cp) & 0xFFU);
}

std::uint16_t quick_check_mask(form f) noexcept {
    switch (f) {
        case form::nfc:
            return t::nfc_no | t::nfc_maybe;
        case form::nfd:
            return t::nfd_no;
        case form::nfkc:
            return t::nfkc_no | t::nfkc_maybe;
        case form::nfkd:
            return t::nfkd_no;
    }
    return 0;
}

bool compat_form(form f) noexcept {
    return f == form::nfkc || f == form::nfkd;
}

bool composing_form(form f) noexcept {
    return f == form::nfc || f == form::nfkc;
}

void decompose(char32_t cp, bool compat, std::vector<char32_t>& out) {
    if (cp >= hangul_s_base && cp < hangul_s_base + hangul_s_count) {
        const char32_t s = cp - hangul_s_base;
        out.push_back(hangul_l_base + s / hangul_n_count);
        out.push_back(hangul_v_base + (s % hangul_n_count) / hangul_t_count);
        if (s % hangul_t_count != 0) out.push_back(hangul_t_base + s % hangul_t_count);
        return;
    }
    const std::uint16_t idx = t::decomp_blocks[t::decomp_index[cp >> 8] * 256U + (cp & 0xFFU)];
    if (idx == 0) {
        out.push_back(cp);
        return;
    }
    const t::decomp_entry& e = t::decomp_entries[idx];
    std::size_t offset = e.canon_offset;
    std::size_t length = e.canon_length;
    if (compat && e.compat_length != 0) offset = e.compat_offset, length = e.compat_length;
    if (length == 0) {
        out.push_back(cp);
        return;
    }
    out.insert(out.end(), t::decomp_pool + offset, t::decomp_pool + offset + length);
}

// Canonical ordering: a stable sort by combining class of every run of non-starters.
void reorder(std::vector<char32_t>& s) {
    for (std::size_t i = 1; i < s.size(); ++i) {
        const std::uint8_t cc = combining_class(s[i]);
        if (cc == 0) continue;
        std::size_t j = i;
        while (j > 0) {
            const std::uint8_t prev = combining_class(s[j - 1]);
            if (prev <= cc) break;
            std::swap(s[j - 1], s[j]);
            --j;
        }
    }
}

char32_t compose_pair(char32_t a, char32_t b) noexcept {
    if (a >= hangul_l_base && a < hangul_l_base + hangul_l_count && b >= hangul_v_base &&
        b < hangul_v_base + hangul_v_count) {
        return hangul_s_base +
               ((a - hangul_l_base) * hangul_v_count + (b - hangul_v_base)) * hangul_t_count;
    }
    if (a >= hangul_s_base && a < hangul_s_base + hangul_s_count &&
        (a - hangul_s_base) % hangul_t_count == 0 && b > hangul_t_base &&
        b < hangul_t_base + hangul_t_count) {
        return a + (b - hangul_t_base);
    }
    const t::composition* end = t::compositions + t::composition_count;
    const t::composition* it =
        std::lower_bound(t::compositions, end, a,
                         [](const t::composition& c, char32_t first) { return c.first < first; });
    for (; it != end && it->first == a; ++it) {
        if (it->second == b) return it->composite;
    }
    return 0;
}

// Canonical composition in place (UAX #15 section 1.3): each character combines with the
// last starter when nothing between them blocks it.
void compose(std::vector<char32_t>& s) {
    std::size_t starter = s.size();  // none yet
    int last_class = -1;
    std::size_t out = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t c = s[i];
        const std::uint16_t props = norm_props(c);
        const int cc = props & 0xFF;
        if (starter != s.size() && (props & t::nfc_maybe) != 0 &&
            (last_class < cc || last_class == 0)) {
            const char32_t composite = compose_pair(s[starter], c);
            if (composite != 0) {
                s[starter] = composite;
                continue;
            }
        }
        if (cc == 0) starter = out;
        last_class = cc;
        s[out++] = c;
    }
    s.resize(out);
}

}  // namespace

category general_category(char32_t cp) noexcept {
    if (cp > max_code_point) return category::Cn;
    return static_cast<category>(
        t::category_blocks[t::category_index[cp >> 8] * 256U + (cp & 0xFFU)]);
}

bool is_letter(char32_t cp) noexcept {
    return general_category(cp) <= category::Lo;
}

bool is_number(char32_t cp) noexcept {
    const category c = general_category(cp);
    return c >= category::Nd && c <= category::No;
}

bool is_mark(char32_t cp) noexcept {
    const category c = general_category(cp);
    return c >= category::Mn && c <= category::Me;
}

bool is_js_whitespace(char32_t cp) noexcept {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    if (cp == 0xFEFF) return true;
    const category c = general_category(cp);
    return c == category::Zs || c == category::Zl || c == category::Zp;
}

const char* unicode_version() noexcept {
    return t::unicode_version;
}

bool is_normalized(std::string_view utf8, form f) {
    const std::uint16_t mask = quick_check_mask(f);
    std::uint8_t last_class = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) {
            last_class = 0;
            ++i;
            continue;
        }
        const decoded d = decode_utf8(utf8, i);
        if (d.cp == replacement_char && d.length == 1) return false;
        const std::uint16_t props = norm_props(d.cp);
        const auto cc = static_cast<std::uint8_t>(props & 0xFFU);
        if ((props & mask) != 0 || (cc != 0 && last_class > cc)) return false;
        last_class = cc;
        i += d.length;
    }
    return true;
}

std::string normalize(std::string_view utf8, form f) {
    // A "maybe" answer from the quick check also lands here; the full algorithm then
    // reproduces the input when it was in fact normalized.
    if (is_normalized(utf8, f)) return std::string(utf8);
    std::vector<char32_t> buf;
    buf.reserve(utf8.size() + utf8.size() / 2);
    const bool compat = compat_form(f);
    for (std::size_t i = 0; i < utf8.size();) {
        const decoded d = decode_utf8(utf8, i);
        decompose(d.cp, compat, buf);
        i += d.length;
    }
    reorder(buf);
    if (composing_form(f)) compose(buf);
    std::string out;
    out.reserve(utf8.size() + 8);
    for (char32_t c : buf)
        append_utf8(out, c);
    return out;
}

char32_t simple_case_fold(char32_t cp) noexcept {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    const t::fold_pair* end = t::case_folds + t::case_fold_count;
    const t::fold_pair* it = std::lower_bound(
        t::case_folds, end, cp, [](const t::fold_pair& p, char32_t c) { return p.from < c; });
    return (it != end && it->from == cp) ? it->to : cp;
}

int case_variants(char32_t cp, char32_t (&out)[max_case_variants]) noexcept {
    const char32_t folded = simple_case_fold(cp);
    int n = 0;
    if (folded != cp) out[n++] = folded;
    const t::fold_pair* end = t::fold_orbits + t::case_fold_count;
    const t::fold_pair* it = std::lower_bound(
        t::fold_orbits, end, folded, [](const t::fold_pair& p, char32_t c) { return p.from < c; });
    for (; it != end && it->from == folded && n < max_case_variants; ++it) {
        if (it->to != cp) out[n++] = it->to;
    }
    return n;
}

}  // namespace ringperf::tokenizer::unicode
