// The io_uring side of a worker: accept, receive, send, close, timers and the loop.
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ringperf/base/log.h"
#include "worker.h"

namespace ringperf::mock {

namespace {

constexpr unsigned sq_entries = 4096;
constexpr unsigned cq_entries = 65536;
constexpr unsigned recv_buffer_count = 2048;
constexpr unsigned recv_buffer_size = 4096;
constexpr std::uint32_t gen_mask = 0xffffff;
constexpr std::int64_t stop_grace_ns = 2'000'000'000;
// How soon a worker looks again at a full worker's listener for connections to take.
constexpr std::int64_t help_interval_ns = 10'000'000;

// An idle connection keeps no more than this of buffer capacity per string, so that
// thousands of idle keep-alive connections stay small after a burst of output.
constexpr std::size_t idle_keep_bytes = 1024;

void trim(std::string& s) {
    if (s.empty() && s.capacity() > idle_keep_bytes) std::string().swap(s);
}

}  // namespace

worker::worker(shared_config& cfg, unsigned index)
    : cfg_(cfg),
      index_(index),
      wake_fd_(::eventfd(0, EFD_CLOEXEC)),
      acceptors_(cfg.listeners.size()),
      truth_(cfg.ground_truth, cfg.wall_map),
      rng_(rng::derive(cfg.seed + index, "mock.worker")) {}

worker::~worker() {
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::uint64_t worker::pack(op o, std::uint32_t id, std::uint32_t gen) {
    return (std::uint64_t{static_cast<std::uint8_t>(o)} << 56) |
           (std::uint64_t{gen & gen_mask} << 32) | id;
}

result<void> worker::init() {
    if (wake_fd_ < 0) return make_error(std::string("eventfd: ") + std::strerror(errno));
    ring::uring_options ro;
    ro.sq_entries = sq_entries;
    ro.cq_entries = cq_entries;
    ro.fixed_files = cfg_.fixed_files_per_worker;
    ring_.emplace();
    if (auto r = ring_->init(ro, cfg_.features); !r) return r;
    cfg_.rings[index_].store(ring_->get()->ring_fd, std::memory_order_release);
    buffers_.emplace();
    if (auto r = buffers_->init(*ring_, 0, recv_buffer_count, recv_buffer_size); !r) return r;
    arm_wake();
    arm_accepts();
    const int rc = io_uring_submit(ring_->get());
    if (rc < 0) return make_error(std::string("io_uring_submit: ") + std::strerror(-rc));
    return {};
}

void worker::teardown() {
    buffers_.reset();
    ring_.reset();
}

void worker::request_stop() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void worker::arm_wake() {
    io_uring_sqe* sqe = ring_->sqe();
    io_uring_prep_read(sqe, wake_fd_, &wake_value_, sizeof wake_value_, 0);
    io_uring_sqe_set_data64(sqe, pack(op::wake, 0, 0));
}

void worker::arm_recv(connection& c) {
    io_uring_sqe* sqe = ring_->sqe();
    io_uring_prep_recv_multishot(sqe, static_cast<int>(c.slot), nullptr, 0, 0);
    sqe->flags |= IOSQE_FIXED_FILE | IOSQE_BUFFER_SELECT;
    sqe->buf_group = buffers_->group();
    io_uring_sqe_set_data64(sqe, pack(op::recv, c.id, c.gen));
    c.recv_armed = true;
}

void worker::submit_send(connection& c) {
    io_uring_sqe* sqe = ring_->sqe();
    // MSG_EOR keeps the kernel from appending a later send to this one's skb while it waits
    // in the socket's queue (a full receive window), so each send stays its own segment.
    const int flags = MSG_NOSIGNAL | (cfg_.opts.segment_per_token ? MSG_EOR : 0);
    io_uring_prep_send(sqe, static_cast<int>(c.slot), c.sending.data() + c.sent,
                       c.sending.size() - c.sent, flags);
    sqe->flags |= IOSQE_FIXED_FILE;
    io_uring_sqe_set_data64(sqe, pack(op::send, c.id, c.gen));
    c.send_inflight = true;
}

void worker::flush_out(connection& c) {
    if (c.send_inflight || c.closing || c.out.empty()) return;
    c.sending.swap(c.out);
    c.sent = 0;
    submit_send(c);
    if (c.ans && c.ans->stamped < c.ans->queued) {
        truth_.add(c.ans->request_id, c.ans->stamped, c.ans->queued - c.ans->stamped);
        c.ans->stamped = c.ans->queued;
        // A send that carries logged tokens is submitted on its own, right after its stamp:
        // the kernel runs a socket send inline in the submit and, on loopback, hands the bytes
        // to the receiving socket before returning, so the stamp is the send. Batched with the
        // loop's other sends, the last of a batch would leave up to the whole batch's send time
        // after the stamp taken before it, and that delay would count as client error.
        if (truth_.enabled()) {
            truth_.commit(now_mono_ns());
            io_uring_submit(ring_->get());
        }
    }
}

// Cancels the receive and send in flight (by user_data: a hashed lookup, where cancelling by
// descriptor scans every pending request of the ring), then removes the socket from the
// fixed-file table. Hard links keep the chain going when there is nothing to cancel.
void worker::close_conn(connection& c) {
    if (c.closing) return;
    c.closing = true;
    --open_;
    release_answer(c);
    for (const op o : {op::recv, op::send}) {
        if (o == op::recv ? !c.recv_armed : !c.send_inflight) continue;
        io_uring_sqe* sqe = ring_->sqe();
        io_uring_prep_cancel64(sqe, pack(o, c.id, c.gen), 0);
        sqe->flags |= IOSQE_IO_HARDLINK;
        io_uring_sqe_set_data64(sqe, pack(op::ignore, 0, 0));
    }
    io_uring_sqe* sqe = ring_->sqe();
    io_uring_prep_close_direct(sqe, c.slot);
    io_uring_sqe_set_data64(sqe, pack(op::close, c.id, c.gen));
}

void worker::begin_stop() {
    if (stopping_) return;
    stopping_ = true;
    stop_deadline_ = now_mono_ns() + stop_grace_ns;
    cancel_accepts();
    for (auto& c : conns_)
        if (c && c->live) close_conn(*c);
}

connection* worker::lookup(std::uint32_t id, std::uint32_t gen) {
    if (id >= conns_.size() || !conns_[id]) return nullptr;
    connection* c = conns_[id].get();
    return c->live && (c->gen & gen_mask) == gen ? c : nullptr;
}

connection& worker::allocate(std::uint32_t slot) {
    std::uint32_t id;
    if (!free_ids_.empty()) {
        id = free_ids_.back();
        free_ids_.pop_back();
    } else {
        id = static_cast<std::uint32_t>(conns_.size());
        conns_.push_back(std::make_unique<connection>(id));
    }
    connection& c = *conns_[id];
    c.slot = slot;
    c.live = true;
    ++live_;
    ++open_;
    return c;
}

void worker::maybe_free(connection& c) {
    if (!c.closing || !c.close_done || c.recv_armed || c.send_inflight) return;
    c.parser.reset();
    for (std::string* s : {&c.in, &c.out, &c.sending}) {
        s->clear();
        trim(*s);
    }
    c.sent = 0;
    c.live = c.closing = c.close_done = c.close_after = false;
    ++c.gen;
    --live_;
    free_ids_.push_back(c.id);
}

void worker::handle_cqe(const io_uring_cqe& cqe) {
    const std::uint64_t ud = cqe.user_data;
    const auto o = static_cast<op>(ud >> 56);
    const auto id = static_cast<std::uint32_t>(ud);
    const auto gen = static_cast<std::uint32_t>(ud >> 32) & gen_mask;
    if (o == op::ignore || o == op::poke) return;
    if (o == op::wake) return begin_stop();
    if (o == op::accept) return on_accept(id, cqe);
    connection* c = lookup(id, gen);
    if (!c) {
        if (cqe.flags & IORING_CQE_F_BUFFER)
            buffers_->recycle(cqe.flags >> IORING_CQE_BUFFER_SHIFT);
        return;
    }
    if (o == op::recv) return on_recv(*c, cqe);
    if (o == op::send) return on_send(*c, cqe.res);
    if (o == op::close) {
        c->close_done = true;
        --slots_used_;
        accept_paused_ = false;
        maybe_free(*c);
    }
}

void worker::on_recv(connection& c, const io_uring_cqe& cqe) {
    if (!(cqe.flags & IORING_CQE_F_MORE)) c.recv_armed = false;
    const int res = cqe.res;
    if (res > 0) {
        const unsigned bid = cqe.flags >> IORING_CQE_BUFFER_SHIFT;
        if (!c.closing)
            process_input(c,
                          std::string_view(buffers_->buffer(bid), static_cast<std::size_t>(res)));
        buffers_->recycle(bid);
    } else if (res == 0) {
        // The client is done. A pending answer has nobody to go to; finished output still is
        // flushed before the close.
        if (c.ans && !c.ans->done) close_conn(c);
        c.close_after = true;
        if (!c.send_inflight && c.out.empty()) close_conn(c);
    } else if (res != -ENOBUFS && res != -ECANCELED) {
        if (res != -ECONNRESET) ++local_.errors;
        close_conn(c);
    }
    if (c.closing) return maybe_free(c);
    if (!c.recv_armed && res != 0) rearm_.push_back({c.id, c.gen});
}

void worker::on_send(connection& c, int res) {
    c.send_inflight = false;
    if (c.closing) return maybe_free(c);
    if (res < 0) {
        if (res != -EPIPE && res != -ECONNRESET) ++local_.errors;
        return close_conn(c);
    }
    c.sent += static_cast<std::size_t>(res);
    if (c.sent < c.sending.size()) return submit_send(c);
    c.sending.clear();
    c.sent = 0;
    unblock(c, now_mono_ns());
    if (!c.out.empty()) return flush_out(c);
    on_drained(c);
}

void worker::on_drained(connection& c) {
    if (c.ans && !c.ans->done) return;
    release_answer(c);
    trim(c.out);
    trim(c.sending);
    if (!c.close_after && !c.in.empty()) {
        resume_input(c);
        if (c.ans || c.send_inflight || c.closing) return;
    }
    if (c.close_after) close_conn(c);
}

void worker::publish_counters() {
    counters_.accepted.store(local_.accepted, std::memory_order_relaxed);
    counters_.requests.store(local_.requests, std::memory_order_relaxed);
    counters_.tokens.store(local_.tokens, std::memory_order_relaxed);
    counters_.errors.store(local_.errors, std::memory_order_relaxed);
    counters_.open.store(open_, std::memory_order_relaxed);
}

void worker::wait_for_events() {
    arm_accepts();
    buffers_->publish();
    for (const auto& [id, gen] : rearm_)
        if (connection* c = lookup(id, gen); c && !c->closing && !c->recv_armed) arm_recv(*c);
    rearm_.clear();

    const mono_ns now = now_mono_ns();
    mono_ns until = stopping_ ? stop_deadline_ : 0;
    if (!timers_.empty() && (until == 0 || timers_.top().deadline < until))
        until = timers_.top().deadline;
    if (helping_ && (until == 0 || now + help_interval_ns < until)) until = now + help_interval_ns;
    __kernel_timespec ts{};
    if (until != 0) {
        const std::int64_t left = std::max<std::int64_t>(0, until - now);
        ts.tv_sec = left / 1'000'000'000;
        ts.tv_nsec = left % 1'000'000'000;
    }
    truth_.commit(now_mono_ns());
    io_uring_cqe* cqe = nullptr;
    io_uring_submit_and_wait_timeout(ring_->get(), &cqe, 1, until != 0 ? &ts : nullptr, nullptr);

    unsigned head;
    unsigned seen = 0;
    io_uring_cqe* it;
    io_uring_for_each_cqe(ring_->get(), head, it) {
        handle_cqe(*it);
        ++seen;
    }
    io_uring_cq_advance(ring_->get(), seen);
}

void worker::run() {
    for (;;) {
        created_s_ = now_wall_ns() / 1'000'000'000;
        const mono_ns now = now_mono_ns();
        run_timers(now);
        publish_counters();
        if (stopping_ && ((live_ == 0 && accepts_armed_ == 0) || now >= stop_deadline_)) break;
        wait_for_events();
    }
    truth_.flush();
    publish_counters();
}

}  // namespace ringperf::mock
