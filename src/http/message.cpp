#include "ringperf/http/message.h"

#include "head.h"

namespace ringperf::http {

const char* parse_error_name(parse_error e) {
    switch (e) {
        case parse_error::none:
            return "none";
        case parse_error::bad_request_line:
            return "bad_request_line";
        case parse_error::bad_status_line:
            return "bad_status_line";
        case parse_error::bad_header:
            return "bad_header";
        case parse_error::header_too_large:
            return "header_too_large";
        case parse_error::too_many_headers:
            return "too_many_headers";
        case parse_error::bad_content_length:
            return "bad_content_length";
        case parse_error::body_too_large:
            return "body_too_large";
        case parse_error::bad_chunk_size:
            return "bad_chunk_size";
        case parse_error::bad_chunk_framing:
            return "bad_chunk_framing";
        case parse_error::chunk_too_large:
            return "chunk_too_large";
        case parse_error::bad_transfer_encoding:
            return "bad_transfer_encoding";
        case parse_error::truncated:
            return "truncated";
    }
    return "unknown";
}

std::optional<std::string_view> find_header(std::span<const header> headers,
                                            std::string_view name) {
    for (const auto& h : headers) {
        if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
}

}  // namespace ringperf::http
