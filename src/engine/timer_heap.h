// The deadlines of one worker: at most one per slot, in an indexed binary min-heap, so its
// size is bounded by the slot count however long the run is, and a finished request's
// deadline is removed at once. The loop passes the earliest deadline as its one kernel wait
// timeout; there is no kernel timer per request.
#pragma once

#include <cstdint>
#include <vector>

#include "ringperf/base/clock.h"

namespace ringperf::engine {

class deadline_heap {
  public:
    explicit deadline_heap(std::uint32_t slots = 0) { resize(slots); }
    void resize(std::uint32_t slots) {
        pos_.assign(slots, npos);
        key_.assign(slots, 0);
        heap_.clear();
    }

    // Makes room for slots below `slots`, keeping the deadlines set (never shrinks).
    void grow(std::uint32_t slots) {
        if (slots > pos_.size()) {
            pos_.resize(slots, npos);
            key_.resize(slots, 0);
        }
    }
    std::uint32_t capacity() const { return static_cast<std::uint32_t>(pos_.size()); }

    // Sets (inserts or moves) the deadline of `slot`.
    void set(std::uint32_t slot, mono_ns deadline);
    // Removes the deadline of `slot`, if it has one.
    void remove(std::uint32_t slot);
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    mono_ns next_deadline() const { return heap_.empty() ? INT64_MAX : key_[heap_.front()]; }
    // Removes and returns in `slot` the earliest deadline due at or before `now`.
    bool pop_due(mono_ns now, std::uint32_t& slot);

  private:
    static constexpr std::uint32_t npos = UINT32_MAX;
    void sift_up(std::uint32_t i);
    void sift_down(std::uint32_t i);
    void swap_at(std::uint32_t a, std::uint32_t b);

    std::vector<std::uint32_t> heap_;  // slots, ordered by key_
    std::vector<std::uint32_t> pos_;   // slot -> index in heap_, npos when absent
    std::vector<mono_ns> key_;         // slot -> deadline
};

}  // namespace ringperf::engine
