#include "worker.h"

#include <liburing.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "ringperf/base/log.h"
#include "ringperf/base/uuid.h"

namespace ringperf::engine {

namespace {

mono_ns seconds_to_ns(double s) {
    if (!std::isfinite(s) || s > 1e9) return INT64_MAX / 4;
    return static_cast<mono_ns>(s * 1e9);
}

}  // namespace

mono_ns start_gate::arrive() {
    if (arrived_.fetch_add(1) + 1 == total_) {
        start_.store(now_mono_ns());
        start_.notify_all();
    } else {
        for (mono_ns s = start_.load(); s == 0; s = start_.load())
            start_.wait(0);
    }
    return start_.load();
}

worker::worker(std::uint32_t id, const run_spec& spec, const workload::worker_share& share,
               worker_counters& counters, int wake_fd, start_gate& gate)
    : id_(id),
      spec_(spec),
      share_(share),
      counters_(counters),
      wake_fd_(wake_fd),
      gate_(gate),
      interp_(spec.endpoint),
      rng_(rng::derive(spec.seed + id, "engine.request_ids")) {
    report_.worker = id;
}

result<void> worker::setup() {
    const auto& o = spec_.options;
    if (share_.slots > spec_.features.rlimit_nofile)
        return make_error(
            "worker " + std::to_string(id_) + " needs " + std::to_string(share_.slots) +
            " connections but each io_uring's fixed-file table is limited to RLIMIT_NOFILE (" +
            std::to_string(spec_.features.rlimit_nofile) + "); use more --workers");
    ring::uring_options ro;
    ro.fixed_files = share_.slots;
    if (auto r = ring_.init(ro, spec_.features); !r) return r;
    report_.ring_mode = ring_.mode();
    if (auto r = bufs_.init(ring_, 0, o.recv_buffers, o.recv_buffer_size); !r) return r;
    if (spec_.tls) {
        auto ctx = net::tls_context::create({o.tls_verify, o.tls_ca_file});
        if (!ctx) return ctx.err();
        tls_ctx_ = std::move(*ctx);
    }
    timers_.resize(share_.slots);
    // Rate mode opens slots as the schedule needs them (its share may be the whole
    // fixed-file table); the closed loop uses all of its slots from the start.
    if (!rate_mode())
        while (slots_.size() < share_.slots)
            add_slot();
    if (spec_.make_sink) sink_ = spec_.make_sink(id_);
    return {};
}

slot& worker::add_slot() {
    slots_.push_back(std::make_unique<slot>());
    slots_.back()->index = static_cast<std::uint32_t>(slots_.size() - 1);
    return *slots_.back();
}

worker_report worker::run(std::atomic<int>& stop_flag) {
    auto ready = setup();
    start_ns_ = gate_.arrive();  // also when set-up failed: the others must not wait for us
    if (!ready) {
        report_.fatal = ready.message();
        return report_;
    }
    loop(stop_flag);
    for (auto& s : slots_)
        close_connection(*s);
    sink_.reset();  // flushes the sink's buffers on this thread
    if (tls_ctx_) {
        slots_.clear();
        tls_ctx_.reset();
        net::tls_thread_cleanup();
    }
    return report_;
}

void worker::loop(std::atomic<int>& stop_flag) {
    now_ = now_mono_ns();
    if (spec_.duration_s) {
        issue_until_ = start_ns_ + seconds_to_ns(*spec_.duration_s);
        if (std::isfinite(spec_.grace_period_s))
            drop_at_ = issue_until_ + seconds_to_ns(spec_.grace_period_s);
    }
    if (stop_flag.load(std::memory_order_relaxed)) stopping_ = true;
    arm_wake();
    if (rate_mode()) {
        cursor_.emplace(*spec_.schedule, share_.first_index, share_.stride);
        next_ = cursor_->next();
    }
    for (auto& s : slots_)
        ready_.push_back(s->index);
    for (;;) {
        release();
        if (finished()) break;
        if (!ready_.empty()) continue;

        const mono_ns deadline = std::min({timers_.next_deadline(), drop_at_, next_due()});
        io_uring_cqe* cqe = nullptr;
        if (deadline == INT64_MAX) {
            io_uring_submit_and_wait(ring_.get(), 1);
        } else {
            const mono_ns wait = std::max<mono_ns>(deadline - now_mono_ns(), 0);
            __kernel_timespec ts{wait / 1'000'000'000, wait % 1'000'000'000};
            io_uring_submit_and_wait_timeout(ring_.get(), &cqe, 1, &ts, nullptr);
        }
        now_ = now_mono_ns();
        unsigned head = 0, n = 0;
        io_uring_for_each_cqe(ring_.get(), head, cqe) {
            dispatch(cqe);
            ++n;
        }
        io_uring_cq_advance(ring_.get(), n);
        bufs_.publish();
        run_timers();
        if (now_ >= drop_at_ && busy_ > 0) drop_in_flight();
    }
}

bool worker::finished() const {
    if (busy_ > 0 || !ready_.empty()) return false;
    if (rate_mode()) return stopping_ || now_ >= drop_at_ || (!next_ && queued_.empty());
    return !may_issue();
}

mono_ns worker::next_due() const {
    return rate_mode() && next_ && !stopping_ ? start_ns_ + next_->offset_ns : INT64_MAX;
}

void worker::release() {
    ready_scratch_.swap(ready_);
    for (const std::uint32_t i : ready_scratch_) {
        slot& s = *slots_[i];
        if (s.busy) continue;
        if (!rate_mode()) {
            if (may_issue()) issue(s, share_.first_index + issued_ * share_.stride, now_mono_ns());
        } else if (!queued_.empty() && !stopping_) {
            const workload::scheduled_request r = queued_.front();
            queued_.pop_front();
            issue(s, r.index, start_ns_ + r.offset_ns);
        } else {
            idle_.push_back(i);
        }
    }
    ready_scratch_.clear();
    if (!rate_mode() || stopping_) return;
    const mono_ns now = now_mono_ns();
    while (next_ && start_ns_ + next_->offset_ns <= now) {
        on_due(*next_);
        next_ = cursor_->next();
    }
}

void worker::on_due(const workload::scheduled_request& r) {
    if (slot* s = acquire_slot()) {
        issue(*s, r.index, start_ns_ + r.offset_ns);
    } else if (spec_.overflow == workload::overflow_policy::queue) {
        queued_.push_back(r);
        ++report_.queued;
    } else {
        ++report_.skipped;
    }
}

slot* worker::acquire_slot() {
    while (!idle_.empty()) {
        slot* s = slots_[idle_.back()].get();
        idle_.pop_back();
        if (!s->busy) return s;
    }
    if (slots_.size() < share_.slots) return &add_slot();
    return nullptr;
}

void worker::arm_wake() {
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_read(sqe, wake_fd_, &wake_buf_, sizeof wake_buf_, 0);
    io_uring_sqe_set_data64(sqe, pack_user_data(op_wake, 0, 0));
}

void worker::dispatch(io_uring_cqe* cqe) {
    const std::uint64_t ud = cqe->user_data;
    const auto o = static_cast<op>(ud >> 56);
    if (o == op_wake) {
        stopping_ = true;
        drop_in_flight();
        return;
    }
    if (o == op_cancel) return;  // a cancel that found nothing (failures only: success is skipped)
    const std::uint32_t idx = ud & 0xffffffu;
    const auto gen = static_cast<std::uint32_t>(ud >> 24);
    slot& s = *slots_[idx];
    if (gen != s.gen) {
        if (cqe->flags & IORING_CQE_F_BUFFER) bufs_.recycle(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
        return;
    }
    switch (o) {
        case op_connect:
            on_connect(s, cqe->res);
            break;
        case op_send:
            on_send(s, cqe->res);
            break;
        case op_recv:
            on_recv(s, cqe);
            break;
        default:
            break;
    }
}

bool worker::may_issue() const {
    return !stopping_ && issued_ < share_.quota && now_ < issue_until_;
}

std::uint64_t worker::prompt_for(std::uint64_t index) {
    const std::size_t n = spec_.requests->requests.size();
    const std::uint64_t epoch = index / n;
    if (epoch != perm_epoch_) {
        // The same permutation for an epoch on every worker: prompt order is a pure
        // function of the seed and the global request index (AIPerf's shuffle sampling).
        perm_.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            perm_[i] = static_cast<std::uint32_t>(i);
        rng r = rng::derive(spec_.seed ^ (epoch * 0x9e3779b97f4a7c15ULL), "dataset.order");
        for (std::size_t i = n - 1; i > 0; --i)
            std::swap(perm_[i], perm_[r.below(i + 1)]);
        perm_epoch_ = epoch;
    }
    return perm_[index % n];
}

void worker::issue(slot& s, std::uint64_t index, mono_ns intended) {
    ++issued_;
    ++busy_;
    s.busy = true;
    auto& rec = s.rec;
    rec.clear();
    rec.index = index;
    rec.worker_id = id_;
    rec.streaming = spec_.streaming;
    write_uuid_v4(rng_, rec.x_request_id);
    write_uuid_v4(rng_, rec.x_correlation_id);
    const auto p = prompt_for(index);
    s.req = &spec_.requests->requests[p];
    rec.conversation = static_cast<std::uint32_t>(p);
    rec.input_tokens = s.req->input_tokens;
    s.parser.reset();
    s.sse.reset();
    s.body.clear();
    s.sse_mode = s.saw_done = s.saw_finish = false;
    rec.t_start = now_mono_ns();
    rec.t_intended = std::min(intended, rec.t_start);
    s.last_byte_ns = rec.t_start;
    counters_.issued.store(issued_, std::memory_order_relaxed);
    counters_.in_flight.store(busy_, std::memory_order_relaxed);

    s.deadline_total = rec.t_start + seconds_to_ns(spec_.options.request_timeout_s);
    s.deadline_connect = INT64_MAX;
    update_deadline(s);
    if (s.state == conn_state::open) {
        rec.connection_reused = true;
        rec.t_connected = rec.t_start;
        send_request(s);
    } else {
        open_connection(s);
    }
}

void worker::send_request(slot& s) {
    if (s.tls) {
        send_request_tls(s);
        return;
    }
    const prepared_request& r = *s.req;
    write_request_tail(s.tail, s.rec.x_request_id, s.rec.x_correlation_id);
    s.iov[0] = {const_cast<char*>(r.head.data()), r.head.size()};
    s.iov[1] = {s.tail, request_tail_len};
    s.iov[2] = {const_cast<char*>(r.body.data()), r.body.size()};
    s.total = r.head.size() + request_tail_len + r.body.size();
    s.sent = 0;
    s.msg = {};
    s.msg.msg_iov = s.iov;
    s.msg.msg_iovlen = 3;
    s.rec.t_write_start = now_mono_ns();
    s.send_pending = true;
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_sendmsg(sqe, static_cast<int>(s.index), &s.msg, MSG_NOSIGNAL);
    sqe->flags |= IOSQE_FIXED_FILE;
    io_uring_sqe_set_data64(sqe, pack_user_data(op_send, s.index, s.gen));
}

void worker::on_send(slot& s, int res) {
    s.send_pending = false;
    if (s.tls) {
        on_send_tls(s, res);
        return;
    }
    if (!s.busy) return;
    if (res < 0) {
        if (retry_on_fresh_connection(s)) return;
        fail(s, metrics::error_kind::write, 0, "WriteError",
             std::string("sending the request failed: ") + std::strerror(-res));
        return;
    }
    s.sent += static_cast<std::size_t>(res);
    s.rec.bytes_sent += static_cast<std::uint64_t>(res);
    if (s.sent >= s.total) {
        s.rec.t_write_end = now_;
        return;
    }
    // Short send: skip what went out and send the rest.
    std::size_t skip = static_cast<std::size_t>(res);
    while (s.msg.msg_iovlen > 0 && skip >= s.msg.msg_iov[0].iov_len) {
        skip -= s.msg.msg_iov[0].iov_len;
        ++s.msg.msg_iov;
        --s.msg.msg_iovlen;
    }
    s.msg.msg_iov[0].iov_base = static_cast<char*>(s.msg.msg_iov[0].iov_base) + skip;
    s.msg.msg_iov[0].iov_len -= skip;
    s.send_pending = true;
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_sendmsg(sqe, static_cast<int>(s.index), &s.msg, MSG_NOSIGNAL);
    sqe->flags |= IOSQE_FIXED_FILE;
    io_uring_sqe_set_data64(sqe, pack_user_data(op_send, s.index, s.gen));
}

void worker::finish(slot& s) {
    auto& rec = s.rec;
    if (rec.t_end == 0) rec.t_end = now_;
    s.busy = false;
    --busy_;
    timers_.remove(s.index);
    if (!rec.ok()) ++report_.errors;
    ++report_.completed;
    counters_.completed.store(report_.completed, std::memory_order_relaxed);
    counters_.errors.store(report_.errors, std::memory_order_relaxed);
    counters_.in_flight.store(busy_, std::memory_order_relaxed);
    if (sink_) sink_->on_record(rec);
    ready_.push_back(s.index);
}

void worker::fail(slot& s, metrics::error_kind kind, std::int32_t code, std::string_view type,
                  std::string message) {
    auto& rec = s.rec;
    rec.error = kind;
    rec.error_code = code;
    rec.error_type.assign(type);
    rec.error_message = std::move(message);
    rec.t_end = now_;
    close_connection(s);
    finish(s);
}

void worker::drop_in_flight() {
    // Requests waiting for a slot were never sent: dropped with those in flight.
    report_.dropped += queued_.size();
    queued_.clear();
    next_.reset();
    for (auto& p : slots_) {
        slot& s = *p;
        if (!s.busy) continue;
        s.busy = false;
        --busy_;
        timers_.remove(s.index);
        ++report_.dropped;
        close_connection(s);
    }
    counters_.in_flight.store(busy_, std::memory_order_relaxed);
}

}  // namespace ringperf::engine
