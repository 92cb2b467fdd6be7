#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ringperf/dataset/loader.h"
#include "ringperf/dataset/synthetic.h"

namespace {

using ringperf::dataset::conversation;
using ringperf::dataset::conversation_set;
using ringperf::dataset::dataset_type;
using ringperf::dataset::load_dataset_file;
using ringperf::dataset::synthetic_options;
using ringperf::dataset::turn;
using extra_list = std::vector<std::pair<std::string, std::string>>;

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

conversation_set load_ok(const std::string& name, dataset_type type, std::uint64_t seed = 1) {
    auto set = load_dataset_file(file_options(name, type), seed);
    EXPECT_TRUE(set.ok()) << set.message();
    return set.ok() ? *set : conversation_set{};
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    while (true) {
        const std::size_t p = s.find(sep);
        out.emplace_back(s.substr(0, p));
        if (p == std::string_view::npos) return out;
        s.remove_prefix(p + 1);
    }
}

// The problems of a failed load, "<line>: <problem>" each, the file name checked and cut.
std::vector<std::string> problems_of(const std::string& name, dataset_type type) {
    auto set = load_dataset_file(file_options(name, type), 1);
    EXPECT_FALSE(set.ok());
    if (set.ok()) return {};
    std::vector<std::string> out;
    const std::string prefix = data_path(name) + ":";
    for (std::string& line : split(set.message(), '\n')) {
        if (line.rfind(prefix, 0) == 0) line = line.substr(prefix.size());
        out.push_back(line);
    }
    return out;
}

TEST(DatasetLoader, SingleTurnReadsEveryField) {
    const auto set = load_ok("single_turn.jsonl", dataset_type::single_turn);
    ASSERT_EQ(set.conversations.size(), 7u);
    EXPECT_FALSE(set.timestamped);
    EXPECT_FALSE(set.multi_turn());
    for (std::size_t i = 0; i < 7; ++i) {
        const conversation& c = set.conversations[i];
        EXPECT_EQ(c.session_id, "session_" + std::to_string(i));
        EXPECT_EQ(c.system, "");
        ASSERT_EQ(c.turns.size(), 1u);
    }
    const auto& t = [&](std::size_t i) -> const turn& { return set.conversations[i].turns[0]; };
    EXPECT_EQ(t(0).text, "What is machine learning?");
    EXPECT_EQ(t(0).input_tokens, 4);
    EXPECT_FALSE(t(0).max_tokens);
    EXPECT_FALSE(t(0).timestamp_ms);
    EXPECT_FALSE(t(0).delay_ms);
    EXPECT_TRUE(t(0).extra.empty());
    EXPECT_EQ(t(1).max_tokens, 50);
    EXPECT_EQ(
        t(2).extra,
        (extra_list{{"min_tokens", "50"}, {"ignore_eos", "true"}, {"nested", "{\"a\":[1,2]}"}}));
    EXPECT_EQ(t(3).text, "first part\nsecond part");
    EXPECT_EQ(t(3).input_tokens, 4);
    EXPECT_EQ(t(3).timestamp_ms, 1500.5);
    EXPECT_EQ(t(4).text, "x y\nz\nw");
    EXPECT_EQ(t(4).input_tokens, 4);
    EXPECT_EQ(t(4).delay_ms, 250.0);
    EXPECT_FALSE(t(4).timestamp_ms);
    EXPECT_EQ(t(5).text, "explicit user");
    EXPECT_EQ(t(6).text, "Say hi");
    EXPECT_EQ(t(6).max_tokens, 7);
}

TEST(DatasetLoader, SingleTurnRowsSharingASessionIdAreOneConversation) {
    // The file has CRLF line ends and a trailing whitespace-only line.
    const auto set = load_ok("single_turn_sessions.jsonl", dataset_type::single_turn);
    ASSERT_EQ(set.conversations.size(), 3u);
    const conversation& s1 = set.conversations[0];
    EXPECT_EQ(s1.session_id, "s1");
    EXPECT_EQ(s1.system, "You are terse.");
    ASSERT_EQ(s1.turns.size(), 2u);
    EXPECT_EQ(s1.turns[0].text, "Hello");
    EXPECT_EQ(s1.turns[0].timestamp_ms, 100.0);
    EXPECT_EQ(s1.turns[1].text, "Again");
    EXPECT_EQ(s1.turns[1].delay_ms, 20.0);
    EXPECT_EQ(set.conversations[1].session_id, "s2");
    EXPECT_EQ(set.conversations[1].turns[0].text, "Other");
    EXPECT_EQ(set.conversations[2].session_id, "session_2");
    EXPECT_EQ(set.conversations[2].turns[0].text, "solo");
    EXPECT_TRUE(set.timestamped);
    EXPECT_TRUE(set.multi_turn());
}

TEST(DatasetLoader, MultiTurnHoistsTheLeadingSystemTurnAndJoinsRowsOfOneSession) {
    const auto set = load_ok("multi_turn.jsonl", dataset_type::multi_turn);
    ASSERT_EQ(set.conversations.size(), 3u);
    EXPECT_TRUE(set.timestamped);
    const conversation& c1 = set.conversations[0];
    EXPECT_EQ(c1.session_id, "chat_1");
    EXPECT_EQ(c1.system, "You are a helpful assistant.");
    ASSERT_EQ(c1.turns.size(), 3u);
    EXPECT_EQ(c1.turns[0].text, "What is deep learning?");
    EXPECT_EQ(c1.turns[0].timestamp_ms, 0.0);
    EXPECT_EQ(c1.turns[0].input_tokens, 4);
    EXPECT_EQ(c1.turns[1].text, "Explain it for a five year old.");
    EXPECT_EQ(c1.turns[1].delay_ms, 1000.0);
    EXPECT_EQ(c1.turns[1].max_tokens, 30);
    EXPECT_EQ(c1.turns[2].text, "Continued later");
    EXPECT_EQ(c1.turns[2].timestamp_ms, 5000.0);
    EXPECT_EQ(set.conversations[1].session_id, "session_1");
    EXPECT_EQ(set.conversations[1].turns[0].text, "anon");
    const conversation& c2 = set.conversations[2];
    EXPECT_EQ(c2.session_id, "chat_2");
    EXPECT_EQ(c2.turns[0].text, "a b\nc");
    EXPECT_EQ(c2.turns[0].input_tokens, 3);
    EXPECT_EQ(c2.turns[0].extra, (extra_list{{"temperature", "0.5"}}));
}

std::vector<std::string> words_of(const std::string& text) {
    return split(text, ' ');
}

std::vector<std::string> slice(const std::vector<std::string>& v, std::size_t from, std::size_t n) {
    return {v.begin() + static_cast<std::ptrdiff_t>(from),
            v.begin() + static_cast<std::ptrdiff_t>(from + n)};
}

TEST(DatasetLoader, MooncakeBuildsPromptsFromLengthsAndHashIds) {
    const auto set = load_ok("mooncake.jsonl", dataset_type::mooncake_trace);
    ASSERT_EQ(set.conversations.size(), 6u);
    EXPECT_TRUE(set.timestamped);
    const auto& c = set.conversations;
    EXPECT_EQ(c[0].session_id, "session_0");
    EXPECT_EQ(c[1].session_id, "session_1");
    EXPECT_EQ(c[2].session_id, "session_2");
    EXPECT_EQ(c[3].session_id, "u1");
    EXPECT_EQ(c[4].session_id, "session_4");
    EXPECT_EQ(c[5].session_id, "session_5");

    const auto r1 = words_of(c[0].turns[0].text);
    const auto r2 = words_of(c[1].turns[0].text);
    ASSERT_EQ(r1.size(), 655u);
    ASSERT_EQ(r2.size(), 672u);
    EXPECT_EQ(c[0].turns[0].input_tokens, 655);
    EXPECT_EQ(c[1].turns[0].input_tokens, 672);
    EXPECT_EQ(c[0].turns[0].max_tokens, 52);
    EXPECT_EQ(c[1].turns[0].max_tokens, 26);
    EXPECT_EQ(c[1].turns[0].timestamp_ms, 10535.0);
    // Block 46 is the same 512 words in both; block 47 is cut to 143 and 160 words of the
    // same text.
    EXPECT_EQ(slice(r1, 0, 512), slice(r2, 0, 512));
    EXPECT_EQ(slice(r1, 512, 143), slice(r2, 512, 143));
    EXPECT_NE(slice(r1, 0, 143), slice(r1, 512, 143));

    EXPECT_EQ(words_of(c[2].turns[0].text).size(), 100u);
    EXPECT_FALSE(c[2].turns[0].max_tokens);

    ASSERT_EQ(c[3].turns.size(), 2u);
    EXPECT_EQ(c[3].turns[0].text, "Hello   there\tworld");
    EXPECT_EQ(c[3].turns[0].input_tokens, 3);
    EXPECT_EQ(c[3].turns[0].timestamp_ms, 12000.0);
    EXPECT_EQ(words_of(c[3].turns[1].text), slice(r1, 0, 3));
    EXPECT_EQ(c[3].turns[1].delay_ms, 500.0);
    EXPECT_EQ(c[3].turns[1].extra, (extra_list{{"ignore_eos", "true"}}));

    const auto r6 = words_of(c[4].turns[0].text);
    const auto r7 = words_of(c[5].turns[0].text);
    ASSERT_EQ(r6.size(), 512u);
    ASSERT_EQ(r7.size(), 513u);
    EXPECT_EQ(slice(r7, 0, 512), r6);
    EXPECT_NE(r6, slice(r1, 0, 512));

    const auto vocabulary = ringperf::dataset::synthetic_words();
    const std::set<std::string_view> known(vocabulary.begin(), vocabulary.end());
    for (const auto& w : r1)
        ASSERT_TRUE(known.count(w)) << w;
}

TEST(DatasetLoader, GeneratedTextIsAFunctionOfTheSeed) {
    const auto a = load_ok("mooncake.jsonl", dataset_type::mooncake_trace, 5);
    const auto b = load_ok("mooncake.jsonl", dataset_type::mooncake_trace, 5);
    const auto c = load_ok("mooncake.jsonl", dataset_type::mooncake_trace, 6);
    for (std::size_t i : {0u, 2u, 4u}) {
        EXPECT_EQ(a.conversations[i].turns[0].text, b.conversations[i].turns[0].text);
        EXPECT_NE(a.conversations[i].turns[0].text, c.conversations[i].turns[0].text);
    }
    EXPECT_EQ(a.conversations[3].turns[0].text, c.conversations[3].turns[0].text);
}

TEST(DatasetLoader, OslOptionsFillTurnsWithoutOutputLength) {
    auto o = file_options("mooncake.jsonl", dataset_type::mooncake_trace);
    o.osl_mean = 100;
    auto set = load_dataset_file(o, 1);
    ASSERT_TRUE(set.ok()) << set.message();
    const auto& c = set->conversations;
    EXPECT_EQ(c[0].turns[0].max_tokens, 52);
    EXPECT_EQ(c[1].turns[0].max_tokens, 26);
    EXPECT_EQ(c[2].turns[0].max_tokens, 100);
    EXPECT_EQ(c[3].turns[1].max_tokens, 100);
}

TEST(DatasetLoader, OslDrawsFollowTheSyntheticStreamInConversationOrder) {
    auto o = file_options("single_turn.jsonl", dataset_type::single_turn);
    o.osl_mean = 200;
    o.osl_stddev = 40;
    auto set = load_dataset_file(o, 9);
    ASSERT_TRUE(set.ok()) << set.message();
    synthetic_options p;
    p.osl_mean = 200;
    p.osl_stddev = 40;
    p.num_dataset_entries = 5;
    const auto prompts = ringperf::dataset::make_synthetic_prompts(p, 9);
    // Rows 1 and 6 carry output_length; the other five take the draws in order.
    const std::vector<std::size_t> drawn = {0, 2, 3, 4, 5};
    for (std::size_t k = 0; k < drawn.size(); ++k)
        EXPECT_EQ(set->conversations[drawn[k]].turns[0].max_tokens, prompts[k].max_tokens) << k;
    EXPECT_EQ(set->conversations[1].turns[0].max_tokens, 50);
    EXPECT_EQ(set->conversations[6].turns[0].max_tokens, 7);
}

TEST(DatasetLoader, ReportsEveryBadSingleTurnTextRow) {
    const auto p = problems_of("bad_single_turn_text.jsonl", dataset_type::single_turn);
    ASSERT_EQ(p.size(), 13u);
    EXPECT_EQ(p[0].rfind("2: invalid JSON: ", 0), 0u) << p[0];
    EXPECT_EQ(p[1], "3: expected a JSON object, got an array");
    EXPECT_EQ(p[2], "4: \"text\" and \"texts\" cannot both be set");
    EXPECT_EQ(p[3], "5: no text: set \"text\" or \"texts\"");
    EXPECT_EQ(p[4], "6: \"text\" must be a string, got an integer");
    EXPECT_EQ(p[5], "7: \"texts\" must be an array, got a string");
    EXPECT_EQ(p[6],
              "8: \"texts\"[0] must be a string or an object with a \"contents\" array of strings");
    EXPECT_EQ(p[7], "9: \"texts\"[0].contents must hold strings, got an integer");
    EXPECT_EQ(p[8], "10: \"text\" is empty");
    EXPECT_EQ(p[9], "11: \"texts\" holds no text");
    EXPECT_EQ(p[10], "12: \"image\": image and audio input are not supported in this version");
    EXPECT_EQ(p[11], "13: \"audios\": image and audio input are not supported in this version");
    EXPECT_EQ(p[12], "14: \"video\": video input is not supported in this version");
}

TEST(DatasetLoader, ReportsEveryBadSingleTurnFieldRow) {
    const auto p = problems_of("bad_single_turn_fields.jsonl", dataset_type::single_turn);
    const std::vector<std::string> expected = {
        "2: \"timestamp\" and \"delay\" cannot both be set",
        "3: \"timestamp\" must be >= 0 ms, got -1",
        "4: \"delay\" must be a number of milliseconds, got a string",
        "5: \"output_length\" must be >= 1, got 0",
        "6: \"output_length\" must be an integer, got a number",
        "7: \"extra\" must be an object, got an array",
        "8: role \"assistant\" is not supported (\"user\", or \"system\" on a conversation's "
        "first turn)",
        "9: \"session_id\" must be a string, got an integer",
        "10: session \"session_1\" has only a system message; it needs a user turn",
        "12: role \"system\" is only supported on a conversation's first turn",
        "13: a \"system\" turn cannot carry timestamp, delay, output_length or extra (it "
        "becomes the conversation's system message)",
        "14: \"role\" must be a string, got an integer",
    };
    EXPECT_EQ(p, expected);
}

TEST(DatasetLoader, ReportsEveryBadMultiTurnRow) {
    const auto p = problems_of("bad_multi_turn.jsonl", dataset_type::multi_turn);
    const std::vector<std::string> expected = {
        "2: no \"turns\"",
        "3: \"turns\" must be an array of objects, got an object",
        "4: \"turns\" is empty",
        "5: \"turns\"[0]: must be an object, got a string",
        "6: \"turns\"[1]: \"image\": image and audio input are not supported in this version",
        "7: \"session_id\" must be a string, got an array",
        "8: session \"session_1\" has only a system message; it needs a user turn",
        "9: role \"system\" is only supported on a conversation's first turn",
        "10: role \"system\" is only supported on a conversation's first turn",
    };
    EXPECT_EQ(p, expected);
}

TEST(DatasetLoader, ReportsEveryBadMooncakeRow) {
    const auto p = problems_of("bad_mooncake.jsonl", dataset_type::mooncake_trace);
    const std::vector<std::string> expected = {
        "2: no prompt: set \"input_length\" or \"text_input\"",
        "3: \"input_length\" and \"text_input\" cannot both be set",
        "4: \"hash_ids\" needs \"input_length\"",
        "5: \"input_length\" 600 does not fit 1 hash ids of 512 tokens: it must be between 1 "
        "and 512",
        "6: \"input_length\" 512 does not fit 2 hash ids of 512 tokens: it must be between 513 "
        "and 1024",
        "7: \"hash_ids\" is empty",
        "8: \"hash_ids\" must hold integers, got a string",
        "9: \"hash_ids\" must be an array of integers, got an integer",
        "10: \"input_length\" must be >= 1, got 0",
        "11: \"input_length\" 16777217 exceeds the limit of 16777216",
        "12: \"text_input\" is empty",
        "13: \"messages\": not supported in this version; give the prompt as \"text_input\" or "
        "\"input_length\"",
        "14: \"timestamp\" and \"delay\" cannot both be set",
        "15: \"output_length\" must be >= 1, got -3",
        "16: \"session_id\" must be a string, got an integer",
        "17: \"extra\" must be an object, got a string",
        "18: \"input_length\" must be an integer, got a string",
        "19: \"text_input\" must be a string, got an integer",
    };
    EXPECT_EQ(p, expected);
}

TEST(DatasetLoader, ShowsTwentyProblemsAndCountsTheRest) {
    const auto p = problems_of("many_bad.jsonl", dataset_type::single_turn);
    ASSERT_EQ(p.size(), 21u);
    for (std::size_t i = 0; i < 20; ++i)
        EXPECT_EQ(p[i], std::to_string(i + 1) + ": \"delay\" must be >= 0 ms, got -" +
                            std::to_string(i + 1));
    EXPECT_EQ(p[20], "and 3 more problems");
}

TEST(DatasetLoader, ProblemLinesNameTheFile) {
    auto set = load_dataset_file(file_options("bad_multi_turn.jsonl", dataset_type::multi_turn), 1);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.message().rfind(data_path("bad_multi_turn.jsonl") + ":2: no ", 0), 0u)
        << set.message();
}

TEST(DatasetLoader, AFileOfBlankLinesIsAnError) {
    auto set = load_dataset_file(file_options("blank.jsonl", dataset_type::single_turn), 1);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.message(),
              data_path("blank.jsonl") + ": no rows (the file is empty or all blank)");
}

TEST(DatasetLoader, AMissingFileIsAnError) {
    auto set = load_dataset_file(file_options("no_such_file.jsonl", dataset_type::single_turn), 1);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(
        set.message().rfind("dataset file: cannot open " + data_path("no_such_file.jsonl"), 0), 0u)
        << set.message();
}

TEST(DatasetLoader, AFormatMismatchIsReportedPerRow) {
    const auto p = problems_of("multi_turn.jsonl", dataset_type::mooncake_trace);
    ASSERT_EQ(p.size(), 4u);
    EXPECT_EQ(p[0], "1: no prompt: set \"input_length\" or \"text_input\"");
    EXPECT_EQ(p[3], "4: no prompt: set \"input_length\" or \"text_input\"");
}

}  // namespace
