// Incremental, sans-I/O HTTP/1.1 response parser: the client's receive path.
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

// Parses one response at a time from a byte stream split arbitrarily into reads. The head is
// copied into parser-owned storage (header views stay valid until reset()); the body is never
// copied: each body event hands out a view into the input just consumed.
//
// Framing: bodiless (HEAD request, 204, 304), `Transfer-Encoding: chunked` (de-chunked with
// chunked_decoder), Content-Length, or else close-delimited (the body runs to feed_eof()).
// Interim responses (100, 103 and the rest of 1xx except 101) are consumed silently.
// Rejected with error(): a malformed status line or status 101 (bad_status_line); the field
// errors request_parser lists; Content-Length with Transfer-Encoding or a final coding other
// than chunked (bad_transfer_encoding, we cannot decode other codings); chunked framing
// errors; EOF inside a length-framed or chunked body or inside a head (truncated).
//
// Not thread-safe; one parser per connection.
class response_parser {
  public:
    explicit response_parser(std::size_t max_header_bytes = 64 * 1024);

    // Start a new response. `head_request`: the request was HEAD, so the response has no body
    // whatever its headers say. Keeps allocated capacity.
    void reset(bool head_request = false);

    // Consumes bytes from `in` (advancing it) and returns one event per call:
    //  head_done: status line and header fields parsed (interim 1xx skipped before it);
    //  body:      body() is the next non-empty piece of the de-chunked body, a view into the
    //             bytes just consumed from `in` — valid as long as the caller keeps them;
    //  complete:  the response ended (Content-Length reached, last chunk and trailers, or a
    //             bodiless response); following bytes stay in `in`. It may come with `in`
    //             empty: after head_done or body, call feed() again even if nothing is left;
    //  need_more: `in` is used up;
    //  error:     error() says why; the connection must be closed.
    // After complete or error, further calls return the same status and consume nothing.
    parse_status feed(std::string_view& in) {
        // A chunked body, the usual case of every read of a stream, skips the state dispatch.
        if (state_ == state::body_chunked) {
            const std::size_t before = in.size();
            const parse_status s = decoder_.feed(in);
            bytes_consumed_ += before - in.size();
            body_ = s == parse_status::body ? decoder_.data() : std::string_view();
            return s == parse_status::body || s == parse_status::need_more ? s : end_chunked(s);
        }
        return feed_other(in);
    }

    // The peer closed the connection: complete for a close-delimited body (or a response
    // that had already ended), else error with truncated — also when nothing was received
    // (check started() to tell an idle close from a cut-off response).
    parse_status feed_eof();

    // Valid after head_done until reset().
    int status() const { return status_; }
    std::string_view reason() const { return reason_; }
    int http_minor() const { return minor_; }
    std::span<const header> headers() const { return headers_; }
    // Case-insensitive; the first field with that name (repeated fields stay in headers()).
    std::optional<std::string_view> header_value(std::string_view name) const {
        return find_header(headers_, name);
    }
    std::optional<std::uint64_t> content_length() const { return content_length_; }
    bool chunked() const { return chunked_; }
    // Whether the connection may carry another request once this response is complete:
    // false for close-delimited bodies, "Connection: close", HTTP/1.0 without keep-alive.
    bool keep_alive() const { return keep_alive_; }
    // Content-Type is text/event-stream (ASCII case ignored, parameters ignored).
    bool is_event_stream() const { return event_stream_; }

    // The piece from the last body event; empty after any other event.
    std::string_view body() const { return body_; }
    parse_error error() const { return error_; }
    // At least one byte of this response (including interim responses) was consumed.
    bool started() const { return bytes_consumed_ != 0; }
    // Bytes of this response consumed so far, interim responses and framing included.
    std::uint64_t bytes_consumed() const { return bytes_consumed_; }

  private:
    enum class state : std::uint8_t {
        head,
        ending,  // the body is over; the next feed() reports complete
        body_length,
        body_chunked,
        body_eof,
        done,
        failed,
    };

    parse_status feed_other(std::string_view& in);
    parse_status end_chunked(parse_status s);
    parse_status step(std::string_view& in);
    parse_status fail(parse_error e);
    parse_error parse_status_line(std::string_view line);
    parse_status finish_head();
    void clear_head();

    std::size_t max_header_bytes_;
    bool head_request_ = false;
    state state_ = state::head;
    parse_error error_ = parse_error::none;
    std::string head_;
    std::size_t line_start_ = 0;
    std::vector<header> headers_;
    int status_ = 0;
    std::string_view reason_;
    int minor_ = 1;
    std::optional<std::uint64_t> content_length_;
    bool chunked_ = false;
    bool keep_alive_ = true;
    bool event_stream_ = false;
    std::uint64_t remaining_ = 0;
    std::uint64_t bytes_consumed_ = 0;
    std::string_view body_;
    chunked_decoder decoder_;
};

}  // namespace ringperf::http
