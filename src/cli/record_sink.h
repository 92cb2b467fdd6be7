// What `ringperf profile` does with each finished request once its tokens are counted:
// record metrics into its worker's metric_set and append its JSONL line to that worker's
// spool. One output per worker, written by the one counting thread that takes the worker's
// records (record_stage.h) and merged after the run.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/export/record_jsonl.h"
#include "ringperf/export/record_spool.h"
#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::cli {

class hlog_recorder;
class hlog_worker;

struct worker_output {
    metrics::metric_set metrics;
    std::optional<exporter::record_spool> spool;
    std::string spool_path;
    std::string spool_error;  // first write failure; later records are not spooled
    std::uint64_t records = 0;
    hlog_worker* hlog = nullptr;  // the worker's interval logs (hlog_recorder.h), if any
};

class record_outputs {
  public:
    // `spool_dir` empty: no per-request export (export level summary).
    record_outputs(const wall_clock_map& clock, std::string spool_dir);

    // The metric options every output's metric_set and record values use; call before the
    // first open().
    void set_metric_options(metrics::metric_options o) { options_ = std::move(o); }

    // Creates the output of worker `w` and opens its spool; a spool that cannot be opened is
    // logged and noted in spool_error. Thread-safe (set-up; called from the workers' threads).
    // The output lives as long as this object.
    worker_output& open(std::uint32_t w);
    // Interval logs for every output opened from now on (before the run starts).
    void attach_hlog(hlog_recorder* h) { hlog_ = h; }

    // One finished request into `out`: record metrics (profiling phase only) and its JSONL
    // line, with the token counts `source` gives (compute_record_values). `line` is the
    // caller's scratch buffer (reused, so no allocation once grown). Not thread-safe per
    // output: one thread writes a given output.
    void write(worker_output& out, const metrics::request_record& r, metrics::token_source source,
               std::string& line) const;

    // Flushes and closes `out`'s spool, keeping the first error in spool_error.
    static void close(worker_output& out);

    // Every worker's output, in worker order. Call once nothing writes any more.
    std::vector<worker_output*> outputs();

  private:
    const wall_clock_map& clock_;
    std::string spool_dir_;
    exporter::record_metric_table table_;
    metrics::metric_options options_;
    hlog_recorder* hlog_ = nullptr;
    std::mutex mu_;  // guards outputs_ during set-up only
    std::map<std::uint32_t, std::unique_ptr<worker_output>> outputs_;
};

}  // namespace ringperf::cli
