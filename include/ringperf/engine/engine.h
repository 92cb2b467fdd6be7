// The load engine: one pinned worker thread per core, each with its own io_uring, its own
// connections, timers and request records. Workers share nothing on the hot path; the
// only cross-thread traffic is the stop signal (an eventfd per worker) and relaxed
// progress counters read by the UI.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/api/endpoint.h"
#include "ringperf/base/result.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/dataset/sampling.h"
#include "ringperf/engine/capacity.h"
#include "ringperf/engine/engine_options.h"
#include "ringperf/engine/request_set.h"
#include "ringperf/metrics/record.h"
#include "ringperf/net/address.h"
#include "ringperf/ring/probe.h"
#include "ringperf/workload/fixed_schedule.h"
#include "ringperf/workload/load_options.h"
#include "ringperf/workload/ramp.h"
#include "ringperf/workload/schedule.h"
#include "ringperf/workload/user_centric.h"

namespace ringperf::engine {

// Receives every finished request on the worker thread that ran it. One sink per worker,
// so implementations need no locking. The record is only valid during the call; the sink may
// take its contents (e.g. swap it with a cleared record): the worker resets it before reuse.
class record_sink {
  public:
    virtual ~record_sink() = default;
    virtual void on_record(metrics::request_record& r) = 0;
    // A phase starts on this worker at `start` (the instant shared by every worker), before
    // any of its requests.
    virtual void on_phase_start(metrics::benchmark_phase /*phase*/, mono_ns /*start*/) {}
};

// How a phase times its requests (AIPerf's timing modes).
enum class timing_mode {
    closed_loop,     // a new session whenever one of `concurrency` ends
    request_rate,    // one request per schedule tick (continuation turns first)
    fixed_schedule,  // conversations start at their trace timestamps
    user_centric,    // simulated users, each turn_gap between its turns
};

// One phase of a run: warmup, then profiling. Phases run one after the other on every
// worker; a phase starts once every worker has finished the previous one, with every
// connection kept open.
struct phase_spec {
    metrics::benchmark_phase phase = metrics::benchmark_phase::profiling;
    timing_mode mode = timing_mode::closed_loop;
    // Sessions in flight at once: the concurrency of the closed loop, a cap otherwise
    // (0: none).
    std::uint32_t concurrency = 1;
    // Requests awaiting their first content token, at most (0: no limit).
    std::uint32_t prefill_concurrency = 0;
    std::optional<workload::concurrency_ramp> concurrency_ramp;
    std::optional<workload::concurrency_ramp> prefill_ramp;
    // request_rate: the ticks, and what a session due while the cap is reached does.
    std::optional<workload::schedule_spec> schedule;
    workload::overflow_policy overflow = workload::overflow_policy::skip;
    // fixed_schedule / user_centric: the plan, owned by the caller, outliving the run.
    const workload::fixed_schedule* fixed = nullptr;
    const workload::user_centric_plan* users = nullptr;
    // Stop conditions, first reached wins; none set: until stopped.
    std::optional<std::uint64_t> request_count;  // requests (turns)
    std::optional<std::uint64_t> session_count;  // sessions started
    std::optional<double> duration_s;
    // After the duration (or once nothing more is to be sent), wait this long for responses
    // in flight, then drop them; infinity waits for all.
    double grace_period_s = 30;
};

// One --url: where it connects and the head its requests carry.
struct url_target {
    net::address address;  // resolved server address
    std::string host;      // the URL's host: TLS SNI and certificate name
    bool tls = false;      // https
    head_options head;     // for requests built during the run (multi-turn)
};

struct run_spec {
    engine_options options;
    std::vector<url_target> urls;  // requests go round-robin over them
    api::endpoint_options endpoint;
    bool streaming = false;
    // The conversations and their prepared first turns (requests->requests[c] is
    // conversation c's), shared read-only by workers.
    const dataset::conversation_set* conversations = nullptr;
    const request_set* requests = nullptr;
    // Which conversation session n takes (fixed schedules follow their own order).
    dataset::sampling_strategy sampling = dataset::sampling_strategy::shuffle;
    std::vector<phase_spec> phases;
    // --request-cancellation-rate (percent, 0: none) and -delay.
    double cancellation_rate_percent = 0;
    double cancellation_delay_s = 0;
    std::uint64_t seed = 0;  // conversation order, request ids, cancellations
    // --failed-request-threshold: once `failure_check_after` requests of the last phase
    // have finished (over all workers), the run stops as soon as more than this fraction
    // of them failed (stop_reason::aborted).
    std::optional<double> failed_request_threshold;
    std::uint64_t failure_check_after = 10;
    ring::features features;
    // Called once per worker, on that worker's thread, before its first request.
    std::function<std::unique_ptr<record_sink>(std::uint32_t worker)> make_sink;
    // Records carry the response's output_text and reasoning_text (a sink counting tokens
    // needs them); otherwise only the replies a later turn needs are kept.
    bool keep_text = false;
    // Records carry the request's bytes and every response message as received, with its
    // arrival time (metrics::raw_exchange), up to raw_capture_cap_bytes of messages each.
    bool keep_raw = false;
    // Records carry choice_ns and output_ns (metrics::request_record), which only the other
    // tools' metric definitions read.
    bool keep_event_times = false;
};

// Most bytes of response messages a record's raw_exchange keeps; later messages are
// counted in dropped_bytes / dropped_messages instead.
inline constexpr std::size_t raw_capture_cap_bytes = 4u << 20;

// Progress a UI can read at any time (relaxed atomics, one cache line per worker). The
// counts are those of the current phase.
struct progress {
    std::uint32_t phase = 0;  // index into run_spec::phases that every worker has reached
    std::uint64_t issued = 0;
    std::uint64_t completed = 0;  // finished (ok or failed), excluding cancelled-and-dropped
    std::uint64_t errors = 0;
    std::uint64_t in_flight = 0;
};

// A worker's counts for the profiling phase (warmup requests are counted apart).
struct worker_report {
    std::uint32_t worker = 0;
    std::uint32_t cpu = 0;  // pinned CPU, or UINT32_MAX
    std::string ring_mode;  // io_uring setup flags used
    std::uint64_t issued = 0;
    std::uint64_t completed = 0;
    std::uint64_t errors = 0;
    std::uint64_t dropped = 0;  // in flight at the end (grace expired, Ctrl-C): cancelled, excluded
    std::uint64_t retries = 0;  // resent after a keep-alive connection closed under them
    std::uint64_t connects = 0;          // connections opened
    std::uint64_t skipped = 0;           // rate mode: due while the cap was reached, not sent
    std::uint64_t queued = 0;            // due while a limit was reached, sent later
    std::uint64_t cancelled = 0;         // cancelled by --request-cancellation-rate
    std::uint64_t warmup_completed = 0;  // warmup requests finished
    // Connections opened from each source address (by its text), when addresses are set.
    std::map<std::string, std::uint64_t> connects_by_source;
    std::string fatal;  // non-empty when the worker could not run
};

// The io_uring features the run uses: the probed ones less --io-uring-disable.
result<ring::features> effective_features(const run_spec& spec);

// How the connections of `spec` fit this host (capacity.h), as start() will arrange them;
// an error says what to change. Cheap: callers may check before preparing a run.
result<capacity_plan> plan_run_capacity(const run_spec& spec);

// Why a run stopped early: Ctrl-C, a worker that could not run, or the failure threshold.
enum class stop_reason { none, user, fatal, aborted };

class engine {
  public:
    engine();
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    // Starts the workers; returns at once. Errors here are set-up errors.
    result<void> start(run_spec spec);
    // Asks every worker to stop issuing and drop what is in flight (thread-safe).
    void stop(stop_reason why);
    // True once every worker has finished.
    bool finished() const;
    // Blocks until every worker has finished; returns their reports.
    std::vector<worker_report> wait();
    progress snapshot() const;
    // Why the run stopped early (none when it did not), and for `aborted` what was seen.
    stop_reason stopped_by() const;
    std::string abort_reason() const;
    std::uint32_t worker_count() const;

  private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::engine
