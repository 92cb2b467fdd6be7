// Every example run in configs/ loads, and its dump loads again to the same dump.
#include <algorithm>
#include <filesystem>

#include "test_util.h"

using config_test::profile;
using config_test::temp_file;
using namespace ringperf::config;

namespace {

std::vector<std::string> example_files() {
    const char* dir = std::getenv("RINGPERF_CONFIGS_DIR");
    EXPECT_NE(dir, nullptr) << "RINGPERF_CONFIGS_DIR is not set";
    std::vector<std::string> out;
    if (!dir) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".toml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool has_mock_table(const std::string& path) {
    auto text = ringperf::read_file(path);
    return text.ok() && text->find("\n[mock]") != std::string::npos;
}

std::string name_of(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

}  // namespace

TEST(Examples, EveryConfigLoadsAndItsDumpRoundTrips) {
    const auto files = example_files();
    EXPECT_GE(files.size(), 4u);
    for (const auto& f : files) {
        SCOPED_TRACE(f);
        if (has_mock_table(f)) {
            auto m = config_test::mock({"--config", f});
            ASSERT_TRUE(m.ok()) << m.message();
            const std::string dump = dump_toml(*m);
            auto again = config_test::mock({"--config", temp_file("mock_" + name_of(f), dump)});
            ASSERT_TRUE(again.ok()) << again.message();
            EXPECT_EQ(dump_toml(*again), dump);
            continue;
        }
        auto p = profile({"--config", f});
        ASSERT_TRUE(p.ok()) << p.message();
        const std::string dump = dump_toml(*p);
        auto again = profile({"--config", temp_file("run_" + name_of(f), dump)});
        ASSERT_TRUE(again.ok()) << again.message() << "\n" << dump;
        EXPECT_EQ(dump_toml(*again), dump);
    }
}

TEST(Examples, ChatStreamingDescribesTheDocumentedRun) {
    const char* dir = std::getenv("RINGPERF_CONFIGS_DIR");
    ASSERT_NE(dir, nullptr);
    auto p = profile({"--config", std::string(dir) + "/chat_streaming.toml"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_TRUE(p->endpoint.streaming);
    EXPECT_EQ(p->endpoint.type, ringperf::api::endpoint_type::chat);
    EXPECT_EQ(p->endpoint.urls, std::vector<std::string>{"http://127.0.0.1:8000"});
    EXPECT_EQ(p->load.concurrency, 16u);
    EXPECT_EQ(p->load.request_count, 300u);
    EXPECT_EQ(p->input.isl_mean, 128);
    EXPECT_EQ(p->input.osl_mean, 64.0);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(p->endpoint.extra_inputs, (Pairs{{"ignore_eos", "true"}}));
}

TEST(Examples, DurationAndCompletionsRuns) {
    const char* dir = std::getenv("RINGPERF_CONFIGS_DIR");
    ASSERT_NE(dir, nullptr);
    auto d = profile({"--config", std::string(dir) + "/duration.toml"});
    ASSERT_TRUE(d.ok()) << d.message();
    EXPECT_EQ(d->load.benchmark_duration_s, 30.0);
    EXPECT_EQ(d->load.grace_period_s, 5.0);
    EXPECT_FALSE(d->load.request_count);
    auto c = profile({"--config", std::string(dir) + "/completions.toml"});
    ASSERT_TRUE(c.ok()) << c.message();
    EXPECT_EQ(c->endpoint.type, ringperf::api::endpoint_type::completions);
    EXPECT_FALSE(c->endpoint.streaming);
    auto m = config_test::mock({"--config", std::string(dir) + "/mock.toml"});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(m->itl_ms, 5.0);
    EXPECT_EQ(m->random_seed, 1u);
}
