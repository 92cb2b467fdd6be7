#pragma once

#include <cstdint>
#include <optional>

namespace ringperf::workload {

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

    std::uint32_t effective_concurrency() const { return concurrency.value_or(1); }
    // The request count the run will issue when no duration is set.
    std::uint64_t effective_request_count() const;
};

}  // namespace ringperf::workload
