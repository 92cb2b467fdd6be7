// Interpretation of OpenAI-compatible responses: one call per SSE event of a streamed
// response, or one per non-streamed body. Follows AIPerf's parsing rules:
//
// Stream events (stream_event):
//   - data "[DONE]" (surrounding whitespace ignored) → done.
//   - empty data → ignored.
//   - event type "error" (any case) → error: from the data's {"error":...} object when it has
//     one, otherwise the data text (or "Unknown error in SSE response") with code 502.
//   - otherwise the data must be one JSON object (anything else, including trailing text,
//     truncated JSON, a top-level array or invalid UTF-8 → error with
//     error == error_kind::response_invalid, code 502, type "ResponseParseError"), then it is
//     read as a body below.
//
// Bodies (stream events and full_body):
//   - a truthy top-level "error" (non-empty object, non-empty string, non-empty array, true,
//     non-zero number; null/""/{} do not count) → error with error == error_kind::stream_error:
//     code = error.code when it is an integer in 400–599, else 502; type = error.type (else
//     "SSEResponseError"); message = error.message, else the error string itself, else the
//     error value's compact JSON text.
//     Also recognised (older vLLM): a top-level {"object":"error","message":...,"code":...}.
//   - chat: object "chat.completion.chunk" reads choices[0].delta, "chat.completion" reads
//     choices[0].message; with no "object" field, whichever of delta/message is present.
//     Other objects (including completion objects) → ignored.
//     Reasoning = "reasoning_content" if non-empty, else "reasoning". With reasoning, the output
//     is "content" only; without, the output is "content" followed by each tool call's
//     function name and arguments (AIPerf counts tool-call text as output).
//   - completions: object "text_completion" or "completion" (or none) reads choices[0].text.
//   - kind = content when output or reasoning is non-empty; otherwise ignored (role-only,
//     finish-only, usage-only and keep-alive chunks). Fields of the wrong JSON type are treated
//     as absent.
//   - usage: the top-level "usage" object of any chunk (including ignored ones), when it holds
//     at least one of the counts below as an integer; counts missing or null are -1:
//     prompt_tokens, completion_tokens, total_tokens; completion_tokens_details.
//     {reasoning_tokens, audio_tokens, accepted_prediction_tokens, rejected_prediction_tokens};
//     prompt_tokens_details.{cached_tokens, audio_tokens}; Anthropic's input_tokens /
//     output_tokens (when prompt_tokens / completion_tokens are absent),
//     cache_read_input_tokens (cache read, when cached_tokens is absent) and
//     cache_creation_input_tokens (cache write); DeepSeek's prompt_cache_hit_tokens (cache
//     read, when neither of the others is present) and prompt_cache_miss_tokens.
//   - finish_reason: choices[0].finish_reason when it is a non-empty string.
//   - has_choices: the top-level "choices" is a non-empty array (any kind but error).
//
// Error bodies (error_body): see there.
//
// Views in an interpretation (texts, finish_reason, error_type, error_message) point into
// buffers owned by the interpreter, never into the caller's input; they stay valid until the
// next call on the same interpreter.
//
// JSON is read in up to three ways, each used only when the ones before it cannot read the
// text: (1) as a known shape — an earlier text with the same keys, punctuation and literals
// whose values were strings and numbers in the same places, so that only the values are read
// again (the interpreter keeps the last 4 shapes); (2) by a scanner that builds no DOM and
// accepts only what it can read with certainty (the chunks servers send on every token: no
// escaped keys, no exponents, no error values, shallow nesting); (3) by simdjson's DOM. All
// three give the same interpretation of every input; json_reader selects which are tried.
//
// Cost: no allocation per call in steady state; the interpreter keeps one padded copy buffer and
// a parser that grow to the largest input seen. No exceptions. One interpreter per worker thread:
// an interpreter is not thread-safe, distinct interpreters are independent. A moved-from
// interpreter may only be destroyed or assigned to.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "ringperf/api/endpoint.h"
#include "ringperf/metrics/record.h"

namespace ringperf::api {

enum class response_kind : std::uint8_t {
    ignored,  // no generated text: role-only, finish-only, usage-only, empty, unknown object
    content,  // carries generated text, reasoning or tool-call text
    done,     // the [DONE] marker
    error,    // server-reported error or a response that could not be read (see `error`)
};

const char* response_kind_name(response_kind k);

struct interpretation {
    response_kind kind = response_kind::ignored;
    bool has_output = false;  // output_text non-empty (content or tool-call text; counts for TTFO)
    bool has_reasoning = false;  // reasoning_text non-empty
    // The body's top-level "choices" array is non-empty, whatever its entries hold (also true
    // for role-only and finish-only chunks; false for usage-only ones and for errors).
    bool has_choices = false;
    std::string_view output_text;     // decoded (unescaped) UTF-8
    std::string_view reasoning_text;  // decoded (unescaped) UTF-8
    std::optional<metrics::usage_counts> usage;
    std::string_view finish_reason;

    // kind == error only. `error` tells the engine how to classify the failure:
    //   stream_error      the server reported an error (JSON "error" key, event: error);
    //   response_invalid  the data or body is not one readable JSON object;
    //   http_status       from error_body.
    metrics::error_kind error = metrics::error_kind::none;
    std::int32_t error_code = 0;  // 400–599 from the server, else 502; the status for error_body
    std::string_view error_type;
    std::string_view error_message;
};

enum class json_reader : std::uint8_t {
    shapes_first,  // known shapes, then the scanner, then simdjson's DOM
    scan_first,    // the scanner, then simdjson's DOM
    dom_only,      // simdjson's DOM for every text (the reference the others are tested against)
};

// JSON texts an interpreter has read, by the way that read them. A text that a shape does
// not match and the scanner declines counts once, as parsed.
struct json_read_counts {
    std::uint64_t shaped = 0;   // matched a known shape
    std::uint64_t scanned = 0;  // read by the scanner
    std::uint64_t parsed = 0;   // read by simdjson's DOM
};

class response_interpreter {
  public:
    explicit response_interpreter(endpoint_type t, json_reader reader = json_reader::shapes_first);
    ~response_interpreter();
    response_interpreter(response_interpreter&&) noexcept;
    response_interpreter& operator=(response_interpreter&&) noexcept;
    response_interpreter(const response_interpreter&) = delete;
    response_interpreter& operator=(const response_interpreter&) = delete;

    // One SSE event: its "event" field (empty when absent) and its joined data.
    interpretation stream_event(std::string_view event_type, std::string_view data);

    // A whole non-streamed 2xx body. An empty body is response_invalid.
    interpretation full_body(std::string_view body);

    // Error details from a non-2xx response: always kind == error, error == http_status,
    // error_code == status. For a JSON body the message comes from error.message (or an "error"
    // string, a top-level "message", or FastAPI's "detail" string) and the type from error.type
    // (or a top-level "type"); otherwise the message is the body with surrounding whitespace
    // removed. error_type is empty when the body names none: the caller then uses the reason
    // phrase of the status line.
    interpretation error_body(int status, std::string_view body);

    // Since construction (error_body() always uses the DOM).
    json_read_counts json_reads() const noexcept;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ringperf::api
