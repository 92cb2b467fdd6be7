// Where connections come from and how they are opened: source-address rotation, connect
// pacing, and the fallbacks for io_uring features a kernel may lack.
#include <gtest/gtest.h>

#include <map>

#include "engine_fixture.h"
#include "scripted_server.h"

using namespace ringperf;
using namespace ringperf::engine_test;
using ringperf::test_support::script_step;
using ringperf::test_support::scripted_server;
namespace ts = ringperf::test_support;

namespace {

std::map<std::string, int> count(const std::vector<std::string>& hosts) {
    std::map<std::string, int> m;
    for (const auto& h : hosts)
        ++m[h];
    return m;
}

}  // namespace

TEST(EngineNet, ConnectionsRotateOverTheSourceAddresses) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // Every response closes its connection: 12 requests, 12 connections.
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response(false), true}; });
    auto f = make_fixture({srv.port()}, false, 3, 12);
    f->spec.options.source_addresses = {"127.0.0.2-127.0.0.3", "127.0.0.4"};
    add_conversations(*f, {1, 1, 1});
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 12u);
    EXPECT_EQ(failures(o), 0u);
    const std::map<std::string, int> want{{"127.0.0.2", 4}, {"127.0.0.3", 4}, {"127.0.0.4", 4}};
    EXPECT_EQ(count(srv.peers()), want);
    std::map<std::string, int> reported;
    for (const auto& r : o.reports)
        for (const auto& [a, n] : r.connects_by_source)
            reported[a] += static_cast<int>(n);
    EXPECT_EQ(reported, want);
}

TEST(EngineNet, WithoutSourceAddressesTheKernelPicksOne) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response(false), true}; });
    auto f = make_fixture({srv.port()}, false, 2, 4);
    add_conversations(*f, {1, 1});
    const auto o = run_fixture(*f);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(count(srv.peers()), (std::map<std::string, int>{{"127.0.0.1", 4}}));
    for (const auto& r : o.reports)
        EXPECT_TRUE(r.connects_by_source.empty());
}

TEST(EngineNet, ConnectsWaitTheirTurnAndAllComplete) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // One connection established at a time, 24 wanted at once, each closed after its answer:
    // a place not handed on when a connect ends would leave requests waiting forever.
    scripted_server srv([](int, int) {
        script_step st{ts::sse_chat_response(3), true};
        st.delay_ms = 2;
        return st;
    });
    auto f = make_fixture({srv.port()}, true, 24, 72);
    f->spec.options.connect_concurrency = 1;
    add_conversations(*f, {1, 1, 1, 1});
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 72u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(srv.connections(), 72);
}

class EngineFallback : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(EngineFallback, StreamsCompleteWithTheFeatureOff) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // Odd connections close after each answer, so connects, closes and reconnects all run
    // through the fallback paths; 4 receive buffers of 1 KiB run the buffers dry often.
    scripted_server srv([](int c, int) {
        return script_step{ts::sse_chat_response(40, c % 2 == 1), c % 2 == 1};
    });
    auto f = make_fixture({srv.port()}, true, 6, 60);
    f->spec.options.io_uring_disable = GetParam();
    f->spec.options.recv_buffers = 4;
    f->spec.options.recv_buffer_size = 1024;
    add_conversations(*f, {1, 1, 1});
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 60u);
    EXPECT_EQ(failures(o), 0u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.content_ns.size(), 40u);
        EXPECT_EQ(r.usage.completion_tokens, 40);
    }
    ASSERT_EQ(o.reports.size(), 1u);
    const std::string& mode = o.reports[0].ring_mode;
    const auto has = [&](const char* text) { return mode.find(text) != std::string::npos; };
    for (const auto& d : GetParam()) {
        if (d == "direct_descriptors") {
            EXPECT_TRUE(has("plain descriptors")) << mode;
        } else if (d == "buf_ring") {
            EXPECT_TRUE(has("classic provided buffers")) << mode;
        } else if (d == "multishot_recv") {
            EXPECT_TRUE(has("single-shot receives")) << mode;
        } else if (d == "batching") {
            EXPECT_TRUE(has("one SQE per enter")) << mode;
        } else if (d == "defer_taskrun" || d == "single_issuer") {
            EXPECT_FALSE(has("defer_taskrun")) << mode;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Features, EngineFallback,
    ::testing::Values(std::vector<std::string>{}, std::vector<std::string>{"multishot_recv"},
                      std::vector<std::string>{"buf_ring"},
                      std::vector<std::string>{"buf_ring", "multishot_recv"},
                      std::vector<std::string>{"direct_descriptors"},
                      std::vector<std::string>{"batching"},
                      std::vector<std::string>{"single_issuer"},
                      std::vector<std::string>{"defer_taskrun", "coop_taskrun"},
                      std::vector<std::string>{"single_issuer", "coop_taskrun", "multishot_recv",
                                               "buf_ring", "direct_descriptors", "batching"}));

TEST(EngineNet, UnknownFeatureNameIsASetUpError) {
    auto f = make_fixture({1}, false, 1, 1);
    f->spec.options.io_uring_disable = {"warp_drive"};
    add_conversations(*f, {1});
    engine::engine e;
    auto r = e.start(f->spec);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("unknown io_uring feature 'warp_drive'"), std::string::npos);
}
