// --goodput, --export-http-trace, --show-trace-timing and --network-latency-mean: flags,
// TOML keys, dumps and errors.
#include "ringperf/config/config.h"
#include "test_util.h"

using config_test::error_of;
using config_test::profile;
using config_test::temp_file;
using config_test::with_model;

TEST(MetricOptions, DefaultsLeaveEveryMetricOptionOff) {
    auto p = profile(with_model({}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.goodput, "");
    EXPECT_FALSE(p->output.export_http_trace);
    EXPECT_FALSE(p->output.show_trace_timing);
    EXPECT_FALSE(p->output.network_latency_mean_ms.has_value());
}

TEST(MetricOptions, FlagsReachThePlan) {
    auto p = profile(with_model({"--goodput", "request_latency:250 inter_token_latency:10",
                                 "--export-http-trace", "--show-trace-timing",
                                 "--network-latency-mean", "1.5"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.goodput, "request_latency:250 inter_token_latency:10");
    EXPECT_TRUE(p->output.export_http_trace);
    EXPECT_TRUE(p->output.show_trace_timing);
    ASSERT_TRUE(p->output.network_latency_mean_ms.has_value());
    EXPECT_DOUBLE_EQ(*p->output.network_latency_mean_ms, 1.5);
}

TEST(MetricOptions, TomlKeysAndDumpRoundTrip) {
    const std::string path = temp_file("metric_options.toml",
                                       "[endpoint]\nmodels = [\"x\"]\n[output]\n"
                                       "goodput = \"time_to_first_token:100\"\n"
                                       "export_http_trace = true\nnetwork_latency_mean = 2\n");
    auto p = profile({"--config", path});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.goodput, "time_to_first_token:100");
    EXPECT_TRUE(p->output.export_http_trace);
    EXPECT_DOUBLE_EQ(p->output.network_latency_mean_ms.value_or(0), 2.0);
    const std::string dump = ringperf::config::dump_toml(*p);
    EXPECT_NE(dump.find("goodput = \"time_to_first_token:100\""), std::string::npos) << dump;
    EXPECT_NE(dump.find("export_http_trace = true"), std::string::npos) << dump;
    auto again = profile({"--config", temp_file("metric_options_again.toml", dump)});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(ringperf::config::dump_toml(*again), dump);
}

TEST(MetricOptions, BadValuesNameTheFlagAndTheText) {
    const std::string goodput = error_of({"--goodput", "request_latency=250"});
    EXPECT_NE(goodput.find("--goodput"), std::string::npos) << goodput;
    EXPECT_NE(goodput.find("request_latency=250"), std::string::npos) << goodput;
    const std::string number = error_of({"--goodput", "request_latency:fast"});
    EXPECT_NE(number.find("request_latency:fast"), std::string::npos) << number;
    const std::string rtt = error_of({"--network-latency-mean", "-1"});
    EXPECT_NE(rtt.find("--network-latency-mean"), std::string::npos) << rtt;
    EXPECT_NE(rtt.find("-1"), std::string::npos) << rtt;
}
