#include "ringperf/export/timeslices.h"

#include <cmath>
#include <utility>

#include "json_stats.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/export/format.h"

namespace ringperf::exporter {
namespace {

using metrics::metric_id;
using metrics::metric_result;

metric_result single(metric_id id, double value) {
    metric_result m;
    m.info = &metrics::info(id);
    m.value = value;
    return m;
}

timeslice make_slice(const metrics::metric_set* set, std::uint32_t index, double length_s) {
    timeslice t;
    t.index = index;
    t.length_s = length_s;
    std::uint64_t ok = 0;
    std::optional<double> total_osl;
    if (set != nullptr) {
        ok = set->request_count();
        for (auto& r : set->summarize()) {
            if (r.has_stats) t.results.push_back(r);
            if (r.info->id == metric_id::total_output_sequence_length) total_osl = r.value;
        }
    }
    t.results.push_back(single(metric_id::request_count, static_cast<double>(ok)));
    t.results.push_back(single(metric_id::request_throughput, static_cast<double>(ok) / length_s));
    if (total_osl)
        t.results.push_back(single(metric_id::output_token_throughput, *total_osl / length_s));
    return t;
}

using stat_field = std::pair<const char*, double metrics::stats::*>;
constexpr stat_field slice_stats[] = {{"avg", &metrics::stats::avg}, {"min", &metrics::stats::min},
                                      {"max", &metrics::stats::max}, {"p50", &metrics::stats::p50},
                                      {"p90", &metrics::stats::p90}, {"p95", &metrics::stats::p95},
                                      {"p99", &metrics::stats::p99}};

void csv_row(std::string& out, std::uint32_t index, const metric_result& r, const char* stat,
             double v) {
    out += std::to_string(index);
    out += ',';
    append_csv_cell(out, r.info->header);
    out += ',';
    append_csv_cell(out, r.info->display_unit);
    out += ',';
    out += stat;
    out += ',';
    out += format_fixed(v, 2);
    out += "\r\n";
}

}  // namespace

std::vector<timeslice> build_timeslices(std::span<const metrics::metric_set> windows,
                                        mono_ns slice_ns, mono_ns length_ns) {
    std::size_t n = windows.size();
    if (length_ns > 0) {
        const auto covered = static_cast<std::size_t>((length_ns + slice_ns - 1) / slice_ns);
        n = std::max(n, covered);
    }
    std::vector<timeslice> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        mono_ns len = std::min<mono_ns>(slice_ns, length_ns - static_cast<mono_ns>(i) * slice_ns);
        if (len <= 0) len = slice_ns;
        const metrics::metric_set* set = i < windows.size() ? &windows[i] : nullptr;
        out.push_back(
            make_slice(set, static_cast<std::uint32_t>(i), static_cast<double>(len) / 1e9));
    }
    return out;
}

std::string render_timeslices_csv(std::span<const timeslice> slices) {
    std::string out = "Timeslice,Metric,Unit,Stat,Value\r\n";
    for (const auto& t : slices) {
        for (const auto& r : t.results) {
            if (!r.has_stats) {
                csv_row(out, t.index, r, "avg", r.value);
                continue;
            }
            for (const auto& [name, field] : slice_stats)
                csv_row(out, t.index, r, name, r.s.*field);
        }
    }
    return out;
}

std::string render_timeslices_json(std::span<const timeslice> slices,
                                   std::string_view input_config_json) {
    std::string out;
    json_writer w(out);
    w.begin_object().key("timeslices").begin_array();
    for (const auto& t : slices) {
        w.begin_object().key("timeslice_index").value(std::uint64_t{t.index});
        for (const auto& r : t.results) {
            w.key(r.info->tag).begin_object().key("unit").value(r.info->display_unit);
            if (!r.has_stats) {
                w.key("avg");
                write_json_float(w, r.value);
            } else {
                for (const auto& [name, field] : slice_stats) {
                    w.key(name);
                    write_json_float(w, r.s.*field);
                }
            }
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.key("input_config").raw(input_config_json.empty() ? "{}" : input_config_json);
    w.end_object();
    out += '\n';
    return out;
}

}  // namespace ringperf::exporter
