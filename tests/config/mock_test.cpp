// `ringperf mock` flags and its [mock] table.
#include "ringperf/config/option_table.h"
#include "test_util.h"

using config_test::data;
using config_test::temp_file;
using ringperf::config::dump_toml;
using ringperf::config::is_help_request;

TEST(Mock, DefaultsWithoutArguments) {
    auto m = config_test::mock({});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(m->host, "127.0.0.1");
    EXPECT_EQ(m->port, 8000);
    EXPECT_EQ(m->ttft_ms, 20);
    EXPECT_FALSE(m->random_seed);
}

TEST(Mock, EveryFlagReachesItsField) {
    const std::vector<std::string> args = {"--host",
                                           "0.0.0.0",
                                           "--port",
                                           "0",
                                           "--workers",
                                           "2",
                                           "--ttft",
                                           "12.5",
                                           "--itl-ms=3",
                                           "--ttft-jitter",
                                           "1",
                                           "--itl-jitter=0.5",
                                           "--ground-truth",
                                           "gt.jsonl",
                                           "--random-seed",
                                           "9",
                                           "--port-file",
                                           "/tmp/port",
                                           "--max-connections",
                                           "5000"};
    auto m = config_test::mock(args);
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(m->host, "0.0.0.0");
    EXPECT_EQ(m->port, 0);
    EXPECT_EQ(m->workers, 2u);
    EXPECT_EQ(m->ttft_ms, 12.5);
    EXPECT_EQ(m->itl_ms, 3.0);
    EXPECT_EQ(m->ttft_jitter_ms, 1.0);
    EXPECT_EQ(m->itl_jitter_ms, 0.5);
    EXPECT_EQ(m->ground_truth_path, "gt.jsonl");
    EXPECT_EQ(m->random_seed, 9u);
    EXPECT_EQ(m->port_file, "/tmp/port");
    EXPECT_EQ(m->max_connections, 5000u);

    const std::string dump = dump_toml(*m);
    auto again = config_test::mock({"--config", temp_file("mock_every.toml", dump)});
    ASSERT_TRUE(again.ok()) << again.message() << "\n" << dump;
    EXPECT_EQ(dump_toml(*again), dump);
}

TEST(Mock, BadValuesAreAllReported) {
    auto m = config_test::mock({"--port", "65536", "--itl", "-1", "--ttft-jitter", "x", "--workers",
                                "-2", "--host", "", "--concurrency", "3"});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.message(),
              "--port: expected an integer between 0 and 65535, got '65536'\n"
              "--itl: expected a number >= 0, got '-1'\n"
              "--ttft-jitter: expected a number >= 0, got 'x'\n"
              "--workers: expected an integer between 0 and 4096, got '-2'\n"
              "--host: expected a non-empty string, got ''\n"
              "unknown option '--concurrency'");
}

TEST(Mock, ReadsTheMockTableAndIgnoresRunTables) {
    const std::string f = data("override.toml");
    auto m = config_test::mock({"--config", f});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(m->port, 9100);
    m = config_test::mock({"--port", "9200", "--config", f});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(m->port, 9200);
}

TEST(Mock, FileErrorsHavePositionsAndSuggestions) {
    const std::string f = data("mock_bad.toml");
    auto m = config_test::mock({"--config", f});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.message(),
              f + ":2:8: mock.port: expected an integer between 0 and 65535, got 70000\n" + f +
                  ":3:10: mock.itl_ms: expected a number >= 0, got -1.0\n" + f +
                  ":4:1: unknown key 'mock.ttft' (did you mean 'mock.ttft_ms'?)");
}

TEST(Mock, HelpIsRequestedAndListsEveryOption) {
    auto m = config_test::mock({"--port", "1", "-h"});
    ASSERT_FALSE(m.ok());
    EXPECT_TRUE(is_help_request(m.err()));
    const std::string text = ringperf::config::help(ringperf::config::command::mock);
    for (const auto& o : ringperf::config::mock_table()) {
        EXPECT_NE(text.find("--" + std::string(o.spec.name)), std::string::npos) << o.spec.name;
        EXPECT_NE(text.find("toml: " + std::string(o.spec.key) + "]"), std::string::npos);
        for (auto a : o.spec.aliases)
            EXPECT_NE(text.find("--" + std::string(a)), std::string::npos) << a;
    }
}
