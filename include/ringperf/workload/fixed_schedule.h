// Fixed schedule (trace replay): each conversation's first turn is sent at its dataset
// timestamp; later turns at their own timestamp, or after their delay once the previous
// turn's response has arrived (or at once after it when they have neither). AIPerf's
// --fixed-schedule semantics, plus a speed-up.
//
// Offsets. A timestamp t (ms) is sent at offset (t - origin) / speedup from the phase
// start, where origin is the first kept first-turn timestamp with auto_offset, else the
// start offset when one is given, else 0 (a trace starting at t = 60000 then idles 60 s
// first, as AIPerf's does). In nanoseconds: round((t - origin) * 1e6 / speedup), computed
// in double precision and rounded to the nearest integer, halves away from zero; so whole-ms
// timestamps give exact offsets with speedup 1 or a power of two while the product stays
// below 2^53 ns (about 104 days). Offsets are clamped to [0, 2^62] ns. Think times are
// scaled the same way (delay_ns()), so the whole trace runs speedup times faster.
//
// Window. --fixed-schedule-start-offset S / -end-offset E (ms, both inclusive, either may be
// unset) keep the turns with S <= timestamp <= E. A turn without a timestamp (a delay, or
// neither) is timed from the turn before it, so it is kept exactly when the turn before it
// is kept. A conversation left with no turns is dropped; its kept turns keep their order.
// Nothing kept (an empty window) is an error.
#pragma once

#include <cstdint>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/workload/load_options.h"

namespace ringperf::workload {

struct fixed_start {
    std::uint32_t conversation;  // index into the (filtered) conversation set
    std::int64_t offset_ns;      // first turn's send offset from the phase start

    friend bool operator==(const fixed_start&, const fixed_start&) = default;
};

class fixed_schedule {
  public:
    // Filters `set` in place (see Window) and orders the conversations' first turns by
    // timestamp (ties: dataset order), which is also offset order. Fails, leaving `set`
    // unchanged, when: speedup is not finite and > 0; auto_offset is combined with a start
    // offset; the window is inverted (start > end); the set is empty or has more than
    // 2^32 - 1 conversations; a timestamp is negative or not finite; a turn has both a
    // timestamp and a delay; a conversation's timestamps go backwards; a conversation's
    // first turn has no timestamp (checked before filtering); or the window keeps nothing.
    // Every message starts with "fixed schedule: " and names the parameter, or the session
    // id and the turn's index in the unfiltered conversation. On success set.timestamped is
    // true.
    static result<fixed_schedule> make(dataset::conversation_set& set,
                                       const fixed_schedule_options& options);

    // First turns in send order.
    const std::vector<fixed_start>& starts() const noexcept { return starts_; }
    // The offset for a timestamp in ms (see Offsets); never negative.
    std::int64_t offset_ns(double timestamp_ms) const noexcept;
    // A think time in ms scaled by the speed-up, rounded like offsets; never negative.
    std::int64_t delay_ns(double delay_ms) const noexcept;
    // The last first-turn offset (0 when empty): the span the schedule covers.
    std::int64_t last_offset_ns() const noexcept;
    double origin_ms() const noexcept { return origin_ms_; }
    double speedup() const noexcept { return speedup_; }

  private:
    std::vector<fixed_start> starts_;
    double origin_ms_ = 0;
    double speedup_ = 1;
};

}  // namespace ringperf::workload
