#include "ringperf/http/chunked.h"

namespace ringperf::http {

namespace {

constexpr std::uint32_t max_size_line_bytes = 4096;
constexpr std::uint32_t max_trailer_bytes = 64 * 1024;
constexpr std::uint32_t max_size_digits = 16;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_ctl(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
}

}  // namespace

chunked_decoder::chunked_decoder(std::uint64_t max_chunk_bytes)
    : max_chunk_bytes_(max_chunk_bytes) {}

void chunked_decoder::reset() {
    size_ = 0;
    remaining_ = 0;
    size_digits_ = 0;
    line_bytes_ = 0;
    trailer_bytes_ = 0;
    state_ = state::size_start;
    error_ = parse_error::none;
    data_ = {};
}

parse_status chunked_decoder::fail(parse_error e) {
    error_ = e;
    state_ = state::failed;
    return parse_status::error;
}

parse_status chunked_decoder::end_size_line() {
    if (size_ == 0) {
        state_ = state::trailer_start;
    } else {
        remaining_ = size_;
        state_ = state::data;
    }
    return parse_status::need_more;
}

// One byte of a size line, data terminator or trailer section. Returns need_more to go on,
// complete when the trailer section ended, error otherwise.
parse_status chunked_decoder::step_line(char c) {
    switch (state_) {
        case state::size_start:
        case state::size: {
            int v = hex_value(c);
            if (v >= 0) {
                // Leading zeros do not count towards the digit limit: "000" ends a body too.
                if (size_ != 0 || v != 0) ++size_digits_;
                if (size_digits_ > max_size_digits) return fail(parse_error::bad_chunk_size);
                size_ = (size_ << 4) | static_cast<std::uint64_t>(v);
                if (size_ > max_chunk_bytes_) return fail(parse_error::chunk_too_large);
                state_ = state::size;
                return parse_status::need_more;
            }
            if (state_ == state::size_start) return fail(parse_error::bad_chunk_size);
            [[fallthrough]];
        }
        case state::size_ws:
            if (c == ' ' || c == '\t') {
                state_ = state::size_ws;
            } else if (c == ';') {
                state_ = state::ext;
            } else if (c == '\r') {
                state_ = state::size_lf;
            } else if (c == '\n') {
                return end_size_line();
            } else {
                return fail(parse_error::bad_chunk_size);
            }
            return parse_status::need_more;
        case state::ext:
            if (c == '\r') {
                state_ = state::size_lf;
            } else if (c == '\n') {
                return end_size_line();
            } else if (is_ctl(c)) {
                return fail(parse_error::bad_chunk_framing);
            }
            return parse_status::need_more;
        case state::size_lf:
            if (c != '\n') return fail(parse_error::bad_chunk_framing);
            return end_size_line();
        case state::data_end:
            if (c == '\r') {
                state_ = state::data_lf;
            } else if (c == '\n') {
                state_ = state::size_start;
            } else {
                return fail(parse_error::bad_chunk_framing);
            }
            return parse_status::need_more;
        case state::data_lf:
            if (c != '\n') return fail(parse_error::bad_chunk_framing);
            state_ = state::size_start;
            return parse_status::need_more;
        case state::trailer_start:
            if (c == '\r') {
                state_ = state::trailer_lf;
            } else if (c == '\n') {
                state_ = state::done;
                return parse_status::complete;
            } else {
                state_ = state::trailer_line;
            }
            return parse_status::need_more;
        case state::trailer_line:
            if (c == '\n') state_ = state::trailer_start;
            return parse_status::need_more;
        case state::trailer_lf:
            if (c != '\n') return fail(parse_error::bad_chunk_framing);
            state_ = state::done;
            return parse_status::complete;
        case state::data:
        case state::done:
        case state::failed:
            break;
    }
    return fail(parse_error::bad_chunk_framing);
}

// The usual size line, whole in `in`: 1 to 15 hex digits, the first not 0, then CRLF, for a
// size within the limit. Anything else is left to the byte-by-byte path, which handles the
// rest of the grammar and reports the errors.
bool chunked_decoder::plain_size_line(std::string_view& in) {
    std::uint64_t size = 0;
    std::size_t i = 0;
    for (; i < in.size() && i < 15; ++i) {
        const int v = hex_value(in[i]);
        if (v < 0) break;
        size = size << 4 | static_cast<std::uint64_t>(v);
    }
    if (i == 0 || in[0] == '0' || in.size() < i + 2 || in[i] != '\r' || in[i + 1] != '\n' ||
        size > max_chunk_bytes_)
        return false;
    in.remove_prefix(i + 2);
    size_ = size;
    remaining_ = size;
    state_ = state::data;
    return true;
}

parse_status chunked_decoder::feed_framing(std::string_view& in) {
    data_ = {};
    if (state_ == state::done) return parse_status::complete;
    if (state_ == state::failed) return parse_status::error;
    while (!in.empty()) {
        if (state_ == state::data) return take_data(in);
        if (state_ == state::data_end && in.size() >= 2 && in[0] == '\r' && in[1] == '\n') {
            in.remove_prefix(2);
            state_ = state::size_start;
            continue;
        }
        if (state_ == state::size_start && plain_size_line(in)) continue;
        char c = in.front();
        in.remove_prefix(1);
        if (state_ == state::size_start) {
            size_ = 0;
            size_digits_ = 0;
            line_bytes_ = 0;
        }
        if (state_ >= state::trailer_start) {
            if (++trailer_bytes_ > max_trailer_bytes) return fail(parse_error::header_too_large);
        } else if (state_ <= state::size_lf) {
            if (++line_bytes_ > max_size_line_bytes) return fail(parse_error::bad_chunk_framing);
        }
        parse_status s = step_line(c);
        if (s != parse_status::need_more) return s;
    }
    return parse_status::need_more;
}

}  // namespace ringperf::http
