#include "ringperf/metrics/self_check.h"

#include <cmath>
#include <cstdio>

namespace ringperf::metrics {
namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void check_lag(const lag_figures& lag, const self_check_thresholds& t,
               std::vector<std::string>& reasons) {
    if (lag.p99_ms > t.schedule_lag_p99_ms) {
        reasons.push_back("schedule lag p99 " + fixed(lag.p99_ms, 3) + " ms > " +
                          fixed(t.schedule_lag_p99_ms, 3) + " ms");
    }
    if (lag.max_ms > t.schedule_lag_max_ms) {
        reasons.push_back("schedule lag max " + fixed(lag.max_ms, 3) + " ms > " +
                          fixed(t.schedule_lag_max_ms, 3) + " ms");
    }
}

void check_rate(const self_check_figures& f, const self_check_thresholds& t,
                std::vector<std::string>& reasons) {
    const std::optional<double> err = percent_error(f.achieved_rate_per_s, f.scheduled_rate_per_s);
    if (!err || std::abs(*err) <= t.rate_error_percent) return;
    reasons.push_back("achieved rate " + fixed(*f.achieved_rate_per_s, 2) + " req/s is " +
                      fixed(std::abs(*err), 2) + (*err < 0 ? "% below" : "% above") +
                      " the schedule's " + fixed(*f.scheduled_rate_per_s, 2) + " req/s (limit " +
                      fixed(t.rate_error_percent, 2) + "%)");
}

void check_capped(std::uint64_t n, std::uint64_t scheduled, double limit_percent, const char* what,
                  std::vector<std::string>& reasons) {
    if (n == 0 || scheduled == 0) return;
    const double share = 100.0 * static_cast<double>(n) / static_cast<double>(scheduled);
    if (share <= limit_percent) return;
    reasons.push_back(std::to_string(n) + " of " + std::to_string(scheduled) +
                      " scheduled requests (" + fixed(share, 2) + "%) " + what + " (limit " +
                      fixed(limit_percent, 2) + "%)");
}

}  // namespace

const char* load_mode_name(load_mode m) {
    switch (m) {
        case load_mode::closed_loop:
            return "closed_loop";
        case load_mode::request_rate:
            return "request_rate";
        case load_mode::fixed_schedule:
            return "fixed_schedule";
        case load_mode::user_centric:
            return "user_centric";
    }
    return "unknown";
}

const char* self_check_outcome_text(self_check_outcome o) {
    switch (o) {
        case self_check_outcome::kept_up:
            return "kept up";
        case self_check_outcome::fell_behind:
            return "fell behind: results not valid";
        case self_check_outcome::not_judged:
            return "not judged";
    }
    return "unknown";
}

std::optional<double> percent_error(std::optional<double> value, std::optional<double> reference) {
    if (!value || !reference || !(*reference > 0)) return std::nullopt;
    return (*value - *reference) / *reference * 100.0;
}

self_check_verdict judge_self_check(const self_check_figures& f, const self_check_thresholds& t) {
    self_check_verdict v;
    if (!f.schedule_lag && f.skipped == 0) {
        v.reasons.push_back("no request was sent");
        return v;
    }
    if (f.schedule_lag) check_lag(*f.schedule_lag, t, v.reasons);
    if (is_open_loop(f.mode)) {
        check_rate(f, t, v.reasons);
        const std::uint64_t scheduled = f.sent + f.skipped;
        check_capped(f.skipped, scheduled, t.skipped_percent,
                     "were skipped: every connection slot was busy", v.reasons);
        check_capped(f.queued, scheduled, t.queued_percent, "waited for a free connection slot",
                     v.reasons);
    }
    v.outcome = v.reasons.empty() ? self_check_outcome::kept_up : self_check_outcome::fell_behind;
    return v;
}

}  // namespace ringperf::metrics
