// End to end: `ringperf tokenize` with the builtin tokenizer, real models' tokenizer.json
// files (tools/fetch-tokenizers.sh; skipped when absent), a Hugging Face cache and its
// offline error, and its command-line errors. Expected ids come from the reference
// implementation (@lenml/tokenizers 3.7.2, encode without special tokens).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
using rt::binary;

namespace {

std::string models_dir() {
    const char* d = std::getenv("RINGPERF_TOKENIZER_MODELS");
    return d ? d : ".cache/tokenizers";
}

bool have_model(const std::string& name) {
    return std::filesystem::exists(models_dir() + "/" + name + "/tokenizer.json");
}

std::string write(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// `ringperf tokenize ARGS` with `input` on standard input and `env` added to the
// environment; HF_HUB_OFFLINE=1 keeps every run off the network.
rt::run_result tokenize(const std::string& dir, const std::string& input,
                        const std::vector<std::string>& args,
                        const std::vector<std::string>& env = {}) {
    const std::string in = write(dir, "stdin.txt", input);
    std::vector<std::string> argv = {"/usr/bin/env", "HF_HUB_OFFLINE=1",
                                     "HF_HUB_CACHE=" + dir + "/hub"};
    argv.insert(argv.end(), env.begin(), env.end());
    argv.insert(argv.end(),
                {"/bin/sh", "-c", "exec \"$0\" \"$@\" < \"$IN\"", binary(), "tokenize"});
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.begin() + 1, "IN=" + in);
    return rt::run(argv, dir, "tokenize", 60s);
}

const std::string sentence = "The quick brown fox jumps over the lazy dog. 12345 héllo ";

TEST(Tokenize, BuiltinIdsOfHelloWorldAreO200k) {
    const std::string dir = rt::make_temp_dir();
    const auto r = tokenize(dir, "hello world", {"--tokenizer", "builtin", "--ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "24912\n2375\n");
    EXPECT_EQ(r.err, "");
}

TEST(Tokenize, BuiltinCountsAFileAndMatchesAddedTokens) {
    const std::string dir = rt::make_temp_dir();
    const std::string f = write(dir, "text.txt", sentence + "<|endoftext|>");
    auto r = tokenize(dir, "", {"--tokenizer=builtin", "--file", f});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "17\n");
    r = tokenize(dir, "", {"--tokenizer", "builtin", "--file=" + f, "--ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "976\n4853\n19705\n68347\n65613\n1072\n290\n29082\n6446\n13\n220\n7633\n2548\n"
              "37024\n72807\n220\n199999\n");
}

TEST(Tokenize, EmptyInputHasNoTokens) {
    const std::string dir = rt::make_temp_dir();
    const auto r = tokenize(dir, "", {"--tokenizer", "builtin"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "0\n");
}

TEST(Tokenize, Qwen3TokenizerJsonFileAndDirectory) {
    if (!have_model("qwen3")) GTEST_SKIP() << "run tools/fetch-tokenizers.sh for " << models_dir();
    const std::string dir = rt::make_temp_dir();
    const std::string qwen = models_dir() + "/qwen3";
    auto r = tokenize(dir, sentence + "<|im_start|>",
                      {"--tokenizer", qwen + "/tokenizer.json", "--ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "785\n3974\n13876\n38835\n34208\n916\n279\n15678\n5562\n13\n220\n16\n17\n18\n19\n"
              "20\n305\n18503\n385\n220\n151644\n");
    r = tokenize(dir, "hello world", {"--tokenizer", qwen, "--ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "14990\n1879\n");
}

TEST(Tokenize, HubIdIsReadFromTheHuggingFaceCacheOffline) {
    if (!have_model("qwen3")) GTEST_SKIP() << "run tools/fetch-tokenizers.sh for " << models_dir();
    const std::string dir = rt::make_temp_dir();
    const std::string commit = "c1899de289a04d12100db370d81485cdf75e47ca";
    const std::string repo = dir + "/hub/models--Qwen--Qwen3-0.6B";
    std::filesystem::create_directories(repo + "/blobs");
    std::filesystem::create_directories(repo + "/snapshots/" + commit);
    std::filesystem::create_directories(repo + "/refs");
    std::filesystem::copy_file(models_dir() + "/qwen3/tokenizer.json", repo + "/blobs/tokblob");
    std::filesystem::create_symlink("../../blobs/tokblob",
                                    repo + "/snapshots/" + commit + "/tokenizer.json");
    write(repo + "/refs", "main", commit);
    const auto r = tokenize(dir, "hello world", {"--tokenizer", "Qwen/Qwen3-0.6B", "--ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "14990\n1879\n");
}

TEST(Tokenize, UncachedHubIdOfflineExplainsWhatToDo) {
    const std::string dir = rt::make_temp_dir();
    const auto r =
        tokenize(dir, "hello", {"--tokenizer", "acme/none", "--tokenizer-revision", "v1"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    const std::vector<std::string> parts = {
        "'acme/none' (revision v1)",
        dir + "/hub/models--acme--none",
        "huggingface-cli download acme/none tokenizer.json tokenizer_config.json --revision v1",
        "--tokenizer /path/to/tokenizer.json",
        "--tokenizer builtin",
        "HF_HUB_OFFLINE=1"};
    for (const std::string& part : parts)
        EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
}

TEST(Tokenize, CommandLineErrorsExitWithUsageStatus) {
    const std::string dir = rt::make_temp_dir();
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{}, "--tokenizer is required"},
        {{"--tokenizer"}, "--tokenizer needs a value"},
        {{"--tokenizer", "builtin", "--bogus"}, "unknown option '--bogus'"},
        {{"--tokenizer", "builtin", "some text"}, "unexpected argument 'some text'"},
        {{"--tokenizer", "builtin", "--file", dir + "/missing.txt"},
         "cannot open " + dir + "/missing.txt"},
        {{"--tokenizer", dir + "/nothing/tokenizer.json"}, "no such file or directory"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = tokenize(dir, "x", args);
        EXPECT_NE(r.exit_code, 0) << message;
        EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(tokenize(dir, "x", {"--bogus"}).exit_code, 2);
    EXPECT_EQ(tokenize(dir, "x", {"--tokenizer", "builtin", "--file", dir}).exit_code, 2);
}

TEST(Tokenize, HelpDescribesTheCommand) {
    const std::string dir = rt::make_temp_dir();
    const auto r = tokenize(dir, "", {"--help"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* part : {"Usage: ringperf tokenize --tokenizer NAME", "--ids", "--file <FILE>",
                             "--tokenizer-revision <REV>", "builtin"})
        EXPECT_NE(r.out.find(part), std::string::npos) << part;
    const auto top = rt::run({binary(), "--help"}, dir, "help", 10s);
    EXPECT_NE(top.out.find("tokenize  count"), std::string::npos) << top.out;
}

}  // namespace
