// Incremental, sans-I/O HTTP/1.1 request parser (server side; used by the mock server).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/http/chunked.h"
#include "ringperf/http/message.h"

namespace ringperf::http {

// Parses one request at a time from a byte stream split arbitrarily into reads. The head and
// the body are copied into parser-owned storage, so the caller may recycle its receive buffer
// as soon as feed() returns. All views returned by accessors stay valid until reset().
//
// Body framing: Content-Length, or `Transfer-Encoding: chunked` (de-chunked into body());
// neither means no body. Empty lines before the request line are skipped (RFC 9112 §2.2).
// Rejected with error(): malformed request line (bad_request_line); obs-fold, invalid name
// characters, control characters or stray CR in fields (bad_header); more than
// max_header_count fields; a head over max_header_bytes (header_too_large); repeated,
// listed or non-numeric Content-Length (bad_content_length); Content-Length together with
// Transfer-Encoding, or a final coding other than chunked (bad_transfer_encoding); a body
// over max_body_bytes (body_too_large); chunked framing errors (see chunked_decoder).
//
// Not thread-safe; one parser per connection.
class request_parser {
  public:
    explicit request_parser(std::size_t max_header_bytes = 64 * 1024,
                            std::size_t max_body_bytes = 64u << 20);

    // Forget the current request (keeps allocated capacity).
    void reset();

    // Consumes bytes from `in` (advancing it) until the request is complete (returns complete;
    // bytes after it stay in `in` for the next request after reset()), an error, or `in` is
    // used up (need_more). Never returns head_done or body. After complete or error, further
    // calls return the same status without consuming anything.
    parse_status feed(std::string_view& in);

    // Valid once feed() returned complete.
    std::string_view method() const { return method_; }
    std::string_view target() const { return target_; }
    int http_minor() const { return minor_; }
    std::span<const header> headers() const { return headers_; }
    // Case-insensitive; the first field with that name.
    std::optional<std::string_view> header_value(std::string_view name) const {
        return find_header(headers_, name);
    }
    // The whole (de-chunked) body.
    std::string_view body() const { return body_; }
    // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive".
    bool keep_alive() const { return keep_alive_; }
    parse_error error() const { return error_; }

  private:
    enum class state : std::uint8_t { head, body_length, body_chunked, done, failed };

    parse_status fail(parse_error e);
    parse_status finish_head();
    parse_error parse_request_line(std::string_view line);
    parse_status feed_chunked(std::string_view& in);

    std::size_t max_header_bytes_;
    std::size_t max_body_bytes_;
    state state_ = state::head;
    parse_error error_ = parse_error::none;
    std::string head_;
    std::size_t line_start_ = 0;
    std::vector<header> headers_;
    std::string_view method_;
    std::string_view target_;
    int minor_ = 1;
    bool keep_alive_ = true;
    std::uint64_t body_remaining_ = 0;
    std::string body_;
    chunked_decoder chunked_;
};

}  // namespace ringperf::http
