#include "ringperf/base/json_writer.h"

#include <gtest/gtest.h>

#include <limits>

using ringperf::json_writer;

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
    std::string out;
    ringperf::json_append_string(out, "a\"b\\c\nd\te\x01");
    EXPECT_EQ(out, R"("a\"b\\c\nd\te\u0001")");
}

TEST(JsonWriter, EscapesDeleteSoTheTextIsAlsoATomlString) {
    std::string out;
    ringperf::json_append_string(out, "a\x7f");
    EXPECT_EQ(out, R"("a\u007f")");
}

TEST(JsonWriter, PassesUtf8Through) {
    std::string out;
    ringperf::json_append_string(out, "h\xc3\xa9llo \xe4\xb8\xad");
    EXPECT_EQ(out, "\"h\xc3\xa9llo \xe4\xb8\xad\"");
}

TEST(JsonWriter, SeparatesElementsAndNestsContainers) {
    std::string out;
    json_writer w(out);
    w.begin_object()
        .key("a")
        .value(1)
        .key("b")
        .begin_array()
        .value("x")
        .value(true)
        .null()
        .end_array()
        .key("c")
        .begin_object()
        .end_object()
        .key("d")
        .begin_array()
        .begin_object()
        .key("e")
        .value(2)
        .end_object()
        .end_array()
        .end_object();
    EXPECT_EQ(out, R"({"a":1,"b":["x",true,null],"c":{},"d":[{"e":2}]})");
}

TEST(JsonWriter, WritesDoublesShortestAndFixed) {
    std::string out;
    json_writer w(out);
    w.begin_array()
        .value(0.1)
        .value(2.0)
        .value_fixed(1234.5, 2)
        .value(std::numeric_limits<double>::quiet_NaN())
        .end_array();
    EXPECT_EQ(out, "[0.1,2,1234.50,null]");
}

TEST(JsonWriter, RawInsertsVerbatimWithSeparators) {
    std::string out;
    json_writer w(out);
    w.begin_object().key("x").raw("{\"k\":[1,2]}").key("y").raw("3").end_object();
    EXPECT_EQ(out, R"({"x":{"k":[1,2]},"y":3})");
}
