#include "ringperf/export/format.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "ringperf/base/rng.h"

using namespace ringperf::exporter;

// Expected texts come from Python's f"{v:,.2f}", which AIPerf's console uses.
TEST(FormatGrouped, MatchesPythonThousandsFormat) {
    EXPECT_EQ(format_grouped(7463.28, 2), "7,463.28");
    EXPECT_EQ(format_grouped(0.0, 2), "0.00");
    EXPECT_EQ(format_grouped(12.5, 2), "12.50");
    EXPECT_EQ(format_grouped(999.0, 2), "999.00");
    EXPECT_EQ(format_grouped(1000.0, 2), "1,000.00");
    EXPECT_EQ(format_grouped(-1234567.891, 2), "-1,234,567.89");
    EXPECT_EQ(format_grouped(999.995, 2), "1,000.00");
    EXPECT_EQ(format_grouped(0.005, 2), "0.01");
    EXPECT_EQ(format_grouped(-0.001, 2), "-0.00");
    EXPECT_EQ(format_grouped(1759522428472357888.0, 2), "1,759,522,428,472,357,888.00");
}

TEST(FormatGrouped, NamesNonFiniteValues) {
    EXPECT_EQ(format_grouped(std::numeric_limits<double>::quiet_NaN(), 2), "nan");
    EXPECT_EQ(format_grouped(-std::numeric_limits<double>::infinity(), 2), "-inf");
}

TEST(FormatGrouped, GroupsIntegers) {
    EXPECT_EQ(format_grouped(std::uint64_t{0}), "0");
    EXPECT_EQ(format_grouped(std::uint64_t{999}), "999");
    EXPECT_EQ(format_grouped(std::uint64_t{1000}), "1,000");
    EXPECT_EQ(format_grouped(std::uint64_t{1234567}), "1,234,567");
    EXPECT_EQ(format_grouped(std::uint64_t{100000}), "100,000");
}

// Expected texts are Python's repr() of the same doubles.
TEST(FormatJsonFloat, MatchesPythonRepr) {
    const std::pair<double, const char*> cases[] = {
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {1e-06, "1e-06"},
        {0.0003, "0.0003"},
        {0.0001, "0.0001"},
        {0.00012345, "0.00012345"},
        {1000000.0, "1000000.0"},
        {1e16, "1e+16"},
        {1.5e-07, "1.5e-07"},
        {123.456, "123.456"},
        {1e15, "1000000000000000.0"},
        {9999999999999998.0, "9999999999999998.0"},
        {0.1 + 0.2, "0.30000000000000004"},
        {-2.5, "-2.5"},
        {1e22, "1e+22"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {1759522428472357888.0, "1.759522428472358e+18"},
        {12345678901234567.0, "1.2345678901234568e+16"},
        {255.88, "255.88"},
        {20.0, "20.0"},
        {1.5e20, "1.5e+20"},
    };
    for (const auto& [v, text] : cases)
        EXPECT_EQ(format_json_float(v), text) << text;
}

TEST(FormatJsonFloat, WritesIntoACallerBuffer) {
    char buf[python_float_max_chars];
    const std::size_t n = write_python_float(buf, -1.2345678901234567e-5);
    EXPECT_EQ(std::string(buf, n), "-1.2345678901234568e-05");
    EXPECT_EQ(format_json_float(std::numeric_limits<double>::infinity()), "Infinity");
}

// Python's repr of a float built the long way: its shortest round-trip digits (to_chars in
// scientific form), placed in fixed notation for 1e-4 <= |v| < 1e16.
std::string repr_the_long_way(double v) {
    char sci[40];
    const char* end = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific).ptr;
    const std::string text(static_cast<const char*>(sci), end);
    const auto e = text.find('e');
    const int exp = std::stoi(text.substr(e + 1));
    if (exp < -4 || exp >= 16) return text;
    std::string digits;
    for (std::size_t i = 0; i < e; ++i)
        if (text[i] >= '0' && text[i] <= '9') digits += text[i];
    std::string out = text[0] == '-' ? "-" : "";
    if (exp < 0) return out + "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
    const auto whole = static_cast<std::size_t>(exp) + 1;
    digits.resize(std::max(digits.size(), whole), '0');
    const std::string frac = digits.substr(whole);
    return out + digits.substr(0, whole) + "." + (frac.empty() ? "0" : frac);
}

TEST(FormatJsonFloat, IntegralValuesReadAsTheirShortestDigits) {
    ringperf::rng g(99);
    std::vector<double> values = {0.0,
                                  -0.0,
                                  1.0,
                                  -1.0,
                                  25.0,
                                  100.0,
                                  9007199254740992.0,
                                  9007199254740994.0,
                                  9999999999999998.0,
                                  1e15,
                                  -1e15,
                                  1e16,
                                  4503599627370495.0,
                                  1e16 - 2};
    for (int i = 0; i < 20000; ++i) {
        const double magnitude = std::pow(10.0, static_cast<double>(g.below(17)));
        const double v = std::trunc(g.uniform() * magnitude);
        values.push_back(i % 2 == 0 ? v : -v);
    }
    for (const double v : values)
        EXPECT_EQ(format_json_float(v), repr_the_long_way(v)) << v;
}

TEST(FormatIso8601Utc, WritesMicrosecondsAndTheUtcOffset) {
    EXPECT_EQ(format_iso8601_utc(1759813207532900363), "2025-10-07T05:00:07.532900+00:00");
    EXPECT_EQ(format_iso8601_utc(0), "1970-01-01T00:00:00.000000+00:00");
    EXPECT_EQ(format_iso8601_utc(1'000'001'000), "1970-01-01T00:00:01.000001+00:00");
}

TEST(DisplayWidth, CountsCodePoints) {
    EXPECT_EQ(display_width("abc"), 3u);
    EXPECT_EQ(display_width("┃ é"), 3u);
}

TEST(TruncateDisplay, ShortensWithDotsAndReplacesControlCharacters) {
    EXPECT_EQ(truncate_display("short", 10), "short");
    EXPECT_EQ(truncate_display("0123456789", 10), "0123456789");
    EXPECT_EQ(truncate_display("0123456789A", 10), "0123456...");
    EXPECT_EQ(truncate_display("line1\nline2", 20), "line1 line2");
    EXPECT_EQ(truncate_display("ééééé", 4), "é...");
}
