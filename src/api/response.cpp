#include "ringperf/api/response.h"

#include <simdjson.h>

#include <cstring>
#include <string>

#include "response_fields.h"
#include "response_scan.h"
#include "response_shape.h"

namespace ringperf::api {

namespace dom = simdjson::dom;
using detail::body_fields;
using detail::message_fields;
using metrics::error_kind;

namespace {

constexpr std::int32_t bad_gateway = 502;
constexpr std::string_view stream_error_type = "SSEResponseError";
constexpr std::string_view parse_error_type = "ResponseParseError";
// Room for typical stream events and small bodies, so a worker's interpreter does not grow
// while it streams.
constexpr std::size_t initial_capacity = 64 * 1024;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char c = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (c != lower[i]) return false;
    }
    return true;
}

std::int32_t server_error_code(const detail::error_fields& e) {
    if (e.has_code && e.code >= 400 && e.code <= 599) return static_cast<std::int32_t>(e.code);
    return bad_gateway;
}

}  // namespace

const char* response_kind_name(response_kind k) {
    switch (k) {
        case response_kind::ignored:
            return "ignored";
        case response_kind::content:
            return "content";
        case response_kind::done:
            return "done";
        case response_kind::error:
            return "error";
    }
    return "unknown";
}

struct response_interpreter::impl {
    impl(endpoint_type t, json_reader r) : type(t), reader(r) {
        reserve(initial_capacity);
        tools.reserve(1024);
        joined.reserve(1024);
        owned_message.reserve(256);
    }

    endpoint_type type;
    json_reader reader;
    json_read_counts reads;
    detail::shape_cache shapes;
    detail::scan_record record;
    body_fields scanned;  // what the scanner read last
    dom::parser parser;
    std::unique_ptr<char[]> buf;  // input copy followed by SIMDJSON_PADDING bytes
    std::size_t capacity = 0;     // usable bytes of buf, padding excluded
    std::string tools;            // tool-call text of the current response
    std::string joined;           // content followed by tool-call text, when both are present
    std::string owned_message;    // error messages built here or copied from the input

    bool reserve(std::size_t n) {
        if (n <= capacity) return true;
        std::size_t cap = capacity == 0 ? initial_capacity : capacity;
        while (cap < n)
            cap *= 2;
        if (parser.allocate(cap)) return false;
        buf.reset(new char[cap + simdjson::SIMDJSON_PADDING]());
        capacity = cap;
        return true;
    }

    // The functions below fill `r`, which the caller passes default-constructed: one
    // interpretation per call, built in place, never copied.

    void invalid(interpretation& r, std::string_view what, simdjson::error_code e) {
        owned_message.assign(what);
        if (e != simdjson::SUCCESS) {
            owned_message.append(": ");
            owned_message.append(simdjson::error_message(e));
        }
        r.kind = response_kind::error;
        r.error = error_kind::response_invalid;
        r.error_code = bad_gateway;
        r.error_type = parse_error_type;
        r.error_message = owned_message;
    }

    void copy_in(std::string_view json) {
        std::memcpy(buf.get(), json.data(), json.size());
        buf[json.size()] = '\0';
    }

    // Reads `json` without the DOM: the fields, or nullptr when neither a shape nor the
    // scanner can read it. The fields stay valid until the next call.
    const body_fields* read_without_dom(std::string_view json) {
        static_assert(detail::scan_padding < simdjson::SIMDJSON_PADDING);
        if (!reserve(json.size())) return nullptr;
        tools.clear();
        copy_in(json);
        const bool learn = reader == json_reader::shapes_first;
        if (learn) {
            if (const body_fields* f = shapes.read(buf.get(), json.size())) {
                ++reads.shaped;
                return f;
            }
            // A shape that did not match may have unescaped strings in place.
            copy_in(json);
        }
        scanned = body_fields{};
        record.clear();
        if (!detail::scan_body(buf.get(), json.size(), scanned, tools, learn ? &record : nullptr))
            return nullptr;
        ++reads.scanned;
        if (learn) shapes.learn(buf.get(), json.size(), record, scanned, tools);
        return &scanned;
    }

    // Parses `json` as one object into `f`. Returns SUCCESS or the first JSON error; a
    // non-object document gives INCORRECT_TYPE.
    simdjson::error_code parse(std::string_view json, body_fields& f) {
        ++reads.parsed;
        if (!reserve(json.size())) return simdjson::MEMALLOC;
        std::memcpy(buf.get(), json.data(), json.size());
        tools.clear();
        dom::element root;
        if (auto e = parser.parse(buf.get(), json.size(), false).get(root)) return e;
        dom::object obj;
        if (auto e = root.get(obj)) return e;
        detail::read_body(obj, f, tools);
        return simdjson::SUCCESS;
    }

    void interpret_json(std::string_view json, interpretation& r) {
        if (reader != json_reader::dom_only) {
            if (const body_fields* f = read_without_dom(json)) return interpret(*f, r);
        }
        body_fields f;
        if (auto e = parse(json, f)) return invalid(r, "response is not one valid JSON object", e);
        interpret(f, r);
    }

    void interpret(const body_fields& f, interpretation& r) {
        if (f.has_usage) r.usage = f.usage;
        r.finish_reason = f.finish_reason;
        if (f.error.present) return server_error(r, f.error);
        if (f.has_object && f.object == "error") return server_error(r, f.top);
        r.has_choices = f.has_choices;
        if (type == endpoint_type::chat) {
            if (const message_fields* m = chat_message(f)) fill_chat(r, *m);
        } else if (!f.has_object || f.object == "text_completion" || f.object == "completion") {
            r.output_text = f.text;
        }
        r.has_output = !r.output_text.empty();
        r.has_reasoning = !r.reasoning_text.empty();
        if (r.has_output || r.has_reasoning) r.kind = response_kind::content;
    }

    void server_error(interpretation& r, const detail::error_fields& e) {
        r.kind = response_kind::error;
        r.error = error_kind::stream_error;
        r.error_code = server_error_code(e);
        r.error_type = e.type.empty() ? stream_error_type : e.type;
        r.error_message = e.message.empty() ? error_json(e) : e.message;
    }

    // AIPerf reports an error value without a message as its compact JSON text.
    std::string_view error_json(const detail::error_fields& e) {
        owned_message.clear();
        if (e.present) owned_message = simdjson::minify(e.value);
        return owned_message;
    }

    static const message_fields* chat_message(const body_fields& f) {
        if (!f.has_object) {
            if (f.delta.present) return &f.delta;
            if (f.message.present) return &f.message;
            return nullptr;
        }
        if (f.object == "chat.completion.chunk") return &f.delta;
        if (f.object == "chat.completion") return &f.message;
        return nullptr;
    }

    void fill_chat(interpretation& r, const message_fields& m) {
        r.reasoning_text = m.reasoning_content.empty() ? m.reasoning : m.reasoning_content;
        const std::string_view tool(tools.data() + m.tool_begin, m.tool_end - m.tool_begin);
        if (!r.reasoning_text.empty() || tool.empty()) {
            r.output_text = m.content;
        } else if (m.content.empty()) {
            r.output_text = tool;
        } else {
            joined.assign(m.content);
            joined.append(tool);
            r.output_text = joined;
        }
    }

    void event_error(std::string_view data, interpretation& r) {
        const std::string_view text = trim(data);
        if (!text.empty() && text.front() == '{') {
            interpret_json(text, r);
            if (r.kind == response_kind::error && r.error == error_kind::stream_error) return;
            r = interpretation{};
        }
        detail::error_fields e;
        owned_message.assign(text.empty() ? "Unknown error in SSE response" : text);
        e.message = owned_message;
        server_error(r, e);
    }

    void stream_event(std::string_view event_type, std::string_view data, interpretation& r) {
        if (equals_ignoring_case(event_type, "error")) return event_error(data, r);
        const std::string_view text = trim(data);
        if (text.empty()) return;
        if (text == "[DONE]") {
            r.kind = response_kind::done;
            return;
        }
        interpret_json(text, r);
    }

    void full_body(std::string_view body, interpretation& r) {
        const std::string_view text = trim(body);
        if (text.empty()) return invalid(r, "empty response body", simdjson::SUCCESS);
        interpret_json(text, r);
    }

    void error_body(int status, std::string_view body, interpretation& r) {
        r.kind = response_kind::error;
        r.error = error_kind::http_status;
        r.error_code = status;
        const std::string_view text = trim(body);
        body_fields f;
        if (!text.empty() && text.front() == '{' && parse(text, f) == simdjson::SUCCESS) {
            const detail::error_fields& e = f.error.present ? f.error : f.top;
            r.error_type = e.type;
            if (f.error.present)
                r.error_message = e.message.empty() ? error_json(e) : e.message;
            else if (!e.message.empty())
                r.error_message = e.message;
            else if (!f.detail.empty())
                r.error_message = f.detail;
            if (!r.error_message.empty()) return;
        }
        owned_message.assign(text);
        r.error_message = owned_message;
    }
};

response_interpreter::response_interpreter(endpoint_type t, json_reader reader)
    : impl_(std::make_unique<impl>(t, reader)) {}
response_interpreter::~response_interpreter() = default;
response_interpreter::response_interpreter(response_interpreter&&) noexcept = default;
response_interpreter& response_interpreter::operator=(response_interpreter&&) noexcept = default;

interpretation response_interpreter::stream_event(std::string_view event_type,
                                                  std::string_view data) {
    interpretation r;
    impl_->stream_event(event_type, data, r);
    return r;
}

interpretation response_interpreter::full_body(std::string_view body) {
    interpretation r;
    impl_->full_body(body, r);
    return r;
}

interpretation response_interpreter::error_body(int status, std::string_view body) {
    interpretation r;
    impl_->error_body(status, body, r);
    return r;
}

json_read_counts response_interpreter::json_reads() const noexcept {
    return impl_->reads;
}

}  // namespace ringperf::api
