#include "ringperf/ring/ring.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

namespace ringperf::ring {

uring::~uring() {
    if (initialized_) io_uring_queue_exit(&ring_);
}

result<void> uring::init(const uring_options& opts, const features& f) {
    io_uring_params p{};
    p.flags = IORING_SETUP_CQSIZE;
    p.cq_entries = opts.cq_entries;
    if (f.defer_taskrun) {
        p.flags |= IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
        mode_ = "single_issuer|defer_taskrun";
    } else if (f.coop_taskrun) {
        p.flags |= IORING_SETUP_COOP_TASKRUN;
        if (f.single_issuer) p.flags |= IORING_SETUP_SINGLE_ISSUER;
        mode_ = f.single_issuer ? "single_issuer|coop_taskrun" : "coop_taskrun";
    } else {
        mode_ = "plain";
    }
    const int rc = io_uring_queue_init_params(opts.sq_entries, &ring_, &p);
    if (rc != 0)
        return make_error(std::string("io_uring_queue_init_params: ") + std::strerror(-rc));
    initialized_ = true;
    batching_ = f.batching;
    io_uring_register_ring_fd(&ring_);  // an optimisation only; failure is harmless

    if (opts.fixed_files > 0) {
        fixed_files_ = std::min(opts.fixed_files, std::max(f.rlimit_nofile, 1u));
        const int frc = io_uring_register_files_sparse(&ring_, fixed_files_);
        if (frc != 0)
            return make_error("cannot register a fixed-file table of " +
                              std::to_string(fixed_files_) + " entries: " + std::strerror(-frc));
    }
    return {};
}

io_uring_sqe* uring::sqe() {
    if (!batching_ && io_uring_sq_ready(&ring_) > 0) io_uring_submit(&ring_);
    io_uring_sqe* s = io_uring_get_sqe(&ring_);
    while (!s) {
        io_uring_submit(&ring_);
        s = io_uring_get_sqe(&ring_);
    }
    return s;
}

buffer_ring::~buffer_ring() {
    if (br_ && ring_) io_uring_unregister_buf_ring(ring_, group_);
    if (br_) munmap(br_, ring_bytes_);
    if (base_) munmap(base_, buf_bytes_);
}

result<void> buffer_ring::init(uring& r, std::uint16_t group_id, unsigned count, unsigned size) {
    if (count == 0 || count > 32768 || (count & (count - 1)) != 0)
        return make_error("buffer ring size must be a power of two <= 32768, got " +
                          std::to_string(count));
    ring_bytes_ = count * sizeof(io_uring_buf);
    void* mem =
        mmap(nullptr, ring_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (mem == MAP_FAILED) return make_error("mmap of the buffer ring failed");
    br_ = static_cast<io_uring_buf_ring*>(mem);
    buf_bytes_ = static_cast<std::size_t>(count) * size;
    void* bufs =
        mmap(nullptr, buf_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (bufs == MAP_FAILED) return make_error("mmap of receive buffers failed");
    base_ = static_cast<char*>(bufs);

    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<std::uint64_t>(br_);
    reg.ring_entries = count;
    reg.bgid = group_id;
    const int rc = io_uring_register_buf_ring(r.get(), &reg, 0);
    if (rc != 0) {
        munmap(br_, ring_bytes_);
        br_ = nullptr;
        return make_error(std::string("io_uring_register_buf_ring: ") + std::strerror(-rc));
    }
    ring_ = r.get();
    group_ = group_id;
    count_ = count;
    size_ = size;
    io_uring_buf_ring_init(br_);
    for (unsigned i = 0; i < count; ++i)
        io_uring_buf_ring_add(br_, buffer(i), size, static_cast<unsigned short>(i),
                              io_uring_buf_ring_mask(count), static_cast<int>(i));
    io_uring_buf_ring_advance(br_, static_cast<int>(count));
    return {};
}

result<void> buffer_ring::init_classic(uring& r, std::uint16_t group_id, unsigned count,
                                       unsigned size, std::uint64_t tag) {
    if (count == 0 || count > 32768)
        return make_error("provided buffers: count must be between 1 and 32768, got " +
                          std::to_string(count));
    buf_bytes_ = static_cast<std::size_t>(count) * size;
    void* bufs =
        mmap(nullptr, buf_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (bufs == MAP_FAILED) return make_error("mmap of receive buffers failed");
    base_ = static_cast<char*>(bufs);
    classic_ = true;
    owner_ = &r;
    tag_ = tag;
    group_ = group_id;
    count_ = count;
    size_ = size;
    returned_.reserve(count);
    io_uring_sqe* sqe = r.sqe();
    io_uring_prep_provide_buffers(sqe, base_, static_cast<int>(size), static_cast<int>(count),
                                  group_id, 0);
    io_uring_sqe_set_data64(sqe, tag);
    io_uring_cqe* cqe = nullptr;
    int rc = io_uring_submit_and_wait(r.get(), 1);
    if (rc >= 0) rc = io_uring_wait_cqe(r.get(), &cqe);
    if (rc < 0) return make_error(std::string("IORING_OP_PROVIDE_BUFFERS: ") + std::strerror(-rc));
    const int res = cqe->res;
    io_uring_cqe_seen(r.get(), cqe);
    if (res < 0)
        return make_error(std::string("IORING_OP_PROVIDE_BUFFERS: ") + std::strerror(-res));
    return {};
}

void buffer_ring::recycle(unsigned bid) {
    if (classic_) {
        returned_.push_back(static_cast<unsigned short>(bid));
        return;
    }
    io_uring_buf_ring_add(br_, buffer(bid), size_, static_cast<unsigned short>(bid),
                          io_uring_buf_ring_mask(count_), pending_);
    ++pending_;
}

void buffer_ring::publish() {
    if (classic_) {
        // One SQE per run of consecutive ids: the kernel takes `n` buffers from one address.
        std::sort(returned_.begin(), returned_.end());
        std::size_t i = 0;
        while (i < returned_.size()) {
            std::size_t j = i + 1;
            while (j < returned_.size() && returned_[j] == returned_[j - 1] + 1)
                ++j;
            io_uring_sqe* sqe = owner_->sqe();
            io_uring_prep_provide_buffers(sqe, buffer(returned_[i]), static_cast<int>(size_),
                                          static_cast<int>(j - i), group_, returned_[i]);
            sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
            io_uring_sqe_set_data64(sqe, tag_);
            i = j;
        }
        returned_.clear();
        return;
    }
    if (pending_ == 0) return;
    io_uring_buf_ring_advance(br_, pending_);
    pending_ = 0;
}

}  // namespace ringperf::ring
