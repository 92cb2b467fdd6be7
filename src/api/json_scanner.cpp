#include "json_scanner.h"

#include <simdjson.h>

namespace ringperf::api::detail {

namespace {

constexpr int max_fraction_digits = 32;

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Four hex digits, or -1.
std::int32_t hex4(const char* p) noexcept {
    std::int32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hex_digit(p[i]);
        if (d < 0) return -1;
        v = v << 4 | d;
    }
    return v;
}

char* put_utf8(char* w, std::uint32_t cp) noexcept {
    if (cp < 0x80) {
        *w++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
        *w++ = static_cast<char>(0xc0 | cp >> 6);
        *w++ = static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *w++ = static_cast<char>(0xe0 | cp >> 12);
        *w++ = static_cast<char>(0x80 | (cp >> 6 & 0x3f));
        *w++ = static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        *w++ = static_cast<char>(0xf0 | cp >> 18);
        *w++ = static_cast<char>(0x80 | (cp >> 12 & 0x3f));
        *w++ = static_cast<char>(0x80 | (cp >> 6 & 0x3f));
        *w++ = static_cast<char>(0x80 | (cp & 0x3f));
    }
    return w;
}

// A \u escape at `r` (pointing at the backslash), written at `w`. Returns the byte after the
// escape (one or two of them), or nullptr.
const char* unicode_escape(const char* r, char*& w) noexcept {
    const std::int32_t cp = hex4(r + 2);
    if (cp < 0) return nullptr;
    if (cp >= 0xdc00 && cp <= 0xdfff) return nullptr;
    if (cp < 0xd800 || cp > 0xdbff) {
        w = put_utf8(w, static_cast<std::uint32_t>(cp));
        return r + 6;
    }
    if (r[6] != '\\' || r[7] != 'u') return nullptr;
    const std::int32_t low = hex4(r + 8);
    if (low < 0xdc00 || low > 0xdfff) return nullptr;
    const auto joined = 0x10000 + ((static_cast<std::uint32_t>(cp) - 0xd800) << 10 |
                                   (static_cast<std::uint32_t>(low) - 0xdc00));
    w = put_utf8(w, joined);
    return r + 12;
}

// One escape at `r`, written at `w`. Returns the byte after it, or nullptr.
const char* escape(const char* r, char*& w) noexcept {
    char c = 0;
    switch (r[1]) {
        case '"':
        case '\\':
        case '/':
            c = r[1];
            break;
        case 'b':
            c = '\b';
            break;
        case 'f':
            c = '\f';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 't':
            c = '\t';
            break;
        case 'u':
            return unicode_escape(r, w);
        default:
            return nullptr;
    }
    *w++ = c;
    return r + 2;
}

}  // namespace

bool json_scanner::valid_utf8(const char* from, const char* to) noexcept {
    return simdjson::validate_utf8(from, static_cast<std::size_t>(to - from));
}

bool json_scanner::skip() noexcept {
    switch (*p_) {
        case '"': {
            std::string_view ignored;
            return string(ignored, nullptr);
        }
        case '{':
            return object([this](std::string_view) { return skip(); });
        case '[':
            return array([this](std::size_t) { return skip(); });
        case 't':
            return take("true");
        case 'f':
            return take("false");
        case 'n':
            return take("null");
        default:
            return skip_number();
    }
}

// JSON number grammar within the limits of the header; what follows is checked by the
// enclosing container.
bool json_scanner::number(bool& integer, std::int64_t& value) noexcept {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    std::int64_t v = 0;
    if (*p_ == '0') {
        ++p_;
    } else {
        int digits = 0;
        for (; is_digit(*p_); ++p_, ++digits) {
            if (digits == max_int_digits) return false;
            v = v * 10 + (*p_ - '0');
        }
        if (digits == 0) return false;
    }
    integer = true;
    if (*p_ == '.') {
        ++p_;
        int digits = 0;
        for (; is_digit(*p_); ++p_)
            if (++digits > max_fraction_digits) return false;
        if (digits == 0) return false;
        integer = false;
    }
    if (*p_ == 'e' || *p_ == 'E') return false;
    value = negative ? -v : v;
    return true;
}

// The rest of a string from its first backslash `q`, unescaped in place. Raw runs are checked
// as UTF-8 one by one; escapes are ASCII, so this checks the whole string.
bool json_scanner::unescape(char* start, const char* q, bool high, std::string_view& out) noexcept {
    if (high && !valid_utf8(start, q)) return false;
    char* w = start + (q - start);
    const char* r = q;
    while (true) {
        r = escape(r, w);
        if (r == nullptr) return false;
        high = false;
        const char* next = find_special(r, high);
        if (high && !valid_utf8(r, next)) return false;
        std::memmove(w, r, static_cast<std::size_t>(next - r));
        w += next - r;
        r = next;
        if (*r == '"') break;
        if (*r != '\\') return false;
    }
    out = std::string_view(start, static_cast<std::size_t>(w - start));
    p_ += r - p_ + 1;
    return true;
}

}  // namespace ringperf::api::detail
