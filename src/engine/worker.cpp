#include "worker.h"

#include <liburing.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "ringperf/base/log.h"

namespace ringperf::engine {

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

phase_share share_phase(const phase_spec& p, std::uint32_t workers, std::uint32_t worker) {
    phase_share sh;
    sh.active = workers;
    if (p.concurrency > 0) sh.active = std::min(workers, p.concurrency);
    // Every taking-part worker needs at least one request awaiting its first token, so a
    // prefill limit below the worker count takes fewer workers: the limit stays exact.
    if (p.prefill_concurrency > 0) sh.active = std::min(sh.active, p.prefill_concurrency);
    sh.active = std::max<std::uint32_t>(sh.active, 1);
    sh.position = worker;
    return sh;
}

worker::worker(std::uint32_t id, std::uint32_t workers, const run_spec& spec,
               std::uint32_t table_size, const worker_plan& plan, std::uint32_t connect_limit,
               const std::vector<std::unique_ptr<worker_counters>>& all, int wake_fd,
               std::vector<std::unique_ptr<start_gate>>& gates,
               std::function<void(std::string)> abort)
    : id_(id),
      workers_(workers),
      spec_(spec),
      table_size_(table_size),
      plan_(plan),
      direct_(spec.features.sparse_files),
      connect_limit_(std::max(connect_limit, 1u)),
      counters_(*all[id]),
      all_counters_(all),
      abort_(std::move(abort)),
      wake_fd_(wake_fd),
      gates_(gates),
      interp_(spec.endpoint.type),
      rng_(rng::derive(spec.seed + id, "engine.request_ids")) {
    report_.worker = id;
    if (spec.options.stream_idle_timeout_s)
        idle_timeout_ns_ = seconds_to_ns(*spec.options.stream_idle_timeout_s);
    cancel_seed_ = rng::derive(spec.seed, "request.cancellation").next();
}

result<void> worker::setup() {
    const auto& o = spec_.options;
    if (direct_ && table_size_ > spec_.features.rlimit_nofile)
        return make_error(
            "worker " + std::to_string(id_) + " needs " + std::to_string(table_size_) +
            " connections but each io_uring's fixed-file table is limited to RLIMIT_NOFILE (" +
            std::to_string(spec_.features.rlimit_nofile) + "); use more --workers");
    ring::uring_options ro;
    ro.fixed_files = direct_ ? table_size_ : 0;
    if (auto r = ring_.init(ro, spec_.features); !r) return r;
    report_.ring_mode = ring_.mode();
    auto bufs = spec_.features.buf_ring
                    ? bufs_.init(ring_, 0, o.recv_buffers, o.recv_buffer_size)
                    : bufs_.init_classic(ring_, 0, o.recv_buffers, o.recv_buffer_size,
                                         pack_user_data(op_cancel, 0, 0));
    if (!bufs) return bufs;
    const auto& f = spec_.features;
    if (!direct_) report_.ring_mode += ", plain descriptors";
    if (bufs_.classic()) report_.ring_mode += ", classic provided buffers";
    if (!f.multishot_recv) report_.ring_mode += ", single-shot receives";
    if (!f.batching) report_.ring_mode += ", one SQE per enter";
    next_source_.assign(spec_.urls.size(), 0);
    bool any_tls = false;
    for (const auto& u : spec_.urls)
        any_tls = any_tls || u.tls;
    if (any_tls) {
        auto ctx = net::tls_context::create({o.tls_verify, o.tls_ca_file});
        if (!ctx) return ctx.err();
        tls_ctx_ = std::move(*ctx);
    }
    timers_.resize(table_size_);
    idle_.resize(spec_.urls.size());
    if (spec_.make_sink) sink_ = spec_.make_sink(id_);
    return {};
}

worker_report worker::run(std::atomic<int>& stop_flag) {
    auto ready = setup();
    if (!ready) report_.fatal = ready.message();
    // Every worker arrives at every phase's gate, also after a failed set-up or a stop:
    // the others must not wait for it.
    for (std::size_t p = 0; p < spec_.phases.size(); ++p) {
        begin_phase(p, stop_flag);
        start_ns_ = gates_[p]->arrive();
        if (sink_) sink_->on_phase_start(spec_.phases[p].phase, start_ns_);
        counters_.phase.store(static_cast<std::uint32_t>(p), std::memory_order_relaxed);
        if (ready && !stopping_) loop(stop_flag);
    }
    if (!ready) return report_;
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

void worker::begin_phase(std::size_t p, std::atomic<int>& stop_flag) {
    phase_index_ = p;
    const phase_spec& ph = phase();
    share_ = share_phase(ph, workers_, id_);
    request_quota_ = UINT64_MAX;
    session_quota_ = UINT64_MAX;
    if (ph.request_count && ph.mode != timing_mode::request_rate)
        request_quota_ = share_.share_of(*ph.request_count);
    if (ph.session_count) session_quota_ = share_.share_of(*ph.session_count);
    if (!share_.takes_part()) request_quota_ = session_quota_ = 0;
    issued_ = sessions_started_ = completed_ = errors_ = replacements_ = start_position_ = 0;
    issuing_over_ = false;
    cursor_.reset();
    next_start_.reset();
    perm_epoch_ = UINT64_MAX;
    counters_.issued.store(0, std::memory_order_relaxed);
    counters_.completed.store(0, std::memory_order_relaxed);
    counters_.errors.store(0, std::memory_order_relaxed);
    if (stop_flag.load(std::memory_order_relaxed)) stopping_ = true;
}

void worker::loop(std::atomic<int>& stop_flag) {
    const phase_spec& ph = phase();
    now_ = now_mono_ns();
    issue_until_ = INT64_MAX;
    drop_at_ = INT64_MAX;
    if (ph.duration_s) {
        issue_until_ = start_ns_ + seconds_to_ns(*ph.duration_s);
        if (std::isfinite(ph.grace_period_s))
            drop_at_ = issue_until_ + seconds_to_ns(ph.grace_period_s);
    }
    if (stop_flag.load(std::memory_order_relaxed)) stopping_ = true;
    if (phase_index_ == 0) arm_wake();
    if (ph.mode == timing_mode::request_rate && ph.schedule && share_.takes_part()) {
        cursor_.emplace(*ph.schedule, share_.position, share_.active);
        next_start_ = cursor_->next();
    }
    for (;;) {
        pump();
        if (finished()) break;
        const mono_ns deadline = std::min({timers_.next_deadline(), drop_at_, next_wakeup()});
        io_uring_cqe* cqe = nullptr;
        if (spec_.options.busy_poll) {
            poll_for_completions(deadline);
        } else if (deadline == INT64_MAX) {
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
        if (now_ >= drop_at_ && (busy_ > 0 || live_sessions_ > 0)) drop_in_flight();
    }
    // Sessions never outlive their phase.
    abandon_waiting();
}

// Submits, then spins until a completion is there or `deadline` passes. io_uring_get_events
// runs the ring's deferred task work (DEFER_TASKRUN rings post completions only then).
void worker::poll_for_completions(mono_ns deadline) {
    io_uring_submit(ring_.get());
    io_uring_cqe* cqe = nullptr;
    while (io_uring_peek_cqe(ring_.get(), &cqe) != 0) {
        if (deadline != INT64_MAX && now_mono_ns() >= deadline) return;
        io_uring_get_events(ring_.get());
    }
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

}  // namespace ringperf::engine
