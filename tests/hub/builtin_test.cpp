// The embedded o200k_base tokenizer decompresses to the tokenizer.json it was made from,
// and gunzip reports damaged input.
#include "ringperf/hub/builtin.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <zlib.h>

namespace ringperf::hub {
namespace {

TEST(Builtin, DecompressesToO200kBpeTokenizerJson) {
    auto files = builtin_tokenizer();
    ASSERT_TRUE(files) << files.message();
    EXPECT_EQ(files->tokenizer_json.size(), 9729051u);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(files->tokenizer_json).get(doc), simdjson::SUCCESS);
    std::string_view type;
    ASSERT_EQ(doc["model"]["type"].get(type), simdjson::SUCCESS);
    EXPECT_EQ(type, "BPE");
    simdjson::dom::object vocab;
    ASSERT_EQ(doc["model"]["vocab"].get(vocab), simdjson::SUCCESS);
    EXPECT_EQ(vocab.size(), 200000u);
    std::uint64_t hello = 0;
    ASSERT_EQ(vocab["hello"].get(hello), simdjson::SUCCESS);
    EXPECT_EQ(hello, 24912u);
    simdjson::dom::array added;
    ASSERT_EQ(doc["added_tokens"].get(added), simdjson::SUCCESS);
    std::string_view first;
    ASSERT_EQ(added.at(0)["content"].get(first), simdjson::SUCCESS);
    EXPECT_EQ(first, "<|endoftext|>");
}

TEST(Builtin, ConfigNamesEndOfTextAsBosAndEos) {
    auto files = builtin_tokenizer();
    ASSERT_TRUE(files);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(files->config_json).get(doc), simdjson::SUCCESS);
    std::string_view eos;
    ASSERT_EQ(doc["eos_token"].get(eos), simdjson::SUCCESS);
    EXPECT_EQ(eos, "<|endoftext|>");
}

std::string gzipped(std::string_view text) {
    z_stream s{};
    EXPECT_EQ(deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&s, text.size()) + 32, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    s.avail_in = static_cast<uInt>(text.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

TEST(Gunzip, RoundTripsLargeAndEmptyInputs) {
    std::string big;
    for (int i = 0; i < 100000; ++i)
        big += std::to_string(i * 7919 % 1000003) + ' ';
    auto out = gunzip(gzipped(big), "big");
    ASSERT_TRUE(out) << out.message();
    EXPECT_EQ(*out, big);
    auto empty = gunzip(gzipped(""), "empty");
    ASSERT_TRUE(empty) << empty.message();
    EXPECT_EQ(*empty, "");
}

TEST(Gunzip, ReportsTruncatedCorruptAndTrailingData) {
    const std::string gz = gzipped("some text that compresses, some text that compresses");
    auto truncated = gunzip(gz.substr(0, gz.size() - 6), "t.gz");
    ASSERT_FALSE(truncated);
    EXPECT_NE(truncated.message().find("t.gz: cannot decompress"), std::string::npos)
        << truncated.message();
    std::string corrupt = gz;
    corrupt[12] = static_cast<char>(corrupt[12] ^ 0x55);
    corrupt[13] = static_cast<char>(corrupt[13] ^ 0x55);
    EXPECT_FALSE(gunzip(corrupt, "c.gz"));
    auto trailing = gunzip(gz + "xyz", "x.gz");
    ASSERT_FALSE(trailing);
    EXPECT_NE(trailing.message().find("3 bytes after the gzip stream"), std::string::npos)
        << trailing.message();
    EXPECT_FALSE(gunzip("not gzip at all", "n.gz"));
}

}  // namespace
}  // namespace ringperf::hub
