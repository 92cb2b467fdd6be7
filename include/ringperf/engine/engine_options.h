#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ringperf::engine {

struct engine_options {
    // --workers: worker threads, each pinned to a core with its own io_uring. 0 = one per
    // online core (never more than the concurrency).
    std::uint32_t workers = 0;
    // --request-timeout-seconds: a request still unfinished this long after its start fails
    // with the phase it was in (connect, first byte, receiving).
    double request_timeout_s = 21600;
    // --connect-timeout-seconds: limit for establishing a connection (unset: the request timeout).
    std::optional<double> connect_timeout_s;
    // --stream-idle-timeout-seconds: fail a response when no byte arrives for this long.
    std::optional<double> stream_idle_timeout_s;
    // --pin-workers / --no-pin-workers.
    bool pin_workers = true;
    // --busy-poll: a worker with nothing to do polls its ring instead of sleeping in
    // io_uring_enter, so a completion is seen without a thread wake-up (tens of us on a
    // virtual machine); each worker then uses a whole core.
    bool busy_poll = false;
    // --tls-verify / --no-tls-verify: check https servers' certificates and names.
    bool tls_verify = true;
    // --tls-ca-file: PEM CAs to trust instead of the system's.
    std::string tls_ca_file;
    // Receive buffers per worker (power of two) and their size in bytes.
    std::uint32_t recv_buffers = 1024;
    std::uint32_t recv_buffer_size = 16384;
    // --source-address: addresses and FIRST-LAST ranges connections are made from, in
    // rotation (net::parse_source_addresses); empty: the kernel's choice, or enough loopback
    // addresses chosen automatically when a loopback target needs more than one.
    std::vector<std::string> source_addresses;
    // --local-port-range "LOW-HIGH": the local ports connections take (IP_LOCAL_PORT_RANGE,
    // Linux 6.3+); empty: the system's ip_local_port_range.
    std::string local_port_range;
    // --connect-concurrency: connections being established (TCP and TLS handshakes) at
    // once, over all workers; more wait their turn, so bursts stay within listen backlogs.
    std::uint32_t connect_concurrency = 256;
    // --io-uring-disable: io_uring features not to use even where the kernel has them
    // (names in uring_feature_names()), to measure their effect or avoid a kernel bug.
    std::vector<std::string> io_uring_disable;
};

}  // namespace ringperf::engine
