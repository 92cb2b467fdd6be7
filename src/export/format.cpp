#include "ringperf/export/format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace ringperf::exporter {
namespace {

std::string group_digits(std::string_view digits) {
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::size_t copy_text(char* buf, std::string_view text) {
    std::copy(text.begin(), text.end(), buf);
    return text.size();
}

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

}  // namespace

std::string format_grouped(double v, int decimals) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    char buf[400];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    if (ec != std::errc()) return "nan";
    std::string_view text(buf, static_cast<std::size_t>(p - buf));
    std::string out;
    if (!text.empty() && text.front() == '-') {
        out += '-';
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    out += group_digits(text.substr(0, dot));
    if (dot != std::string_view::npos) out += text.substr(dot);
    return out;
}

std::string format_grouped(std::uint64_t n) {
    return group_digits(std::to_string(n));
}

std::size_t write_python_float(char* buf, double v) noexcept {
    if (std::isnan(v)) return copy_text(buf, "NaN");
    if (std::isinf(v)) return copy_text(buf, v < 0 ? "-Infinity" : "Infinity");
    // Integral values below 1e16 (percentages such as 25.0 often are) print as the integer
    // and ".0" without the shortest-digits search: up to there doubles are at most 2 apart,
    // so no shorter decimal rounds to the same double.
    if (std::fabs(v) < 1e16 && v == std::trunc(v)) {
        char* p = buf;
        if (std::signbit(v)) *p++ = '-';
        p = std::to_chars(p, buf + python_float_max_chars, static_cast<std::uint64_t>(std::fabs(v)))
                .ptr;
        *p++ = '.';
        *p++ = '0';
        return static_cast<std::size_t>(p - buf);
    }
    // Shortest round-trip digits in exponent form: "-d.ddde+XX".
    char sci[40];
    const char* end = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific).ptr;
    const char* e_pos = std::find(static_cast<const char*>(sci), end, 'e');
    int exp = 0;
    std::from_chars(e_pos + 1 + (e_pos[1] == '+'), end, exp);
    if (exp < -4 || exp >= 16) return copy_text(buf, std::string_view(sci, end - sci));

    char digits[20];
    std::size_t n = 0;
    for (const char* c = sci; c != e_pos; ++c) {
        if (*c >= '0' && *c <= '9') digits[n++] = *c;
    }
    char* p = buf;
    if (sci[0] == '-') *p++ = '-';
    if (exp < 0) {
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -exp - 1; ++i)
            *p++ = '0';
        for (std::size_t i = 0; i < n; ++i)
            *p++ = digits[i];
        return static_cast<std::size_t>(p - buf);
    }
    const auto int_digits = static_cast<std::size_t>(exp) + 1;
    for (std::size_t i = 0; i < int_digits; ++i)
        *p++ = i < n ? digits[i] : '0';
    *p++ = '.';
    if (n <= int_digits) *p++ = '0';
    for (std::size_t i = int_digits; i < n; ++i)
        *p++ = digits[i];
    return static_cast<std::size_t>(p - buf);
}

std::string format_json_float(double v) {
    char buf[python_float_max_chars];
    return std::string(buf, write_python_float(buf, v));
}

std::string format_iso8601_utc(wall_ns t) {
    std::int64_t secs = t / 1'000'000'000;
    std::int64_t rem_ns = t % 1'000'000'000;
    if (rem_ns < 0) {
        rem_ns += 1'000'000'000;
        --secs;
    }
    const std::time_t tt = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out(buf, n);
    char frac[16];
    auto [p, ec] = std::to_chars(frac, frac + sizeof frac, 1'000'000 + rem_ns / 1000);
    (void)ec;
    out += '.';
    out.append(frac + 1, p);  // the six digits after the leading '1'
    out += "+00:00";
    return out;
}

std::size_t display_width(std::string_view utf8) {
    std::size_t w = 0;
    for (char c : utf8) {
        if (!is_continuation(static_cast<unsigned char>(c))) ++w;
    }
    return w;
}

std::string truncate_display(std::string_view utf8, std::size_t max_width) {
    const bool shorten = display_width(utf8) > max_width;
    const std::size_t keep = shorten ? (max_width > 3 ? max_width - 3 : 0) : max_width;
    std::string out;
    std::size_t w = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (!is_continuation(c)) {
            if (w == keep) break;
            ++w;
        }
        out += c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c);
    }
    if (shorten) out.append(std::min<std::size_t>(3, max_width), '.');
    return out;
}

void append_csv_cell(std::string& out, std::string_view cell) {
    if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace ringperf::exporter
