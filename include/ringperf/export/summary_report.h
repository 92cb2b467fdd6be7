// End-of-run reports: the console table, profile_export_aiperf.csv and
// profile_export_aiperf.json, each in AIPerf's layout so its users' scripts read ours.
//
// Every function here is a pure function of its arguments (strings out, no I/O) except
// write_summary_files(). Metric values are taken as given: metric_result holds display
// units already (ms, sec, tokens/sec).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/base/result.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/self_check.h"
#include "ringperf/metrics/definitions.h"
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
    // The client's self-check (docs/self-check.md); absent: every report leaves it out.
    std::optional<self_check_report> self_check;
    // Per-URL figures of a run whose records came from several URLs; empty: left out.
    std::vector<url_summary> per_url;
    // Requests whose OSL missed the requested length; --show-trace-timing.
    std::uint64_t osl_mismatch_count = 0;
    // The requests carried ignore_eos:true or min_tokens (--extra-inputs), so the warning
    // about osl_mismatch_count points at the server or the tokenizer instead.
    bool osl_length_requested = false;
    bool show_trace_timing = false;
    // The --metric-definitions sets other than aiperf (export/definitions_report.h); empty:
    // left out of every report.
    std::vector<metrics::definition_result> definitions;
};

// Fills s.self_check with evaluate_self_check(merged, in) and s.per_url with
// summarize_urls(merged, in.urls). `merged` is every worker's metric_set merged, the same
// one s.results came from. The one call a `profile` run needs for both blocks.
void add_self_check(run_summary& s, const metrics::metric_set& merged, const self_check_input& in);

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

// The self-check under the metrics table: one line with the verdict and the key figures,
//   "Self-check: kept up (request_rate: target 10,000.00 req/s, achieved 9,986.95 req/s,
//   -0.13%; schedule lag p50 0.012 ms, p99 0.048 ms, max 0.310 ms)"
// (the rate part reads "closed_loop: achieved ... req/s" without a target, and compares with
// the schedule's rate when there is no target; "N/A" for figures that do not exist), then
// one "  - <reason>" line per reason when the run fell behind or was not judged. Ends with
// '\n'.
std::string render_self_check_line(const self_check_report& r);

// The k6-style "ringperf | HTTP Trace Timing" table: one row per http_req_* timing metric
// present in `results` (blocked, dns_lookup, connecting, sending, waiting, receiving,
// duration, connection_overhead, total; ms) with columns avg, min, med (p50), max, p90,
// p95. Empty when none of them is present.
std::string render_trace_timing_table(std::span<const metrics::metric_result> results,
                                      console_charset cs);

// The end-of-run warning for `count` (> 0) requests whose output length missed the
// requested one. Without `length_requested` it suggests --extra-inputs ignore_eos:true or
// min_tokens; with it (the requests already carry them) it names the server or the
// tokenizer as the cause. One line, no '\n'.
std::string osl_mismatch_warning(std::uint64_t count, bool length_requested);

// What the console shows at the end of a run: the metrics table, the self-check line when
// s.self_check is set, the HTTP trace timing table with s.show_trace_timing, the error
// table when there were errors, notes (OSL estimated from chunk counts, the OSL mismatch
// warning, cancelled run), then the footer (CLI Command, Benchmark Duration, CSV
// Export, JSON Export, Log File). In a closed-loop run (s.self_check's mode) the "from
// intended" rows are left out of the table: there they equal their partners to within the
// issue delay. The exports keep them.
std::string render_console_report(const run_summary& s, const export_paths& paths,
                                  console_charset cs);

// profile_export_aiperf.csv: "Metric,avg,min,max,p1,...,p99,std" rows for metrics with
// stats, sorted by tag; a blank line; "Metric,Value" rows for single-value metrics sorted
// by tag. Names are "Header (unit)" (no unit for count/requests); numbers have two
// decimals; RFC 4180 quoting; lines end with "\r\n" as Python's csv module writes them.
std::string render_csv(std::span<const metrics::metric_result> results);
// render_csv(s.results), then, when s.self_check is set, a blank line and a "Self Check,Value"
// section: Verdict, Reasons ("; "-joined), Mode, Target / Scheduled / Achieved Rate
// (requests/sec), Rate Error (%), Rate Error vs Schedule (%), Requests Sent, Send Lag and
// Schedule Lag p50 / p99 / max (ms, three decimals), Skipped / Queued / Dropped Requests,
// then one "Threshold ..." row per limit. Absent values are empty cells.
std::string render_summary_csv(const run_summary& s);

// profile_export_aiperf.json (GenAI-Perf shape, schema 1.5): one object per metric tag
// ({"unit", "avg"} plus, for metrics with stats, min, max, p1..p99, std, count, sum), then
// schema_version, ringperf_version, benchmark_id, input_config, was_cancelled,
// error_summary, start_time, end_time (ISO 8601 UTC; null when 0) and run_info.
// With s.self_check set, a "self_check" object after error_summary:
//   {"verdict": "kept up" | "fell behind: results not valid" | "not judged",
//    "kept_up": true | false | null (not judged), "reasons": [...], "mode",
//    "target_rate", "scheduled_rate", "achieved_rate" (requests/sec), "rate_error_percent"
//    (achieved vs target), "rate_error_vs_schedule_percent", "requests_sent",
//    "send_lag": {"unit": "ms", "p50", "p99", "max", "count"}, "schedule_lag": {same},
//    "skipped", "queued", "dropped",
//    "thresholds": {"schedule_lag_p99_ms", "schedule_lag_max_ms", "rate_error_percent",
//                   "skipped_percent", "queued_percent"}}
// (absent figures are null). With s.per_url non-empty, a "per_url" array after it:
//   [{"url_index", "url" (null when unnamed), "request_count", "error_count",
//     "request_latency": {"unit": "ms", "avg", "p50", "p99"} | null,
//     "time_to_first_token": {same} | null}, ...].
// Indented with two spaces, as AIPerf writes it.
std::string render_json(const run_summary& s);

// Writes paths.csv (render_summary_csv(s)) and paths.json atomically (creating paths.dir). The
// error names the file.
result<void> write_summary_files(const run_summary& s, const export_paths& paths);

}  // namespace ringperf::exporter
