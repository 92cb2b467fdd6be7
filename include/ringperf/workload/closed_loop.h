// Closed-loop load at a fixed concurrency, partitioned across workers by global request
// index so that the whole run is a pure function of the plan (DESIGN.md decision 1).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace ringperf::workload {

inline constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();

// What one worker does: `slots` requests in flight at most; it issues the global request
// indices first_index, first_index + stride, ... and at most `quota` of them.
struct worker_share {
    std::uint32_t slots = 0;
    std::uint64_t first_index = 0;
    std::uint64_t stride = 1;
    std::uint64_t quota = unlimited;
};

// Splits `concurrency` slots over min(workers, concurrency) workers (the first ones get the
// remainder) and the `request_count` indices round-robin over the same workers. A worker
// never gets more requests than a fair share, so the run ends within one request of the
// count on every worker. workers and concurrency must be >= 1.
std::vector<worker_share> partition_closed_loop(std::uint32_t concurrency, std::uint32_t workers,
                                                std::optional<std::uint64_t> request_count);

}  // namespace ringperf::workload
