// One request's measurements, produced by an engine worker and handed to the record sink;
// the run's sink passes it on to a counting thread that counts its tokens, records its
// metrics and writes its per-request export line (cli/record_stage.h).
//
// Every timestamp is CLOCK_MONOTONIC nanoseconds (ringperf::mono_ns); 0 means "not reached".
// Epoch times for exports come from the run's wall_clock_map.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringperf/base/clock.h"

namespace ringperf::metrics {

// Why a request failed. Errors on the hot path are these values, never exceptions.
enum class error_kind : std::uint8_t {
    none,
    connect,             // TCP connect failed (refused, unreachable, address exhaustion)
    tls,                 // TLS handshake or record failure
    write,               // sending the request failed
    read,                // connection reset or closed before the response was complete
    http_status,         // a non-2xx status code
    protocol,            // malformed HTTP, chunked framing or SSE
    stream_error,        // the server reported an error inside a 200 stream (data: {"error":...})
    response_invalid,    // 200 but the body is not a valid response for the endpoint
    timeout_connect,     // --request-timeout-seconds expired while connecting
    timeout_first_byte,  // ... after sending, before any response byte
    timeout_idle,        // stream idle timeout: no byte for too long while receiving
    timeout_total,       // ... while the response was arriving
    cancelled,           // cancelled by the client (Ctrl-C, end of grace period)
};

// Stable snake_case name ("timeout_first_byte").
const char* error_kind_name(error_kind k);

enum class benchmark_phase : std::uint8_t { warmup, profiling };
const char* benchmark_phase_name(benchmark_phase p);

// Token counts from the response's `usage` object; -1 = absent.
struct usage_counts {
    std::int64_t prompt_tokens = -1;
    std::int64_t completion_tokens = -1;
    std::int64_t total_tokens = -1;
    std::int64_t reasoning_tokens = -1;  // completion_tokens_details.reasoning_tokens
    // prompt_tokens_details.cached_tokens, else Anthropic cache_read_input_tokens, else
    // DeepSeek prompt_cache_hit_tokens.
    std::int64_t prompt_cache_read_tokens = -1;
    std::int64_t prompt_cache_write_tokens = -1;   // Anthropic cache_creation_input_tokens
    std::int64_t prompt_cache_miss_tokens = -1;    // DeepSeek prompt_cache_miss_tokens
    std::int64_t prompt_audio_tokens = -1;         // prompt_tokens_details.audio_tokens
    std::int64_t completion_audio_tokens = -1;     // completion_tokens_details.audio_tokens
    std::int64_t accepted_prediction_tokens = -1;  // completion_tokens_details.*
    std::int64_t rejected_prediction_tokens = -1;  // completion_tokens_details.*

    // Takes every count `later` has (>= 0) over this one's: across the chunks of a stream
    // each count is the last non-null value the server sent.
    void merge_latest(const usage_counts& later);
};

// Where a record's token counts (ISL, OSL, output and reasoning tokens) come from; the run
// decides once for all its records (compute_record_values, summary.h).
enum class token_source : std::uint8_t {
    // No tokenizer: `usage` when the server sent it, else OSL is estimated as the number of
    // content responses of a stream and ISL is input_tokens.
    estimate,
    // The run's tokenizer: `counted` (OSL, output and reasoning tokens) and input_tokens (ISL).
    tokenizer,
    // --use-server-token-count: `usage` only; a record without usage has no token counts.
    server,
};

// Token counts of a response's text, from the run's tokenizer; -1 = not counted (the text was
// empty, or nothing was counted).
struct token_counts {
    std::int64_t output = -1;     // tokens of output_text
    std::int64_t reasoning = -1;  // tokens of reasoning_text
};

// The request and response bytes as they went and came, for the raw export
// (profile_export_raw.jsonl). Filled by the engine only when the run asks for it
// (engine::run_spec::keep_raw); empty otherwise. clear() keeps the capacity, so a worker
// appends without allocating once its buffers have grown.
struct raw_exchange {
    // One received response: the SSE event (type and data, the data lines joined with
    // "\n"), or the whole body of a non-streamed response; its bytes are in `texts`.
    struct message {
        mono_ns perf_ns = 0;         // arrival of the bytes that completed it
        std::uint32_t offset = 0;    // into texts: the type, then the data
        std::uint32_t type_len = 0;  // 0: no `event:` field (the standard's "message")
        std::uint32_t data_len = 0;
    };
    std::string request;                 // the request head (with its ids) then its body
    std::uint32_t request_head_len = 0;  // bytes of request that are the head
    std::string response_head;           // "Name: value\n" per response header field
    std::string texts;                   // the messages' bytes, back to back
    std::vector<message> messages;
    // Bytes of messages left out once texts reached the cap (engine::raw_capture_cap_bytes),
    // and how many messages they were.
    std::uint64_t dropped_bytes = 0;
    std::uint32_t dropped_messages = 0;

    void clear() {
        request.clear();
        request_head_len = 0;
        response_head.clear();
        texts.clear();
        messages.clear();
        dropped_bytes = 0;
        dropped_messages = 0;
    }
};

struct request_record {
    // Identity.
    std::uint64_t index = 0;  // global request index (AIPerf session_num for single-turn)
    std::uint32_t worker_id = 0;
    std::uint32_t turn_index = 0;
    benchmark_phase phase = benchmark_phase::profiling;
    char x_request_id[36] = {};      // UUID text sent as X-Request-ID (no terminator)
    char x_correlation_id[36] = {};  // UUID text sent as X-Correlation-ID
    std::uint32_t conversation = 0;  // index of the dataset entry (prompt) used
    std::uint32_t url_index = 0;     // which --url served it
    bool streaming = false;          // the request asked for a stream

    // Timestamps (monotonic ns).
    mono_ns t_intended = 0;     // when the schedule wanted it sent
    mono_ns t_start = 0;        // taken right before the request is issued (AIPerf start_perf_ns;
                                // includes waiting for a new connection)
    mono_ns t_connected = 0;    // connection ready (== t_start for a reused connection)
    mono_ns t_write_start = 0;  // first request byte handed to the kernel
    mono_ns t_write_end = 0;    // last request byte accepted by the kernel
    mono_ns t_first_byte = 0;   // first response byte received
    mono_ns t_headers = 0;      // response headers complete (AIPerf request_ack_ns)
    mono_ns t_end = 0;          // response complete, or the moment it failed

    // Arrival of every content response (SSE event, or the whole body when not streaming)
    // that carried generated text, reasoning or tool-call text; in arrival order.
    std::vector<mono_ns> content_ns;
    // Index into content_ns of the first response with non-reasoning output (-1: none).
    std::int32_t first_output_index = -1;
    // Every parsed response (content or not), e.g. role-only and usage-only chunks.
    std::uint32_t responses = 0;
    // For the other tools' metric definitions (metrics/definitions.h), in arrival order:
    // every stream event whose top-level "choices" array is non-empty, with text or not
    // (role-only and finish-only chunks too; usage-only chunks have none), and every stream
    // event with non-empty output text (reasoning-only events excluded). Filled only when the
    // run asks (engine::run_spec::keep_event_times); empty otherwise.
    std::vector<mono_ns> choice_ns;
    std::vector<mono_ns> output_ns;

    // Response.
    std::int32_t status = 0;  // HTTP status (0 = none received)
    usage_counts usage;
    std::int64_t input_tokens = -1;    // client-side count of the prompt's tokens
    std::int64_t output_chars = 0;     // bytes of generated (non-reasoning) text
    std::int64_t reasoning_chars = 0;  // bytes of reasoning text
    // The turn's requested output tokens (max_tokens); -1 = none asked.
    std::int64_t requested_output_tokens = -1;
    // The generated text (content and tool-call text, `<think>` tags in the content
    // included) and the reasoning text, each the concatenation of every content response's
    // piece in arrival order (the whole body's for a non-streamed response). Filled only when
    // the run asked for the texts (engine::run_spec::keep_text), except that output_text also
    // holds the reply a later turn of the conversation needs; empty otherwise.
    std::string output_text;
    std::string reasoning_text;
    token_counts counted;  // set off the I/O threads by the counting stage
    std::string finish_reason;

    // Transport.
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    bool connection_reused = false;
    std::uint32_t chunks_sent = 0, chunks_received = 0;  // write / receive completions (HTTP trace)
    std::uint8_t retries = 0;  // resent on a fresh connection after a stale keep-alive close

    // Failure (error == none for a successful request).
    error_kind error = error_kind::none;
    std::int32_t error_code = 0;  // HTTP status, or AIPerf's custom codes (499 cancelled...)
    std::string error_type;       // e.g. reason phrase, "StreamError", "RequestTimeout"
    std::string error_message;    // body text or a description
    bool was_cancelled = false;
    mono_ns cancel_ns = 0;

    raw_exchange raw;  // engine::run_spec::keep_raw only

    bool ok() const { return error == error_kind::none; }
    // Resets to a fresh record, keeping the capacity of its vector and strings.
    void clear();
};

}  // namespace ringperf::metrics
