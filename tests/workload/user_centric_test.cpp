#include "ringperf/workload/user_centric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <vector>

using namespace ringperf::workload;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();
constexpr std::int64_t s_ns = 1'000'000'000;
constexpr std::optional<std::uint32_t> all = std::nullopt;

user_centric_plan make_ok(double qps, std::uint32_t users, std::uint32_t turns) {
    auto p = user_centric_plan::make(qps, users, turns);
    EXPECT_TRUE(p.ok()) << p.message();
    return *p;
}

std::string error_of(double qps, std::uint32_t users, std::uint32_t turns) {
    auto p = user_centric_plan::make(qps, users, turns);
    EXPECT_FALSE(p.ok());
    return p.ok() ? "" : p.message();
}

std::vector<std::int64_t> replacement_offsets(const user_centric_plan& p, std::uint64_t n) {
    std::vector<std::int64_t> out;
    for (std::uint64_t k = 0; k < n; ++k)
        out.push_back(p.replacement(k).offset_ns);
    return out;
}

// AIPerf's spawn loop as a priority queue of spawn slots: each initial user queues
// start + max_turns turn gaps (whole conversation: `turns`); each popped spawn queues the
// next one `turns` turn gaps later. Returns the first n spawn slots.
std::vector<std::uint64_t> simulate_spawn_slots(const user_centric_plan& p, std::uint64_t users,
                                                std::uint64_t turns, std::size_t n) {
    std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> queue;
    const std::int64_t stagger = p.stagger_ns();
    for (const user_start& u : p.initial()) {
        const auto slot = static_cast<std::uint64_t>(u.offset_ns / stagger);
        queue.push(slot + u.max_turns.value_or(static_cast<std::uint32_t>(turns)) * users);
    }
    std::vector<std::uint64_t> out;
    while (out.size() < n) {
        const std::uint64_t s = queue.top();
        queue.pop();
        out.push_back(s);
        queue.push(s + turns * users);
    }
    return out;
}

}  // namespace

TEST(UserCentric, TurnGapIsUsersOverRateAndStaggerOneOverRate) {
    const auto p = make_ok(2, 10, 5);
    EXPECT_EQ(p.stagger_ns(), 500'000'000);
    EXPECT_EQ(p.turn_gap_ns(), 5 * s_ns);
    const auto q = make_ok(3, 2, 4);
    EXPECT_EQ(q.stagger_ns(), 333'333'333);
    EXPECT_EQ(q.turn_gap_ns(), 666'666'667);
}

TEST(UserCentric, ThreeUsersThreeTurns) {
    // L = 2, gcd(3, 2) = 1. User 1: age 4, 2 - 4/3 = 1 turn, slot 3 - 4%3 = 2.
    // User 2: age 2, 2 - 0 = 2 turns, slot 3 - 2 = 1. Fresh user 3 at slot 0.
    const auto p = make_ok(1, 3, 3);
    EXPECT_EQ(p.initial(), (std::vector<user_start>{{3, 0, all}, {2, s_ns, 2}, {1, 2 * s_ns, 1}}));
    // Chains: 2 + 1*3 = 5, 1 + 2*3 = 7, 0 + 3*3 = 9, period 9.
    EXPECT_EQ(p.replacement(0), (user_start{4, 5 * s_ns, all}));
    EXPECT_EQ(p.replacement(1), (user_start{5, 7 * s_ns, all}));
    EXPECT_EQ(p.replacement(2), (user_start{6, 9 * s_ns, all}));
    EXPECT_EQ(
        replacement_offsets(p, 6),
        (std::vector<std::int64_t>{5 * s_ns, 7 * s_ns, 9 * s_ns, 14 * s_ns, 16 * s_ns, 18 * s_ns}));
}

TEST(UserCentric, SharedFactorUsesTheCoprimeStep) {
    // U = 4, L = 2: virtual_age mod U would give slots 2, 0, 2; step 3 gives 3, 2, 1.
    // Turns left: 2 - 6/4 = 1, 2 - 4/4 = 1, 2 - 2/4 = 2.
    const auto p = make_ok(1, 4, 3);
    EXPECT_EQ(p.initial(), (std::vector<user_start>{
                               {4, 0, all}, {1, s_ns, 1}, {2, 2 * s_ns, 1}, {3, 3 * s_ns, 2}}));
    // Chains: 1 + 4 = 5, 2 + 4 = 6, 3 + 8 = 11, 0 + 12 = 12, period 12.
    EXPECT_EQ(replacement_offsets(p, 8),
              (std::vector<std::int64_t>{5 * s_ns, 6 * s_ns, 11 * s_ns, 12 * s_ns, 17 * s_ns,
                                         18 * s_ns, 23 * s_ns, 24 * s_ns}));
}

TEST(UserCentric, TwoUsersWithEvenLifetimeStepByOne) {
    // U = 2, L = 2: no step in [2, 2), so 1. User 1: 2 - 2/2 = 1 turn at slot 2 - 1 = 1.
    const auto p = make_ok(4, 2, 3);
    const std::int64_t st = 250'000'000;
    EXPECT_EQ(p.initial(), (std::vector<user_start>{{2, 0, all}, {1, st, 1}}));
    EXPECT_EQ(replacement_offsets(p, 4),
              (std::vector<std::int64_t>{3 * st, 6 * st, 9 * st, 12 * st}));
}

TEST(UserCentric, SixUsersFiveTurns) {
    // L = 4, gcd(6, 4) = 2, step 5: slots 6 - (5i mod 6) = i; turns 4 - (6-i)*4/6.
    const auto p = make_ok(1, 6, 5);
    EXPECT_EQ(p.initial(), (std::vector<user_start>{{6, 0, all},
                                                    {1, s_ns, 1},
                                                    {2, 2 * s_ns, 2},
                                                    {3, 3 * s_ns, 2},
                                                    {4, 4 * s_ns, 3},
                                                    {5, 5 * s_ns, 4}}));
    // Chains: 7, 14, 15, 22, 29, 30; period 30.
    EXPECT_EQ(replacement_offsets(p, 7),
              (std::vector<std::int64_t>{7 * s_ns, 14 * s_ns, 15 * s_ns, 22 * s_ns, 29 * s_ns,
                                         30 * s_ns, 37 * s_ns}));
    EXPECT_EQ(p.replacement(6).user, 13u);
}

TEST(UserCentric, FifteenUsersTwentyTurnsMatchAIPerfsExample) {
    const auto p = make_ok(1, 15, 20);
    // (AIPerf's user id, turns) in firing order, one second apart; AIPerf counts users from
    // 1 (its user 1 is the one done before the start), so ours are one less.
    const std::vector<std::pair<std::uint64_t, std::optional<std::uint32_t>>> expected = {
        {16, all}, {5, 6}, {9, 11},  {13, 16}, {2, 2}, {6, 7}, {10, 12}, {14, 17},
        {3, 3},    {7, 8}, {11, 13}, {15, 18}, {4, 4}, {8, 9}, {12, 14}};
    ASSERT_EQ(p.initial().size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(p.initial()[i].user, expected[i].first - 1) << i;
        EXPECT_EQ(p.initial()[i].max_turns, expected[i].second) << i;
        EXPECT_EQ(p.initial()[i].offset_ns, static_cast<std::int64_t>(i) * s_ns) << i;
    }
    // With gcd(U, L) = 1 the chains start at U + (j + 1) * L slots.
    for (std::uint64_t j = 0; j < 15; ++j)
        EXPECT_EQ(p.replacement(j).offset_ns, static_cast<std::int64_t>(15 + (j + 1) * 19) * s_ns);
}

TEST(UserCentric, OneUserIsReplacedEverySession) {
    const auto p = make_ok(2, 1, 3);
    EXPECT_EQ(p.turn_gap_ns(), 500'000'000);
    EXPECT_EQ(p.initial(), (std::vector<user_start>{{1, 0, all}}));
    EXPECT_EQ(p.replacement(0), (user_start{2, 1'500'000'000, all}));
    EXPECT_EQ(p.replacement(1), (user_start{3, 3'000'000'000, all}));
}

TEST(UserCentric, ReplacementsMatchAIPerfsSpawnQueue) {
    for (std::uint32_t users : {1u, 2u, 3u, 4u, 6u, 7u, 9u, 12u, 15u, 30u}) {
        for (std::uint32_t turns : {2u, 3u, 4u, 5u, 7u, 10u, 13u, 20u}) {
            const auto p = make_ok(1, users, turns);
            const auto slots = simulate_spawn_slots(p, users, turns, 5 * users);
            for (std::uint64_t k = 0; k < slots.size(); ++k) {
                const user_start r = p.replacement(k);
                ASSERT_EQ(r.offset_ns, static_cast<std::int64_t>(slots[k]) * s_ns)
                    << users << " users, " << turns << " turns, k " << k;
                ASSERT_EQ(r.user, users + 1 + k);
                ASSERT_FALSE(r.max_turns);
            }
        }
    }
}

TEST(UserCentric, InitialUsersFireOncePerStaggerSlot) {
    for (std::uint32_t users : {1u, 2u, 5u, 8u, 10u, 33u, 64u, 100u}) {
        for (std::uint32_t turns : {2u, 3u, 5u, 9u, 16u, 17u}) {
            const auto p = make_ok(7, users, turns);
            ASSERT_EQ(p.initial().size(), users);
            std::vector<bool> seen(users + 1, false);
            for (std::size_t i = 0; i < users; ++i) {
                const user_start& u = p.initial()[i];
                EXPECT_EQ(u.offset_ns, std::llround(static_cast<double>(i) * 1e9 / 7));
                ASSERT_GE(u.user, 1u);
                ASSERT_LE(u.user, users);
                EXPECT_FALSE(seen[u.user]);
                seen[u.user] = true;
                if (u.user == users) {
                    EXPECT_FALSE(u.max_turns);
                } else {
                    ASSERT_TRUE(u.max_turns);
                    EXPECT_GE(*u.max_turns, 1u);
                    EXPECT_LE(*u.max_turns, turns - 1);
                }
            }
            EXPECT_EQ(p.initial()[0].user, users);
        }
    }
}

TEST(UserCentric, OffsetsIncreaseAndConvertOnce) {
    const auto p = make_ok(3, 7, 4);
    std::int64_t previous = p.initial().back().offset_ns;
    for (std::uint64_t k = 0; k < 2000; ++k) {
        const std::int64_t o = p.replacement(k).offset_ns;
        ASSERT_GT(o, previous) << k;
        previous = o;
    }
    // Whole slots converted once: slot 3 * 10^9 is exactly 10^18 ns.
    const auto q = make_ok(3, 1, 2);
    EXPECT_EQ(q.replacement(1'500'000'000 - 1).offset_ns, 1'000'000'000'000'000'000);
}

TEST(UserCentric, ReplacementOffsetsSaturate) {
    const auto p = make_ok(1, 3, 3);
    EXPECT_EQ(p.replacement(std::numeric_limits<std::uint64_t>::max() - 10).offset_ns,
              std::int64_t{1} << 62);
}

TEST(UserCentric, RejectsBadParameters) {
    for (double q : {0.0, -1.0, nan_v, inf_v, 2e9})
        EXPECT_EQ(
            error_of(q, 2, 3).rfind(
                "user-centric rate: the rate must be finite, > 0 and <= 1e9 requests/s, got ", 0),
            0u);
    EXPECT_EQ(error_of(-1, 2, 3),
              "user-centric rate: the rate must be finite, > 0 and <= 1e9 requests/s, got -1");
    EXPECT_EQ(error_of(1, 0, 3), "user-centric rate: the number of users must be >= 1, got 0");
    EXPECT_EQ(error_of(1, 2, 1),
              "user-centric rate: sessions need at least 2 turns, got 1 (user-centric timing is "
              "for multi-turn sessions)");
    EXPECT_EQ(error_of(1, 2, 0),
              "user-centric rate: sessions need at least 2 turns, got 0 (user-centric timing is "
              "for multi-turn sessions)");
    EXPECT_EQ(error_of(1e-9, 1000, 1000),
              "user-centric rate: rate 1e-09 is too low for 1000 users with 1000 turns: a "
              "session would last longer than 2^62 ns");
}
