#include "response_fields.h"

namespace ringperf::api::detail {

namespace dom = simdjson::dom;

namespace {

void read_string(dom::element v, std::string_view& out) noexcept {
    std::string_view s;
    if (v.get(s) == simdjson::SUCCESS) out = s;
}

void read_int(dom::element v, std::int64_t& out, bool& got) noexcept {
    std::int64_t n = 0;
    if (v.get(n) != simdjson::SUCCESS) return;
    out = n;
    got = true;
}

void read_tool_calls(dom::element v, std::string& tools) noexcept {
    dom::array calls;
    if (v.get(calls)) return;
    for (dom::element call : calls) {
        dom::object call_obj, function;
        if (call.get(call_obj) || call_obj["function"].get(function)) continue;
        std::string_view name, arguments;
        for (dom::key_value_pair kv : function) {
            if (kv.key == "name")
                read_string(kv.value, name);
            else if (kv.key == "arguments")
                read_string(kv.value, arguments);
        }
        tools.append(name);
        tools.append(arguments);
    }
}

void read_message(dom::element v, message_fields& m, std::string& tools) noexcept {
    dom::object obj;
    if (v.get(obj)) return;
    m.present = true;
    m.tool_begin = m.tool_end = tools.size();
    for (dom::key_value_pair kv : obj) {
        if (kv.key == "content") {
            read_string(kv.value, m.content);
        } else if (kv.key == "reasoning_content") {
            read_string(kv.value, m.reasoning_content);
        } else if (kv.key == "reasoning") {
            read_string(kv.value, m.reasoning);
        } else if (kv.key == "tool_calls") {
            m.tool_begin = tools.size();
            read_tool_calls(kv.value, tools);
            m.tool_end = tools.size();
        }
    }
}

void read_choices(dom::element v, body_fields& f, std::string& tools) noexcept {
    dom::array choices;
    dom::object first;
    if (v.get(choices) || choices.size() == 0) return;
    f.has_choices = true;
    if (choices.at(0).get(first)) return;
    for (dom::key_value_pair kv : first) {
        if (kv.key == "delta") {
            read_message(kv.value, f.delta, tools);
        } else if (kv.key == "message") {
            read_message(kv.value, f.message, tools);
        } else if (kv.key == "finish_reason") {
            read_string(kv.value, f.finish_reason);
        } else if (kv.key == "text") {
            f.has_text = true;
            read_string(kv.value, f.text);
        }
    }
}

using details_slot_fn = std::int64_t* (*)(std::string_view, metrics::usage_counts&) noexcept;

void read_details(dom::element v, details_slot_fn slot_of, metrics::usage_counts& u,
                  bool& got) noexcept {
    dom::object details;
    if (v.get(details)) return;
    for (dom::key_value_pair kv : details) {
        if (std::int64_t* slot = slot_of(kv.key, u)) read_int(kv.value, *slot, got);
    }
}

void read_usage(dom::element v, body_fields& f) noexcept {
    dom::object usage;
    if (v.get(usage)) return;
    metrics::usage_counts& u = f.usage;
    usage_aliases a;
    bool& got = f.has_usage;
    for (dom::key_value_pair kv : usage) {
        if (std::int64_t* slot = usage_slot(kv.key, u, a)) {
            read_int(kv.value, *slot, got);
        } else if (kv.key == "completion_tokens_details") {
            read_details(kv.value, completion_details_slot, u, got);
        } else if (kv.key == "prompt_tokens_details") {
            read_details(kv.value, prompt_details_slot, u, got);
        }
    }
    apply_aliases(a, u);
}

void read_error_object(dom::object obj, error_fields& err) noexcept {
    for (dom::key_value_pair kv : obj) {
        if (kv.key == "message")
            read_string(kv.value, err.message);
        else if (kv.key == "type")
            read_string(kv.value, err.type);
        else if (kv.key == "code")
            read_int(kv.value, err.code, err.has_code);
    }
    err.present = obj.size() > 0;
}

// AIPerf treats the "error" value by Python truthiness: null, false, 0, "", [] and {} are
// not errors.
void read_error(dom::element v, error_fields& err) noexcept {
    err.value = v;
    switch (v.type()) {
        case dom::element_type::OBJECT:
            read_error_object(v.get_object().value_unsafe(), err);
            return;
        case dom::element_type::STRING:
            err.message = v.get_string().value_unsafe();
            err.present = !err.message.empty();
            return;
        case dom::element_type::ARRAY:
            err.present = v.get_array().value_unsafe().size() > 0;
            return;
        case dom::element_type::INT64:
        case dom::element_type::UINT64:
        case dom::element_type::DOUBLE:
            err.present = v.get_double().value_unsafe() != 0;
            return;
        case dom::element_type::BOOL:
            err.present = v.get_bool().value_unsafe();
            return;
        case dom::element_type::NULL_VALUE:
            return;
    }
}

}  // namespace

std::int64_t* usage_slot(std::string_view key, metrics::usage_counts& u,
                         usage_aliases& a) noexcept {
    if (key == "prompt_tokens") return &u.prompt_tokens;
    if (key == "completion_tokens") return &u.completion_tokens;
    if (key == "total_tokens") return &u.total_tokens;
    if (key == "input_tokens") return &a.input_tokens;
    if (key == "output_tokens") return &a.output_tokens;
    if (key == "cache_read_input_tokens") return &a.cache_read_input;
    if (key == "cache_creation_input_tokens") return &u.prompt_cache_write_tokens;
    if (key == "prompt_cache_hit_tokens") return &a.cache_hit;
    if (key == "prompt_cache_miss_tokens") return &u.prompt_cache_miss_tokens;
    return nullptr;
}

std::int64_t* completion_details_slot(std::string_view key, metrics::usage_counts& u) noexcept {
    if (key == "reasoning_tokens") return &u.reasoning_tokens;
    if (key == "audio_tokens") return &u.completion_audio_tokens;
    if (key == "accepted_prediction_tokens") return &u.accepted_prediction_tokens;
    if (key == "rejected_prediction_tokens") return &u.rejected_prediction_tokens;
    return nullptr;
}

std::int64_t* prompt_details_slot(std::string_view key, metrics::usage_counts& u) noexcept {
    if (key == "cached_tokens") return &u.prompt_cache_read_tokens;
    if (key == "audio_tokens") return &u.prompt_audio_tokens;
    return nullptr;
}

void apply_aliases(const usage_aliases& a, metrics::usage_counts& u) noexcept {
    if (u.prompt_tokens < 0) u.prompt_tokens = a.input_tokens;
    if (u.completion_tokens < 0) u.completion_tokens = a.output_tokens;
    if (u.prompt_cache_read_tokens < 0)
        u.prompt_cache_read_tokens = a.cache_read_input >= 0 ? a.cache_read_input : a.cache_hit;
}

void read_body(dom::object obj, body_fields& f, std::string& tools) noexcept {
    for (dom::key_value_pair kv : obj) {
        if (kv.key == "choices") {
            read_choices(kv.value, f, tools);
        } else if (kv.key == "object") {
            f.has_object = true;
            read_string(kv.value, f.object);
        } else if (kv.key == "usage") {
            read_usage(kv.value, f);
        } else if (kv.key == "error") {
            read_error(kv.value, f.error);
        } else if (kv.key == "message") {
            read_string(kv.value, f.top.message);
        } else if (kv.key == "type") {
            read_string(kv.value, f.top.type);
        } else if (kv.key == "code") {
            read_int(kv.value, f.top.code, f.top.has_code);
        } else if (kv.key == "detail") {
            read_string(kv.value, f.detail);
        }
    }
}

}  // namespace ringperf::api::detail
