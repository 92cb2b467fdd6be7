#include "../../src/engine/timer_heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "ringperf/base/rng.h"

using ringperf::engine::deadline_heap;

TEST(DeadlineHeap, PopsDueDeadlinesInOrderAndKeepsOnePerSlot) {
    deadline_heap h(4);
    h.set(0, 50);
    h.set(1, 10);
    h.set(2, 30);
    h.set(1, 40);  // moved later: still one entry for slot 1
    EXPECT_EQ(h.size(), 3u);
    EXPECT_EQ(h.next_deadline(), 30);
    std::uint32_t s = 0;
    EXPECT_FALSE(h.pop_due(29, s));
    ASSERT_TRUE(h.pop_due(100, s));
    EXPECT_EQ(s, 2u);
    ASSERT_TRUE(h.pop_due(100, s));
    EXPECT_EQ(s, 1u);
    h.remove(0);
    EXPECT_TRUE(h.empty());
    EXPECT_EQ(h.next_deadline(), INT64_MAX);
}

TEST(DeadlineHeap, MatchesAReferenceUnderRandomOperations) {
    const std::uint32_t slots = 64;
    deadline_heap h(slots);
    std::map<std::uint32_t, std::int64_t> ref;
    ringperf::rng r(9);
    for (int step = 0; step < 20000; ++step) {
        const auto slot = static_cast<std::uint32_t>(r.below(slots));
        const auto op = r.below(3);
        if (op == 0) {
            const auto d = static_cast<std::int64_t>(r.below(1000));
            h.set(slot, d);
            ref[slot] = d;
        } else if (op == 1) {
            h.remove(slot);
            ref.erase(slot);
        } else {
            const auto now = static_cast<std::int64_t>(r.below(1000));
            std::uint32_t got = 0;
            const bool popped = h.pop_due(now, got);
            auto best = std::min_element(ref.begin(), ref.end(),
                                         [](auto& a, auto& b) { return a.second < b.second; });
            const bool due = best != ref.end() && best->second <= now;
            ASSERT_EQ(popped, due) << "step " << step;
            if (popped) {
                ASSERT_EQ(ref.at(got), best->second);
                ref.erase(got);
            }
        }
        ASSERT_EQ(h.size(), ref.size());
    }
}
