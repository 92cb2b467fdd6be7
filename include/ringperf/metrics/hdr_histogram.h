// A High Dynamic Range histogram of non-negative int64 values with a fixed number of
// significant decimal digits, following the HdrHistogram layout (sub-buckets doubling in
// width per bucket) so that its percentiles, equivalence ranges and merges give the same
// numbers as HdrHistogram_c and HdrHistogram_py.
//
// Thread-safety: none. A histogram belongs to one thread; merge copies after recording stops.
// Memory: counts_len() int64 counters, allocated once by create(); recording never allocates.
// Large counter arrays are reserved, not touched: the pages holding no count cost neither
// memory nor page faults (counter_array).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "ringperf/base/result.h"

namespace ringperf::metrics {

// One non-empty bucket: every value in [lowest, highest] is counted as the same value.
struct hdr_bucket {
    std::int64_t lowest = 0;   // lowest equivalent value
    std::int64_t highest = 0;  // highest equivalent value
    std::int64_t count = 0;
};

// Zero-filled int64 counters. Arrays of counter_array::mapped_bytes or more are anonymous
// memory mappings whose pages the kernel supplies, already zeroed, on first write: creating
// one touches no page (a 1 ns .. 1 day histogram is 311 KB, which zero-filling would fault
// in on the recording thread), and only the pages that hold counts become resident.
// Smaller arrays come from calloc. Allocation failure throws std::bad_alloc (set-up only).
class counter_array {
  public:
    static constexpr std::size_t mapped_bytes = 64 * 1024;

    counter_array() = default;
    explicit counter_array(std::size_t n);
    counter_array(const counter_array& other);
    counter_array& operator=(const counter_array& other);
    counter_array(counter_array&& other) noexcept;
    counter_array& operator=(counter_array&& other) noexcept;
    ~counter_array();

    std::size_t size() const noexcept { return n_; }
    std::int64_t* data() noexcept { return p_; }
    const std::int64_t* data() const noexcept { return p_; }
    std::int64_t& operator[](std::size_t i) noexcept { return p_[i]; }
    std::int64_t operator[](std::size_t i) const noexcept { return p_[i]; }
    // Sets every counter to zero; a mapped array hands its pages back to the kernel.
    void clear() noexcept;

  private:
    void release() noexcept;
    std::int64_t* p_ = nullptr;
    std::size_t n_ = 0;
    bool mapped_ = false;
};

class hdr_histogram {
  public:
    // lowest_discernible >= 1 (effectively rounded down to a power of two), highest_trackable
    // >= 2 * lowest_discernible, significant_figures in 1..5. Anything else is an error
    // naming the offending argument.
    static result<hdr_histogram> create(std::int64_t lowest_discernible,
                                        std::int64_t highest_trackable, int significant_figures);

    // Counts `value` `count` times. Returns false, and changes nothing, when value < 0,
    // value > highest_trackable() or count < 0.
    bool record(std::int64_t value, std::int64_t count = 1) noexcept {
        if (value < 0 || value > highest_trackable_ || count < 0) return false;
        if (count > 0) record_unchecked(value, count);
        return true;
    }
    // Records `value`, then, when expected_interval_ > 0 and value > expected_interval, also
    // value - e, value - 2e, ... down to the last one >= e (coordinated-omission correction for
    // a closed loop with a fixed request interval). Returns false when any value is rejected.
    bool record_corrected(std::int64_t value, std::int64_t expected_interval,
                          std::int64_t count = 1) noexcept;

    // Adds every count of `other`, which may have a different layout. Values that this
    // histogram cannot hold are not added; returns how many counts were dropped.
    std::int64_t add(const hdr_histogram& other) noexcept;
    void reset() noexcept;

    std::int64_t total_count() const noexcept { return total_count_; }
    // Lowest equivalent value of the smallest recorded value (0 when a 0 was recorded or the
    // histogram is empty).
    std::int64_t min() const noexcept;
    // Highest equivalent value of the largest recorded value (0 when empty).
    std::int64_t max() const noexcept;
    // Value at percentile p (clamped to [0, 100]) by HdrHistogram_c's rule: target count
    // (long)(p/100 * total + 0.5), at least 1; the first bucket whose cumulative count
    // reaches it; its highest equivalent value (its lowest for p == 0). 0 when empty.
    std::int64_t value_at_percentile(double p) const noexcept;
    // Mean and population standard deviation, each bucket weighted at its median-equivalent
    // value. 0 when empty.
    double mean() const noexcept;
    double stddev() const noexcept;
    // Count of the bucket holding `value` (0 when out of range).
    std::int64_t count_at_value(std::int64_t value) const noexcept;

    // Equivalence ranges; `value` is first clamped to [0, highest_trackable_value()].
    std::int64_t lowest_equivalent_value(std::int64_t value) const noexcept;
    std::int64_t highest_equivalent_value(std::int64_t value) const noexcept;
    std::int64_t median_equivalent_value(std::int64_t value) const noexcept;
    std::int64_t next_non_equivalent_value(std::int64_t value) const noexcept;
    std::int64_t size_of_equivalent_range(std::int64_t value) const noexcept;
    bool values_are_equivalent(std::int64_t a, std::int64_t b) const noexcept;

    std::int64_t lowest_discernible_value() const noexcept { return lowest_discernible_; }
    std::int64_t highest_trackable_value() const noexcept { return highest_trackable_; }
    int significant_figures() const noexcept { return significant_figures_; }
    std::size_t counts_len() const noexcept { return counts_.size(); }
    // Index in the counts array of the bucket holding `value`, for tests and encoders.
    std::int64_t counts_index_for(std::int64_t value) const noexcept {
        const int b = bucket_index(value);
        return counts_index(b, sub_bucket_index(value, b));
    }
    // Raw counter at `index` (< counts_len()).
    std::int64_t count_at_index(std::size_t index) const noexcept { return counts_[index]; }
    // Bytes held by this histogram, counters included.
    std::size_t memory_bytes() const noexcept;
    bool same_layout(const hdr_histogram& other) const noexcept;

    // Forward iteration over the non-empty buckets, lowest first:
    //   for (const hdr_bucket& b : h.recorded()) ...
    // The range is invalidated by anything that changes the histogram.
    class recorded_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = hdr_bucket;
        using difference_type = std::ptrdiff_t;
        using pointer = const hdr_bucket*;
        using reference = const hdr_bucket&;

        recorded_iterator() = default;
        reference operator*() const noexcept { return bucket_; }
        pointer operator->() const noexcept { return &bucket_; }
        recorded_iterator& operator++() noexcept;
        recorded_iterator operator++(int) noexcept;
        bool operator==(const recorded_iterator& o) const noexcept { return index_ == o.index_; }

      private:
        friend class hdr_histogram;
        recorded_iterator(const hdr_histogram* h, std::size_t index) noexcept;
        void settle() noexcept;

        const hdr_histogram* h_ = nullptr;
        std::size_t index_ = 0;
        hdr_bucket bucket_;
    };
    struct recorded_range {
        recorded_iterator b, e;
        recorded_iterator begin() const noexcept { return b; }
        recorded_iterator end() const noexcept { return e; }
    };
    recorded_range recorded() const noexcept;

  private:
    hdr_histogram() = default;

    // Index math inline: record() is called per value on the workers' hot path.
    int bucket_index(std::int64_t value) const noexcept {
        // The mask forces at least sub_bucket_count's bit width, so values of the first
        // bucket (which has twice the sub-buckets of the others) land in bucket 0.
        const auto v = static_cast<std::uint64_t>(value | sub_bucket_mask_);
        return 64 - std::countl_zero(v) - unit_magnitude_ - (sub_bucket_half_count_magnitude_ + 1);
    }
    int sub_bucket_index(std::int64_t value, int bucket) const noexcept {
        return static_cast<int>(value >> (bucket + unit_magnitude_));
    }
    std::int64_t counts_index(int bucket, int sub_bucket) const noexcept {
        return (std::int64_t{bucket + 1} << sub_bucket_half_count_magnitude_) +
               (sub_bucket - sub_bucket_half_count_);
    }
    void record_unchecked(std::int64_t value, std::int64_t count) noexcept {
        counts_[static_cast<std::size_t>(counts_index_for(value))] += count;
        total_count_ += count;
        if (value != 0 && value < min_value_) min_value_ = value;
        if (value > max_value_) max_value_ = value;
    }
    std::int64_t value_at_index(std::size_t index) const noexcept;

    std::int64_t lowest_discernible_ = 1;
    std::int64_t highest_trackable_ = 2;
    int significant_figures_ = 1;
    int unit_magnitude_ = 0;
    int sub_bucket_half_count_magnitude_ = 0;
    std::int32_t sub_bucket_count_ = 0;
    std::int32_t sub_bucket_half_count_ = 0;
    std::int64_t sub_bucket_mask_ = 0;
    int bucket_count_ = 0;

    std::int64_t total_count_ = 0;
    std::int64_t min_value_ = INT64_MAX;  // smallest non-zero recorded value
    std::int64_t max_value_ = 0;
    counter_array counts_;
};

}  // namespace ringperf::metrics
