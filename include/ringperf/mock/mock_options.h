#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ringperf::mock {

struct mock_options {
    std::string host = "127.0.0.1";            // --host
    std::uint16_t port = 8000;                 // --port (0 = pick a free port and print it)
    std::uint32_t workers = 0;                 // --workers: threads (0 = one per online core)
    double ttft_ms = 20;                       // --ttft: time to first token
    double itl_ms = 5;                         // --itl: gap between tokens
    double ttft_jitter_ms = 0;                 // --ttft-jitter: uniform +-jitter per request
    double itl_jitter_ms = 0;                  // --itl-jitter: uniform +-jitter per token
    std::string ground_truth_path;             // --ground-truth FILE: log every token's send time
    std::optional<std::uint64_t> random_seed;  // --random-seed (jitter, natural lengths; unset = 0)
    std::string port_file;  // --port-file: write the bound port here (for scripts)
    // Connections held at once, split evenly across workers; each worker's share is further
    // capped at RLIMIT_NOFILE (the size limit of its fixed-file table). Beyond it, new
    // connections wait in the listen backlog.
    std::uint32_t max_connections = 100000;
};

}  // namespace ringperf::mock
