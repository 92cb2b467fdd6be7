// Thin RAII owners for an io_uring instance and a provided-buffer ring.
//
// Thread-safety: a `uring` is owned by one thread (it is created with SINGLE_ISSUER when
// the kernel has it): only that thread may submit to or reap from it.
#pragma once

#include <liburing.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/ring/probe.h"

namespace ringperf::ring {

struct uring_options {
    unsigned sq_entries = 4096;
    unsigned cq_entries = 65536;
    // Fixed-file table size (0 = none). Clamped to the feature probe's rlimit_nofile.
    unsigned fixed_files = 0;
};

class uring {
  public:
    uring() = default;
    ~uring();
    uring(const uring&) = delete;
    uring& operator=(const uring&) = delete;

    // Creates the ring with SINGLE_ISSUER|DEFER_TASKRUN when available, else COOP_TASKRUN,
    // else plain; registers the ring fd and a sparse fixed-file table. Must be called on
    // the thread that will use the ring.
    result<void> init(const uring_options& opts, const features& f);

    io_uring* get() { return &ring_; }
    bool initialized() const { return initialized_; }
    unsigned fixed_files() const { return fixed_files_; }
    // Setup flags actually used, as text ("single_issuer|defer_taskrun").
    const std::string& mode() const { return mode_; }

    // An SQE, submitting pending ones first if the SQ is full (or, with batching off, if
    // any is pending: each then enters the kernel on its own). Never returns null.
    io_uring_sqe* sqe();

  private:
    io_uring ring_{};
    bool initialized_ = false;
    bool batching_ = true;
    unsigned fixed_files_ = 0;
    std::string mode_;
};

// A provided-buffer ring (kernel-selected receive buffers), set up by hand because
// liburing 2.3 has no io_uring_setup_buf_ring. `count` buffers of `size` bytes each;
// count must be a power of two <= 32768.
class buffer_ring {
  public:
    buffer_ring() = default;
    ~buffer_ring();
    buffer_ring(const buffer_ring&) = delete;
    buffer_ring& operator=(const buffer_ring&) = delete;

    result<void> init(uring& r, std::uint16_t group_id, unsigned count, unsigned size);
    // The same buffers given to the kernel with IORING_OP_PROVIDE_BUFFERS (Linux 5.7), for
    // kernels without buffer rings: returning them takes an SQE (user_data `tag`, its
    // success CQE skipped) per run of consecutive buffer ids. Call on a ring with nothing
    // else in flight: it waits for the first provide's completion.
    result<void> init_classic(uring& r, std::uint16_t group_id, unsigned count, unsigned size,
                              std::uint64_t tag);
    bool classic() const { return classic_; }

    std::uint16_t group() const { return group_; }
    unsigned size() const { return size_; }
    unsigned count() const { return count_; }
    // Start of buffer `bid`.
    char* buffer(unsigned bid) { return base_ + static_cast<std::size_t>(bid) * size_; }
    // Returns buffer `bid` to the kernel; visible after publish().
    void recycle(unsigned bid);
    // Makes recycled buffers visible to the kernel (one release store).
    void publish();

  private:
    io_uring* ring_ = nullptr;
    io_uring_buf_ring* br_ = nullptr;
    char* base_ = nullptr;
    std::size_t ring_bytes_ = 0;
    std::size_t buf_bytes_ = 0;
    std::uint16_t group_ = 0;
    unsigned count_ = 0;
    unsigned size_ = 0;
    int pending_ = 0;
    // Classic mode.
    bool classic_ = false;
    uring* owner_ = nullptr;
    std::uint64_t tag_ = 0;
    std::vector<unsigned short> returned_;
};

}  // namespace ringperf::ring
