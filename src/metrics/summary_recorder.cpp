#include "ringperf/metrics/summary_recorder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace ringperf::metrics {
namespace {

constexpr std::int64_t ns_per_day = 86'400'000'000'000;
constexpr std::int64_t max_tokens = 1'000'000'000;
constexpr double milli_units = 1000;
constexpr double percent_offset = 100;  // a signed percentage never goes below -100 %

// numpy's _lerp: the second form for t >= 0.5 keeps the result exact at t == 1 and
// monotonic, and matching it makes hand-computed numpy answers compare equal.
double lerp(double a, double b, double t) {
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

struct rank_pair {
    std::uint64_t lo, hi;
    double t;
};

// numpy's "linear" method: virtual index p/100 * (n - 1), neighbours clipped to n - 1.
rank_pair ranks_for(double p, std::uint64_t n) {
    const double q = std::clamp(p, 0.0, 100.0) / 100.0;
    const double virtual_index = q * static_cast<double>(n - 1);
    const double lo = std::floor(virtual_index);
    const auto lo_rank = std::min(static_cast<std::uint64_t>(lo), n - 1);
    return {lo_rank, std::min(lo_rank + 1, n - 1), virtual_index - lo};
}

}  // namespace

summary_layout layout_for(metric_id id) {
    switch (id) {
        case metric_id::time_to_first_token:
        case metric_id::time_to_second_token:
        case metric_id::time_to_first_output_token:
        case metric_id::request_latency:
        case metric_id::inter_token_latency:
        case metric_id::inter_chunk_latency:
        case metric_id::time_to_first_token_from_intended:
        case metric_id::request_latency_from_intended:
        case metric_id::send_lag:
        case metric_id::schedule_lag:
        case metric_id::decode_duration:
        case metric_id::full_response_inter_token_latency:
        case metric_id::network_adjusted_request_latency:
        case metric_id::network_adjusted_time_to_first_token:
        case metric_id::network_adjusted_time_to_first_output_token:
        case metric_id::http_req_blocked:
        case metric_id::http_req_dns_lookup:
        case metric_id::http_req_connecting:
        case metric_id::http_req_sending:
        case metric_id::http_req_waiting:
        case metric_id::http_req_receiving:
        case metric_id::http_req_duration:
        case metric_id::http_req_connection_overhead:
        case metric_id::http_req_total:
            return {1, ns_per_day, 3, 1};
        case metric_id::output_token_throughput_per_user:
        case metric_id::prefill_throughput_per_user:
        case metric_id::e2e_output_token_throughput:
            return {1, max_tokens * static_cast<std::int64_t>(milli_units), 3, milli_units};
        case metric_id::usage_prompt_tokens_diff_pct:
        case metric_id::usage_completion_tokens_diff_pct:
        case metric_id::usage_reasoning_tokens_diff_pct:
        case metric_id::osl_mismatch_diff_pct:
            return {1, max_tokens * static_cast<std::int64_t>(milli_units), 3, milli_units,
                    percent_offset};
        default:
            return {1, max_tokens, 3, 1};
    }
}

summary::summary(const summary_layout& layout, hdr_histogram h)
    : layout_(layout), histogram_(std::move(h)) {}

result<summary> summary::create(const summary_layout& layout) {
    if (!(layout.units_per_value > 0)) {
        return make_error("summary units_per_value must be > 0");
    }
    auto h = hdr_histogram::create(layout.lowest_discernible, layout.highest_trackable,
                                   layout.significant_figures);
    if (!h) return h.err();
    return summary(layout, std::move(h).value());
}

void summary::record(double value) noexcept {
    if (!std::isfinite(value)) {
        ++out_of_range_;
        return;
    }
    const double scaled = (value + layout_.value_offset) * layout_.units_per_value;
    const std::int64_t top = layout_.highest_trackable;
    std::int64_t h = 0;
    if (scaled < 0) {
        ++out_of_range_;
    } else if (scaled >= static_cast<double>(top)) {
        if (scaled > static_cast<double>(top)) ++out_of_range_;
        h = top;
    } else {
        h = std::min(static_cast<std::int64_t>(scaled + 0.5), top);
    }
    histogram_.record(h);

    ++count_;
    if (count_ == 1) {
        min_ = max_ = value;
    } else {
        min_ = std::min(min_, value);
        max_ = std::max(max_, value);
    }
    sum_ += value;
    const double delta = value - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (value - mean_);
}

void summary::merge(const summary& other) noexcept {
    out_of_range_ +=
        other.out_of_range_ + static_cast<std::uint64_t>(histogram_.add(other.histogram_));
    if (other.count_ == 0) return;
    if (count_ == 0) {
        count_ = other.count_;
        min_ = other.min_;
        max_ = other.max_;
        sum_ = other.sum_;
        mean_ = other.mean_;
        m2_ = other.m2_;
        return;
    }
    const auto na = static_cast<double>(count_);
    const auto nb = static_cast<double>(other.count_);
    const double n = na + nb;
    const double delta = other.mean_ - mean_;
    mean_ += delta * (nb / n);
    m2_ += other.m2_ + delta * delta * (na * nb / n);
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

void summary::reset() noexcept {
    histogram_.reset();
    count_ = 0;
    min_ = max_ = sum_ = mean_ = m2_ = 0;
    out_of_range_ = 0;
}

double summary::stddev() const noexcept {
    if (count_ == 0) return 0;
    return std::sqrt(std::max(m2_, 0.0) / static_cast<double>(count_));
}

void summary::values_at_ranks(const std::uint64_t* ranks, double* out,
                              std::size_t n) const noexcept {
    // The neighbour ranks of successive levels interleave (floor of one level can sit below
    // the ceiling of the previous), so walk them in sorted order.
    std::array<std::size_t, max_ranks> order{};
    n = std::min(n, max_ranks);
    for (std::size_t i = 0; i < n; ++i)
        order[i] = i;
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n),
              [ranks](std::size_t a, std::size_t b) { return ranks[a] < ranks[b]; });
    std::size_t i = 0;
    std::uint64_t cumulative = 0;
    for (const hdr_bucket& b : histogram_.recorded()) {
        cumulative += static_cast<std::uint64_t>(b.count);
        if (i < n && ranks[order[i]] < cumulative) {
            const std::int64_t median = b.lowest + (b.highest - b.lowest + 1) / 2;
            const double v = std::clamp(
                static_cast<double>(median) / layout_.units_per_value - layout_.value_offset, min(),
                max());
            while (i < n && ranks[order[i]] < cumulative)
                out[order[i++]] = v;
        }
        if (i == n) return;
    }
    while (i < n)
        out[order[i++]] = max();
}

double summary::percentile(double p) const noexcept {
    const auto n = static_cast<std::uint64_t>(histogram_.total_count());
    if (n == 0) return 0;
    const rank_pair r = ranks_for(p, n);
    const std::array<std::uint64_t, 2> ranks{r.lo, r.hi};
    std::array<double, 2> v{};
    values_at_ranks(ranks.data(), v.data(), 2);
    return lerp(v[0], v[1], r.t);
}

stats summary::compute(double display_divisor) const noexcept {
    stats s;
    if (count_ == 0) return s;
    const double d = display_divisor;
    s.count = count_;
    s.avg = mean_ / d;
    s.min = min_ / d;
    s.max = max_ / d;
    s.std = stddev() / d;
    s.sum = sum_ / d;

    constexpr std::array<double, 9> levels{1, 5, 10, 25, 50, 75, 90, 95, 99};
    std::array<double*, 9> slots{&s.p1,  &s.p5,  &s.p10, &s.p25, &s.p50,
                                 &s.p75, &s.p90, &s.p95, &s.p99};
    const auto n = static_cast<std::uint64_t>(histogram_.total_count());
    if (n == 0) return s;
    // One walk over the histogram for all 18 neighbour ranks (they rise with the level).
    std::array<rank_pair, 9> pairs{};
    std::array<std::uint64_t, 18> ranks{};
    for (std::size_t i = 0; i < levels.size(); ++i) {
        pairs[i] = ranks_for(levels[i], n);
        ranks[2 * i] = pairs[i].lo;
        ranks[2 * i + 1] = pairs[i].hi;
    }
    std::array<double, 18> values{};
    values_at_ranks(ranks.data(), values.data(), ranks.size());
    for (std::size_t i = 0; i < levels.size(); ++i) {
        *slots[i] = lerp(values[2 * i], values[2 * i + 1], pairs[i].t) / d;
    }
    return s;
}

}  // namespace ringperf::metrics
