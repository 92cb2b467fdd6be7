// The load engine: one pinned worker thread per core, each with its own io_uring, its own
// connections, timers and request records. Workers share nothing on the hot path; the
// only cross-thread traffic is the stop signal (an eventfd per worker) and relaxed
// progress counters read by the UI.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/api/endpoint.h"
#include "ringperf/base/result.h"
#include "ringperf/engine/engine_options.h"
#include "ringperf/engine/request_set.h"
#include "ringperf/metrics/record.h"
#include "ringperf/net/address.h"
#include "ringperf/ring/probe.h"
#include "ringperf/workload/load_options.h"
#include "ringperf/workload/schedule.h"

namespace ringperf::engine {

// Receives every finished request on the worker thread that ran it. One sink per worker,
// so implementations need no locking; the record is only valid during the call.
class record_sink {
  public:
    virtual ~record_sink() = default;
    virtual void on_record(metrics::request_record& r) = 0;
};

struct run_spec {
    engine_options options;
    net::address target;  // resolved server address
    std::string host;     // the URL\'s host: TLS SNI and certificate name
    bool tls = false;     // https
    api::endpoint_type endpoint = api::endpoint_type::chat;
    bool streaming = false;
    const request_set* requests = nullptr;  // prepared requests, shared read-only by workers
    std::uint32_t concurrency = 1;
    std::optional<std::uint64_t> request_count;  // unset: until the duration ends
    std::optional<double> duration_s;
    // Rate mode (open loop): requests are sent at the schedule's times. Without it the run
    // is a closed loop at `concurrency`. In rate mode `concurrency` is a cap (0: none).
    std::optional<workload::schedule_spec> schedule;
    workload::overflow_policy overflow = workload::overflow_policy::skip;
    double grace_period_s = 30;
    std::uint64_t seed = 0;  // prompt order and request ids
    ring::features features;
    // Called once per worker, on that worker's thread, before its first request.
    std::function<std::unique_ptr<record_sink>(std::uint32_t worker)> make_sink;
};

// Progress a UI can read at any time (relaxed atomics, one cache line per worker).
struct progress {
    std::uint64_t issued = 0;
    std::uint64_t completed = 0;  // finished (ok or failed), excluding cancelled-and-dropped
    std::uint64_t errors = 0;
    std::uint64_t in_flight = 0;
};

struct worker_report {
    std::uint32_t worker = 0;
    std::uint32_t cpu = 0;  // pinned CPU, or UINT32_MAX
    std::string ring_mode;  // io_uring setup flags used
    std::uint64_t issued = 0;
    std::uint64_t completed = 0;
    std::uint64_t errors = 0;
    std::uint64_t dropped = 0;  // in flight at the end (grace expired, Ctrl-C): cancelled, excluded
    std::uint64_t retries = 0;  // resent after a keep-alive connection closed under them
    std::uint64_t connects = 0;  // connections opened
    std::uint64_t skipped = 0;   // rate mode: due while the cap was reached, not sent
    std::uint64_t queued = 0;    // rate mode: due while the cap was reached, sent later
    std::string fatal;           // non-empty when the worker could not run
};

enum class stop_reason { none, user, fatal };

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
    std::uint32_t worker_count() const;

  private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::engine
