#include "ringperf/base/json_writer.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ringperf {

void json_append_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0;  // start of the pending run of bytes that need no escaping
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xf]);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

std::string format_double(double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    return std::string(buf, p);
}

std::string format_fixed(double v, int decimals) {
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    if (ec != std::errc()) return format_double(v);
    return std::string(buf, p);
}

void json_writer::separator() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (depth_ > 0) {
        const std::uint64_t bit = 1ULL << (depth_ - 1);
        if (has_elem_ & bit) out_.push_back(',');
        has_elem_ |= bit;
    }
}

json_writer& json_writer::open(char bracket) {
    separator();
    out_.push_back(bracket);
    ++depth_;
    assert(depth_ < 64);
    has_elem_ &= ~(1ULL << (depth_ - 1));
    return *this;
}

json_writer& json_writer::close(char bracket) {
    assert(depth_ > 0 && !after_key_);
    --depth_;
    out_.push_back(bracket);
    return *this;
}

json_writer& json_writer::key(std::string_view k) {
    separator();
    json_append_string(out_, k);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

json_writer& json_writer::value(std::string_view s) {
    separator();
    json_append_string(out_, s);
    return *this;
}

json_writer& json_writer::value(std::int64_t v) {
    separator();
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out_.append(buf, p);
    return *this;
}

json_writer& json_writer::value(std::uint64_t v) {
    separator();
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out_.append(buf, p);
    return *this;
}

json_writer& json_writer::value(bool v) {
    separator();
    out_ += v ? "true" : "false";
    return *this;
}

json_writer& json_writer::value(double v) {
    separator();
    if (!std::isfinite(v)) {
        out_ += "null";
        return *this;
    }
    out_ += format_double(v);
    return *this;
}

json_writer& json_writer::value_fixed(double v, int decimals) {
    separator();
    if (!std::isfinite(v)) {
        out_ += "null";
        return *this;
    }
    out_ += format_fixed(v, decimals);
    return *this;
}

json_writer& json_writer::null() {
    separator();
    out_ += "null";
    return *this;
}

json_writer& json_writer::raw(std::string_view json) {
    separator();
    out_.append(json);
    return *this;
}

}  // namespace ringperf
