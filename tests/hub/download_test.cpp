// resolve_tokenizer with hub ids against a fake Hub on loopback: the cache layout written,
// cache hits without the network, redirects, credentials, Hub errors and offline errors.
#include <gtest/gtest.h>
#include <limits.h>
#include <unistd.h>

#include <cstdlib>

#include "fake_hub.h"
#include "ringperf/base/file.h"
#include "ringperf/hub/cache.h"
#include "ringperf/hub/resolve.h"
#include "test_util.h"

namespace ringperf::hub::testing {
namespace {

const std::string tokenizer_json = R"({"version":"1.0","model":{"type":"BPE"}})";
const std::string config_json = R"({"bos_token":"<s>","eos_token":"</s>"})";

fake_repo tiny_repo(delivery how = delivery::direct) {
    fake_repo r;
    r.commit = commit_id('a');
    r.refs = {{"main", commit_id('a')}, {"v1", commit_id('a')}};
    r.files = {
        {"tokenizer.json", {tokenizer_json, "0123456789abcdef0123456789abcdef01234567"}},
        {"tokenizer_config.json", {config_json, "fedcba9876543210fedcba9876543210fedcba98"}}};
    r.how = how;
    return r;
}

std::string read_link(const std::string& path) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
    return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

std::string text_of(const std::string& path) {
    auto t = read_file(path);
    return t ? *t : std::string("<missing>");
}

class HubDownload : public ::testing::Test {
  protected:
    void SetUp() override {
        env_.vars["HF_HUB_CACHE"] = dir_.path() + "/hub";
        env_.vars["HF_HOME"] = dir_.path() + "/home";
        env_.vars["HF_ENDPOINT"] = hub_.url();
        options_.getenv = env_.lookup();
        options_.connect_timeout_ms = 5000;
        options_.read_timeout_ms = 5000;
    }
    std::string repo_dir(const std::string& folder = "models--acme--tiny") const {
        return dir_.path() + "/hub/" + folder;
    }

    temp_dir dir_;
    fake_hub hub_;
    fake_env env_;
    hub_options options_;
};

TEST_F(HubDownload, WritesBlobsSnapshotSymlinksAndRefsLikeHuggingfaceHub) {
    hub_.add("acme/tiny", tiny_repo());
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    const std::string snap = repo_dir() + "/snapshots/" + commit_id('a');
    EXPECT_EQ(s->kind, source_kind::hub_download);
    EXPECT_EQ(s->tokenizer_path, snap + "/tokenizer.json");
    EXPECT_EQ(s->config_path, snap + "/tokenizer_config.json");
    EXPECT_EQ(s->commit, commit_id('a'));
    EXPECT_EQ(s->repo_id, "acme/tiny");
    EXPECT_EQ(s->description, "acme/tiny@main (downloaded)");
    EXPECT_EQ(read_link(snap + "/tokenizer.json"),
              "../../blobs/0123456789abcdef0123456789abcdef01234567");
    EXPECT_EQ(read_link(snap + "/tokenizer_config.json"),
              "../../blobs/fedcba9876543210fedcba9876543210fedcba98");
    EXPECT_EQ(text_of(repo_dir() + "/blobs/0123456789abcdef0123456789abcdef01234567"),
              tokenizer_json);
    EXPECT_EQ(text_of(snap + "/tokenizer_config.json"), config_json);
    EXPECT_EQ(text_of(repo_dir() + "/refs/main"), commit_id('a'));
    const auto reqs = hub_.hub().requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[0].target, "/acme/tiny/resolve/main/tokenizer.json");
    // The optional file is asked for at the commit tokenizer.json came from.
    EXPECT_EQ(reqs[1].target, "/acme/tiny/resolve/" + commit_id('a') + "/tokenizer_config.json");
    EXPECT_FALSE(reqs[0].header("Authorization"));
    EXPECT_TRUE(contains(reqs[0].header("User-Agent").value_or(""), "ringperf/"));
}

TEST_F(HubDownload, SecondResolveUsesTheCacheWithoutContactingTheHub) {
    hub_.add("acme/tiny", tiny_repo());
    ASSERT_TRUE(resolve_tokenizer("acme/tiny", options_));
    const std::size_t after_first = hub_.total_requests();
    auto again = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(again) << again.message();
    EXPECT_EQ(again->kind, source_kind::hub_cache);
    EXPECT_EQ(again->description, "acme/tiny@main (cache)");
    EXPECT_EQ(again->config_path,
              repo_dir() + "/snapshots/" + commit_id('a') + "/tokenizer_config.json");
    env_.vars["HF_HUB_OFFLINE"] = "1";
    auto offline = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(offline) << offline.message();
    EXPECT_EQ(offline->kind, source_kind::hub_cache);
    EXPECT_EQ(hub_.total_requests(), after_first);
}

TEST_F(HubDownload, CdnRedirectGetsNoAuthorizationAndBlobIsNamedByLinkedEtag) {
    hub_.add("acme/tiny", tiny_repo(delivery::cdn));
    env_.vars["HF_TOKEN"] = "hf_secret";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(text_of(s->tokenizer_path), tokenizer_json);
    EXPECT_EQ(read_link(s->tokenizer_path), "../../blobs/0123456789abcdef0123456789abcdef01234567");
    const auto hub_reqs = hub_.hub().requests();
    const auto cdn_reqs = hub_.cdn().requests();
    ASSERT_EQ(hub_reqs.size(), 2u);
    ASSERT_EQ(cdn_reqs.size(), 2u);
    for (const auto& r : hub_reqs)
        EXPECT_EQ(r.header("Authorization").value_or(""), "Bearer hf_secret");
    for (const auto& r : cdn_reqs) {
        EXPECT_FALSE(r.header("Authorization")) << r.target;
        EXPECT_TRUE(contains(r.target, "?sig=abc")) << r.target;
        EXPECT_EQ(r.header("Host").value_or(""), "127.0.0.1:" + std::to_string(hub_.cdn().port()));
    }
}

TEST_F(HubDownload, FollowsRelativeRedirectsOnTheHub) {
    hub_.add("acme/tiny", tiny_repo(delivery::relative));
    env_.vars["HF_TOKEN"] = "hf_secret";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(text_of(s->tokenizer_path), tokenizer_json);
    const auto reqs = hub_.hub().requests();
    ASSERT_EQ(reqs.size(), 4u);
    EXPECT_EQ(reqs[1].target,
              "/api/resolve-cache/models/acme/tiny/" + commit_id('a') + "/tokenizer.json?etag=x");
    // Same host: the token still goes along.
    EXPECT_EQ(reqs[1].header("Authorization").value_or(""), "Bearer hf_secret");
}

TEST_F(HubDownload, ReadsChunkedAndCloseDelimitedBodies) {
    fake_repo big = tiny_repo(delivery::chunked);
    std::string content;
    for (int i = 0; i < 20000; ++i)
        content += "token" + std::to_string(i) + ",";
    big.files["tokenizer.json"].content = content;
    hub_.add("acme/tiny", big);
    hub_.add("acme/other", tiny_repo(delivery::close_delimited));
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(text_of(s->tokenizer_path), content);
    auto o = resolve_tokenizer("acme/other", options_);
    ASSERT_TRUE(o) << o.message();
    EXPECT_EQ(text_of(o->tokenizer_path), tokenizer_json);
    EXPECT_EQ(text_of(o->config_path), config_json);
}

TEST_F(HubDownload, MissingOptionalConfigIsRecordedAsAbsent) {
    fake_repo r = tiny_repo();
    r.files.erase("tokenizer_config.json");
    hub_.add("acme/tiny", r);
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_TRUE(s->config_path.empty());
    EXPECT_EQ(text_of(repo_dir() + "/.no_exist/" + commit_id('a') + "/tokenizer_config.json"), "");
}

TEST_F(HubDownload, GatedRepoWithoutTokenSaysToSetHfToken) {
    fake_repo r = tiny_repo();
    r.required_token = "hf_good";
    hub_.add("acme/gated", r);
    auto s = resolve_tokenizer("acme/gated", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "acme/gated")) << s.message();
    EXPECT_TRUE(contains(s.message(), "gated")) << s.message();
    EXPECT_TRUE(contains(s.message(), "HF_TOKEN")) << s.message();
    EXPECT_TRUE(contains(s.message(), "HTTP 401")) << s.message();

    env_.vars["HF_TOKEN"] = "hf_wrong";
    s = resolve_tokenizer("acme/gated", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "does not grant access")) << s.message();

    env_.vars["HF_TOKEN"] = "hf_good";
    s = resolve_tokenizer("acme/gated", options_);
    ASSERT_TRUE(s) << s.message();
}

TEST_F(HubDownload, TokenComesFromTheLoginTokenFileWhenHfTokenIsUnset) {
    fake_repo r = tiny_repo();
    r.required_token = "hf_from_file";
    hub_.add("acme/gated", r);
    ASSERT_TRUE(make_dirs(dir_.path() + "/home"));
    ASSERT_TRUE(write_file_atomic(dir_.path() + "/home/token", "hf_from_file\n"));
    auto s = resolve_tokenizer("acme/gated", options_);
    ASSERT_TRUE(s) << s.message();
}

TEST_F(HubDownload, UnknownRepositoryIsNamed) {
    auto s = resolve_tokenizer("acme/nothing", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "acme/nothing")) << s.message();
    EXPECT_TRUE(contains(s.message(), "does not exist, or it is private or gated")) << s.message();
}

TEST_F(HubDownload, UnknownRevisionNamesRepositoryAndRevision) {
    hub_.add("acme/tiny", tiny_repo());
    options_.revision = "v9";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "acme/tiny")) << s.message();
    EXPECT_TRUE(contains(s.message(), "revision 'v9'")) << s.message();
    EXPECT_TRUE(contains(s.message(), "HTTP 404")) << s.message();
}

TEST_F(HubDownload, RepositoryWithoutTokenizerJsonSaysOnlyThatFormatIsSupported) {
    fake_repo r = tiny_repo();
    r.files.erase("tokenizer.json");
    hub_.add("acme/slow", r);
    auto s = resolve_tokenizer("acme/slow", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "has no tokenizer.json")) << s.message();
    EXPECT_TRUE(contains(s.message(), "only the tokenizer.json format is supported"))
        << s.message();
}

TEST_F(HubDownload, TagRevisionIsStoredAsItsOwnRef) {
    hub_.add("acme/tiny", tiny_repo());
    options_.revision = "v1";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->description, "acme/tiny@v1 (downloaded)");
    EXPECT_EQ(text_of(repo_dir() + "/refs/v1"), commit_id('a'));
    EXPECT_EQ(hub_.hub().requests().front().target, "/acme/tiny/resolve/v1/tokenizer.json");
}

TEST_F(HubDownload, RevisionWithSlashIsEncodedInTheUrlAndNestedUnderRefs) {
    fake_repo r = tiny_repo();
    r.refs["refs/pr/1"] = commit_id('a');
    hub_.add("acme/tiny", r);
    options_.revision = "refs/pr/1";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(hub_.hub().requests().front().target,
              "/acme/tiny/resolve/refs%2Fpr%2F1/tokenizer.json");
    EXPECT_EQ(text_of(repo_dir() + "/refs/refs/pr/1"), commit_id('a'));
}

TEST_F(HubDownload, CommitRevisionIsDownloadedWithoutWritingARef) {
    hub_.add("acme/tiny", tiny_repo());
    options_.revision = commit_id('a');
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(text_of(repo_dir() + "/refs/main"), "<missing>");
    const std::size_t n = hub_.total_requests();
    EXPECT_EQ(resolve_tokenizer("acme/tiny", options_)->kind, source_kind::hub_cache);
    EXPECT_EQ(hub_.total_requests(), n);
}

TEST_F(HubDownload, SingleNameIdsUseTheirOwnCacheFolder) {
    hub_.add("gpt2", tiny_repo());
    auto s = resolve_tokenizer("gpt2", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->tokenizer_path,
              repo_dir("models--gpt2") + "/snapshots/" + commit_id('a') + "/tokenizer.json");
    EXPECT_EQ(hub_.hub().requests().front().target, "/gpt2/resolve/main/tokenizer.json");
}

void expect_offline_help(const std::string& msg, const std::string& cache) {
    EXPECT_TRUE(contains(msg, "'acme/tiny'")) << msg;
    EXPECT_TRUE(contains(msg, "revision main")) << msg;
    EXPECT_TRUE(contains(msg, cache + "/models--acme--tiny")) << msg;
    EXPECT_TRUE(contains(msg,
                         "huggingface-cli download acme/tiny tokenizer.json "
                         "tokenizer_config.json"))
        << msg;
    EXPECT_TRUE(contains(msg, "--tokenizer /path/to/tokenizer.json")) << msg;
    EXPECT_TRUE(contains(msg, "--tokenizer builtin")) << msg;
}

TEST_F(HubDownload, OfflineAndNotCachedSaysWhatToDoWithoutTouchingTheNetwork) {
    hub_.add("acme/tiny", tiny_repo());
    for (const auto& [var, value] :
         {std::pair{"HF_HUB_OFFLINE", "1"}, std::pair{"TRANSFORMERS_OFFLINE", "true"}}) {
        fake_env env = env_;
        env.vars[var] = value;
        hub_options o = options_;
        o.getenv = env.lookup();
        auto s = resolve_tokenizer("acme/tiny", o);
        ASSERT_FALSE(s);
        expect_offline_help(s.message(), dir_.path() + "/hub");
        EXPECT_TRUE(contains(s.message(), std::string(var) + "=" + value)) << s.message();
    }
    hub_options o = options_;
    o.offline = true;
    auto s = resolve_tokenizer("acme/tiny", o);
    ASSERT_FALSE(s);
    expect_offline_help(s.message(), dir_.path() + "/hub");
    EXPECT_EQ(hub_.total_requests(), 0u);
}

TEST_F(HubDownload, OfflineMessageNamesTheRevisionToDownload) {
    options_.offline = true;
    options_.revision = "v2";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "revision v2")) << s.message();
    EXPECT_TRUE(contains(s.message(), "tokenizer_config.json --revision v2")) << s.message();
}

TEST_F(HubDownload, UnreachableHubGivesTheOfflineRemedies) {
    // A port that was just free: nothing listens there.
    int port = 0;
    {
        fake_server probe([](const fake_request&) { return fake_response{}; });
        port = probe.port();
    }
    env_.vars["HF_ENDPOINT"] = "http://127.0.0.1:" + std::to_string(port);
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    expect_offline_help(s.message(), dir_.path() + "/hub");
    EXPECT_TRUE(contains(s.message(), "cannot connect to 127.0.0.1:" + std::to_string(port)))
        << s.message();
}

TEST_F(HubDownload, HubThatStopsAnsweringTimesOut) {
    fake_server slow([](const fake_request&) {
        fake_response r;
        r.hang_ms = 3000;
        return r;
    });
    env_.vars["HF_ENDPOINT"] = slow.url();
    options_.read_timeout_ms = 200;
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "within 200 ms")) << s.message();
    expect_offline_help(s.message(), dir_.path() + "/hub");
}

TEST_F(HubDownload, RedirectLoopStopsAfterTenHops) {
    fake_server loop([](const fake_request& r) {
        return fake_response{302, {{"Location", r.target + "x"}}, ""};
    });
    env_.vars["HF_ENDPOINT"] = loop.url();
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "more than 10 redirects")) << s.message();
    EXPECT_EQ(loop.request_count(), 11u);
}

TEST_F(HubDownload, ServerWithoutHubHeadersIsReported) {
    fake_server plain([](const fake_request&) { return fake_response{200, {}, "{}"}; });
    env_.vars["HF_ENDPOINT"] = plain.url() + "/";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "X-Repo-Commit")) << s.message();
    EXPECT_EQ(plain.requests().front().target, "/acme/tiny/resolve/main/tokenizer.json");
}

TEST_F(HubDownload, BadEndpointAndRevisionAreRejectedBeforeAnyRequest) {
    env_.vars["HF_ENDPOINT"] = "ftp://example";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "HF_ENDPOINT 'ftp://example'")) << s.message();
    options_.revision = "../../etc";
    s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "--tokenizer-revision '../../etc'")) << s.message();
}

}  // namespace
}  // namespace ringperf::hub::testing
