// One engine worker: a thread owning an io_uring, a provided-buffer ring, its slots
// (closed loop: one in-flight request and one connection per slot) and its timers.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/api/response.h"
#include "ringperf/base/rng.h"
#include "ringperf/engine/engine.h"
#include "ringperf/http/response_parser.h"
#include "ringperf/net/tls.h"
#include "ringperf/ring/ring.h"
#include "ringperf/sse/decoder.h"
#include "ringperf/workload/closed_loop.h"
#include "ringperf/workload/schedule.h"
#include "timer_heap.h"

namespace ringperf::engine {

// io_uring user_data: operation (8 bits) | connection generation (32 bits) | slot (24 bits).
enum op : std::uint8_t { op_connect = 1, op_send, op_recv, op_wake, op_cancel };

constexpr std::uint64_t pack_user_data(op o, std::uint32_t slot, std::uint32_t gen) {
    return (std::uint64_t{o} << 56) | (std::uint64_t{gen} << 24) | (slot & 0xffffffu);
}

// Workers set up in parallel; the schedule starts for all of them at one instant, taken
// when the last one is ready, so that rate-mode offsets mean the same on every worker.
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
    std::atomic<std::uint64_t> issued{0};
    std::atomic<std::uint64_t> completed{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<std::uint64_t> in_flight{0};
};

enum class conn_state : std::uint8_t { closed, connecting, handshaking, open };

// TCP connect or TLS handshake still under way.
inline bool is_connecting(conn_state c) {
    return c == conn_state::connecting || c == conn_state::handshaking;
}

struct slot {
    // Connection.
    std::uint32_t index = 0;  // also the fixed-file table index
    std::uint32_t gen = 0;    // bumped on every close: stale completions are ignored
    conn_state state = conn_state::closed;
    bool recv_armed = false;
    bool send_pending = false;

    // Request.
    bool busy = false;
    bool sse_mode = false;
    bool saw_done = false;
    bool saw_finish = false;
    const prepared_request* req = nullptr;
    metrics::request_record rec;
    mono_ns last_byte_ns = 0;
    mono_ns deadline_total = INT64_MAX;    // --request-timeout-seconds
    mono_ns deadline_connect = INT64_MAX;  // --connect-timeout-seconds, while connecting
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
    std::string body;  // non-streamed body or error body
};

class worker {
  public:
    worker(std::uint32_t id, const run_spec& spec, const workload::worker_share& share,
           worker_counters& counters, int wake_fd, start_gate& gate);
    // Runs the event loop until the share is done or a stop is signalled.
    worker_report run(std::atomic<int>& stop_flag);

  private:
    result<void> setup();
    void loop(std::atomic<int>& stop_flag);
    void dispatch(struct io_uring_cqe* cqe);
    void arm_wake();

    // Requests.
    bool rate_mode() const { return spec_.schedule.has_value(); }
    bool may_issue() const;
    bool finished() const;
    // Free slots take their next request: the closed loop's next index, or in rate mode a
    // queued request (else the slot goes idle); then rate-mode requests now due are sent.
    void release();
    void on_due(const workload::scheduled_request& r);
    slot* acquire_slot();
    slot& add_slot();
    mono_ns next_due() const;
    void issue(slot& s, std::uint64_t index, mono_ns intended);
    void send_request(slot& s);
    void on_send(slot& s, int res);
    void finish(slot& s);
    void fail(slot& s, metrics::error_kind kind, std::int32_t code, std::string_view type,
              std::string message);
    void drop_in_flight();

    // Connections.
    void open_connection(slot& s);
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

    // The slot's earliest deadline (total, connect, idle) into the heap.
    void update_deadline(slot& s);
    void run_timers();
    void on_deadline(slot& s);
    std::uint64_t prompt_for(std::uint64_t index);

    const std::uint32_t id_;
    const run_spec& spec_;
    const workload::worker_share share_;
    worker_counters& counters_;
    const int wake_fd_;
    start_gate& gate_;

    ring::uring ring_;
    ring::buffer_ring bufs_;
    std::unique_ptr<net::tls_context> tls_ctx_;
    std::string tls_scratch_;
    std::vector<std::unique_ptr<slot>> slots_;
    std::vector<std::uint32_t> ready_;  // slots free to issue their next request
    std::vector<std::uint32_t> ready_scratch_;
    // Rate mode.
    mono_ns start_ns_ = 0;
    std::optional<workload::schedule_cursor> cursor_;
    std::optional<workload::scheduled_request> next_;
    std::vector<std::uint32_t> idle_;                 // open slots with nothing to do
    std::deque<workload::scheduled_request> queued_;  // due while every slot was busy
    deadline_heap timers_;
    api::response_interpreter interp_;
    std::unique_ptr<record_sink> sink_;
    rng rng_;

    mono_ns now_ = 0;
    mono_ns issue_until_ = INT64_MAX;  // duration end
    mono_ns drop_at_ = INT64_MAX;      // end of the grace period
    std::uint64_t issued_ = 0;         // requests this worker started
    std::uint32_t busy_ = 0;
    bool stopping_ = false;
    std::uint64_t wake_buf_ = 0;
    worker_report report_;

    // Prompt order: one shuffled permutation of the prompts per epoch of the global index.
    std::uint64_t perm_epoch_ = UINT64_MAX;
    std::vector<std::uint32_t> perm_;
};

}  // namespace ringperf::engine
