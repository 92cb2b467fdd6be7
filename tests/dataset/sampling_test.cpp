#include "ringperf/dataset/sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "ringperf/dataset/synthetic_options.h"

namespace {

using namespace ringperf::dataset;

TEST(Sampling, SequentialWrapsAround) {
    for (std::uint64_t n = 0; n < 25; ++n)
        EXPECT_EQ(sampled_index(sampling_strategy::sequential, 1, 0, n, 7), n % 7);
}

TEST(Sampling, RandomIsAKeyedDrawWithReplacement) {
    std::vector<int> hits(10, 0);
    std::set<std::vector<std::uint64_t>> windows;
    for (std::uint64_t s = 0; s < 20000; ++s) {
        const auto i = sampled_index(sampling_strategy::random, 42, 0, s, 10);
        ASSERT_LT(i, 10u);
        ++hits[i];
        // The same session number gives the same pick, whoever asks and in whatever order.
        ASSERT_EQ(i, sampled_index(sampling_strategy::random, 42, 0, s, 10));
    }
    for (int h : hits)
        EXPECT_NEAR(h, 2000, 200);
    // Repeats within a pass: with replacement, ten draws from ten rarely hit all ten.
    int full_passes = 0;
    for (std::uint64_t pass = 0; pass < 100; ++pass) {
        std::set<std::uint64_t> seen;
        for (std::uint64_t k = 0; k < 10; ++k)
            seen.insert(sampled_index(sampling_strategy::random, 42, 0, pass * 10 + k, 10));
        full_passes += seen.size() == 10;
    }
    EXPECT_LT(full_passes, 5);
    int differ = 0;
    for (std::uint64_t s = 0; s < 100; ++s)
        differ += sampled_index(sampling_strategy::random, 42, 0, s, 10) !=
                  sampled_index(sampling_strategy::random, 43, 0, s, 10);
    EXPECT_GT(differ, 50);
}

TEST(Sampling, ShuffledPassesArePermutationsThatDifferPerEpoch) {
    std::vector<std::uint32_t> a, b, again;
    shuffled_pass(9, 0, 0, 50, a);
    shuffled_pass(9, 0, 1, 50, b);
    shuffled_pass(9, 0, 0, 50, again);
    EXPECT_EQ(a, again);
    EXPECT_NE(a, b);
    auto sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (std::uint32_t i = 0; i < 50; ++i)
        EXPECT_EQ(sorted[i], i);
    std::vector<std::uint32_t> salted;
    shuffled_pass(9, 1, 0, 50, salted);
    EXPECT_NE(a, salted);
}

TEST(Sampling, DefaultsFollowAIPerf) {
    synthetic_options o;
    EXPECT_EQ(default_sampling(o), sampling_strategy::shuffle);
    o.input_file = "x.jsonl";
    for (auto t :
         {dataset_type::single_turn, dataset_type::multi_turn, dataset_type::mooncake_trace})
        EXPECT_EQ(default_sampling((o.file_type = t, o)), sampling_strategy::sequential);
    o.file_type = dataset_type::random_pool;
    EXPECT_EQ(default_sampling(o), sampling_strategy::shuffle);
    o.public_set = public_dataset::sharegpt;
    EXPECT_EQ(default_sampling(o), sampling_strategy::sequential);
    o.sampling = sampling_strategy::random;
    EXPECT_EQ(effective_sampling(o), sampling_strategy::random);
    EXPECT_EQ(to_string(sampling_strategy::shuffle), "shuffle");
}

}  // namespace
