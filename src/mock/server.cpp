#include "ringperf/mock/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <mutex>
#include <thread>

#include "ringperf/base/file.h"
#include "ringperf/base/log.h"
#include "ringperf/net/address.h"
#include "worker.h"

namespace ringperf::mock {

namespace {

constexpr int listen_backlog = 4096;

std::string errno_text() {
    return std::strerror(errno);
}

// One listening socket of the SO_REUSEPORT group. Accepted sockets inherit TCP_NODELAY.
//
// The kernel hashes each connection to one listener of the group, which spreads connections
// evenly over the workers (a shared listener hands them to whichever worker is awake: 97 of
// 100 sequential connects went to one of 5 workers) but regardless of room. A worker's own
// listener is therefore also served by the others once its table is full
// (worker_accept.cpp).
result<int> open_listener(const net::address& a, const std::string& where) {
    const int fd = ::socket(a.family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error("socket() for " + where + ": " + errno_text());
    const int one = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
        const std::string e = errno_text();
        ::close(fd);
        return make_error("setsockopt on the listener for " + where + ": " + e);
    }
    if (::bind(fd, a.get(), a.len) != 0) {
        const std::string e = errno_text();
        ::close(fd);
        return make_error("cannot bind " + where + ": " + e);
    }
    if (::listen(fd, listen_backlog) != 0) {
        const std::string e = errno_text();
        ::close(fd);
        return make_error("cannot listen on " + where + ": " + e);
    }
    return fd;
}

// SO_REUSEPORT would let a second server of the same user join this one's port silently, so
// the port is first checked (or, for port 0, chosen) by a plain bind without it.
result<std::uint16_t> check_port(const net::address& a, const std::string& where) {
    const int fd = ::socket(a.family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error("socket() for " + where + ": " + errno_text());
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a.get(), a.len) != 0) {
        const std::string e = errno_text();
        ::close(fd);
        return make_error("cannot bind " + where + ": " + e);
    }
    auto bound = net::local_address(fd);
    ::close(fd);
    if (!bound) return bound.err();
    return bound->port();
}

// Binds `count` listeners on one port (chosen by the kernel when opts.port is 0).
result<std::vector<int>> open_listeners(const mock_options& opts, unsigned count,
                                        std::uint16_t& port) {
    auto a = net::resolve(opts.host, opts.port, net::resolve_for::listen);
    if (!a) return make_error("cannot resolve the listen address: " + a.message());
    auto checked = check_port(*a, opts.host + ":" + std::to_string(opts.port));
    if (!checked) return checked.err();
    port = *checked;
    a->set_port(port);
    const std::string where = opts.host + ":" + std::to_string(port);
    std::vector<int> fds;
    for (unsigned i = 0; i < count; ++i) {
        auto fd = open_listener(*a, where);
        if (!fd) {
            for (const int f : fds)
                ::close(f);
            return fd.err();
        }
        fds.push_back(*fd);
    }
    return fds;
}

// A fixed-file table may hold RLIMIT_NOFILE entries, and liburing raises the soft limit to
// the hard one when registering a larger table anyway; raising it first lets the worker
// count be planned from the real cap (hosts commonly set soft 1024, hard 512k+).
void raise_descriptor_limit() {
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max) return;
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
}

std::string missing_features(const ring::features& f) {
    std::string m;
    for (const auto& s : f.missing_required())
        m += (m.empty() ? "" : ", ") + s;
    return m;
}

// IORING_MAX_FIXED_FILES, the kernel's own bound on a fixed-file table.
constexpr unsigned max_fixed_files = 1u << 20;

unsigned table_cap(const ring::features& f) {
    return std::max(1u, std::min(f.rlimit_nofile, max_fixed_files));
}

}  // namespace

std::uint64_t with_headroom(std::uint64_t share) {
    return share + share / 16 + 16;
}

result<worker_plan> plan_workers(const mock_options& opts, unsigned table_cap, unsigned cores) {
    const std::uint64_t cap = std::max(table_cap, 1u);
    const std::uint64_t held = std::uint64_t{opts.workers} * cap;
    std::uint64_t want = std::max<std::uint32_t>(opts.max_connections.value_or(0), 1);
    if (!opts.max_connections)
        want = opts.workers == 0 ? default_max_connections
                                 : std::min<std::uint64_t>(default_max_connections, held);
    const std::uint64_t needed = (want + cap - 1) / cap;
    std::uint64_t n = opts.workers;
    if (n != 0 && n < needed)
        return make_error(
            "--workers " + std::to_string(n) + " holds at most " + std::to_string(held) +
            " connections (" + std::to_string(cap) +
            " per worker: each worker's io_uring fixed-file table is capped by RLIMIT_NOFILE) "
            "but --max-connections is " +
            std::to_string(want) + "; use --workers " + std::to_string(needed) +
            " or more, --workers 0 to size it automatically, or a lower --max-connections");
    if (n == 0) {
        n = std::max<std::uint64_t>(needed, std::max(cores, 1u));
        while (n <= max_planned_workers && with_headroom((want + n - 1) / n) > cap)
            ++n;
        if (n > max_planned_workers)
            return make_error("--max-connections " + std::to_string(want) + " needs more than " +
                              std::to_string(max_planned_workers) + " workers of " +
                              std::to_string(cap) +
                              " connections each (RLIMIT_NOFILE); raise the descriptor limit "
                              "or lower --max-connections");
    }
    const std::uint64_t table = std::min(cap, with_headroom((want + n - 1) / n));
    return worker_plan{static_cast<unsigned>(n), static_cast<std::uint32_t>(table)};
}

struct server::state {
    std::unique_ptr<shared_config> cfg;
    std::unique_ptr<ground_truth_writer> truth;
    std::vector<std::unique_ptr<worker>> workers;
    std::vector<std::thread> threads;
    std::uint16_t port = 0;
    std::vector<int> listeners;  // one per worker, any worker may accept from any; closed
                                 // once the workers are joined
    std::mutex wait_mu;
    bool joined = false;

    ~state() {
        for (const int fd : listeners)
            ::close(fd);
    }

    // Starts one thread per worker; returns the first init failure (all threads joined then).
    result<void> launch();
    void join_all();
};

result<void> server::state::launch() {
    std::vector<std::promise<std::string>> ready(workers.size());
    for (std::size_t i = 0; i < workers.size(); ++i) {
        threads.emplace_back([w = workers[i].get(), p = &ready[i]] {
            std::string err;
            try {
                if (auto r = w->init(); !r) err = r.message();
            } catch (const std::exception& e) {
                err = e.what();
            }
            p->set_value(err);
            try {
                if (err.empty()) w->run();
            } catch (const std::exception& e) {
                log::error(std::string("mock worker stopped: ") + e.what());
            }
            w->teardown();
        });
    }
    std::string first_error;
    for (auto& p : ready) {
        std::string e = p.get_future().get();
        if (first_error.empty()) first_error = std::move(e);
    }
    if (first_error.empty()) return {};
    for (auto& w : workers)
        w->request_stop();
    join_all();
    return make_error("mock worker start-up failed: " + first_error);
}

void server::state::join_all() {
    for (auto& t : threads)
        if (t.joinable()) t.join();
}

result<std::unique_ptr<server>> server::start(const mock_options& opts) {
    auto cfg = std::make_unique<shared_config>();
    cfg->opts = opts;
    cfg->clock =
        clock_params::from_ms(opts.ttft_ms, opts.itl_ms, opts.ttft_jitter_ms, opts.itl_jitter_ms);
    cfg->seed = opts.random_seed.value_or(0);
    raise_descriptor_limit();
    cfg->features = ring::probe();
    if (const std::string m = missing_features(cfg->features); !m.empty())
        return make_error("the mock server needs io_uring features this kernel lacks: " + m);
    cfg->wall_map = wall_clock_map::capture();
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    auto planned = plan_workers(opts, table_cap(cfg->features), cores);
    if (!planned) return planned.err();
    const unsigned n = planned->workers;
    cfg->fixed_files_per_worker = planned->connections_per_worker;

    auto st = std::make_unique<state>();
    if (!opts.ground_truth_path.empty()) {
        auto w = ground_truth_writer::open(opts.ground_truth_path);
        if (!w) return w.err();
        st->truth = std::move(*w);
        cfg->ground_truth = st->truth.get();
    }
    auto fds = open_listeners(opts, n, st->port);
    if (!fds) return fds.err();
    st->listeners = *fds;
    cfg->listeners = std::move(*fds);
    cfg->full = std::vector<std::atomic<bool>>(n);
    cfg->rings = std::vector<std::atomic<int>>(n);
    for (auto& r : cfg->rings)
        r.store(-1);
    st->cfg = std::move(cfg);
    for (unsigned i = 0; i < n; ++i)
        st->workers.push_back(std::make_unique<worker>(*st->cfg, i));
    if (auto r = st->launch(); !r) return r.err();

    std::unique_ptr<server> s(new server(std::move(st)));
    if (!opts.port_file.empty()) {
        auto r = write_file_atomic(opts.port_file, std::to_string(s->port()) + "\n");
        if (!r) return make_error("cannot write the port file: " + r.message());
    }
    return s;
}

server::server(std::unique_ptr<state> s) : s_(std::move(s)) {}

server::~server() {
    stop();
    wait();
}

std::uint16_t server::port() const {
    return s_->port;
}

server_stats server::stats() const {
    server_stats out;
    for (const auto& w : s_->workers) {
        const worker_counters& c = w->counters();
        out.connections_accepted += c.accepted.load(std::memory_order_relaxed);
        out.requests += c.requests.load(std::memory_order_relaxed);
        out.tokens_sent += c.tokens.load(std::memory_order_relaxed);
        out.errors += c.errors.load(std::memory_order_relaxed);
        out.connections_open += c.open.load(std::memory_order_relaxed);
    }
    return out;
}

void server::stop() {
    for (auto& w : s_->workers)
        w->request_stop();
}

void server::wait() {
    std::lock_guard lock(s_->wait_mu);
    if (s_->joined) return;
    s_->join_all();
    s_->joined = true;
    if (s_->truth)
        if (auto r = s_->truth->close(); !r) log::error(r.message());
}

}  // namespace ringperf::mock
