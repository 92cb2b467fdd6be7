// The client's self-check: did ringperf send the load it was asked to send? A load
// generator that falls behind its schedule measures latency from the wrong start and
// applies less load than asked (coordinated omission), so every run gets a verdict from
// how late its sends were, the rate it achieved, and how many requests the concurrency
// cap held back. docs/self-check.md explains every check and threshold.
//
// Pure functions of their arguments; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ringperf::metrics {

// How the run timed its requests.
enum class load_mode : std::uint8_t {
    closed_loop,     // --concurrency without a rate: a request is issued when a slot frees
    request_rate,    // --request-rate: a seeded arrival schedule
    fixed_schedule,  // --fixed-schedule: the dataset's timestamps (trace replay)
    user_centric,    // --user-centric-rate with --num-users
};
// "closed_loop", "request_rate", "fixed_schedule", "user_centric".
const char* load_mode_name(load_mode m);
// Every mode but the closed loop follows a schedule of intended send times.
constexpr bool is_open_loop(load_mode m) {
    return m != load_mode::closed_loop;
}

// Every limit of the verdict, in one place (reasoning in docs/self-check.md).
struct self_check_thresholds {
    // Schedule lag (send lag without connection set-up), every mode.
    double schedule_lag_p99_ms = 1.0;
    double schedule_lag_max_ms = 10.0;
    // Open loop: |achieved - scheduled| / scheduled rate, in percent.
    double rate_error_percent = 1.0;
    // Open loop: skipped, and queued, requests as a percentage of the scheduled ones
    // (sent + skipped), each.
    double skipped_percent = 0.1;
    double queued_percent = 0.1;
};
inline constexpr self_check_thresholds default_self_check_thresholds{};

// Percentiles of a lag distribution, in milliseconds.
struct lag_figures {
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    std::uint64_t count = 0;
};

// What the verdict is judged on.
struct self_check_figures {
    load_mode mode = load_mode::closed_loop;
    std::uint64_t sent = 0;                      // profiling requests that reached their write
    std::optional<double> target_rate_per_s;     // the configured rate; absent: none
    std::optional<double> scheduled_rate_per_s;  // the schedule's rate over the sent requests
    std::optional<double> achieved_rate_per_s;   // the rate they were actually sent at
    std::optional<lag_figures> schedule_lag;     // absent when no request was issued
    // Due while every connection slot was busy (the --concurrency cap, or the worker's
    // connection limit): never sent, or sent when a slot freed.
    std::uint64_t skipped = 0;
    std::uint64_t queued = 0;
};

enum class self_check_outcome : std::uint8_t { kept_up, fell_behind, not_judged };
// "kept up", "fell behind: results not valid", "not judged".
const char* self_check_outcome_text(self_check_outcome o);

struct self_check_verdict {
    self_check_outcome outcome = self_check_outcome::not_judged;
    // fell_behind: every check that failed, as a sentence with the figure and its limit
    // ("schedule lag p99 4.200 ms > 1.000 ms"); not_judged: why; kept_up: empty.
    std::vector<std::string> reasons;
};

// (value - reference) / reference * 100; absent when either is absent or reference <= 0.
std::optional<double> percent_error(std::optional<double> value, std::optional<double> reference);

// The verdict. Checks, each failing the run when exceeded (strictly greater):
// - every mode: schedule lag p99 and max;
// - open loop: |percent_error(achieved, scheduled)| (when both rates exist), the skipped and
//   the queued share of sent + skipped.
// The closed loop has no rate check: it sends as fast as responses return. The configured
// target rate is not judged against (a seeded Poisson schedule's own rate differs from it by
// about 1/sqrt(n)); it is reported beside the verdict. not_judged when nothing was sent or
// issued (no lag figures) and nothing was skipped.
self_check_verdict judge_self_check(const self_check_figures& f,
                                    const self_check_thresholds& t = default_self_check_thresholds);

}  // namespace ringperf::metrics
