// The request schedule of one phase: the intended send offset of every global request
// index, as a pure function of (options, seed) (DESIGN.md decisions 1 and 2).
//
// Request 0 is due at offset 0 (the phase start); request i + 1 is due one gap after
// request i. Worker w of W walks indices w, w + W, w + 2W, ... with its own cursor; each
// cursor draws the whole global gap sequence and keeps its own indices, so every worker
// gets exactly the offsets a single worker would, whatever W is, and the aggregate arrival
// process is exactly the configured one.
//
// Rounding: gaps are unrounded doubles (arrival.h). The running sum is held as whole
// nanoseconds plus a carried fractional remainder below 1 ns, so each addition errs by at
// most half an ulp of one gap (3e-8 ns for a 1 s gap), never of the total, and offsets do
// not drift however long the run; the reported offset is that sum rounded to the nearest
// nanosecond (halves up). At 1000 requests/s, request 1,000,000 is due at exactly 1e12 ns.
//
// Rate ramp: the gap after request i is drawn with the rate in force at request i's
// offset (ramp.h), so a gap that straddles a rate update keeps the rate it started with.
#pragma once

#include <cstdint>
#include <optional>

#include "ringperf/base/result.h"
#include "ringperf/workload/arrival.h"
#include "ringperf/workload/ramp.h"

namespace ringperf::workload {

struct schedule_options {
    arrival_spec arrival;
    // The run seed; the gaps come from rng::derive(seed, interval_stream_name(pattern)).
    std::uint64_t seed = 0;
    // --request-rate-ramp-duration (s); 0 = none. Needs a rate, so not with
    // concurrency_burst.
    double rate_ramp_duration_s = 0;
    // Stop conditions (first reached wins): no index >= request_count is issued, and no
    // request whose offset is >= end_offset_ns (a request due exactly at the end is not
    // sent). Neither set: the schedule is endless (the caller stops it).
    std::optional<std::uint64_t> request_count;
    std::optional<std::int64_t> end_offset_ns;
};

// Validated, immutable schedule options. Safe to share between threads.
class schedule_spec {
  public:
    // Fails, naming the parameter and its value, on a bad arrival spec (validate()), a bad
    // ramp duration, a rate ramp with concurrency_burst, or a negative end offset.
    static result<schedule_spec> make(const schedule_options& options);

    const schedule_options& options() const noexcept { return options_; }
    // The rate ramp; nullopt when rate_ramp_duration_s is 0.
    const std::optional<rate_ramp>& ramp() const noexcept { return ramp_; }
    // A generator at the start of the gap sequence; copy it to draw gaps.
    const interval_generator& generator() const noexcept { return generator_; }

  private:
    schedule_spec(const schedule_options& options, const interval_generator& generator,
                  const std::optional<rate_ramp>& ramp) noexcept
        : options_(options), generator_(generator), ramp_(ramp) {}

    schedule_options options_;
    interval_generator generator_;
    std::optional<rate_ramp> ramp_;
};

struct scheduled_request {
    std::uint64_t index;     // global request index
    std::int64_t offset_ns;  // intended send time, from the phase start

    friend bool operator==(const scheduled_request&, const scheduled_request&) = default;
};

// Walks the indices first_index, first_index + stride, ... of a schedule, in order. Copies
// what it needs from the spec (the spec may be destroyed afterwards). Not thread-safe: one
// cursor per worker. next() never allocates or throws; it costs one gap draw per global
// index passed (stride draws per call).
class schedule_cursor {
  public:
    // stride >= 1 (0 is treated as 1).
    schedule_cursor(const schedule_spec& spec, std::uint64_t first_index,
                    std::uint64_t stride) noexcept;

    // The next request of this cursor, or nullopt once a stop condition is reached (and on
    // every later call). The schedule also ends, rather than wrap, if offsets would pass
    // 2^62 ns (about 146 years), which only absurdly low rates can reach.
    std::optional<scheduled_request> next() noexcept;

  private:
    bool advance() noexcept;
    double ramped_gap_scale_ns() noexcept;
    std::int64_t offset_ns() const noexcept { return whole_ns_ + (frac_ns_ >= 0.5 ? 1 : 0); }

    interval_generator gen_;
    std::optional<rate_ramp> ramp_;
    std::optional<std::uint64_t> count_;
    std::optional<std::int64_t> end_ns_;
    std::uint64_t next_index_;
    std::uint64_t stride_;
    // Global index whose offset whole_ns_ + frac_ns_ holds.
    std::uint64_t global_ = 0;
    std::int64_t whole_ns_ = 0;
    double frac_ns_ = 0;
    bool done_ = false;
    // While ramping: 1e9 / rate for offsets before ramp_window_end_ns_.
    double ramp_gap_scale_ns_ = 0;
    std::int64_t ramp_window_end_ns_ = 0;
};

}  // namespace ringperf::workload
