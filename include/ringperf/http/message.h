// Vocabulary shared by the incremental HTTP/1.1 parsers (request_parser, response_parser,
// chunked_decoder): what a feed() call reports and why a message was rejected.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace ringperf::http {

// Result of one feed() call.
enum class parse_status {
    need_more,  // every input byte was consumed and the message is not finished
    head_done,  // start line and header fields are parsed (response_parser only)
    body,       // a piece of body data is available (response_parser, chunked_decoder)
    complete,   // the message ended; bytes after it were left in the input
    error,      // malformed or over a limit; error() says why, the connection must be closed
};

enum class parse_error {
    none,
    bad_request_line,       // method, target or version malformed
    bad_status_line,        // version, status code malformed, or a status we cannot follow (101)
    bad_header,             // obs-fold, bad name characters, control characters, stray CR
    header_too_large,       // head (or chunked trailer section) over its byte limit
    too_many_headers,       // more than max_header_count field lines
    bad_content_length,     // not all digits, overflow, repeated or listed values
    body_too_large,         // request body over the parser's max_body_bytes
    bad_chunk_size,         // chunk size missing, not hex, more than 16 significant digits
    bad_chunk_framing,      // missing CRLF after chunk data or size line, bad extension bytes
    chunk_too_large,        // chunk size over the decoder's max_chunk_bytes
    bad_transfer_encoding,  // final coding not chunked, chunked twice, or Content-Length with it
    truncated,              // the peer closed the connection in the middle of a message
};

// Stable snake_case name of `e` ("bad_chunk_size"); static storage.
const char* parse_error_name(parse_error e);

// One field line. Both views point into the owning parser's storage and stay valid until that
// parser's next reset(). `value` has surrounding whitespace removed.
struct header {
    std::string_view name;
    std::string_view value;
};

// Field lines beyond this count make a head fail with too_many_headers.
inline constexpr std::size_t max_header_count = 128;

// First header in `headers` whose name equals `name` ignoring ASCII case.
std::optional<std::string_view> find_header(std::span<const header> headers, std::string_view name);

}  // namespace ringperf::http
