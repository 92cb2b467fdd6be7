#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "ringperf/dataset/loader.h"
#include "ringperf/dataset/synthetic.h"

namespace {

using ringperf::dataset::conversation_set;
using ringperf::dataset::make_synthetic_conversations;
using ringperf::dataset::make_synthetic_prompts;
using ringperf::dataset::synthetic_options;
using ringperf::dataset::turn;

synthetic_options small_options(std::uint32_t n) {
    synthetic_options o;
    o.isl_mean = 20;
    o.isl_stddev = 5;
    o.osl_mean = 30;
    o.osl_stddev = 4;
    o.num_dataset_entries = n;
    return o;
}

std::vector<turn> all_turns(const conversation_set& set) {
    std::vector<turn> out;
    for (const auto& c : set.conversations)
        out.insert(out.end(), c.turns.begin(), c.turns.end());
    return out;
}

TEST(SyntheticConversations, DefaultOptionsGiveExactlyTheSyntheticPrompts) {
    for (const synthetic_options& o : {small_options(50), synthetic_options{}}) {
        const auto set = make_synthetic_conversations(o, 42);
        const auto prompts = make_synthetic_prompts(o, 42);
        ASSERT_EQ(set.conversations.size(), prompts.size());
        EXPECT_FALSE(set.timestamped);
        EXPECT_FALSE(set.multi_turn());
        for (std::size_t i = 0; i < prompts.size(); ++i) {
            const auto& c = set.conversations[i];
            EXPECT_EQ(c.session_id, "session_" + std::to_string(i));
            EXPECT_EQ(c.system, "");
            ASSERT_EQ(c.turns.size(), 1u);
            EXPECT_EQ(c.turns[0].text, prompts[i].text);
            EXPECT_EQ(c.turns[0].input_tokens, prompts[i].input_tokens);
            EXPECT_EQ(c.turns[0].max_tokens, prompts[i].max_tokens);
            EXPECT_FALSE(c.turns[0].delay_ms);
            EXPECT_FALSE(c.turns[0].timestamp_ms);
            EXPECT_TRUE(c.turns[0].extra.empty());
        }
    }
}

TEST(SyntheticConversations, TurnsTakeTheSyntheticPromptsInOrder) {
    auto o = small_options(7);
    o.turn_mean = 4;
    o.turn_stddev = 1.5;
    o.turn_delay_mean_ms = 100;
    o.turn_delay_stddev_ms = 30;
    const auto turns = all_turns(make_synthetic_conversations(o, 3));
    auto p = o;
    p.num_dataset_entries = static_cast<std::uint32_t>(turns.size());
    const auto prompts = make_synthetic_prompts(p, 3);
    ASSERT_EQ(turns.size(), prompts.size());
    for (std::size_t i = 0; i < turns.size(); ++i) {
        EXPECT_EQ(turns[i].text, prompts[i].text);
        EXPECT_EQ(turns[i].max_tokens, prompts[i].max_tokens);
    }
}

TEST(SyntheticConversations, FixedTurnCountIsTheRoundedMean) {
    for (auto [mean, expected] : {std::pair{3.0, 3u}, {2.5, 3u}, {2.4, 2u}, {0.2, 1u}}) {
        auto o = small_options(10);
        o.turn_mean = mean;
        const auto set = make_synthetic_conversations(o, 1);
        for (const auto& c : set.conversations)
            EXPECT_EQ(c.turns.size(), expected) << mean;
    }
}

TEST(SyntheticConversations, TurnCountsFollowTheNormalAndAreAtLeastOne) {
    auto o = small_options(4000);
    o.isl_mean = 1;
    o.isl_stddev = 0;
    o.turn_mean = 6;
    o.turn_stddev = 2;
    const auto set = make_synthetic_conversations(o, 11);
    std::map<std::size_t, int> counts;
    double sum = 0;
    for (const auto& c : set.conversations) {
        ASSERT_GE(c.turns.size(), 1u);
        ++counts[c.turns.size()];
        sum += static_cast<double>(c.turns.size());
    }
    EXPECT_NEAR(sum / 4000, 6.0, 0.15);
    EXPECT_GE(counts.size(), 8u);
    o.turn_mean = 1;
    o.turn_stddev = 3;
    for (const auto& c : make_synthetic_conversations(o, 12).conversations)
        ASSERT_GE(c.turns.size(), 1u);
}

TEST(SyntheticConversations, LaterTurnsGetTheScaledDelay) {
    auto o = small_options(20);
    o.turn_mean = 3;
    o.turn_delay_mean_ms = 100;
    o.turn_delay_ratio = 0.5;
    const auto set = make_synthetic_conversations(o, 2);
    for (const auto& c : set.conversations) {
        ASSERT_EQ(c.turns.size(), 3u);
        EXPECT_FALSE(c.turns[0].delay_ms);
        EXPECT_EQ(c.turns[1].delay_ms, 50.0);
        EXPECT_EQ(c.turns[2].delay_ms, 50.0);
    }
    EXPECT_TRUE(set.multi_turn());
}

TEST(SyntheticConversations, DelaysAreClampedAtZero) {
    auto o = small_options(2000);
    o.isl_mean = 1;
    o.isl_stddev = 0;
    o.turn_mean = 2;
    o.turn_delay_mean_ms = 0;
    o.turn_delay_stddev_ms = 10;
    o.turn_delay_ratio = 2;
    int zeros = 0;
    double sum = 0;
    for (const auto& c : make_synthetic_conversations(o, 4).conversations) {
        const double d = c.turns.at(1).delay_ms.value();
        ASSERT_GE(d, 0.0);
        zeros += d == 0.0;
        sum += d;
    }
    // Half the draws are negative; the rest have mean 2 * 10 * sqrt(2 / pi) / 2 per turn.
    EXPECT_NEAR(zeros, 1000, 100);
    EXPECT_NEAR(sum / 2000, 10 * std::sqrt(2 / M_PI), 0.6);
}

TEST(SyntheticConversations, AreAFunctionOfOptionsAndSeed) {
    auto o = small_options(30);
    o.turn_mean = 3;
    o.turn_stddev = 1;
    o.turn_delay_mean_ms = 40;
    o.turn_delay_stddev_ms = 20;
    const auto a = all_turns(make_synthetic_conversations(o, 8));
    const auto b = all_turns(make_synthetic_conversations(o, 8));
    const auto c = all_turns(make_synthetic_conversations(o, 9));
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].text, b[i].text);
        EXPECT_EQ(a[i].delay_ms, b[i].delay_ms);
    }
    EXPECT_NE(a.front().text, c.front().text);
}

}  // namespace
