#include "response_fields.h"

namespace ringperf::api::detail {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// Every reader skips values of an unexpected JSON type (the object iterator steps over what
// was not consumed), so a field of the wrong type reads as absent. Only malformed JSON fails.

error_code type_of(od::value& v, od::json_type& t) noexcept {
    return v.type().get(t);
}

error_code read_string(od::value v, std::string_view& out) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    if (t != od::json_type::string) return SUCCESS;
    return v.get_string().get(out);
}

error_code read_int(od::value v, std::int64_t& out, bool& got) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    if (t != od::json_type::number) return SUCCESS;
    std::int64_t n = 0;
    const error_code e = v.get_int64().get(n);
    if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_OUT_OF_RANGE) return SUCCESS;
    if (e) return e;
    out = n;
    got = true;
    return SUCCESS;
}

// Iterates an object's fields, calling on_field(key, value) for each; a non-object is skipped.
template <typename OnField>
error_code for_each_field(od::value v, OnField&& on_field) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    if (t != od::json_type::object) return SUCCESS;
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    for (auto field_result : obj) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return e;
        if (auto e = on_field(field.key(), field.value())) return e;
    }
    return SUCCESS;
}

error_code read_tool_calls(od::value v, std::string& tools) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    if (t != od::json_type::array) return SUCCESS;
    od::array calls;
    if (auto e = v.get_array().get(calls)) return e;
    for (auto call_result : calls) {
        od::value call;
        if (auto e = std::move(call_result).get(call)) return e;
        std::string_view name, arguments;
        auto on_function_field = [&](od::raw_json_string key, od::value fv) -> error_code {
            if (key == "name") return read_string(fv, name);
            if (key == "arguments") return read_string(fv, arguments);
            return SUCCESS;
        };
        auto on_call_field = [&](od::raw_json_string key, od::value cv) -> error_code {
            if (key == "function") return for_each_field(cv, on_function_field);
            return SUCCESS;
        };
        if (auto e = for_each_field(call, on_call_field)) return e;
        tools.append(name);
        tools.append(arguments);
    }
    return SUCCESS;
}

error_code read_message(od::value v, message_fields& m, std::string& tools) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    if (t != od::json_type::object) return SUCCESS;
    m.present = true;
    m.tool_begin = m.tool_end = tools.size();
    auto on_field = [&](od::raw_json_string key, od::value fv) -> error_code {
        if (key == "content") return read_string(fv, m.content);
        if (key == "reasoning_content") return read_string(fv, m.reasoning_content);
        if (key == "reasoning") return read_string(fv, m.reasoning);
        if (key == "tool_calls") {
            m.tool_begin = tools.size();
            const error_code e = read_tool_calls(fv, tools);
            m.tool_end = tools.size();
            return e;
        }
        return SUCCESS;
    };
    return for_each_field(v, on_field);
}

// Only choices[0] is read; the rest of the array is skipped by the enclosing object.
error_code read_choices(od::value v, body_fields& f, std::string& tools) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    if (t != od::json_type::array) return SUCCESS;
    od::array choices;
    if (auto e = v.get_array().get(choices)) return e;
    for (auto choice_result : choices) {
        od::value choice;
        if (auto e = std::move(choice_result).get(choice)) return e;
        auto on_field = [&](od::raw_json_string key, od::value cv) -> error_code {
            if (key == "delta") return read_message(cv, f.delta, tools);
            if (key == "message") return read_message(cv, f.message, tools);
            if (key == "finish_reason") return read_string(cv, f.finish_reason);
            if (key == "text") {
                f.has_text = true;
                return read_string(cv, f.text);
            }
            return SUCCESS;
        };
        return for_each_field(choice, on_field);
    }
    return SUCCESS;
}

error_code read_usage(od::value v, body_fields& f) noexcept {
    metrics::usage_counts& u = f.usage;
    bool& got = f.has_usage;
    auto on_details_field = [&](od::raw_json_string key, od::value dv) -> error_code {
        if (key == "reasoning_tokens") return read_int(dv, u.reasoning_tokens, got);
        return SUCCESS;
    };
    auto on_field = [&](od::raw_json_string key, od::value uv) -> error_code {
        if (key == "prompt_tokens") return read_int(uv, u.prompt_tokens, got);
        if (key == "completion_tokens") return read_int(uv, u.completion_tokens, got);
        if (key == "total_tokens") return read_int(uv, u.total_tokens, got);
        if (key == "completion_tokens_details") return for_each_field(uv, on_details_field);
        return SUCCESS;
    };
    return for_each_field(v, on_field);
}

std::string_view trim_right(std::string_view s) noexcept {
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

error_code read_error_object(od::value v, error_fields& err) noexcept {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    std::string_view json;
    if (auto e = obj.raw_json().get(json)) return e;
    bool reset = false;
    if (auto e = obj.reset().get(reset)) return e;
    bool any_field = false;
    for (auto field_result : obj) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return e;
        any_field = true;
        const od::raw_json_string key = field.key();
        error_code e = SUCCESS;
        if (key == "message")
            e = read_string(field.value(), err.message);
        else if (key == "type")
            e = read_string(field.value(), err.type);
        else if (key == "code")
            e = read_int(field.value(), err.code, err.has_code);
        if (e) return e;
    }
    err.present = any_field;
    if (err.message.empty()) err.message = trim_right(json);
    return SUCCESS;
}

// AIPerf treats the "error" value by Python truthiness: null, false, 0, "", [] and {} are
// not errors.
error_code read_error(od::value v, error_fields& err) noexcept {
    od::json_type t;
    if (auto e = type_of(v, t)) return e;
    switch (t) {
        case od::json_type::object:
            return read_error_object(v, err);
        case od::json_type::string: {
            if (auto e = v.get_string().get(err.message)) return e;
            err.present = !err.message.empty();
            return SUCCESS;
        }
        case od::json_type::array: {
            od::array arr;
            if (auto e = v.get_array().get(arr)) return e;
            std::size_t n = 0;
            if (auto e = arr.count_elements().get(n)) return e;
            if (auto e = arr.raw_json().get(err.message)) return e;
            err.message = trim_right(err.message);
            err.present = n > 0;
            return SUCCESS;
        }
        case od::json_type::number: {
            double d = 0;
            err.message = trim_right(v.raw_json_token());
            if (auto e = v.get_double().get(d)) return e;
            err.present = d != 0;
            return SUCCESS;
        }
        case od::json_type::boolean: {
            bool b = false;
            err.message = "true";
            if (auto e = v.get_bool().get(b)) return e;
            err.present = b;
            return SUCCESS;
        }
        case od::json_type::null:
            return SUCCESS;
    }
    return SUCCESS;
}

}  // namespace

error_code read_body(od::object obj, body_fields& f, std::string& tools) noexcept {
    for (auto field_result : obj) {
        od::field field;
        if (auto e = std::move(field_result).get(field)) return e;
        const od::raw_json_string key = field.key();
        error_code e = SUCCESS;
        if (key == "choices") {
            e = read_choices(field.value(), f, tools);
        } else if (key == "object") {
            f.has_object = true;
            e = read_string(field.value(), f.object);
        } else if (key == "usage") {
            e = read_usage(field.value(), f);
        } else if (key == "error") {
            e = read_error(field.value(), f.error);
        } else if (key == "message") {
            e = read_string(field.value(), f.top.message);
        } else if (key == "type") {
            e = read_string(field.value(), f.top.type);
        } else if (key == "code") {
            e = read_int(field.value(), f.top.code, f.top.has_code);
        } else if (key == "detail") {
            e = read_string(field.value(), f.detail);
        }
        if (e) return e;
    }
    return SUCCESS;
}

}  // namespace ringperf::api::detail
