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
// Threads: `workers` threads (0 = online cores), each with its own io_uring and its own
// listening socket on the shared port (SO_REUSEPORT; the kernel spreads connections across
// them). Accepted connections live only in the ring's fixed-file table (direct descriptors),
// so each worker holds up to min(RLIMIT_NOFILE, max_connections / workers) connections
// whatever the process's descriptor limit; beyond that, new connections wait in the listen
// backlog until one closes.
//
// Requires io_uring with sparse fixed files, provided-buffer rings and multishot receive
// (Linux 6.0); start() names what is missing otherwise.
#pragma once

#include <cstdint>
#include <memory>

#include "ringperf/base/result.h"
#include "ringperf/mock/mock_options.h"

namespace ringperf::mock {

struct server_stats {
    std::uint64_t connections_accepted = 0;
    std::uint64_t requests = 0;     // complete requests parsed (all endpoints)
    std::uint64_t tokens_sent = 0;  // completion tokens queued for sending
    std::uint64_t errors = 0;       // 4xx responses, and connections lost to I/O errors
    std::uint32_t connections_open = 0;
};

class server {
  public:
    // Binds `opts.host:opts.port` (port 0 = any free port), starts the worker threads and
    // returns once every worker listens; then writes `opts.port_file` (atomically) and opens
    // `opts.ground_truth_path` (ground_truth.h) when set. Errors name the failing step
    // (address, bind, io_uring feature, file).
    static result<std::unique_ptr<server>> start(const mock_options& opts);

    ~server();  // stop() + wait()
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // The bound TCP port.
    std::uint16_t port() const;
    // Sums of the workers' counters. Approximate while running (each worker publishes once
    // per event-loop iteration); exact after wait(). Thread-safe.
    server_stats stats() const;
    // Asks every worker to close its listener and connections and exit. Returns at once;
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
