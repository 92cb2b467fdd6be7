#include "ringperf/workload/schedule.h"

#include <cmath>
#include <limits>
#include <string>

#include "describe.h"

namespace ringperf::workload {

namespace {

// Offsets stay below 2^62 ns so that a sum of an offset and a gap never overflows.
constexpr double offset_limit_ns = 0x1p62;

}  // namespace

result<schedule_spec> schedule_spec::make(const schedule_options& options) {
    auto generator = interval_generator::make(options.arrival, options.seed);
    if (!generator) return generator.err();
    std::optional<rate_ramp> ramp;
    if (options.rate_ramp_duration_s != 0) {
        if (options.arrival.pattern == arrival_pattern::concurrency_burst)
            return make_error(
                "a request rate ramp needs a request rate; the concurrency_burst arrival "
                "pattern has none");
        auto r = rate_ramp::make(options.arrival.rate_per_s, options.rate_ramp_duration_s);
        if (!r) return r.err();
        ramp = *r;
    }
    if (options.end_offset_ns && *options.end_offset_ns < 0)
        return make_error("schedule end offset must be >= 0 ns, got " +
                          std::to_string(*options.end_offset_ns));
    return schedule_spec(options, *generator, ramp);
}

schedule_cursor::schedule_cursor(const schedule_spec& spec, std::uint64_t first_index,
                                 std::uint64_t stride) noexcept
    : gen_(spec.generator()),
      ramp_(spec.ramp()),
      count_(spec.options().request_count),
      end_ns_(spec.options().end_offset_ns),
      next_index_(first_index),
      stride_(stride == 0 ? 1 : stride) {}

std::optional<scheduled_request> schedule_cursor::next() noexcept {
    if (done_) return std::nullopt;
    const std::uint64_t index = next_index_;
    if (count_ && index >= *count_) {
        done_ = true;
        return std::nullopt;
    }
    while (global_ < index) {
        if (!advance()) {
            done_ = true;
            return std::nullopt;
        }
    }
    const std::int64_t offset = offset_ns();
    if (end_ns_ && offset >= *end_ns_) {
        done_ = true;
        return std::nullopt;
    }
    if (std::numeric_limits<std::uint64_t>::max() - next_index_ < stride_)
        done_ = true;
    else
        next_index_ += stride_;
    return scheduled_request{index, offset};
}

// Adds the gap after request global_ to the running sum. The carried fraction keeps the
// addition at the scale of one gap, so rounding does not grow with the offset.
bool schedule_cursor::advance() noexcept {
    const double gap = ramp_ ? gen_.next_unit() * ramped_gap_scale_ns() : gen_.next_gap_ns();
    const double sum = frac_ns_ + gap;
    if (!(sum < offset_limit_ns)) return false;
    // sum is in [0, 2^62), where truncation is floor and needs no libm call.
    const auto whole = static_cast<std::int64_t>(sum);
    whole_ns_ += whole;
    if (whole_ns_ >= static_cast<std::int64_t>(offset_limit_ns)) return false;
    frac_ns_ = sum - static_cast<double>(whole);
    ++global_;
    return true;
}

// The rate changes at most every 0.1 s, so its mean gap is cached for the current window;
// the product is the same as interval_generator::next_gap_ns(rate).
double schedule_cursor::ramped_gap_scale_ns() noexcept {
    const std::int64_t now = offset_ns();
    if (now >= ramp_window_end_ns_) {
        ramp_gap_scale_ns_ = 1e9 / ramp_->rate_at(now);
        ramp_window_end_ns_ = ramp_->next_update_ns(now);
    }
    return ramp_gap_scale_ns_;
}

}  // namespace ringperf::workload
