#pragma once

#include <cstdint>
#include <optional>

#include "ringperf/workload/arrival.h"

namespace ringperf::workload {

// What a rate-mode request does when it is due and the concurrency cap is reached.
enum class overflow_policy {
    skip,   // it is not sent (AIPerf's behaviour); the run counts how many were skipped
    queue,  // it waits for a free slot; its intended time stays the scheduled one
};

struct load_options {
    // --concurrency: requests in flight at once (closed loop). Unset: 1.
    std::optional<std::uint32_t> concurrency;
    // --request-count. Unset and no duration: AIPerf's default max(10, 2 x concurrency).
    std::optional<std::uint64_t> request_count;
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

    // Closed loop: the concurrency (1 when unset). Rate mode: the cap, 0 when unset (none).
    std::uint32_t effective_concurrency() const {
        return request_rate ? concurrency.value_or(0) : concurrency.value_or(1);
    }
    // The request count the run will issue when no duration is set.
    std::uint64_t effective_request_count() const;
};

}  // namespace ringperf::workload
