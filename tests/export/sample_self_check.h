// Self-check reports for the export tests, built from figures (no metric set), with the
// verdict and errors computed as evaluate_self_check() computes them.
#pragma once

#include <string>
#include <vector>

#include "ringperf/export/self_check.h"

namespace sample_self_check {

using ringperf::exporter::self_check_report;
using ringperf::metrics::lag_figures;
using ringperf::metrics::load_mode;

inline self_check_report finish(self_check_report r) {
    const auto& f = r.figures;
    r.verdict = ringperf::metrics::judge_self_check(f, r.thresholds);
    r.rate_error_percent =
        ringperf::metrics::percent_error(f.achieved_rate_per_s, f.target_rate_per_s);
    r.rate_error_vs_schedule_percent =
        ringperf::metrics::percent_error(f.achieved_rate_per_s, f.scheduled_rate_per_s);
    return r;
}

// A 10k req/s Poisson run that kept up.
inline self_check_report kept_up() {
    self_check_report r;
    auto& f = r.figures;
    f.mode = load_mode::request_rate;
    f.sent = 29'874;
    f.target_rate_per_s = 10'000;
    f.scheduled_rate_per_s = 9'958.2;
    f.achieved_rate_per_s = 9'958.1;
    f.schedule_lag = lag_figures{0.012, 0.048, 0.31, 29'874};
    r.send_lag = lag_figures{0.013, 0.051, 0.52, 29'874};
    return finish(r);
}

// A 50k req/s run that could not keep up and ran out of connection slots.
inline self_check_report fell_behind() {
    self_check_report r;
    auto& f = r.figures;
    f.mode = load_mode::request_rate;
    f.sent = 98'000;
    f.target_rate_per_s = 50'000;
    f.scheduled_rate_per_s = 49'900;
    f.achieved_rate_per_s = 41'200.5;
    f.schedule_lag = lag_figures{3.2, 48, 61.5, 98'000};
    f.skipped = 2'000;
    f.queued = 0;
    r.send_lag = lag_figures{3.25, 48.5, 63, 98'000};
    r.dropped = 12;
    return finish(r);
}

// A closed-loop run: no target, no schedule.
inline self_check_report closed_loop() {
    self_check_report r;
    auto& f = r.figures;
    f.mode = load_mode::closed_loop;
    f.sent = 640;
    f.scheduled_rate_per_s = 212.4;
    f.achieved_rate_per_s = 212.3;
    f.schedule_lag = lag_figures{0.001, 0.002, 0.004, 640};
    r.send_lag = lag_figures{0.002, 0.09, 0.2, 640};
    return finish(r);
}

}  // namespace sample_self_check
