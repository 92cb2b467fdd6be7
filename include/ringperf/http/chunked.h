// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1), sans-I/O.
#pragma once

#include <cstdint>
#include <string_view>

#include "ringperf/http/message.h"

namespace ringperf::http {

// Feed it the bytes that follow a head announcing `Transfer-Encoding: chunked`; it hands out
// the de-chunked data as views into the input (nothing is copied) and stops right after the
// last chunk's trailer section. Works with any split of the input, down to one byte per call.
//
// Accepted: hex sizes in either case with any number of leading zeros; chunk extensions
// (`;name=value`, whitespace around `;` and `=`), which are ignored; trailer fields, which are
// discarded; bare LF wherever CRLF ends a line. Rejected: a size with more than 16 significant
// hex digits (bad_chunk_size) or over max_chunk_bytes (chunk_too_large); anything but CRLF or
// LF right after the data (bad_chunk_framing); a size line longer than 4 KiB
// (bad_chunk_framing); a trailer section over 64 KiB (header_too_large).
//
// Not thread-safe; one decoder per message stream.
class chunked_decoder {
  public:
    static constexpr std::uint64_t default_max_chunk_bytes = std::uint64_t{1} << 32;

    explicit chunked_decoder(std::uint64_t max_chunk_bytes = default_max_chunk_bytes);

    // Ready for a new chunked body.
    void reset();

    // Consumes bytes from the front of `in` (advancing it) and returns:
    //  body:      data() is the next piece of chunk data — a view into the bytes just consumed,
    //             valid as long as the caller keeps them; never empty.
    //  complete:  the last chunk and the trailer section are consumed; following bytes stay in
    //             `in`. Further calls return complete without consuming anything.
    //  need_more: `in` is used up.
    //  error:     error() says why; further calls keep returning error.
    parse_status feed(std::string_view& in) {
        // Inside a chunk's data, the usual case of every read, nothing needs parsing.
        if (state_ == state::data && !in.empty()) return take_data(in);
        return feed_framing(in);
    }

    std::string_view data() const { return data_; }
    parse_error error() const { return error_; }
    bool done() const { return state_ == state::done; }

  private:
    enum class state : std::uint8_t {
        size_start,
        size,
        size_ws,
        ext,
        size_lf,
        data,
        data_end,
        data_lf,
        trailer_start,
        trailer_line,
        trailer_lf,
        done,
        failed,
    };

    parse_status take_data(std::string_view& in) {
        const auto n = static_cast<std::size_t>(remaining_ < in.size() ? remaining_ : in.size());
        data_ = in.substr(0, n);
        in.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) state_ = state::data_end;
        return parse_status::body;
    }
    parse_status feed_framing(std::string_view& in);
    parse_status fail(parse_error e);
    bool plain_size_line(std::string_view& in);
    parse_status end_size_line();
    parse_status step_line(char c);

    std::uint64_t max_chunk_bytes_;
    std::uint64_t size_ = 0;
    std::uint64_t remaining_ = 0;
    std::uint32_t size_digits_ = 0;
    std::uint32_t line_bytes_ = 0;
    std::uint32_t trailer_bytes_ = 0;
    state state_ = state::size_start;
    parse_error error_ = parse_error::none;
    std::string_view data_;
};

}  // namespace ringperf::http
