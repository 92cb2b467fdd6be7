// Pieces shared by request_parser and response_parser: collecting a head across reads and
// parsing its field lines. Internal to the http module.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/http/message.h"

namespace ringperf::http::detail {

// Appends to `buf` the bytes of `in` up to and including the blank line that ends a head
// (consuming them from `in`); `line_start` is the offset in `buf` of the current line and
// must start at 0 with an empty `buf`. Returns head_done once the blank line is in,
// need_more when `in` is used up first, error when the head would exceed `max_bytes`. With
// `skip_leading_blank_lines`, empty lines before the start line are dropped. The copy is
// needed because header views must outlive the caller's receive buffer.
parse_status scan_head(std::string& buf, std::size_t& line_start, std::string_view& in,
                       std::size_t max_bytes, bool skip_leading_blank_lines);

bool iequals(std::string_view a, std::string_view b);

// Non-empty and only tchar (RFC 9110 §5.6.2).
bool is_token(std::string_view s);

// Splits the next line off a complete head, without its line end. False when a CR appears
// anywhere but right before the LF.
bool next_line(std::string_view& rest, std::string_view& line);

// "HTTP/1.<digit>"; stores the minor version.
bool parse_version(std::string_view text, int& minor);

// Parses the field lines after the start line (through the terminating blank line).
parse_error parse_fields(std::string_view rest, std::vector<header>& out);

struct framing {
    std::optional<std::uint64_t> content_length;
    bool chunked = false;
};

// Content-Length and Transfer-Encoding, with the checks that keep framing unambiguous.
parse_error parse_framing(std::span<const header> headers, framing& out);

// Whether a Connection field lists `token` (ASCII case ignored).
bool connection_has(std::span<const header> headers, std::string_view token);

}  // namespace ringperf::http::detail
