#include "ringperf/export/self_check.h"

#include "ringperf/export/summary_report.h"

namespace ringperf::exporter {
namespace {

constexpr double ns_per_ms = 1e6;

std::optional<metrics::lag_figures> lag_of(const metrics::metric_set& set, metrics::metric_id id) {
    const metrics::summary* s = set.find_summary(id);
    if (s == nullptr) return std::nullopt;
    const metrics::stats st = s->compute(ns_per_ms);
    return metrics::lag_figures{st.p50, st.p99, st.max, st.count};
}

}  // namespace

self_check_report evaluate_self_check(const metrics::metric_set& merged, const self_check_input& in,
                                      const metrics::self_check_thresholds& thresholds) {
    self_check_report r;
    metrics::self_check_figures& f = r.figures;
    const metrics::send_accounting& sends = merged.sends();
    f.mode = in.mode;
    f.sent = sends.sent;
    f.target_rate_per_s = in.target_rate_per_s;
    f.scheduled_rate_per_s = sends.scheduled_rate_per_s();
    f.achieved_rate_per_s = sends.achieved_rate_per_s();
    f.schedule_lag = lag_of(merged, metrics::metric_id::schedule_lag);
    f.skipped = in.skipped;
    f.queued = in.queued;
    r.thresholds = thresholds;
    r.verdict = metrics::judge_self_check(f, thresholds);
    r.send_lag = lag_of(merged, metrics::metric_id::send_lag);
    r.dropped = in.dropped;
    r.rate_error_percent = metrics::percent_error(f.achieved_rate_per_s, f.target_rate_per_s);
    r.rate_error_vs_schedule_percent =
        metrics::percent_error(f.achieved_rate_per_s, f.scheduled_rate_per_s);
    return r;
}

std::vector<url_summary> summarize_urls(const metrics::metric_set& merged,
                                        std::span<const std::string> urls) {
    std::vector<url_summary> out;
    for (const metrics::url_result& u : merged.url_results()) {
        url_summary s;
        s.url_index = u.url_index;
        if (u.url_index < urls.size()) s.url = urls[u.url_index];
        s.request_count = u.request_count;
        s.error_count = u.error_count;
        s.request_latency = u.request_latency;
        s.time_to_first_token = u.time_to_first_token;
        out.push_back(std::move(s));
    }
    return out;
}

void add_self_check(run_summary& s, const metrics::metric_set& merged, const self_check_input& in) {
    s.self_check = evaluate_self_check(merged, in);
    s.per_url = summarize_urls(merged, in.urls);
}

}  // namespace ringperf::exporter
