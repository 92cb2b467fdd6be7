#include <algorithm>
#include <optional>
#include <vector>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr double ns_per_sec = 1e9;

void compute_streamed(const request_record& r, record_values& v) {
    const std::vector<mono_ns>& c = r.content_ns;
    if (!c.empty()) v.time_to_first_token_ns = c[0] - r.t_start;
    if (!c.empty() && r.t_intended != 0)
        v.time_to_first_token_from_intended_ns = c[0] - r.t_intended;
    if (c.size() >= 2) v.time_to_second_token_ns = c[1] - c[0];
    if (r.first_output_index >= 0 && static_cast<std::size_t>(r.first_output_index) < c.size()) {
        v.time_to_first_output_token_ns =
            c[static_cast<std::size_t>(r.first_output_index)] - r.t_start;
    }
    if (c.size() >= 2) {
        v.inter_chunk_latency_ns.reserve(c.size() - 1);
        for (std::size_t i = 1; i < c.size(); ++i)
            v.inter_chunk_latency_ns.push_back(c[i] - c[i - 1]);
    }
    const auto osl = v.output_sequence_length;
    if (v.time_to_first_token_ns && osl && *osl >= 2) {
        const auto decode_ns =
            static_cast<double>(*v.request_latency_ns - *v.time_to_first_token_ns);
        const double itl = decode_ns / static_cast<double>(*osl - 1);
        v.inter_token_latency_ns = itl;
        if (itl > 0) v.output_token_throughput_per_user = ns_per_sec / itl;
    }
}

std::optional<std::int64_t> present(std::int64_t n) {
    if (n < 0) return std::nullopt;
    return n;
}

// --use-server-token-count takes OSL from usage.completion_tokens (reference/aiperf.md §2.6),
// which already includes the reasoning tokens. AIPerf splits it as reasoning tokens =
// usage.completion_tokens_details.reasoning_tokens (§2.4) and output tokens =
// completion_tokens minus those, clamped at 0 when the server's counts disagree, so that
// OSL = output + reasoning (§2.3) is completion_tokens again: nothing is subtracted from OSL.
void from_usage(const usage_counts& u, record_values& v) {
    v.reasoning_token_count = present(u.reasoning_tokens);
    if (u.completion_tokens >= 0)
        v.output_token_count = std::max<std::int64_t>(
            u.completion_tokens - std::max<std::int64_t>(u.reasoning_tokens, 0), 0);
    v.input_sequence_length = present(u.prompt_tokens);
}

void set_token_counts(const request_record& r, token_source source, record_values& v) {
    switch (source) {
        case token_source::tokenizer:
            v.output_token_count = present(r.counted.output);
            v.reasoning_token_count = present(r.counted.reasoning);
            v.input_sequence_length = present(r.input_tokens);
            break;
        case token_source::server:
            from_usage(r.usage, v);
            break;
        case token_source::estimate:
            if (r.usage.completion_tokens >= 0) {
                from_usage(r.usage, v);
            } else if (r.streaming) {
                v.output_sequence_length = static_cast<std::int64_t>(r.content_ns.size());
                v.osl_estimated = true;
            }
            v.input_sequence_length =
                present(r.usage.prompt_tokens >= 0 ? r.usage.prompt_tokens : r.input_tokens);
            if (v.osl_estimated) return;
            break;
    }
    // §2.3: OSL = output tokens + reasoning tokens, absent only when both are.
    if (v.output_token_count || v.reasoning_token_count)
        v.output_sequence_length =
            v.output_token_count.value_or(0) + v.reasoning_token_count.value_or(0);
}

}  // namespace

send_lags compute_send_lags(const request_record& r) {
    send_lags l;
    if (r.t_intended == 0) return l;
    if (r.t_write_start != 0) l.send_lag_ns = r.t_write_start - r.t_intended;
    if (r.t_start == 0) return l;
    // Connecting and the TLS handshake are the network's time, not the client's: a request
    // that opened a connection is judged by when the client issued it.
    const bool on_open_connection = r.connection_reused && r.t_write_start != 0;
    l.schedule_lag_ns = (on_open_connection ? r.t_write_start : r.t_start) - r.t_intended;
    return l;
}

record_values compute_record_values(const request_record& r, token_source source) {
    record_values v;
    if (!r.ok()) return v;
    const std::vector<mono_ns>& c = r.content_ns;
    const mono_ns latency_end = c.empty() ? r.t_end : c.back();
    v.request_latency_ns = latency_end - r.t_start;
    if (r.t_intended != 0) v.request_latency_from_intended_ns = latency_end - r.t_intended;
    set_token_counts(r, source, v);
    if (r.streaming) compute_streamed(r, v);
    const send_lags lags = compute_send_lags(r);
    v.send_lag_ns = lags.send_lag_ns;
    v.schedule_lag_ns = lags.schedule_lag_ns;
    return v;
}

}  // namespace ringperf::metrics
