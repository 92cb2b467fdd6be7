#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "ringperf/metrics/hdr_histogram.h"

namespace ringperf::metrics {
namespace {

// One page of counters: the unit in which a mapped array's pages become resident.
constexpr std::size_t counters_per_page = 4096 / sizeof(std::int64_t);

bool all_zero(const std::int64_t* p, std::size_t n) {
    return std::all_of(p, p + n, [](std::int64_t c) { return c == 0; });
}

}  // namespace

counter_array::counter_array(std::size_t n) : n_(n) {
    if (n == 0) return;
    const std::size_t bytes = n * sizeof(std::int64_t);
    if (bytes >= mapped_bytes) {
        void* p =
            ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        p_ = static_cast<std::int64_t*>(p);
        mapped_ = true;
        return;
    }
    p_ = static_cast<std::int64_t*>(std::calloc(n, sizeof(std::int64_t)));
    if (p_ == nullptr) throw std::bad_alloc();
}

counter_array::counter_array(const counter_array& other) : counter_array(other.n_) {
    if (!mapped_) {
        if (n_ > 0) std::memcpy(p_, other.p_, n_ * sizeof(std::int64_t));
        return;
    }
    // Copy only the pages that hold counts, so the copy stays as sparse as the original.
    for (std::size_t i = 0; i < n_; i += counters_per_page) {
        const std::size_t len = std::min(counters_per_page, n_ - i);
        if (!all_zero(other.p_ + i, len))
            std::memcpy(p_ + i, other.p_ + i, len * sizeof(std::int64_t));
    }
}

counter_array& counter_array::operator=(const counter_array& other) {
    if (this != &other) *this = counter_array(other);
    return *this;
}

counter_array::counter_array(counter_array&& other) noexcept
    : p_(std::exchange(other.p_, nullptr)),
      n_(std::exchange(other.n_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

counter_array& counter_array::operator=(counter_array&& other) noexcept {
    if (this != &other) {
        release();
        p_ = std::exchange(other.p_, nullptr);
        n_ = std::exchange(other.n_, 0);
        mapped_ = std::exchange(other.mapped_, false);
    }
    return *this;
}

counter_array::~counter_array() {
    release();
}

void counter_array::release() noexcept {
    if (p_ == nullptr) return;
    if (mapped_) {
        ::munmap(p_, n_ * sizeof(std::int64_t));
    } else {
        std::free(p_);
    }
    p_ = nullptr;
}

void counter_array::clear() noexcept {
    if (p_ == nullptr) return;
    const std::size_t bytes = n_ * sizeof(std::int64_t);
    // A private anonymous mapping reads as zeros again after MADV_DONTNEED.
    if (mapped_ && ::madvise(p_, bytes, MADV_DONTNEED) == 0) return;
    std::memset(p_, 0, bytes);
}

}  // namespace ringperf::metrics
