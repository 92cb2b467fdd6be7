// --hlog-interval / [output] hlog_interval: the interval of the run's .hlog files.
#include <gtest/gtest.h>

#include "test_util.h"

namespace {

using namespace config_test;
using ringperf::config::dump_toml;

TEST(HlogInterval, DefaultsToOneSecond) {
    auto p = profile(with_model({}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.hlog_interval_s, 1.0);
}

TEST(HlogInterval, FlagAndTomlKeySetIt) {
    auto p = profile(with_model({"--hlog-interval", "0.25"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.hlog_interval_s, 0.25);
    p = profile(with_model({"--hlog-interval", "0"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.hlog_interval_s, 0.0);
    auto f = profile({"--config", temp_file("hlog.toml",
                                            "[endpoint]\nmodels = [\"x\"]\n"
                                            "[output]\nhlog_interval = 5\n")});
    ASSERT_TRUE(f.ok()) << f.message();
    EXPECT_EQ(f->output.hlog_interval_s, 5.0);
}

TEST(HlogInterval, BadValuesNameTheFlagAndText) {
    EXPECT_EQ(error_of({"--hlog-interval", "-1"}),
              "--hlog-interval: expected a number between 0 and 86400, got '-1'");
    EXPECT_EQ(error_of({"--hlog-interval", "1s"}),
              "--hlog-interval: expected a number between 0 and 86400, got '1s'");
}

TEST(HlogInterval, RoundTripsThroughRunToml) {
    auto p = profile(with_model({"--hlog-interval", "2.5"}));
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string dump = dump_toml(*p);
    EXPECT_NE(dump.find("hlog_interval = 2.5"), std::string::npos) << dump;
    auto again = profile({"--config", temp_file("hlog_dump.toml", dump)});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->output.hlog_interval_s, 2.5);
}

}  // namespace
