#include "head.h"

#include <array>
#include <cstring>

namespace ringperf::http::detail {

namespace {

constexpr std::array<bool, 256> make_token_table() {
    std::array<bool, 256> t{};
    for (int c = '0'; c <= '9'; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~"))
        t[static_cast<unsigned char>(c)] = true;
    return t;
}

constexpr std::array<bool, 256> token_table = make_token_table();

bool is_token_char(char c) {
    return token_table[static_cast<unsigned char>(c)];
}

// Field values: HTAB, SP, visible ASCII and obs-text; no other control characters.
bool is_value_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && is_ows(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back()))
        s.remove_suffix(1);
    return s;
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

// Calls f(element) for each non-empty, trimmed element of a comma-separated list; stops
// early when f returns false.
template <typename F>
bool for_each_element(std::string_view list, F&& f) {
    while (true) {
        auto comma = list.find(',');
        auto element = trim_ows(list.substr(0, comma));
        if (!element.empty() && !f(element)) return false;
        if (comma == std::string_view::npos) return true;
        list.remove_prefix(comma + 1);
    }
}

parse_error parse_content_length(std::string_view v, framing& out) {
    if (out.content_length || v.empty()) return parse_error::bad_content_length;
    std::uint64_t n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return parse_error::bad_content_length;
        auto d = static_cast<std::uint64_t>(c - '0');
        if (n > (UINT64_MAX - d) / 10) return parse_error::bad_content_length;
        n = n * 10 + d;
    }
    out.content_length = n;
    return parse_error::none;
}

// Codings accumulate over all Transfer-Encoding lines; only the last may be, and must be,
// chunked. Anything else would leave the body length undefined for us.
parse_error parse_transfer_encoding(std::string_view v, framing& out, bool& seen) {
    seen = true;
    bool ok = for_each_element(v, [&](std::string_view coding) {
        if (out.chunked) return false;
        auto name = trim_ows(coding.substr(0, coding.find(';')));
        out.chunked = iequals(name, "chunked");
        return true;
    });
    return ok ? parse_error::none : parse_error::bad_transfer_encoding;
}

}  // namespace

parse_status scan_head(std::string& buf, std::size_t& line_start, std::string_view& in,
                       std::size_t max_bytes, bool skip_leading_blank_lines) {
    while (!in.empty()) {
        const void* lf = std::memchr(in.data(), '\n', in.size());
        std::size_t n =
            lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - in.data()) + 1 : in.size();
        if (buf.size() + n > max_bytes) return parse_status::error;
        buf.append(in.data(), n);
        in.remove_prefix(n);
        if (!lf) return parse_status::need_more;
        std::size_t len = buf.size() - line_start;
        bool blank = len == 1 || (len == 2 && buf[line_start] == '\r');
        if (blank && line_start == 0 && skip_leading_blank_lines) {
            buf.clear();
            continue;
        }
        if (blank) return parse_status::head_done;
        line_start = buf.size();
    }
    return parse_status::need_more;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool is_token(std::string_view s) {
    for (char c : s) {
        if (!is_token_char(c)) return false;
    }
    return !s.empty();
}

bool next_line(std::string_view& rest, std::string_view& line) {
    auto lf = rest.find('\n');
    line = rest.substr(0, lf);
    rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line.find('\r') == std::string_view::npos;
}

bool parse_version(std::string_view text, int& minor) {
    if (text.size() != 8 || text.substr(0, 7) != "HTTP/1." || text[7] < '0' || text[7] > '9') {
        return false;
    }
    minor = text[7] - '0';
    return true;
}

parse_error parse_fields(std::string_view rest, std::vector<header>& out) {
    std::string_view line;
    while (!rest.empty()) {
        if (!next_line(rest, line)) return parse_error::bad_header;
        if (line.empty()) break;
        // A leading space or tab is obs-fold (or a smuggling attempt); both are rejected.
        auto colon = line.find(':');
        if (colon == std::string_view::npos) return parse_error::bad_header;
        auto name = line.substr(0, colon);
        if (!is_token(name)) return parse_error::bad_header;
        auto value = trim_ows(line.substr(colon + 1));
        for (char c : value) {
            if (!is_value_char(c)) return parse_error::bad_header;
        }
        if (out.size() == max_header_count) return parse_error::too_many_headers;
        out.push_back({name, value});
    }
    return parse_error::none;
}

parse_error parse_framing(std::span<const header> headers, framing& out) {
    bool te_seen = false;
    for (const auto& h : headers) {
        parse_error e = parse_error::none;
        if (iequals(h.name, "content-length")) {
            e = parse_content_length(h.value, out);
        } else if (iequals(h.name, "transfer-encoding")) {
            e = parse_transfer_encoding(h.value, out, te_seen);
        }
        if (e != parse_error::none) return e;
    }
    if (te_seen && (!out.chunked || out.content_length)) return parse_error::bad_transfer_encoding;
    return parse_error::none;
}

bool connection_has(std::span<const header> headers, std::string_view token) {
    for (const auto& h : headers) {
        if (!iequals(h.name, "connection")) continue;
        bool found =
            !for_each_element(h.value, [&](std::string_view t) { return !iequals(t, token); });
        if (found) return true;
    }
    return false;
}

}  // namespace ringperf::http::detail
