// How a worker accepts: from its own listener of the SO_REUSEPORT group, and from the
// listeners of workers whose tables are full.
//
// Accepts are single-shot and never outnumber the free fixed-file slots: a multishot accept
// goes on accepting while the backlog is not empty, past a full table, where the kernel closes
// each socket it cannot install (clients saw resets and EOFs).
//
// The kernel hashes each connection to one listener whether or not its worker has room. So
// while a worker is full, the others look at its listener's accept queue (each loop
// iteration, at least every help_interval_ns) and accept what waits there; a worker that
// becomes full tells the others with a message to their rings, which wakes them. With
// 100,000 connections from 8 client processes to 5 workers of 20,000 slots, without this
// 81 clients hung in full workers' backlogs; with it, none.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ringperf/base/log.h"
#include "worker.h"

namespace ringperf::mock {

namespace {

constexpr unsigned max_armed_accepts = 64;
// Consecutive accept failures (other than a full table) after which the worker stops
// accepting instead of spinning on a broken listener.
constexpr unsigned max_accept_errors = 1000;

// Connections waiting in a listening socket's accept queue (for a listener, TCP_INFO reports
// it in tcpi_unacked); 0 when it cannot be read.
unsigned backlog_length(int fd) {
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return 0;
    return info.tcpi_unacked;
}

}  // namespace

// Waiting connections come first: full workers' backlogs, then this worker's own listener.
//
// One accept armed on the own listener takes one connection per loop iteration, far too slow
// for a burst of connects (measured: 800/s with 90,000 streams open, the backlog
// overflowing). Accepts that completed during an iteration (the backlog was not empty)
// double the number armed for the next, up to max_armed_accepts (and 1/64 of the table, so
// that a small table does not hold its last slots in idle accepts); an iteration without one
// brings it back to one.
void worker::arm_accepts() {
    if (stopping_ || accept_paused_ || accept_errors_ >= max_accept_errors) return;
    const unsigned table = cfg_.fixed_files_per_worker;
    unsigned free = table - std::min(table, slots_used_ + accepts_armed_);
    helping_ = false;
    for (std::uint32_t l = 0; l < acceptors_.size(); ++l)
        if (l != index_ && cfg_.full[l].load(std::memory_order_relaxed)) help(l, free);
    acceptor& own = acceptors_[index_];
    const unsigned cap = std::clamp(table / 64, 1u, max_armed_accepts);
    own.target = std::clamp(2 * own.accepted, 1u, cap);
    own.accepted = 0;
    const unsigned own_want = own.target > own.armed ? own.target - own.armed : 0;
    if (own_want > 0 && free == 0 && backlog_length(cfg_.listeners[index_]) > own.armed)
        cancel_idle_accept();
    arm_accepts_on(index_, own_want, free);
    set_full(free == 0);
}

// Helpers' accepts may outnumber a full worker's waiting connections (each helper counts only
// its own), and a connection taken by another leaves an accept idle, holding a slot. When this
// worker has no free slot, one accept idle on a listener whose queue is empty is cancelled, so
// that its slot can take a connection waiting at a full worker.
void worker::help(std::uint32_t listener, unsigned& free) {
    helping_ = true;
    const unsigned waiting = backlog_length(cfg_.listeners[listener]);
    const unsigned armed = acceptors_[listener].armed;
    if (waiting <= armed) return;
    if (free == 0) return cancel_idle_accept();
    arm_accepts_on(listener, waiting - armed, free);
}

void worker::cancel_idle_accept() {
    if (cancelling_ != no_listener) return;
    for (std::uint32_t l = 0; l < acceptors_.size(); ++l) {
        if (acceptors_[l].armed == 0 || backlog_length(cfg_.listeners[l]) != 0) continue;
        io_uring_sqe* sqe = ring_->sqe();
        io_uring_prep_cancel64(sqe, pack(op::accept, l, 0), 0);
        io_uring_sqe_set_data64(sqe, pack(op::ignore, 0, 0));
        cancelling_ = l;
        return;
    }
}

void worker::arm_accepts_on(std::uint32_t listener, unsigned count, unsigned& free) {
    for (; count > 0 && free > 0; --count, --free) {
        io_uring_sqe* sqe = ring_->sqe();
        // liburing 2.3 stores index + 1; the kernel's "allocate a slot" is the raw
        // IORING_FILE_INDEX_ALLOC.
        io_uring_prep_accept_direct(sqe, cfg_.listeners[listener], nullptr, nullptr, 0,
                                    IORING_FILE_INDEX_ALLOC - 1);
        io_uring_sqe_set_data64(sqe, pack(op::accept, listener, 0));
        ++acceptors_[listener].armed;
        ++accepts_armed_;
    }
}

// A worker blocked in its wait would not see the flag: becoming full sends every other ring a
// message (a CQE), after which their loops look at this worker's listener.
void worker::set_full(bool full) {
    if (full == full_) return;
    full_ = full;
    cfg_.full[index_].store(full, std::memory_order_relaxed);
    if (!full) return;
    for (std::uint32_t w = 0; w < cfg_.rings.size(); ++w) {
        const int fd = cfg_.rings[w].load(std::memory_order_acquire);
        if (w == index_ || fd < 0) continue;
        io_uring_sqe* sqe = ring_->sqe();
        io_uring_prep_msg_ring(sqe, fd, 0, pack(op::poke, 0, 0), 0);
        sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
        io_uring_sqe_set_data64(sqe, pack(op::ignore, 0, 0));
    }
}

void worker::cancel_accepts() {
    for (std::uint32_t l = 0; l < acceptors_.size(); ++l) {
        if (acceptors_[l].armed == 0) continue;
        io_uring_sqe* sqe = ring_->sqe();
        io_uring_prep_cancel64(sqe, pack(op::accept, l, 0), IORING_ASYNC_CANCEL_ALL);
        io_uring_sqe_set_data64(sqe, pack(op::ignore, 0, 0));
    }
}

void worker::on_accept(std::uint32_t listener, const io_uring_cqe& cqe) {
    acceptor& a = acceptors_[listener];
    --a.armed;
    --accepts_armed_;
    if (listener == cancelling_) cancelling_ = no_listener;
    if (cqe.res >= 0) {
        accept_errors_ = 0;
        ++a.accepted;
        ++slots_used_;
        connection& c = allocate(static_cast<std::uint32_t>(cqe.res));
        ++local_.accepted;
        if (stopping_)
            close_conn(c);
        else
            arm_recv(c);
    } else if (cqe.res == -ENFILE || cqe.res == -EMFILE) {
        accept_paused_ = true;
    } else if (cqe.res != -ECANCELED && cqe.res != -EAGAIN &&
               ++accept_errors_ == max_accept_errors) {
        log::error("mock worker " + std::to_string(index_) +
                   " stops accepting: " + std::strerror(-cqe.res));
    }
}

}  // namespace ringperf::mock
