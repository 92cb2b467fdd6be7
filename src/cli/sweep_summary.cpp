#include "sweep_summary.h"

#include <algorithm>
#include <cmath>

#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/format.h"

namespace ringperf::cli {

using exporter::summary_stat;
using metrics::metric_id;

const std::array<sweep_metric, sweep_metric_count> sweep_metrics{{
    {"request_throughput_avg", metric_id::request_throughput, summary_stat::avg, false},
    {"output_token_throughput_avg", metric_id::output_token_throughput, summary_stat::avg, false},
    {"time_to_first_token_avg", metric_id::time_to_first_token, summary_stat::avg, false},
    {"time_to_first_token_p50", metric_id::time_to_first_token, summary_stat::p50, false},
    {"time_to_first_token_p99", metric_id::time_to_first_token, summary_stat::p99, false},
    {"inter_token_latency_avg", metric_id::inter_token_latency, summary_stat::avg, false},
    {"inter_token_latency_p50", metric_id::inter_token_latency, summary_stat::p50, false},
    {"inter_token_latency_p99", metric_id::inter_token_latency, summary_stat::p99, false},
    {"request_latency_avg", metric_id::request_latency, summary_stat::avg, false},
    {"request_latency_p50", metric_id::request_latency, summary_stat::p50, false},
    {"request_latency_p99", metric_id::request_latency, summary_stat::p99, false},
    {"request_count", metric_id::request_count, summary_stat::avg, true},
    {"error_request_count", metric_id::error_request_count, summary_stat::avg, true},
}};

namespace {

constexpr const char* eol = "\r\n";

std::optional<double> run_value(const std::vector<metrics::metric_result>& run,
                                const sweep_metric& m) {
    for (const auto& r : run) {
        if (r.info == nullptr || r.info->id != m.id) continue;
        const double v = r.has_stats ? exporter::summary_stat_value(r.s, m.stat) : r.value;
        if (std::isfinite(v)) return v;
        return std::nullopt;
    }
    return std::nullopt;
}

bool is_concurrency(const sweep_summary& s) {
    return s.parameter == sweep_parameter::concurrency;
}

std::string value_json(const sweep_summary& s, double v) {
    return is_concurrency(s) ? std::to_string(static_cast<std::uint64_t>(v))
                             : exporter::format_json_float(v);
}

std::string count_text(double v) {
    return std::to_string(static_cast<std::uint64_t>(std::llround(v)));
}

void metrics_json(json_writer& w, const sweep_row& row) {
    w.begin_object();
    for (std::size_t k = 0; k < sweep_metric_count; ++k) {
        w.key(sweep_metrics[k].key);
        const auto& v = row.metrics[k];
        if (!v) {
            w.null();
        } else {
            w.raw(sweep_metrics[k].total ? count_text(*v) : exporter::format_json_float(*v));
        }
    }
    w.end_object();
}

void row_json(json_writer& w, const sweep_summary& s, const sweep_row& row) {
    w.begin_object();
    w.key("index").value(static_cast<std::uint64_t>(row.index));
    w.key("value").raw(value_json(s, row.value));
    w.key("label").value(row.label);
    w.key("status").value(point_status_name(row.status));
    w.key("exit_code").value(row.exit_code);
    w.key("seed");
    if (row.seed) {
        w.value(*row.seed);
    } else {
        w.null();
    }
    w.key("runs").value(static_cast<std::uint64_t>(row.runs));
    w.key("successful_runs").value(static_cast<std::uint64_t>(row.successful_runs));
    w.key("artifact_dir").value(row.artifact_dir);
    w.key("metrics");
    metrics_json(w, row);
    w.end_object();
}

void csv_row(std::string& out, const sweep_summary& s, const sweep_row& row) {
    out += std::to_string(row.index) + ',';
    out += value_json(s, row.value) + ',';
    exporter::append_csv_cell(out, row.label);
    out += ',';
    out += std::string(point_status_name(row.status)) + ',';
    out += std::to_string(row.exit_code) + ',';
    out += (row.seed ? std::to_string(*row.seed) : std::string()) + ',';
    out += std::to_string(row.runs) + ',' + std::to_string(row.successful_runs) + ',';
    for (std::size_t k = 0; k < sweep_metric_count; ++k) {
        const auto& v = row.metrics[k];
        if (v) out += sweep_metrics[k].total ? count_text(*v) : format_fixed(*v, 2);
        out += ',';
    }
    exporter::append_csv_cell(out, row.artifact_dir);
    out += eol;
}

// Console columns: header and the sweep_metrics index shown (-1: value, -2: status).
struct console_column {
    const char* header;
    int key;
};
constexpr console_column console_columns[] = {
    {nullptr, -1},   {"status", -2}, {"req/s", 0},   {"out tok/s", 1},    {"TTFT p50", 3},
    {"TTFT p99", 4}, {"ITL p50", 6}, {"ITL p99", 7}, {"latency p99", 10}, {"errors", 12},
};

std::string console_cell(const sweep_summary& s, const sweep_row& row, const console_column& c) {
    if (c.key == -1) return value_json(s, row.value);
    if (c.key == -2) return point_status_name(row.status);
    const auto k = static_cast<std::size_t>(c.key);
    const auto& v = row.metrics[k];
    if (!v) return "-";
    return sweep_metrics[k].total ? exporter::format_grouped(static_cast<std::uint64_t>(*v))
                                  : exporter::format_grouped(*v, 2);
}

std::string console_title(const sweep_summary& s) {
    const std::size_t n = s.rows.size();
    std::string t = std::string("ringperf | Sweep over ") + sweep_parameter_name(s.parameter) +
                    " (" + std::to_string(n) + (n == 1 ? " value" : " values");
    if (s.num_profile_runs > 1)
        t += ", mean of " + std::to_string(s.num_profile_runs) + " runs each";
    return t + "; latencies in ms)\n";
}

}  // namespace

sweep_values compute_sweep_values(const std::vector<std::vector<metrics::metric_result>>& runs) {
    sweep_values out;
    if (runs.empty()) return out;
    for (std::size_t k = 0; k < sweep_metric_count; ++k) {
        const auto& m = sweep_metrics[k];
        double sum = 0;
        std::size_t n = 0;
        for (const auto& run : runs) {
            if (auto v = run_value(run, m)) {
                sum += *v;
                ++n;
            }
        }
        if (m.total) {
            out[k] = sum;
        } else if (n > 0) {
            out[k] = sum / static_cast<double>(n);
        }
    }
    return out;
}

const char* point_status_name(point_status s) {
    switch (s) {
        case point_status::completed:
            return "completed";
        case point_status::failed:
            return "failed";
        case point_status::interrupted:
            return "interrupted";
        case point_status::not_run:
            break;
    }
    return "not_run";
}

bool sweep_summary::completed() const {
    return std::all_of(rows.begin(), rows.end(),
                       [](const sweep_row& r) { return r.status == point_status::completed; });
}

std::string render_sweep_json(const sweep_summary& s) {
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("schema_version").value(sweep_schema_version);
    w.key("ringperf_version").value(RINGPERF_VERSION);
    w.key("parameter").value(sweep_parameter_name(s.parameter));
    w.key("num_values").value(static_cast<std::uint64_t>(s.rows.size()));
    w.key("num_profile_runs").value(static_cast<std::uint64_t>(s.num_profile_runs));
    w.key("completed").value(s.completed());
    w.key("exit_code").value(s.exit_code);
    w.key("units").begin_object();
    for (const auto& m : sweep_metrics)
        w.key(m.key).value(metrics::info(m.id).display_unit);
    w.end_object();
    w.key("points").begin_array();
    for (const auto& row : s.rows)
        row_json(w, s, row);
    w.end_array();
    w.end_object();
    out += '\n';
    return out;
}

std::string render_sweep_csv(const sweep_summary& s) {
    std::string out = "index,";
    out += sweep_parameter_name(s.parameter);
    out += ",label,status,exit_code,seed,runs,successful_runs,";
    for (const auto& m : sweep_metrics)
        out += std::string(m.key) + ',';
    out += "artifact_dir";
    out += eol;
    for (const auto& row : s.rows)
        csv_row(out, s, row);
    return out;
}

std::string render_sweep_console(const sweep_summary& s) {
    constexpr std::size_t ncol = std::size(console_columns);
    std::vector<std::array<std::string, ncol>> lines(1);
    for (std::size_t c = 0; c < ncol; ++c)
        lines[0][c] = console_columns[c].header ? console_columns[c].header
                                                : sweep_parameter_name(s.parameter);
    for (const auto& row : s.rows) {
        auto& l = lines.emplace_back();
        for (std::size_t c = 0; c < ncol; ++c)
            l[c] = console_cell(s, row, console_columns[c]);
    }
    std::array<std::size_t, ncol> width{};
    for (const auto& l : lines)
        for (std::size_t c = 0; c < ncol; ++c)
            width[c] = std::max(width[c], exporter::display_width(l[c]));
    std::string out = console_title(s);
    for (const auto& l : lines) {
        for (std::size_t c = 0; c < ncol; ++c) {
            if (c > 0) out += "  ";
            out.append(width[c] - exporter::display_width(l[c]), ' ');
            out += l[c];
        }
        out += '\n';
    }
    return out;
}

sweep_paths make_sweep_paths(const std::string& sweep_dir) {
    return {exporter::join_path(sweep_dir, "sweep_summary.json"),
            exporter::join_path(sweep_dir, "sweep_summary.csv")};
}

result<void> write_sweep_summary(const sweep_summary& s, const sweep_paths& paths) {
    const auto slash = paths.json.rfind('/');
    if (slash != std::string::npos && slash > 0)
        if (auto r = make_dirs(paths.json.substr(0, slash)); !r) return r;
    if (auto r = write_file_atomic(paths.json, render_sweep_json(s)); !r) return r;
    return write_file_atomic(paths.csv, render_sweep_csv(s));
}

}  // namespace ringperf::cli
