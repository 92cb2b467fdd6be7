// Fields gathered from one parsed response object (private to the api module).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ringperf/metrics/record.h"

namespace ringperf::api::detail {

// choices[0].delta or choices[0].message. Strings point into the parser's string buffer; the
// tool-call text is a range of the caller's tool buffer.
struct message_fields {
    bool present = false;
    std::string_view content;
    std::string_view reasoning_content;
    std::string_view reasoning;
    std::size_t tool_begin = 0;
    std::size_t tool_end = 0;
};

struct error_fields {
    bool present = false;      // a truthy "error" value
    std::string_view message;  // error.message or the error string; empty otherwise
    std::string_view type;
    std::int64_t code = 0;
    bool has_code = false;           // an integer code
    simdjson::dom::element value{};  // the "error" value, for its JSON text when no message
};

struct body_fields {
    bool has_object = false;
    std::string_view object;
    message_fields delta;
    message_fields message;
    bool has_choices = false;  // "choices" is a non-empty array
    bool has_text = false;
    std::string_view text;  // choices[0].text
    std::string_view finish_reason;
    bool has_usage = false;
    metrics::usage_counts usage;
    error_fields error;
    // Top-level fields of error bodies that are not {"error":{...}}: older vLLM's
    // {"object":"error","message":...,"type":...,"code":...} and FastAPI's {"detail":...}.
    error_fields top;
    std::string_view detail;
};

// Other providers' names for the same usage counts, used when the OpenAI names are absent.
struct usage_aliases {
    std::int64_t input_tokens = -1;      // Anthropic
    std::int64_t output_tokens = -1;     // Anthropic
    std::int64_t cache_read_input = -1;  // Anthropic cache_read_input_tokens
    std::int64_t cache_hit = -1;         // DeepSeek prompt_cache_hit_tokens
};

// Where the integer member `key` of a usage object goes, or nullptr when it is not one of the
// counts (the details objects included).
std::int64_t* usage_slot(std::string_view key, metrics::usage_counts& u, usage_aliases& a) noexcept;
// The same for members of completion_tokens_details and prompt_tokens_details.
std::int64_t* completion_details_slot(std::string_view key, metrics::usage_counts& u) noexcept;
std::int64_t* prompt_details_slot(std::string_view key, metrics::usage_counts& u) noexcept;
// Fills the counts still absent from their aliases, once a usage object has been read.
void apply_aliases(const usage_aliases& a, metrics::usage_counts& u) noexcept;

// Reads the fields above from `obj` in one pass over its members. Tool-call text (function
// name then arguments, for each call) is appended to `tools`. Members of an unexpected JSON
// type read as absent.
void read_body(simdjson::dom::object obj, body_fields& f, std::string& tools) noexcept;

}  // namespace ringperf::api::detail
