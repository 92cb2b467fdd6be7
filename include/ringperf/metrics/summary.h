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

#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary_recorder.h"

namespace ringperf::metrics {

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
    // True when OSL came from counting content responses because the server sent no usage.
    bool osl_estimated = false;
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
    ~metric_set();
    metric_set(metric_set&&) noexcept;
    metric_set& operator=(metric_set&&) noexcept;

    // Adds a finished profiling-phase request (warmup records are not added). Successful
    // requests feed the record metrics; failed ones feed the error counts. Every request
    // feeds send_lag and schedule_lag (from compute_send_lags(r)), the send accounting and
    // the per-URL figures (keyed by r.url_index).
    // `v` must be compute_record_values(r), or empty for a failed request. Failed requests are
    // grouped by (error_code, error_type, error_message, error); past 64 distinct groups, new
    // messages fold into one group per (code, type, kind) with the message "(other messages)", and
    // past 16 of those into a single catch-all (code 0, type "(other)", message "(other errors)"),
    // so memory stays bounded.
    void add(const request_record& r, const record_values& v, const wall_clock_map& clock);
    // Adds everything `other` holds (histograms, counters, error groups).
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
    // OSL).
    std::vector<metric_result> summarize() const;
    // Error groups, most frequent first (ties by code, type, message, kind).
    std::vector<error_summary_entry> error_summary() const;

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
