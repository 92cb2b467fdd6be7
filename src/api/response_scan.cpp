#include "response_scan.h"

namespace ringperf::api::detail {

namespace {

// The readers below mirror those of response_fields.cpp member by member: same keys, same
// handling of values of the wrong type (skipped), same order of effects.

bool read_string(json_scanner& s, std::string_view& out) noexcept {
    if (s.peek() != '"') return s.skip();
    return s.string(out, &out);
}

bool read_tool_call(json_scanner& s, std::string& tools) noexcept {
    if (s.peek() != '{') return s.skip();
    // Only the first "function" member counts, as with a DOM key lookup.
    bool seen = false;
    bool found = false;
    std::string_view name, arguments;
    const bool ok = s.object([&](std::string_view k) {
        if (k != "function" || seen) return s.skip();
        seen = true;
        if (s.peek() != '{') return s.skip();
        found = true;
        return s.object([&](std::string_view fk) {
            if (fk == "name") return read_string(s, name);
            if (fk == "arguments") return read_string(s, arguments);
            return s.skip();
        });
    });
    if (!ok) return false;
    if (found) {
        tools.append(name);
        tools.append(arguments);
    }
    return true;
}

bool read_message(json_scanner& s, message_fields& m, std::string& tools) noexcept {
    if (s.peek() != '{') return s.skip();
    m.present = true;
    m.tool_begin = m.tool_end = tools.size();
    return s.object([&](std::string_view k) {
        if (k == "content") return read_string(s, m.content);
        if (k == "reasoning_content") return read_string(s, m.reasoning_content);
        if (k == "reasoning") return read_string(s, m.reasoning);
        if (k == "tool_calls") {
            m.tool_begin = tools.size();
            const bool ok = s.peek() == '['
                                ? s.array([&](std::size_t) { return read_tool_call(s, tools); })
                                : s.skip();
            m.tool_end = tools.size();
            return ok;
        }
        return s.skip();
    });
}

bool read_choices(json_scanner& s, body_fields& f, std::string& tools) noexcept {
    if (s.peek() != '[') return s.skip();
    return s.array([&](std::size_t i) {
        if (i > 0) return s.skip();
        f.has_choices = true;
        if (s.peek() != '{') return s.skip();
        return s.object([&](std::string_view k) {
            if (k == "delta") return read_message(s, f.delta, tools);
            if (k == "message") return read_message(s, f.message, tools);
            if (k == "finish_reason") return read_string(s, f.finish_reason);
            if (k == "text") {
                f.has_text = true;
                return read_string(s, f.text);
            }
            return s.skip();
        });
    });
}

template <class SlotOf>
bool read_details(json_scanner& s, SlotOf slot_of, metrics::usage_counts& u, bool& got) noexcept {
    if (s.peek() != '{') return s.skip();
    return s.object([&](std::string_view k) {
        if (std::int64_t* slot = slot_of(k, u)) return s.count(*slot, got);
        return s.skip();
    });
}

bool read_usage(json_scanner& s, body_fields& f) noexcept {
    if (s.peek() != '{') return s.skip();
    metrics::usage_counts& u = f.usage;
    usage_aliases a;
    bool& got = f.has_usage;
    const bool ok = s.object([&](std::string_view k) {
        if (std::int64_t* slot = usage_slot(k, u, a)) return s.count(*slot, got);
        if (k == "completion_tokens_details")
            return read_details(s, completion_details_slot, u, got);
        if (k == "prompt_tokens_details") return read_details(s, prompt_details_slot, u, got);
        return s.skip();
    });
    if (ok) apply_aliases(a, u);
    return ok;
}

bool read_member(json_scanner& s, std::string_view k, body_fields& f, std::string& tools) noexcept {
    if (k == "choices") return read_choices(s, f, tools);
    if (k == "object") {
        f.has_object = true;
        return read_string(s, f.object);
    }
    if (k == "usage") return read_usage(s, f);
    // A non-null error needs its DOM value (for its JSON text); leave it to the DOM.
    if (k == "error") return s.peek() == 'n' && s.skip();
    if (k == "message") return read_string(s, f.top.message);
    if (k == "type") return read_string(s, f.top.type);
    if (k == "code") return s.count(f.top.code, f.top.has_code);
    if (k == "detail") return read_string(s, f.detail);
    return s.skip();
}

}  // namespace

bool scan_body(char* json, std::size_t size, body_fields& f, std::string& tools,
               scan_record* record) noexcept {
    json_scanner s(json, json + size, record);
    if (s.peek() != '{') return false;
    if (!s.object([&](std::string_view k) { return read_member(s, k, f, tools); })) return false;
    return s.at_end();
}

}  // namespace ringperf::api::detail
