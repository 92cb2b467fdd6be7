// A blocking HTTP/1.1 GET client for set-up downloads: plain sockets for http://, TLS
// (net/tls.h, certificates verified) for https://, redirects followed. One connection per
// request ("Connection: close"); the body is framed by Content-Length, chunked coding or the
// end of the connection (http/response_parser.h). Internal to the hub module.
//
// Thread-safety: reentrant; each call uses its own sockets and TLS context.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringperf::hub::detail {

struct fetch_request {
    std::string url;  // http:// or https://, with path and query
    // Sent as "Authorization: Bearer <token>" to the scheme, host and port of `url` only:
    // never to another host a redirect leads to.
    std::string bearer_token;
    std::string ca_file;  // PEM CAs for https instead of the system's; empty: the system's
    int connect_timeout_ms = 30000;
    int read_timeout_ms = 30000;  // longest wait for the next bytes
    int max_redirects = 10;       // 301, 302, 303, 307 and 308, relative or absolute Location
    std::size_t max_body_bytes = std::size_t{1} << 30;
    std::string user_agent;
};

enum class fetch_failure {
    none,
    bad_url,             // a URL or a Location that cannot be followed
    connect,             // name resolution or TCP connect failed or timed out
    timeout,             // no bytes for read_timeout_ms after connecting
    tls,                 // handshake, certificate or record failure
    protocol,            // malformed or truncated response
    too_many_redirects,  // more than max_redirects
    too_large,           // body over max_body_bytes
};

struct fetch_hop {
    std::string url;
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    // First header named `name`, ASCII case ignored.
    std::optional<std::string> header(std::string_view name) const;
};

struct fetch_result {
    fetch_failure failure = fetch_failure::none;
    std::string error;            // when failure != none: what failed, naming the URL
    std::vector<fetch_hop> hops;  // every response received, in order; back() is the last
    std::string body;             // body of the last response (redirect bodies are skipped)
};

fetch_result fetch(const fetch_request& r);

// Scheme, host and port of `url` ("https://huggingface.co:443"), lower-cased, for origin
// comparisons; empty when `url` cannot be parsed.
std::string origin_of(std::string_view url);

// `location` (absolute, scheme-relative, absolute-path or relative) resolved against
// `base`, an absolute URL.
std::string resolve_location(std::string_view base, std::string_view location);

}  // namespace ringperf::hub::detail
