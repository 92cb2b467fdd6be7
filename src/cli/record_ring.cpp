#include "record_ring.h"

#include <bit>
#include <utility>

namespace ringperf::cli {

record_ring::record_ring(std::size_t capacity)
    : slots_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)), mask_(slots_.size() - 1) {}

bool record_ring::try_push(metrics::request_record& r) noexcept {
    const std::uint64_t t = tail_.load(std::memory_order_relaxed);
    if (t - head_seen_ == slots_.size()) {
        head_seen_ = head_.load(std::memory_order_acquire);
        if (t - head_seen_ == slots_.size()) return false;
    }
    std::swap(slots_[t & mask_], r);
    tail_.store(t + 1, std::memory_order_release);
    return true;
}

std::size_t record_ring::size_now() const noexcept {
    return tail_.load(std::memory_order_relaxed) - head_.load(std::memory_order_acquire);
}

std::size_t record_ring::available() noexcept {
    const std::uint64_t h = head_.load(std::memory_order_relaxed);
    if (tail_seen_ == h) tail_seen_ = tail_.load(std::memory_order_acquire);
    return tail_seen_ - h;
}

metrics::request_record& record_ring::at(std::size_t i) noexcept {
    return slots_[(head_.load(std::memory_order_relaxed) + i) & mask_];
}

void record_ring::release(std::size_t n) noexcept {
    const std::uint64_t h = head_.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < n; ++i)
        slots_[(h + i) & mask_].clear();
    head_.store(h + n, std::memory_order_release);
}

}  // namespace ringperf::cli
