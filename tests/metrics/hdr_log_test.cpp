#include "ringperf/metrics/hdr_log.h"

#include <gtest/gtest.h>

#include <string>

#include "ringperf/metrics/hdr_encoding.h"

namespace ringperf::metrics {
namespace {

constexpr const char* jhiccup_line =
    "HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekI"
    "LGZkKmcCAEf2CsI=";

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto nl = s.find('\n', pos);
        out.push_back(s.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return out;
}

TEST(HlogWriter, HeaderHasTheStandardLinesUnder128Characters) {
    const std::string h = hlog_header("1.2.3", 1441812279.474);
    const auto lines = lines_of(h);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0], "#[ringperf 1.2.3]");
    EXPECT_EQ(lines[1], "#[Histogram log format version 1.3]");
    EXPECT_EQ(lines[2],
              "#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 15:24:39 UTC 2015]");
    EXPECT_EQ(lines[3], "#[BaseTime: 1441812279.474 (seconds since epoch)]");
    EXPECT_EQ(lines[4],
              "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\","
              "\"Interval_Compressed_Histogram\"");
    for (const auto& l : lines_of(hlog_header(std::string(300, 'v'), 0)))
        EXPECT_LT(l.size(), 128u);
}

TEST(HlogWriter, DataLineFormatsSecondsAndMaxInMilliseconds) {
    EXPECT_EQ(hlog_data_line("", 1.5, 1, 2'768'895, "HISTFAAA"), "1.500,1.000,2.769,HISTFAAA\n");
    EXPECT_EQ(hlog_data_line("ttft", 0, 0.25, 1000, "X"), "Tag=ttft,0.000,0.250,0.001,X\n");
    EXPECT_EQ(hlog_data_line("a b,c", 0, 1, 0, "X"), "Tag=a_b_c,0.000,1.000,0.000,X\n");
}

TEST(HlogWriter, WrittenLogReadsBack) {
    auto h = hdr_histogram::create(1, 86'400'000'000'000, 3);
    ASSERT_TRUE(h.ok());
    h->record(1'000'000, 10);
    h->record(5'000'000);
    std::string log = hlog_header("0.1", 1700000000.25);
    auto line = hlog_data_line("", 0, 1, *h);
    ASSERT_TRUE(line.ok());
    log += *line;
    log += *hlog_data_line("", 1, 1, *h);
    auto f = parse_hlog(log);
    ASSERT_TRUE(f.ok()) << f.message();
    EXPECT_EQ(f->tool, "ringperf 0.1");
    ASSERT_EQ(f->intervals.size(), 2u);
    EXPECT_DOUBLE_EQ(f->intervals[1].start_s, 1.0);
    EXPECT_DOUBLE_EQ(f->intervals[1].length_s, 1.0);
    EXPECT_DOUBLE_EQ(f->intervals[0].max, 5.001);
    EXPECT_DOUBLE_EQ(f->absolute_start_s(1), 1700000001.25);
    auto back = decode_histogram_base64(f->intervals[0].histogram);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(back->total_count(), 11);
    EXPECT_EQ(back->count_at_value(1'000'000), 10);
}

TEST(HlogReader, ReadsJHiccupStyleLogs) {
    const std::string log = std::string(
                                "#[Logged with jHiccup version 2.0.7-SNAPSHOT]\n"
                                "#[Histogram log format version 1.2]\n"
                                "#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 "
                                "08:24:39 PDT 2015]\n"
                                "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\","
                                "\"Interval_Compressed_Histogram\"\n"
                                "0.127,1.007,2.769,") +
                            jhiccup_line +
                            "\r\n# a comment between data lines\nTag=x,1.134,0.999,0.442," +
                            jhiccup_line + "\n";
    auto f = parse_hlog(log);
    ASSERT_TRUE(f.ok()) << f.message();
    EXPECT_EQ(f->tool, "Logged with jHiccup version 2.0.7-SNAPSHOT");
    ASSERT_TRUE(f->start_time_s);
    EXPECT_DOUBLE_EQ(*f->start_time_s, 1441812279.474);
    EXPECT_FALSE(f->base_time_s);
    ASSERT_EQ(f->intervals.size(), 2u);
    EXPECT_EQ(f->intervals[0].tag, "");
    EXPECT_EQ(f->intervals[1].tag, "x");
    EXPECT_DOUBLE_EQ(f->intervals[0].length_s, 1.007);
    EXPECT_NEAR(f->absolute_start_s(0), 1441812279.601, 1e-6);  // relative timestamps
    auto h = decode_histogram_base64(f->intervals[0].histogram);
    ASSERT_TRUE(h.ok()) << h.message();
    EXPECT_EQ(h->total_count(), 741);
}

TEST(HlogReader, AbsoluteTimestampsStayAbsolute) {
    auto f = parse_hlog(
        "#[StartTime: 100000000.000 (seconds since epoch)]\n100000005.000,1.000,0.0,X\n");
    ASSERT_TRUE(f.ok());
    EXPECT_DOUBLE_EQ(f->absolute_start_s(0), 100000005.0);
}

TEST(HlogReader, BadLinesNameTheLineAndField) {
    auto a = parse_hlog("#[x]\n0.0,1.0\n");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.message(), "hlog line 2: expected 4 comma-separated fields");
    auto b = parse_hlog("0.0,abc,1.0,X\n");
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.message(), "hlog line 1: bad interval length 'abc'");
    auto c = parse_hlog("0.0,1.0,1.0,\n");
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.message(), "hlog line 1: empty histogram field");
}

}  // namespace
}  // namespace ringperf::metrics
