// The set-up of a run with a tokenizer, from options to inputs.json: every prompt written
// there encodes to exactly the length asked for with the run's tokenizer.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <memory>

#include "../dataset/toy_codec.h"
#include "prepare.h"
#include "ringperf/base/file.h"
#include "ringperf/config/config.h"
#include "ringperf/tokenizer/tokenizer.h"

namespace {

namespace dom = simdjson::dom;
using ringperf::cli::run_inputs;
using ringperf::config::run_plan;
using ringperf::dataset::token_codec;

std::string data_file(const std::string& name) {
    const char* dir = std::getenv("RINGPERF_DATASET_TEST_DATA");
    return std::string(dir ? dir : "tests/data/dataset") + "/" + name;
}

run_plan plan_of(std::vector<std::string> args) {
    args.insert(args.begin(), {"-m", "m", "--random-seed", "3"});
    auto p = ringperf::config::parse_profile(args, [](const char*) { return nullptr; });
    EXPECT_TRUE(p.ok()) << p.message();
    return p.ok() ? *p : run_plan{};
}

// inputs.json of `args` set up with `codec`: the file's text. `requested` receives each
// turn's input tokens as prepared (the length asked for), in file order.
std::string inputs_json(const std::vector<std::string>& args, const token_codec& codec,
                        std::vector<std::int64_t>* requested = nullptr) {
    const run_plan plan = plan_of(args);
    run_inputs in;
    auto r = ringperf::cli::prepare_inputs(plan, 3, in, &codec);
    EXPECT_TRUE(r.ok()) << r.message();
    if (!r.ok()) return {};
    if (requested != nullptr)
        for (const auto& c : in.conversations.conversations)
            for (const auto& t : c.turns)
                requested->push_back(t.input_tokens);
    ringperf::engine::url_target url;
    url.head.path = "/v1/chat/completions";
    url.head.authority = "localhost";
    in.requests = ringperf::cli::prepare_requests(plan, {url}, in.conversations);
    const std::string path =
        ::testing::TempDir() + "ringperf_inputs_" + std::to_string(::getpid()) + ".json";
    auto w = ringperf::cli::write_inputs_json(path, plan, in.conversations, in.requests);
    EXPECT_TRUE(w.ok()) << w.message();
    auto text = ringperf::read_file(path);
    return text.ok() ? *text : std::string();
}

// The user prompt of every turn in inputs.json, in order.
std::vector<std::string> prompts_of(const std::string& inputs) {
    dom::parser parser;
    dom::element doc;
    EXPECT_EQ(parser.parse(inputs).get(doc), simdjson::SUCCESS);
    std::vector<std::string> out;
    for (dom::element e : dom::array(doc["data"]))
        for (dom::element body : dom::array(e["payloads"])) {
            dom::element last;
            for (dom::element m : dom::array(body["messages"]))
                last = m;
            out.emplace_back(std::string_view(last["content"]));
        }
    return out;
}

std::size_t count(const token_codec& c, std::string_view text) {
    std::vector<std::uint32_t> ids;
    c.encode(text, ids);
    return ids.size();
}

TEST(InputsJsonWithTokenizer, EveryPromptHasExactlyTheRequestedLength) {
    const dataset_test::toy_codec codec;
    const auto prompts =
        prompts_of(inputs_json({"--isl", "512", "--num-dataset-entries", "30"}, codec));
    ASSERT_EQ(prompts.size(), 30u);
    for (const auto& p : prompts)
        EXPECT_EQ(count(codec, p), 512u) << p.substr(0, 60);
}

TEST(InputsJsonWithTokenizer, SeqDistLengthsAreExactToo) {
    const dataset_test::toy_codec codec;
    const auto prompts = prompts_of(inputs_json(
        {"--seq-dist", "100,10:50;300|30,20:50", "--num-dataset-entries", "40"}, codec));
    ASSERT_EQ(prompts.size(), 40u);
    int hundred = 0;
    for (const auto& p : prompts) {
        const auto n = count(codec, p);
        hundred += n == 100;
        EXPECT_GE(n, 1u);
    }
    EXPECT_GT(hundred, 5);
    EXPECT_LT(hundred, 35);
}

TEST(InputsJsonWithTokenizer, TraceRowsHaveExactlyTheirInputLength) {
    const dataset_test::toy_codec codec;
    const auto prompts = prompts_of(
        inputs_json({"--input-file", data_file("mooncake_block16.jsonl"), "--custom-dataset-type",
                     "mooncake_trace", "--isl-block-size", "16"},
                    codec));
    ASSERT_EQ(prompts.size(), 4u);
    const std::vector<std::size_t> lengths = {40, 36, 16, 8};
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_EQ(count(codec, prompts[i]), lengths[i]);
}

TEST(InputsJsonWithTokenizer, TheSameSeedGivesTheSameFile) {
    const dataset_test::toy_codec codec;
    const std::vector<std::string> args = {
        "--isl", "64", "--isl-stddev", "16", "--conversation-turn-mean", "2"};
    const std::string a = inputs_json(args, codec);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, inputs_json(args, codec));
}

TEST(InputsJsonWithTokenizer, ASamplingStrategyIsRefusedForAnAutomaticFixedSchedule) {
    const dataset_test::toy_codec codec;
    const run_plan plan =
        plan_of({"--input-file", data_file("mooncake.jsonl"), "--custom-dataset-type",
                 "mooncake_trace", "--dataset-sampling-strategy", "random"});
    run_inputs in;
    auto r = ringperf::cli::prepare_inputs(plan, 3, in, &codec);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message().rfind("--dataset-sampling-strategy cannot be used with a fixed "
                                "schedule",
                                0),
              0u)
        << r.message();
}

// With Qwen3's tokenizer.json (tools/fetch-tokenizers.sh): skipped when it is absent.
class Qwen3InputsJson : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        const char* dir = std::getenv("TOKENIZER_MODELS_DIR");
        auto t = ringperf::tokenizer::tokenizer::from_file(
            std::string(dir ? dir : ".cache/tokenizers") + "/qwen3/tokenizer.json");
        if (!t) return;
        tok_ = std::make_unique<ringperf::tokenizer::tokenizer>(std::move(*t));
        codec_ = std::make_unique<ringperf::dataset::tokenizer_codec>(*tok_);
    }
    static void TearDownTestSuite() {
        codec_.reset();
        tok_.reset();
    }
    void SetUp() override {
        if (!codec_) GTEST_SKIP() << "no qwen3/tokenizer.json";
    }
    static void expect_exact(const std::vector<std::string>& args) {
        std::vector<std::int64_t> requested;
        const auto prompts = prompts_of(inputs_json(args, *codec_, &requested));
        ASSERT_EQ(prompts.size(), requested.size());
        ASSERT_FALSE(prompts.empty());
        for (std::size_t i = 0; i < prompts.size(); ++i)
            ASSERT_EQ(static_cast<std::int64_t>(tok_->count(prompts[i])), requested[i])
                << prompts[i];
    }

    static inline std::unique_ptr<ringperf::tokenizer::tokenizer> tok_;
    static inline std::unique_ptr<ringperf::dataset::tokenizer_codec> codec_;
};

TEST_F(Qwen3InputsJson, Isl512PromptsAreExactly512Tokens) {
    const auto prompts =
        prompts_of(inputs_json({"--isl", "512", "--num-dataset-entries", "50"}, *codec_));
    ASSERT_EQ(prompts.size(), 50u);
    for (const auto& p : prompts)
        ASSERT_EQ(tok_->count(p), 512u) << p;
}

TEST_F(Qwen3InputsJson, WithAStddevEveryPromptHasItsDrawnLength) {
    expect_exact({"--isl", "512", "--isl-stddev", "100", "--num-dataset-entries", "50"});
}

TEST_F(Qwen3InputsJson, WithASeqDistEveryPromptHasItsDrawnLength) {
    expect_exact(
        {"--seq-dist", "128,32:40;512|50,64:40;2000,16:20", "--num-dataset-entries", "50"});
}

TEST_F(Qwen3InputsJson, TraceRowsHaveExactlyTheirInputLength) {
    expect_exact({"--input-file", data_file("mooncake.jsonl"), "--custom-dataset-type",
                  "mooncake_trace", "--no-fixed-schedule"});
}

}  // namespace
