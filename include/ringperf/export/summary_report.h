// End-of-run reports: the console table, profile_export_aiperf.csv and
// profile_export_aiperf.json, each in AIPerf's layout so its users' scripts read ours.
//
// Every function here is a pure function of its arguments (strings out, no I/O) except
// write_summary_files(). Metric values are taken as given: metric_result holds display
// units already (ms, sec, tokens/sec).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/base/result.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::exporter {

// A member of the JSON "run_info" object: `json` is already-serialized JSON (a number,
// "\"text\"", an object...), inserted verbatim.
struct json_field {
    std::string key;
    std::string json;
};

// Everything the summary exports need. Every metric_result must point at a live
// metric_info (the catalogue's, or the caller's own in tests).
struct run_summary {
    std::vector<metrics::metric_result> results;       // display units, any order
    std::vector<metrics::error_summary_entry> errors;  // failed requests by (code, type, msg)
    std::uint64_t osl_estimated_count = 0;             // requests whose OSL came from chunk counts
    bool was_cancelled = false;                        // stopped early (Ctrl-C): partial results
    wall_ns start_ns = 0;              // epoch ns of the profiling phase start; 0 = unknown
    wall_ns end_ns = 0;                // epoch ns of its end; 0 = unknown
    std::string benchmark_id;          // UUID text
    std::string cli_command;           // redacted command line
    std::string input_config_json;     // resolved config as a JSON object; empty = {}
    std::vector<json_field> run_info;  // extra "run_info" members (random_seed, ...)
    std::string metrics_title = "LLM Metrics";
};

inline constexpr const char* json_schema_version = "1.5";

// Box-drawing characters, or '+', '-', '|' for terminals that cannot show UTF-8.
enum class console_charset { unicode, ascii };

// The charset a terminal with these locale variables can show: the first non-empty of
// LC_ALL, LC_CTYPE, LANG decides (UTF-8 named in it: unicode; anything else: ascii); with
// none set, unicode. Pass getenv() results; nullptr = unset.
console_charset charset_from_locale(const char* lc_all, const char* lc_ctype, const char* lang);
// charset_from_locale() over this process's environment.
console_charset detect_console_charset();

// The "ringperf | <title>" table: columns Metric, avg, min, max, p99, p90, p50, std; one
// row per metric with display_order >= 0 (and neither no_console nor error_only), in
// display order; labels "Header (display unit)" right-aligned; numbers like "7,463.28";
// single-value metrics show N/A outside avg. Ends with '\n'.
std::string render_console_table(std::span<const metrics::metric_result> results,
                                 std::string_view title, console_charset cs);

// The "ringperf | Error Summary" table (Code, Type, Message, Count), largest count first;
// messages longer than 60 characters are shortened with "...". Empty input: "".
std::string render_error_table(std::span<const metrics::error_summary_entry> errors,
                               console_charset cs);

// What the console shows at the end of a run: the metrics table, the error table when
// there were errors, notes (OSL estimated from chunk counts, cancelled run), then the
// footer (CLI Command, Benchmark Duration, CSV Export, JSON Export, Log File).
std::string render_console_report(const run_summary& s, const export_paths& paths,
                                  console_charset cs);

// profile_export_aiperf.csv: "Metric,avg,min,max,p1,...,p99,std" rows for metrics with
// stats, sorted by tag; a blank line; "Metric,Value" rows for single-value metrics sorted
// by tag. Names are "Header (unit)" (no unit for count/requests); numbers have two
// decimals; RFC 4180 quoting; lines end with "\r\n" as Python's csv module writes them.
std::string render_csv(std::span<const metrics::metric_result> results);

// profile_export_aiperf.json (GenAI-Perf shape, schema 1.5): one object per metric tag
// ({"unit", "avg"} plus, for metrics with stats, min, max, p1..p99, std, count, sum), then
// schema_version, ringperf_version, benchmark_id, input_config, was_cancelled,
// error_summary, start_time, end_time (ISO 8601 UTC; null when 0) and run_info.
// Indented with two spaces, as AIPerf writes it.
std::string render_json(const run_summary& s);

// Writes paths.csv and paths.json atomically (creating paths.dir). The error names the file.
result<void> write_summary_files(const run_summary& s, const export_paths& paths);

}  // namespace ringperf::exporter
