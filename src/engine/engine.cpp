#include "ringperf/engine/engine.h"

#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstring>
#include <mutex>
#include <thread>

#include "ringperf/base/log.h"
#include "ringperf/net/source.h"
#include "worker.h"

namespace ringperf::engine {

struct engine::impl {
    run_spec spec;
    capacity_plan plan;
    std::uint32_t workers = 0;
    std::uint32_t table_size = 0;
    std::vector<std::unique_ptr<worker_counters>> counters;
    std::vector<int> wake_fds;
    std::vector<std::thread> threads;
    std::vector<worker_report> reports;
    std::vector<std::unique_ptr<start_gate>> gates;  // one per phase
    std::atomic<int> stop_flag{0};
    mutable std::mutex abort_mu;
    std::string abort_reason;
    std::atomic<std::uint32_t> running{0};
    bool joined = false;

    ~impl() {
        for (int fd : wake_fds)
            ::close(fd);
    }
};

namespace {

std::vector<std::uint32_t> allowed_cpus() {
    std::vector<std::uint32_t> cpus;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (std::uint32_t c = 0; c < CPU_SETSIZE; ++c)
            if (CPU_ISSET(c, &set)) cpus.push_back(c);
    return cpus;
}

bool pin_to(std::uint32_t cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

}  // namespace

engine::engine() : p_(std::make_unique<impl>()) {}

engine::~engine() {
    if (!p_->threads.empty() && !p_->joined) {
        stop(stop_reason::user);
        wait();
    }
}

namespace {

result<void> check_spec(const run_spec& spec) {
    if (!spec.conversations || spec.conversations->conversations.empty())
        return make_error("no conversations were prepared for the run");
    if (!spec.requests ||
        spec.requests->requests.size() != spec.conversations->conversations.size())
        return make_error("every conversation needs its prepared first turn");
    if (spec.urls.empty()) return make_error("no URL to benchmark");
    if (spec.phases.empty()) return make_error("the run has no phase");
    for (const auto& c : spec.conversations->conversations)
        if (c.turns.empty()) return make_error("conversation " + c.session_id + " has no turns");
    for (const auto& p : spec.phases) {
        if (p.mode == timing_mode::request_rate && !p.schedule)
            return make_error("a request-rate phase needs its schedule");
        if (p.mode == timing_mode::fixed_schedule && !p.fixed)
            return make_error("a fixed-schedule phase needs its schedule");
        if (p.mode == timing_mode::user_centric && !p.users)
            return make_error("a user-centric phase needs its plan");
        if (p.mode == timing_mode::closed_loop && p.concurrency == 0)
            return make_error("a closed-loop phase needs a concurrency of at least 1");
    }
    if (auto missing = spec.features.missing_for_engine(); !missing.empty()) {
        std::string m = "this kernel lacks io_uring features ringperf needs:";
        for (const auto& f : missing)
            m += "\n  - " + f;
        return make_error(m);
    }
    return {};
}

}  // namespace

result<ring::features> effective_features(const run_spec& spec) {
    ring::features f = spec.features;
    if (auto r = ring::disable_features(f, spec.options.io_uring_disable); !r) return r.err();
    return f;
}

result<capacity_plan> plan_run_capacity(const run_spec& spec) {
    auto f = effective_features(spec);
    if (!f) return f.err();
    capacity_request rq;
    // The most connections at once: the largest concurrency of any phase, or none when a
    // phase has no limit.
    for (const auto& p : spec.phases) {
        if (p.concurrency == 0) {
            rq.connections = 0;
            break;
        }
        rq.connections = std::max<std::uint64_t>(rq.connections, p.concurrency);
    }
    rq.workers = spec.options.workers;
    for (const auto& u : spec.urls)
        rq.destinations.push_back(u.address);
    auto sources = net::parse_source_addresses(spec.options.source_addresses);
    if (!sources) return make_error("--source-address: " + sources.message());
    rq.sources = std::move(*sources);
    if (!spec.options.local_port_range.empty()) {
        auto r = net::parse_port_range(spec.options.local_port_range);
        if (!r) return make_error("--local-port-range: " + r.message());
        rq.local_ports = *r;
    }
    return plan_capacity(rq, read_host_limits(*f, f->sparse_files));
}

namespace {

result<void> raise_nofile(std::uint32_t to) {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= to) return {};
    rl.rlim_cur = to;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return make_error("cannot raise RLIMIT_NOFILE to " + std::to_string(to) + ": " +
                          std::strerror(errno));
    return {};
}

}  // namespace

result<void> engine::start(run_spec spec) {
    if (auto ok = check_spec(spec); !ok) return ok;
    const auto cpus = allowed_cpus();
    auto plan = plan_run_capacity(spec);
    if (!plan) return plan.err();
    spec.features = *effective_features(spec);
    if (plan->raise_nofile_to)
        if (auto r = raise_nofile(plan->raise_nofile_to); !r) return r;
    for (const auto& n : plan->notes)
        log::info(n);
    for (const auto& w : plan->warnings)
        log::warn(w);
    p_->spec = std::move(spec);
    p_->plan = std::move(*plan);
    p_->workers = p_->plan.workers;
    p_->table_size = p_->plan.table_size;
    const std::uint32_t connect_limit = static_cast<std::uint32_t>(
        (std::max<std::uint64_t>(p_->spec.options.connect_concurrency, 1) + p_->workers - 1) /
        p_->workers);
    for (std::size_t i = 0; i < p_->spec.phases.size(); ++i)
        p_->gates.push_back(std::make_unique<start_gate>(p_->workers));
    const std::size_t n = p_->workers;
    p_->reports.resize(n);
    for (std::size_t w = 0; w < n; ++w) {
        p_->counters.push_back(std::make_unique<worker_counters>());
        const int fd = eventfd(0, EFD_CLOEXEC);
        if (fd < 0) return make_error(std::string("eventfd: ") + std::strerror(errno));
        p_->wake_fds.push_back(fd);
    }
    p_->running = static_cast<std::uint32_t>(n);
    for (std::size_t w = 0; w < n; ++w) {
        p_->threads.emplace_back([this, w, cpus, connect_limit] {
            const auto id = static_cast<std::uint32_t>(w);
            std::uint32_t cpu = UINT32_MAX;
            if (p_->spec.options.pin_workers && !cpus.empty()) {
                cpu = cpus[w % cpus.size()];
                if (!pin_to(cpu)) cpu = UINT32_MAX;
            }
            worker wk(id, p_->workers, p_->spec, p_->table_size, p_->plan.per_worker[w],
                      connect_limit, p_->counters, p_->wake_fds[w], p_->gates,
                      [this](std::string why) {
                          {
                              std::lock_guard g(p_->abort_mu);
                              if (p_->abort_reason.empty()) p_->abort_reason = std::move(why);
                          }
                          stop(stop_reason::aborted);
                      });
            p_->reports[w] = wk.run(p_->stop_flag);
            p_->reports[w].cpu = cpu;
            if (!p_->reports[w].fatal.empty()) stop(stop_reason::fatal);
            p_->running.fetch_sub(1, std::memory_order_release);
        });
    }
    return {};
}

void engine::stop(stop_reason why) {
    int expected = 0;
    p_->stop_flag.compare_exchange_strong(expected, static_cast<int>(why));
    const std::uint64_t one = 1;
    for (int fd : p_->wake_fds)
        (void)!::write(fd, &one, sizeof one);
}

bool engine::finished() const {
    return p_->running.load(std::memory_order_acquire) == 0;
}

std::vector<worker_report> engine::wait() {
    for (auto& t : p_->threads)
        if (t.joinable()) t.join();
    p_->joined = true;
    return p_->reports;
}

progress engine::snapshot() const {
    progress pr;
    pr.phase = UINT32_MAX;
    for (const auto& c : p_->counters)
        pr.phase = std::min(pr.phase, c->phase.load(std::memory_order_relaxed));
    if (p_->counters.empty()) pr.phase = 0;
    for (const auto& c : p_->counters) {
        pr.issued += c->issued.load(std::memory_order_relaxed);
        pr.completed += c->completed.load(std::memory_order_relaxed);
        pr.errors += c->errors.load(std::memory_order_relaxed);
        pr.in_flight += c->in_flight.load(std::memory_order_relaxed);
    }
    return pr;
}

stop_reason engine::stopped_by() const {
    return static_cast<stop_reason>(p_->stop_flag.load());
}

std::string engine::abort_reason() const {
    std::lock_guard g(p_->abort_mu);
    return p_->abort_reason;
}

std::uint32_t engine::worker_count() const {
    return p_->workers;
}

}  // namespace ringperf::engine
