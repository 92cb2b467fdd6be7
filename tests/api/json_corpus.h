// Inputs for the JSON equivalence tests: payloads taken from the recorded test data, and a
// generator of server-like chunks with random structure, values and defects.
#pragma once

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "../support/sse_escapes.h"
#include "ringperf/api/response.h"
#include "ringperf/base/rng.h"

namespace ringperf::test_corpus {

// Every field of an interpretation, as one comparable line.
inline std::string describe(const api::interpretation& r) {
    std::string s = api::response_kind_name(r.kind);
    s += r.has_output ? " out" : " -";
    s += r.has_reasoning ? " reasoning" : " -";
    s += r.has_choices ? " choices" : " -";
    s += " output=[" + std::string(r.output_text) + "]";
    s += " reasoning=[" + std::string(r.reasoning_text) + "]";
    s += " finish=[" + std::string(r.finish_reason) + "]";
    if (r.usage) {
        const metrics::usage_counts& u = *r.usage;
        for (const std::int64_t v :
             {u.prompt_tokens, u.completion_tokens, u.total_tokens, u.reasoning_tokens,
              u.prompt_cache_read_tokens, u.prompt_cache_write_tokens, u.prompt_cache_miss_tokens,
              u.prompt_audio_tokens, u.completion_audio_tokens, u.accepted_prediction_tokens,
              u.rejected_prediction_tokens})
            s += " " + std::to_string(v);
    } else {
        s += " no-usage";
    }
    s += " error=" + std::to_string(static_cast<int>(r.error)) + " " +
         std::to_string(r.error_code) + " [" + std::string(r.error_type) + "] [" +
         std::string(r.error_message) + "]";
    return s;
}

// `text` with bytes outside printable ASCII as \xHH, cut at 400 bytes.
inline std::string printable(const std::string& text) {
    std::string s;
    for (const char c : text.substr(0, 400)) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f) {
            s += c;
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", u);
            s += hex;
        }
    }
    if (text.size() > 400) s += "...";
    return s;
}

// Payloads of a test data file: `data:` and `body:` lines (with their `|` continuation lines)
// of .events and metrics .sse files, and the data of `> event` / `> finish` lines of the SSE
// decoder's cases.
inline void append_payloads(const std::string& file, std::vector<std::string>& out) {
    std::size_t pos = 0;
    bool in_body = false;
    while (pos < file.size()) {
        std::size_t end = file.find('\n', pos);
        if (end == std::string::npos) end = file.size();
        const std::string line = file.substr(pos, end - pos);
        pos = end + 1;
        if (in_body && !line.empty() && line[0] == '|') {
            out.back() += '\n';
            if (line.size() > 2) out.back() += line.substr(2);
            continue;
        }
        in_body = false;
        auto value_after = [&](std::size_t colon) {
            std::size_t start = colon + 1;
            if (start < line.size() && line[start] == ' ') ++start;
            return line.substr(start);
        };
        if (line.rfind("data:", 0) == 0) {
            out.push_back(value_after(4));
        } else if (line.rfind("body:", 0) == 0) {
            out.push_back(value_after(4));
            in_body = true;
        } else if (line.rfind("> event", 0) == 0 || line.rfind("> finish", 0) == 0) {
            const std::size_t d = line.find(" data=");
            std::string data, err;
            if (d != std::string::npos &&
                test_support::unescape_sse_case(line.substr(d + 6), data, err))
                out.push_back(std::move(data));
        }
    }
}

// A JSON value whose structure is fixed and whose leaves get new values at each render().
struct json_node {
    enum class type { object, array, text, number, raw } kind = type::raw;
    std::vector<std::pair<std::string, json_node>> members;  // keys as written, quotes included
    std::vector<json_node> elements;
    std::string raw;     // for raw: the literal text (null, true, a fixed string...)
    int leaf_class = 0;  // for text and number: which values render() picks from
    std::string space;   // whitespace written around this node's punctuation
};
using chunk_shape = json_node;

inline std::string pick(rng& r, const std::vector<std::string>& v) {
    return v[r.below(v.size())];
}

inline bool chance(rng& r, int percent) {
    return static_cast<int>(r.below(100)) < percent;
}

inline json_node raw(std::string text) {
    json_node n;
    n.raw = std::move(text);
    return n;
}

inline json_node text_leaf(int leaf_class) {
    json_node n;
    n.kind = json_node::type::text;
    n.leaf_class = leaf_class;
    return n;
}

inline json_node number_leaf(int leaf_class) {
    json_node n;
    n.kind = json_node::type::number;
    n.leaf_class = leaf_class;
    return n;
}

inline std::string random_space(rng& r) {
    if (chance(r, 85)) return "";
    return pick(r, {" ", " ", "\n", "\t", " \r\n  "});
}

inline json_node object_node(rng& r) {
    json_node n;
    n.kind = json_node::type::object;
    n.space = random_space(r);
    return n;
}

inline json_node array_node(rng& r) {
    json_node n;
    n.kind = json_node::type::array;
    n.space = random_space(r);
    return n;
}

// A key as written: usually plain, sometimes with an escape or a stray character.
inline std::string key(rng& r, const std::string& name) {
    if (chance(r, 3) && name.size() > 1)
        return "\"" + name.substr(0, 1) + "\\u00" + "6" + "1" + "\"";  // a different, escaped key
    if (chance(r, 2)) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(name[0]));
        return "\"" + std::string(buf) + name.substr(1) + "\"";
    }
    return "\"" + name + "\"";
}

inline json_node any_value(rng& r, int depth);

inline json_node scalar(rng& r) {
    switch (r.below(6)) {
        case 0:
            return raw("null");
        case 1:
            return raw(chance(r, 50) ? "true" : "false");
        case 2:
            return number_leaf(1);
        case 3:
            return raw("\"fixed\"");
        default:
            return text_leaf(chance(r, 70) ? 0 : 1);
    }
}

inline json_node any_value(rng& r, int depth) {
    if (depth > 3 || chance(r, 60)) return scalar(r);
    json_node n = chance(r, 50) ? object_node(r) : array_node(r);
    const int count = static_cast<int>(r.below(4));
    for (int i = 0; i < count; ++i) {
        if (n.kind == json_node::type::object)
            n.members.emplace_back(key(r, pick(r, {"a", "token", "logprob", "content", "x"})),
                                   any_value(r, depth + 1));
        else
            n.elements.push_back(any_value(r, depth + 1));
    }
    return n;
}

inline void add(json_node& obj, rng& r, const std::string& name, json_node value) {
    obj.members.emplace_back(key(r, name), std::move(value));
}

inline json_node text_or_other(rng& r, int text_percent) {
    if (chance(r, text_percent)) return text_leaf(chance(r, 75) ? 0 : 1);
    if (chance(r, 50)) return raw("null");
    return any_value(r, 2);
}

inline json_node tool_call(rng& r) {
    json_node call = object_node(r);
    if (chance(r, 80)) add(call, r, "index", number_leaf(0));
    if (chance(r, 50)) add(call, r, "id", text_leaf(0));
    if (chance(r, 50)) add(call, r, "type", raw("\"function\""));
    const int functions = chance(r, 85) ? 1 : static_cast<int>(r.below(3));
    for (int i = 0; i < functions; ++i) {
        if (chance(r, 85)) {
            json_node f = object_node(r);
            if (chance(r, 85)) add(f, r, "name", text_or_other(r, 85));
            if (chance(r, 85)) add(f, r, "arguments", text_or_other(r, 85));
            add(call, r, "function", std::move(f));
        } else {
            add(call, r, "function", any_value(r, 2));
        }
    }
    return call;
}

inline json_node message(rng& r) {
    json_node m = object_node(r);
    if (chance(r, 30)) add(m, r, "role", chance(r, 70) ? raw("\"assistant\"") : raw("null"));
    if (chance(r, 80)) add(m, r, "content", text_or_other(r, 80));
    if (chance(r, 20)) add(m, r, "reasoning_content", text_or_other(r, 60));
    if (chance(r, 15)) add(m, r, "reasoning", text_or_other(r, 60));
    if (chance(r, 15)) {
        if (chance(r, 75)) {
            json_node calls = array_node(r);
            const int n = 1 + static_cast<int>(r.below(2));
            for (int i = 0; i < n; ++i)
                calls.elements.push_back(chance(r, 90) ? tool_call(r) : any_value(r, 2));
            add(m, r, "tool_calls", std::move(calls));
        } else {
            add(m, r, "tool_calls", raw("null"));
        }
    }
    if (chance(r, 5)) add(m, r, "content", text_or_other(r, 80));  // a duplicate key
    return m;
}

inline json_node choice(rng& r) {
    json_node c = object_node(r);
    if (chance(r, 80)) add(c, r, "index", number_leaf(0));
    if (chance(r, 70)) add(c, r, "delta", chance(r, 90) ? message(r) : any_value(r, 2));
    if (chance(r, 20)) add(c, r, "message", chance(r, 90) ? message(r) : any_value(r, 2));
    if (chance(r, 25)) add(c, r, "text", text_or_other(r, 80));
    if (chance(r, 50)) add(c, r, "logprobs", chance(r, 80) ? raw("null") : any_value(r, 1));
    if (chance(r, 70)) {
        json_node reason = chance(r, 60)   ? raw("null")
                           : chance(r, 60) ? raw(pick(r, {"\"stop\"", "\"length\"", "\"\""}))
                                           : text_or_other(r, 70);
        add(c, r, "finish_reason", std::move(reason));
    }
    if (chance(r, 20)) add(c, r, "stop_reason", chance(r, 50) ? raw("null") : number_leaf(0));
    return c;
}

inline json_node usage(rng& r) {
    json_node u = object_node(r);
    static const std::vector<std::string> names = {"prompt_tokens",
                                                   "completion_tokens",
                                                   "total_tokens",
                                                   "input_tokens",
                                                   "output_tokens",
                                                   "cache_read_input_tokens",
                                                   "cache_creation_input_tokens",
                                                   "prompt_cache_hit_tokens",
                                                   "prompt_cache_miss_tokens",
                                                   "reasoning_tokens"};
    const int n = static_cast<int>(r.below(5));
    for (int i = 0; i < n; ++i) {
        json_node v = chance(r, 80) ? number_leaf(0) : chance(r, 50) ? number_leaf(1) : scalar(r);
        add(u, r, pick(r, names), std::move(v));
    }
    for (const char* details : {"prompt_tokens_details", "completion_tokens_details"}) {
        if (!chance(r, 25)) continue;
        if (chance(r, 30)) {
            add(u, r, details, raw("null"));
            continue;
        }
        json_node d = object_node(r);
        for (const char* name : {"cached_tokens", "audio_tokens", "reasoning_tokens",
                                 "accepted_prediction_tokens", "rejected_prediction_tokens"})
            if (chance(r, 30)) add(d, r, name, chance(r, 85) ? number_leaf(0) : scalar(r));
        add(u, r, details, std::move(d));
    }
    return u;
}

inline json_node error_value(rng& r) {
    if (chance(r, 60)) {
        json_node e = object_node(r);
        if (chance(r, 80)) add(e, r, "message", text_or_other(r, 85));
        if (chance(r, 60)) add(e, r, "type", text_or_other(r, 85));
        if (chance(r, 60)) add(e, r, "code", chance(r, 70) ? number_leaf(0) : scalar(r));
        if (chance(r, 30)) add(e, r, "param", raw("null"));
        return e;
    }
    return raw(
        pick(r, {"null", "\"\"", "{}", "[]", "0", "1", "true", "false", "[1]", "\"bad request\""}));
}

// A random chunk structure in the spirit of what OpenAI-compatible servers send.
inline chunk_shape random_shape(rng& r) {
    json_node top = object_node(r);
    if (chance(r, 85)) add(top, r, "id", text_leaf(0));
    if (chance(r, 80)) {
        json_node object =
            chance(r, 80)
                ? raw(pick(r, {"\"chat.completion.chunk\"", "\"chat.completion\"",
                               "\"text_completion\"", "\"completion\"", "\"error\"", "\"other\""}))
                : text_or_other(r, 50);
        add(top, r, "object", std::move(object));
    }
    if (chance(r, 70)) add(top, r, "created", number_leaf(0));
    if (chance(r, 70)) add(top, r, "model", raw("\"Qwen/Qwen3-0.6B\""));
    if (chance(r, 10)) add(top, r, "system_fingerprint", raw("\"fp\""));
    if (chance(r, 80)) {
        if (chance(r, 90)) {
            json_node choices = array_node(r);
            const int n = chance(r, 20) ? 0 : 1 + static_cast<int>(r.below(2));
            for (int i = 0; i < n; ++i)
                choices.elements.push_back(chance(r, 95) ? choice(r) : any_value(r, 2));
            add(top, r, "choices", std::move(choices));
        } else {
            add(top, r, "choices", any_value(r, 1));
        }
    }
    if (chance(r, 30)) add(top, r, "usage", chance(r, 80) ? usage(r) : raw("null"));
    if (chance(r, 8)) add(top, r, "error", error_value(r));
    for (const char* name : {"message", "type", "code", "detail"})
        if (chance(r, 4)) add(top, r, name, scalar(r));
    if (chance(r, 10))
        add(top, r, pick(r, {"timings", "x_extra", "prompt_logprobs"}), any_value(r, 0));
    if (chance(r, 15)) {
        for (std::size_t i = top.members.size(); i > 1; --i)
            std::swap(top.members[i - 1], top.members[r.below(i)]);
    }
    if (chance(r, 3) && !top.members.empty()) top.members.push_back(top.members.front());
    return top;
}

inline std::string text_value(rng& r, int leaf_class) {
    static const std::vector<std::string> plain = {"a", " token", "Hello", " ", "x y", "42", ""};
    static const std::vector<std::string> rich = {"\\n",
                                                  "\\\"",
                                                  "\\\\",
                                                  "\\/",
                                                  "\\b",
                                                  "\\f",
                                                  "\\r",
                                                  "\\t",
                                                  "\\u00e9",
                                                  "\\u4E2D",
                                                  "\\ud83d\\ude00",
                                                  "\\uD83D\\uDE00",
                                                  "\\u0000",
                                                  "\\u001f",
                                                  "\\u0041",
                                                  "\xc3\xa9",
                                                  "\xe4\xb8\xad",
                                                  "\xf0\x9f\x98\x80",
                                                  "\x7f",
                                                  "plain"};
    static const std::vector<std::string> broken = {
        "\\ud83d", "\\ude00",      "\\ud83d\\u0041",   "\\x",      "\\u12G4", "\\u12", "\xff",
        "\xc3",    "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\x01",    "\t",    "\\U0041"};
    std::string s;
    const int pieces = static_cast<int>(r.below(leaf_class == 0 ? 3 : 6));
    for (int i = 0; i < pieces; ++i) {
        if (leaf_class == 0)
            s += pick(r, plain);
        else
            s += chance(r, 8) ? pick(r, broken) : pick(r, rich);
    }
    return "\"" + s + "\"";
}

inline std::string number_value(rng& r, int leaf_class) {
    if (leaf_class == 0 && chance(r, 90))
        return pick(r, {"0", "1", "7", "42", "128", "1763769600", "123456789012345678"});
    return pick(r, {"-1", "-0", "0.5", "12.25", "1e5", "1E-2", "2.0", "01", "1.", "-",
                    "9999999999999999999", "18446744073709551616", "1.5e308", "1e400",
                    "0.12345678901234567890123456789012345", "-12", "3"});
}

inline void render_to(const json_node& n, rng& r, std::string& out) {
    switch (n.kind) {
        case json_node::type::raw:
            out += n.raw;
            return;
        case json_node::type::text:
            out += text_value(r, n.leaf_class);
            return;
        case json_node::type::number:
            out += number_value(r, n.leaf_class);
            return;
        case json_node::type::object:
            out += "{" + n.space;
            for (std::size_t i = 0; i < n.members.size(); ++i) {
                if (i != 0) out += n.space + "," + n.space;
                out += n.members[i].first + n.space + ":" + n.space;
                render_to(n.members[i].second, r, out);
            }
            out += n.space + "}";
            return;
        case json_node::type::array:
            out += "[" + n.space;
            for (std::size_t i = 0; i < n.elements.size(); ++i) {
                if (i != 0) out += n.space + "," + n.space;
                render_to(n.elements[i], r, out);
            }
            out += n.space + "]";
            return;
    }
}

inline std::string render(const chunk_shape& shape, rng& r) {
    std::string out;
    render_to(shape, r, out);
    return out;
}

// One random byte-level defect.
inline void mutate(std::string& text, rng& r) {
    if (text.empty()) return;
    static const std::string bytes("\"{}[],:\\ 0a-.eEn\xff\x01\0", 19);
    const std::size_t at = r.below(text.size());
    switch (r.below(6)) {
        case 0:
            text.erase(at, 1);
            break;
        case 5:
            text += bytes[r.below(bytes.size())];
            break;
        case 1:
            text.insert(at, 1, bytes[r.below(bytes.size())]);
            break;
        case 2:
            text[at] = bytes[r.below(bytes.size())];
            break;
        case 3:
            text.resize(at);
            break;
        default:
            if (at + 1 < text.size()) std::swap(text[at], text[at + 1]);
            break;
    }
}

}  // namespace ringperf::test_corpus
