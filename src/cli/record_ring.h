// A bounded single-producer single-consumer queue of request records, the path from one
// engine worker to the counting thread that takes its records. The slots double as the pool
// of record buffers: a push swaps the finished record into a slot and hands the producer back
// the record the consumer last cleared there, so once every slot has been used a record's
// vector and strings keep their capacity and nothing is allocated per request.
//
// Thread-safety: one producer thread and one consumer thread at a time; the two indices sit on
// separate cache lines and each side caches the other's, so a push or a pop touches the shared
// line only when its cached view says full or empty. No locks, no system calls.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ringperf/metrics/record.h"

namespace ringperf::cli {

class record_ring {
  public:
    // `capacity` is rounded up to a power of two, at least 2. Allocates every slot (empty
    // records) up front.
    explicit record_ring(std::size_t capacity);
    record_ring(const record_ring&) = delete;
    record_ring& operator=(const record_ring&) = delete;

    std::size_t capacity() const { return slots_.size(); }

    // Producer. Moves `r` into the queue and leaves in `r` a cleared record (the one the
    // consumer last released from that slot, with its buffers' capacity, or a fresh one).
    // False, with `r` untouched, when the queue is full.
    bool try_push(metrics::request_record& r) noexcept;
    // Producer. Records in the queue, read from the consumer's index now (an acquire load).
    std::size_t size_now() const noexcept;

    // Consumer. Records ready to read, in push order as at(0) .. at(n - 1); they stay put
    // until released.
    std::size_t available() noexcept;
    metrics::request_record& at(std::size_t i) noexcept;
    // Consumer. Clears the first `n` available records (keeping their capacity) and gives
    // their slots back to the producer. `n` <= available().
    void release(std::size_t n) noexcept;

  private:
    std::vector<metrics::request_record> slots_;
    std::size_t mask_ = 0;
    // Producer's line: its index and its last view of the consumer's.
    alignas(64) std::atomic<std::uint64_t> tail_{0};
    std::uint64_t head_seen_ = 0;
    // Consumer's line.
    alignas(64) std::atomic<std::uint64_t> head_{0};
    std::uint64_t tail_seen_ = 0;
};

}  // namespace ringperf::cli
