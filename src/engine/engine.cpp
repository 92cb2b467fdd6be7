#include "ringperf/engine/engine.h"

#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "ringperf/workload/closed_loop.h"
#include "worker.h"

namespace ringperf::engine {

struct engine::impl {
    run_spec spec;
    std::vector<workload::worker_share> shares;
    std::vector<std::unique_ptr<worker_counters>> counters;
    std::vector<int> wake_fds;
    std::vector<std::thread> threads;
    std::vector<worker_report> reports;
    std::unique_ptr<start_gate> gate;
    std::atomic<int> stop_flag{0};
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

result<void> engine::start(run_spec spec) {
    if (!spec.requests || spec.requests->requests.empty())
        return make_error("no requests were prepared for the run");
    if (auto missing = spec.features.missing_required(); !missing.empty()) {
        std::string m = "this kernel lacks io_uring features ringperf needs:";
        for (const auto& f : missing)
            m += "\n  - " + f;
        return make_error(m);
    }
    const auto cpus = allowed_cpus();
    std::uint32_t workers = spec.options.workers;
    if (workers == 0) workers = static_cast<std::uint32_t>(std::max<std::size_t>(cpus.size(), 1));
    p_->spec = std::move(spec);
    if (p_->spec.schedule) {
        // Rate mode: the schedule says when and how many; slots are the cap's share, or
        // as many as a worker's fixed-file table holds when there is no cap.
        const std::uint32_t table = std::max(p_->spec.features.rlimit_nofile, 1u);
        const std::uint64_t cap =
            p_->spec.concurrency ? p_->spec.concurrency : std::uint64_t{workers} * table;
        p_->shares = workload::partition_closed_loop(
            static_cast<std::uint32_t>(std::min<std::uint64_t>(cap, UINT32_MAX)), workers,
            std::nullopt);
        for (auto& sh : p_->shares)
            sh.slots = std::min(sh.slots, table);
    } else {
        p_->shares =
            workload::partition_closed_loop(p_->spec.concurrency, workers, p_->spec.request_count);
    }
    const std::size_t n = p_->shares.size();
    p_->gate = std::make_unique<start_gate>(static_cast<std::uint32_t>(n));
    p_->reports.resize(n);
    for (std::size_t w = 0; w < n; ++w) {
        p_->counters.push_back(std::make_unique<worker_counters>());
        const int fd = eventfd(0, EFD_CLOEXEC);
        if (fd < 0) return make_error(std::string("eventfd: ") + std::strerror(errno));
        p_->wake_fds.push_back(fd);
    }
    p_->running = static_cast<std::uint32_t>(n);
    for (std::size_t w = 0; w < n; ++w) {
        p_->threads.emplace_back([this, w, cpus] {
            const auto id = static_cast<std::uint32_t>(w);
            std::uint32_t cpu = UINT32_MAX;
            if (p_->spec.options.pin_workers && !cpus.empty()) {
                cpu = cpus[w % cpus.size()];
                if (!pin_to(cpu)) cpu = UINT32_MAX;
            }
            worker wk(id, p_->spec, p_->shares[w], *p_->counters[w], p_->wake_fds[w], *p_->gate);
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
    for (const auto& c : p_->counters) {
        pr.issued += c->issued.load(std::memory_order_relaxed);
        pr.completed += c->completed.load(std::memory_order_relaxed);
        pr.errors += c->errors.load(std::memory_order_relaxed);
        pr.in_flight += c->in_flight.load(std::memory_order_relaxed);
    }
    return pr;
}

std::uint32_t engine::worker_count() const {
    return static_cast<std::uint32_t>(p_->shares.size());
}

}  // namespace ringperf::engine
