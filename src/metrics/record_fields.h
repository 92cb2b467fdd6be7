// Which member of record_values holds which scalar record metric, as tables. record_value()
// looks metrics up in them and metric_set records from them, so the two cannot disagree; the
// recording loops walk a table instead of switching on every metric id per request. Private
// to the metrics module.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics::fields {

struct int_field {
    metric_id id;
    std::optional<std::int64_t> record_values::*member;
};

struct double_field {
    metric_id id;
    std::optional<double> record_values::*member;
};

// Integer-valued metrics recorded from a successful request's values.
inline constexpr int_field success_ints[] = {
    {metric_id::time_to_first_token, &record_values::time_to_first_token_ns},
    {metric_id::time_to_second_token, &record_values::time_to_second_token_ns},
    {metric_id::time_to_first_output_token, &record_values::time_to_first_output_token_ns},
    {metric_id::request_latency, &record_values::request_latency_ns},
    {metric_id::output_sequence_length, &record_values::output_sequence_length},
    {metric_id::input_sequence_length, &record_values::input_sequence_length},
    {metric_id::output_token_count, &record_values::output_token_count},
    {metric_id::reasoning_token_count, &record_values::reasoning_token_count},
    {metric_id::time_to_first_token_from_intended,
     &record_values::time_to_first_token_from_intended_ns},
    {metric_id::request_latency_from_intended, &record_values::request_latency_from_intended_ns},
    {metric_id::decode_duration, &record_values::decode_duration_ns},
    {metric_id::usage_prompt_tokens, &record_values::usage_prompt_tokens},
    {metric_id::usage_completion_tokens, &record_values::usage_completion_tokens},
    {metric_id::usage_total_tokens, &record_values::usage_total_tokens},
    {metric_id::usage_reasoning_tokens, &record_values::usage_reasoning_tokens},
    {metric_id::usage_prompt_cache_read_tokens, &record_values::usage_prompt_cache_read_tokens},
    {metric_id::usage_prompt_cache_write_tokens, &record_values::usage_prompt_cache_write_tokens},
    {metric_id::usage_prompt_cache_miss_tokens, &record_values::usage_prompt_cache_miss_tokens},
    {metric_id::usage_prompt_audio_tokens, &record_values::usage_prompt_audio_tokens},
    {metric_id::usage_completion_audio_tokens, &record_values::usage_completion_audio_tokens},
    {metric_id::usage_accepted_prediction_tokens, &record_values::usage_accepted_prediction_tokens},
    {metric_id::usage_rejected_prediction_tokens, &record_values::usage_rejected_prediction_tokens},
    {metric_id::network_adjusted_request_latency,
     &record_values::network_adjusted_request_latency_ns},
    {metric_id::network_adjusted_time_to_first_token,
     &record_values::network_adjusted_time_to_first_token_ns},
    {metric_id::network_adjusted_time_to_first_output_token,
     &record_values::network_adjusted_time_to_first_output_token_ns},
};

// Integer-valued metrics recorded otherwise: the lags for every request (from the record,
// metric_set::impl::note_send) and error_isl for failed ones.
inline constexpr int_field other_ints[] = {
    {metric_id::send_lag, &record_values::send_lag_ns},
    {metric_id::schedule_lag, &record_values::schedule_lag_ns},
    {metric_id::error_isl, &record_values::error_isl},
};

// Double-valued metrics, all recorded from a successful request's values.
inline constexpr double_field success_doubles[] = {
    {metric_id::inter_token_latency, &record_values::inter_token_latency_ns},
    {metric_id::output_token_throughput_per_user, &record_values::output_token_throughput_per_user},
    {metric_id::full_response_inter_token_latency,
     &record_values::full_response_inter_token_latency_ns},
    {metric_id::prefill_throughput_per_user, &record_values::prefill_throughput_per_user},
    {metric_id::e2e_output_token_throughput, &record_values::e2e_output_token_throughput},
    {metric_id::usage_prompt_tokens_diff_pct, &record_values::usage_prompt_tokens_diff_pct},
    {metric_id::usage_completion_tokens_diff_pct, &record_values::usage_completion_tokens_diff_pct},
    {metric_id::usage_reasoning_tokens_diff_pct, &record_values::usage_reasoning_tokens_diff_pct},
    {metric_id::osl_mismatch_diff_pct, &record_values::osl_mismatch_diff_pct},
};

// The usage_* metrics in metric_id order (usage_prompt_tokens first), for the usage totals.
inline constexpr std::optional<std::int64_t> record_values::*usage_members[] = {
    &record_values::usage_prompt_tokens,
    &record_values::usage_completion_tokens,
    &record_values::usage_total_tokens,
    &record_values::usage_reasoning_tokens,
    &record_values::usage_prompt_cache_read_tokens,
    &record_values::usage_prompt_cache_write_tokens,
    &record_values::usage_prompt_cache_miss_tokens,
    &record_values::usage_prompt_audio_tokens,
    &record_values::usage_completion_audio_tokens,
    &record_values::usage_accepted_prediction_tokens,
    &record_values::usage_rejected_prediction_tokens,
};

// http_req_blocked .. http_req_chunks_received, in metric_id order.
inline constexpr std::int64_t http_trace_values::*http_members[] = {
    &http_trace_values::blocked_ns,    &http_trace_values::dns_lookup_ns,
    &http_trace_values::connecting_ns, &http_trace_values::sending_ns,
    &http_trace_values::waiting_ns,    &http_trace_values::receiving_ns,
    &http_trace_values::duration_ns,   &http_trace_values::connection_overhead_ns,
    &http_trace_values::total_ns,      &http_trace_values::data_sent,
    &http_trace_values::data_received, &http_trace_values::connection_reused,
    &http_trace_values::chunks_sent,   &http_trace_values::chunks_received,
};

static_assert(std::size(usage_members) ==
              static_cast<std::size_t>(metric_id::usage_rejected_prediction_tokens) -
                  static_cast<std::size_t>(metric_id::usage_prompt_tokens) + 1);
static_assert(std::size(http_members) ==
              static_cast<std::size_t>(metric_id::http_req_chunks_received) -
                  static_cast<std::size_t>(metric_id::http_req_blocked) + 1);

}  // namespace ringperf::metrics::fields
