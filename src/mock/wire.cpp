#include "ringperf/mock/wire.h"

#include <charconv>

#include "ringperf/base/json_writer.h"

namespace ringperf::mock {

namespace {

void append_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_hex(std::string& out, std::size_t v) {
    char buf[20];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
    out.append(buf, r.ptr);
}

void append_status_line(std::string& out, int status) {
    out += "HTTP/1.1 ";
    append_int(out, status);
    out.push_back(' ');
    out += reason_phrase(status);
    out += "\r\n";
}

void append_usage(std::string& out, std::uint64_t prompt_tokens, std::uint64_t completion_tokens) {
    out += "\"usage\":{\"prompt_tokens\":";
    append_uint(out, prompt_tokens);
    out += ",\"total_tokens\":";
    append_uint(out, prompt_tokens + completion_tokens);
    out += ",\"completion_tokens\":";
    append_uint(out, completion_tokens);
    out.push_back('}');
}

const char* finish_text(bool length) {
    return length ? "\"length\"" : "\"stop\"";
}

}  // namespace

std::string_view reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 413:
            return "Payload Too Large";
        case 500:
            return "Internal Server Error";
        default:
            return "Unknown";
    }
}

void append_json_response(std::string& out, int status, std::string_view json_body, bool close,
                          std::string_view allow) {
    append_status_line(out, status);
    out += "server: ringperf-mock\r\ncontent-type: application/json\r\ncontent-length: ";
    append_uint(out, json_body.size());
    out += "\r\n";
    if (!allow.empty()) {
        out += "allow: ";
        out += allow;
        out += "\r\n";
    }
    if (close) out += "connection: close\r\n";
    out += "\r\n";
    out += json_body;
}

void append_error_response(std::string& out, int status, std::string_view message, bool close,
                           std::string_view allow) {
    std::string body = "{\"error\":{\"message\":";
    json_append_string(body, message);
    body += ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":";
    append_int(body, status);
    body += "}}";
    append_json_response(out, status, body, close, allow);
}

void append_stream_head(std::string& out, bool close) {
    out +=
        "HTTP/1.1 200 OK\r\nserver: ringperf-mock\r\ncontent-type: text/event-stream\r\n"
        "transfer-encoding: chunked\r\n";
    if (close) out += "connection: close\r\n";
    out += "\r\n";
}

void append_last_chunk(std::string& out) {
    out += "0\r\n\r\n";
}

void make_json_prefix(std::string& out, const answer_identity& a, bool chunk) {
    out.clear();
    out += "{\"id\":";
    json_append_string(out, a.id);
    out += ",\"object\":";
    if (a.kind == api_kind::completions)
        out += "\"text_completion\"";
    else
        out += chunk ? "\"chat.completion.chunk\"" : "\"chat.completion\"";
    out += ",\"created\":";
    append_int(out, a.created);
    out += ",\"model\":";
    json_append_string(out, a.model);
}

void stream_writer::emit(std::string& out) {
    append_hex(out, scratch_.size() + 8);  // "data: " + "\n\n"
    out += "\r\ndata: ";
    out += scratch_;
    out += "\n\n\r\n";
}

void stream_writer::role_event(std::string& out, std::string_view prefix) {
    scratch_.assign(prefix);
    scratch_ +=
        ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        "\"logprobs\":null,\"finish_reason\":null}]}";
    emit(out);
}

void stream_writer::token_event(std::string& out, api_kind kind, std::string_view prefix,
                                std::string_view text) {
    scratch_.assign(prefix);
    scratch_ += kind == api_kind::chat ? ",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                                       : ",\"choices\":[{\"index\":0,\"text\":";
    json_append_string(scratch_, text);
    if (kind == api_kind::chat) scratch_.push_back('}');
    scratch_ += ",\"logprobs\":null,\"finish_reason\":null}]}";
    emit(out);
}

void stream_writer::finish_event(std::string& out, api_kind kind, std::string_view prefix,
                                 bool length) {
    scratch_.assign(prefix);
    scratch_ += kind == api_kind::chat ? ",\"choices\":[{\"index\":0,\"delta\":{}"
                                       : ",\"choices\":[{\"index\":0,\"text\":\"\"";
    scratch_ += ",\"logprobs\":null,\"finish_reason\":";
    scratch_ += finish_text(length);
    scratch_ += "}]}";
    emit(out);
}

void stream_writer::usage_event(std::string& out, std::string_view prefix,
                                std::uint64_t prompt_tokens, std::uint64_t completion_tokens) {
    scratch_.assign(prefix);
    scratch_ += ",\"choices\":[],";
    append_usage(scratch_, prompt_tokens, completion_tokens);
    scratch_.push_back('}');
    emit(out);
}

void stream_writer::done_event(std::string& out) {
    scratch_.assign("[DONE]");
    emit(out);
}

void append_full_answer(std::string& out, std::string& scratch, api_kind kind,
                        std::string_view prefix, std::string_view text, bool length,
                        std::uint64_t prompt_tokens, std::uint64_t completion_tokens, bool close) {
    scratch.assign(prefix);
    if (kind == api_kind::chat) {
        scratch += ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":";
        json_append_string(scratch, text);
        scratch.push_back('}');
    } else {
        scratch += ",\"choices\":[{\"index\":0,\"text\":";
        json_append_string(scratch, text);
    }
    scratch += ",\"logprobs\":null,\"finish_reason\":";
    scratch += finish_text(length);
    scratch += "}],";
    append_usage(scratch, prompt_tokens, completion_tokens);
    scratch.push_back('}');
    append_json_response(out, 200, scratch, close);
}

}  // namespace ringperf::mock
