// One mock-server worker: a thread's io_uring event loop with its listener, connections,
// token timers and ground-truth buffer. Private to the mock module.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/base/rng.h"
#include "ringperf/http/request_parser.h"
#include "ringperf/mock/completion.h"
#include "ringperf/mock/ground_truth.h"
#include "ringperf/mock/mock_options.h"
#include "ringperf/mock/token_clock.h"
#include "ringperf/mock/wire.h"
#include "ringperf/ring/ring.h"

namespace ringperf::mock {

// Model names seen in requests, shared by all workers. Thread-safe.
class model_registry {
  public:
    void note(std::string_view model);
    // Body of GET /v1/models.
    std::string list_json(std::int64_t created) const;

  private:
    mutable std::mutex mu_;
    std::vector<std::string> names_;
};

// Read-only after start (except the registry, which locks).
struct shared_config {
    mock_options opts;
    clock_params clock;
    std::uint64_t seed = 0;
    ring::features features;
    ground_truth_writer* ground_truth = nullptr;
    wall_clock_map wall_map;
    model_registry models;
    unsigned fixed_files_per_worker = 0;
    // Listener i is worker i's; full[i] is set while worker i cannot arm another accept, and
    // the others then accept from listener i too (single writer each, relaxed).
    std::vector<int> listeners;
    std::vector<std::atomic<bool>> full;
    // Worker i's ring descriptor once its init() created it (-1 before), for the message
    // that tells the others it became full.
    std::vector<std::atomic<int>> rings;
};

// Published by the worker once per loop iteration (single writer, relaxed).
struct worker_counters {
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> tokens{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<std::uint32_t> open{0};
};

// A delayed answer to one completion request: streamed token by token or sent whole.
struct answer {
    completion_request req;
    output_plan plan;
    std::string request_id;  // ground truth only: X-Request-ID, else the answer's id
    std::string prefix;      // make_json_prefix(...), which holds the answer's id
    token_clock clock;
    std::size_t cursor = 0;     // next_word() position
    std::uint64_t queued = 0;   // tokens appended to the connection's output
    std::uint64_t stamped = 0;  // tokens whose send was submitted (ground truth logged)
    mono_ns scheduled = 0;      // deadline of the one live timer entry
    bool done = false;          // every byte of the answer is queued
    bool close = false;         // `connection: close` on this answer
    bool blocked = false;       // waiting for the client to take queued output (no timer)
    std::uint8_t tail = 0;      // segment_per_token: closing events sent (finish, usage, done)
};

struct connection {
    explicit connection(std::uint32_t id_) : id(id_) {}

    std::uint32_t id;
    std::uint32_t gen = 0;
    std::uint32_t slot = 0;  // fixed-file index
    bool live = false;
    bool recv_armed = false;
    bool send_inflight = false;
    bool closing = false;  // cancel + close submitted
    bool close_done = false;
    bool close_after = false;  // close once the output is drained
    http::request_parser parser;
    std::string in;        // received while an answer was pending
    std::string out;       // queued, not yet handed to the kernel
    std::string sending;   // handed to the kernel by the in-flight send
    std::size_t sent = 0;  // bytes of `sending` the kernel has taken
    std::unique_ptr<answer> ans;
};

class worker {
  public:
    // Worker `index` of cfg.listeners.size().
    worker(shared_config& cfg, unsigned index);
    ~worker();
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    // On the worker thread, before run(): ring, buffers, wake-up read and accept.
    result<void> init();
    // The event loop; returns after request_stop() once connections are closed.
    void run();
    // On the worker thread, after run() (or a failed init()): releases the ring.
    void teardown();
    // Any thread: wakes the loop and makes it exit.
    void request_stop();
    const worker_counters& counters() const { return counters_; }

  private:
    enum class op : std::uint8_t { ignore, accept, wake, poke, recv, send, close };
    struct timer {
        mono_ns deadline;
        std::uint32_t id;
        std::uint32_t gen;
        bool operator>(const timer& o) const { return deadline > o.deadline; }
    };

    // I/O (worker_io.cpp)
    static std::uint64_t pack(op o, std::uint32_t id, std::uint32_t gen);
    // Accepts (worker_accept.cpp)
    void arm_accepts();
    void help(std::uint32_t listener, unsigned& free);
    void cancel_idle_accept();
    void arm_accepts_on(std::uint32_t listener, unsigned count, unsigned& free);
    void set_full(bool full);
    void cancel_accepts();
    void on_accept(std::uint32_t listener, const io_uring_cqe& cqe);

    void arm_wake();
    void arm_recv(connection& c);
    void submit_send(connection& c);
    void flush_out(connection& c);
    void close_conn(connection& c);
    void begin_stop();
    void handle_cqe(const io_uring_cqe& cqe);
    void on_recv(connection& c, const io_uring_cqe& cqe);
    void on_send(connection& c, int res);
    void on_close(connection& c);
    void on_drained(connection& c);
    void maybe_free(connection& c);
    connection* lookup(std::uint32_t id, std::uint32_t gen);
    connection& allocate(std::uint32_t slot);
    void wait_for_events();
    void publish_counters();

    // HTTP and answers (worker_http.cpp)
    void process_input(connection& c, std::string_view data);
    void resume_input(connection& c);
    void handle_request(connection& c);
    void handle_completion(connection& c, api_kind kind, bool close);
    void start_answer(connection& c, std::unique_ptr<answer> a);
    void schedule(connection& c, mono_ns deadline);
    void run_timers(mono_ns now);
    void advance_answer(connection& c, mono_ns now);
    void advance_one_event(connection& c, mono_ns now);
    void queue_token(connection& c);
    void finish_stream(connection& c);
    void unblock(connection& c, mono_ns now);
    void send_whole(connection& c);
    void send_error(connection& c, int status, std::string_view message, bool close,
                    std::string_view allow = {});
    void release_answer(connection& c);
    std::unique_ptr<answer> take_answer();
    void note_model(const std::string& model);

    // Accepts on one listener.
    struct acceptor {
        unsigned armed = 0;
        unsigned target = 1;    // own listener: to keep armed
        unsigned accepted = 0;  // own listener: since the last wait
    };

    shared_config& cfg_;
    unsigned index_;
    int wake_fd_ = -1;
    std::uint64_t wake_value_ = 0;

    std::vector<std::unique_ptr<connection>> conns_;
    std::vector<std::uint32_t> free_ids_;
    // Receives to re-arm (id, gen) once recycled buffers are published.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> rearm_;
    std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
    std::vector<std::unique_ptr<answer>> spare_answers_;

    bool stopping_ = false;
    bool accept_paused_ = false;  // the kernel found the table full: wait for a close
    bool full_ = false;           // no free slot: published in cfg_.full[index_]
    bool helping_ = false;        // some other worker is full: look again soon
    // Listener on which an idle accept is being cancelled for its slot, else no_listener.
    static constexpr std::uint32_t no_listener = ~std::uint32_t{0};
    std::uint32_t cancelling_ = no_listener;
    std::vector<acceptor> acceptors_;  // per listener
    unsigned accepts_armed_ = 0;       // on all listeners
    unsigned accept_errors_ = 0;
    std::uint32_t slots_used_ = 0;  // fixed-file slots taken: accepted, close not completed
    std::uint32_t live_ = 0;        // connection objects not yet freed
    std::uint32_t open_ = 0;        // accepted and not yet closing
    mono_ns stop_deadline_ = 0;

    request_decoder decoder_;
    stream_writer writer_;
    ground_truth_buffer truth_;
    rng rng_;
    std::string scratch_;
    std::string text_;
    std::string resume_;          // input being replayed from connection::in
    std::string answer_id_;       // id of the answer being started
    completion_request request_;  // the request being decoded
    std::vector<std::string> known_models_;
    std::int64_t created_s_ = 0;  // wall-clock seconds, refreshed per loop iteration

    struct {
        std::uint64_t accepted = 0, requests = 0, tokens = 0, errors = 0;
    } local_;
    worker_counters counters_;

    // Created by init() and destroyed by teardown() on the worker thread (the ring is
    // single-issuer), before the connections whose buffers its requests point into.
    std::optional<ring::uring> ring_;
    std::optional<ring::buffer_ring> buffers_;
};

}  // namespace ringperf::mock
