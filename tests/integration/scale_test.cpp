// Connections beyond the descriptor limit and the local port range: a client run under a low
// RLIMIT_NOFILE holding more streams at once than a plain-descriptor design could, automatic
// loopback source addresses, and the pre-flight messages for settings that cannot work.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "harness.h"

namespace rt = ringperf::testing;
using namespace std::chrono_literals;
using rt::profile_args;

namespace {

// `ringperf profile ...` under RLIMIT_NOFILE `nofile` (soft and hard), via util-linux prlimit.
std::vector<std::string> limited(int nofile, std::vector<std::string> args) {
    auto argv = profile_args(std::move(args));
    argv.insert(argv.begin(), {"/usr/bin/prlimit", "--nofile=" + std::to_string(nofile), "--"});
    return argv;
}

// The most requests that were open at once, from the records' start and end times.
std::size_t peak_open(const std::string& jsonl) {
    std::vector<std::pair<std::int64_t, int>> edges;
    simdjson::dom::parser parser;
    for (const auto& line : rt::lines(jsonl)) {
        simdjson::dom::element doc;
        if (parser.parse(line).get(doc) != simdjson::SUCCESS) continue;
        const std::int64_t start = doc["metadata"]["request_start_ns"].get_int64().value();
        const std::int64_t end = doc["metadata"]["request_end_ns"].get_int64().value();
        edges.emplace_back(start, 1);
        edges.emplace_back(end, -1);
    }
    std::sort(edges.begin(), edges.end());  // an end sorts before a start at the same instant
    std::size_t open = 0, peak = 0;
    for (const auto& [t, d] : edges) {
        open = static_cast<std::size_t>(static_cast<long>(open) + d);
        peak = std::max(peak, open);
    }
    return peak;
}

bool has_local_port_range() {
    static const bool ok = [] {
        const std::string dir = rt::make_temp_dir();
        // A probe run that only needs the option to be accepted by the kernel.
        const auto r =
            rt::run(profile_args({"--url", "http://127.0.0.1:1", "--model", "m",
                                  "--local-port-range", "40000-40099", "--request-count", "1"}),
                    dir, "probe", 30s);
        return r.err.find("needs IP_LOCAL_PORT_RANGE") == std::string::npos;
    }();
    return ok;
}

}  // namespace

TEST(Scale, HoldsMoreStreamsThanTheDescriptorLimitAllows) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "4000", "--itl", "50"});
    ASSERT_NE(mock.port(), 0);
    const std::string art = dir + "/a";
    // 3,000 streams at once in a process allowed 1,024 descriptors: each worker's io_uring
    // file table holds up to 1,024 sockets that use no descriptor.
    const auto r = rt::run(limited(1024, {"--url", mock.url(), "--model", "m", "--streaming",
                                          "--concurrency", "3000", "--request-count", "3000",
                                          "--isl", "8", "--osl", "3", "--artifact-dir", art}),
                           dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("3000 connections: 3 workers on"), std::string::npos) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(rt::stat(doc, "request_count", "avg"), 3000.0);
    EXPECT_TRUE(std::isnan(rt::stat(doc, "error_request_count", "avg")) ||
                rt::stat(doc, "error_request_count", "avg") == 0.0);
    EXPECT_EQ(peak_open(rt::read_text(art + "/profile_export.jsonl")), 3000u);
}

TEST(Scale, PlainDescriptorsCannotHoldThemAndTheRunSaysWhatToChange) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {});
    const auto r = rt::run(limited(1024, {"--url", mock.url(), "--model", "m", "--concurrency",
                                          "3000", "--request-count", "3000", "--io-uring-disable",
                                          "direct_descriptors", "--artifact-dir", dir + "/a"}),
                           dir, "profile", 60s);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("3000 connections as ordinary descriptors need about 3256"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("RLIMIT_NOFILE allows 1024"), std::string::npos) << r.err;
}

TEST(Scale, TooFewWorkersForTheFileTablesIsAUsageError) {
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {});
    const auto r = rt::run(
        limited(1024, {"--url", mock.url(), "--model", "m", "--concurrency", "3000",
                       "--request-count", "3000", "--workers", "2", "--artifact-dir", dir + "/a"}),
        dir, "profile", 60s);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--workers 2 gives each worker 1500"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Use --workers 3 or more"), std::string::npos) << r.err;
}

TEST(Scale, LoopbackSourceAddressesAreChosenWhenThePortsRunShort) {
    if (!has_local_port_range()) GTEST_SKIP() << "no IP_LOCAL_PORT_RANGE (Linux < 6.3)";
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {"--ttft", "1500", "--itl", "20"});
    const std::string art = dir + "/a";
    // 300 streams at once with 200 local ports: one source address cannot hold them.
    const auto r = rt::run(
        profile_args({"--url", mock.url(), "--model", "m", "--streaming", "--concurrency", "300",
                      "--request-count", "300", "--workers", "2", "--local-port-range",
                      "40000-40199", "--isl", "8", "--osl", "2", "--artifact-dir", art}),
        dir, "profile", 120s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("source addresses 127.0.0.1-127.0.0.4 chosen"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("connections opened from 4 source addresses"), std::string::npos) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf.json").get(doc), simdjson::SUCCESS);
    EXPECT_EQ(rt::stat(doc, "request_count", "avg"), 300.0);
    EXPECT_EQ(peak_open(rt::read_text(art + "/profile_export.jsonl")), 300u);
}

TEST(Scale, TooFewSourceAddressesForThePortsIsAUsageErrorNamingTheFix) {
    if (!has_local_port_range()) GTEST_SKIP() << "no IP_LOCAL_PORT_RANGE (Linux < 6.3)";
    const std::string dir = rt::make_temp_dir();
    rt::mock_server mock(dir, {});
    const auto r = rt::run(
        profile_args({"--url", mock.url(), "--model", "m", "--concurrency", "50", "--request-count",
                      "50", "--workers", "1", "--source-address", "127.0.0.2", "--local-port-range",
                      "40000-40009", "--artifact-dir", dir + "/a"}),
        dir, "profile", 60s);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("50 connections to 127.0.0.1:" + std::to_string(mock.port()) +
                         " need at least 5 source addresses, 10 local ports (40000-40009) each"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("--source-address 127.0.0.1-127.0.0.5"), std::string::npos) << r.err;
}

TEST(Scale, BadSourceAddressIsAUsageErrorNamingIt) {
    const std::string dir = rt::make_temp_dir();
    const auto r = rt::run(profile_args({"--url", "http://127.0.0.1:8000", "--model", "m",
                                         "--source-address", "127.0.0.9-127.0.0.2"}),
                           dir, "profile", 30s);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--source-address"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'127.0.0.9-127.0.0.2' ends before it starts"), std::string::npos)
        << r.err;
}
