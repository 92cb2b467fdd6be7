#include "ringperf/dataset/seq_dist.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace {

using ringperf::rng;
using ringperf::dataset::draw_seq_lengths;
using ringperf::dataset::format_seq_dist;
using ringperf::dataset::parse_seq_dist;
using ringperf::dataset::seq_dist_entry;
using entries = std::vector<seq_dist_entry>;

entries parse_ok(std::string_view text) {
    auto r = parse_seq_dist(text);
    EXPECT_TRUE(r.ok()) << text << ": " << r.message();
    return r.ok() ? *r : entries{};
}

std::string error_of(std::string_view text) {
    auto r = parse_seq_dist(text);
    EXPECT_FALSE(r.ok()) << text << " was accepted";
    return r.ok() ? "" : r.message();
}

const entries two = {{256, 0, 128, 0, 40}, {512, 20, 256, 10, 60}};

TEST(SeqDist, ReadsTheSemicolonForm) {
    EXPECT_EQ(parse_ok("256,128:40;512|20,256|10:60"), two);
    EXPECT_EQ(parse_ok(" 256 , 128 : 40 ; 512|20 , 256|10 : 60 ;"), two);
    EXPECT_EQ(parse_ok("100,50:100"), (entries{{100, 0, 50, 0, 100}}));
}

TEST(SeqDist, ReadsTheBracketForm) {
    EXPECT_EQ(parse_ok("[(256,128):40,(512|20,256|10):60]"), two);
    EXPECT_EQ(parse_ok("[ (256,128):40, (512|20,256|10):60 ]"), two);
}

TEST(SeqDist, ReadsTheJsonForm) {
    EXPECT_EQ(parse_ok(R"({"pairs": [{"isl": 256, "osl": 128, "prob": 40},
        {"isl": 512, "isl_stddev": 20, "osl": 256, "osl_stddev": 10, "prob": 60}]})"),
              two);
}

TEST(SeqDist, FormatsWhatItReadsBack) {
    EXPECT_EQ(format_seq_dist(two), "256,128:40;512|20,256|10:60");
    EXPECT_EQ(parse_ok(format_seq_dist(two)), two);
    const entries fractional = {{100.5, 0, 10, 0, 33.3}, {10, 0, 10, 0, 66.7}};
    EXPECT_EQ(parse_ok(format_seq_dist(fractional)), fractional);
}

TEST(SeqDist, ErrorsNameTheEntry) {
    EXPECT_EQ(error_of("256,128:40;512,abc:60"),
              "entry 2 '512,abc:60': the OSL 'abc' is not a number");
    EXPECT_EQ(error_of("256|x,128:100"),
              "entry 1 '256|x,128:100': the ISL stddev 'x' is not a number");
    EXPECT_EQ(error_of("256,128"), "entry 1 '256,128': expected ISL,OSL:PROBABILITY");
    EXPECT_EQ(error_of("256:100"), "entry 1 '256:100': expected ISL,OSL before the ':'");
    EXPECT_EQ(error_of("0,128:100"), "entry 1 '0,128:100': the ISL must be >= 1, got 0");
    EXPECT_EQ(error_of("10,0:100"), "entry 1 '10,0:100': the OSL must be >= 1, got 0");
    EXPECT_EQ(error_of("10|-1,5:100"),
              "entry 1 '10|-1,5:100': the ISL stddev must be >= 0, got -1");
    EXPECT_EQ(error_of("10,5:x"), "entry 1 '10,5:x': the probability 'x' is not a number");
    EXPECT_EQ(error_of("10,5:120;1,1:-20"),
              "entry 1 '10,5:120': the probability must be between 0 and 100, got 120");
    EXPECT_EQ(error_of("[(10,5):60,10,5:40]"), "entry 2 '10,5:40': expected (ISL,OSL):PROBABILITY");
    EXPECT_EQ(error_of("[(10,5):100"), "a list starting with '[' must end with ']'");
    EXPECT_EQ(error_of(R"({"pairs": [{"isl": 1, "osl": 2}]})"),
              R"(entry 1 '{"isl":1,"osl":2}': "prob" is missing)");
    EXPECT_EQ(error_of(R"({"pairs": 3})"), "the JSON form needs a \"pairs\" array");
    EXPECT_EQ(error_of(""), "no entries; expected e.g. \"256,128:40;512,256:60\"");
}

TEST(SeqDist, ProbabilitiesMustAddUpToOneHundred) {
    EXPECT_EQ(error_of("256,128:40;512,256:50"),
              "the probabilities add up to 90, not 100 (entry 1: 40, entry 2: 50)");
    EXPECT_EQ(error_of("1,1:60;2,2:60"),
              "the probabilities add up to 120, not 100 (entry 1: 60, entry 2: 60)");
    EXPECT_EQ(parse_ok("1,1:33.3;2,2:33.3;3,3:33.4").size(), 3u);
}

TEST(SeqDist, DrawsFollowTheProbabilitiesAndTheStddevs) {
    const entries e = parse_ok("64,32:70;256|40,128|20:20;1024,512:10");
    rng r(7);
    std::map<std::int64_t, int> exact_isl;
    double sum_mid = 0, sum_sq_mid = 0;
    int mid = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const auto l = draw_seq_lengths(e, r);
        ASSERT_GE(l.isl, 1);
        ASSERT_GE(l.osl, 1);
        if (l.isl == 64) {
            EXPECT_EQ(l.osl, 32);
        } else if (l.isl == 1024) {
            EXPECT_EQ(l.osl, 512);
        } else {
            ++mid;
            sum_mid += static_cast<double>(l.isl);
            sum_sq_mid += static_cast<double>(l.isl) * static_cast<double>(l.isl);
            continue;
        }
        ++exact_isl[l.isl];
    }
    EXPECT_NEAR(exact_isl[64], 0.7 * n, 300);
    EXPECT_NEAR(exact_isl[1024], 0.1 * n, 200);
    EXPECT_NEAR(mid, 0.2 * n, 250);
    const double mean = sum_mid / mid;
    EXPECT_NEAR(mean, 256.5, 2.0);
    EXPECT_NEAR(std::sqrt(sum_sq_mid / mid - mean * mean), 40, 2.0);
}

}  // namespace
