#include "ringperf/workload/closed_loop.h"

#include <gtest/gtest.h>

#include <set>

#include "ringperf/workload/load_options.h"

using namespace ringperf::workload;

TEST(ClosedLoop, SplitsSlotsAndCountsExactly) {
    const auto shares = partition_closed_loop(16, 3, 300);
    ASSERT_EQ(shares.size(), 3u);
    std::uint32_t slots = 0;
    std::uint64_t quota = 0;
    for (const auto& s : shares) {
        slots += s.slots;
        quota += s.quota;
        EXPECT_EQ(s.stride, 3u);
    }
    EXPECT_EQ(slots, 16u);
    EXPECT_EQ(quota, 300u);
    EXPECT_EQ(shares[0].slots, 6u);
    EXPECT_EQ(shares[2].slots, 5u);
}

TEST(ClosedLoop, EveryIndexIsIssuedByExactlyOneWorker) {
    const std::uint64_t n = 1001;
    const auto shares = partition_closed_loop(7, 4, n);
    std::set<std::uint64_t> seen;
    for (const auto& s : shares)
        for (std::uint64_t k = 0; k < s.quota; ++k)
            EXPECT_TRUE(seen.insert(s.first_index + k * s.stride).second);
    ASSERT_EQ(seen.size(), n);
    EXPECT_EQ(*seen.rbegin(), n - 1);
}

TEST(ClosedLoop, NeverUsesMoreWorkersThanSlots) {
    const auto shares = partition_closed_loop(2, 8, std::nullopt);
    ASSERT_EQ(shares.size(), 2u);
    EXPECT_EQ(shares[0].quota, unlimited);
    EXPECT_EQ(shares[1].slots, 1u);
}

TEST(LoadOptions, DefaultRequestCountFollowsAiperf) {
    load_options o;
    EXPECT_EQ(o.effective_request_count(), 10u);
    o.concurrency = 16;
    EXPECT_EQ(o.effective_request_count(), 32u);
    o.request_count = 5;
    EXPECT_EQ(o.effective_request_count(), 5u);
}
