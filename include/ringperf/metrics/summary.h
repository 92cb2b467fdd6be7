// Per-request metric values, per-worker accumulation and the end-of-run summary.
//
// Thread-safety: a metric_set belongs to one worker thread; sets are merged after the
// workers have stopped (or from snapshots), never shared while recording.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary_recorder.h"

namespace ringperf::metrics {

// The HTTP trace metrics of one request (k6's names, docs/metrics.md "HTTP trace"), ns and
// bytes. ringperf resolves addresses once before the run and has no connection pool wait of
// its own, so blocked_ns and dns_lookup_ns are always 0.
struct http_trace_values {
    std::int64_t blocked_ns = 0;
    std::int64_t dns_lookup_ns = 0;
    std::int64_t connecting_ns = 0;  // t_connected - t_start on a new connection (TCP + TLS)
    std::int64_t sending_ns = 0;     // t_write_end - t_write_start
    std::int64_t waiting_ns = 0;     // t_first_byte - t_write_end
    std::int64_t receiving_ns = 0;   // t_end - t_first_byte
    std::int64_t duration_ns = 0;    // t_end - t_write_start, measured directly
    std::int64_t connection_overhead_ns = 0;  // blocked + dns_lookup + connecting
    std::int64_t total_ns = 0;  // blocked + dns_lookup + connecting + sending + waiting + receiving
    std::int64_t data_sent = 0;          // bytes_sent
    std::int64_t data_received = 0;      // bytes_received
    std::int64_t connection_reused = 0;  // 0 or 1
    std::int64_t chunks_sent = 0;
    std::int64_t chunks_received = 0;
};

// OSL mismatch: a request that asked for R output tokens and got OSL counts as mismatched
// when |OSL - R| > min(R * pct / 100, max_tokens).
struct osl_mismatch_thresholds {
    double pct = 5;
    double max_tokens = 50;
};
// The thresholds with AIPerf's environment overrides AIPERF_METRICS_OSL_MISMATCH_PCT_THRESHOLD
// and AIPERF_METRICS_OSL_MISMATCH_MAX_TOKEN_THRESHOLD applied (`getenv` returns nullptr when
// unset); a value that is not a number >= 0 fails, naming the variable and the text.
result<osl_mismatch_thresholds> osl_mismatch_thresholds_from_env(
    const char* (*getenv)(const char*));

// One --goodput SLO: the metric and its threshold in the metric's base unit.
struct goodput_slo {
    metric_id id = metric_id::request_latency;
    double threshold = 0;
};

// Usage diffs above this count a record in usage_discrepancy_count.
inline constexpr double usage_discrepancy_threshold_pct = 10;

// Run-wide settings that change which metrics a record gets.
struct metric_options {
    bool http_trace = false;                     // http_req_* metrics
    std::optional<std::int64_t> network_rtt_ns;  // network_rtt and network_adjusted_*
    std::vector<goodput_slo> goodput;            // empty: no goodput metrics
    osl_mismatch_thresholds osl_mismatch;
    bool fixed_schedule = false;  // replay_sched_* metrics
};

// A request's record metrics in base units (ns, tokens, tokens/sec/user). Absent =
// not applicable (e.g. TTFT of a non-streamed request, TTST with one content response).
struct record_values {
    std::optional<std::int64_t> time_to_first_token_ns;
    std::optional<std::int64_t> time_to_second_token_ns;
    std::optional<std::int64_t> time_to_first_output_token_ns;
    std::optional<std::int64_t> request_latency_ns;
    std::optional<double> inter_token_latency_ns;
    std::optional<double> output_token_throughput_per_user;
    std::optional<std::int64_t> output_sequence_length;
    std::optional<std::int64_t> input_sequence_length;
    std::optional<std::int64_t> output_token_count;     // non-reasoning part of the OSL
    std::optional<std::int64_t> reasoning_token_count;  // reasoning part of the OSL
    std::optional<std::int64_t> time_to_first_token_from_intended_ns;
    std::optional<std::int64_t> request_latency_from_intended_ns;
    std::optional<std::int64_t> send_lag_ns;
    std::optional<std::int64_t> schedule_lag_ns;
    std::optional<std::int64_t> decode_duration_ns;
    std::optional<double> full_response_inter_token_latency_ns;
    std::optional<double> prefill_throughput_per_user;  // tokens/sec/user
    std::optional<double> e2e_output_token_throughput;  // tokens/sec/user
    // The response's usage counts, as the server sent them (any token source).
    std::optional<std::int64_t> usage_prompt_tokens;
    std::optional<std::int64_t> usage_completion_tokens;
    std::optional<std::int64_t> usage_total_tokens;
    std::optional<std::int64_t> usage_reasoning_tokens;
    std::optional<std::int64_t> usage_prompt_cache_read_tokens;
    std::optional<std::int64_t> usage_prompt_cache_write_tokens;
    std::optional<std::int64_t> usage_prompt_cache_miss_tokens;
    std::optional<std::int64_t> usage_prompt_audio_tokens;
    std::optional<std::int64_t> usage_completion_audio_tokens;
    std::optional<std::int64_t> usage_accepted_prediction_tokens;
    std::optional<std::int64_t> usage_rejected_prediction_tokens;
    std::optional<double> usage_prompt_tokens_diff_pct;
    std::optional<double> usage_completion_tokens_diff_pct;
    std::optional<double> usage_reasoning_tokens_diff_pct;
    std::optional<double> osl_mismatch_diff_pct;
    std::optional<std::int64_t> error_isl;  // failed requests only
    std::optional<std::int64_t> network_adjusted_request_latency_ns;
    std::optional<std::int64_t> network_adjusted_time_to_first_token_ns;
    std::optional<std::int64_t> network_adjusted_time_to_first_output_token_ns;
    std::optional<http_trace_values> http_trace;  // with metric_options::http_trace
    // True when OSL came from counting content responses because the server sent no usage.
    bool osl_estimated = false;
    // Some usage diff is above usage_discrepancy_threshold_pct.
    bool usage_discrepancy = false;
    // |OSL - requested| is above the run's OSL mismatch threshold.
    bool osl_mismatch = false;
    // Gaps between consecutive content responses (ns); empty when fewer than two.
    std::vector<std::int64_t> inter_chunk_latency_ns;
};

// How late the client sent a request, from the record alone (docs/metrics.md):
// - send lag = t_write_start - t_intended, when both are set (the request reached its
//   write); for a request that had to open a connection it includes the TCP connect and
//   TLS handshake, and for a retried request it runs to the retry's write;
// - schedule lag = the send lag without connection set-up: t_write_start - t_intended for a
//   request sent on an already-open connection, t_start - t_intended for one that opened a
//   connection (or never reached its write); needs t_intended and t_start.
// Never negative for records from the engine (t_intended <= t_start <= t_write_start).
// Computed for failed requests too: they measure the client, not the server.
struct send_lags {
    std::optional<std::int64_t> send_lag_ns;
    std::optional<std::int64_t> schedule_lag_ns;
};
send_lags compute_send_lags(const request_record& r);

// AIPerf's formulas (docs/metrics.md); only for successful requests (all absent otherwise):
// - TTFT = content_ns[0] - t_start; TTST = content_ns[1] - content_ns[0]; TTFO =
//   content_ns[first_output_index] - t_start (streamed requests only);
// - request latency = content_ns.back() - t_start, or t_end - t_start without content;
// - token counts by `source`:
//   tokenizer: output tokens = counted.output, reasoning tokens = counted.reasoning (each
//     absent when -1), ISL = input_tokens;
//   server: reasoning tokens = usage.reasoning_tokens, output tokens = usage.completion_tokens
//     minus the reasoning tokens (clamped at 0), ISL = usage.prompt_tokens, each absent when
//     the server did not send it;
//   estimate: as server when usage.completion_tokens is present (ISL = usage.prompt_tokens,
//     else input_tokens); without it a streamed request's OSL is the number of content
//     responses (osl_estimated) and output / reasoning tokens are absent;
//   OSL = output tokens + reasoning tokens, absent when both are;
// - ITL = (latency - TTFT) / (OSL - 1) for OSL >= 2 (streamed); tokens/sec/user = 1e9 / ITL
//   for ITL > 0; ICL = the gaps between content responses (streamed).
// ringperf's, measured from the intended send time (t_intended != 0 only):
// - TTFT from intended = content_ns[0] - t_intended (streamed);
// - request latency from intended = the request latency's end point - t_intended, so each
//   differs from its partner by exactly t_start - t_intended;
// - send lag and schedule lag as compute_send_lags().
// Allocates only for inter_chunk_latency_ns.
record_values compute_record_values(const request_record& r,
                                    token_source source = token_source::estimate);
// The same plus the metrics `o` turns on, and the catalogue's further record metrics
// (docs/metrics.md):
// - decode duration = latency - TTFT; full-response ITL = (t_end - content_ns[0]) / (OSL - 1)
//   for OSL >= 2 (streamed); prefill throughput per user = ISL / TTFT_s (TTFT > 0);
//   e2e output token throughput = OSL / latency_s (latency > 0);
// - usage_* = the response's usage counts that are >= 0;
// - usage diff % = |server - client| / client * 100 when both exist and client > 0: prompt
//   (usage.prompt_tokens vs input_tokens), completion (usage.completion_tokens vs
//   counted.output + counted.reasoning), reasoning (usage.reasoning_tokens vs
//   counted.reasoning); usage_discrepancy when one is > usage_discrepancy_threshold_pct;
// - OSL mismatch % = (OSL - R) / R * 100 for requested_output_tokens R > 0; osl_mismatch per
//   o.osl_mismatch;
// - network-adjusted latency / TTFT / TTFO = value - o.network_rtt_ns, clamped at 0;
// - http_trace with o.http_trace, when t_write_start, t_write_end, t_first_byte and t_end
//   are all set (see http_trace_values).
// For a failed request only error_isl: input_tokens, else usage.prompt_tokens (absent when
// neither is known).
record_values compute_record_values(const request_record& r, token_source source,
                                    const metric_options& o);

// The value of a scalar record metric in base units; nullopt when absent, for the
// list-valued inter_chunk_latency and for metrics that are not record metrics.
std::optional<double> record_value(const record_values& v, metric_id id);

// One line of the summary: a record metric with stats, or a single value.
struct metric_result {
    const metric_info* info = nullptr;
    bool has_stats = false;
    stats s;           // when has_stats
    double value = 0;  // display unit, when !has_stats (e.g. request_throughput)
};

// Failed requests grouped by what AIPerf's error_summary shows.
struct error_summary_entry {
    std::int32_t code = 0;
    std::string type;
    std::string message;
    error_kind kind = error_kind::none;
    std::uint64_t count = 0;
};

// The profiling requests a set has seen reach their write, for the achieved send rate.
struct send_accounting {
    std::uint64_t sent = 0;                         // records with t_write_start != 0
    mono_ns first_write_ns = 0, last_write_ns = 0;  // min and max t_write_start (sent > 0)
    // Of those, the ones with t_intended != 0, and the range of their t_intended.
    std::uint64_t intended = 0;
    mono_ns first_intended_ns = 0, last_intended_ns = 0;

    // (sent - 1) / (last_write_ns - first_write_ns) in requests per second: the mean rate
    // between the first and the last send. Absent with fewer than two sends or a zero span.
    std::optional<double> achieved_rate_per_s() const;
    // The same over t_intended: the rate the schedule asked of these requests.
    std::optional<double> scheduled_rate_per_s() const;
    void merge(const send_accounting& other);
};

// Per-URL figures of a run with several --url values (metric_set::url_results()).
struct url_result {
    std::uint32_t url_index = 0;
    std::uint64_t request_count = 0;  // successful requests
    std::uint64_t error_count = 0;
    std::optional<stats> request_latency;      // ms; absent without a successful request
    std::optional<stats> time_to_first_token;  // ms; streamed requests with content only
};

class metric_set {
  public:
    metric_set();
    // A set that computes the goodput, replay lag and network RTT metrics `o` asks for.
    explicit metric_set(const metric_options& o);
    ~metric_set();
    metric_set(metric_set&&) noexcept;
    metric_set& operator=(metric_set&&) noexcept;

    // Adds a finished profiling-phase request (warmup records are not added). Successful
    // requests feed the record metrics; failed ones feed the error counts. Every request
    // feeds send_lag and schedule_lag (from compute_send_lags(r)), the send accounting and
    // the per-URL figures (keyed by r.url_index).
    // `v` must be compute_record_values(r, ...) (for a failed request empty, or holding only
    // error_isl, which feeds error_isl and total_error_isl). A successful request also
    // counts as good when it meets the set's goodput SLOs (is_good, goodput.h). Failed requests are
    // grouped by (error_code, error_type, error_message, error); past 64 distinct groups, new
    // messages fold into one group per (code, type, kind) with the message "(other messages)", and
    // past 16 of those into a single catch-all (code 0, type "(other)", message "(other errors)"),
    // so memory stays bounded.
    void add(const request_record& r, const record_values& v, const wall_clock_map& clock);
    // Adds everything `other` holds (histograms, counters, error groups). A default-built
    // set takes `other`'s options when it has none of its own.
    void merge(const metric_set& other);

    std::uint64_t request_count() const;  // successful requests
    std::uint64_t error_count() const;
    std::uint64_t osl_estimated_count() const;
    // Values that fell outside their metric's histogram range (clamped into it, see
    // summary::record), over all record metrics.
    std::uint64_t out_of_range_count() const;
    // Epoch ns of the earliest request start and the latest response end over all profiling
    // records (successful or not); absent before the first record.
    std::optional<wall_ns> min_request_timestamp_ns() const;
    std::optional<wall_ns> max_response_timestamp_ns() const;
    // The distribution of a record metric, or nullptr when it has no value yet (or `id` is
    // not a record metric). Valid until this set is changed, moved or destroyed.
    const summary* find_summary(metric_id id) const;
    // The sends seen so far (see send_accounting).
    const send_accounting& sends() const;
    // One entry per url_index seen, by url_index, once records came from at least two
    // distinct url_index values; empty while they all came from one (the run's totals are
    // that URL's figures). Per-URL histograms exist only from the second URL on: until then
    // the set's own request_latency and TTFT summaries stand for the one URL.
    std::vector<url_result> url_results() const;

    // The summary: record metrics with stats (only those with at least one value) and the
    // derived values, in catalogue_order(). request_count is always present;
    // error_request_count only when > 0; the timestamps and benchmark_duration once there is
    // a record; total ISL / OSL / output tokens / reasoning tokens when some request had that
    // count; the throughputs when the duration is > 0 (output_token_throughput also needs an
    // OSL, total_token_throughput an ISL or OSL). Of the further run metrics
    // (docs/metrics.md): goodput rows only with goodput SLOs; total_usage_* and
    // total_error_isl when some request had that count; the cache read percentage when the
    // prompt total is > 0; usage_discrepancy_count once a usage difference was computed;
    // osl_mismatch_count once a request asked for an output length; network_rtt with a fixed
    // RTT; replay_sched_* for a fixed schedule with schedule lags.
    std::vector<metric_result> summarize() const;
    // Error groups, most frequent first (ties by code, type, message, kind).
    std::vector<error_summary_entry> error_summary() const;
    // Records whose OSL missed the requested length (osl_mismatch_count).
    std::uint64_t osl_mismatch_count() const;
    const metric_options& options() const;

    // The benchmark duration (seconds) the summary reports: set_benchmark_duration()'s value
    // when given, else max_response_timestamp - min_request_timestamp; absent before the first
    // record. A merge of repeated runs sets it to the sum of the runs' durations.
    std::optional<double> benchmark_duration_s() const;
    void set_benchmark_duration(std::optional<double> seconds);

    // The set's complete state as a JSON object (metric_set_state.cpp): every record metric's
    // layout, exact statistics and histogram (V2 compressed base64), every counter, the error
    // groups, the send accounting, the per-URL figures and the duration override, so that
    // load_state(save_state()) gives a set whose summaries, merges and saves are identical.
    std::string save_state() const;
    // Fails on anything save_state() would not write, naming the field or metric.
    static result<metric_set> load_state(std::string_view json);

  private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::metrics
