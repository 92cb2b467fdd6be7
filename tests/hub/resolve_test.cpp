// resolve_tokenizer for local specs (files, directories, builtin, bad specs), repository id
// shapes, placeholder model names and the choice of spec for a run.
#include "ringperf/hub/resolve.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "ringperf/base/file.h"
#include "ringperf/hub/builtin.h"
#include "test_util.h"

namespace ringperf::hub::testing {
namespace {

class LocalSpec : public ::testing::Test {
  protected:
    void SetUp() override {
        env_.vars["HF_HUB_CACHE"] = dir_.path() + "/hub";
        env_.vars["HF_HUB_OFFLINE"] = "1";
        env_.vars["HOME"] = dir_.path();
        options_.getenv = env_.lookup();
    }
    std::string put(const std::string& rel, const std::string& text = "{}") {
        const std::string path = dir_.path() + "/" + rel;
        EXPECT_TRUE(make_dirs(path.substr(0, path.rfind('/'))));
        EXPECT_TRUE(write_file_atomic(path, text));
        return path;
    }

    temp_dir dir_;
    fake_env env_;
    hub_options options_;
};

TEST_F(LocalSpec, FileIsUsedWithTheConfigBesideIt) {
    const std::string tok = put("m/tokenizer.json");
    const std::string cfg = put("m/tokenizer_config.json");
    auto s = resolve_tokenizer(tok, options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->kind, source_kind::file);
    EXPECT_EQ(s->tokenizer_path, tok);
    EXPECT_EQ(s->config_path, cfg);
    EXPECT_EQ(s->description, tok);
}

TEST_F(LocalSpec, FileWithAnyNameIsAcceptedAndConfigIsOptional) {
    const std::string tok = put("x/my-tokenizer.json");
    auto s = resolve_tokenizer(tok, options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->tokenizer_path, tok);
    EXPECT_TRUE(s->config_path.empty());
}

TEST_F(LocalSpec, DirectoryMeansItsTokenizerJson) {
    const std::string tok = put("d/tokenizer.json");
    auto s = resolve_tokenizer(dir_.path() + "/d/", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->kind, source_kind::directory);
    EXPECT_EQ(s->tokenizer_path, tok);
}

TEST_F(LocalSpec, DirectoryWithOnlyOtherFormatsSaysOnlyTokenizerJsonIsSupported) {
    put("sp/tokenizer.model", "binary");
    put("sp/vocab.json");
    auto s = resolve_tokenizer(dir_.path() + "/sp", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), dir_.path() + "/sp: the directory has no tokenizer.json"))
        << s.message();
    EXPECT_TRUE(contains(s.message(), "tokenizer.model, vocab.json")) << s.message();
    EXPECT_TRUE(contains(s.message(), "only the Hugging Face tokenizer.json format is supported"))
        << s.message();
}

TEST_F(LocalSpec, OtherFormatFileIsRejectedByName) {
    const std::string model = put("sp2/tokenizer.model", "binary");
    auto s = resolve_tokenizer(model, options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "is a tokenizer.model, not a tokenizer.json")) << s.message();
    const std::string cfg = put("sp2/tokenizer_config.json");
    s = resolve_tokenizer(cfg, options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "is a tokenizer_config.json, not a tokenizer.json"));
}

TEST_F(LocalSpec, TildeMeansHome) {
    const std::string tok = put("t/tokenizer.json");
    auto s = resolve_tokenizer("~/t/tokenizer.json", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->tokenizer_path, tok);
}

TEST_F(LocalSpec, BuiltinIsTheEmbeddedO200kTokenizer) {
    for (const char* spec : {"builtin", "BUILTIN"}) {
        auto s = resolve_tokenizer(spec, options_);
        ASSERT_TRUE(s) << s.message();
        EXPECT_EQ(s->kind, source_kind::builtin);
        EXPECT_TRUE(s->tokenizer_path.empty());
        EXPECT_EQ(s->description, "builtin (o200k_base)");
        EXPECT_GT(s->builtin_json.size(), 9'000'000u);
        EXPECT_TRUE(contains(s->builtin_config_json, "<|endoftext|>"));
    }
}

TEST_F(LocalSpec, ExistingDirectoryNamedBuiltinWins) {
    put("builtin/tokenizer.json");
    char cwd[4096];
    ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
    ASSERT_EQ(::chdir(dir_.path().c_str()), 0);
    auto s = resolve_tokenizer("builtin", options_);
    ASSERT_EQ(::chdir(cwd), 0);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->kind, source_kind::directory);
    EXPECT_EQ(s->tokenizer_path, "builtin/tokenizer.json");
}

TEST_F(LocalSpec, MissingPathIsReportedAsAMissingFile) {
    const std::vector<std::string> specs = {dir_.path() + "/nope/tokenizer.json", "./tok.json",
                                            "models/llama/tokenizer.json", "tokenizer.json"};
    for (const std::string& spec : specs) {
        auto s = resolve_tokenizer(spec, options_);
        ASSERT_FALSE(s) << spec;
        EXPECT_TRUE(contains(s.message(), "no such file or directory")) << s.message();
        EXPECT_TRUE(contains(s.message(), spec)) << s.message();
    }
}

TEST_F(LocalSpec, NeitherFileNorIdIsSaidSo) {
    for (const char* spec : {"has space/model", "-lead/x", "a/b-", "org/na--me", "we!rd"}) {
        auto s = resolve_tokenizer(spec, options_);
        ASSERT_FALSE(s) << spec;
        EXPECT_TRUE(contains(s.message(),
                             "neither an existing file or directory nor a valid "
                             "Hugging Face repository id"))
            << s.message();
        EXPECT_TRUE(contains(s.message(), spec)) << s.message();
    }
}

TEST_F(LocalSpec, EmptySpecAsksForATokenizer) {
    auto s = resolve_tokenizer("", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "no tokenizer given")) << s.message();
}

TEST(RepoId, AcceptsHubShapes) {
    for (const char* id :
         {"gpt2", "Qwen/Qwen3-0.6B", "meta-llama/Llama-3.1-8B-Instruct", "org_x/name.v2", "a/b"})
        EXPECT_TRUE(is_valid_repo_id(id)) << id;
    EXPECT_TRUE(is_valid_repo_id(std::string(45, 'o') + "/" + std::string(50, 'n')));
}

TEST(RepoId, RejectsWhatTheHubRejects) {
    for (const char* id :
         {"", "a/b/c", "/a", "a/", "-a/b", "a/b.", "a--b/c", "a/b..c", "a b", "a/b!", ".hidden"})
        EXPECT_FALSE(is_valid_repo_id(id)) << id;
    EXPECT_FALSE(is_valid_repo_id(std::string(46, 'o') + "/" + std::string(50, 'n')));
}

TEST(PlaceholderModel, RecognisesAiperfStylePlaceholders) {
    for (const char* m :
         {"mock-model", "test-model", "fake-model", "Test-Model-v2", "MOCK_LLAMA", "fake-llama",
          "dummy-model", "placeholder", "my-model", "model", "example_model", "test"})
        EXPECT_TRUE(is_placeholder_model(m)) << m;
}

TEST(PlaceholderModel, LeavesRealNamesAndPathsAlone) {
    for (const char* m :
         {"gpt2", "Qwen/Qwen3-0.6B", "meta-llama/Llama-3-test-finetune", "mock/model",
          "./mock-model", "~mock-model", "testament-7b", "llama-mock", ""})
        EXPECT_FALSE(is_placeholder_model(m)) << m;
}

TEST(ChooseSpec, ExplicitTokenizerWins) {
    std::vector<std::string> warnings;
    const std::vector<std::string> models = {"mock-model"};
    EXPECT_EQ(choose_tokenizer_spec("Qwen/Qwen3-0.6B", models, warnings), "Qwen/Qwen3-0.6B");
    EXPECT_TRUE(warnings.empty());
}

TEST(ChooseSpec, FirstModelIsTheDefault) {
    std::vector<std::string> warnings;
    const std::vector<std::string> models = {"Qwen/Qwen3-0.6B", "mock-model"};
    EXPECT_EQ(choose_tokenizer_spec("", models, warnings), "Qwen/Qwen3-0.6B");
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(choose_tokenizer_spec("", {}, warnings), "");
}

TEST(ChooseSpec, PlaceholderModelGetsBuiltinWithAWarning) {
    std::vector<std::string> warnings;
    const std::vector<std::string> models = {"mock-model"};
    EXPECT_EQ(choose_tokenizer_spec("", models, warnings), "builtin");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(contains(warnings[0], "'mock-model'")) << warnings[0];
    EXPECT_TRUE(contains(warnings[0], "builtin")) << warnings[0];
    EXPECT_TRUE(contains(warnings[0], "--tokenizer")) << warnings[0];
}

}  // namespace
}  // namespace ringperf::hub::testing
