// The export options: --export-level raw, --export-outputs-json, --export-http-trace and
// --slice-duration, from the command line and through run.toml.
#include "test_util.h"

using config_test::error_of;
using config_test::profile;
using config_test::temp_file;
using config_test::with_model;
using ringperf::exporter::export_level;

TEST(ExportOptions, RawLevelIsAccepted) {
    auto p = profile(with_model({"--export-level", "raw"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.level, export_level::raw);
    p = profile(with_model({"--profile-export-level", "summary"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.level, export_level::summary);
    p = profile(with_model({}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.level, export_level::records);
}

TEST(ExportOptions, FlagsDefaultOffAndSwitchOn) {
    auto p = profile(with_model({}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_FALSE(p->output.export_outputs_json);
    EXPECT_FALSE(p->output.export_http_trace);
    EXPECT_FALSE(p->output.slice_duration_s.has_value());
    p = profile(
        with_model({"--export-outputs-json", "--export-http-trace", "--slice-duration", "2.5"}));
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_TRUE(p->output.export_outputs_json);
    EXPECT_TRUE(p->output.export_http_trace);
    EXPECT_EQ(p->output.slice_duration_s, 2.5);
}

TEST(ExportOptions, SliceDurationMustBePositive) {
    for (const char* bad : {"0", "-1"}) {
        const std::string e = error_of({"--slice-duration", bad});
        EXPECT_NE(e.find("--slice-duration"), std::string::npos) << e;
        EXPECT_NE(e.find(bad), std::string::npos) << e;
    }
    const std::string e = error_of({"--slice-duration", "soon"});
    EXPECT_NE(e.find("--slice-duration"), std::string::npos) << e;
    EXPECT_NE(e.find("soon"), std::string::npos) << e;
}

TEST(ExportOptions, RoundTripThroughRunToml) {
    auto first = profile(with_model({"--export-level", "raw", "--export-outputs-json",
                                     "--export-http-trace", "--slice-duration", "0.25"}));
    ASSERT_TRUE(first.ok()) << first.message();
    const std::string dump = ringperf::config::dump_toml(*first);
    EXPECT_NE(dump.find("export_level = \"raw\""), std::string::npos) << dump;
    EXPECT_NE(dump.find("slice_duration = 0.25"), std::string::npos) << dump;
    auto second = profile({"--config", temp_file("exports.toml", dump)});
    ASSERT_TRUE(second.ok()) << second.message() << "\n" << dump;
    EXPECT_EQ(second->output.level, export_level::raw);
    EXPECT_TRUE(second->output.export_outputs_json);
    EXPECT_TRUE(second->output.export_http_trace);
    EXPECT_EQ(second->output.slice_duration_s, 0.25);
}

TEST(ExportOptions, TomlSliceDurationIsCheckedNamingTheKey) {
    auto p = profile({"--config", temp_file("bad_slice.toml",
                                            "[endpoint]\nmodels = [\"x\"]\n[output]\n"
                                            "slice_duration = 0\n")});
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("slice_duration"), std::string::npos) << p.message();
}
