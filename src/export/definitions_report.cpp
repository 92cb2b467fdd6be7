#include "ringperf/export/definitions_report.h"

#include <cmath>

#include "json_stats.h"
#include "ringperf/export/format.h"
#include "text_table.h"

namespace ringperf::exporter {
namespace {

using metrics::definition_metric_result;
using metrics::definition_result;

std::string label(const definition_result& d, const definition_metric_result& m) {
    return std::string(metrics::definition_label(d.set, m.metric)) + " (" +
           metrics::info(m.metric).display_unit + ")";
}

}  // namespace

std::string render_definitions_tables(std::span<const definition_result> sets, console_charset cs) {
    std::string out;
    const std::vector<detail::table_column> columns{{"Metric"}, {"avg"}, {"min"}, {"max"},  {"p99"},
                                                    {"p90"},    {"p50"}, {"std"}, {"count"}};
    for (const auto& d : sets) {
        const std::string title =
            "ringperf | " + std::string(metrics::definition_set_title(d.set)) + " definitions";
        if (d.metrics.empty()) {
            out += title + ": no values\n";
            continue;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& m : d.metrics) {
            std::vector<std::string> row{label(d, m)};
            for (double v : {m.s.avg, m.s.min, m.s.max, m.s.p99, m.s.p90, m.s.p50, m.s.std})
                row.push_back(format_grouped(v, 2));
            row.push_back(format_grouped(m.s.count));
            rows.push_back(std::move(row));
        }
        out += '\n';
        out += detail::render_text_table(title, columns, rows, cs);
    }
    return out;
}

void append_definitions_csv(std::string& out, std::span<const definition_result> sets) {
    if (sets.empty()) return;
    out +=
        "Definition Set,Metric,Unit,Weighting,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,"
        "std,count,requests\r\n";
    for (const auto& d : sets) {
        for (const auto& m : d.metrics) {
            out += metrics::definition_set_name(d.set);
            out += ',';
            out += metrics::info(m.metric).key;
            out += ',';
            out += metrics::info(m.metric).display_unit;
            out += ',';
            append_csv_cell(out, metrics::definition_weighting(d.set, m.metric));
            const auto& s = m.s;
            for (double v : {s.avg, s.min, s.max, s.p1, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90,
                             s.p95, s.p99, s.std}) {
                out += ',';
                out += format_fixed(v, 2);
            }
            out += ',' + std::to_string(s.count) + ',' + std::to_string(m.requests) + "\r\n";
        }
    }
}

void append_definitions_json(json_writer& w, std::span<const definition_result> sets) {
    if (sets.empty()) return;
    w.key("metric_definitions").begin_object();
    for (const auto& d : sets) {
        w.key(metrics::definition_set_name(d.set)).begin_object();
        for (const auto& m : d.metrics) {
            const auto& s = m.s;
            w.key(metrics::info(m.metric).key).begin_object();
            w.key("unit").value(metrics::info(m.metric).display_unit);
            w.key("weighting").value(metrics::definition_weighting(d.set, m.metric));
            write_stats_fields(w, s);
            w.key("requests").value(m.requests);
            w.end_object();
        }
        w.end_object();
    }
    w.end_object();
}

}  // namespace ringperf::exporter
