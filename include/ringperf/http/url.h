// Base URLs as AIPerf takes them: "http://" is assumed when no scheme is given, the
// endpoint path is appended to whatever path the base URL has.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf::http {

struct url {
    bool tls = false;        // https
    std::string host;        // without brackets for IPv6 literals
    std::uint16_t port = 0;  // explicit or the scheme's default
    std::string path;        // base path without a trailing slash ("" for "/")
    std::string authority;   // Host header value: host[:port] as the user wrote it

    // Base path joined with an endpoint path ("/v1/chat/completions").
    std::string join(std::string_view endpoint_path) const;
    // "http://host:port/path" for messages and exports.
    std::string to_string() const;
};

// Parses a base URL. Errors name the URL and what is wrong with it.
result<url> parse_url(std::string_view text);

}  // namespace ringperf::http
