// Pre-flight capacity planning: whether the connections a run will hold at once fit the
// descriptors, the io_uring file tables and the local ports this host has, and how they are
// spread: the worker count, each worker's file-table size, source addresses and port slices.
// It says exactly what to change when they do not fit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/net/address.h"
#include "ringperf/net/source.h"
#include "ringperf/ring/probe.h"

namespace ringperf::engine {

// What the host allows. read_host_limits() reads it; tests make it up.
struct host_limits {
    std::uint32_t cores = 1;  // CPUs the process may run on
    std::uint32_t nofile_soft = 1024;
    std::uint32_t nofile_hard = 1024;
    net::port_range ports{32768, 60999};    // the system's ephemeral port range
    bool local_port_range_option = false;   // setsockopt(IP_LOCAL_PORT_RANGE) works (6.3+)
    bool direct_descriptors = true;         // sockets may live only in io_uring file tables
    std::uint64_t mem_available_bytes = 0;  // MemAvailable (0: unknown)
};

// Reads the host's limits; `direct_descriptors` comes from the probed (and possibly
// user-disabled) io_uring features.
host_limits read_host_limits(const ring::features& f, bool direct_descriptors);

// Descriptors kept for everything but connections (log and spool files, rings, eventfds).
inline constexpr std::uint32_t reserved_descriptors = 256;

struct capacity_request {
    // Most connections open at once over the run (the largest concurrency or cap of any
    // phase); 0: unbounded (a request rate without a cap), not checked.
    std::uint64_t connections = 0;
    std::uint32_t workers = 0;                   // --workers; 0: automatic
    std::vector<net::address> destinations;      // one per URL, in order
    std::vector<net::address> sources;           // --source-address (may be empty)
    std::optional<net::port_range> local_ports;  // --local-port-range
};

// One worker's share of the plan.
struct worker_plan {
    // Per URL: the source addresses its connections rotate over (empty: the kernel picks).
    std::vector<std::vector<net::address>> sources;
    // IP_LOCAL_PORT_RANGE for its sockets (nothing: the system's range).
    std::optional<net::port_range> local_ports;
};

struct capacity_plan {
    std::uint32_t workers = 1;
    std::uint32_t table_size = 1;  // connections one worker may hold at once
    // Without direct descriptors: set the soft RLIMIT_NOFILE to this first (0: keep it).
    std::uint32_t raise_nofile_to = 0;
    std::vector<worker_plan> per_worker;  // `workers` entries
    std::vector<std::string> notes;       // choices made automatically, for the log
    std::vector<std::string> warnings;    // allowed, but likely to hurt the run
};

// Plans the run's connections, or says why they cannot fit and what to change (flags,
// limits, sysctls), naming the numbers involved.
result<capacity_plan> plan_capacity(const capacity_request& rq, const host_limits& h);

}  // namespace ringperf::engine
