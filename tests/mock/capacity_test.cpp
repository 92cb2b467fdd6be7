// How many connections the mock holds: the worker plan and --max-connections.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/mock/server.h"
#include "test_client.h"

namespace ringperf::mock {
namespace {

using testing::client;
using testing::post;

mock_options with(std::uint32_t workers, std::optional<std::uint32_t> max_connections) {
    mock_options o;
    o.workers = workers;
    o.max_connections = max_connections;
    return o;
}

unsigned workers(const mock_options& o, unsigned table_cap, unsigned cores) {
    const auto p = plan_workers(o, table_cap, cores);
    EXPECT_TRUE(p.ok()) << p.message();
    return p.ok() ? p->workers : 0;
}

TEST(PlanWorkers, StartsOnePerCoreWhenTheTablesHoldEveryConnection) {
    EXPECT_EQ(workers(with(0, 1000), 20000, 2), 2u);
    EXPECT_EQ(workers(with(0, 1), 20000, 8), 8u);
}

TEST(PlanWorkers, StartsEnoughRingsForMaxConnectionsWithHeadroomAtTheDescriptorCap) {
    // 40,000 would fill two tables of 20,000 exactly: no headroom.
    EXPECT_EQ(workers(with(0, 40000), 20000, 2), 3u);
    EXPECT_EQ(workers(with(0, 100000), 20000, 2), 6u);
    // ceil(112854 / 6) = 18809, + 1175 + 16 = 20000 fits; one more does not.
    EXPECT_EQ(workers(with(0, 112854), 20000, 2), 6u);
    EXPECT_EQ(workers(with(0, 112855), 20000, 2), 7u);
    EXPECT_EQ(workers(with(0, 3000), 1024, 2), 4u);
}

TEST(PlanWorkers, SizesEachTableForItsShareWithHeadroom) {
    const auto p = plan_workers(with(0, 100000), 20000, 2);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->connections_per_worker, 16667u + 1041u + 16u);
    EXPECT_EQ(plan_workers(with(2, 2), 20000, 2)->connections_per_worker, 17u);
}

TEST(PlanWorkers, KeepsAnExplicitCountLargeEnoughCappingItsTables) {
    EXPECT_EQ(workers(with(5, 100000), 20000, 2), 5u);
    EXPECT_EQ(workers(with(7, 100000), 20000, 2), 7u);
    EXPECT_EQ(workers(with(1, 100000), 1u << 20, 2), 1u);
    EXPECT_EQ(plan_workers(with(5, 100000), 20000, 2)->connections_per_worker, 20000u);
}

TEST(PlanWorkers, DefaultsTo100000OrWhatExplicitWorkersHold) {
    const auto automatic = plan_workers(with(0, std::nullopt), 20000, 2);
    ASSERT_TRUE(automatic.ok());
    EXPECT_EQ(automatic->workers, 6u);
    const auto one = plan_workers(with(1, std::nullopt), 20000, 2);
    ASSERT_TRUE(one.ok()) << one.message();
    EXPECT_EQ(one->workers, 1u);
    EXPECT_EQ(one->connections_per_worker, 20000u);
    const auto many = plan_workers(with(8, std::nullopt), 1u << 20, 2);
    ASSERT_TRUE(many.ok());
    EXPECT_EQ(many->connections_per_worker, 12500u + 781u + 16u);
}

TEST(PlanWorkers, RejectsAnExplicitCountTooSmallNamingBothNumbersAndTheFix) {
    const auto r = plan_workers(with(2, 100000), 20000, 2);
    ASSERT_FALSE(r.ok());
    const std::string& m = r.message();
    EXPECT_NE(m.find("--workers 2 holds at most 40000 connections"), std::string::npos) << m;
    EXPECT_NE(m.find("--max-connections is 100000"), std::string::npos) << m;
    EXPECT_NE(m.find("use --workers 5 or more"), std::string::npos) << m;
    EXPECT_NE(m.find("RLIMIT_NOFILE"), std::string::npos) << m;
}

TEST(PlanWorkers, RefusesToPlanAbsurdlyManyWorkers) {
    const auto r = plan_workers(with(0, 4'000'000'000u), 64, 2);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("needs more than 4096 workers of 64 connections"), std::string::npos)
        << r.message();
}

TEST(MockCapacity, StartRejectsExplicitWorkersBeyondTheDescriptorLimit) {
    rlimit rl{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= (1u << 20))
        GTEST_SKIP() << "no descriptor limit below the kernel's fixed-file bound";
    mock_options o = with(1, static_cast<std::uint32_t>(rl.rlim_max) + 1);
    o.port = 0;
    const auto s = server::start(o);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("--workers 1 holds at most " + std::to_string(rl.rlim_max)),
              std::string::npos)
        << s.message();
    EXPECT_NE(s.message().find("use --workers 2 or more"), std::string::npos) << s.message();
}

// Waits until `c` has received bytes, up to `limit_ms`.
bool readable_within(const client& c, int limit_ms) {
    pollfd p{c.fd(), POLLIN, 0};
    return ::poll(&p, 1, limit_ms) == 1;
}

std::string long_stream() {
    return post("/v1/chat/completions",
                R"({"messages":[{"role":"user","content":"hold"}],"stream":true,)"
                R"("max_completion_tokens":100000,"ignore_eos":true})");
}

std::vector<std::unique_ptr<client>> open_streams(std::uint16_t port, int n) {
    std::vector<std::unique_ptr<client>> held;
    for (int i = 0; i < n; ++i) {
        held.push_back(std::make_unique<client>(port));
        EXPECT_TRUE(held.back()->connected());
        EXPECT_TRUE(held.back()->send(long_stream()));
    }
    return held;
}

mock_options small_tables(std::uint32_t workers) {
    mock_options o = with(workers, workers);  // a share of 1: tables of 1 + 0 + 16
    o.port = 0;
    o.ttft_ms = 1;
    o.itl_ms = 50;
    return o;
}

// The kernel hashes the connections over the listeners unevenly; whatever their spread, the
// tables' 68 slots take 68 connections, the workers with room serving the full ones'.
TEST(MockCapacity, FillsEveryTableHoweverTheKernelSpreadsConnections) {
    auto s = server::start(small_tables(4));
    ASSERT_TRUE(s.ok()) << s.message();
    const auto held = open_streams((*s)->port(), 68);
    int served = 0;
    for (const auto& c : held)
        served += readable_within(*c, 5000);
    EXPECT_EQ(served, 68);
    EXPECT_EQ((*s)->stats().connections_open, 68u);
}

TEST(MockCapacity, KeepsConnectionsBeyondTheTablesWaitingUntilSomeClose) {
    auto s = server::start(small_tables(2));
    ASSERT_TRUE(s.ok()) << s.message();
    auto held = open_streams((*s)->port(), 34);
    for (const auto& c : held)
        ASSERT_TRUE(readable_within(*c, 5000));

    // These complete their handshakes in a listen backlog but are not accepted.
    auto waiting = open_streams((*s)->port(), 2);
    for (const auto& c : waiting)
        EXPECT_FALSE(readable_within(*c, 300));
    EXPECT_EQ((*s)->stats().connections_accepted, 34u);

    held[0].reset();
    held[1].reset();
    for (const auto& c : waiting)
        EXPECT_TRUE(readable_within(*c, 5000));
    EXPECT_EQ((*s)->stats().connections_accepted, 36u);
}

}  // namespace
}  // namespace ringperf::mock
