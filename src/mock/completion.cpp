#include "ringperf/mock/completion.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "ringperf/base/rng.h"

namespace ringperf::mock {

namespace {

namespace dom = simdjson::dom;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

void append_words(std::string_view text, completion_request& out) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        if (i == start) break;
        if (!out.words.empty()) out.words.push_back(' ');
        out.words.append(text.data() + start, i - start);
        ++out.prompt_tokens;
    }
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// The text parts of a chat message's "content": a string, a list of parts, or null.
bool add_content(dom::element content, completion_request& out) {
    std::string_view text;
    if (content.get_string().get(text) == simdjson::SUCCESS) {
        append_words(text, out);
        return true;
    }
    if (content.is_null()) return true;
    dom::array parts;
    if (content.get_array().get(parts) != simdjson::SUCCESS) return false;
    for (dom::element part : parts) {
        std::string_view type;
        if (part["type"].get_string().get(type) != simdjson::SUCCESS) return false;
        if (type != "text") continue;
        if (part["text"].get_string().get(text) != simdjson::SUCCESS) return false;
        append_words(text, out);
    }
    return true;
}

bool add_messages(dom::element v, completion_request& out, std::string& message) {
    dom::array messages;
    if (v.get_array().get(messages) != simdjson::SUCCESS) {
        message = "'messages' must be a list of message objects";
        return false;
    }
    for (dom::element m : messages) {
        dom::element content;
        if (!m.is_object()) {
            message = "each message must be an object";
            return false;
        }
        if (m["content"].get(content) != simdjson::SUCCESS) continue;
        if (!add_content(content, out)) {
            message = "message 'content' must be a string or a list of content parts";
            return false;
        }
    }
    return true;
}

bool add_prompt(dom::element v, completion_request& out, std::string& message) {
    std::string_view text;
    if (v.get_string().get(text) == simdjson::SUCCESS) {
        append_words(text, out);
        return true;
    }
    dom::array list;
    if (v.get_array().get(list) == simdjson::SUCCESS) {
        bool all_strings = true;
        for (dom::element e : list)
            all_strings = all_strings && e.is_string();
        if (all_strings) {
            for (dom::element e : list)
                append_words(e.get_string().value_unsafe(), out);
            return true;
        }
    }
    message = "'prompt' must be a string or a list of strings";
    return false;
}

bool get_count(dom::element v, const char* name, std::optional<std::uint64_t>& out,
               std::string& message) {
    if (v.is_null()) return true;
    std::uint64_t n = 0;
    if (v.get_uint64().get(n) != simdjson::SUCCESS) {
        message = std::string("'") + name + "' must be a non-negative integer";
        return false;
    }
    out = n;
    return true;
}

bool get_flag(dom::element v, const char* name, bool& out, std::string& message) {
    if (v.is_null()) return true;
    if (v.get_bool().get(out) != simdjson::SUCCESS) {
        message = std::string("'") + name + "' must be a boolean";
        return false;
    }
    return true;
}

struct fields {
    bool has_input = false;
    std::optional<std::uint64_t> max_completion_tokens;
    std::optional<std::uint64_t> max_tokens;
    std::optional<std::uint64_t> min_tokens;
};

bool apply_field(std::string_view key, dom::element v, completion_request& out, fields& f,
                 std::string& message) {
    if (key == "model") {
        std::string_view model;
        if (v.get_string().get(model) != simdjson::SUCCESS) {
            message = "'model' must be a string";
            return false;
        }
        out.model.assign(model);
        return true;
    }
    if (key == "messages" && out.kind == api_kind::chat) {
        f.has_input = true;
        return add_messages(v, out, message);
    }
    if (key == "prompt" && out.kind == api_kind::completions) {
        f.has_input = true;
        return add_prompt(v, out, message);
    }
    if (key == "stream") return get_flag(v, "stream", out.stream, message);
    if (key == "stream_options") {
        dom::element inc;
        if (v.is_null()) return true;
        if (!v.is_object()) {
            message = "'stream_options' must be an object";
            return false;
        }
        if (v["include_usage"].get(inc) != simdjson::SUCCESS) return true;
        return get_flag(inc, "stream_options.include_usage", out.include_usage, message);
    }
    if (key == "max_completion_tokens")
        return get_count(v, "max_completion_tokens", f.max_completion_tokens, message);
    if (key == "max_tokens") return get_count(v, "max_tokens", f.max_tokens, message);
    if (key == "min_tokens") return get_count(v, "min_tokens", f.min_tokens, message);
    if (key == "ignore_eos") return get_flag(v, "ignore_eos", out.ignore_eos, message);
    return true;
}

void reset(completion_request& out, api_kind kind) {
    out.kind = kind;
    out.model.clear();
    out.words.clear();
    out.prompt_tokens = 0;
    out.content_hash = 0;
    out.stream = false;
    out.include_usage = false;
    out.max_tokens.reset();
    out.min_tokens = 0;
    out.ignore_eos = false;
}

}  // namespace

struct request_decoder::impl {
    dom::parser parser;
    std::vector<char> padded;
};

request_decoder::request_decoder() : impl_(std::make_unique<impl>()) {}
request_decoder::~request_decoder() = default;

bool request_decoder::decode(api_kind kind, std::string_view body, completion_request& out,
                             std::string& message) {
    reset(out, kind);
    // simdjson reads up to SIMDJSON_PADDING bytes past the end, so parse a padded copy.
    auto& buf = impl_->padded;
    if (buf.size() < body.size() + simdjson::SIMDJSON_PADDING)
        buf.resize(body.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(buf.data(), body.data(), body.size());
    dom::element doc;
    if (impl_->parser.parse(buf.data(), body.size(), false).get(doc) != simdjson::SUCCESS) {
        message = "request body is not valid JSON";
        return false;
    }
    dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
        message = "request body must be a JSON object";
        return false;
    }
    fields f;
    for (dom::key_value_pair kv : obj)
        if (!apply_field(kv.key, kv.value, out, f, message)) return false;
    if (!f.has_input) {
        message = kind == api_kind::chat ? "'messages' is required" : "'prompt' is required";
        return false;
    }
    if (out.model.empty()) out.model.assign(default_model_name);
    out.max_tokens = f.max_completion_tokens ? f.max_completion_tokens : f.max_tokens;
    out.min_tokens = f.min_tokens.value_or(0);
    if (out.max_tokens.value_or(0) > max_output_tokens || out.min_tokens > max_output_tokens) {
        message = "max_tokens and min_tokens must be at most " + std::to_string(max_output_tokens);
        return false;
    }
    out.content_hash = fnv1a(out.words);
    return true;
}

std::uint32_t natural_length(std::uint32_t prompt_tokens, std::uint64_t content_hash,
                             std::uint64_t seed) {
    std::uint64_t state = content_hash ^ (seed * 0x9e3779b97f4a7c15ULL);
    const double u = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
    const double n = std::round(static_cast<double>(prompt_tokens) * (0.8 + 0.4 * u));
    return static_cast<std::uint32_t>(std::clamp(n, 16.0, 4096.0));
}

output_plan plan_output(const completion_request& r, std::uint64_t seed) {
    const std::uint64_t natural = natural_length(r.prompt_tokens, r.content_hash, seed);
    if (!r.max_tokens) return {std::max(natural, r.min_tokens), false};
    const std::uint64_t max = *r.max_tokens;
    if (r.ignore_eos) return {max, true};
    const std::uint64_t n = std::max(std::min(max, natural), std::min(r.min_tokens, max));
    return {n, n == max && natural != max};
}

std::string_view next_word(std::string_view words, std::size_t& cursor) {
    if (words.empty()) return "token";
    if (cursor >= words.size()) cursor = 0;
    const std::size_t end = std::min(words.find(' ', cursor), words.size());
    const std::string_view w = words.substr(cursor, end - cursor);
    cursor = end + 1;
    return w;
}

}  // namespace ringperf::mock
