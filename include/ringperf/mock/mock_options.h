#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ringperf::mock {

inline constexpr std::uint32_t default_max_connections = 100000;

struct mock_options {
    std::string host = "127.0.0.1";            // --host
    std::uint16_t port = 8000;                 // --port (0 = pick a free port and print it)
    std::uint32_t workers = 0;                 // --workers: threads (0 = plan_workers())
    double ttft_ms = 20;                       // --ttft: time to first token
    double itl_ms = 5;                         // --itl: gap between tokens
    double ttft_jitter_ms = 0;                 // --ttft-jitter: uniform +-jitter per request
    double itl_jitter_ms = 0;                  // --itl-jitter: uniform +-jitter per token
    std::string ground_truth_path;             // --ground-truth FILE: log every token's send time
    std::optional<std::uint64_t> random_seed;  // --random-seed (jitter, natural lengths; unset = 0)
    std::string port_file;  // --port-file: write the bound port here (for scripts)
    // --max-connections: connections the server is sized to hold at once. Each worker's
    // fixed-file table (at most RLIMIT_NOFILE entries) takes an equal share plus about 6 %
    // (server.h, plan_workers()); with `workers` = 0 enough workers are started for this many.
    // Unset: default_max_connections, or with an explicit `workers` as many as those workers
    // hold, if fewer. Connections beyond the tables wait in the listen backlog.
    std::optional<std::uint32_t> max_connections;
    // --segment-per-token: hand every SSE event of a stream (the head with the role event,
    // each token, the finish event, the usage event, [DONE] with the terminal chunk) to the
    // kernel by its own send, marked MSG_EOR, one at a time in order, so that each travels in
    // its own TCP segment even when several are due at once (--itl 0).
    bool segment_per_token = false;
};

}  // namespace ringperf::mock
