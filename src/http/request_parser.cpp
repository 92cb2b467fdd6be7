#include "ringperf/http/request_parser.h"

#include <algorithm>

#include "head.h"

namespace ringperf::http {

namespace {

bool is_target(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
}

}  // namespace

request_parser::request_parser(std::size_t max_header_bytes, std::size_t max_body_bytes)
    : max_header_bytes_(max_header_bytes), max_body_bytes_(max_body_bytes) {}

void request_parser::reset() {
    state_ = state::head;
    error_ = parse_error::none;
    head_.clear();
    line_start_ = 0;
    headers_.clear();
    method_ = {};
    target_ = {};
    minor_ = 1;
    keep_alive_ = true;
    body_remaining_ = 0;
    body_.clear();
    chunked_.reset();
}

parse_status request_parser::fail(parse_error e) {
    error_ = e;
    state_ = state::failed;
    return parse_status::error;
}

parse_error request_parser::parse_request_line(std::string_view line) {
    auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return parse_error::bad_request_line;
    auto sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) return parse_error::bad_request_line;
    method_ = line.substr(0, sp1);
    target_ = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (!detail::is_token(method_) || !is_target(target_) ||
        !detail::parse_version(line.substr(sp2 + 1), minor_)) {
        return parse_error::bad_request_line;
    }
    return parse_error::none;
}

parse_status request_parser::finish_head() {
    std::string_view rest = head_;
    std::string_view line;
    if (!detail::next_line(rest, line)) return fail(parse_error::bad_request_line);
    if (auto e = parse_request_line(line); e != parse_error::none) return fail(e);
    if (auto e = detail::parse_fields(rest, headers_); e != parse_error::none) return fail(e);
    detail::framing f;
    if (auto e = detail::parse_framing(headers_, f); e != parse_error::none) return fail(e);
    keep_alive_ = minor_ >= 1 ? !detail::connection_has(headers_, "close")
                              : detail::connection_has(headers_, "keep-alive");
    if (f.chunked) {
        state_ = state::body_chunked;
        return parse_status::need_more;
    }
    body_remaining_ = f.content_length.value_or(0);
    if (body_remaining_ > max_body_bytes_) return fail(parse_error::body_too_large);
    // A peer announcing a large body does not get the memory before it sends the bytes.
    body_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(body_remaining_, 1u << 20)));
    state_ = body_remaining_ == 0 ? state::done : state::body_length;
    return state_ == state::done ? parse_status::complete : parse_status::need_more;
}

parse_status request_parser::feed_chunked(std::string_view& in) {
    while (true) {
        parse_status s = chunked_.feed(in);
        if (s == parse_status::body) {
            if (body_.size() + chunked_.data().size() > max_body_bytes_) {
                return fail(parse_error::body_too_large);
            }
            body_.append(chunked_.data());
            continue;
        }
        if (s == parse_status::complete) state_ = state::done;
        if (s == parse_status::error) return fail(chunked_.error());
        return s;
    }
}

parse_status request_parser::feed(std::string_view& in) {
    switch (state_) {
        case state::head: {
            parse_status s = detail::scan_head(head_, line_start_, in, max_header_bytes_, true);
            if (s == parse_status::error) return fail(parse_error::header_too_large);
            if (s == parse_status::need_more) return s;
            s = finish_head();
            if (s != parse_status::need_more || in.empty()) return s;
            return feed(in);
        }
        case state::body_length: {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_remaining_, in.size()));
            body_.append(in.substr(0, n));
            in.remove_prefix(n);
            body_remaining_ -= n;
            if (body_remaining_ != 0) return parse_status::need_more;
            state_ = state::done;
            return parse_status::complete;
        }
        case state::body_chunked:
            return feed_chunked(in);
        case state::done:
            return parse_status::complete;
        case state::failed:
            return parse_status::error;
    }
    return parse_status::error;
}

}  // namespace ringperf::http
