// What `ringperf profile` does with each finished request once its tokens are counted:
// record metrics into its worker's metric_set and append its JSONL line to that worker's
// spool. One output per worker, written by the one counting thread that takes the worker's
// records (record_stage.h) and merged after the run.
#pragma once

#include <atomic>
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
#include "ringperf/metrics/definitions.h"
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
    // The --metric-definitions sets other than aiperf; absent when none was asked for.
    std::optional<metrics::definition_summaries> definitions;
    // record_extras: the spools of the raw lines and of the outputs.json entries, and the
    // profiling records' metrics per timeslice window (index = window).
    std::optional<exporter::record_spool> raw_spool, outputs_spool;
    std::string raw_spool_path, outputs_spool_path;
    std::vector<metrics::metric_set> slices;
    hlog_worker* hlog = nullptr;  // the worker's interval logs (hlog_recorder.h), if any
    // CPU time of the spools' writer threads (record_spool::writer_cpu_ns), once closed.
    std::int64_t spool_writer_cpu_ns = 0;
};

// What a run writes from its records beyond the metrics and profile_export.jsonl.
struct record_extras {
    std::string spool_dir;      // where the spools below go
    bool raw = false;           // profile_export_raw.jsonl (the records need raw exchanges)
    bool outputs_json = false;  // outputs.json (the records need their texts)
    bool http_trace = false;    // trace_data in the profile_export.jsonl lines
    mono_ns slice_ns = 0;       // > 0: timeslice windows of this length
};

class record_outputs {
  public:
    // `spool_dir` empty: no per-request export (export level summary).
    record_outputs(const wall_clock_map& clock, std::string spool_dir);

    // The metric options every output's metric_set and record values use; call before the
    // first open().
    void set_metric_options(metrics::metric_options o) { options_ = std::move(o); }
    // The other tools' definition sets every output accumulates (before the first open()).
    void set_definition_sets(std::vector<metrics::definition_set> sets) {
        definition_sets_ = std::move(sets);
    }
    bool has_definition_sets() const { return !definition_sets_.empty(); }

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

    // Set before the first open(); not thread-safe.
    void set_extras(record_extras e) { extras_ = std::move(e); }
    const record_extras& extras() const { return extras_; }
    // The engine's phase start (engine::record_sink::on_phase_start): the profiling phase's
    // anchors the timeslice windows. Thread-safe; every worker reports the same instant.
    void set_phase_start(metrics::benchmark_phase phase, mono_ns start);
    mono_ns profiling_start() const { return profiling_start_.load(std::memory_order_relaxed); }
    const wall_clock_map& clock() const { return clock_; }

  private:
    const wall_clock_map& clock_;
    std::string spool_dir_;
    std::vector<metrics::definition_set> definition_sets_;
    exporter::record_metric_table table_;
    metrics::metric_options options_;
    hlog_recorder* hlog_ = nullptr;
    std::mutex mu_;  // guards outputs_ during set-up only
    std::map<std::uint32_t, std::unique_ptr<worker_output>> outputs_;
    record_extras extras_;
    std::atomic<mono_ns> profiling_start_{0};
    void open_extras(worker_output& out, std::uint32_t w);
    void write_extras(worker_output& out, const metrics::request_record& r,
                      const metrics::record_values& v, std::string& line) const;
};

}  // namespace ringperf::cli
