#include "ringperf/workload/load_options.h"

#include <algorithm>

namespace ringperf::workload {

std::uint64_t load_options::effective_request_count() const {
    if (request_count) return *request_count;
    // A duration, a session count or a schedule of the dataset's rows ends such runs; a
    // default count would cut them short. 0: no request-count limit.
    if (benchmark_duration_s || num_sessions || fixed_schedule.enabled.value_or(false)) return 0;
    // AIPerf's default when no stop condition is given: enough requests that the
    // concurrency is actually reached twice over.
    return std::max<std::uint64_t>(10, std::uint64_t{effective_concurrency()} * 2);
}

}  // namespace ringperf::workload
