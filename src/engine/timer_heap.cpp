#include "timer_heap.h"

#include <utility>

namespace ringperf::engine {

void deadline_heap::set(std::uint32_t slot, mono_ns deadline) {
    const mono_ns old = key_[slot];
    key_[slot] = deadline;
    if (pos_[slot] == npos) {
        pos_[slot] = static_cast<std::uint32_t>(heap_.size());
        heap_.push_back(slot);
        sift_up(pos_[slot]);
    } else if (deadline < old) {
        sift_up(pos_[slot]);
    } else {
        sift_down(pos_[slot]);
    }
}

void deadline_heap::remove(std::uint32_t slot) {
    const std::uint32_t i = pos_[slot];
    if (i == npos) return;
    const auto last = static_cast<std::uint32_t>(heap_.size() - 1);
    if (i != last) swap_at(i, last);
    heap_.pop_back();
    pos_[slot] = npos;
    if (i < heap_.size()) {
        const std::uint32_t moved = heap_[i];
        sift_up(i);
        sift_down(pos_[moved]);
    }
}

bool deadline_heap::pop_due(mono_ns now, std::uint32_t& slot) {
    if (heap_.empty() || key_[heap_.front()] > now) return false;
    slot = heap_.front();
    remove(slot);
    return true;
}

void deadline_heap::swap_at(std::uint32_t a, std::uint32_t b) {
    std::swap(heap_[a], heap_[b]);
    pos_[heap_[a]] = a;
    pos_[heap_[b]] = b;
}

void deadline_heap::sift_up(std::uint32_t i) {
    while (i > 0) {
        const std::uint32_t parent = (i - 1) / 2;
        if (key_[heap_[parent]] <= key_[heap_[i]]) return;
        swap_at(i, parent);
        i = parent;
    }
}

void deadline_heap::sift_down(std::uint32_t i) {
    const auto n = static_cast<std::uint32_t>(heap_.size());
    for (;;) {
        const std::uint32_t l = 2 * i + 1, r = l + 1;
        std::uint32_t m = i;
        if (l < n && key_[heap_[l]] < key_[heap_[m]]) m = l;
        if (r < n && key_[heap_[r]] < key_[heap_[m]]) m = r;
        if (m == i) return;
        swap_at(i, m);
        i = m;
    }
}

}  // namespace ringperf::engine
