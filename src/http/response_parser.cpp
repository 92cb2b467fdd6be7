#include "ringperf/http/response_parser.h"

#include <algorithm>

#include "head.h"

namespace ringperf::http {

namespace {

bool is_reason_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool media_type_is(std::string_view value, std::string_view type) {
    value = value.substr(0, value.find(';'));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    return detail::iequals(value, type);
}

}  // namespace

response_parser::response_parser(std::size_t max_header_bytes)
    : max_header_bytes_(max_header_bytes) {}

void response_parser::clear_head() {
    head_.clear();
    line_start_ = 0;
    headers_.clear();
    status_ = 0;
    reason_ = {};
    minor_ = 1;
}

void response_parser::reset(bool head_request) {
    clear_head();
    head_request_ = head_request;
    state_ = state::head;
    error_ = parse_error::none;
    content_length_.reset();
    chunked_ = false;
    keep_alive_ = true;
    event_stream_ = false;
    remaining_ = 0;
    bytes_consumed_ = 0;
    body_ = {};
    decoder_.reset();
}

parse_status response_parser::fail(parse_error e) {
    error_ = e;
    state_ = state::failed;
    return parse_status::error;
}

// Tolerates a missing reason phrase with or without its separating space (h11 sends
// "HTTP/1.1 200 \r\n").
parse_error response_parser::parse_status_line(std::string_view line) {
    auto sp = line.find(' ');
    if (sp == std::string_view::npos || !detail::parse_version(line.substr(0, sp), minor_)) {
        return parse_error::bad_status_line;
    }
    auto rest = line.substr(sp + 1);
    if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2]) ||
        rest[0] == '0') {
        return parse_error::bad_status_line;
    }
    status_ = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    if (rest.size() > 3) {
        if (rest[3] != ' ') return parse_error::bad_status_line;
        reason_ = rest.substr(4);
        if (!std::all_of(reason_.begin(), reason_.end(), is_reason_char)) {
            return parse_error::bad_status_line;
        }
    }
    return parse_error::none;
}

parse_status response_parser::finish_head() {
    std::string_view rest = head_;
    std::string_view line;
    if (!detail::next_line(rest, line)) return fail(parse_error::bad_status_line);
    if (auto e = parse_status_line(line); e != parse_error::none) return fail(e);
    if (auto e = detail::parse_fields(rest, headers_); e != parse_error::none) return fail(e);
    if (status_ == 101) return fail(parse_error::bad_status_line);
    if (status_ < 200) {
        clear_head();
        return parse_status::need_more;
    }
    detail::framing f;
    if (auto e = detail::parse_framing(headers_, f); e != parse_error::none) return fail(e);
    content_length_ = f.content_length;
    chunked_ = f.chunked;
    keep_alive_ = minor_ >= 1 ? !detail::connection_has(headers_, "close")
                              : detail::connection_has(headers_, "keep-alive");
    auto type = find_header(headers_, "content-type");
    event_stream_ = type && media_type_is(*type, "text/event-stream");
    if (head_request_ || status_ == 204 || status_ == 304) {
        state_ = state::ending;
    } else if (chunked_) {
        state_ = state::body_chunked;
    } else if (content_length_) {
        remaining_ = *content_length_;
        state_ = remaining_ == 0 ? state::ending : state::body_length;
    } else {
        keep_alive_ = false;
        state_ = state::body_eof;
    }
    return parse_status::head_done;
}

parse_status response_parser::step(std::string_view& in) {
    switch (state_) {
        case state::head:
            while (true) {
                auto s = detail::scan_head(head_, line_start_, in, max_header_bytes_, false);
                if (s == parse_status::error) return fail(parse_error::header_too_large);
                if (s == parse_status::need_more) return s;
                s = finish_head();
                if (s != parse_status::need_more) return s;
            }
        case state::ending:
            state_ = state::done;
            return parse_status::complete;
        case state::body_length: {
            if (in.empty()) return parse_status::need_more;
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, in.size()));
            body_ = in.substr(0, n);
            in.remove_prefix(n);
            remaining_ -= n;
            if (remaining_ == 0) state_ = state::ending;
            return parse_status::body;
        }
        case state::body_chunked: {
            auto s = decoder_.feed(in);
            if (s == parse_status::body) body_ = decoder_.data();
            if (s == parse_status::complete) state_ = state::done;
            if (s == parse_status::error) return fail(decoder_.error());
            return s;
        }
        case state::body_eof:
            if (in.empty()) return parse_status::need_more;
            body_ = in;
            in.remove_prefix(in.size());
            return parse_status::body;
        case state::done:
            return parse_status::complete;
        case state::failed:
            return parse_status::error;
    }
    return parse_status::error;
}

parse_status response_parser::end_chunked(parse_status s) {
    if (s == parse_status::complete) state_ = state::done;
    if (s == parse_status::error) return fail(decoder_.error());
    return s;
}

parse_status response_parser::feed_other(std::string_view& in) {
    body_ = {};
    auto before = in.size();
    auto s = step(in);
    bytes_consumed_ += before - in.size();
    return s;
}

parse_status response_parser::feed_eof() {
    body_ = {};
    switch (state_) {
        case state::body_eof:
        case state::ending:
        case state::done:
            state_ = state::done;
            return parse_status::complete;
        case state::failed:
            return parse_status::error;
        case state::head:
        case state::body_length:
        case state::body_chunked:
            break;
    }
    return fail(parse_error::truncated);
}

}  // namespace ringperf::http
