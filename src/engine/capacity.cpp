#include "ringperf/engine/capacity.h"

#include <sched.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>

#include "ringperf/base/file.h"

namespace ringperf::engine {

namespace {

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
    return b == 0 ? 0 : (a + b - 1) / b;
}

std::string fam(int family) {
    return family == AF_INET ? "IPv4" : "IPv6";
}

std::string join_hosts(const std::vector<net::address>& list, std::size_t most) {
    std::string out;
    for (std::size_t i = 0; i < list.size() && i < most; ++i)
        out += (i ? ", " : "") + net::host_part(list[i]);
    if (list.size() > most) out += ", ...";
    return out;
}

std::uint64_t mem_available() {
    auto text = read_file("/proc/meminfo");
    if (!text) return 0;
    const auto at = text->find("MemAvailable:");
    if (at == std::string::npos) return 0;
    unsigned long long kib = 0;
    if (std::sscanf(text->c_str() + at, "MemAvailable: %llu kB", &kib) != 1) return 0;
    return kib * 1024;
}

result<void> plan_workers(const capacity_request& rq, const host_limits& h, capacity_plan& p) {
    const std::uint64_t c = rq.connections;
    const std::uint64_t urls = std::max<std::size_t>(rq.destinations.size(), 1);
    const std::uint64_t most = c == 0 ? UINT32_MAX : c;
    const std::uint32_t cores = std::max(h.cores, 1u);
    if (!h.direct_descriptors) {
        p.workers = static_cast<std::uint32_t>(std::max<std::uint64_t>(
            1, std::min<std::uint64_t>(rq.workers ? rq.workers : cores, most)));
        std::uint64_t budget =
            h.nofile_soft > reserved_descriptors ? h.nofile_soft - reserved_descriptors : 1;
        if (c > 0 && c + reserved_descriptors > h.nofile_soft) {
            const std::uint64_t need = c + reserved_descriptors;
            if (need > h.nofile_hard)
                return make_error(
                    std::to_string(c) + " connections as ordinary descriptors need about " +
                    std::to_string(need) + " of them, but RLIMIT_NOFILE allows " +
                    std::to_string(h.nofile_hard) + " (soft " + std::to_string(h.nofile_soft) +
                    "). Raise the hard limit (ulimit -Hn as root, LimitNOFILE= in a systemd "
                    "unit, /etc/security/limits.conf), lower the concurrency, or let ringperf "
                    "keep connections in io_uring file tables (do not disable "
                    "direct_descriptors; Linux 5.19 or later).");
            p.raise_nofile_to = static_cast<std::uint32_t>(need);
            budget = c;
            p.notes.push_back("raising the soft RLIMIT_NOFILE from " +
                              std::to_string(h.nofile_soft) + " to " + std::to_string(need) +
                              " for " + std::to_string(c) + " connections");
        }
        const std::uint64_t share = c ? ceil_div(c, p.workers) : budget;
        p.table_size = static_cast<std::uint32_t>(
            std::max<std::uint64_t>(share, std::min<std::uint64_t>(share * urls, budget)));
        return {};
    }
    // Each ring's file table holds at most RLIMIT_NOFILE entries, but its sockets use no
    // descriptor-table slot: every worker (ring) adds a table's worth of connections.
    const std::uint64_t cap = std::max(h.nofile_soft, 1u);
    if (c == 0) {
        p.workers = rq.workers ? rq.workers : cores;
        p.table_size = static_cast<std::uint32_t>(cap);
        return {};
    }
    const std::uint64_t needed = ceil_div(c, cap);
    if (rq.workers) {
        p.workers = static_cast<std::uint32_t>(std::min<std::uint64_t>(rq.workers, c));
        if (ceil_div(c, p.workers) > cap)
            return make_error("--workers " + std::to_string(rq.workers) + " gives each worker " +
                              std::to_string(ceil_div(c, p.workers)) + " of the " +
                              std::to_string(c) +
                              " connections, but one worker's io_uring file table holds at most " +
                              std::to_string(cap) + " (RLIMIT_NOFILE). Use --workers " +
                              std::to_string(needed) + " or more, or --workers 0 to choose.");
    } else {
        p.workers = static_cast<std::uint32_t>(
            std::max<std::uint64_t>(std::min<std::uint64_t>(cores, c), needed));
        if (p.workers > cores)
            p.notes.push_back(std::to_string(c) + " connections: " + std::to_string(p.workers) +
                              " workers on " + std::to_string(cores) +
                              " cores, as one worker's io_uring file table holds at most " +
                              std::to_string(cap) + " connections (RLIMIT_NOFILE)");
    }
    const std::uint64_t share = ceil_div(c, p.workers);
    p.table_size = static_cast<std::uint32_t>(
        std::max<std::uint64_t>(share, std::min<std::uint64_t>(share * urls, cap)));
    return {};
}

struct port_facts {
    net::port_range range;
    std::uint32_t size = 0;
};

std::string port_advice(const net::address& dest, std::uint64_t conns, const port_facts& pf,
                        std::uint64_t needed) {
    const std::uint32_t ports = pf.size;
    const net::port_range& range = pf.range;
    std::string m = std::to_string(conns) + " connections to " + dest.to_string() +
                    " need at least " + std::to_string(needed) + " source addresses, " +
                    std::to_string(ports) + " local ports (" + range.to_string() + ") each. ";
    if (dest.family() == AF_INET && net::is_loopback(dest)) {
        m += "Pass --source-address 127.0.0.1-127.0.0." +
             std::to_string(std::min<std::uint64_t>(needed, 254)) +
             (needed > 254 ? " and more (any 127.x.y.z address is local)" : "");
    } else if (net::is_loopback(dest)) {
        m += "::1 is the only IPv6 loopback address: connect to 127.0.0.1 instead, whose whole "
             "127.0.0.0/8 can serve as source addresses";
    } else {
        const auto own = net::host_addresses(dest.family());
        m += "Pass --source-address with " + std::to_string(needed) + " of this host's " +
             fam(dest.family()) + " addresses (" +
             (own.empty() ? std::string("it has none up") : "it has " + join_hosts(own, 8)) +
             "; more can be added to an interface)";
    }
    m += ", or widen the port range (sysctl net.ipv4.ip_local_port_range, or --local-port-range).";
    return m;
}

// How a URL's source addresses are dealt to the workers: with at least as many addresses
// as workers, worker w takes every W-th address from w on; with fewer, workers share them,
// worker w taking address w % A.
void deal(const std::vector<net::address>& s, std::size_t url, capacity_plan& p) {
    const std::size_t w_count = p.workers;
    for (std::size_t w = 0; w < w_count; ++w) {
        auto& mine = p.per_worker[w].sources[url];
        if (s.size() >= w_count) {
            for (std::size_t i = w; i < s.size(); i += w_count)
                mine.push_back(s[i]);
        } else {
            mine.push_back(s[w % s.size()]);
        }
    }
}

// Source addresses enough for `per_worker` connections on each of `workers` workers with
// `ports` local ports per address, as deal() spreads them.
std::uint64_t addresses_needed(std::uint64_t per_worker, std::uint64_t workers,
                               std::uint64_t ports) {
    const std::uint64_t sharing = per_worker == 0 ? workers : ports / per_worker;
    if (sharing == 0) return workers * ceil_div(per_worker, ports);
    return ceil_div(workers, sharing);
}

// The source addresses of URL `u`, or none when the kernel's choice will do. `shared` is set
// to the number of addresses workers share when there are fewer than workers (0: conflict
// between URLs, no port slices).
result<void> plan_url(const capacity_request& rq, const port_facts& pf, std::size_t u,
                      std::optional<std::uint64_t>& shared, capacity_plan& p) {
    const net::address& d = rq.destinations[u];
    const std::uint64_t per_url =
        ceil_div(rq.connections, std::max<std::size_t>(rq.destinations.size(), 1));
    const std::uint64_t w_count = p.workers;
    const std::uint64_t per_worker = ceil_div(per_url, w_count);
    std::vector<net::address> s;
    for (const auto& a : rq.sources)
        if (a.family() == d.family()) s.push_back(a);
    if (!rq.sources.empty() && s.empty())
        return make_error("--source-address names no " + fam(d.family()) + " address, but URL " +
                          std::to_string(u + 1) + " connects to " + d.to_string() + " over " +
                          fam(d.family()));
    const std::uint64_t needed = addresses_needed(per_worker, w_count, pf.size);
    if (s.empty()) {
        if (per_url == 0 || per_url <= pf.size / 2) return {};
        if (d.family() == AF_INET && net::is_loopback(d)) {
            std::uint64_t a = ceil_div(per_url, std::max<std::uint32_t>(pf.size / 2, 1));
            a = ceil_div(a, w_count) * w_count;
            const net::address first =
                net::parse_source_addresses(std::vector<std::string>{"127.0.0.1"})->front();
            for (std::uint32_t i = 0; i < a; ++i)
                s.push_back(*net::offset_address(first, i));
            deal(s, u, p);
            p.notes.push_back(std::to_string(per_url) + " connections to " + d.to_string() +
                              ": source addresses " + net::host_part(s.front()) + "-" +
                              net::host_part(s.back()) + " chosen, about " +
                              std::to_string(ceil_div(per_url, a)) + " connections on each");
            return {};
        }
        if (per_url > pf.size) return make_error(port_advice(d, per_url, pf, needed));
        p.warnings.push_back(std::to_string(per_url) + " connections to " + d.to_string() +
                             " take " + std::to_string(per_url) + " of the " +
                             std::to_string(pf.size) + " local ports (" + pf.range.to_string() +
                             "): connects slow down as the range fills; --source-address with "
                             "more addresses spreads them");
        return {};
    }
    deal(s, u, p);
    std::uint64_t per_address = 0;
    if (s.size() >= w_count) {
        per_address = ceil_div(per_worker, s.size() / w_count);
    } else {
        per_address = ceil_div(w_count, s.size()) * per_worker;
        if (!shared) shared = s.size();
        if (*shared != s.size()) shared = 0;
    }
    if (per_url == 0) return {};
    if (per_address > pf.size) return make_error(port_advice(d, per_url, pf, needed));
    if (per_address > pf.size / 2)
        p.warnings.push_back("about " + std::to_string(per_address) +
                             " connections per source address to " + d.to_string() +
                             " take over half of the " + std::to_string(pf.size) +
                             " local ports (" + pf.range.to_string() +
                             "): connects slow down as the range fills; more source addresses "
                             "spread them");
    return {};
}

}  // namespace

host_limits read_host_limits(const ring::features& f, bool direct_descriptors) {
    host_limits h;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        h.cores = static_cast<std::uint32_t>(std::max(CPU_COUNT(&set), 1));
    h.nofile_soft = std::max(f.rlimit_nofile, 1u);
    h.nofile_hard = std::max(f.rlimit_nofile_max, h.nofile_soft);
    if (auto r = net::system_port_range()) h.ports = *r;
    h.local_port_range_option = net::kernel_has_local_port_range();
    h.direct_descriptors = direct_descriptors;
    h.mem_available_bytes = mem_available();
    return h;
}

result<capacity_plan> plan_capacity(const capacity_request& rq, const host_limits& h) {
    capacity_plan p;
    if (auto r = plan_workers(rq, h, p); !r) return r.err();
    if (rq.local_ports && !h.local_port_range_option)
        return make_error(
            "--local-port-range needs IP_LOCAL_PORT_RANGE (Linux 6.3 or later), "
            "which this kernel lacks; change sysctl net.ipv4.ip_local_port_range "
            "instead");
    const port_facts pf{rq.local_ports.value_or(h.ports), rq.local_ports.value_or(h.ports).size()};
    p.per_worker.assign(p.workers, {});
    for (auto& w : p.per_worker)
        w.sources.resize(rq.destinations.size());
    // Workers sharing a source address each get a slice of the port range when the kernel
    // can narrow it per socket: their port searches then never meet. Worker w shares
    // address w % A with the workers w + A, w + 2A...
    std::optional<std::uint64_t> shared;
    for (std::size_t u = 0; u < rq.destinations.size(); ++u)
        if (auto r = plan_url(rq, pf, u, shared, p); !r) return r.err();
    for (std::uint32_t w = 0; w < p.workers; ++w) {
        auto& wp = p.per_worker[w];
        wp.local_ports = rq.local_ports;
        if (!shared || *shared == 0 || !h.local_port_range_option) continue;
        const std::uint64_t sharers = ceil_div(p.workers, *shared);
        const auto slice = static_cast<std::uint32_t>(pf.size / sharers);
        const auto lo = static_cast<std::uint32_t>(pf.range.low + (w / *shared) * slice);
        wp.local_ports = net::port_range{static_cast<std::uint16_t>(lo),
                                         static_cast<std::uint16_t>(lo + slice - 1)};
    }
    if (h.mem_available_bytes > 0 && rq.connections > 0) {
        bool local = false;
        for (const auto& d : rq.destinations)
            local = local || net::is_loopback(d);
        // About 4 KiB of ringperf's own memory and 4.5 KB of kernel socket memory per
        // connection, twice the kernel's share when the server runs on this host too.
        const std::uint64_t per = 4096 + 4608 * (local ? 2 : 1);
        const std::uint64_t need = per * rq.connections;
        if (need > h.mem_available_bytes)
            p.warnings.push_back(std::to_string(rq.connections) + " connections need about " +
                                 std::to_string(need >> 20) + " MiB, more than the " +
                                 std::to_string(h.mem_available_bytes >> 20) + " MiB available");
    }
    return p;
}

}  // namespace ringperf::engine
