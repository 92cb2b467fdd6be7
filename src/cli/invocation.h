// What one `ringperf profile` invocation runs: the resolved plan expanded into benchmarks.
//
//   no sweep, --num-profile-runs 1:  one benchmark in the usual artifact directory;
//   no sweep, N runs:                <dir>/profile_runs/run_0001 .. run_000N, aggregate in
//                                    <dir>/aggregate/ (export/aggregate.h);
//   a sweep over V values:           one point per value, each in
//                                    <sweep dir>/<model>-openai-<endpoint>-<value's stimulus>/
//                                    and laid out as above (1 or N runs); sweep_summary.json
//                                    and .csv in <sweep dir>.
//
// <dir> and <sweep dir> are --artifact-dir when the user gave it, else
// artifacts/<model>-openai-<endpoint>-<stimulus>, the sweep's stimulus naming every value
// ("concurrency_sweep_2_4_8", "request_rate_sweep_5.0_10.0").
//
// Seeds: with one benchmark, --random-seed or the OS's entropy as before. With several, every
// benchmark gets a fixed seed written into its plan (so its run.toml repeats it): the base is
// --random-seed, else 42 (AIPerf's consistent seed); point i of a sweep uses base + i unless
// --parameter-sweep-same-seed; the runs of one point share their point's seed.
//
// Pure functions of the plan; nothing here touches the file system.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/config/config.h"
#include "ringperf/export/summary_report.h"

namespace ringperf::cli {

enum class sweep_parameter { none, concurrency, request_rate };
// "concurrency", "request_rate"; "" for none.
const char* sweep_parameter_name(sweep_parameter p);

// The seed a multi-benchmark invocation uses when --random-seed is not given.
inline constexpr std::uint64_t default_consistent_seed = 42;

struct planned_run {
    // A single benchmark: the point's scalar concurrency or rate, empty sweep lists,
    // num_profile_runs 1, the seed set when the invocation has several benchmarks, and no
    // warmup after a point's first run when disable_warmup_after_first.
    config::run_plan plan;
    std::string dir;    // where run_once writes
    std::string label;  // run_label() ("run_0001") with several runs; "" otherwise
    // Added to the run's summary JSON run_info: run_label with several runs;
    // variation_index, variation_label and the swept parameter's value in a sweep.
    std::vector<exporter::json_field> run_info;
};

struct planned_point {
    std::size_t index = 0;  // in the sweep list; 0 without a sweep
    double value = 0;       // the swept value; 0 without a sweep
    std::string label;      // the value's stimulus label ("concurrency4"); "" without a sweep
    std::string dir;        // the point's artifact directory
    std::string dir_name;   // in a sweep: dir's name inside sweep_dir; "" otherwise
    std::optional<std::uint64_t> seed;  // every run's seed; unset: drawn by the run
    std::vector<planned_run> runs;      // num_profile_runs entries, in order

    bool repeated() const { return runs.size() > 1; }
};

struct invocation_plan {
    sweep_parameter parameter = sweep_parameter::none;
    std::string sweep_dir;              // holds sweep_summary.*; "" without a sweep
    std::vector<planned_point> points;  // one without a sweep
    std::size_t num_profile_runs = 1;
    bool seed_defaulted = false;  // default_consistent_seed chosen: tell the user
    double confidence_level = 0.95;
    double run_cooldown_s = 0;
    double sweep_cooldown_s = 0;

    std::size_t benchmark_count() const { return points.size() * num_profile_runs; }
};

// Expands a parsed plan (endpoint.models non-empty). Errors (usage errors: nothing was run)
// name the option: both --concurrency and --request-rate given as lists, a value listed
// twice, a zero concurrency or a rate <= 0 in a list, --num-profile-runs 0, a confidence
// level or a cooldown out of range.
result<invocation_plan> expand_invocation(const config::run_plan& plan);

// The artifact directory name of a single benchmark of `plan` (artifacts.h naming with the
// plan's concurrency and rate).
std::string benchmark_dir_name(const config::run_plan& plan);

}  // namespace ringperf::cli
