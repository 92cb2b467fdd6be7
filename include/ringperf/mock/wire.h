// Bytes the mock server writes: HTTP/1.1 responses and, for streams, Server-Sent Events framed
// the way vLLM behind uvicorn frames them (lowercase header names, `transfer-encoding:
// chunked`, exactly one HTTP chunk per `data: {json}\n\n` event, `data: [DONE]`, then the
// terminal `0\r\n\r\n`).
//
// Every function appends to `out`; none allocates beyond growing `out` (and the writer's own
// scratch buffer). Not thread-safe: one stream_writer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ringperf/mock/completion.h"

namespace ringperf::mock {

// Reason phrase for the status codes the mock uses ("OK", "Bad Request"...).
std::string_view reason_phrase(int status);

// A complete response with a JSON body and content-length. `close` adds `connection: close`;
// `allow` (when not empty) adds an `allow` header (405 responses).
void append_json_response(std::string& out, int status, std::string_view json_body, bool close,
                          std::string_view allow = {});

// An OpenAI-style error response:
// {"error":{"message":...,"type":"invalid_request_error","param":null,"code":<status>}}
void append_error_response(std::string& out, int status, std::string_view message, bool close,
                           std::string_view allow = {});

// The head of a streamed answer: 200, `content-type: text/event-stream`, chunked.
void append_stream_head(std::string& out, bool close);

// The terminal zero-length chunk.
void append_last_chunk(std::string& out);

// Identity of one answer: every event of a stream repeats id, object, created and model.
struct answer_identity {
    api_kind kind = api_kind::chat;
    std::string_view id;       // "chatcmpl-..." / "cmpl-..."
    std::int64_t created = 0;  // Unix seconds
    std::string_view model;
};

// The shared start of every JSON object of one answer, `{"id":...,"model":...` without the
// closing brace; `chunk` selects the streaming object name ("chat.completion.chunk") over the
// whole-answer one ("chat.completion"); completions use "text_completion" for both.
void make_json_prefix(std::string& out, const answer_identity& a, bool chunk);

// Formats SSE events as HTTP chunks. `prefix` is make_json_prefix(..., chunk = true).
class stream_writer {
  public:
    // Chat only: {"delta":{"role":"assistant","content":""}} (not a token).
    void role_event(std::string& out, std::string_view prefix);
    // One token: chat `delta.content`, completions `text`.
    void token_event(std::string& out, api_kind kind, std::string_view prefix,
                     std::string_view text);
    // Empty delta (or empty text) with finish_reason "length" or "stop".
    void finish_event(std::string& out, api_kind kind, std::string_view prefix, bool length);
    // `"choices":[]` and usage {prompt_tokens, total_tokens, completion_tokens}.
    void usage_event(std::string& out, std::string_view prefix, std::uint64_t prompt_tokens,
                     std::uint64_t completion_tokens);
    // `data: [DONE]`.
    void done_event(std::string& out);

  private:
    void emit(std::string& out);  // frames scratch_ as "data: " scratch_ "\n\n" in one chunk
    std::string scratch_;
};

// A whole non-streamed answer (200, content-length, usage always). `prefix` is
// make_json_prefix(..., chunk = false); `text` is the raw (unescaped) generated text.
void append_full_answer(std::string& out, std::string& scratch, api_kind kind,
                        std::string_view prefix, std::string_view text, bool length,
                        std::uint64_t prompt_tokens, std::uint64_t completion_tokens, bool close);

}  // namespace ringperf::mock
