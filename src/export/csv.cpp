#include <algorithm>
#include <string_view>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/definitions_report.h"
#include "ringperf/export/format.h"
#include "ringperf/export/summary_report.h"

namespace ringperf::exporter {
namespace {

using metrics::metric_result;

constexpr const char* eol = "\r\n";

std::string metric_name(const metric_result& r) {
    std::string name = r.info->header;
    const std::string_view unit = r.info->display_unit;
    if (!unit.empty() && unit != "count" && unit != "requests") {
        name += " (";
        name += unit;
        name += ')';
    }
    return name;
}

std::vector<const metric_result*> sorted_by_tag(std::span<const metric_result> results,
                                                bool with_stats) {
    std::vector<const metric_result*> out;
    for (const auto& r : results) {
        if (r.has_stats == with_stats) out.push_back(&r);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
        return std::string_view(a->info->tag) < std::string_view(b->info->tag);
    });
    return out;
}

void append_stats_row(std::string& out, const metric_result& r) {
    append_csv_cell(out, metric_name(r));
    const auto& s = r.s;
    for (double v : {s.avg, s.min, s.max, s.p1, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95,
                     s.p99, s.std}) {
        out += ',';
        out += format_fixed(v, 2);
    }
    out += eol;
}

void append_row(std::string& out, std::string_view name, std::string_view value) {
    append_csv_cell(out, name);
    out += ',';
    append_csv_cell(out, value);
    out += eol;
}

std::string number(std::optional<double> v, int decimals) {
    return v ? format_fixed(*v, decimals) : std::string();
}

void append_lag_rows(std::string& out, const char* name,
                     const std::optional<metrics::lag_figures>& lag) {
    const std::string n = name;
    append_row(out, n + " p50 (ms)", number(lag ? lag->p50_ms : std::optional<double>(), 3));
    append_row(out, n + " p99 (ms)", number(lag ? lag->p99_ms : std::optional<double>(), 3));
    append_row(out, n + " max (ms)", number(lag ? lag->max_ms : std::optional<double>(), 3));
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += "; ";
        out += p;
    }
    return out;
}

void append_self_check(std::string& out, const self_check_report& r) {
    const metrics::self_check_figures& f = r.figures;
    const metrics::self_check_thresholds& t = r.thresholds;
    out += "Self Check,Value";
    out += eol;
    append_row(out, "Verdict", metrics::self_check_outcome_text(r.verdict.outcome));
    append_row(out, "Reasons", joined(r.verdict.reasons));
    append_row(out, "Mode", metrics::load_mode_name(f.mode));
    append_row(out, "Target Rate (requests/sec)", number(f.target_rate_per_s, 2));
    append_row(out, "Scheduled Rate (requests/sec)", number(f.scheduled_rate_per_s, 2));
    append_row(out, "Achieved Rate (requests/sec)", number(f.achieved_rate_per_s, 2));
    append_row(out, "Rate Error (%)", number(r.rate_error_percent, 2));
    append_row(out, "Rate Error vs Schedule (%)", number(r.rate_error_vs_schedule_percent, 2));
    append_row(out, "Requests Sent", std::to_string(f.sent));
    append_lag_rows(out, "Send Lag", r.send_lag);
    append_lag_rows(out, "Schedule Lag", f.schedule_lag);
    append_row(out, "Skipped Requests", std::to_string(f.skipped));
    append_row(out, "Queued Requests", std::to_string(f.queued));
    append_row(out, "Dropped Requests", std::to_string(r.dropped));
    append_row(out, "Threshold Schedule Lag p99 (ms)", format_fixed(t.schedule_lag_p99_ms, 3));
    append_row(out, "Threshold Schedule Lag max (ms)", format_fixed(t.schedule_lag_max_ms, 3));
    append_row(out, "Threshold Rate Error vs Schedule (%)", format_fixed(t.rate_error_percent, 2));
    append_row(out, "Threshold Skipped (%)", format_fixed(t.skipped_percent, 2));
    append_row(out, "Threshold Queued (%)", format_fixed(t.queued_percent, 2));
}

}  // namespace

std::string render_csv(std::span<const metric_result> results) {
    const auto with_stats = sorted_by_tag(results, true);
    const auto single = sorted_by_tag(results, false);
    std::string out;
    if (!with_stats.empty()) {
        out += "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std";
        out += eol;
        for (const auto* r : with_stats)
            append_stats_row(out, *r);
        if (!single.empty()) out += eol;
    }
    if (!single.empty()) {
        out += "Metric,Value";
        out += eol;
        for (const auto* r : single) {
            append_csv_cell(out, metric_name(*r));
            out += ',';
            out += format_fixed(r->value, 2);
            out += eol;
        }
    }
    return out;
}

std::string render_summary_csv(const run_summary& s) {
    std::string out = render_csv(s.results);
    if (s.self_check) {
        if (!out.empty()) out += eol;
        append_self_check(out, *s.self_check);
    }
    if (!s.definitions.empty()) {
        if (!out.empty()) out += eol;
        append_definitions_csv(out, s.definitions);
    }
    return out;
}

}  // namespace ringperf::exporter
