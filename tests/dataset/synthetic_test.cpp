#include "ringperf/dataset/synthetic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "toy_codec.h"

namespace {

using ringperf::dataset::make_synthetic_prompts;
using ringperf::dataset::prompt;
using ringperf::dataset::prompt_sampler;
using ringperf::dataset::synthetic_options;
using ringperf::dataset::synthetic_words;

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t sp = text.find(' ', start);
        out.push_back(text.substr(start, sp - start));
        if (sp == std::string::npos) return out;
        start = sp + 1;
    }
}

synthetic_options options(double isl_mean, double isl_stddev, std::uint32_t n) {
    synthetic_options o;
    o.isl_mean = isl_mean;
    o.isl_stddev = isl_stddev;
    o.num_dataset_entries = n;
    return o;
}

struct moments {
    double mean = 0, stddev = 0;
};

template <typename Get>
moments measure(const std::vector<prompt>& ps, Get get) {
    double sum = 0, sum_sq = 0;
    for (const prompt& p : ps) {
        const double v = static_cast<double>(get(p));
        sum += v;
        sum_sq += v * v;
    }
    const double n = static_cast<double>(ps.size());
    const double mean = sum / n;
    return {mean, std::sqrt(sum_sq / n - mean * mean)};
}

TEST(SyntheticWords, AreDistinctLowercaseWords) {
    const auto words = synthetic_words();
    EXPECT_GE(words.size(), 300u);
    std::set<std::string_view> seen;
    for (std::string_view w : words) {
        EXPECT_FALSE(w.empty());
        for (char c : w)
            EXPECT_TRUE(c >= 'a' && c <= 'z') << w;
        EXPECT_TRUE(seen.insert(w).second) << "duplicate: " << w;
    }
}

TEST(SyntheticPrompts, HaveExactlyTheMeanWordCountWithZeroStddev) {
    const auto ps = make_synthetic_prompts(options(550, 0, 20), 7);
    ASSERT_EQ(ps.size(), 20u);
    const std::set<std::string_view> vocab(synthetic_words().begin(), synthetic_words().end());
    for (const prompt& p : ps) {
        EXPECT_EQ(p.input_tokens, 550);
        const auto words = split_words(p.text);
        ASSERT_EQ(words.size(), 550u);
        for (const std::string& w : words)
            ASSERT_TRUE(vocab.count(w)) << "'" << w << "' in: " << p.text.substr(0, 80);
        EXPECT_FALSE(p.max_tokens.has_value());
    }
}

TEST(SyntheticPrompts, RoundsAFractionalMeanUpAndUsesAtLeastOneWord) {
    for (const prompt& p : make_synthetic_prompts(options(10.2, 0, 3), 1)) {
        EXPECT_EQ(p.input_tokens, 11);
        EXPECT_EQ(split_words(p.text).size(), 11u);
    }
    for (const prompt& p : make_synthetic_prompts(options(0, 0, 3), 1)) {
        EXPECT_EQ(p.input_tokens, 1);
        EXPECT_EQ(split_words(p.text).size(), 1u);
    }
}

TEST(SyntheticPrompts, AreDeterministicForASeed) {
    synthetic_options o = options(64, 8, 50);
    o.osl_mean = 32;
    o.osl_stddev = 4;
    const auto a = make_synthetic_prompts(o, 42);
    const auto b = make_synthetic_prompts(o, 42);
    const auto c = make_synthetic_prompts(o, 43);
    ASSERT_EQ(a.size(), b.size());
    int same_as_other_seed = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].text, b[i].text);
        EXPECT_EQ(a[i].input_tokens, b[i].input_tokens);
        EXPECT_EQ(a[i].max_tokens, b[i].max_tokens);
        same_as_other_seed += a[i].text == c[i].text;
    }
    EXPECT_EQ(same_as_other_seed, 0);
}

TEST(SyntheticPrompts, TextDoesNotDependOnOutputLengthSettings) {
    synthetic_options with_osl = options(40, 5, 30);
    with_osl.osl_mean = 100;
    const auto a = make_synthetic_prompts(options(40, 5, 30), 9);
    const auto b = make_synthetic_prompts(with_osl, 9);
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(a[i].text, b[i].text);
}

TEST(SyntheticPrompts, SampledInputLengthsMatchTheDistribution) {
    const auto ps = make_synthetic_prompts(options(100, 15, 10000), 2024);
    for (const prompt& p : ps)
        ASSERT_EQ(std::count(p.text.begin(), p.text.end(), ' ') + 1, p.input_tokens);
    const moments m = measure(ps, [](const prompt& p) { return p.input_tokens; });
    // ceil() adds 0.5 on average; the standard error of the mean is 0.15.
    EXPECT_NEAR(m.mean, 100.5, 0.75);
    EXPECT_NEAR(m.stddev, 15.0, 0.6);
}

TEST(SyntheticPrompts, NegativeDrawsAreRedrawn) {
    const auto ps = make_synthetic_prompts(options(2, 10, 2000), 5);
    std::int64_t largest = 0;
    for (const prompt& p : ps) {
        EXPECT_GE(p.input_tokens, 1);
        largest = std::max(largest, p.input_tokens);
    }
    // A half-normal above 0 with sd 10: the mean is well above the requested 2.
    const moments m = measure(ps, [](const prompt& p) { return p.input_tokens; });
    EXPECT_GT(m.mean, 7.0);
    EXPECT_GT(largest, 20);
}

TEST(SyntheticPrompts, OutputLengthsFollowOslWhenSet) {
    synthetic_options o = options(8, 0, 10000);
    o.osl_mean = 200;
    o.osl_stddev = 30;
    const auto ps = make_synthetic_prompts(o, 11);
    for (const prompt& p : ps)
        ASSERT_TRUE(p.max_tokens.has_value());
    const moments m = measure(ps, [](const prompt& p) { return *p.max_tokens; });
    EXPECT_NEAR(m.mean, 200.5, 1.2);
    EXPECT_NEAR(m.stddev, 30.0, 1.0);

    o.osl_stddev = 0;
    o.osl_mean = 128;
    for (const prompt& p : make_synthetic_prompts(o, 11))
        EXPECT_EQ(p.max_tokens, 128);
}

TEST(SyntheticPrompts, OutputLengthIsAbsentWhenOslIsUnset) {
    for (const prompt& p : make_synthetic_prompts(options(8, 2, 100), 3))
        EXPECT_FALSE(p.max_tokens.has_value());
}

TEST(PromptSampler, VisitsEveryIndexOncePerEpoch) {
    const std::size_t n = 97;
    prompt_sampler s(n, 123);
    std::vector<std::vector<std::size_t>> epochs;
    for (int e = 0; e < 5; ++e) {
        std::vector<std::size_t> order;
        std::vector<int> seen(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t idx = s.next();
            ASSERT_LT(idx, n);
            ++seen[idx];
            order.push_back(idx);
        }
        for (std::size_t i = 0; i < n; ++i)
            ASSERT_EQ(seen[i], 1) << "epoch " << e << " index " << i;
        epochs.push_back(order);
    }
    EXPECT_NE(epochs[0], epochs[1]);
    std::vector<std::size_t> identity(n);
    for (std::size_t i = 0; i < n; ++i)
        identity[i] = i;
    EXPECT_NE(epochs[0], identity);
}

TEST(PromptSampler, IsDeterministicForASeed) {
    prompt_sampler a(50, 8), b(50, 8), c(50, 9);
    int differing = 0;
    for (int i = 0; i < 200; ++i) {
        const std::size_t x = a.next();
        EXPECT_EQ(x, b.next());
        differing += x != c.next();
    }
    EXPECT_GT(differing, 0);
}

TEST(PromptSampler, WithOneEntryAlwaysReturnsIt) {
    prompt_sampler s(1, 0);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(s.next(), 0u);
}

// With a tokenizer: exact counts, sequence distributions, batches, prefixes and context.

using dataset_test::toy_codec;
using ringperf::dataset::conversation_set;
using ringperf::dataset::make_synthetic_conversations;
using ringperf::dataset::prompt_source;

TEST(SyntheticWithTokenizer, EveryPromptHasExactlyItsDrawnLength) {
    const toy_codec c;
    const prompt_source src(&c);
    auto fixed = make_synthetic_prompts(options(512, 0, 50), 3, src);
    ASSERT_TRUE(fixed.ok()) << fixed.message();
    for (const prompt& p : *fixed) {
        EXPECT_EQ(p.input_tokens, 512);
        EXPECT_EQ(src.count(p.text), 512);
    }
    auto varied = make_synthetic_prompts(options(300, 60, 200), 4, src);
    ASSERT_TRUE(varied.ok());
    std::set<std::int64_t> lengths;
    for (const prompt& p : *varied) {
        EXPECT_EQ(src.count(p.text), p.input_tokens);
        lengths.insert(p.input_tokens);
    }
    EXPECT_GT(lengths.size(), 50u);
}

TEST(SyntheticWithTokenizer, DrawsAreTheSameAsWithTheWordList) {
    // Lengths and output limits come from the same streams whatever the text source.
    synthetic_options o = options(64, 8, 40);
    o.osl_mean = 32;
    o.osl_stddev = 4;
    const toy_codec c;
    const auto words = make_synthetic_prompts(o, 42);
    const auto toy = make_synthetic_prompts(o, 42, prompt_source(&c));
    ASSERT_TRUE(toy.ok());
    for (std::size_t i = 0; i < words.size(); ++i) {
        EXPECT_EQ((*toy)[i].input_tokens, words[i].input_tokens);
        EXPECT_EQ((*toy)[i].max_tokens, words[i].max_tokens);
    }
}

TEST(SyntheticWithTokenizer, SeqDistSetsIslAndOslPerTurn) {
    const toy_codec c;
    const prompt_source src(&c);
    synthetic_options o = options(999, 50, 400);
    o.seq_dist = *ringperf::dataset::parse_seq_dist("64,32:50;256,128:50");
    o.prompt_batch_size = 2;
    auto ps = make_synthetic_prompts(o, 8, src);
    ASSERT_TRUE(ps.ok()) << ps.message();
    int small = 0;
    for (const prompt& p : *ps) {
        ASSERT_EQ(p.parts.size(), 2u);
        const std::int64_t isl = src.count(p.parts[0]);
        EXPECT_EQ(src.count(p.parts[1]), isl);
        ASSERT_TRUE(isl == 64 || isl == 256) << isl;
        EXPECT_EQ(p.max_tokens, isl / 2);
        EXPECT_EQ(p.input_tokens, 2 * isl);
        small += isl == 64;
    }
    EXPECT_NEAR(small, 200, 40);
}

TEST(SyntheticWithTokenizer, BatchesAreIndependentTextsJoinedInText) {
    const toy_codec c;
    const prompt_source src(&c);
    synthetic_options o = options(40, 10, 30);
    o.prompt_batch_size = 3;
    auto ps = make_synthetic_prompts(o, 5, src);
    ASSERT_TRUE(ps.ok());
    for (const prompt& p : *ps) {
        ASSERT_EQ(p.parts.size(), 3u);
        EXPECT_EQ(p.text, p.parts[0] + "\n" + p.parts[1] + "\n" + p.parts[2]);
        EXPECT_NE(p.parts[0], p.parts[1]);
        EXPECT_EQ(p.input_tokens,
                  src.count(p.parts[0]) + src.count(p.parts[1]) + src.count(p.parts[2]));
    }
}

TEST(SyntheticWithTokenizer, FirstTurnsStartWithAPrefixFromThePool) {
    const toy_codec c;
    const prompt_source src(&c);
    synthetic_options o = options(30, 0, 40);
    o.turn_mean = 2;
    o.num_prefix_prompts = 3;
    o.prefix_prompt_length = 20;
    auto set = make_synthetic_conversations(o, 6, src);
    ASSERT_TRUE(set.ok()) << set.message();
    std::set<std::string> prefixes;
    for (const auto& conv : set->conversations) {
        ASSERT_EQ(conv.turns.size(), 2u);
        const auto& first = conv.turns[0];
        EXPECT_EQ(src.count(first.text), 50);
        EXPECT_EQ(first.input_tokens, 50);
        // The prefix is the text up to its first 20 tokens: find the space that ends it.
        std::vector<std::uint32_t> ids;
        c.encode(first.text, ids);
        prefixes.insert(c.decode(std::span(ids).first(20), false));
        EXPECT_EQ(src.count(conv.turns[1].text), 30);
    }
    EXPECT_LE(prefixes.size(), 3u);
    EXPECT_GE(prefixes.size(), 2u);
}

TEST(SyntheticWithTokenizer, SystemPromptIsSharedAndContextIsPerConversation) {
    const toy_codec c;
    const prompt_source src(&c);
    synthetic_options o = options(16, 0, 20);
    o.shared_system_prompt_length = 100;
    o.user_context_prompt_length = 40;
    auto set = make_synthetic_conversations(o, 6, src);
    ASSERT_TRUE(set.ok());
    std::set<std::string> contexts;
    const std::string& system = set->conversations[0].system;
    EXPECT_EQ(src.count(system), 100);
    for (const auto& conv : set->conversations) {
        EXPECT_EQ(conv.system, system);
        EXPECT_EQ(conv.system_tokens, 100);
        EXPECT_EQ(src.count(conv.context), 40);
        EXPECT_EQ(conv.context_tokens, 40);
        contexts.insert(conv.context);
        EXPECT_EQ(conv.turns[0].input_tokens, 16);
    }
    EXPECT_EQ(contexts.size(), 20u);
}

TEST(SyntheticWithTokenizer, ConversationsDoNotDependOnTheThreadCount) {
    const toy_codec c;
    const prompt_source src(&c);
    synthetic_options o = options(200, 40, 60);
    o.turn_mean = 3;
    o.turn_stddev = 1;
    o.num_prefix_prompts = 2;
    o.prefix_prompt_length = 10;
    auto a = make_synthetic_conversations(o, 77, src, 1);
    auto b = make_synthetic_conversations(o, 77, src, 4);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->conversations.size(), b->conversations.size());
    for (std::size_t i = 0; i < a->conversations.size(); ++i)
        for (std::size_t t = 0; t < a->conversations[i].turns.size(); ++t)
            EXPECT_EQ(a->conversations[i].turns[t].text, b->conversations[i].turns[t].text);
}

}  // namespace
