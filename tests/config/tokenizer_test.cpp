// The [tokenizer] options: flags, TOML keys, defaults, --help and both dumps.
#include <simdjson.h>

#include "test_util.h"

using config_test::profile;
using config_test::temp_file;

TEST(TokenizerOptions, DefaultsLeaveTheNameToTheModel) {
    auto p = profile({"-m", "Qwen/Qwen3-0.6B"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->tokenizer.name, "");
    EXPECT_EQ(p->tokenizer.revision, "main");
    EXPECT_FALSE(p->tokenizer.trust_remote_code);
}

TEST(TokenizerOptions, FlagsSetEveryField) {
    auto p = profile({"-m", "x", "--tokenizer", "/data/tok/tokenizer.json", "--tokenizer-revision",
                      "v2", "--tokenizer-trust-remote-code"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->tokenizer.name, "/data/tok/tokenizer.json");
    EXPECT_EQ(p->tokenizer.revision, "v2");
    EXPECT_TRUE(p->tokenizer.trust_remote_code);
}

TEST(TokenizerOptions, TomlTableSetsThemAndFlagsOverride) {
    const std::string f = temp_file("tokenizer.toml",
                                    "[endpoint]\nmodels = [\"m\"]\n"
                                    "[tokenizer]\nname = \"builtin\"\nrevision = \"dev\"\n"
                                    "trust_remote_code = true\n");
    auto p = profile({"--config", f});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->tokenizer.name, "builtin");
    EXPECT_EQ(p->tokenizer.revision, "dev");
    EXPECT_TRUE(p->tokenizer.trust_remote_code);
    p = profile(
        {"--config", f, "--tokenizer", "Qwen/Qwen3-0.6B", "--no-tokenizer-trust-remote-code"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->tokenizer.name, "Qwen/Qwen3-0.6B");
    EXPECT_FALSE(p->tokenizer.trust_remote_code);
}

TEST(TokenizerOptions, EmptyValuesAreRejectedByFlag) {
    auto p = profile({"-m", "x", "--tokenizer", "", "--tokenizer-revision", ""});
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("--tokenizer:"), std::string::npos) << p.message();
    EXPECT_NE(p.message().find("--tokenizer-revision:"), std::string::npos) << p.message();
}

TEST(TokenizerOptions, HelpHasATokenizerGroupThatSaysTrustRemoteCodeDoesNothing) {
    const std::string text = ringperf::config::help(ringperf::config::command::profile);
    for (const char* line :
         {"\nTokenizer:\n", "  --tokenizer <NAME>\n",
          "default: the first model name; toml: tokenizer.name", "  --tokenizer-revision <REV>\n",
          "default: main", "  --tokenizer-trust-remote-code, --no-tokenizer-trust-remote-code\n",
          "it has no effect here", "(tables [endpoint], [tokenizer], [input], [load], [warmup],"})
        EXPECT_NE(text.find(line), std::string::npos) << line;
}

TEST(TokenizerOptions, TomlDumpLoadsBackAndLeavesTheDefaultNameUnset) {
    auto p = profile({"-m", "x"});
    ASSERT_TRUE(p.ok());
    std::string dump = ringperf::config::dump_toml(*p);
    EXPECT_NE(dump.find("[tokenizer]\n"), std::string::npos) << dump;
    EXPECT_NE(dump.find("# name is not set (default: the first model name)\n"), std::string::npos);
    EXPECT_NE(dump.find("revision = \"main\"\n"), std::string::npos);

    p = profile({"-m", "x", "--tokenizer", "org/tok", "--tokenizer-revision", "abc"});
    ASSERT_TRUE(p.ok());
    dump = ringperf::config::dump_toml(*p);
    EXPECT_NE(dump.find("name = \"org/tok\"\n"), std::string::npos) << dump;
    auto again = profile({"--config", temp_file("tokenizer_dump.toml", dump)});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->tokenizer.name, "org/tok");
    EXPECT_EQ(again->tokenizer.revision, "abc");
}

TEST(TokenizerOptions, JsonHasAiperfsTokenizerObject) {
    auto p = profile({"-m", "x", "--tokenizer-revision", "v3"});
    ASSERT_TRUE(p.ok());
    simdjson::dom::parser parser;
    const std::string json = ringperf::config::to_json(*p);
    simdjson::dom::element doc = parser.parse(json);
    EXPECT_TRUE(doc["tokenizer"]["name"].is_null());
    EXPECT_EQ(std::string_view(doc["tokenizer"]["revision"]), "v3");
    EXPECT_FALSE(bool(doc["tokenizer"]["trust_remote_code"]));
    p = profile({"-m", "x", "--tokenizer", "builtin"});
    ASSERT_TRUE(p.ok());
    const std::string json2 = ringperf::config::to_json(*p);
    doc = parser.parse(json2);
    EXPECT_EQ(std::string_view(doc["tokenizer"]["name"]), "builtin");
}
