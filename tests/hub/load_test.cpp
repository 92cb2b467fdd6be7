// load_tokenizer and load_run_tokenizer: from a --tokenizer value (or the model names) to a
// tokenizer that encodes, for the builtin, a downloaded repository and local files.
#include "ringperf/hub/load.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "fake_hub.h"
#include "ringperf/base/file.h"
#include "test_util.h"

namespace ringperf::hub::testing {
namespace {

using ids = std::vector<tokenizer::token_id>;

std::string data_dir() {
    const char* d = std::getenv("RINGPERF_HUB_DATA");
    return d ? d : "tests/data/hub";
}

std::string models_dir() {
    const char* d = std::getenv("RINGPERF_TOKENIZER_MODELS");
    return d ? d : ".cache/tokenizers";
}

std::string text_of(const std::string& path) {
    auto t = read_file(path);
    EXPECT_TRUE(t) << t.message();
    return t ? *t : std::string();
}

class Load : public ::testing::Test {
  protected:
    void SetUp() override {
        env_.vars["HF_HUB_CACHE"] = dir_.path() + "/hub";
        env_.vars["HF_ENDPOINT"] = hub_.url();
        options_.getenv = env_.lookup();
        options_.connect_timeout_ms = 5000;
        options_.read_timeout_ms = 5000;
    }
    void add_tiny(const std::string& id) {
        fake_repo r;
        r.commit = commit_id('d');
        r.refs = {{"main", commit_id('d')}, {"v1", commit_id('d')}};
        r.files = {{"tokenizer.json", {text_of(data_dir() + "/tiny/tokenizer.json"), "tok"}},
                   {"tokenizer_config.json",
                    {text_of(data_dir() + "/tiny/tokenizer_config.json"), "cfg"}}};
        r.how = delivery::cdn;
        hub_.add(id, r);
    }

    temp_dir dir_;
    fake_hub hub_;
    fake_env env_;
    hub_options options_;
};

TEST_F(Load, BuiltinEncodesLikeO200k) {
    auto t = load_tokenizer("builtin", options_);
    ASSERT_TRUE(t) << t.message();
    EXPECT_TRUE(t->builtin);
    EXPECT_EQ(t->description, "builtin (o200k_base)");
    EXPECT_EQ(t->tok.encode("hello world"), (ids{24912, 2375}));
    EXPECT_EQ(t->tok.vocab_size(), 200019u);
    EXPECT_EQ(t->tok.eos_id(), tokenizer::token_id{199999});
    EXPECT_TRUE(t->warnings.empty());
    EXPECT_EQ(hub_.total_requests(), 0u);
}

TEST_F(Load, DownloadedRepositoryIsLoadedWithItsConfig) {
    add_tiny("acme/tiny");
    auto t = load_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(t) << t.message();
    EXPECT_FALSE(t->builtin);
    EXPECT_EQ(t->description, "acme/tiny@main (downloaded)");
    EXPECT_EQ(t->tok.encode("hello hello"), (ids{30, 0, 30}));
    EXPECT_EQ(t->tok.bos_id(), tokenizer::token_id{31});
    EXPECT_EQ(t->tok.eos_id(), tokenizer::token_id{32});
    auto again = load_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(again) << again.message();
    EXPECT_EQ(again->description, "acme/tiny@main (cache)");
    EXPECT_EQ(again->tok.count("hello hello"), 3u);
}

TEST_F(Load, LocalDirectoryAndFile) {
    auto d = load_tokenizer(data_dir() + "/tiny", options_);
    ASSERT_TRUE(d) << d.message();
    EXPECT_EQ(d->tok.encode("hello"), (ids{30}));
    EXPECT_EQ(d->tok.eos_id(), tokenizer::token_id{32});
    auto f = load_tokenizer(data_dir() + "/tiny/tokenizer.json", options_);
    ASSERT_TRUE(f) << f.message();
    EXPECT_EQ(f->description, data_dir() + "/tiny/tokenizer.json");
}

TEST_F(Load, BrokenFileIsNamedInTheError) {
    const std::string bad = dir_.path() + "/tokenizer.json";
    ASSERT_TRUE(write_file_atomic(bad, "{\"model\": "));
    auto t = load_tokenizer(bad, options_);
    ASSERT_FALSE(t);
    EXPECT_TRUE(contains(t.message(), bad)) << t.message();
}

TEST_F(Load, RunTokenizerSwitchesPlaceholderModelsToBuiltinWithAWarning) {
    const std::vector<std::string> models = {"mock-model"};
    auto t = load_run_tokenizer({}, models, options_);
    ASSERT_TRUE(t) << t.message();
    EXPECT_TRUE(t->builtin);
    ASSERT_EQ(t->warnings.size(), 1u);
    EXPECT_TRUE(contains(t->warnings[0], "'mock-model'")) << t->warnings[0];
    EXPECT_EQ(hub_.total_requests(), 0u);
}

TEST_F(Load, RunTokenizerUsesTheFirstModelAndTheRevision) {
    add_tiny("acme/tiny");
    tokenizer_options t;
    t.revision = "v1";
    const std::vector<std::string> models = {"acme/tiny", "mock-model"};
    auto loaded = load_run_tokenizer(t, models, options_);
    ASSERT_TRUE(loaded) << loaded.message();
    EXPECT_EQ(loaded->description, "acme/tiny@v1 (downloaded)");
    EXPECT_TRUE(loaded->warnings.empty());
    EXPECT_EQ(hub_.hub().requests().front().target, "/acme/tiny/resolve/v1/tokenizer.json");
}

TEST_F(Load, RunTokenizerPrefersTheExplicitNameAndNeedsOne) {
    tokenizer_options t;
    t.name = "builtin";
    const std::vector<std::string> models = {"acme/unreachable"};
    auto loaded = load_run_tokenizer(t, models, options_);
    ASSERT_TRUE(loaded) << loaded.message();
    EXPECT_TRUE(loaded->builtin);
    auto none = load_run_tokenizer({}, {}, options_);
    ASSERT_FALSE(none);
    EXPECT_TRUE(contains(none.message(), "--tokenizer")) << none.message();
}

TEST_F(Load, RealModelServedThroughTheCdnRedirect) {
    const std::string qwen = models_dir() + "/qwen3";
    if (!std::filesystem::exists(qwen + "/tokenizer.json"))
        GTEST_SKIP() << "run tools/fetch-tokenizers.sh for " << models_dir();
    fake_repo r;
    r.commit = commit_id('e');
    r.refs = {{"main", commit_id('e')}};
    r.files = {{"tokenizer.json", {text_of(qwen + "/tokenizer.json"), "qwen-tok"}},
               {"tokenizer_config.json", {text_of(qwen + "/tokenizer_config.json"), "qwen-cfg"}}};
    r.how = delivery::cdn;
    hub_.add("Qwen/Qwen3-0.6B", r);
    auto t = load_tokenizer("Qwen/Qwen3-0.6B", options_);
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->tok.encode("hello world"), (ids{14990, 1879}));
}

}  // namespace
}  // namespace ringperf::hub::testing
