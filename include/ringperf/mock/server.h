// The bundled OpenAI-compatible mock server (`ringperf mock`).
//
// Endpoints:
//   POST /v1/chat/completions, POST /v1/completions  an answer made by the mock's tokenizer
//        and token clock (completion.h, token_clock.h); streamed as SSE when "stream" is true
//        (wire.h describes the bytes), else one JSON body with usage
//   GET  /v1/models   the model names seen in requests so far, or "mock-model"
//   GET  /health      200 {"status":"ok"}
// Unknown path: 404; known path with another method: 405 (with `allow`); invalid JSON or a
// field of the wrong type: 400 (OpenAI-style error object); a malformed HTTP request: 400 and
// the connection is closed (413 for a body over 64 MiB).
//
// Connections: HTTP/1.1 keep-alive by default, `Connection: close` honoured (closed after the
// response), HTTP/1.0 closes unless it asks for keep-alive. Pipelined requests are answered
// in order; a request's t0 (the start of its token clock) is the later of the moment it was
// fully received and the moment the previous answer on the connection was fully handed to the
// kernel. A connection closed by the client mid-answer is dropped.
//
// Threads: plan_workers() threads, each with its own io_uring and its own listening socket on
// the shared port (SO_REUSEPORT: the kernel spreads connections across them). Accepted
// connections live only in the ring's fixed-file table (direct descriptors, which take no
// slot in the process's descriptor table), so the process holds workers x table size
// connections whatever its descriptor limit; a ring's table may hold at most RLIMIT_NOFILE
// entries. While a worker's table is full, the others take the connections waiting at its
// listener; when all are full, new connections wait in the listen backlogs until one closes.
// start() raises the soft RLIMIT_NOFILE to the hard limit first.
//
// Streams: events due together are written by one send, unless segment_per_token asks for
// one send per event (mock_options.h).
//
// Requires io_uring with sparse fixed files, provided-buffer rings and multishot receive
// (Linux 6.0); start() names what is missing otherwise.
#pragma once

#include <cstdint>
#include <memory>

#include "ringperf/base/result.h"
#include "ringperf/mock/mock_options.h"

namespace ringperf::mock {

// The most worker threads plan_workers() starts on its own.
inline constexpr unsigned max_planned_workers = 4096;

struct worker_plan {
    unsigned workers = 0;
    std::uint32_t connections_per_worker = 0;  // each worker's fixed-file table size
};

// Workers for `opts` when each ring's fixed-file table holds at most `table_cap` connections
// and `cores` cores are online. N = opts.max_connections, or when unset
// default_max_connections (with an explicit opts.workers: at most workers x table_cap).
// Each worker's table holds its share ceil(N / workers) plus share / 16 + 16 for the
// kernel's uneven spread of connections over the listeners, capped at table_cap.
// Workers: opts.workers when non-zero, else the fewest, and at least `cores`, whose tables
// hold their share with that headroom. Errors: opts.workers and opts.max_connections both
// given and workers x table_cap < N (the message names the worker count, the connections
// they hold, --max-connections and the smallest sufficient --workers), or more than
// max_planned_workers needed.
result<worker_plan> plan_workers(const mock_options& opts, unsigned table_cap, unsigned cores);

struct server_stats {
    std::uint64_t connections_accepted = 0;
    std::uint64_t requests = 0;     // complete requests parsed (all endpoints)
    std::uint64_t tokens_sent = 0;  // completion tokens queued for sending
    std::uint64_t errors = 0;       // 4xx responses, and connections lost to I/O errors
    std::uint32_t connections_open = 0;
};

class server {
  public:
    // Plans the workers (plan_workers()), binds `opts.host:opts.port` (port 0 = any free
    // port), opens `opts.ground_truth_path` (ground_truth.h) when set, starts the worker
    // threads and returns once every worker accepts; then writes `opts.port_file`
    // (atomically). Errors name the failing step
    // (worker count, address, bind, io_uring feature, file).
    static result<std::unique_ptr<server>> start(const mock_options& opts);

    ~server();  // stop() + wait()
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // The bound TCP port.
    std::uint16_t port() const;
    // Sums of the workers' counters. Approximate while running (each worker publishes once
    // per event-loop iteration); exact after wait(). Thread-safe.
    server_stats stats() const;
    // Asks every worker to stop accepting, close its connections and exit. Returns at once;
    // thread-safe and idempotent.
    void stop();
    // Joins the workers (they exit only after stop()), then finishes the ground-truth file.
    // Thread-safe; later calls return at once.
    void wait();

    struct state;

  private:
    explicit server(std::unique_ptr<state> s);
    std::unique_ptr<state> s_;
};

}  // namespace ringperf::mock
