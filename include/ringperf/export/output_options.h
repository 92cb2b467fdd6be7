#pragma once

#include <optional>
#include <string>

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
    // --export-http-trace: profile_export.jsonl records carry "trace_data".
    bool export_http_trace = false;
    // --slice-duration: per-window statistics (the timeslices files) over windows of this
    // many seconds (> 0); unset: none.
    std::optional<double> slice_duration_s;
    // --ui-type: simple (live progress line when stdout is a TTY) or none.
    ui_type ui = ui_type::simple;
    bool ui_explicit = false;
    // --log-level (trace|debug|info|warning|error).
    std::string log_level = "info";
};

}  // namespace ringperf::exporter
