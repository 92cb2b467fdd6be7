// The distribution of one record metric: an HdrHistogram for percentiles plus exact count,
// min, max, sum and Welford mean/M2, so avg, min, max and std are exact and only the
// percentiles carry the histogram's (<= 0.1 % at 3 significant figures) quantisation.
//
// Thread-safety: none; one owner thread, merged after recording stops.
#pragma once

#include <cstdint>

#include "ringperf/base/result.h"
#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/hdr_histogram.h"

namespace ringperf::metrics {

// Summary statistics of one record metric, in the metric's *display* unit.
struct stats {
    double avg = 0, min = 0, max = 0;
    double p1 = 0, p5 = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0, p99 = 0;
    double std = 0;  // population standard deviation (numpy default, as AIPerf)
    std::uint64_t count = 0;
    double sum = 0;
};

// How a metric's base-unit values map onto its histogram.
struct summary_layout {
    std::int64_t lowest_discernible = 1;  // histogram units
    std::int64_t highest_trackable = 2;   // histogram units
    int significant_figures = 3;
    // Histogram units per base unit: 1 for ns and tokens, 1000 for tokens/sec/user recorded
    // in milli-units.
    double units_per_value = 1;
    // Added to a value before scaling, so that signed metrics (down to -value_offset) fit
    // the histogram's non-negative range; percentiles subtract it again.
    double value_offset = 0;
};

// The layout ringperf uses for a record metric: ns metrics 1 ns .. 86 400 s, token counts
// and bytes 1 .. 1e9, throughputs (tokens/sec/user) in milli-units 0.001 .. 1e9, percentages
// in milli-percent from -100 % (offset 100) up to 1e9 %; all at 3 significant figures.
// Returns the token layout for any non-record metric.
summary_layout layout_for(metric_id id);

class summary {
  public:
    // Fails when the layout's histogram arguments are invalid (see hdr_histogram::create)
    // or units_per_value is not > 0.
    static result<summary> create(const summary_layout& layout);

    // Records one value in base units. Exact statistics take it as given; the histogram takes
    // round(value * units_per_value) clamped to [0, highest_trackable], and each clamped value
    // is counted in out_of_range_count(). Non-finite values are ignored and also counted there.
    void record(double value) noexcept;
    // Records `value` as `weight` equal values (a weighted distribution, e.g. one value per
    // request weighted by its tokens): count, sum, mean and M2 are those of `weight` copies
    // (West's weighted update), the histogram counts it `weight` times, so percentiles are
    // those of the weighted values. Weight 0 records nothing; out-of-range handling as above
    // (one out_of_range_count() per call).
    void record(double value, std::uint64_t weight) noexcept;
    // Adds `other`'s values (Chan's formula for the mean and M2). With a different layout,
    // values the histogram cannot hold are dropped from it and counted in out_of_range_count().
    void merge(const summary& other) noexcept;
    void reset() noexcept;

    std::uint64_t count() const noexcept { return count_; }
    // Exact values, in base units; 0 when empty.
    double min() const noexcept { return count_ ? min_ : 0; }
    double max() const noexcept { return count_ ? max_ : 0; }
    double sum() const noexcept { return sum_; }
    double mean() const noexcept { return mean_; }
    double stddev() const noexcept;  // population (ddof = 0)
    std::uint64_t out_of_range_count() const noexcept { return out_of_range_; }

    // numpy.percentile(values, p) with linear interpolation, p in [0, 100], in base units:
    // rank = p/100 * (n - 1); the value at an integer rank k is the median-equivalent value
    // of the histogram bucket holding the k-th smallest value (0-based), clamped to the exact
    // [min, max]; fractional ranks interpolate between the floor and ceiling ranks.
    // Exact when every bucket holding a value is one unit wide. 0 when empty.
    double percentile(double p) const noexcept;
    // Every statistic divided by `display_divisor` (1e6 for ns -> ms).
    stats compute(double display_divisor) const noexcept;

    const hdr_histogram& histogram() const noexcept { return histogram_; }
    const summary_layout& layout() const noexcept { return layout_; }

    // The exact statistics, for saving a summary and restoring it (metric_set_state.cpp).
    struct exact_state {
        std::uint64_t count = 0;
        double min = 0, max = 0, sum = 0, mean = 0, m2 = 0;
        std::uint64_t out_of_range = 0;
    };
    exact_state exact() const noexcept;
    // A summary with `layout`, the counts of `h` and the statistics `s`. Fails when the
    // layout is invalid or `h` holds values the layout's histogram cannot.
    static result<summary> restore(const summary_layout& layout, const hdr_histogram& h,
                                   const exact_state& s);

  private:
    summary(const summary_layout& layout, hdr_histogram h);
    static constexpr std::size_t max_ranks = 18;
    // Fills out[i] with the base-unit value at 0-based rank ranks[i], n <= max_ranks.
    void values_at_ranks(const std::uint64_t* ranks, double* out, std::size_t n) const noexcept;

    summary_layout layout_;
    hdr_histogram histogram_;
    std::uint64_t count_ = 0;
    double min_ = 0, max_ = 0, sum_ = 0;
    double mean_ = 0, m2_ = 0;
    std::uint64_t out_of_range_ = 0;
};

}  // namespace ringperf::metrics
