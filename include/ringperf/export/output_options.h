#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ringperf::exporter {

enum class ui_type { simple, none };

// --export-level: which files a run writes.
enum class export_level {
    summary,  // CSV + JSON summaries only
    records,  // + one JSONL line per request (profile_export.jsonl)
    raw,      // + the raw exchange per request (profile_export_raw.jsonl) and outputs.json
};

struct output_options {
    // --artifact-dir / --output-artifact-dir. When the user set it, it is used as is;
    // otherwise the run's files go to artifacts/<model>-<service>-<endpoint>-<stimulus>/.
    std::string artifact_dir = "artifacts";
    bool artifact_dir_explicit = false;
    // --profile-export-prefix: renames the export files (prefix.jsonl, prefix.csv, ...).
    std::string profile_export_prefix;
    // --export-level (summary|records|raw).
    export_level level = export_level::records;
    // --export-outputs-json: write outputs.json (the raw level writes it too).
    bool export_outputs_json = false;
    // --slice-duration: per-window statistics (the timeslices files) over windows of this
    // many seconds (> 0); unset: none.
    std::optional<double> slice_duration_s;
    // --ui-type: simple (live progress line when stdout is a TTY) or none.
    ui_type ui = ui_type::simple;
    bool ui_explicit = false;
    // --log-level (trace|debug|info|warning|error).
    std::string log_level = "info";
    // --hlog-interval: length in seconds of each line of the run's hlog/<metric>.hlog files
    // (0: one line covering the whole run).
    double hlog_interval_s = 1;
    // --goodput "tag:value ..." (SLOs in each metric's display unit); empty: no goodput
    // metrics. The tags are checked against the metric catalogue when the run starts.
    std::string goodput;
    // --export-http-trace: the http_req_* metrics, and "trace_data" in profile_export.jsonl.
    bool export_http_trace = false;
    bool show_trace_timing = false;  // --show-trace-timing: their table on the console
    // --network-latency-mean: a fixed network RTT (ms) subtracted into network_adjusted_*.
    std::optional<double> network_latency_mean_ms;
    // --metric-definitions: the sets whose definitions the run also reports (aiperf, vllm,
    // sglang, guidellm; lower case, each once). aiperf is the main tables.
    std::vector<std::string> metric_definitions;
    // --fail-on: SLO gates, comma-separated expressions (export/gates.h); empty: none.
    std::string fail_on;
};

}  // namespace ringperf::exporter
