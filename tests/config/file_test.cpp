// --config TOML files: positions in errors, unknown keys, precedence of flags.
#include "test_util.h"

using config_test::data;
using config_test::profile;
using config_test::temp_file;
using ringperf::config::secret_source;

TEST(ConfigFile, EveryProblemIsReportedWithFileLineAndColumn) {
    const std::string f = data("bad_values.toml");
    auto p = profile({"--config", f});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              f + ":4:13: endpoint.streaming: expected true or false, got \"yes\"\n" + f +
                  ":7:15: load.concurrency: expected an integer >= 1, got -1\n" + f +
                  ":8:1: unknown key 'load.concurency' (did you mean 'load.concurrency'?)\n" + f +
                  ":9:22: load.benchmark_duration: expected a number > 0, got \"30s\"\n" + f +
                  ":11:11: output.ui_type: \"dashboard\" is not available in this version; "
                  "use simple or none\n" +
                  f + ":12:2: unknown key 'lod' (did you mean 'load'?)");
}

TEST(ConfigFile, SyntaxErrorsCarryTheParsersPosition) {
    const std::string f = data("syntax_error.toml");
    auto p = profile({"-m", "x", "--config", f});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(), f + ":2:15: Error while parsing value: could not determine value type");
}

TEST(ConfigFile, MissingFileIsNamed) {
    auto p = profile({"-m", "x", "--config", "/nonexistent/run.toml"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "--config: cannot open /nonexistent/run.toml: No such file or directory");
}

TEST(ConfigFile, ConfigGivenTwiceIsAnError) {
    const std::string f = data("override.toml");
    auto p = profile({"--config", f, "-f", f});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(), "-f: given more than once");
}

TEST(ConfigFile, FileValuesApplyAndTheMockTableIsLeftToTheMockCommand) {
    const std::string f = data("override.toml");
    auto p = profile({"-f", f});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->config_path, f);
    EXPECT_EQ(p->endpoint.models, std::vector<std::string>{"from-file"});
    EXPECT_EQ(p->endpoint.urls, std::vector<std::string>{"http://file.example:9000"});
    EXPECT_TRUE(p->endpoint.streaming);
    EXPECT_EQ(p->load.concurrency, 8u);
    EXPECT_EQ(p->load.request_count, 100u);
    EXPECT_EQ(p->endpoint.api_key, "sk-from-file");
    EXPECT_EQ(p->api_key_source, secret_source::file);
}

TEST(ConfigFile, FlagsOverrideTheFileWhereverConfigAppears) {
    const std::string f = data("override.toml");
    for (const auto& args : {std::vector<std::string>{"--concurrency", "2", "--config", f},
                             std::vector<std::string>{"--config=" + f, "--concurrency=2"}}) {
        auto p = profile(args);
        ASSERT_TRUE(p.ok()) << p.message();
        EXPECT_EQ(p->load.concurrency, 2u);
        EXPECT_EQ(p->load.request_count, 100u);
    }
}

TEST(ConfigFile, ListFlagsReplaceTheFilesListAndPairsMerge) {
    const std::string f = data("override.toml");
    auto p = profile(
        {"--config", f, "-m", "a", "--model", "b", "--url", "http://cli:1", "--extra-inputs",
         "temperature:0.9", "-H", "X-From: cli", "--no-streaming", "--api-key", "sk-cli"},
        {{"OPENAI_API_KEY", "sk-env"}});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.models, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(p->endpoint.urls, std::vector<std::string>{"http://cli:1"});
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(p->endpoint.extra_inputs, (Pairs{{"ignore_eos", "true"}, {"temperature", "0.9"}}));
    EXPECT_EQ(p->endpoint.headers,
              (Pairs{{"X-From", "cli"}, {"Authorization", "Bearer file-secret"}}));
    EXPECT_FALSE(p->endpoint.streaming);
    EXPECT_EQ(p->endpoint.api_key, "sk-cli");
    EXPECT_EQ(p->api_key_source, secret_source::flag);
}

TEST(ConfigFile, FileErrorsComeBeforeFlagErrors) {
    const std::string f = temp_file("order.toml", "[load]\nconcurrency = 0\n");
    auto p = profile({"--request-count", "x", "--config", f, "-m", "m"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(), f + ":2:15: load.concurrency: expected an integer >= 1, got 0\n" +
                               "--request-count: expected an integer >= 1, got 'x'");
}

TEST(ConfigFile, WrongTypesAreReportedAtTheValue) {
    const std::string f = temp_file("types.toml",
                                    "[endpoint]\n"
                                    "models = [\"a\", 7]\n"
                                    "urls = \"http://a:1,b:2\"\n"
                                    "headers = { X-A = 1 }\n"
                                    "extra_inputs = { when = 1979-05-27 }\n"
                                    "[input]\n"
                                    "isl = 128.0\n"
                                    "isl_stddev = 3\n"
                                    "[engine]\n"
                                    "pin_workers = 1\n"
                                    "[output]\n"
                                    "log_level = [\"info\"]\n");
    auto p = profile({"--config", f});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              f + ":2:16: endpoint.models: expected a string, got 7\n" + f +
                  ":4:19: endpoint.headers: header X-A: expected a string value, got 1\n" + f +
                  ":5:25: endpoint.extra_inputs: dates and times cannot be sent in a JSON body; "
                  "quote them\n" +
                  f + ":7:7: input.isl: expected an integer >= 1, got 128.0\n" + f +
                  ":10:15: engine.pin_workers: expected true or false, got 1\n" + f +
                  ":12:13: output.log_level: expected one of trace, debug, info, warning, "
                  "error, got an array");
}

TEST(ConfigFile, SectionsMustBeTablesAndTopLevelKeysAreSuggested) {
    const std::string f = temp_file("shape.toml", "concurrency = 4\nload = 3\n");
    auto p = profile({"-m", "x", "--config", f});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              f + ":1:1: unknown key 'concurrency' (did you mean 'load.concurrency'?)\n" + f +
                  ":2:1: 'load' must be a table ([load]), got 3");
}

TEST(ConfigFile, DottedKeysAndInlineTablesWork) {
    const std::string f = temp_file("dotted.toml",
                                    "endpoint.models = \"a,b\"\n"
                                    "load.concurrency = 3\n"
                                    "[endpoint.extra_inputs]\n"
                                    "nested = { z = 1, a = [true, \"s\"] }\n"
                                    "temperature = 0\n");
    auto p = profile({"--config", f});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.models, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(p->load.concurrency, 3u);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(p->endpoint.extra_inputs,
              (Pairs{{"nested", R"({"z":1,"a":[true,"s"]})"}, {"temperature", "0"}}));
}

TEST(ConfigFile, GraceWithoutDurationNamesTheKeyAndPosition) {
    const std::string f = temp_file("grace.toml", "[load]\nbenchmark_grace_period = 5.0\n");
    auto p = profile({"-m", "x", "--config", f});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(), f + ":2:26: load.benchmark_grace_period: only valid together with "
                               "--benchmark-duration (load.benchmark_duration)");
    p = profile({"-m", "x", "--config", f, "--benchmark-duration", "10"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.grace_period_s, 5.0);
}
