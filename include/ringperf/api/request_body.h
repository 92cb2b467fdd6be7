// JSON request bodies for the OpenAI-compatible endpoints, as AIPerf builds them.
//
// chat:        {"messages":[{"role":"user","content":TEXT}],"model":M,"stream":S,
//               "max_completion_tokens":N}            ("max_tokens" with use_legacy_max_tokens)
// completions: {"prompt":TEXT,"model":M,"stream":S,"max_tokens":N}
//
// A prompt of several texts (prompt_spec::parts) is one user message whose content is a
// list of text parts, [{"type":"text","text":T1},{"type":"text","text":T2}] (chat), or a
// list of prompts, "prompt":[T1,T2] (completions).
//
// The length field is present only when the prompt carries max_tokens. Then every
// --extra-inputs pair is merged in, shallowly and in the order given: a key already in the
// body keeps its position and takes the new value (last wins), a new key is appended.
// Values are inserted verbatim, so nested objects and arrays pass through unchanged.
//
// When the merged body streams ("stream" is true: from endpoint_options::streaming unless an
// extra input sets it), the body asks for usage, the source of server-side token counts:
// "stream_options":{"include_usage":true} is appended; if an extra input already supplied a
// stream_options object, "include_usage":true is added to it unless the user set that key
// (the user's keys and values are kept). A stream_options value that is null is replaced by
// ours; one that is not an object is left as the user wrote it.
//
// Extra-input values must be valid serialized JSON (the configuration layer checks them);
// keys are escaped here. Not on the per-event hot path: building a body copies the prompt once
// and may allocate. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "ringperf/api/endpoint.h"

namespace ringperf::api {

// One earlier message of a multi-turn conversation.
struct message {
    std::string_view role;  // "user" or "assistant"
    std::string_view content;
};

struct prompt_spec {
    std::string_view text;                   // the user prompt, sent as one string
    std::optional<std::int64_t> max_tokens;  // requested output length; none: field omitted
    // Multi-turn: the system message (chat only; empty: none) and the conversation so far,
    // sent before `text`. Chat sends them as messages; completions joins the contents and
    // the prompt with blank lines ("\n\n") into one prompt string.
    std::string_view system;
    std::span<const message> history;
    // Per-request body fields (a dataset row's "extra"), merged after --extra-inputs in the
    // same way, so they win.
    std::span<const std::pair<std::string, std::string>> extra;
    // Two or more texts sent instead of `text` (see above); empty: `text` is the prompt.
    // With history or context, completions prefixes each of them with the join.
    std::span<const std::string> parts;
    // A user message sent after the system message and before the history (a synthetic
    // conversation's user context; empty: none). Completions puts it first in the join.
    std::string_view context;
};

// The serialized body for one request to `model`.
std::string build_body(const endpoint_options& ep, std::string_view model, const prompt_spec& p);

// Same, appended to `out` (lets a caller reuse one buffer across requests).
void append_body(std::string& out, const endpoint_options& ep, std::string_view model,
                 const prompt_spec& p);

// Whether a body built for `ep` streams, after --extra-inputs (an extra "stream" wins).
bool body_streams(const endpoint_options& ep);

}  // namespace ringperf::api
