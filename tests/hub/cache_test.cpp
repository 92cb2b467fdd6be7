// The Hugging Face cache: where it is, how repositories are named in it, and the layout
// store_* write and find_cached_tokenizer reads.
#include "ringperf/hub/cache.h"

#include <gtest/gtest.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ringperf/base/file.h"
#include "test_util.h"

namespace ringperf::hub::testing {
namespace {

TEST(CacheDir, FollowsHuggingfaceHubPrecedence) {
    fake_env env;
    EXPECT_EQ(hub_cache_dir(env.lookup()), "");
    EXPECT_EQ(hub_cache_dir(nullptr), "");
    env.vars["HOME"] = "/home/u";
    EXPECT_EQ(hub_cache_dir(env.lookup()), "/home/u/.cache/huggingface/hub");
    env.vars["XDG_CACHE_HOME"] = "/xdg";
    EXPECT_EQ(hub_cache_dir(env.lookup()), "/xdg/huggingface/hub");
    env.vars["HF_HOME"] = "/hf";
    EXPECT_EQ(hub_cache_dir(env.lookup()), "/hf/hub");
    env.vars["HUGGINGFACE_HUB_CACHE"] = "/legacy";
    EXPECT_EQ(hub_cache_dir(env.lookup()), "/legacy");
    env.vars["HF_HUB_CACHE"] = "/cache";
    EXPECT_EQ(hub_cache_dir(env.lookup()), "/cache");
}

TEST(CacheDir, EmptyVariablesCountAsUnset) {
    fake_env env;
    env.vars = {{"HF_HUB_CACHE", ""}, {"HF_HOME", ""}, {"HOME", "/h"}};
    EXPECT_EQ(hub_cache_dir(env.lookup()), "/h/.cache/huggingface/hub");
}

TEST(RepoFolder, ReplacesSlashWithDoubleDash) {
    EXPECT_EQ(repo_folder_name("Qwen/Qwen3-0.6B"), "models--Qwen--Qwen3-0.6B");
    EXPECT_EQ(repo_folder_name("gpt2"), "models--gpt2");
}

TEST(CommitHash, IsFortyHexDigits) {
    EXPECT_TRUE(is_commit_hash("c1899de289a04d12100db370d81485cdf75e47ca"));
    EXPECT_TRUE(is_commit_hash("C1899DE289A04D12100DB370D81485CDF75E47CA"));
    EXPECT_FALSE(is_commit_hash("main"));
    EXPECT_FALSE(is_commit_hash("c1899de289a04d12100db370d81485cdf75e47c"));
    EXPECT_FALSE(is_commit_hash("g1899de289a04d12100db370d81485cdf75e47ca"));
}

std::string read_link(const std::string& path) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
    return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

const std::string commit = "c1899de289a04d12100db370d81485cdf75e47ca";

TEST(CacheStore, WritesBlobSymlinkAndRefThatLookupFinds) {
    temp_dir d;
    const std::string repo = d.path() + "/models--o--n";
    auto link = store_file(repo, commit, "tokenizer.json", "etag1", "TOKENIZER");
    ASSERT_TRUE(link) << link.message();
    EXPECT_EQ(*link, repo + "/snapshots/" + commit + "/tokenizer.json");
    EXPECT_EQ(read_link(*link), "../../blobs/etag1");
    EXPECT_EQ(*read_file(repo + "/blobs/etag1"), "TOKENIZER");
    ASSERT_TRUE(store_ref(repo, "main", commit));
    EXPECT_EQ(*read_file(repo + "/refs/main"), commit);

    auto found = find_cached_tokenizer(repo, "main");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->commit, commit);
    EXPECT_EQ(found->tokenizer_path, *link);
    EXPECT_EQ(found->config_path, "");

    ASSERT_TRUE(store_file(repo, commit, "tokenizer_config.json", "etag2", "CONFIG"));
    found = find_cached_tokenizer(repo, commit);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->config_path, repo + "/snapshots/" + commit + "/tokenizer_config.json");
}

TEST(CacheStore, StoringAgainReplacesTheLinkAndKeepsExistingBlobs) {
    temp_dir d;
    const std::string repo = d.path() + "/models--o--n";
    ASSERT_TRUE(store_file(repo, commit, "tokenizer.json", "etag1", "ONE"));
    ASSERT_TRUE(store_file(repo, commit, "tokenizer.json", "etag2", "TWO"));
    EXPECT_EQ(read_link(repo + "/snapshots/" + commit + "/tokenizer.json"), "../../blobs/etag2");
    EXPECT_EQ(*read_file(repo + "/snapshots/" + commit + "/tokenizer.json"), "TWO");
    EXPECT_EQ(*read_file(repo + "/blobs/etag1"), "ONE");
}

TEST(CacheLookup, MissingRefSnapshotOrBlobIsNotCached) {
    temp_dir d;
    const std::string repo = d.path() + "/models--o--n";
    EXPECT_FALSE(find_cached_tokenizer(repo, "main"));
    ASSERT_TRUE(store_ref(repo, "main", commit));
    EXPECT_FALSE(find_cached_tokenizer(repo, "main"));
    ASSERT_TRUE(store_file(repo, commit, "tokenizer.json", "etag1", "X"));
    EXPECT_TRUE(find_cached_tokenizer(repo, "main"));
    ASSERT_EQ(::unlink((repo + "/blobs/etag1").c_str()), 0);  // a dangling snapshot link
    EXPECT_FALSE(find_cached_tokenizer(repo, "main"));
    EXPECT_FALSE(find_cached_tokenizer(repo, "../main"));
}

TEST(CacheLookup, RefFileMayEndWithANewline) {
    temp_dir d;
    const std::string repo = d.path() + "/models--o--n";
    ASSERT_TRUE(store_file(repo, commit, "tokenizer.json", "etag1", "X"));
    ASSERT_TRUE(make_dirs(repo + "/refs"));
    ASSERT_TRUE(write_file_atomic(repo + "/refs/main", commit + "\n"));
    const auto found = find_cached_tokenizer(repo, "main");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->commit, commit);
}

TEST(CacheStore, RejectsNamesThatWouldLeaveTheRepository) {
    temp_dir d;
    const std::string repo = d.path() + "/models--o--n";
    EXPECT_FALSE(store_file(repo, commit, "tokenizer.json", "../evil", "X"));
    EXPECT_FALSE(store_file(repo, "..", "tokenizer.json", "etag", "X"));
    EXPECT_FALSE(store_file(repo, commit, "a/b", "etag", "X"));
    EXPECT_FALSE(store_ref(repo, "../../x", commit));
    EXPECT_FALSE(store_missing(repo, "..", "tokenizer_config.json"));
    struct stat st;
    EXPECT_NE(::stat((d.path() + "/evil").c_str(), &st), 0);
}

TEST(CacheStore, NestedRefsAndMissingMarkers) {
    temp_dir d;
    const std::string repo = d.path() + "/models--o--n";
    ASSERT_TRUE(store_ref(repo, "refs/pr/3", commit));
    EXPECT_EQ(*read_file(repo + "/refs/refs/pr/3"), commit);
    ASSERT_TRUE(store_missing(repo, commit, "tokenizer_config.json"));
    EXPECT_EQ(*read_file(repo + "/.no_exist/" + commit + "/tokenizer_config.json"), "");
}

}  // namespace
}  // namespace ringperf::hub::testing
