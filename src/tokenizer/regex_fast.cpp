// Hand-written matchers for the pre-tokenizer patterns of well-known models. Each follows
// the order in which a backtracking engine tries the pattern's alternatives, so the first
// alternative that matches - not the longest - decides, exactly as in JavaScript. The
// comments name the alternative each branch stands for.
#include <array>

#include "regex_impl.h"
#include "ringperf/tokenizer/unicode.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::rx {

namespace {

using unicode::category;

enum : std::uint8_t {
    f_letter = 1,   // \p{L}
    f_number = 2,   // \p{N}
    f_space = 4,    // \s
    f_crlf = 8,     // [\r\n]
    f_upper = 16,   // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    f_lower = 32,   // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    f_other = 64,   // [^\s\p{L}\p{N}]
    f_slash = 128,  // '/'
};

constexpr std::array<std::uint8_t, 128> make_ascii_flags() {
    std::array<std::uint8_t, 128> t{};
    for (int c = 0; c < 128; ++c) {
        std::uint8_t f = 0;
        if (c >= 'a' && c <= 'z') {
            f = f_letter | f_lower;
        } else if (c >= 'A' && c <= 'Z') {
            f = f_letter | f_upper;
        } else if (c >= '0' && c <= '9') {
            f = f_number;
        } else if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
            f = f_space;
            if (c == '\r' || c == '\n') f |= f_crlf;
        } else {
            f = f_other;
            if (c == '/') f |= f_slash;
        }
        t[static_cast<std::size_t>(c)] = f;
    }
    return t;
}

constexpr std::array<std::uint8_t, 128> ascii_flags = make_ascii_flags();

constexpr std::array<std::uint8_t, unicode::category_count> make_category_flags() {
    std::array<std::uint8_t, unicode::category_count> t{};
    for (auto& f : t)
        f = f_other;
    auto set = [&t](category c, std::uint8_t f) { t[static_cast<std::size_t>(c)] = f; };
    set(category::Lu, f_letter | f_upper);
    set(category::Lt, f_letter | f_upper);
    set(category::Ll, f_letter | f_lower);
    set(category::Lm, f_letter | f_upper | f_lower);
    set(category::Lo, f_letter | f_upper | f_lower);
    set(category::Mn, f_other | f_upper | f_lower);
    set(category::Mc, f_other | f_upper | f_lower);
    set(category::Me, f_other | f_upper | f_lower);
    set(category::Nd, f_number);
    set(category::Nl, f_number);
    set(category::No, f_number);
    set(category::Zs, f_space);
    set(category::Zl, f_space);
    set(category::Zp, f_space);
    return t;
}

constexpr std::array<std::uint8_t, unicode::category_count> category_flags = make_category_flags();

struct ch {
    char32_t cp;
    std::uint32_t length;
    std::uint8_t flags;
};

inline std::uint8_t flags_of(char32_t cp) noexcept {
    if (cp < 0x80) return ascii_flags[cp];
    if (cp == 0xFEFF) return f_space;
    return category_flags[static_cast<std::size_t>(unicode::general_category(cp))];
}

inline ch at(std::string_view t, std::size_t i) noexcept {
    const auto b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) return {b, 1, ascii_flags[b]};
    const decoded d = decode_utf8(t, i);
    return {d.cp, d.length, flags_of(d.cp)};
}

// End of the run of characters having any of `mask` that starts at i.
inline std::size_t run(std::string_view t, std::size_t i, std::uint8_t mask) noexcept {
    const std::size_t n = t.size();
    while (i < n) {
        const auto b = static_cast<unsigned char>(t[i]);
        if (b < 0x80) {
            if ((ascii_flags[b] & mask) == 0) break;
            ++i;
            continue;
        }
        const decoded d = decode_utf8(t, i);
        if ((flags_of(d.cp) & mask) == 0) break;
        i += d.length;
    }
    return i;
}

inline bool has(std::string_view t, std::size_t i, std::uint8_t mask) noexcept {
    return i < t.size() && (at(t, i).flags & mask) != 0;
}

inline char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// 's|'t|'re|'ve|'m|'ll|'d at i (t[i] == '\''), ASCII case-insensitive when `icase` (the
// reference rewrites (?i:...) to [sS] and so on); 0 when none matches.
std::size_t contraction(std::string_view t, std::size_t i, bool icase) noexcept {
    if (i + 1 >= t.size()) return 0;
    const char a = icase ? ascii_lower(t[i + 1]) : t[i + 1];
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
    if (i + 2 >= t.size()) return 0;
    const char b = icase ? ascii_lower(t[i + 2]) : t[i + 2];
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return i + 3;
    return 0;
}

// \s+(?!\S)|\s+ and, when `crlf_first`, \s*[\r\n]+ before them, at a whitespace character.
std::size_t whitespace(std::string_view t, std::size_t p, bool crlf_first) noexcept {
    std::size_t i = p;
    std::size_t last_start = p;
    std::size_t after_crlf = 0;
    int count = 0;
    while (i < t.size()) {
        const ch c = at(t, i);
        if ((c.flags & f_space) == 0) break;
        last_start = i;
        i += c.length;
        if ((c.flags & f_crlf) != 0) after_crlf = i;
        ++count;
    }
    if (crlf_first && after_crlf != 0) return after_crlf;  // \s*[\r\n]+
    if (i == t.size() || count == 1) return i;             // \s+(?!\S) at the end, or \s+
    return last_start;                                     // \s+(?!\S) leaving one
}

// The Llama 3 / Qwen 2 pattern; `max_digits` is 3 for \p{N}{1,3} and 1 for \p{N}.
std::size_t match_llama_like(std::string_view t, std::size_t p, int max_digits) noexcept {
    const ch c = at(t, p);
    if (c.cp == '\'') {  // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (const std::size_t e = contraction(t, p, true)) return e;
    }
    if ((c.flags & f_letter) != 0) return run(t, p + c.length, f_letter);  // \p{L}+
    if ((c.flags & (f_crlf | f_letter | f_number)) == 0 && has(t, p + c.length, f_letter)) {
        return run(t, p + c.length, f_letter);  // [^\r\n\p{L}\p{N}]\p{L}+
    }
    if ((c.flags & f_number) != 0) {  // \p{N}{1,max}
        std::size_t e = p + c.length;
        for (int k = 1; k < max_digits && e < t.size(); ++k) {
            const ch d = at(t, e);
            if ((d.flags & f_number) == 0) break;
            e += d.length;
        }
        return e;
    }
    if ((c.flags & f_other) != 0) return run(t, run(t, p + c.length, f_other), f_crlf);
    if (c.cp == ' ' && has(t, p + 1, f_other)) return run(t, run(t, p + 1, f_other), f_crlf);
    return whitespace(t, p, true);
}

// The contraction after a GPT-4o word, when there is one.
std::size_t with_contraction(std::string_view t, std::size_t e) noexcept {
    if (e < t.size() && t[e] == '\'') {
        if (const std::size_t c = contraction(t, e, true)) return c;
    }
    return e;
}

// [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ at q: the upper run gives back
// characters until the lower run can start; 0 when it never can.
std::size_t o200k_lower_word(std::string_view t, std::size_t q) noexcept {
    std::size_t i = q;
    std::size_t last_both_end = 0;  // end of the last character in both classes
    while (i < t.size()) {
        const ch c = at(t, i);
        if ((c.flags & f_upper) == 0) break;
        i += c.length;
        if ((c.flags & f_lower) != 0) last_both_end = i;
    }
    if (has(t, i, f_lower)) return with_contraction(t, run(t, i, f_lower));
    if (last_both_end != 0) return with_contraction(t, last_both_end);
    return 0;
}

// [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]* at q; 0 when no upper run.
std::size_t o200k_upper_word(std::string_view t, std::size_t q) noexcept {
    const std::size_t e = run(t, q, f_upper);
    if (e == q) return 0;
    return with_contraction(t, run(t, e, f_lower));
}

}  // namespace

std::size_t match_gpt2(std::string_view t, std::size_t p) noexcept {
    const ch c = at(t, p);
    if (c.cp == '\'') {  // 's|'t|'re|'ve|'m|'ll|'d
        if (const std::size_t e = contraction(t, p, false)) return e;
    }
    // ' ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+': the optional space goes with whatever follows.
    if (c.cp == ' ' && p + 1 < t.size()) {
        const ch n = at(t, p + 1);
        for (std::uint8_t cls : {f_letter, f_number, f_other}) {
            if ((n.flags & cls) != 0) return run(t, p + 1 + n.length, cls);
        }
    }
    for (std::uint8_t cls : {f_letter, f_number, f_other}) {
        if ((c.flags & cls) != 0) return run(t, p + c.length, cls);
    }
    return whitespace(t, p, false);
}

std::size_t match_llama3(std::string_view t, std::size_t p) noexcept {
    return match_llama_like(t, p, 3);
}

std::size_t match_qwen2(std::string_view t, std::size_t p) noexcept {
    return match_llama_like(t, p, 1);
}

std::size_t match_o200k(std::string_view t, std::size_t p) noexcept {
    const ch c = at(t, p);
    const bool prefix = (c.flags & (f_crlf | f_letter | f_number)) == 0;  // [^\r\n\p{L}\p{N}]?
    if (prefix) {
        if (const std::size_t e = o200k_lower_word(t, p + c.length)) return e;
    }
    if (const std::size_t e = o200k_lower_word(t, p)) return e;
    if (prefix) {
        if (const std::size_t e = o200k_upper_word(t, p + c.length)) return e;
    }
    if (const std::size_t e = o200k_upper_word(t, p)) return e;
    if ((c.flags & f_number) != 0) {  // \p{N}{1,3}
        std::size_t e = p + c.length;
        for (int k = 1; k < 3 && has(t, e, f_number); ++k)
            e += at(t, e).length;
        return e;
    }
    // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
    if ((c.flags & f_other) != 0) return run(t, run(t, p + c.length, f_other), f_crlf | f_slash);
    if (c.cp == ' ' && has(t, p + 1, f_other)) {
        return run(t, run(t, p + 1, f_other), f_crlf | f_slash);
    }
    return whitespace(t, p, true);
}

std::optional<regex_match> search_number(std::string_view t, std::size_t pos) noexcept {
    for (std::size_t i = pos; i < t.size();) {
        const ch c = at(t, i);
        if ((c.flags & f_number) != 0) return regex_match{i, i + c.length};
        i += c.length;
    }
    return std::nullopt;
}

}  // namespace ringperf::tokenizer::rx
