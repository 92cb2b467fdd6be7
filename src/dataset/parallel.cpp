#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace ringperf::dataset::detail {

unsigned thread_count(unsigned threads, std::size_t items) {
    if (threads == 0) threads = std::min(8u, std::max(1u, std::thread::hardware_concurrency()));
    return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, items)));
}

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
    const unsigned count = thread_count(threads, n);
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1))
            fn(i);
    };
    std::vector<std::thread> pool;
    pool.reserve(count - 1);
    for (unsigned t = 1; t < count; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
}

}  // namespace ringperf::dataset::detail
