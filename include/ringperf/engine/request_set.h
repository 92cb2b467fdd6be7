// Requests prepared once before the run: the HTTP head up to the per-request headers and
// the JSON body. Workers send them with sendmsg from three pieces (shared head, a small
// per-request tail with the request ids, shared body), so bodies are never copied. Later
// turns of multi-turn sessions carry their history and are built when they are sent.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringperf::engine {

// The first turn of every conversation, prepared once: it needs no history. heads[u] is
// the head for URL u (request line, Host, headers, Content-Length, "X-Request-ID: ").
struct prepared_request {
    std::vector<std::string> heads;
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

// The head of a request with a body of `body_len` bytes, up to the request id.
std::string make_head(const head_options& h, std::size_t body_len);
// One head per URL.
prepared_request prepare_request(std::span<const head_options> urls, std::string body,
                                 std::int64_t input_tokens);

// Writes the tail for the given ids into `out` (request_tail_len bytes).
void write_request_tail(char* out, const char* request_id, const char* correlation_id);

// requests[c] is conversation c's first turn.
struct request_set {
    std::vector<prepared_request> requests;
};

}  // namespace ringperf::engine
