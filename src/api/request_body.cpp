#include "ringperf/api/request_body.h"

#include <simdjson.h>

#include <vector>

#include "ringperf/base/json_writer.h"

namespace ringperf::api {

namespace {

// Where the value of one top-level key comes from.
enum class source : std::uint8_t { prompt, model, stream, max_tokens, extra, stream_options };

struct slot {
    std::string_view key;
    source from;
    std::string_view value = {};  // the serialized JSON value when from == extra
};

std::string_view trim(std::string_view s) {
    const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && ws(s.back()))
        s.remove_suffix(1);
    return s;
}

// Python dict-update order: the body's own keys first, extras override in place or append.
using pairs = std::span<const std::pair<std::string, std::string>>;

void merge_extras(std::vector<slot>& slots, pairs extras) {
    for (const auto& [key, value] : extras) {
        bool replaced = false;
        for (auto& s : slots) {
            if (s.key != key) continue;
            s.from = source::extra;
            s.value = value;
            replaced = true;
            break;
        }
        if (!replaced) slots.push_back({key, source::extra, value});
    }
}

std::vector<slot> plan_keys(const endpoint_options& ep, bool has_max_tokens, pairs turn_extra) {
    const bool chat = ep.type == endpoint_type::chat;
    std::vector<slot> slots;
    slots.reserve(5 + ep.extra_inputs.size());
    slots.push_back({chat ? "messages" : "prompt", source::prompt});
    slots.push_back({"model", source::model});
    slots.push_back({"stream", source::stream});
    if (has_max_tokens) {
        const bool legacy = !chat || ep.use_legacy_max_tokens;
        slots.push_back({legacy ? "max_tokens" : "max_completion_tokens", source::max_tokens});
    }
    merge_extras(slots, ep.extra_inputs);
    merge_extras(slots, turn_extra);
    return slots;
}

const slot* find_slot(const std::vector<slot>& slots, std::string_view key) {
    for (const auto& s : slots)
        if (s.key == key) return &s;
    return nullptr;
}

bool streams(const endpoint_options& ep, const std::vector<slot>& slots) {
    const slot* s = find_slot(slots, "stream");
    if (s == nullptr || s->from != source::extra) return ep.streaming;
    return trim(s->value) == "true";
}

enum class user_options { absent_or_null, object_with_include_usage, object_without, other };

user_options classify_stream_options(std::string_view json) {
    json = trim(json);
    if (json == "null") return user_options::absent_or_null;
    simdjson::dom::parser parser;
    simdjson::dom::object obj;
    if (parser.parse(json.data(), json.size()).get(obj)) return user_options::other;
    for (auto field : obj)
        if (field.key == "include_usage") return user_options::object_with_include_usage;
    return user_options::object_without;
}

// The user's object with "include_usage":true added before its closing brace.
void write_merged_object(json_writer& w, std::string_view user_object) {
    user_object = trim(user_object);
    std::string_view inner = trim(user_object.substr(1, user_object.size() - 2));
    std::string merged = "{";
    if (!inner.empty()) {
        merged.append(inner);
        merged.push_back(',');
    }
    merged.append("\"include_usage\":true}");
    w.raw(merged);
}

void write_stream_options(json_writer& w, const slot& s) {
    if (s.from != source::extra) {
        w.begin_object().key("include_usage").value(true).end_object();
        return;
    }
    const std::string_view user = s.value;
    switch (classify_stream_options(user)) {
        case user_options::absent_or_null:
            w.begin_object().key("include_usage").value(true).end_object();
            return;
        case user_options::object_without:
            write_merged_object(w, user);
            return;
        case user_options::object_with_include_usage:
        case user_options::other:
            w.raw(trim(user));
            return;
    }
}

void write_user_content(json_writer& w, const prompt_spec& p) {
    if (p.parts.empty()) {
        w.value(p.text);
        return;
    }
    w.begin_array();
    for (const auto& part : p.parts)
        w.begin_object().key("type").value("text").key("text").value(part).end_object();
    w.end_array();
}

// Completions: the context and history joined before the prompt, or the list of prompts.
void write_completions_prompt(json_writer& w, const prompt_spec& p) {
    if (p.history.empty() && p.context.empty()) {
        if (p.parts.empty()) {
            w.value(p.text);
            return;
        }
        w.begin_array();
        for (const auto& part : p.parts)
            w.value(part);
        w.end_array();
        return;
    }
    std::string joined;
    if (!p.context.empty()) joined.append(p.context).append("\n\n");
    for (const auto& m : p.history)
        joined.append(m.content).append("\n\n");
    if (p.parts.empty()) {
        joined.append(p.text);
        w.value(joined);
        return;
    }
    w.begin_array();
    for (const auto& part : p.parts)
        w.value(joined + part);
    w.end_array();
}

void write_prompt(json_writer& w, const endpoint_options& ep, const prompt_spec& p) {
    if (ep.type != endpoint_type::chat) {
        write_completions_prompt(w, p);
        return;
    }
    w.begin_array();
    if (!p.system.empty())
        w.begin_object().key("role").value("system").key("content").value(p.system).end_object();
    if (!p.context.empty())
        w.begin_object().key("role").value("user").key("content").value(p.context).end_object();
    for (const auto& m : p.history)
        w.begin_object().key("role").value(m.role).key("content").value(m.content).end_object();
    w.begin_object().key("role").value("user").key("content");
    write_user_content(w, p);
    w.end_object();
    w.end_array();
}

}  // namespace

bool body_streams(const endpoint_options& ep) {
    return streams(ep, plan_keys(ep, false, {}));
}

void append_body(std::string& out, const endpoint_options& ep, std::string_view model,
                 const prompt_spec& p) {
    std::vector<slot> slots = plan_keys(ep, p.max_tokens.has_value(), p.extra);
    const bool streaming = streams(ep, slots);
    if (streaming && find_slot(slots, "stream_options") == nullptr)
        slots.push_back({"stream_options", source::stream_options});
    std::size_t size = p.text.size() + p.context.size() + p.system.size() + 128;
    for (const auto& part : p.parts)
        size += part.size() + 32;
    out.reserve(out.size() + size);
    json_writer w(out);
    w.begin_object();
    for (const auto& s : slots) {
        w.key(s.key);
        if (s.key == "stream_options" && streaming) {
            write_stream_options(w, s);
            continue;
        }
        switch (s.from) {
            case source::prompt:
                write_prompt(w, ep, p);
                break;
            case source::model:
                w.value(model);
                break;
            case source::stream:
                w.value(ep.streaming);
                break;
            case source::max_tokens:
                w.value(*p.max_tokens);
                break;
            case source::extra:
                w.raw(trim(s.value));
                break;
            case source::stream_options:
                break;
        }
    }
    w.end_object();
}

std::string build_body(const endpoint_options& ep, std::string_view model, const prompt_spec& p) {
    std::string out;
    append_body(out, ep, model, p);
    return out;
}

}  // namespace ringperf::api
