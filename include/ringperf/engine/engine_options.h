#pragma once

#include <cstdint>
#include <optional>

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
    // Receive buffers per worker (power of two) and their size in bytes.
    std::uint32_t recv_buffers = 1024;
    std::uint32_t recv_buffer_size = 16384;
};

}  // namespace ringperf::engine
