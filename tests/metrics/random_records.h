// Seeded random request records and record values in which every optional part is present
// or absent at random, with awkward values (tiny, huge, negative, integral doubles, text that
// needs escaping), for tests that pin the exact output of the per-request code paths against
// golden files.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "ringperf/base/rng.h"
#include "ringperf/metrics/summary.h"

namespace random_records {

using ringperf::rng;
using ringperf::metrics::record_values;
using ringperf::metrics::request_record;

inline bool coin(rng& g, int percent = 50) {
    return g.below(100) < static_cast<std::uint64_t>(percent);
}

// A base-unit integer: mostly latency-like, sometimes tiny, huge, zero or negative.
inline std::int64_t some_int(rng& g) {
    switch (g.below(8)) {
        case 0:
            return static_cast<std::int64_t>(g.below(100));
        case 1:
            return -static_cast<std::int64_t>(g.below(5'000'000));
        case 2:
            return static_cast<std::int64_t>(g.below(1ULL << 50));
        case 3:
            return static_cast<std::int64_t>(g.below(1000)) * 1'000'000;
        default:
            return 1'000 + static_cast<std::int64_t>(g.below(900'000'000));
    }
}

inline double some_double(rng& g) {
    switch (g.below(7)) {
        case 0:
            return static_cast<double>(g.below(200));  // integral: "25.0"
        case 1:
            return g.uniform() * 1e-5;  // exponent notation below 1e-4
        case 2:
            return -g.uniform() * 100;
        case 3:
            return static_cast<double>(g.below(8)) / 8.0;  // short binary fractions: "0.375"
        case 4:
            return g.uniform() * 1e17;  // exponent notation from 1e16
        default:
            return g.uniform() * 1e6;
    }
}

inline std::optional<std::int64_t> maybe_int(rng& g) {
    if (!coin(g, 60)) return std::nullopt;
    return some_int(g);
}

inline std::optional<double> maybe_double(rng& g) {
    if (!coin(g, 60)) return std::nullopt;
    return some_double(g);
}

// Text with characters JSON must escape now and then.
inline std::string some_text(rng& g) {
    static constexpr const char* pieces[] = {"Bad Request",
                                             "\"quoted\"",
                                             "back\\slash",
                                             "tab\there",
                                             "line\nbreak",
                                             "\x01\x1f",
                                             "del\x7f",
                                             "caf\xc3\xa9",
                                             "{\"error\":{\"message\":\"overloaded\"}}",
                                             "",
                                             "RequestTimeout"};
    std::string s;
    const std::uint64_t n = 1 + g.below(3);
    for (std::uint64_t i = 0; i < n; ++i)
        s += pieces[g.below(std::size(pieces))];
    return s;
}

inline void fill_id(rng& g, char (&id)[36]) {
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < sizeof id; ++i)
        id[i] = (i == 8 || i == 13 || i == 18 || i == 23) ? '-' : hex[g.below(16)];
}

inline request_record make_record(rng& g, std::uint64_t index) {
    request_record r;
    r.index = index;
    r.worker_id = static_cast<std::uint32_t>(g.below(4));
    r.turn_index = static_cast<std::uint32_t>(g.below(3));
    r.phase = coin(g, 10) ? ringperf::metrics::benchmark_phase::warmup
                          : ringperf::metrics::benchmark_phase::profiling;
    if (coin(g, 90)) fill_id(g, r.x_request_id);
    if (coin(g, 90)) fill_id(g, r.x_correlation_id);
    r.conversation = static_cast<std::uint32_t>(g.below(1000));
    r.url_index = coin(g, 80) ? 0 : static_cast<std::uint32_t>(g.below(3));
    r.streaming = coin(g);
    const std::int64_t base = 1'000'000'000 + static_cast<std::int64_t>(index) * 40'000;
    r.t_intended = coin(g, 80) ? base : 0;
    r.t_start = base + static_cast<std::int64_t>(g.below(100'000));
    r.connection_reused = coin(g, 70);
    r.t_connected = r.t_start + (r.connection_reused ? 0 : 50'000);
    r.t_write_start = coin(g, 95) ? r.t_connected + 2'000 : 0;
    r.t_write_end = r.t_write_start != 0 ? r.t_write_start + 3'000 : 0;
    r.t_first_byte =
        r.t_write_end != 0 ? r.t_write_end + static_cast<std::int64_t>(g.below(9'000'000)) : 0;
    r.t_headers = coin(g, 90) ? r.t_first_byte : 0;
    r.t_end = r.t_first_byte + static_cast<std::int64_t>(g.below(300'000'000));
    const std::uint64_t chunks = r.streaming ? g.below(6) : (coin(g, 90) ? 1 : 0);
    for (std::uint64_t i = 0; i < chunks; ++i)
        r.content_ns.push_back(r.t_first_byte + static_cast<std::int64_t>(i) * 1'300'000 +
                               static_cast<std::int64_t>(g.below(400'000)));
    r.first_output_index = chunks > 0 ? static_cast<std::int32_t>(g.below(chunks)) : -1;
    r.responses = static_cast<std::uint32_t>(chunks + g.below(2));
    r.status = 200;
    for (std::int64_t* u : {&r.usage.prompt_tokens, &r.usage.completion_tokens,
                            &r.usage.total_tokens, &r.usage.reasoning_tokens,
                            &r.usage.prompt_cache_read_tokens, &r.usage.prompt_audio_tokens})
        *u = coin(g, 60) ? static_cast<std::int64_t>(g.below(3000)) : -1;
    r.input_tokens = coin(g, 80) ? static_cast<std::int64_t>(1 + g.below(3000)) : -1;
    r.requested_output_tokens = coin(g, 70) ? static_cast<std::int64_t>(1 + g.below(500)) : -1;
    r.counted.output = coin(g, 70) ? static_cast<std::int64_t>(g.below(600)) : -1;
    r.counted.reasoning = coin(g, 20) ? static_cast<std::int64_t>(g.below(100)) : -1;
    r.bytes_sent = g.below(5000);
    r.bytes_received = g.below(50000);
    r.chunks_sent = static_cast<std::uint32_t>(1 + g.below(2));
    r.chunks_received = static_cast<std::uint32_t>(1 + g.below(40));
    if (coin(g, 20)) {
        r.error = static_cast<ringperf::metrics::error_kind>(1 + g.below(13));
        r.error_code = coin(g, 80) ? static_cast<std::int32_t>(400 + g.below(200)) : 0;
        if (coin(g, 80)) r.error_type = some_text(g);
        r.error_message = some_text(g);
        r.was_cancelled = r.error == ringperf::metrics::error_kind::cancelled;
        r.cancel_ns = r.was_cancelled && coin(g, 80) ? r.t_end : 0;
    }
    return r;
}

// Values with every field present or absent at random (not what compute_record_values would
// give for `r`: every combination the writers may meet).
inline record_values make_values(rng& g) {
    record_values v;
    for (std::optional<std::int64_t>* f : {&v.time_to_first_token_ns,
                                           &v.time_to_second_token_ns,
                                           &v.time_to_first_output_token_ns,
                                           &v.request_latency_ns,
                                           &v.output_sequence_length,
                                           &v.input_sequence_length,
                                           &v.output_token_count,
                                           &v.reasoning_token_count,
                                           &v.time_to_first_token_from_intended_ns,
                                           &v.request_latency_from_intended_ns,
                                           &v.send_lag_ns,
                                           &v.schedule_lag_ns,
                                           &v.decode_duration_ns,
                                           &v.usage_prompt_tokens,
                                           &v.usage_completion_tokens,
                                           &v.usage_total_tokens,
                                           &v.usage_reasoning_tokens,
                                           &v.usage_prompt_cache_read_tokens,
                                           &v.usage_prompt_cache_write_tokens,
                                           &v.usage_prompt_cache_miss_tokens,
                                           &v.usage_prompt_audio_tokens,
                                           &v.usage_completion_audio_tokens,
                                           &v.usage_accepted_prediction_tokens,
                                           &v.usage_rejected_prediction_tokens,
                                           &v.error_isl,
                                           &v.network_adjusted_request_latency_ns,
                                           &v.network_adjusted_time_to_first_token_ns,
                                           &v.network_adjusted_time_to_first_output_token_ns})
        *f = maybe_int(g);
    for (std::optional<double>* f :
         {&v.inter_token_latency_ns, &v.output_token_throughput_per_user,
          &v.full_response_inter_token_latency_ns, &v.prefill_throughput_per_user,
          &v.e2e_output_token_throughput, &v.usage_prompt_tokens_diff_pct,
          &v.usage_completion_tokens_diff_pct, &v.usage_reasoning_tokens_diff_pct,
          &v.osl_mismatch_diff_pct})
        *f = maybe_double(g);
    if (coin(g, 40)) {
        ringperf::metrics::http_trace_values h;
        for (std::int64_t* f :
             {&h.connecting_ns, &h.sending_ns, &h.waiting_ns, &h.receiving_ns, &h.duration_ns,
              &h.total_ns, &h.data_sent, &h.data_received, &h.chunks_sent, &h.chunks_received})
            *f = some_int(g);
        h.connection_reused = coin(g) ? 1 : 0;
        v.http_trace = h;
    }
    if (coin(g, 40)) {
        const std::uint64_t n = 1 + g.below(5);
        for (std::uint64_t i = 0; i < n; ++i)
            v.inter_chunk_latency_ns.push_back(some_int(g));
    }
    v.osl_estimated = coin(g, 10);
    v.usage_discrepancy = coin(g, 20);
    v.osl_mismatch = coin(g, 20);
    return v;
}

// A conversation id to pass the JSONL writer: none (the dataset index is written), a plain
// one, or one that needs escaping.
inline std::string make_conversation_id(rng& g) {
    switch (g.below(4)) {
        case 0:
            return "a5cdb1fe-0d9e-4f5c-8b1a-2f3e4d5c6b7a";
        case 1:
            return "conv \"" + std::to_string(g.below(100)) + "\"\n";
        default:
            return {};
    }
}

}  // namespace random_records
