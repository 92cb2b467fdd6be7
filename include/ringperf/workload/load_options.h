// The load a run applies: how requests are timed (closed loop, request rate, fixed
// schedule, user-centric), what limits them, what stops them, the warmup phase before the
// measured one, client-side cancellation, and repeated or swept runs. Plain data filled by
// the config module; the CLI resolves it into engine phases.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ringperf/workload/arrival.h"

namespace ringperf::workload {

// What a rate-mode request does when it is due and the concurrency cap is reached.
enum class overflow_policy {
    skip,   // it is not sent (AIPerf's behaviour); the run counts how many were skipped
    queue,  // it waits for a free slot; its intended time stays the scheduled one
};

// The warmup phase (AIPerf's --warmup-*): enabled by a request count, a duration or a
// session count. Every unset load setting falls back to the profiling phase's value.
struct warmup_options {
    std::optional<std::uint64_t> request_count;        // --warmup-request-count (>= 1)
    std::optional<double> duration_s;                  // --warmup-duration
    std::optional<std::uint64_t> num_sessions;         // --num-warmup-sessions
    std::optional<std::uint32_t> concurrency;          // --warmup-concurrency
    std::optional<std::uint32_t> prefill_concurrency;  // --warmup-prefill-concurrency
    std::optional<double> request_rate;                // --warmup-request-rate
    std::optional<arrival_pattern> pattern;            // --warmup-arrival-pattern
    // --warmup-grace-period (s, inf allowed; only with --warmup-duration). Unset: wait for
    // every warmup response.
    std::optional<double> grace_period_s;
    std::optional<double> concurrency_ramp_duration_s;  // --warmup-concurrency-ramp-duration
    std::optional<double>
        prefill_concurrency_ramp_duration_s;             // --warmup-prefill-...-ramp-duration
    std::optional<double> request_rate_ramp_duration_s;  // --warmup-request-rate-ramp-duration

    bool enabled() const { return request_count || duration_s || num_sessions; }
};

// Fixed schedule / trace replay (AIPerf's --fixed-schedule*): requests are sent at the
// dataset's timestamps.
struct fixed_schedule_options {
    // --fixed-schedule / --no-fixed-schedule. Unset: on when the dataset has timestamps.
    std::optional<bool> enabled;
    bool auto_offset = false;                     // --fixed-schedule-auto-offset
    std::optional<std::int64_t> start_offset_ms;  // --fixed-schedule-start-offset (inclusive)
    std::optional<std::int64_t> end_offset_ms;    // --fixed-schedule-end-offset (inclusive)
    double speedup = 1.0;                         // --fixed-schedule-speedup: time divided by it
};

struct load_options {
    // --concurrency: sessions in flight at once (requests, for single-turn data). Closed
    // loop: the concurrency (1 when unset); other modes: a cap (none when unset).
    std::optional<std::uint32_t> concurrency;
    // --request-count. Unset and no other stop condition: AIPerf's default
    // max(10, 2 x concurrency). Counts requests (turns), not sessions.
    std::optional<std::uint64_t> request_count;
    // --num-sessions (--conversation-num): stop starting sessions after this many; the
    // sessions already started finish their turns. Exclusive with --request-count.
    std::optional<std::uint64_t> num_sessions;
    // --benchmark-duration (s): stop issuing new requests after it.
    std::optional<double> benchmark_duration_s;
    // --benchmark-grace-period (s): wait this long for in-flight responses after the
    // duration; infinity allowed. Only meaningful with a duration.
    double grace_period_s = 30;

    // --request-rate: requests per second on a schedule (open loop). Unset: closed loop
    // at --concurrency.
    std::optional<double> request_rate;
    // --arrival-pattern: gaps between scheduled requests.
    arrival_pattern pattern = arrival_pattern::poisson;
    // --arrival-smoothness: gamma shape k (vLLM's burstiness); 1 = Poisson.
    double arrival_smoothness = 1.0;
    // --request-rate-ramp-duration (s): rise linearly to the rate over this long.
    std::optional<double> request_rate_ramp_duration_s;
    // --concurrency-overflow: with --request-rate and --concurrency.
    overflow_policy overflow = overflow_policy::skip;

    // --prefill-concurrency: requests sent but without their first content token, at most
    // (needs streaming; <= concurrency).
    std::optional<std::uint32_t> prefill_concurrency;
    // --concurrency-ramp-duration / --prefill-concurrency-ramp-duration (s): the limit
    // starts at 1 and steps up evenly to its target over this long.
    std::optional<double> concurrency_ramp_duration_s;
    std::optional<double> prefill_concurrency_ramp_duration_s;

    // --user-centric-rate (total requests/s over all users) with --num-users.
    std::optional<double> user_centric_rate;
    std::optional<std::uint32_t> num_users;

    fixed_schedule_options fixed_schedule;
    warmup_options warmup;

    // --request-cancellation-rate: percent (0, 100] of requests cancelled by the client,
    // --request-cancellation-delay (s) after the request was fully sent.
    std::optional<double> cancellation_rate_percent;
    double cancellation_delay_s = 0;

    // --failed-request-threshold: abort (non-zero exit) once failed/total exceeds this
    // fraction, checked after max(concurrency, 10) profiling records.
    std::optional<double> failed_request_threshold;

    // Sweeps: --concurrency and --request-rate given as comma lists of two or more values.
    // Each value runs as its own benchmark (the scalar fields above hold the first value).
    std::vector<std::uint32_t> concurrency_sweep;
    std::vector<double> request_rate_sweep;
    double sweep_cooldown_s = 0;   // --parameter-sweep-cooldown-seconds
    bool sweep_same_seed = false;  // --parameter-sweep-same-seed: else seed + value index

    // Repeated runs: --num-profile-runs (1..10), --profile-run-cooldown-seconds,
    // --confidence-level (0, 1), --profile-run-disable-warmup-after-first (default on).
    std::uint32_t num_profile_runs = 1;
    double profile_run_cooldown_s = 0;
    double confidence_level = 0.95;
    bool disable_warmup_after_first = true;

    // Closed loop: the concurrency (1 when unset). Other modes: the cap, 0 when unset.
    std::uint32_t effective_concurrency() const {
        return open_loop() ? concurrency.value_or(0) : concurrency.value_or(1);
    }
    // Requests are timed by a schedule rather than by free concurrency.
    bool open_loop() const {
        return request_rate || user_centric_rate || fixed_schedule.enabled.value_or(false);
    }
    // The request count the run will issue when no duration or session count is set.
    std::uint64_t effective_request_count() const;
};

}  // namespace ringperf::workload
