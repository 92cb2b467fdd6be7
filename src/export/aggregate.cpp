#include "ringperf/export/aggregate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <span>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/student_t.h"

namespace ringperf::exporter {
namespace {

using metrics::metric_id;
using metrics::metric_result;

constexpr std::array<summary_stat, summary_stat_count> all_stats{
    summary_stat::avg, summary_stat::min, summary_stat::max, summary_stat::p1,  summary_stat::p5,
    summary_stat::p10, summary_stat::p25, summary_stat::p50, summary_stat::p75, summary_stat::p90,
    summary_stat::p95, summary_stat::p99, summary_stat::std,
};
constexpr std::array<summary_stat, 1> single_value_stats{summary_stat::avg};

// The values one key takes across the successful runs, in run order.
struct key_values {
    const metrics::metric_info* info = nullptr;
    summary_stat stat = summary_stat::avg;
    bool has_stats = false;
    std::vector<double> values;
};

bool is_aggregated(const metrics::metric_info& m) {
    return m.id != metric_id::min_request_timestamp && m.id != metric_id::max_response_timestamp;
}

// Adds one run's finite values to `keys`; a value that is not finite counts as absent.
result<void> collect_run(const std::vector<metric_result>& run, std::string_view label,
                         std::map<std::string, key_values>& keys) {
    std::set<std::string_view> tags;
    for (const auto& r : run) {
        if (r.info == nullptr)
            return make_error("aggregate: a metric of " + std::string(label) +
                              " has no definition");
        if (!tags.insert(r.info->tag).second)
            return make_error("aggregate: " + std::string(label) + " lists metric " + r.info->tag +
                              " twice");
        if (!is_aggregated(*r.info)) continue;
        const std::span<const summary_stat> stats =
            r.has_stats ? std::span<const summary_stat>(all_stats) : single_value_stats;
        for (summary_stat st : stats) {
            const double v = r.has_stats ? summary_stat_value(r.s, st) : r.value;
            if (!std::isfinite(v)) continue;
            auto& kv = keys[std::string(r.info->tag) + "_" + summary_stat_name(st)];
            if (kv.info == nullptr) {
                kv.info = r.info;
                kv.stat = st;
                kv.has_stats = r.has_stats;
            }
            kv.values.push_back(v);
        }
    }
    return {};
}

aggregate_metric compute(std::string key, const key_values& kv, std::optional<double> t_critical) {
    aggregate_metric m;
    m.key = std::move(key);
    m.info = kv.info;
    m.stat = kv.stat;
    m.has_stats = kv.has_stats;
    const auto& x = kv.values;
    const double n = static_cast<double>(x.size());
    double sum = 0;
    m.min = m.max = x.front();
    for (double v : x) {
        sum += v;
        m.min = std::min(m.min, v);
        m.max = std::max(m.max, v);
    }
    m.mean = sum / n;
    if (x.size() > 1) {
        double squares = 0;
        for (double v : x)
            squares += (v - m.mean) * (v - m.mean);
        m.std = std::sqrt(squares / (n - 1));
    }
    if (m.mean != 0) m.cv = m.std / std::fabs(m.mean);
    m.se = m.std / std::sqrt(n);
    if (t_critical) {
        m.t_critical = t_critical;
        m.ci_low = m.mean - *t_critical * m.se;
        m.ci_high = m.mean + *t_critical * m.se;
    }
    return m;
}

}  // namespace

std::string run_label(std::size_t index) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "run_%04zu", index + 1);
    return buf;
}

std::string profile_run_dir(std::string_view artifact_dir, std::size_t index) {
    return join_path(join_path(artifact_dir, "profile_runs"), run_label(index));
}

aggregate_paths make_aggregate_paths(std::string_view artifact_dir) {
    aggregate_paths p;
    p.dir = join_path(artifact_dir, "aggregate");
    p.json = join_path(p.dir, "profile_export_aiperf_aggregate.json");
    p.csv = join_path(p.dir, "profile_export_aiperf_aggregate.csv");
    return p;
}

const char* summary_stat_name(summary_stat s) {
    static constexpr std::array<const char*, summary_stat_count> names{
        "avg", "min", "max", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "std"};
    return names[static_cast<std::size_t>(s)];
}

double summary_stat_value(const metrics::stats& st, summary_stat s) {
    const std::array<double, summary_stat_count> values{st.avg, st.min, st.max, st.p1,  st.p5,
                                                        st.p10, st.p25, st.p50, st.p75, st.p90,
                                                        st.p95, st.p99, st.std};
    return values[static_cast<std::size_t>(s)];
}

std::optional<double> aggregate_metric::half_width() const {
    if (!t_critical) return std::nullopt;
    return *t_critical * se;
}

result<run_aggregate> aggregate_runs(const aggregate_input& in) {
    if (!(in.confidence_level > 0 && in.confidence_level < 1))
        return make_error("aggregate: confidence level " + format_double(in.confidence_level) +
                          " is not between 0 and 1 (exclusive)");
    if (in.run_labels.size() != in.runs.size())
        return make_error("aggregate: " + std::to_string(in.runs.size()) + " run summaries but " +
                          std::to_string(in.run_labels.size()) + " run labels");
    std::map<std::string, key_values> keys;
    for (std::size_t i = 0; i < in.runs.size(); ++i) {
        if (auto r = collect_run(in.runs[i], in.run_labels[i], keys); !r) return r.err();
    }
    run_aggregate a;
    a.num_profile_runs = in.runs.size() + in.failed_runs.size();
    a.num_successful_runs = in.runs.size();
    a.failed_runs = in.failed_runs;
    a.confidence_level = in.confidence_level;
    a.cooldown_seconds = in.cooldown_seconds;
    a.run_labels = in.run_labels;
    std::optional<double> t_critical;
    if (in.runs.size() > 1) {
        const double alpha = 1 - in.confidence_level;
        t_critical = t_quantile(1 - alpha / 2, static_cast<double>(in.runs.size() - 1));
    }
    for (const auto& [key, kv] : keys) {
        if (kv.values.size() == in.runs.size()) {
            a.metrics.push_back(compute(key, kv, t_critical));
        } else {
            a.omitted_metrics.push_back(key);
        }
    }
    return a;
}

}  // namespace ringperf::exporter
