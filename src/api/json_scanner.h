// A strict, validating JSON cursor that builds no DOM (private to the api module).
//
// It accepts a subset of valid JSON — the texts it can read with certainty — and refuses
// anything else (every reader returns false), so that the caller can hand the text to
// simdjson's DOM instead. Accepted:
//   - keys without escapes, control or non-ASCII bytes;
//   - strings with valid UTF-8, no raw control bytes, and escapes other than a lone
//     surrogate (a \uD800–\uDBFF followed by a \uDC00–\uDFFF is one code point);
//   - numbers without an exponent, with at most 18 integer and 32 fraction digits;
//   - nesting at most 32 deep.
//
// The text is a mutable buffer: `size` bytes, then a NUL, then at least scan_padding more
// readable bytes. Strings are unescaped in place; views point into the buffer.
//
// Readers start at the first byte of a value (whitespace skipped) and leave the cursor just
// past it. Containers call back for each member or element; the callback must consume
// exactly that value. A scan_record, when given, collects where the value strings and
// numbers were (see response_shape.h).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ringperf::api::detail {

inline constexpr std::size_t scan_padding = 16;

// A value string or number of a scanned text, and the field it was read into (nullptr when
// it was skipped).
struct scan_hole {
    enum class kind : std::uint8_t {
        string,  // any string; stored into `slot` (a std::string_view*) when not null
        number,  // a skipped number
        count,   // a number read as a count into `slot` (an std::int64_t*)
    };
    std::uint32_t begin = 0;  // offsets in the text
    std::uint32_t end = 0;
    kind type = kind::string;
    const void* slot = nullptr;
};

struct scan_record {
    static constexpr std::size_t max_holes = 64;
    std::array<scan_hole, max_holes> holes{};
    std::size_t size = 0;
    bool overflow = false;  // more than max_holes values

    void clear() noexcept {
        size = 0;
        overflow = false;
    }
};

// The first '"', '\\' or control byte at or after `p`; sets `high` when a byte >= 0x80 comes
// before it. Relies on the NUL after the text to stop.
// The vector version reads up to 15 bytes past the NUL that ends the text (scan_padding).
inline const char* find_special(const char* p, bool& high) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i last_control = _mm_set1_epi8(0x1f);
    for (;; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v);
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
        const auto hits = static_cast<unsigned>(_mm_movemask_epi8(hit));
        const auto tops = static_cast<unsigned>(_mm_movemask_epi8(v));
        if (hits != 0) {
            high = high || (tops & ((hits & (0u - hits)) - 1)) != 0;
            return p + __builtin_ctz(hits);
        }
        high = high || tops != 0;
    }
#else
    for (;; ++p) {
        const char c = *p;
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return p;
        high = high || static_cast<unsigned char>(c) >= 0x80;
    }
#endif
}

// Whether the `n` bytes at `a` and `b` are equal; reads up to 15 bytes past either.
inline bool equal_padded(const char* a, const char* b, std::size_t n) noexcept {
#if defined(__SSE2__)
    for (;; a += 16, b += 16, n -= 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
        const auto same = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
        if (n <= 16) return (~same & ((1u << n) - 1)) == 0;
        if (same != 0xffff) return false;
    }
#else
    return std::memcmp(a, b, n) == 0;
#endif
}

class json_scanner {
  public:
    json_scanner(char* text, const char* end, scan_record* record = nullptr) noexcept
        : begin_(text), p_(text), end_(end), record_(record) {}

    char peek() const noexcept { return *p_; }
    bool at_end() const noexcept { return p_ == end_; }
    const char* pos() const noexcept { return p_; }
    std::size_t left() const noexcept { return static_cast<std::size_t>(end_ - p_); }

    // Consumes `literal` if the text continues with it.
    bool take(std::string_view literal) noexcept {
        if (left() < literal.size() || std::memcmp(p_, literal.data(), literal.size()) != 0)
            return false;
        p_ += literal.size();
        return true;
    }

    // The same for a literal followed by at least scan_padding readable bytes.
    bool take_padded(const char* literal, std::size_t size) noexcept {
        if (left() < size || !equal_padded(p_, literal, size)) return false;
        p_ += size;
        return true;
    }

    // A string value; `slot` names the field it is read into, for the record.
    bool string(std::string_view& out, const std::string_view* slot) noexcept {
        char* const start = p_;
        if (!read_string(out)) return false;
        note(start, scan_hole::kind::string, slot);
        return true;
    }

    bool key(std::string_view& out) noexcept {
        char* const start = ++p_;
        bool high = false;
        const char* q = find_special(start, high);
        if (*q != '"' || high) return false;
        out = std::string_view(start, static_cast<std::size_t>(q - start));
        p_ += q - start + 1;
        return true;
    }

    // A count: sets `out` and `got` for a non-negative integer, refuses a negative number and
    // leaves both for any other valid value.
    bool count(std::int64_t& out, bool& got) noexcept {
        if (*p_ == '-') return false;
        if (*p_ < '0' || *p_ > '9') return skip();
        char* const start = p_;
        bool integer = false;
        std::int64_t v = 0;
        if (!number(integer, v)) return false;
        note(start, scan_hole::kind::count, &out);
        if (integer) {
            out = v;
            got = true;
        }
        return true;
    }

    // A skipped number.
    bool skip_number() noexcept {
        char* const start = p_;
        if (const std::size_t n = plain_integer(); n != 0) {
            p_ += n;
        } else {
            bool integer = false;
            std::int64_t v = 0;
            if (!number(integer, v)) return false;
        }
        note(start, scan_hole::kind::number, nullptr);
        return true;
    }

    // A non-negative integer, for a count read again (see response_shape.cpp).
    bool integer(std::int64_t& out) noexcept {
        if (const std::size_t n = plain_integer(); n != 0) {
            std::int64_t v = 0;
            for (std::size_t i = 0; i < n; ++i)
                v = v * 10 + (p_[i] - '0');
            out = v;
            p_ += n;
            return true;
        }
        if (*p_ < '0' || *p_ > '9') return false;
        bool integer = false;
        return number(integer, out) && integer;
    }

    // A plain string, not recorded.
    bool read_string(std::string_view& out) noexcept {
        char* const start = ++p_;
        bool high = false;
        const char* q = find_special(start, high);
        if (*q == '"') {
            if (high && !valid_utf8(start, q)) return false;
            out = std::string_view(start, static_cast<std::size_t>(q - start));
            p_ += q - start + 1;
            return true;
        }
        if (*q != '\\') return false;
        return unescape(start, q, high, out);
    }

    bool skip() noexcept;

    template <class OnMember>
    bool object(OnMember&& on_member) noexcept {
        if (++depth_ > max_depth) return false;
        ++p_;
        space();
        if (*p_ == '}') return close();
        while (true) {
            std::string_view k;
            if (*p_ != '"' || !key(k)) return false;
            space();
            if (*p_ != ':') return false;
            ++p_;
            space();
            if (!on_member(k)) return false;
            space();
            if (*p_ == '}') return close();
            if (*p_ != ',') return false;
            ++p_;
            space();
        }
    }

    template <class OnElement>
    bool array(OnElement&& on_element) noexcept {
        if (++depth_ > max_depth) return false;
        ++p_;
        space();
        if (*p_ == ']') return close();
        for (std::size_t i = 0;; ++i) {
            if (!on_element(i)) return false;
            space();
            if (*p_ == ']') return close();
            if (*p_ != ',') return false;
            ++p_;
            space();
        }
    }

  private:
    static constexpr int max_depth = 32;

    static bool valid_utf8(const char* from, const char* to) noexcept;

    void space() noexcept {
        while (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')
            ++p_;
    }

    bool close() noexcept {
        ++p_;
        --depth_;
        return true;
    }

    void note(const char* start, scan_hole::kind type, const void* slot) noexcept {
        if (record_ == nullptr) return;
        if (record_->size == scan_record::max_holes) {
            record_->overflow = true;
            return;
        }
        record_->holes[record_->size++] = {static_cast<std::uint32_t>(start - begin_),
                                           static_cast<std::uint32_t>(p_ - begin_), type, slot};
    }

    // The length of the integer at the cursor when it is a plain one — no sign, no leading
    // zero, at most max_int_digits digits, not followed by a fraction or exponent — else 0,
    // for number() to handle.
    std::size_t plain_integer() const noexcept {
        std::size_t n = 0;
        if (*p_ == '0') {
            n = 1;
        } else if (*p_ >= '1' && *p_ <= '9') {
            n = count_digits(p_);
            if (n > max_int_digits) return 0;
        }
        const char next = p_[n];
        if (n == 0 || (next >= '0' && next <= '9') || next == '.' || next == 'e' || next == 'E')
            return 0;
        return n;
    }

    // Digits at `p`, 8 bytes at a time; reads up to 7 bytes past the first non-digit (which
    // the NUL after the text guarantees).
    static std::size_t count_digits(const char* p) noexcept {
        std::size_t n = 0;
        while (true) {
            std::uint64_t x = 0;
            std::memcpy(&x, p + n, sizeof x);
            if constexpr (std::endian::native == std::endian::little) {
                // A byte's top bit is set when it is below '0' (subtraction) or above '9'
                // (addition); carries only disturb the bytes after the first non-digit.
                const std::uint64_t non_digit =
                    ((x - 0x3030303030303030u) | (x + 0x4646464646464646u)) & 0x8080808080808080u;
                if (non_digit != 0)
                    return n + static_cast<std::size_t>(__builtin_ctzll(non_digit)) / 8;
                n += 8;
            } else {
                while (p[n] >= '0' && p[n] <= '9')
                    ++n;
                return n;
            }
        }
    }

    static constexpr int max_int_digits = 18;  // every such integer fits in int64

    bool number(bool& integer, std::int64_t& value) noexcept;
    bool unescape(char* start, const char* q, bool high, std::string_view& out) noexcept;

    char* const begin_;
    char* p_;
    const char* const end_;
    scan_record* const record_;
    int depth_ = 0;
};

}  // namespace ringperf::api::detail
