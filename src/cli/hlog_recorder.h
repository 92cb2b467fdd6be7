// The run's HdrHistogram interval logs: <artifact dir>/hlog/<metric tag>.hlog for every
// record metric whose base unit is ns (hlog_metric_ids()), values in ns, one line per
// --hlog-interval (docs/metrics.md, "Histograms, .hlog files and merge").
//
// A request belongs to the interval holding its t_end, counted from the origin: the start
// (t_start) of the first profiling record any counting thread writes. Warmup records are not
// logged. Each worker's counting thread records nothing of its own: an interval's histograms
// are the worker's metric_set (the run's summary's, so the values are exactly those) minus a
// sparse snapshot of its ns histograms taken when the interval began. When a record of a later
// interval arrives, or the run ends, the finished interval is appended, as compressed V2
// histograms, to the worker's own spool file in <dir>/.parts/. Records arrive per worker in
// completion order, so its intervals are increasing; a record whose t_end falls in an earlier
// interval than the current one (possible only for clock jitter across workers) is counted in the
// current one. Memory: the snapshots' non-zero counters; the end-of-run merge reads the
// spools one interval at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/base/result.h"
#include "ringperf/metrics/hdr_encoding.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::cli {

// The record metrics with base unit "ns", in metric_id order: the metrics that get a .hlog.
std::vector<metrics::metric_id> hlog_metric_ids();

// Writes <dir>/<tag>.hlog files line by line, each file opened with the standard header
// (metrics::hlog_header) before its first line. Not thread-safe.
class hlog_file_set {
  public:
    hlog_file_set(std::string dir, std::string tool_version, double start_epoch_s);
    ~hlog_file_set();
    hlog_file_set(const hlog_file_set&) = delete;
    hlog_file_set& operator=(const hlog_file_set&) = delete;

    // Appends a line to <dir>/<tag>.hlog for a histogram of ns values given as its encoding
    // and its max (the Interval_Max column is written in ms).
    result<void> write(const std::string& tag, double start_s, double length_s, std::int64_t max_ns,
                       std::string_view histogram_base64);
    // The same for a sum of encodings.
    result<void> write(const std::string& tag, double start_s, double length_s,
                       const metrics::hdr_count_sum& sum);
    // Closes every file; the first write or close error, naming the file.
    result<void> close();

  private:
    std::string dir_, version_;
    double start_epoch_s_;
    std::map<std::string, std::FILE*> files_;
    std::string error_;
};

class hlog_recorder;

// One worker's side. Used by one counting thread at a time.
class hlog_worker {
  public:
    // The intervals are read off `source`, the metric_set the worker's profiling records go
    // into; it must outlive this object.
    hlog_worker(hlog_recorder& owner, std::string spool_path, const metrics::metric_set& source);
    ~hlog_worker();
    hlog_worker(const hlog_worker&) = delete;
    hlog_worker& operator=(const hlog_worker&) = delete;

    // A finished record, before it goes into the source set: when it belongs to a later
    // interval, the current one ends here. Records of the warmup phase are ignored (they
    // never reach the source set). No allocation except when an interval ends.
    void before_add(const metrics::request_record& r);
    // Spools the current interval and closes the spool. Idempotent.
    void finish();

  private:
    friend class hlog_recorder;
    void flush();

    hlog_recorder& owner_;
    std::string spool_path_;
    std::FILE* spool_ = nullptr;
    std::string error_;          // first spool failure
    std::int64_t current_ = -1;  // interval being recorded (-1: none yet)
    const metrics::metric_set& source_;
    // Per hlog_metric_ids() entry, the source's histogram when the current interval began.
    std::vector<metrics::hdr_snapshot> at_start_;
    mono_ns last_end_ = 0;  // latest t_end seen
};

class hlog_recorder {
  public:
    // `dir`: the directory of the .hlog files (created with its .parts/ subdirectory by
    // open()); `interval_s` >= 0, 0 = one interval for the whole run.
    hlog_recorder(std::string dir, double interval_s, const wall_clock_map& clock);

    // The output of worker `w`, whose profiling records go into `source` (which must outlive
    // it); it lives as long as this object. Thread-safe (set-up).
    hlog_worker& open(std::uint32_t w, const metrics::metric_set& source);

    // Once every worker's finish() returned: merges the spools interval by interval into
    // <dir>/<tag>.hlog (only metrics that got a value), headed by `tool_version`, and removes
    // the spools. Errors name the file; the first one is returned after trying every file.
    result<void> write_files(std::string_view tool_version);

    const std::string& dir() const { return dir_; }

  private:
    friend class hlog_worker;
    // The interval of a record ending at `t_end` (setting the origin on the first call).
    std::int64_t interval_of(mono_ns t_start, mono_ns t_end);

    std::string dir_;
    std::int64_t interval_ns_;
    const wall_clock_map& clock_;
    const std::vector<metrics::metric_id> ids_ = hlog_metric_ids();
    std::atomic<mono_ns> origin_{0};
    std::mutex mu_;
    std::map<std::uint32_t, std::unique_ptr<hlog_worker>> workers_;
};

}  // namespace ringperf::cli
