// The catalogue's further record metrics (usage, discrepancies, OSL mismatch, decode and
// throughput variants, network-adjusted latencies, HTTP trace) and the generic value lookup.
#include <array>
#include <cmath>
#include <cstdlib>

#include "record_fields.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr double ns_per_sec = 1e9;

std::optional<std::int64_t> present(std::int64_t n) {
    if (n < 0) return std::nullopt;
    return n;
}

void set_usage(const usage_counts& u, record_values& v) {
    v.usage_prompt_tokens = present(u.prompt_tokens);
    v.usage_completion_tokens = present(u.completion_tokens);
    v.usage_total_tokens = present(u.total_tokens);
    v.usage_reasoning_tokens = present(u.reasoning_tokens);
    v.usage_prompt_cache_read_tokens = present(u.prompt_cache_read_tokens);
    v.usage_prompt_cache_write_tokens = present(u.prompt_cache_write_tokens);
    v.usage_prompt_cache_miss_tokens = present(u.prompt_cache_miss_tokens);
    v.usage_prompt_audio_tokens = present(u.prompt_audio_tokens);
    v.usage_completion_audio_tokens = present(u.completion_audio_tokens);
    v.usage_accepted_prediction_tokens = present(u.accepted_prediction_tokens);
    v.usage_rejected_prediction_tokens = present(u.rejected_prediction_tokens);
}

std::optional<double> diff_pct(std::int64_t server, std::int64_t client) {
    if (server < 0 || client <= 0) return std::nullopt;
    return std::abs(static_cast<double>(server - client)) / static_cast<double>(client) * 100.0;
}

void set_usage_diffs(const request_record& r, record_values& v) {
    const token_counts& c = r.counted;
    const std::int64_t client_osl =
        c.output < 0 && c.reasoning < 0
            ? -1
            : std::max<std::int64_t>(c.output, 0) + std::max<std::int64_t>(c.reasoning, 0);
    v.usage_prompt_tokens_diff_pct = diff_pct(r.usage.prompt_tokens, r.input_tokens);
    v.usage_completion_tokens_diff_pct = diff_pct(r.usage.completion_tokens, client_osl);
    v.usage_reasoning_tokens_diff_pct = diff_pct(r.usage.reasoning_tokens, c.reasoning);
    for (const auto& d : {v.usage_prompt_tokens_diff_pct, v.usage_completion_tokens_diff_pct,
                          v.usage_reasoning_tokens_diff_pct}) {
        if (d && *d > usage_discrepancy_threshold_pct) v.usage_discrepancy = true;
    }
}

void set_osl_mismatch(const request_record& r, const osl_mismatch_thresholds& t, record_values& v) {
    const std::int64_t wanted = r.requested_output_tokens;
    if (wanted <= 0 || !v.output_sequence_length) return;
    const auto diff = static_cast<double>(*v.output_sequence_length - wanted);
    v.osl_mismatch_diff_pct = diff / static_cast<double>(wanted) * 100.0;
    const double limit = std::min(static_cast<double>(wanted) * t.pct / 100.0, t.max_tokens);
    v.osl_mismatch = std::abs(diff) > limit;
}

void set_derived_latencies(const request_record& r, record_values& v) {
    if (v.time_to_first_token_ns && v.request_latency_ns)
        v.decode_duration_ns = *v.request_latency_ns - *v.time_to_first_token_ns;
    const auto osl = v.output_sequence_length;
    if (r.streaming && !r.content_ns.empty() && osl && *osl >= 2 && r.t_end >= r.content_ns[0])
        v.full_response_inter_token_latency_ns =
            static_cast<double>(r.t_end - r.content_ns[0]) / static_cast<double>(*osl - 1);
    if (v.time_to_first_token_ns && *v.time_to_first_token_ns > 0 && v.input_sequence_length)
        v.prefill_throughput_per_user = static_cast<double>(*v.input_sequence_length) * ns_per_sec /
                                        static_cast<double>(*v.time_to_first_token_ns);
    if (v.request_latency_ns && *v.request_latency_ns > 0 && osl)
        v.e2e_output_token_throughput =
            static_cast<double>(*osl) * ns_per_sec / static_cast<double>(*v.request_latency_ns);
}

std::optional<std::int64_t> minus_rtt(const std::optional<std::int64_t>& value, std::int64_t rtt) {
    if (!value) return std::nullopt;
    return std::max<std::int64_t>(*value - rtt, 0);
}

std::optional<http_trace_values> http_trace_of(const request_record& r) {
    if (r.t_start == 0 || r.t_write_start == 0 || r.t_write_end == 0 || r.t_first_byte == 0 ||
        r.t_end == 0)
        return std::nullopt;
    http_trace_values h;
    if (!r.connection_reused && r.t_connected != 0) h.connecting_ns = r.t_connected - r.t_start;
    h.sending_ns = r.t_write_end - r.t_write_start;
    h.waiting_ns = r.t_first_byte - r.t_write_end;
    h.receiving_ns = r.t_end - r.t_first_byte;
    h.duration_ns = r.t_end - r.t_write_start;
    h.connection_overhead_ns = h.blocked_ns + h.dns_lookup_ns + h.connecting_ns;
    h.total_ns = h.connection_overhead_ns + h.sending_ns + h.waiting_ns + h.receiving_ns;
    h.data_sent = static_cast<std::int64_t>(r.bytes_sent);
    h.data_received = static_cast<std::int64_t>(r.bytes_received);
    h.connection_reused = r.connection_reused ? 1 : 0;
    h.chunks_sent = r.chunks_sent;
    h.chunks_received = r.chunks_received;
    return h;
}

template <typename T>
std::optional<double> as_double(const std::optional<T>& v) {
    if (!v) return std::nullopt;
    return static_cast<double>(*v);
}

// Where record_value() finds each record metric in the tables of record_fields.h.
enum class table : std::uint8_t { none, success_int, other_int, success_double, http };
struct table_slot {
    table which = table::none;
    std::uint8_t index = 0;
};

template <typename Fields>
constexpr void place(std::array<table_slot, record_metric_count>& a, const Fields& f, table which) {
    for (std::size_t i = 0; i < std::size(f); ++i)
        a[static_cast<std::size_t>(f[i].id)] = {which, static_cast<std::uint8_t>(i)};
}

constexpr std::array<table_slot, record_metric_count> slots = [] {
    std::array<table_slot, record_metric_count> a{};
    place(a, fields::success_ints, table::success_int);
    place(a, fields::other_ints, table::other_int);
    place(a, fields::success_doubles, table::success_double);
    const auto http = static_cast<std::size_t>(metric_id::http_req_blocked);
    for (std::size_t i = 0; i < std::size(fields::http_members); ++i)
        a[http + i] = {table::http, static_cast<std::uint8_t>(i)};
    return a;
}();

// Every scalar record metric is in exactly one table; the list-valued ICL in none.
constexpr bool tables_cover_catalogue() {
    std::size_t placed = 0;
    for (std::size_t i = 0; i < record_metric_count; ++i)
        if (slots[i].which != table::none) ++placed;
    return placed == record_metric_count - 1 &&
           slots[static_cast<std::size_t>(metric_id::inter_chunk_latency)].which == table::none &&
           std::size(fields::success_ints) + std::size(fields::other_ints) +
                   std::size(fields::success_doubles) + std::size(fields::http_members) ==
               placed;
}
static_assert(tables_cover_catalogue());

}  // namespace

record_values compute_record_values(const request_record& r, token_source source,
                                    const metric_options& o) {
    record_values v = compute_record_values(r, source);
    if (!r.ok()) {
        v.error_isl = present(r.input_tokens >= 0 ? r.input_tokens : r.usage.prompt_tokens);
        return v;
    }
    set_derived_latencies(r, v);
    set_usage(r.usage, v);
    set_usage_diffs(r, v);
    set_osl_mismatch(r, o.osl_mismatch, v);
    if (o.network_rtt_ns) {
        const std::int64_t rtt = *o.network_rtt_ns;
        v.network_adjusted_request_latency_ns = minus_rtt(v.request_latency_ns, rtt);
        v.network_adjusted_time_to_first_token_ns = minus_rtt(v.time_to_first_token_ns, rtt);
        v.network_adjusted_time_to_first_output_token_ns =
            minus_rtt(v.time_to_first_output_token_ns, rtt);
    }
    if (o.http_trace) v.http_trace = http_trace_of(r);
    return v;
}

std::optional<double> record_value(const record_values& v, metric_id id) {
    if (!is_record_metric(id)) return std::nullopt;
    const table_slot t = slots[static_cast<std::size_t>(id)];
    switch (t.which) {
        case table::success_int:
            return as_double(v.*fields::success_ints[t.index].member);
        case table::other_int:
            return as_double(v.*fields::other_ints[t.index].member);
        case table::success_double:
            return v.*fields::success_doubles[t.index].member;
        case table::http:
            if (!v.http_trace) return std::nullopt;
            return static_cast<double>((*v.http_trace).*fields::http_members[t.index]);
        case table::none:
            break;
    }
    return std::nullopt;
}

}  // namespace ringperf::metrics
