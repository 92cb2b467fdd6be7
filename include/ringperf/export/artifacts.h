// Where a run's files go: the artifact directory's name (AIPerf's convention, so scripts
// that locate runs by directory name keep working) and the paths of every file in it.
// Pure string functions; nothing here touches the file system.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ringperf/export/output_options.h"

namespace ringperf::exporter {

// "<model>-openai-<endpoint_type>-<stimulus>", every '/' in the model replaced by '_'
// ("Qwen/Qwen3-0.6B" -> "Qwen_Qwen3-0.6B"); an empty model gives "model".
// `endpoint_type` is "chat" or "completions"; `stimulus` comes from stimulus_label().
std::string artifact_dir_name(std::string_view model, std::string_view endpoint_type,
                              std::string_view stimulus);
// The concurrency form: "...-concurrency<N>".
std::string artifact_dir_name(std::string_view model, std::string_view endpoint_type,
                              std::uint32_t concurrency);

// AIPerf's stimulus part: "concurrency16", "request_rate5.0", or both joined with '-'
// ("concurrency10-request_rate5.0"). concurrency == 0 and request_rate <= 0 mean "not set";
// the rate is written as Python's str(float) does (always with a decimal point).
// With neither set the result is empty.
std::string stimulus_label(std::uint32_t concurrency, double request_rate);
inline constexpr std::string_view fixed_schedule_stimulus = "fixed_schedule";

// The run's directory: opts.artifact_dir as is when the user set it explicitly, else
// "<opts.artifact_dir>/<run_name>" (run_name from artifact_dir_name()).
std::string resolve_artifact_dir(const output_options& opts, std::string_view run_name);

// Every path inside the run's directory. All are `dir` joined with a relative name.
struct export_paths {
    std::string dir;
    std::string records_jsonl;  // profile_export.jsonl   | <prefix>.jsonl
    std::string csv;            // profile_export_aiperf.csv  | <prefix>.csv
    std::string json;           // profile_export_aiperf.json | <prefix>.json
    std::string run_toml;       // run.toml: the resolved run, repeatable with `--config`
    std::string log_file;       // logs/ringperf.log
    std::string spool_dir;      // .spool: per-worker JSONL spools, removed at the end
    std::string raw_jsonl;      // profile_export_raw.jsonl | <prefix>_raw.jsonl
    std::string outputs_json;   // outputs.json | <prefix>_outputs.json
    // profile_export_aiperf_timeslices.csv / .json | <prefix>_timeslices.csv / .json
    std::string timeslices_csv;
    std::string timeslices_json;
};

// `prefix` is --profile-export-prefix (empty = default names). As AIPerf does, an absolute
// prefix keeps only its last component, and a trailing ".jsonl", ".json" or ".csv" is
// dropped, so "--profile-export-prefix run1.jsonl" names run1.jsonl, run1.csv, run1.json.
export_paths make_export_paths(std::string_view dir, std::string_view prefix);

// "<spool_dir>/worker-<n>.jsonl".
std::string spool_path(std::string_view spool_dir, std::uint32_t worker);

// `a` + '/' + `b`, without doubling a trailing '/' of `a`; an empty `a` gives `b`.
std::string join_path(std::string_view a, std::string_view b);

}  // namespace ringperf::exporter
