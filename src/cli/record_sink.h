// What `ringperf profile` does with each finished request, on the worker that ran it:
// record metrics into that worker's metric_set and append its JSONL line to that
// worker's spool. One output per worker, merged after the workers stop.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/engine/engine.h"
#include "ringperf/export/record_jsonl.h"
#include "ringperf/export/record_spool.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::cli {

struct worker_output {
    metrics::metric_set metrics;
    std::optional<exporter::record_spool> spool;
    std::string spool_path;
    std::string spool_error;  // first write failure; later records are not spooled
    std::uint64_t records = 0;
};

class record_outputs {
  public:
    // `spool_dir` empty: no per-request export (export level summary).
    record_outputs(const wall_clock_map& clock, std::string spool_dir);

    // Creates the sink for worker `w` (called on that worker's thread).
    std::unique_ptr<engine::record_sink> make_sink(std::uint32_t w);

    // After the workers stopped: every worker's output, in worker order.
    std::vector<worker_output*> outputs();

  private:
    const wall_clock_map& clock_;
    std::string spool_dir_;
    exporter::record_metric_table table_;
    std::mutex mu_;  // guards outputs_ during set-up only
    std::map<std::uint32_t, std::unique_ptr<worker_output>> outputs_;
};

}  // namespace ringperf::cli
