#include "ringperf/workload/closed_loop.h"

#include <algorithm>

namespace ringperf::workload {

std::vector<worker_share> partition_closed_loop(std::uint32_t concurrency, std::uint32_t workers,
                                                std::optional<std::uint64_t> request_count) {
    const std::uint32_t active = std::max<std::uint32_t>(1, std::min(workers, concurrency));
    std::vector<worker_share> shares(active);
    for (std::uint32_t w = 0; w < active; ++w) {
        auto& s = shares[w];
        s.slots = concurrency / active + (w < concurrency % active ? 1 : 0);
        s.first_index = w;
        s.stride = active;
        if (request_count)
            s.quota = *request_count / active + (w < *request_count % active ? 1 : 0);
    }
    return shares;
}

}  // namespace ringperf::workload
