// End to end: every dataset type and prompt option of `ringperf profile` against the mock
// server, checked through inputs.json and the per-request records. The examples in configs/
// (one per dataset type) run from TOML in profile_test.cpp.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "harness.h"
#include "process.h"
#include "ringperf/tokenizer/tokenizer.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
namespace dom = simdjson::dom;

namespace {

std::string data_file(const std::string& name) {
    const char* dir = std::getenv("RINGPERF_DATASET_TEST_DATA");
    return std::string(dir ? dir : "tests/data/dataset") + "/" + name;
}

struct run_output {
    rt::run_result proc;
    std::string art;
    std::string inputs;                // inputs.json text
    std::vector<std::string> records;  // profile_export.jsonl lines
};

// `ringperf profile` with `args` against a fresh mock; "MOCK" in args becomes its URL.
run_output run_profile(std::vector<std::string> args) {
    run_output out;
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "1", "--itl", "0.1"});
    EXPECT_GT(mock.port(), 0);
    for (auto& a : args)
        if (a == "MOCK") a = mock.url();
    out.art = dir + "/art";
    std::vector<std::string> full{"--url",   mock.url(), "--artifact-dir", out.art,
                                  "--model", "m",        "--random-seed",  "5"};
    full.insert(full.end(), args.begin(), args.end());
    out.proc = rt::run(rt::profile_args(full), dir, "profile", 120s);
    out.inputs = rt::read_text(out.art + "/inputs.json");
    out.records = rt::lines(rt::read_text(out.art + "/profile_export.jsonl"));
    return out;
}

// inputs.json's entries: (session_id, payloads as JSON text).
struct entry {
    std::string session_id;
    std::vector<std::string> payloads;
};

std::vector<entry> entries_of(const std::string& inputs) {
    dom::parser parser;
    dom::element doc;
    EXPECT_EQ(parser.parse(inputs).get(doc), simdjson::SUCCESS) << inputs.substr(0, 200);
    std::vector<entry> out;
    dom::array data;
    if (doc["data"].get_array().get(data) != simdjson::SUCCESS) return out;
    for (dom::element e : data) {
        entry x;
        x.session_id = std::string(std::string_view(e["session_id"]));
        for (dom::element p : dom::array(e["payloads"]))
            x.payloads.push_back(simdjson::minify(p));
        out.push_back(std::move(x));
    }
    return out;
}

// A payload's field as parsed JSON (kept alive by the parser passed in).
dom::element field(dom::parser& parser, const std::string& payload, const char* key) {
    dom::element doc;
    EXPECT_EQ(parser.parse(payload).get(doc), simdjson::SUCCESS);
    return doc[key].value_unsafe();
}

// Token count under the tokenizer the runs use (rt::test_tokenizer()): prompts are exact
// lengths in tokens of the run's tokenizer.
std::size_t tokens(std::string_view text) {
    static const auto tok = ringperf::tokenizer::tokenizer::from_file(rt::test_tokenizer());
    if (!tok) {
        ADD_FAILURE() << tok.message();
        return 0;
    }
    return tok->count(text);
}

std::string user_text(dom::parser& parser, const std::string& payload) {
    dom::array messages = field(parser, payload, "messages");
    dom::element last;
    for (dom::element m : messages)
        last = m;
    return std::string(std::string_view(last["content"]));
}

// A metadata field ("session_num": 3, "conversation_id": "3") or a metric's value
// ("input_sequence_length": {"value": 64, ...}) of a record line; -1 when absent.
std::int64_t record_int(const std::string& line, const std::string& key) {
    const auto p = line.find("\"" + key + "\":");
    if (p == std::string::npos) return -1;
    std::size_t v = p + key.size() + 3;
    if (line.compare(v, 9, "{\"value\":") == 0) v += 9;
    if (line[v] == '"') ++v;
    return std::atoll(line.c_str() + v);
}

}  // namespace

TEST(Datasets, SyntheticPromptsAreWrittenToInputsJsonAsSent) {
    auto r = run_profile({"--streaming", "--isl", "64", "--osl", "8", "--num-dataset-entries", "5",
                          "--request-count", "10", "--concurrency", "2"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    const auto entries = entries_of(r.inputs);
    ASSERT_EQ(entries.size(), 5u);
    dom::parser parser;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(entries[i].session_id, "session_" + std::to_string(i));
        ASSERT_EQ(entries[i].payloads.size(), 1u);
        const std::string& body = entries[i].payloads[0];
        EXPECT_EQ(tokens(user_text(parser, body)), 64u);
        EXPECT_EQ(std::string_view(field(parser, body, "model")), "m");
        EXPECT_EQ(std::int64_t(field(parser, body, "max_completion_tokens")), 8);
        EXPECT_TRUE(bool(field(parser, body, "stream")));
    }
    ASSERT_EQ(r.records.size(), 10u);
    for (const auto& rec : r.records)
        EXPECT_EQ(record_int(rec, "input_sequence_length"), 64) << rec;
}

TEST(Datasets, TheSameSeedGivesAByteIdenticalInputsJson) {
    const std::vector<std::string> args = {"--isl",
                                           "40",
                                           "--isl-stddev",
                                           "10",
                                           "--num-dataset-entries",
                                           "8",
                                           "--request-count",
                                           "4",
                                           "--conversation-turn-mean",
                                           "2"};
    auto a = run_profile(args), b = run_profile(args);
    ASSERT_EQ(a.proc.exit_code, 0) << a.proc.err;
    ASSERT_EQ(b.proc.exit_code, 0) << b.proc.err;
    EXPECT_FALSE(a.inputs.empty());
    EXPECT_EQ(a.inputs, b.inputs);
    auto other = args;
    other.insert(other.end(), {"--random-seed", "6"});
    auto c = run_profile(other);
    ASSERT_EQ(c.proc.exit_code, 0) << c.proc.err;
    EXPECT_NE(a.inputs, c.inputs);
    // Later turns are written without the conversation so far.
    dom::parser parser;
    for (const auto& e : entries_of(a.inputs)) {
        ASSERT_EQ(e.payloads.size(), 2u);
        EXPECT_EQ(dom::array(field(parser, e.payloads[1], "messages")).size(), 1u);
    }
}

TEST(Datasets, SingleTurnFileFromTheCommandLine) {
    auto r = run_profile({"--input-file", data_file("single_turn.jsonl"), "--custom-dataset-type",
                          "single_turn", "--no-fixed-schedule", "--request-count", "7"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    const auto entries = entries_of(r.inputs);
    ASSERT_EQ(entries.size(), 7u);
    dom::parser parser;
    EXPECT_EQ(user_text(parser, entries[0].payloads[0]), "What is machine learning?");
    EXPECT_EQ(std::int64_t(field(parser, entries[1].payloads[0], "max_completion_tokens")), 50);
    EXPECT_EQ(std::int64_t(field(parser, entries[2].payloads[0], "min_tokens")), 50);
    // Several texts are the parts of one message.
    dom::array parts = field(parser, entries[3].payloads[0], "messages").at(0)["content"];
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(std::string_view(parts.at(1)["text"]), "second part");
    // Files are sampled in order by default: session n takes row n mod 7.
    ASSERT_EQ(r.records.size(), 7u);
    for (const auto& rec : r.records)
        EXPECT_EQ(record_int(rec, "conversation_id"), record_int(rec, "session_num") % 7) << rec;
}

TEST(Datasets, MultiTurnFileSendsEveryTurn) {
    auto r = run_profile({"--input-file", data_file("multi_turn.jsonl"), "--custom-dataset-type",
                          "multi_turn", "--no-fixed-schedule", "--num-sessions", "3"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    const auto entries = entries_of(r.inputs);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].session_id, "chat_1");
    ASSERT_EQ(entries[0].payloads.size(), 3u);
    dom::parser parser;
    dom::array first = field(parser, entries[0].payloads[0], "messages");
    EXPECT_EQ(std::string_view(first.at(0)["role"]), "system");
    EXPECT_EQ(r.records.size(), 5u);
}

TEST(Datasets, RandomPoolFileAndDirectory) {
    auto r = run_profile({"--input-file", data_file("random_pool.jsonl"), "--custom-dataset-type",
                          "random_pool", "--num-dataset-entries", "12", "--request-count", "6"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    EXPECT_EQ(entries_of(r.inputs).size(), 12u);
    EXPECT_EQ(r.records.size(), 6u);
    r = run_profile({"--input-file", data_file("random_pool_dir"), "--custom-dataset-type",
                     "random_pool", "--num-dataset-entries", "4", "--request-count", "4",
                     "--endpoint-type", "completions", "-b", "3"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    dom::parser parser;
    for (const auto& e : entries_of(r.inputs))
        EXPECT_EQ(dom::array(field(parser, e.payloads[0], "prompt")).size(), 3u);
    EXPECT_EQ(r.records.size(), 4u);
}

TEST(Datasets, MooncakeTraceWithHashIdsAndABlockSize) {
    auto r =
        run_profile({"--input-file", data_file("mooncake_block16.jsonl"), "--custom-dataset-type",
                     "mooncake_trace", "--isl-block-size", "16", "--request-count", "4"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    const auto entries = entries_of(r.inputs);
    ASSERT_EQ(entries.size(), 4u);
    dom::parser parser;
    const std::vector<std::size_t> lengths = {40, 36, 16, 8};
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < 4; ++i) {
        texts.push_back(user_text(parser, entries[i].payloads[0]));
        EXPECT_EQ(tokens(texts.back()), lengths[i]);
    }
    EXPECT_EQ(texts[0].rfind(texts[2], 0), 0u);  // block 1 comes first in both
    EXPECT_EQ(r.records.size(), 4u);
}

TEST(Datasets, SharegptFromALocalFile) {
    auto r = run_profile({"--public-dataset", "sharegpt", "--input-file",
                          data_file("sharegpt_sample.json"), "--request-count", "3"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    const auto entries = entries_of(r.inputs);
    ASSERT_EQ(entries.size(), 3u);
    dom::parser parser;
    EXPECT_EQ(std::int64_t(field(parser, entries[1].payloads[0], "max_completion_tokens")), 1024);
    auto missing = run_profile({"--public-dataset", "sharegpt"});
    EXPECT_EQ(missing.proc.exit_code, 2);
    EXPECT_NE(missing.proc.err.find("ShareGPT_V3_unfiltered_cleaned_split.json"), std::string::npos)
        << missing.proc.err;
}

TEST(Datasets, BatchesPrefixesSystemAndContextShapeTheBody) {
    auto r = run_profile({"--isl", "10", "-b", "2", "--shared-system-prompt-length", "7",
                          "--user-context-prompt-length", "5", "--num-dataset-entries", "3",
                          "--request-count", "3"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    dom::parser parser;
    std::set<std::string> contexts;
    for (const auto& e : entries_of(r.inputs)) {
        dom::array m = field(parser, e.payloads[0], "messages");
        ASSERT_EQ(m.size(), 3u);
        EXPECT_EQ(std::string_view(m.at(0)["role"]), "system");
        EXPECT_EQ(tokens(std::string_view(m.at(0)["content"])), 7u);
        EXPECT_EQ(std::string_view(m.at(1)["role"]), "user");
        contexts.insert(std::string(std::string_view(m.at(1)["content"])));
        dom::array parts = m.at(2)["content"];
        ASSERT_EQ(parts.size(), 2u);
        EXPECT_EQ(tokens(std::string_view(parts.at(0)["text"])), 10u);
    }
    EXPECT_EQ(contexts.size(), 3u);
    for (const auto& rec : r.records)
        EXPECT_EQ(record_int(rec, "input_sequence_length"), 7 + 5 + 20) << rec;

    r = run_profile({"--isl", "10", "--num-prefix-prompts", "2", "--prefix-prompt-length", "4",
                     "--num-dataset-entries", "4", "--request-count", "2"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    for (const auto& e : entries_of(r.inputs))
        EXPECT_EQ(tokens(user_text(parser, e.payloads[0])), 14u);
}

TEST(Datasets, SeqDistSetsLengthsPerRequest) {
    auto r = run_profile(
        {"--seq-dist", "8,4:50;16,6:50", "--num-dataset-entries", "40", "--request-count", "4"});
    ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
    dom::parser parser;
    std::set<std::int64_t> seen;
    for (const auto& e : entries_of(r.inputs)) {
        const auto n = static_cast<std::int64_t>(tokens(user_text(parser, e.payloads[0])));
        const auto max = std::int64_t(field(parser, e.payloads[0], "max_completion_tokens"));
        EXPECT_TRUE((n == 8 && max == 4) || (n == 16 && max == 6)) << n << " " << max;
        seen.insert(n);
    }
    EXPECT_EQ(seen.size(), 2u);
}

TEST(Datasets, RandomSamplingIsTheSameOnAnyWorkerCount) {
    std::map<std::int64_t, std::int64_t> picks[2];
    int k = 0;
    for (const char* workers : {"1", "2"}) {
        auto r = run_profile({"--dataset-sampling-strategy", "random", "--isl", "4",
                              "--num-dataset-entries", "10", "--request-count", "40",
                              "--concurrency", "4", "--workers", workers});
        ASSERT_EQ(r.proc.exit_code, 0) << r.proc.err;
        for (const auto& rec : r.records)
            picks[k][record_int(rec, "session_num")] = record_int(rec, "conversation_id");
        ++k;
    }
    EXPECT_EQ(picks[0].size(), 40u);
    EXPECT_EQ(picks[0], picks[1]);
    std::set<std::int64_t> distinct;
    for (const auto& [s, c] : picks[0])
        distinct.insert(c);
    EXPECT_LT(distinct.size(), 10u + 1);
    EXPECT_GT(distinct.size(), 3u);
}

TEST(Datasets, ABadFileStopsTheRunBeforeItStarts) {
    auto r = run_profile({"--input-file", data_file("bad_mooncake.jsonl"), "--custom-dataset-type",
                          "mooncake_trace"});
    EXPECT_EQ(r.proc.exit_code, 2);
    EXPECT_NE(r.proc.err.find(data_file("bad_mooncake.jsonl") + ":2: no prompt"), std::string::npos)
        << r.proc.err;
    EXPECT_TRUE(r.records.empty());
}
