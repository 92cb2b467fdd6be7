#include <algorithm>
#include <string_view>

#include "ringperf/base/json_writer.h"
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

}  // namespace ringperf::exporter
