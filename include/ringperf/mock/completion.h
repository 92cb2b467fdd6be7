// What the mock server understands of a /v1/chat/completions or /v1/completions request,
// and how long its answer is.
//
// The mock's tokenizer: a token is a run of non-whitespace bytes; whitespace is the ASCII set
// (space, \t, \n, \v, \f, \r). prompt_tokens is the number of such words over every message's
// text (string content, or the "text" of {"type":"text"} parts; other part types count
// nothing) or over every prompt string. Output token k is " " + word[k mod W] (the prompt's
// words cycled, each with one leading space), or " token" when the prompt has no words, so a
// client that counts whitespace-separated words in the output gets completion_tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ringperf::mock {

enum class api_kind : std::uint8_t { chat, completions };

inline constexpr std::string_view default_model_name = "mock-model";
// Requests asking for more output tokens than this are rejected (400), as a server rejects
// a max_tokens beyond its context length.
inline constexpr std::uint64_t max_output_tokens = 1'000'000;

struct completion_request {
    api_kind kind = api_kind::chat;
    std::string model;                        // the request's "model", else default_model_name
    std::string words;                        // prompt words joined by single spaces
    std::uint32_t prompt_tokens = 0;          // number of words
    std::uint64_t content_hash = 0;           // FNV-1a 64 of `words`
    bool stream = false;                      // "stream"
    bool include_usage = false;               // "stream_options": {"include_usage": true}
    std::optional<std::uint64_t> max_tokens;  // "max_completion_tokens", else "max_tokens"
    std::uint64_t min_tokens = 0;             // "min_tokens"
    bool ignore_eos = false;                  // "ignore_eos"
};

// Decodes request bodies with simdjson. One per thread (it keeps a parser and a padded copy
// buffer that grow to the largest body seen); not thread-safe.
class request_decoder {
  public:
    request_decoder();
    ~request_decoder();
    request_decoder(const request_decoder&) = delete;
    request_decoder& operator=(const request_decoder&) = delete;

    // Fills `out` (reusing its string capacity) from the JSON `body` of a `kind` request.
    // Returns false when the body is not valid JSON, a field has the wrong type or value, or
    // max_tokens / min_tokens exceed max_output_tokens;
    // `message` then says which (OpenAI-style text for a 400 response). Unknown fields are
    // ignored. No exceptions.
    bool decode(api_kind kind, std::string_view body, completion_request& out,
                std::string& message);

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Length of an answer the "model" would give on its own: a deterministic value in
// [0.8, 1.2] x prompt_tokens (chosen by content_hash and seed), clamped to [16, 4096].
std::uint32_t natural_length(std::uint32_t prompt_tokens, std::uint64_t content_hash,
                             std::uint64_t seed);

struct output_plan {
    std::uint64_t tokens = 0;  // completion tokens to send
    bool length = false;       // finish_reason "length" (the limit cut it), else "stop"
};

// With a max: exactly max when ignore_eos, else min(max, natural) raised to min_tokens (which
// is itself capped at max); "length" when max was reached, unless the natural answer ended
// exactly there. Without a max: max(natural, min_tokens), "stop".
output_plan plan_output(const completion_request& r, std::uint64_t seed);

// Text of output token `k` for a request whose words are `words` (see the header comment).
// Returns a view into `words` (without the leading space) or "token"; `cursor` is the offset
// of the word for token k and is advanced to the next one (wrapping), so that walking the
// tokens in order costs O(1) each. Start with cursor = 0.
std::string_view next_word(std::string_view words, std::size_t& cursor);

}  // namespace ringperf::mock
