// Exact prompt lengths with a real tokenizer (Qwen3's tokenizer.json, fetched by
// tools/fetch-tokenizers.sh), and agreement with the reference implementation on a sample:
// tests/data/dataset/qwen3_prompt_lengths.json holds prompts made by
// dataset_prompt_dump and their token counts under the reference, so this test needs no
// node.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "reference_cases.h"
#include "ringperf/dataset/loader.h"
#include "ringperf/dataset/synthetic.h"
#include "ringperf/dataset/token_codec.h"

namespace {

using namespace ringperf::dataset;
using ringperf::tokenizer::tokenizer;

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

class Qwen3Prompts : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        const std::string path =
            env_or("TOKENIZER_MODELS_DIR", ".cache/tokenizers") + "/qwen3/tokenizer.json";
        auto t = tokenizer::from_file(path);
        if (!t) {
            skip_reason_ = t.message() + " (run tools/fetch-tokenizers.sh)";
            return;
        }
        tok_ = std::make_unique<tokenizer>(std::move(*t));
        codec_ = std::make_unique<tokenizer_codec>(*tok_);
        source_ = std::make_unique<prompt_source>(codec_.get());
    }
    static void TearDownTestSuite() {
        source_.reset();
        codec_.reset();
        tok_.reset();
    }
    void SetUp() override {
        if (!source_) GTEST_SKIP() << skip_reason_;
    }

    static std::int64_t count(std::string_view text) {
        return static_cast<std::int64_t>(tok_->count(text));
    }

    static inline std::unique_ptr<tokenizer> tok_;
    static inline std::unique_ptr<tokenizer_codec> codec_;
    static inline std::unique_ptr<prompt_source> source_;
    static inline std::string skip_reason_;
};

TEST_F(Qwen3Prompts, SyntheticPromptsEncodeToExactlyTheRequestedLength) {
    auto fixed = make_synthetic_prompts(dataset_test::synthetic(512, 0, 100), 1, *source_);
    ASSERT_TRUE(fixed.ok()) << fixed.message();
    for (const auto& p : *fixed)
        ASSERT_EQ(count(p.text), 512) << p.text;
    auto varied = make_synthetic_prompts(dataset_test::synthetic(512, 128, 100), 2, *source_);
    ASSERT_TRUE(varied.ok());
    std::set<std::int64_t> lengths;
    for (const auto& p : *varied) {
        ASSERT_EQ(count(p.text), p.input_tokens) << p.text;
        lengths.insert(p.input_tokens);
    }
    EXPECT_GT(lengths.size(), 50u);
    auto o = dataset_test::synthetic(0, 0, 100);
    o.seq_dist = *parse_seq_dist("64,8:30;2048|256,16:70");
    auto mixed = make_synthetic_prompts(o, 3, *source_);
    ASSERT_TRUE(mixed.ok());
    for (const auto& p : *mixed)
        ASSERT_EQ(count(p.text), p.input_tokens);
}

TEST_F(Qwen3Prompts, ABareDecodedSliceIsSometimesNotTheRequestedLength) {
    // What AIPerf sends: decode(N ids) at a random offset, without the adjustment.
    const auto corpus = source_->corpus();
    int off = 0, total = 0;
    for (std::size_t n : {8u, 64u, 512u}) {
        for (std::size_t start = 0; start + n < corpus.size(); start += 13, ++total) {
            const std::vector<std::uint32_t> ids(
                corpus.begin() + static_cast<std::ptrdiff_t>(start),
                corpus.begin() + static_cast<std::ptrdiff_t>(start + n));
            off += count(codec_->decode(ids, true)) != static_cast<std::int64_t>(n);
        }
    }
    std::printf("%d of %d bare slices re-encode to another length\n", off, total);
    EXPECT_GT(off, 0) << "every bare slice of " << total << " re-encoded to its length";
}

TEST_F(Qwen3Prompts, TraceRowsAreExactAndStartEveryBlockWithTheSeparator) {
    EXPECT_EQ(count(source_->block_separator()), 1);
    EXPECT_FALSE(source_->block_separator().empty());
    synthetic_options o;
    o.input_file = env_or("RINGPERF_DATASET_TEST_DATA", "tests/data/dataset") + "/mooncake.jsonl";
    o.file_type = dataset_type::mooncake_trace;
    auto set = load_dataset_file(o, 7, *source_);
    ASSERT_TRUE(set.ok()) << set.message();
    const auto& rows = set->conversations;
    const std::vector<std::pair<std::size_t, std::int64_t>> lengths = {
        {0, 655}, {1, 672}, {2, 100}, {4, 512}, {5, 513}};
    for (const auto& [row, n] : lengths)
        EXPECT_EQ(count(rows[row].turns[0].text), n) << row;
    EXPECT_EQ(count(rows[3].turns[1].text), 3);
    // Rows 0 and 1 share block 46 byte for byte: their texts agree up to the third separator.
    const std::string& sep = source_->block_separator();
    const std::string& a = rows[0].turns[0].text;
    const std::string& b = rows[1].turns[0].text;
    EXPECT_EQ(a.rfind(sep, 0), 0u);
    const std::size_t second = a.find(sep, sep.size());
    ASSERT_NE(second, std::string::npos);
    EXPECT_EQ(a.substr(0, second), b.substr(0, second));
}

TEST_F(Qwen3Prompts, CountsAgreeWithTheReferenceImplementation) {
    const std::string fixture =
        env_or("RINGPERF_DATASET_TEST_DATA", "tests/data/dataset") + "/qwen3_prompt_lengths.json";
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(fixture).get(doc), simdjson::SUCCESS) << fixture;
    auto ours = dataset_test::make_reference_prompts(
        *source_, env_or("RINGPERF_DATASET_TEST_DATA", "tests/data/dataset") + "/mooncake.jsonl");
    ASSERT_TRUE(ours.ok()) << ours.message();
    simdjson::dom::array texts = doc["texts"];
    simdjson::dom::array requested = doc["requested"];
    simdjson::dom::array reference = doc["reference_counts"];
    ASSERT_EQ(texts.size(), ours->texts.size());
    std::size_t i = 0;
    for (simdjson::dom::element t : texts) {
        // The fixture holds the prompts this code makes: regenerate it when they change.
        EXPECT_EQ(std::string_view(t), ours->texts[i]) << i;
        EXPECT_EQ(std::int64_t(requested.at(i)), ours->requested[i]) << i;
        EXPECT_EQ(std::int64_t(reference.at(i)), ours->requested[i]) << i;
        EXPECT_EQ(count(ours->texts[i]), ours->requested[i]) << i;
        ++i;
    }
}

}  // namespace
