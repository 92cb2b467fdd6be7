#include <cmath>

#include "json_stats.h"
#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/export/definitions_report.h"
#include "ringperf/export/format.h"
#include "ringperf/export/summary_report.h"

#ifndef RINGPERF_VERSION
#define RINGPERF_VERSION "unknown"
#endif

namespace ringperf::exporter {
namespace {

using metrics::metric_result;

// Python's json module writes floats with a decimal point ("20.0"); readers that check
// isinstance(x, float) keep working.
void metric_block(json_writer& w, const metric_result& r) {
    w.key(r.info->tag).begin_object();
    w.key("unit").value(r.info->display_unit);
    if (!r.has_stats) {
        w.key("avg");
        write_json_float(w, r.value);
        w.end_object();
        return;
    }
    write_stats_fields(w, r.s);
    w.end_object();
}

void error_summary(json_writer& w, std::span<const metrics::error_summary_entry> errors) {
    w.key("error_summary").begin_array();
    for (const auto& e : errors) {
        w.begin_object().key("error_details").begin_object();
        w.key("code");
        if (e.code != 0) {
            w.value(std::int64_t{e.code});
        } else {
            w.null();
        }
        w.key("type");
        if (!e.type.empty()) {
            w.value(e.type);
        } else {
            w.null();
        }
        w.key("message").value(e.message);
        w.end_object().key("count").value(e.count).end_object();
    }
    w.end_array();
}

void optional_float(json_writer& w, const char* key, std::optional<double> v) {
    w.key(key);
    if (v) {
        write_json_float(w, *v);
    } else {
        w.null();
    }
}

void lag_block(json_writer& w, const char* key, const std::optional<metrics::lag_figures>& lag) {
    w.key(key);
    if (!lag) {
        w.null();
        return;
    }
    w.begin_object().key("unit").value("ms");
    optional_float(w, "p50", lag->p50_ms);
    optional_float(w, "p99", lag->p99_ms);
    optional_float(w, "max", lag->max_ms);
    w.key("count").value(lag->count).end_object();
}

void thresholds_block(json_writer& w, const metrics::self_check_thresholds& t) {
    w.key("thresholds").begin_object();
    optional_float(w, "schedule_lag_p99_ms", t.schedule_lag_p99_ms);
    optional_float(w, "schedule_lag_max_ms", t.schedule_lag_max_ms);
    optional_float(w, "rate_error_percent", t.rate_error_percent);
    optional_float(w, "skipped_percent", t.skipped_percent);
    optional_float(w, "queued_percent", t.queued_percent);
    w.end_object();
}

void self_check_block(json_writer& w, const self_check_report& r) {
    const metrics::self_check_figures& f = r.figures;
    w.key("self_check").begin_object();
    w.key("verdict").value(metrics::self_check_outcome_text(r.verdict.outcome));
    w.key("kept_up");
    if (r.verdict.outcome == metrics::self_check_outcome::not_judged) {
        w.null();
    } else {
        w.value(r.verdict.outcome == metrics::self_check_outcome::kept_up);
    }
    w.key("reasons").begin_array();
    for (const auto& reason : r.verdict.reasons)
        w.value(reason);
    w.end_array();
    w.key("mode").value(metrics::load_mode_name(f.mode));
    optional_float(w, "target_rate", f.target_rate_per_s);
    optional_float(w, "scheduled_rate", f.scheduled_rate_per_s);
    optional_float(w, "achieved_rate", f.achieved_rate_per_s);
    optional_float(w, "rate_error_percent", r.rate_error_percent);
    optional_float(w, "rate_error_vs_schedule_percent", r.rate_error_vs_schedule_percent);
    w.key("requests_sent").value(f.sent);
    lag_block(w, "send_lag", r.send_lag);
    lag_block(w, "schedule_lag", f.schedule_lag);
    w.key("skipped").value(f.skipped);
    w.key("queued").value(f.queued);
    w.key("dropped").value(r.dropped);
    thresholds_block(w, r.thresholds);
    w.end_object();
}

void url_stats(json_writer& w, const char* key, const std::optional<metrics::stats>& s) {
    w.key(key);
    if (!s) {
        w.null();
        return;
    }
    w.begin_object().key("unit").value("ms");
    optional_float(w, "avg", s->avg);
    optional_float(w, "p50", s->p50);
    optional_float(w, "p99", s->p99);
    w.end_object();
}

void per_url_block(json_writer& w, std::span<const url_summary> urls) {
    w.key("per_url").begin_array();
    for (const url_summary& u : urls) {
        w.begin_object();
        w.key("url_index").value(std::uint64_t{u.url_index});
        w.key("url");
        if (u.url.empty()) {
            w.null();
        } else {
            w.value(u.url);
        }
        w.key("request_count").value(u.request_count);
        w.key("error_count").value(u.error_count);
        url_stats(w, "request_latency", u.request_latency);
        url_stats(w, "time_to_first_token", u.time_to_first_token);
        w.end_object();
    }
    w.end_array();
}

void time_value(json_writer& w, const char* key, wall_ns t) {
    w.key(key);
    if (t != 0) {
        w.value(format_iso8601_utc(t));
    } else {
        w.null();
    }
}

void run_info(json_writer& w, const run_summary& s) {
    w.key("run_info").begin_object();
    w.key("benchmark_id").value(s.benchmark_id);
    w.key("cli_command").value(s.cli_command);
    for (const auto& f : s.run_info)
        w.key(f.key).raw(f.json);
    w.end_object();
}

void newline_indent(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

// Re-indents compact (or already spaced) JSON with two spaces per level; empty
// containers stay "{}" / "[]".
std::string indent_json(std::string_view in) {
    std::string out;
    out.reserve(in.size() * 2);
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < in.size()) {
                out += in[++i];
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case ' ':
            case '\n':
            case '\r':
            case '\t':
                break;
            case '"':
                in_string = true;
                out += c;
                break;
            case '{':
            case '[': {
                out += c;
                std::size_t j = in.find_first_not_of(" \n\r\t", i + 1);
                if (j != std::string_view::npos && (in[j] == '}' || in[j] == ']')) {
                    out += in[j];
                    i = j;
                } else {
                    newline_indent(out, ++depth);
                }
                break;
            }
            case '}':
            case ']':
                newline_indent(out, --depth);
                out += c;
                break;
            case ',':
                out += c;
                newline_indent(out, depth);
                break;
            case ':':
                out += ": ";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::string render_json(const run_summary& s) {
    std::string compact;
    json_writer w(compact);
    w.begin_object();
    w.key("schema_version").value(json_schema_version);
    w.key("ringperf_version").value(RINGPERF_VERSION);
    w.key("benchmark_id").value(s.benchmark_id);
    for (const auto& r : s.results)
        metric_block(w, r);
    w.key("input_config").raw(s.input_config_json.empty() ? "{}" : s.input_config_json);
    w.key("was_cancelled").value(s.was_cancelled);
    error_summary(w, s.errors);
    if (s.self_check) self_check_block(w, *s.self_check);
    if (!s.per_url.empty()) per_url_block(w, s.per_url);
    append_definitions_json(w, s.definitions);
    time_value(w, "start_time", s.start_ns);
    time_value(w, "end_time", s.end_ns);
    run_info(w, s);
    w.end_object();
    std::string out = indent_json(compact);
    out += '\n';
    return out;
}

result<void> write_summary_files(const run_summary& s, const export_paths& paths) {
    if (auto r = make_dirs(paths.dir); !r) return r;
    if (auto r = write_file_atomic(paths.csv, render_summary_csv(s)); !r) return r;
    return write_file_atomic(paths.json, render_json(s));
}

}  // namespace ringperf::exporter
