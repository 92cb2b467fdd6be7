#include "ringperf/tokenizer/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace ringperf::tokenizer {
namespace {

TEST(Utf8, DecodesEveryLength) {
    const std::string s = "a\u00e9\u4e2d\U0001F600";
    std::size_t i = 0;
    const char32_t want[] = {U'a', U'\u00e9', U'\u4e2d', U'\U0001F600'};
    const std::uint32_t lengths[] = {1, 2, 3, 4};
    for (int k = 0; k < 4; ++k) {
        const decoded d = decode_utf8(s, i);
        EXPECT_EQ(d.cp, want[k]);
        EXPECT_EQ(d.length, lengths[k]);
        i += d.length;
    }
    EXPECT_EQ(i, s.size());
}

TEST(Utf8, MalformedBytesDecodeOneAtATimeAsReplacement) {
    for (const std::string& bad :
         {std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"),
          std::string("\xE4\xB8"), std::string("\x80")}) {
        const decoded d = decode_utf8(bad, 0);
        EXPECT_EQ(d.cp, replacement_char) << bad.size();
        EXPECT_EQ(d.length, 1U);
        EXPECT_FALSE(valid_utf8(bad));
    }
    EXPECT_TRUE(valid_utf8("\xEF\xBF\xBD plain"));
}

TEST(Utf8, EncodeRoundTripsAndReplacesSurrogates) {
    for (const char32_t cp :
         {U'\x7F', U'\x80', U'\u07FF', U'\u0800', U'\uFFFF', U'\U00010000', U'\U0010FFFF'}) {
        std::string out;
        append_utf8(out, cp);
        EXPECT_EQ(out.size(), utf8_length(cp));
        const decoded d = decode_utf8(out, 0);
        EXPECT_EQ(d.cp, cp);
        EXPECT_EQ(d.length, out.size());
    }
    std::string s;
    append_utf8(s, 0xD800);
    EXPECT_EQ(s, "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace ringperf::tokenizer
