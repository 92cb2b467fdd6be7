// Set-up work spread over threads. Internal to the dataset module.
#pragma once

#include <cstddef>
#include <functional>

namespace ringperf::dataset::detail {

// Threads to use for `threads` (0: the hardware's, at most 8) and `items` pieces of work.
unsigned thread_count(unsigned threads, std::size_t items);

// Calls fn(i) once for every i in [0, n), on up to thread_count(threads, n) threads (the
// calling one included). fn must not throw; results written to distinct slots per index
// make the outcome independent of the thread count.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

}  // namespace ringperf::dataset::detail
