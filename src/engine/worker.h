// One engine worker: a thread owning an io_uring, a provided-buffer ring, its connection
// slots (one in-flight request each, pooled per URL), its sessions and its timers. It runs
// the phases of the run one after the other.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/api/request_body.h"
#include "ringperf/api/response.h"
#include "ringperf/base/rng.h"
#include "ringperf/engine/capacity.h"
#include "ringperf/engine/engine.h"
#include "ringperf/http/response_parser.h"
#include "ringperf/net/tls.h"
#include "ringperf/ring/ring.h"
#include "ringperf/sse/decoder.h"
#include "ringperf/workload/schedule.h"
#include "timer_heap.h"

namespace ringperf::engine {

// io_uring user_data: operation (8 bits) | connection generation (32 bits) | slot (24 bits).
enum op : std::uint8_t { op_connect = 1, op_send, op_recv, op_wake, op_cancel };

constexpr std::uint64_t pack_user_data(op o, std::uint32_t slot, std::uint32_t gen) {
    return (std::uint64_t{o} << 56) | (std::uint64_t{gen} << 24) | (slot & 0xffffffu);
}

// Workers set up in parallel; each phase starts for all of them at one instant, taken when
// the last one is ready, so that schedule offsets mean the same on every worker.
class start_gate {
  public:
    explicit start_gate(std::uint32_t workers) : total_(workers) {}
    // Blocks until every worker has arrived; returns the common start time.
    mono_ns arrive();

  private:
    const std::uint32_t total_;
    std::atomic<std::uint32_t> arrived_{0};
    std::atomic<mono_ns> start_{0};
};

struct alignas(64) worker_counters {
    std::atomic<std::uint32_t> phase{0};
    std::atomic<std::uint64_t> issued{0};
    std::atomic<std::uint64_t> completed{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<std::uint64_t> in_flight{0};
};

// How the phases' limits and counts are split over the workers: a global quantity N goes
// N / active + (w < N % active) to worker w of the `active` ones (the others get none).
struct phase_share {
    std::uint32_t active = 1;    // workers taking part in the phase
    std::uint32_t position = 0;  // this worker's place among them (>= active: none)
    std::uint64_t share_of(std::uint64_t n) const {
        if (position >= active) return 0;
        return n / active + (position < n % active ? 1 : 0);
    }
    bool takes_part() const { return position < active; }
};

// The workers a phase uses: never more than its concurrency (the closed loop's, or the cap)
// or its prefill limit.
phase_share share_phase(const phase_spec& p, std::uint32_t workers, std::uint32_t worker);

// queued: waiting for a place among the connections being established
// (--connect-concurrency), no socket yet.
enum class conn_state : std::uint8_t { closed, queued, connecting, handshaking, open };

// Waiting to connect, TCP connect or TLS handshake still under way.
inline bool is_connecting(conn_state c) {
    return c == conn_state::queued || c == conn_state::connecting || c == conn_state::handshaking;
}

inline constexpr std::uint32_t no_session = UINT32_MAX;
// A session's intended time that means "the moment its turn is issued".
inline constexpr mono_ns when_issued = INT64_MAX;

// Seconds (a timeout, a delay) to nanoseconds; infinite or absurdly long means never.
inline mono_ns seconds_to_ns(double s) {
    if (!std::isfinite(s) || s > 1e9) return INT64_MAX / 4;
    return static_cast<mono_ns>(s * 1e9);
}

struct slot {
    // Connection.
    std::uint32_t index = 0;  // also the fixed-file table index
    int fd = -1;              // without direct descriptors: the socket's descriptor
    std::uint32_t gen = 0;    // bumped on every close: stale completions are ignored
    std::uint32_t url = 0;    // which --url the connection goes to
    conn_state state = conn_state::closed;
    bool recv_armed = false;
    bool send_pending = false;

    // Request.
    bool busy = false;
    bool sse_mode = false;
    bool saw_done = false;
    bool saw_finish = false;
    bool in_prefill = false;     // counted against the prefill limit
    bool cancel_chosen = false;  // --request-cancellation-rate picked this request
    bool capture_reply = false;  // keep rec.output_text (a later turn needs the reply)
    std::uint32_t session = no_session;
    std::string_view head;  // the request's head and body: prepared, or dyn_* below
    std::string_view body;
    std::string dyn_head;
    std::string dyn_body;
    metrics::request_record rec;
    mono_ns last_byte_ns = 0;
    mono_ns deadline_total = INT64_MAX;    // --request-timeout-seconds
    mono_ns deadline_connect = INT64_MAX;  // --connect-timeout-seconds, while connecting
    mono_ns deadline_cancel = INT64_MAX;   // --request-cancellation-delay after the send
    std::size_t sent = 0;
    std::size_t total = 0;
    char tail[request_tail_len];
    iovec iov[3];
    msghdr msg{};
    // TLS (https): the session, the ciphertext being sent, and decrypted bytes.
    std::unique_ptr<net::tls_session> tls;
    std::string tls_sending;
    std::size_t tls_sent = 0;
    bool write_open = false;  // request bytes handed to TLS whose ciphertext is not all sent
    std::string plain;
    http::response_parser parser;
    sse::decoder sse;
    std::string body_buf;  // non-streamed body or error body
};

// One conversation being run: it holds a unit of concurrency from its first turn to its
// end, including think times, but a connection only while a turn is in flight.
struct session {
    std::uint64_t number = 0;          // session number in the phase (the record index)
    std::uint32_t conversation = 0;    // index into the conversation set
    std::uint32_t turn = 0;            // the next turn to send, or the one in flight
    std::uint32_t end_turn = 0;        // one past the last turn to send
    mono_ns intended = 0;              // when the next turn is meant to go; when_issued: now
    mono_ns last_intended = 0;         // when the last turn was meant to go
    std::vector<std::string> replies;  // assistant text of turns 0..turn-1
    std::int64_t history_tokens = 0;   // estimated tokens of the turns sent so far
    bool live = false;
};

class worker {
  public:
    // `all` are every worker's counters (this one's is all[id]); `abort` stops the whole
    // run, saying why (the failure threshold).
    worker(std::uint32_t id, std::uint32_t workers, const run_spec& spec, std::uint32_t table_size,
           const worker_plan& plan, std::uint32_t connect_limit,
           const std::vector<std::unique_ptr<worker_counters>>& all, int wake_fd,
           std::vector<std::unique_ptr<start_gate>>& gates, std::function<void(std::string)> abort);
    // Runs every phase until done or a stop is signalled.
    worker_report run(std::atomic<int>& stop_flag);

  private:
    result<void> setup();
    void begin_phase(std::size_t p, std::atomic<int>& stop_flag);
    void loop(std::atomic<int>& stop_flag);
    void dispatch(struct io_uring_cqe* cqe);
    void arm_wake();
    void poll_for_completions(mono_ns deadline);  // --busy-poll
    const phase_spec& phase() const { return spec_.phases[phase_index_]; }

    // Load (worker_load.cpp): when sessions start and turns go.
    bool finished() const;
    bool more_starts() const;
    bool ticks_over() const { return phase().mode == timing_mode::request_rate && !next_start_; }
    mono_ns next_wakeup() const;
    void pump();
    void start_due_sessions();
    void start_scheduled(mono_ns now);
    void advance_fixed();
    void advance_users();
    void on_tick(const workload::scheduled_request& r);
    bool may_issue() const;
    bool may_start_session() const;
    std::uint32_t session_limit() const;
    std::uint32_t prefill_limit() const;
    bool has_session_room() const;
    // max_turns: send at most this many of the conversation's turns (0: all).
    void start_session(std::uint64_t number, std::uint32_t conversation, std::uint32_t max_turns,
                       mono_ns intended);
    void turn_done(std::uint32_t session_id, bool ok);
    void end_session(std::uint32_t session_id);
    void on_session_due(std::uint32_t session_id);
    void abandon_waiting();
    void drain_pending();
    std::uint32_t conversation_for(std::uint64_t number);

    // Requests (worker_request.cpp).
    slot* acquire_slot(std::uint32_t url);
    slot& add_slot(std::uint32_t url);
    void issue(slot& s, session& ss);
    void prepare_turn(slot& s, const session& ss);
    bool chosen_for_cancellation(std::uint64_t number, std::uint32_t turn) const;
    void send_request(slot& s);
    // The request's bytes into the record's raw_exchange (run_spec::keep_raw).
    void keep_request(slot& s);
    void on_send(slot& s, int res);
    void on_request_written(slot& s);
    void left_prefill(slot& s);
    void finish(slot& s);
    void fail(slot& s, metrics::error_kind kind, std::int32_t code, std::string_view type,
              std::string message);
    void cancel_request(slot& s);
    void check_failure_threshold();
    void drop_in_flight();

    // Connections.
    void open_connection(slot& s);
    void start_connect(slot& s);
    // A connection left the connecting states: the next queued one may start.
    void connect_done();
    // The socket operand of an SQE for the slot's connection (its table index or its
    // descriptor), and the flag that says which.
    void set_socket(io_uring_sqe* sqe, const slot& s) const;
    void on_connect(slot& s, int res);
    void arm_recv(slot& s);
    void on_recv(slot& s, struct io_uring_cqe* cqe);
    void on_peer_close(slot& s, int err);
    void connection_ready(slot& s);
    void close_connection(slot& s);
    void cancel(std::uint64_t user_data);
    // Resends a request whose reused connection closed before any response byte; false
    // when it does not qualify (fresh connection, already retried, answer begun).
    bool retry_on_fresh_connection(slot& s);

    // TLS.
    void start_tls(slot& s);
    void drive_handshake(slot& s);
    void on_tls_bytes(slot& s, std::string_view ciphertext);
    void send_request_tls(slot& s);
    void flush_tls(slot& s);
    void send_tls(slot& s);
    void on_send_tls(slot& s, int res);

    // Response.
    void process(slot& s, std::string_view data);
    void on_body(slot& s, std::string_view piece);
    void on_event(slot& s, const sse::event& ev);
    void complete_response(slot& s);

    // The slot's earliest deadline (total, connect, idle, cancel) into the heap.
    void update_deadline(slot& s);
    void run_timers();
    void on_deadline(slot& s);

    const std::uint32_t id_;
    const std::uint32_t workers_;
    const run_spec& spec_;
    const std::uint32_t table_size_;  // fixed-file table entries: most connections at once
    const worker_plan& plan_;         // source addresses and local ports
    const bool direct_;               // sockets live only in the ring's file table
    const std::uint32_t connect_limit_;
    std::uint32_t connecting_ = 0;  // connections between connect start and ready
    struct waiting_connect {
        std::uint32_t slot;
        std::uint32_t gen;
    };
    std::deque<waiting_connect> connect_wait_;
    std::vector<std::uint32_t> next_source_;  // per URL: rotation position
    worker_counters& counters_;
    const std::vector<std::unique_ptr<worker_counters>>& all_counters_;
    std::function<void(std::string)> abort_;
    bool aborted_ = false;
    const int wake_fd_;
    std::vector<std::unique_ptr<start_gate>>& gates_;

    ring::uring ring_;
    ring::buffer_ring bufs_;
    std::unique_ptr<net::tls_context> tls_ctx_;
    std::string tls_scratch_;
    std::vector<std::unique_ptr<slot>> slots_;
    std::vector<std::vector<std::uint32_t>> idle_;  // per URL: slots with no request
    std::vector<std::uint32_t> freed_;              // slots whose request just finished
    deadline_heap timers_;                          // per slot
    api::response_interpreter interp_;
    mono_ns idle_timeout_ns_ = INT64_MAX / 4;  // --stream-idle-timeout-seconds; never when unset
    std::uint64_t cancel_seed_ = 0;            // keys the --request-cancellation-rate draws
    std::unique_ptr<record_sink> sink_;
    rng rng_;

    // Sessions.
    std::vector<session> sessions_;
    std::vector<std::uint32_t> free_sessions_;
    deadline_heap session_timers_;             // next turn of sessions in think time
    std::deque<std::uint32_t> pending_;        // sessions whose turn is due, waiting to go
    std::deque<std::uint32_t> continuations_;  // rate mode: due turns served by ticks
    // A session start held back by the cap; number and offset as scheduled.
    struct held_start {
        std::uint64_t number;
        std::int64_t offset_ns;
        std::uint32_t max_turns;
    };
    std::deque<held_start> start_queue_;
    std::uint32_t live_sessions_ = 0;
    std::uint32_t prefill_busy_ = 0;
    std::vector<api::message> history_scratch_;

    // The current phase.
    std::size_t phase_index_ = 0;
    phase_share share_;
    mono_ns start_ns_ = 0;
    mono_ns now_ = 0;
    mono_ns issue_until_ = INT64_MAX;  // duration end
    mono_ns drop_at_ = INT64_MAX;      // end of the grace period
    std::uint64_t request_quota_ = UINT64_MAX;
    std::uint64_t session_quota_ = UINT64_MAX;
    std::uint64_t issued_ = 0;  // requests started in the phase
    std::uint64_t sessions_started_ = 0;
    std::uint64_t completed_ = 0;
    std::uint64_t errors_ = 0;
    bool issuing_over_ = false;  // no request will be started any more in this phase
    // request_rate: the tick cursor; fixed_schedule / user_centric: the next start.
    std::optional<workload::schedule_cursor> cursor_;
    std::optional<workload::scheduled_request> next_start_;
    std::optional<workload::user_start> next_user_;
    std::uint64_t start_position_ = 0;  // fixed: index into starts; user: into initial
    std::uint64_t replacements_ = 0;    // user_centric: replacement users started
    std::uint32_t busy_ = 0;
    bool stopping_ = false;
    std::uint64_t wake_buf_ = 0;
    worker_report report_;
    worker_report warmup_report_;  // counts of warmup phases, not reported
    worker_report& rep() {
        return phase().phase == metrics::benchmark_phase::profiling ? report_ : warmup_report_;
    }

    // Conversation order: one shuffled permutation per epoch of the session number.
    std::uint64_t perm_epoch_ = UINT64_MAX;
    std::vector<std::uint32_t> perm_;
};

}  // namespace ringperf::engine
