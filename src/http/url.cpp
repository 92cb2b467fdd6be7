#include "ringperf/http/url.h"

#include <cctype>
#include <charconv>

namespace ringperf::http {

namespace {

bool valid_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

error bad(std::string_view text, const std::string& why) {
    return make_error("invalid URL '" + std::string(text) + "': " + why);
}

}  // namespace

std::string url::join(std::string_view endpoint_path) const {
    std::string out = path;
    if (endpoint_path.empty() || endpoint_path.front() != '/') out.push_back('/');
    out.append(endpoint_path);
    return out;
}

std::string url::to_string() const {
    std::string s = tls ? "https://" : "http://";
    s += authority;
    s += path;
    return s;
}

result<url> parse_url(std::string_view text) {
    url u;
    std::string_view rest = text;
    if (rest.empty()) return bad(text, "it is empty");
    if (const auto p = rest.find("://"); p != std::string_view::npos) {
        const std::string_view scheme = rest.substr(0, p);
        if (scheme == "http") {
            u.tls = false;
        } else if (scheme == "https") {
            u.tls = true;
        } else {
            return bad(text,
                       "unsupported scheme '" + std::string(scheme) + "' (use http or https)");
        }
        rest.remove_prefix(p + 3);
    }
    const auto slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    std::string_view path =
        slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (!path.empty() && path.front() != '/') return bad(text, "query or fragment in a base URL");
    if (path.find_first_of("?#") != std::string_view::npos)
        return bad(text, "query or fragment in a base URL");
    if (authority.empty()) return bad(text, "no host");
    if (authority.find('@') != std::string_view::npos)
        return bad(text, "credentials in the URL are not supported (use --api-key or -H)");
    u.authority = std::string(authority);

    std::string_view host = authority;
    std::string_view port;
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return bad(text, "unterminated IPv6 literal");
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return bad(text, "unexpected text after the IPv6 literal");
            port = after.substr(1);
        }
        if (host.empty()) return bad(text, "empty IPv6 literal");
        for (char c : host)
            if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'))
                return bad(text, "invalid IPv6 literal");
    } else {
        if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
        }
        if (host.empty()) return bad(text, "no host");
        for (char c : host)
            if (!valid_host_char(c))
                return bad(text, std::string("invalid character '") + c + "' in host");
    }
    u.host = std::string(host);
    if (!port.empty() || authority.back() == ':') {
        unsigned v = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
        if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || v == 0 ||
            v > 65535)
            return bad(text, "port must be a number from 1 to 65535");
        u.port = static_cast<std::uint16_t>(v);
    } else {
        u.port = u.tls ? 443 : 80;
    }
    while (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    u.path = std::string(path);
    return u;
}

}  // namespace ringperf::http
