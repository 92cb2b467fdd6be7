// The catalogue's further record metrics (usage, discrepancies, OSL mismatch, decode and
// throughput variants, error ISL, network-adjusted latencies, HTTP trace), worked out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns t0 = 5'000'000'000;
constexpr mono_ns ms = 1'000'000;

request_record streamed(std::initializer_list<mono_ns> offsets_ns, mono_ns end_offset) {
    request_record r;
    r.streaming = true;
    r.t_start = t0;
    for (mono_ns o : offsets_ns)
        r.content_ns.push_back(t0 + o);
    r.first_output_index = 0;
    r.t_end = t0 + end_offset;
    r.status = 200;
    return r;
}

TEST(CatalogueExtras, StreamedTimingVariantsFromHandComputedRecord) {
    // Content at 100, 150, 300 ms; [DONE] and close at 340 ms; tokenizer counts 4 output + 1
    // reasoning (OSL 5, one chunk carried two tokens), ISL 200.
    request_record r = streamed({100 * ms, 150 * ms, 300 * ms}, 340 * ms);
    r.counted.output = 4;
    r.counted.reasoning = 1;
    r.input_tokens = 200;
    const record_values v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_EQ(v.request_latency_ns, 300 * ms);
    EXPECT_EQ(v.decode_duration_ns, 200 * ms);  // 300 - 100
    ASSERT_TRUE(v.full_response_inter_token_latency_ns);
    EXPECT_DOUBLE_EQ(*v.full_response_inter_token_latency_ns, 240.0 * ms / 4);  // (340-100)/(5-1)
    ASSERT_TRUE(v.prefill_throughput_per_user);
    EXPECT_DOUBLE_EQ(*v.prefill_throughput_per_user, 2000.0);  // 200 tokens / 0.1 s
    ASSERT_TRUE(v.e2e_output_token_throughput);
    EXPECT_DOUBLE_EQ(*v.e2e_output_token_throughput, 5 / 0.3);
    EXPECT_FALSE(v.http_trace);
    EXPECT_FALSE(v.network_adjusted_request_latency_ns);
    EXPECT_FALSE(v.error_isl);
}

TEST(CatalogueExtras, NonStreamedRecordHasOnlyTheEndToEndThroughput) {
    request_record r;
    r.t_start = t0;
    r.t_end = t0 + 500 * ms;
    r.content_ns.push_back(t0 + 500 * ms);
    r.usage.completion_tokens = 10;
    r.usage.prompt_tokens = 30;
    const record_values v = compute_record_values(r, token_source::server, metric_options{});
    EXPECT_FALSE(v.decode_duration_ns);
    EXPECT_FALSE(v.full_response_inter_token_latency_ns);
    EXPECT_FALSE(v.prefill_throughput_per_user);
    ASSERT_TRUE(v.e2e_output_token_throughput);
    EXPECT_DOUBLE_EQ(*v.e2e_output_token_throughput, 20.0);  // 10 tokens / 0.5 s
}

TEST(CatalogueExtras, UsageCountsAndDiscrepanciesAgainstClientCounts) {
    request_record r = streamed({10 * ms, 20 * ms}, 30 * ms);
    r.usage.prompt_tokens = 110;
    r.usage.completion_tokens = 12;
    r.usage.total_tokens = 122;
    r.usage.reasoning_tokens = 4;
    r.usage.prompt_cache_read_tokens = 64;
    r.usage.accepted_prediction_tokens = 3;
    r.input_tokens = 100;  // prompt diff |110-100|/100 = 10 %: not above 10
    r.counted.output = 8;  // client OSL 8 + 4 = 12: completion diff 0 %
    r.counted.reasoning = 4;
    record_values v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_EQ(v.usage_prompt_tokens, 110);
    EXPECT_EQ(v.usage_completion_tokens, 12);
    EXPECT_EQ(v.usage_total_tokens, 122);
    EXPECT_EQ(v.usage_reasoning_tokens, 4);
    EXPECT_EQ(v.usage_prompt_cache_read_tokens, 64);
    EXPECT_EQ(v.usage_accepted_prediction_tokens, 3);
    EXPECT_FALSE(v.usage_prompt_cache_write_tokens);
    EXPECT_FALSE(v.usage_rejected_prediction_tokens);
    ASSERT_TRUE(v.usage_prompt_tokens_diff_pct);
    EXPECT_DOUBLE_EQ(*v.usage_prompt_tokens_diff_pct, 10.0);
    EXPECT_DOUBLE_EQ(v.usage_completion_tokens_diff_pct.value_or(-1), 0.0);
    EXPECT_DOUBLE_EQ(v.usage_reasoning_tokens_diff_pct.value_or(-1), 0.0);
    EXPECT_FALSE(v.usage_discrepancy);

    r.counted.reasoning = 2;  // reasoning |4-2|/2 = 100 %, completion |12-10|/10 = 20 %
    v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_DOUBLE_EQ(v.usage_reasoning_tokens_diff_pct.value_or(-1), 100.0);
    EXPECT_DOUBLE_EQ(v.usage_completion_tokens_diff_pct.value_or(-1), 20.0);
    EXPECT_TRUE(v.usage_discrepancy);
}

TEST(CatalogueExtras, UsageDiffsNeedBothCountsAndAPositiveClientCount) {
    request_record r = streamed({10 * ms}, 20 * ms);
    r.usage.completion_tokens = 5;  // no client count: no diff
    r.usage.prompt_tokens = 7;
    r.input_tokens = 0;  // client 0: no diff
    const record_values v = compute_record_values(r, token_source::estimate, metric_options{});
    EXPECT_FALSE(v.usage_prompt_tokens_diff_pct);
    EXPECT_FALSE(v.usage_completion_tokens_diff_pct);
    EXPECT_FALSE(v.usage_reasoning_tokens_diff_pct);
}

TEST(CatalogueExtras, OslMismatchIsSignedAndJudgedByTheSmallerThreshold) {
    request_record r = streamed({10 * ms, 20 * ms}, 30 * ms);
    r.requested_output_tokens = 100;
    r.counted.output = 94;  // -6 %: |6| > min(5, 50)
    record_values v = compute_record_values(r, token_source::tokenizer, metric_options{});
    ASSERT_TRUE(v.osl_mismatch_diff_pct);
    EXPECT_DOUBLE_EQ(*v.osl_mismatch_diff_pct, -6.0);
    EXPECT_TRUE(v.osl_mismatch);

    r.counted.output = 105;  // +5 tokens, not above 5
    v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_DOUBLE_EQ(v.osl_mismatch_diff_pct.value_or(0), 5.0);
    EXPECT_FALSE(v.osl_mismatch);

    r.requested_output_tokens = 2000;  // limit min(100, 50) = 50; 1949 is 51 short
    r.counted.output = 1949;
    v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_TRUE(v.osl_mismatch);
    metric_options loose;
    loose.osl_mismatch.max_tokens = 60;
    v = compute_record_values(r, token_source::tokenizer, loose);
    EXPECT_FALSE(v.osl_mismatch);

    r.requested_output_tokens = -1;
    v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_FALSE(v.osl_mismatch_diff_pct);
}

TEST(CatalogueExtras, FailedRequestCarriesOnlyItsErrorIsl) {
    request_record r = streamed({10 * ms}, 20 * ms);
    r.error = error_kind::http_status;
    r.input_tokens = 321;
    record_values v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_EQ(v.error_isl, 321);
    EXPECT_FALSE(v.request_latency_ns);
    EXPECT_FALSE(v.time_to_first_token_ns);
    r.input_tokens = -1;
    r.usage.prompt_tokens = 12;
    v = compute_record_values(r, token_source::server, metric_options{});
    EXPECT_EQ(v.error_isl, 12);
}

TEST(CatalogueExtras, CancelledRequestIsAnErrorWithItsIslAndNeverGood) {
    request_record r = streamed({10 * ms}, 15 * ms);
    r.error = error_kind::cancelled;
    r.was_cancelled = true;
    r.cancel_ns = r.t_end;
    r.error_code = 499;
    r.error_type = "RequestCancellationError";
    r.input_tokens = 64;
    metric_options o;
    o.goodput.push_back({metric_id::request_latency, 1e12});
    const record_values v = compute_record_values(r, token_source::tokenizer, o);
    EXPECT_EQ(v.error_isl, 64);
    EXPECT_FALSE(v.decode_duration_ns);
    EXPECT_FALSE(v.usage_prompt_tokens);
    metric_set set(o);
    set.add(r, v, wall_clock_map{});
    EXPECT_EQ(set.error_count(), 1u);
    const auto rs = set.summarize();
    bool saw_good = false;
    for (const auto& m : rs) {
        if (m.info->id == metric_id::good_request_count) {
            saw_good = true;
            EXPECT_EQ(m.value, 0);
        }
    }
    EXPECT_TRUE(saw_good);
}

TEST(CatalogueExtras, ReasoningCountsFeedOslAndTheReasoningDiff) {
    request_record r = streamed({10 * ms, 20 * ms, 40 * ms}, 50 * ms);
    r.first_output_index = 2;  // two reasoning chunks, then the answer
    r.counted.reasoning = 30;
    r.counted.output = 10;
    r.usage.reasoning_tokens = 33;
    r.usage.completion_tokens = 43;
    const record_values v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_EQ(v.output_sequence_length, 40);
    EXPECT_EQ(v.usage_reasoning_tokens, 33);
    EXPECT_DOUBLE_EQ(v.usage_reasoning_tokens_diff_pct.value_or(-1), 10.0);  // 3 / 30
    EXPECT_DOUBLE_EQ(v.usage_completion_tokens_diff_pct.value_or(-1), 7.5);  // 3 / 40
    EXPECT_FALSE(v.usage_discrepancy);
    ASSERT_TRUE(v.full_response_inter_token_latency_ns);
    EXPECT_DOUBLE_EQ(*v.full_response_inter_token_latency_ns, 40.0 * ms / 39);  // (50-10)/(40-1)
}

TEST(CatalogueExtras, NetworkAdjustedValuesSubtractTheRttAndClampAtZero) {
    request_record r = streamed({3 * ms, 9 * ms}, 12 * ms);
    r.first_output_index = 1;
    metric_options o;
    o.network_rtt_ns = 5 * ms;
    const record_values v = compute_record_values(r, token_source::estimate, o);
    EXPECT_EQ(v.network_adjusted_request_latency_ns, 4 * ms);             // 9 - 5
    EXPECT_EQ(v.network_adjusted_time_to_first_token_ns, 0);              // 3 - 5 clamped
    EXPECT_EQ(v.network_adjusted_time_to_first_output_token_ns, 4 * ms);  // 9 - 5
}

TEST(CatalogueExtras, HttpTraceMapsTheRecordTimestamps) {
    request_record r = streamed({50 * ms}, 80 * ms);
    r.t_connected = t0 + 2 * ms;  // a new connection: 2 ms connecting
    r.t_write_start = t0 + 3 * ms;
    r.t_write_end = t0 + 4 * ms;
    r.t_first_byte = t0 + 40 * ms;
    r.bytes_sent = 900;
    r.bytes_received = 5000;
    r.chunks_sent = 1;
    r.chunks_received = 7;
    metric_options o;
    o.http_trace = true;
    record_values v = compute_record_values(r, token_source::estimate, o);
    ASSERT_TRUE(v.http_trace);
    const http_trace_values& h = *v.http_trace;
    EXPECT_EQ(h.blocked_ns, 0);
    EXPECT_EQ(h.dns_lookup_ns, 0);
    EXPECT_EQ(h.connecting_ns, 2 * ms);
    EXPECT_EQ(h.sending_ns, 1 * ms);
    EXPECT_EQ(h.waiting_ns, 36 * ms);
    EXPECT_EQ(h.receiving_ns, 40 * ms);
    EXPECT_EQ(h.duration_ns, 77 * ms);  // 80 - 3
    EXPECT_EQ(h.connection_overhead_ns, 2 * ms);
    EXPECT_EQ(h.total_ns, 79 * ms);  // 2 + 1 + 36 + 40
    EXPECT_EQ(h.data_sent, 900);
    EXPECT_EQ(h.data_received, 5000);
    EXPECT_EQ(h.connection_reused, 0);
    EXPECT_EQ(h.chunks_sent, 1);
    EXPECT_EQ(h.chunks_received, 7);
    EXPECT_EQ(record_value(v, metric_id::http_req_waiting), 36.0 * ms);
    EXPECT_EQ(record_value(v, metric_id::http_req_chunks_received), 7.0);

    r.connection_reused = true;
    r.t_connected = t0;
    v = compute_record_values(r, token_source::estimate, o);
    EXPECT_EQ(v.http_trace->connecting_ns, 0);
    EXPECT_EQ(v.http_trace->connection_reused, 1);
    r.t_first_byte = 0;  // never got a byte: no trace
    EXPECT_FALSE(compute_record_values(r, token_source::estimate, o).http_trace);
}

TEST(CatalogueExtras, RecordValueCoversEveryScalarRecordMetric) {
    request_record r = streamed({10 * ms, 20 * ms}, 30 * ms);
    r.counted.output = 3;
    r.input_tokens = 10;
    const record_values v = compute_record_values(r, token_source::tokenizer, metric_options{});
    EXPECT_EQ(record_value(v, metric_id::request_latency), 20.0 * ms);
    EXPECT_EQ(record_value(v, metric_id::decode_duration), 10.0 * ms);
    EXPECT_EQ(record_value(v, metric_id::output_sequence_length), 3.0);
    EXPECT_FALSE(record_value(v, metric_id::inter_chunk_latency));
    EXPECT_FALSE(record_value(v, metric_id::request_throughput));
}

TEST(UsageCounts, MergeLatestKeepsTheLastNonNullValueOfEachCount) {
    usage_counts u;
    usage_counts start;  // Anthropic message_start: input and cache counts
    start.prompt_tokens = 50;
    start.prompt_cache_read_tokens = 40;
    start.completion_tokens = 1;
    u.merge_latest(start);
    usage_counts delta;  // message_delta: output tokens only
    delta.completion_tokens = 25;
    u.merge_latest(delta);
    EXPECT_EQ(u.prompt_tokens, 50);
    EXPECT_EQ(u.prompt_cache_read_tokens, 40);
    EXPECT_EQ(u.completion_tokens, 25);
    EXPECT_EQ(u.total_tokens, -1);
}

}  // namespace
}  // namespace ringperf::metrics
