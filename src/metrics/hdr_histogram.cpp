#include "ringperf/metrics/hdr_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

namespace ringperf::metrics {
namespace {

// Smallest m with 2^m >= 2 * 10^significant_figures: the sub-bucket count must give
// single-unit resolution up to that value. Integer arithmetic, so no log() rounding.
int sub_bucket_count_magnitude(int significant_figures) {
    std::int64_t largest_single_unit = 2;
    for (int i = 0; i < significant_figures; ++i)
        largest_single_unit *= 10;
    int m = 0;
    while ((std::int64_t{1} << m) < largest_single_unit)
        ++m;
    return m;
}

// Number of buckets needed so that the top one reaches past `value`; the first bucket
// covers sub_bucket_count units, each further one doubles the range.
int buckets_needed(std::int64_t value, std::int64_t sub_bucket_count, int unit_magnitude) {
    std::int64_t smallest_untrackable = sub_bucket_count << unit_magnitude;
    int needed = 1;
    while (smallest_untrackable <= value) {
        if (smallest_untrackable > INT64_MAX / 2) return needed + 1;
        smallest_untrackable <<= 1;
        ++needed;
    }
    return needed;
}

}  // namespace

result<hdr_histogram> hdr_histogram::create(std::int64_t lowest_discernible,
                                            std::int64_t highest_trackable,
                                            int significant_figures) {
    if (lowest_discernible < 1) {
        return make_error("histogram lowest discernible value must be >= 1, got " +
                          std::to_string(lowest_discernible));
    }
    if (highest_trackable / 2 < lowest_discernible) {
        return make_error("histogram highest trackable value " + std::to_string(highest_trackable) +
                          " must be >= 2 * lowest (" + std::to_string(lowest_discernible) + ")");
    }
    if (significant_figures < 1 || significant_figures > 5) {
        return make_error("histogram significant figures must be in 1..5, got " +
                          std::to_string(significant_figures));
    }
    hdr_histogram h;
    h.lowest_discernible_ = lowest_discernible;
    h.highest_trackable_ = highest_trackable;
    h.significant_figures_ = significant_figures;
    h.unit_magnitude_ = 63 - std::countl_zero(static_cast<std::uint64_t>(lowest_discernible));
    h.sub_bucket_half_count_magnitude_ =
        std::max(sub_bucket_count_magnitude(significant_figures), 1) - 1;
    if (h.unit_magnitude_ + h.sub_bucket_half_count_magnitude_ > 61) {
        return make_error("histogram lowest discernible value " +
                          std::to_string(lowest_discernible) + " is too large for " +
                          std::to_string(significant_figures) + " significant figures");
    }
    h.sub_bucket_count_ = std::int32_t{1} << (h.sub_bucket_half_count_magnitude_ + 1);
    h.sub_bucket_half_count_ = h.sub_bucket_count_ / 2;
    h.sub_bucket_mask_ = (std::int64_t{h.sub_bucket_count_} - 1) << h.unit_magnitude_;
    h.bucket_count_ = buckets_needed(highest_trackable, h.sub_bucket_count_, h.unit_magnitude_);
    h.counts_ = counter_array(static_cast<std::size_t>(h.bucket_count_ + 1) *
                              static_cast<std::size_t>(h.sub_bucket_half_count_));
    return h;
}

std::int64_t hdr_histogram::value_at_index(std::size_t index) const noexcept {
    const auto i = static_cast<std::int64_t>(index);
    int bucket = static_cast<int>(i >> sub_bucket_half_count_magnitude_) - 1;
    std::int64_t sub = (i & (sub_bucket_half_count_ - 1)) + sub_bucket_half_count_;
    if (bucket < 0) {
        sub -= sub_bucket_half_count_;
        bucket = 0;
    }
    return sub << (bucket + unit_magnitude_);
}

bool hdr_histogram::record_corrected(std::int64_t value, std::int64_t expected_interval,
                                     std::int64_t count) noexcept {
    if (!record(value, count)) return false;
    if (expected_interval <= 0 || value <= expected_interval) return true;
    for (std::int64_t missing = value - expected_interval; missing >= expected_interval;
         missing -= expected_interval) {
        if (!record(missing, count)) return false;
    }
    return true;
}

bool hdr_histogram::same_layout(const hdr_histogram& o) const noexcept {
    return unit_magnitude_ == o.unit_magnitude_ && significant_figures_ == o.significant_figures_ &&
           highest_trackable_ == o.highest_trackable_;
}

std::int64_t hdr_histogram::add(const hdr_histogram& other) noexcept {
    if (same_layout(other)) {
        // Local pointers and length: a write through an int64 pointer may alias the array's
        // own (size_t) length, which would reload it per counter and stop vectorisation.
        std::int64_t* to = counts_.data();
        const std::int64_t* from = other.counts_.data();
        const std::size_t n = counts_.size();
        for (std::size_t i = 0; i < n; ++i)
            to[i] += from[i];
        total_count_ += other.total_count_;
        min_value_ = std::min(min_value_, other.min_value_);
        max_value_ = std::max(max_value_, other.max_value_);
        return 0;
    }
    std::int64_t dropped = 0;
    for (const hdr_bucket& b : other.recorded()) {
        if (!record(b.lowest, b.count)) dropped += b.count;
    }
    return dropped;
}

void hdr_histogram::reset() noexcept {
    counts_.clear();
    total_count_ = 0;
    min_value_ = INT64_MAX;
    max_value_ = 0;
}

std::int64_t hdr_histogram::min() const noexcept {
    if (total_count_ == 0 || counts_[0] > 0 || min_value_ == INT64_MAX) return 0;
    return lowest_equivalent_value(min_value_);
}

std::int64_t hdr_histogram::max() const noexcept {
    return total_count_ == 0 ? 0 : highest_equivalent_value(max_value_);
}

std::int64_t hdr_histogram::value_at_percentile(double p) const noexcept {
    if (total_count_ == 0) return 0;
    const double requested = std::clamp(p, 0.0, 100.0);
    // Truncation after adding 0.5, as HdrHistogram_c and _py do (Java uses ceil instead).
    auto target =
        static_cast<std::int64_t>(requested / 100.0 * static_cast<double>(total_count_) + 0.5);
    target = std::max<std::int64_t>(target, 1);
    std::int64_t cumulative = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        cumulative += counts_[i];
        if (cumulative >= target) {
            const std::int64_t v = value_at_index(i);
            return requested == 0.0 ? lowest_equivalent_value(v) : highest_equivalent_value(v);
        }
    }
    return 0;
}

double hdr_histogram::mean() const noexcept {
    if (total_count_ == 0) return 0;
    double total = 0;
    for (const hdr_bucket& b : recorded()) {
        total +=
            static_cast<double>(b.count) * static_cast<double>(median_equivalent_value(b.lowest));
    }
    return total / static_cast<double>(total_count_);
}

double hdr_histogram::stddev() const noexcept {
    if (total_count_ == 0) return 0;
    const double m = mean();
    double total = 0;
    for (const hdr_bucket& b : recorded()) {
        const double d = static_cast<double>(median_equivalent_value(b.lowest)) - m;
        total += d * d * static_cast<double>(b.count);
    }
    return std::sqrt(total / static_cast<double>(total_count_));
}

std::int64_t hdr_histogram::count_at_value(std::int64_t value) const noexcept {
    if (value < 0 || value > highest_trackable_) return 0;
    return counts_[static_cast<std::size_t>(counts_index_for(value))];
}

std::int64_t hdr_histogram::lowest_equivalent_value(std::int64_t value) const noexcept {
    value = std::clamp<std::int64_t>(value, 0, highest_trackable_);
    const int b = bucket_index(value);
    return std::int64_t{sub_bucket_index(value, b)} << (b + unit_magnitude_);
}

std::int64_t hdr_histogram::size_of_equivalent_range(std::int64_t value) const noexcept {
    value = std::clamp<std::int64_t>(value, 0, highest_trackable_);
    const int b = bucket_index(value);
    const int adjusted = sub_bucket_index(value, b) >= sub_bucket_count_ ? b + 1 : b;
    return std::int64_t{1} << (unit_magnitude_ + adjusted);
}

std::int64_t hdr_histogram::next_non_equivalent_value(std::int64_t value) const noexcept {
    const auto next = static_cast<std::uint64_t>(lowest_equivalent_value(value)) +
                      static_cast<std::uint64_t>(size_of_equivalent_range(value));
    return next > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX
                                                        : static_cast<std::int64_t>(next);
}

std::int64_t hdr_histogram::highest_equivalent_value(std::int64_t value) const noexcept {
    return lowest_equivalent_value(value) + (size_of_equivalent_range(value) - 1);
}

std::int64_t hdr_histogram::median_equivalent_value(std::int64_t value) const noexcept {
    return lowest_equivalent_value(value) + size_of_equivalent_range(value) / 2;
}

bool hdr_histogram::values_are_equivalent(std::int64_t a, std::int64_t b) const noexcept {
    return lowest_equivalent_value(a) == lowest_equivalent_value(b);
}

std::size_t hdr_histogram::memory_bytes() const noexcept {
    return sizeof(*this) + counts_.size() * sizeof(std::int64_t);
}

hdr_histogram::recorded_iterator::recorded_iterator(const hdr_histogram* h,
                                                    std::size_t index) noexcept
    : h_(h), index_(index) {
    settle();
}

void hdr_histogram::recorded_iterator::settle() noexcept {
    const std::size_t n = h_->counts_.size();
    while (index_ < n && h_->counts_[index_] == 0)
        ++index_;
    if (index_ == n) return;
    const std::int64_t v = h_->value_at_index(index_);
    bucket_.lowest = v;
    bucket_.highest = h_->highest_equivalent_value(v);
    bucket_.count = h_->counts_[index_];
}

hdr_histogram::recorded_iterator& hdr_histogram::recorded_iterator::operator++() noexcept {
    ++index_;
    settle();
    return *this;
}

hdr_histogram::recorded_iterator hdr_histogram::recorded_iterator::operator++(int) noexcept {
    recorded_iterator old = *this;
    ++*this;
    return old;
}

hdr_histogram::recorded_range hdr_histogram::recorded() const noexcept {
    return {recorded_iterator(this, 0), recorded_iterator(this, counts_.size())};
}

}  // namespace ringperf::metrics
