// Requests prepared once before the run: the HTTP head up to the per-request headers and
// the JSON body. Workers send them with sendmsg from three pieces (shared head, a small
// per-request tail with the request ids, shared body), so bodies are never copied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringperf::engine {

struct prepared_request {
    std::string head;  // "POST /path HTTP/1.1\r\n...Content-Length: N\r\nX-Request-ID: "
    std::string body;
    std::int64_t input_tokens = -1;
};

struct head_options {
    std::string path;       // request target
    std::string authority;  // Host header
    std::string api_key;    // Authorization: Bearer <key> unless the user sent Authorization
    std::vector<std::pair<std::string, std::string>> headers;  // user headers (override ours)
};

// Bytes of the per-request tail: "<uuid>\r\nX-Correlation-ID: <uuid>\r\n\r\n".
inline constexpr std::size_t request_tail_len = 36 + 2 + 18 + 36 + 4;

prepared_request prepare_request(const head_options& h, std::string body,
                                 std::int64_t input_tokens);

// Writes the tail for the given ids into `out` (request_tail_len bytes).
void write_request_tail(char* out, const char* request_id, const char* correlation_id);

struct request_set {
    std::vector<prepared_request> requests;
};

}  // namespace ringperf::engine
