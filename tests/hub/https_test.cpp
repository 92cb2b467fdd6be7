// Downloads over TLS from a loopback fake Hub with the test certificate (tests/data/tls):
// verified against a given CA file, and refused when the certificate is not trusted.
#include <gtest/gtest.h>

#include <cstdlib>

#include "fake_hub.h"
#include "ringperf/base/file.h"
#include "ringperf/hub/resolve.h"
#include "test_util.h"

namespace ringperf::hub::testing {
namespace {

std::string tls_dir() {
    const char* d = std::getenv("RINGPERF_TLS_DATA");
    return d ? d : "tests/data/tls";
}

tls_files test_cert() {
    return {tls_dir() + "/server-cert.pem", tls_dir() + "/server-key.pem"};
}

fake_repo tiny_repo() {
    fake_repo r;
    r.commit = commit_id('b');
    r.refs = {{"main", commit_id('b')}};
    r.files = {{"tokenizer.json", {R"({"model":{"type":"BPE"}})", "blob-tokenizer"}}};
    r.how = delivery::cdn;
    return r;
}

class HubHttps : public ::testing::Test {
  protected:
    void SetUp() override {
        hub_.add("acme/tiny", tiny_repo());
        env_.vars["HF_HUB_CACHE"] = dir_.path() + "/hub";
        env_.vars["HF_ENDPOINT"] = hub_.url();
        env_.vars["HF_TOKEN"] = "hf_secret";
        options_.getenv = env_.lookup();
        options_.connect_timeout_ms = 5000;
        options_.read_timeout_ms = 5000;
    }

    temp_dir dir_;
    fake_hub hub_{test_cert()};
    fake_env env_;
    hub_options options_;
};

TEST_F(HubHttps, DownloadsWhenTheServerCertificateIsTrusted) {
    ASSERT_EQ(hub_.url().rfind("https://127.0.0.1:", 0), 0u);
    options_.ca_file = tls_dir() + "/server-cert.pem";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(*read_file(s->tokenizer_path), R"({"model":{"type":"BPE"}})");
    ASSERT_EQ(hub_.cdn().request_count(), 1u);
    EXPECT_FALSE(hub_.cdn().requests()[0].header("Authorization"));
    EXPECT_EQ(hub_.hub().requests()[0].header("Authorization").value_or(""), "Bearer hf_secret");
}

TEST_F(HubHttps, SslCertFileVariableNamesTheCasWhenNoneAreGiven) {
    env_.vars["SSL_CERT_FILE"] = tls_dir() + "/server-cert.pem";
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_TRUE(s) << s.message();
}

TEST_F(HubHttps, UntrustedCertificateIsRefusedWithTheReason) {
    auto s = resolve_tokenizer("acme/tiny", options_);
    ASSERT_FALSE(s);
    EXPECT_TRUE(contains(s.message(), "certificate verification failed")) << s.message();
    EXPECT_FALSE(contains(s.message(), "--no-tls-verify")) << s.message();
    EXPECT_EQ(hub_.hub().request_count(), 0u);
}

}  // namespace
}  // namespace ringperf::hub::testing
