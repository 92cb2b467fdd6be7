// Dataset files read with a tokenizer (the toy codec): exact token counts, hash-id blocks,
// random pools and ShareGPT. The word-list behaviour of the same loader is covered by
// tests/workload/dataset_loader_test.cpp.
#include "ringperf/dataset/loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "toy_codec.h"

namespace {

using dataset_test::toy_codec;
using namespace ringperf::dataset;

std::string data_path(const std::string& name) {
    const char* dir = std::getenv("RINGPERF_DATASET_TEST_DATA");
    return std::string(dir ? dir : "tests/data/dataset") + "/" + name;
}

synthetic_options file_options(const std::string& name, dataset_type type) {
    synthetic_options o;
    o.input_file = data_path(name);
    o.file_type = type;
    return o;
}

conversation_set load_ok(const synthetic_options& o, const prompt_source& src,
                         std::uint64_t seed = 1, unsigned threads = 0) {
    auto set = load_dataset_file(o, seed, src, threads);
    EXPECT_TRUE(set.ok()) << set.message();
    return set.ok() ? *set : conversation_set{};
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = s.find('\n', start);
        out.push_back(s.substr(start, nl - start));
        if (nl == std::string::npos) return out;
        start = nl + 1;
    }
}

TEST(LoaderWithTokenizer, MooncakeRowsHaveExactlyTheirInputLength) {
    const toy_codec c;
    const prompt_source src(&c);
    const auto set = load_ok(file_options("mooncake.jsonl", dataset_type::mooncake_trace), src);
    ASSERT_EQ(set.conversations.size(), 6u);
    const std::vector<std::int64_t> lengths = {655, 672, 100, 512, 513};
    const std::vector<std::pair<std::size_t, std::size_t>> where = {
        {0, 0}, {1, 0}, {2, 0}, {4, 0}, {5, 0}};
    for (std::size_t i = 0; i < where.size(); ++i) {
        const turn& t = set.conversations[where[i].first].turns[where[i].second];
        EXPECT_EQ(src.count(t.text), lengths[i]) << i;
        EXPECT_EQ(t.input_tokens, lengths[i]);
    }
    const turn& literal = set.conversations[3].turns[0];
    EXPECT_EQ(literal.text, "Hello   there\tworld");
    EXPECT_EQ(literal.input_tokens, src.count("Hello   there\tworld"));
    EXPECT_EQ(set.conversations[3].turns[1].input_tokens, 3);
    EXPECT_EQ(src.count(set.conversations[3].turns[1].text), 3);
}

TEST(LoaderWithTokenizer, SharedHashIdsGiveByteIdenticalBlocks) {
    const toy_codec c;
    const prompt_source src(&c);
    auto o = file_options("mooncake_block16.jsonl", dataset_type::mooncake_trace);
    o.isl_block_size = 16;
    const auto set = load_ok(o, src, 3);
    ASSERT_EQ(set.conversations.size(), 4u);
    std::vector<std::string> rows;
    for (const auto& conv : set.conversations)
        rows.push_back(conv.turns[0].text);
    EXPECT_EQ(src.count(rows[0]), 40);
    EXPECT_EQ(src.count(rows[1]), 36);
    EXPECT_EQ(src.count(rows[2]), 16);
    EXPECT_EQ(src.count(rows[3]), 8);
    // Every block starts with the separator: rows 0 and 1 share blocks 1 and 2 exactly.
    const auto block_end = [](const std::string& s, int blocks) {
        std::size_t pos = 0;
        for (int b = 0; b <= blocks; ++b)
            pos = s.find("<eos>", pos + (b > 0 ? 1 : 0));
        return pos;
    };
    const std::size_t two0 = block_end(rows[0], 2), two1 = block_end(rows[1], 2);
    ASSERT_NE(two0, std::string::npos);
    EXPECT_EQ(rows[0].substr(0, two0), rows[1].substr(0, two1));
    EXPECT_NE(rows[0].substr(two0), rows[1].substr(two1));
    // Row 2 is block 1 alone; row 0 starts with it.
    EXPECT_EQ(rows[0].rfind(rows[2], 0), 0u);
    EXPECT_EQ(rows[0].substr(0, 5), "<eos>");
    EXPECT_EQ(set.conversations[0].turns[0].max_tokens, 5);
}

TEST(LoaderWithTokenizer, WithoutASeparatorRowsAreStillExact) {
    const toy_codec c(false, false);
    const prompt_source src(&c);
    auto o = file_options("mooncake_block16.jsonl", dataset_type::mooncake_trace);
    o.isl_block_size = 16;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto set = load_ok(o, src, seed);
        const std::vector<std::int64_t> lengths = {40, 36, 16, 8};
        for (std::size_t i = 0; i < lengths.size(); ++i)
            EXPECT_EQ(src.count(set.conversations[i].turns[0].text), lengths[i]) << seed;
    }
}

TEST(LoaderWithTokenizer, BlockSizeBoundsTheInputLength) {
    const toy_codec c;
    const prompt_source src(&c);
    auto o = file_options("mooncake_block16.jsonl", dataset_type::mooncake_trace);
    o.isl_block_size = 12;
    auto set = load_dataset_file(o, 1, src);
    ASSERT_FALSE(set.ok());
    const auto lines = split_lines(set.message());
    ASSERT_EQ(lines.size(), 2u) << set.message();
    EXPECT_EQ(lines[0], o.input_file +
                            ":1: \"input_length\" 40 does not fit 3 hash ids of 12 tokens: it "
                            "must be between 25 and 36");
    EXPECT_EQ(lines[1], o.input_file +
                            ":3: \"input_length\" 16 does not fit 1 hash ids of 12 tokens: it "
                            "must be between 1 and 12");
}

TEST(LoaderWithTokenizer, TextsAreSentAsPartsAndCountedExactly) {
    const toy_codec c;
    const prompt_source src(&c);
    const auto set = load_ok(file_options("single_turn.jsonl", dataset_type::single_turn), src);
    const turn& two = set.conversations[3].turns[0];
    EXPECT_EQ(two.text, "first part\nsecond part");
    EXPECT_EQ(two.parts, (std::vector<std::string>{"first part", "second part"}));
    EXPECT_EQ(two.input_tokens, src.count("first part") + src.count("second part"));
    const turn& one = set.conversations[0].turns[0];
    EXPECT_TRUE(one.parts.empty());
    EXPECT_EQ(one.input_tokens, src.count("What is machine learning?"));
}

TEST(LoaderWithTokenizer, SystemMessagesAreCounted) {
    const toy_codec c;
    const prompt_source src(&c);
    const auto set = load_ok(file_options("multi_turn.jsonl", dataset_type::multi_turn), src);
    EXPECT_EQ(set.conversations[0].system, "You are a helpful assistant.");
    EXPECT_EQ(set.conversations[0].system_tokens, src.count("You are a helpful assistant."));
    EXPECT_EQ(set.conversations[1].system_tokens, 0);
}

TEST(LoaderWithTokenizer, ResultsDoNotDependOnTheThreadCount) {
    const toy_codec c;
    const prompt_source src(&c);
    auto o = file_options("mooncake.jsonl", dataset_type::mooncake_trace);
    const auto a = load_ok(o, src, 9, 1), b = load_ok(o, src, 9, 4);
    for (std::size_t i = 0; i < a.conversations.size(); ++i)
        for (std::size_t t = 0; t < a.conversations[i].turns.size(); ++t)
            EXPECT_EQ(a.conversations[i].turns[t].text, b.conversations[i].turns[t].text);
}

TEST(RandomPool, DrawsEntriesWithReplacement) {
    const toy_codec c;
    const prompt_source src(&c);
    auto o = file_options("random_pool.jsonl", dataset_type::random_pool);
    o.num_dataset_entries = 60;
    const auto set = load_ok(o, src, 4);
    ASSERT_EQ(set.conversations.size(), 60u);
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < 60; ++i) {
        const auto& conv = set.conversations[i];
        EXPECT_EQ(conv.session_id, "session_" + std::to_string(i));
        ASSERT_EQ(conv.turns.size(), 1u);
        const turn& t = conv.turns[0];
        ++seen[t.text];
        if (t.text == "Explain quantum computing.") {
            EXPECT_EQ(t.max_tokens, 20);
        } else if (t.text == "first text\nsecond text") {
            EXPECT_EQ(t.parts.size(), 2u);
            EXPECT_EQ(t.extra,
                      (std::vector<std::pair<std::string, std::string>>{{"temperature", "0.1"}}));
        } else {
            EXPECT_EQ(t.text, "What is the capital of France?");
            EXPECT_FALSE(t.max_tokens);
        }
        EXPECT_GT(t.input_tokens, 0);
    }
    EXPECT_EQ(seen.size(), 3u);
    EXPECT_FALSE(set.timestamped);
}

TEST(RandomPool, ADirectoryIsOnePoolPerFile) {
    const toy_codec c;
    const prompt_source src(&c);
    auto o = file_options("random_pool_dir", dataset_type::random_pool);
    o.num_dataset_entries = 30;
    o.osl_mean = 12;
    const auto set = load_ok(o, src, 2);
    ASSERT_EQ(set.conversations.size(), 30u);
    const std::set<std::string> queries = {"Who are you?", "What is the meaning of life?"};
    const std::set<std::string> passages = {"I am a cat.", "I am a dog.", "I am a bird."};
    for (const auto& conv : set.conversations) {
        const turn& t = conv.turns[0];
        ASSERT_EQ(t.parts.size(), 2u) << t.text;
        EXPECT_TRUE(queries.count(t.parts[0])) << t.parts[0];
        EXPECT_TRUE(passages.count(t.parts[1])) << t.parts[1];
        EXPECT_EQ(t.max_tokens, 12);
        EXPECT_EQ(t.input_tokens, src.count(t.parts[0]) + src.count(t.parts[1]));
    }
}

TEST(RandomPool, BatchesDrawTextsFromEveryPool) {
    const toy_codec c;
    const prompt_source src(&c);
    auto o = file_options("random_pool_dir", dataset_type::random_pool);
    o.num_dataset_entries = 20;
    o.prompt_batch_size = 3;
    const auto set = load_ok(o, src, 2);
    std::set<std::string> all;
    for (const auto& conv : set.conversations) {
        ASSERT_EQ(conv.turns[0].parts.size(), 3u);
        all.insert(conv.turns[0].parts.begin(), conv.turns[0].parts.end());
    }
    EXPECT_EQ(all.size(), 5u);
}

TEST(RandomPool, ReportsEveryBadEntry) {
    const prompt_source src(nullptr);
    auto o = file_options("bad_random_pool.jsonl", dataset_type::random_pool);
    auto set = load_dataset_file(o, 1, src);
    ASSERT_FALSE(set.ok());
    const auto lines = split_lines(set.message());
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], o.input_file +
                            ":2: \"timestamp\": random_pool entries are sampled at random and "
                            "carry no timestamp, delay, session or role");
    EXPECT_EQ(lines[1], o.input_file +
                            ":3: \"session_id\": random_pool entries are sampled at random and "
                            "carry no timestamp, delay, session or role");
    EXPECT_EQ(lines[2], o.input_file + ":4: \"texts\" holds no text");
}

TEST(Loader, ADirectoryIsOnlyReadAsARandomPool) {
    auto set = load_dataset_file(file_options("random_pool_dir", dataset_type::single_turn), 1);
    ASSERT_FALSE(set.ok());
    EXPECT_NE(set.message().find("is a directory; only --custom-dataset-type random_pool"),
              std::string::npos)
        << set.message();
}

TEST(ShareGpt, KeepsTheFirstTwoMessagesOfEntriesWithinTheLengthFilters) {
    const prompt_source words(nullptr);
    synthetic_options o;
    o.input_file = data_path("sharegpt_sample.json");
    o.public_set = public_dataset::sharegpt;
    auto set = build_conversations(o, 1, words);
    ASSERT_TRUE(set.ok()) << set.message();
    ASSERT_EQ(set->conversations.size(), 3u);
    const auto& c = set->conversations;
    EXPECT_EQ(c[0].session_id, "session_0");
    EXPECT_EQ(c[0].turns[0].input_tokens, 4);
    EXPECT_EQ(c[0].turns[0].max_tokens, 4);
    EXPECT_EQ(c[1].turns[0].input_tokens, 1024);
    EXPECT_EQ(c[1].turns[0].max_tokens, 1024);
    EXPECT_EQ(c[2].turns[0].text.substr(0, 11), "hello hello");
    EXPECT_EQ(c[2].turns[0].max_tokens, 30);

    // With --osl the completion may be short.
    o.osl_mean = 100;
    set = build_conversations(o, 1, words);
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->conversations.size(), 4u);
    EXPECT_EQ(set->conversations[1].turns[0].max_tokens, 3);
}

TEST(ShareGpt, AFileThatIsNotAnArrayOrMissingIsAnError) {
    const prompt_source words(nullptr);
    synthetic_options o;
    o.public_set = public_dataset::sharegpt;
    o.input_file = data_path("mooncake.jsonl");
    auto set = load_sharegpt(o, words);
    ASSERT_FALSE(set.ok());
    o.input_file = data_path("random_pool_dir/a_queries.jsonl");
    set = load_sharegpt(o, words);
    ASSERT_FALSE(set.ok());
    o.input_file = data_path("nope.json");
    set = load_sharegpt(o, words);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.message().rfind("ShareGPT file " + o.input_file, 0), 0u) << set.message();
}

TEST(BuildConversations, PicksSyntheticOrFile) {
    const prompt_source words(nullptr);
    synthetic_options o;
    o.num_dataset_entries = 3;
    o.isl_mean = 5;
    auto set = build_conversations(o, 1, words);
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->conversations.size(), 3u);
    o = file_options("single_turn.jsonl", dataset_type::single_turn);
    set = build_conversations(o, 1, words);
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->conversations.size(), 7u);
}

}  // namespace
