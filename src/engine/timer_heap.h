// Deadlines of one worker, in a binary min-heap with lazy deletion: an entry names the
// slot and the request sequence number it was armed for, and is ignored when popped if
// that request is gone. One kernel wait timeout per loop instead of a timer per request.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "ringperf/base/clock.h"

namespace ringperf::engine {

enum class timer_kind : std::uint8_t { connect, total, idle };

struct timer_entry {
    mono_ns deadline;
    std::uint32_t slot;
    std::uint32_t seq;
    timer_kind kind;
    bool operator>(const timer_entry& o) const { return deadline > o.deadline; }
};

class timer_heap {
  public:
    void push(const timer_entry& e) { q_.push(e); }
    bool empty() const { return q_.empty(); }
    mono_ns next_deadline() const { return q_.empty() ? INT64_MAX : q_.top().deadline; }
    // Pops the earliest entry due at or before `now`; false when none is due.
    bool pop_due(mono_ns now, timer_entry& out) {
        if (q_.empty() || q_.top().deadline > now) return false;
        out = q_.top();
        q_.pop();
        return true;
    }

  private:
    std::priority_queue<timer_entry, std::vector<timer_entry>, std::greater<>> q_;
};

}  // namespace ringperf::engine
