// Command-line syntax: names, aliases, value forms, lists, presets, errors.
#include <cmath>

#include "test_util.h"

using config_test::profile;
using ringperf::config::is_help_request;
using ringperf::config::secret_source;

TEST(Flags, ModelAliasesAndShortNameAllFillTheSameList) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"-m", "a"},
                                                 {"--model", "a"},
                                                 {"--model-names", "a"},
                                                 {"--model=a"},
                                                 {"--model-names=a"},
                                                 {"-ma"}}) {
        auto p = profile(args);
        ASSERT_TRUE(p.ok()) << args.front() << ": " << p.message();
        EXPECT_EQ(p->endpoint.models, std::vector<std::string>{"a"}) << args.front();
    }
}

TEST(Flags, RepeatedAndCommaListsAccumulateInOrder) {
    auto p = profile({"-m", "a,b", "--model", "c", "--model-names= d , e"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.models, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST(Flags, UrlsReplaceTheDefaultAndAccumulate) {
    auto p = profile({"-m", "x"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.urls, std::vector<std::string>{"http://localhost:8000"});
    p = profile({"-m", "x", "-u", "http://a:1", "--url", "b:2,https://c"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.urls, (std::vector<std::string>{"http://a:1", "b:2", "https://c"}));
}

TEST(Flags, InputAliasesReachTheSameFields) {
    const std::vector<std::pair<std::vector<std::string>, double>> isl = {
        {{"--isl", "10"}, 10},
        {{"--prompt-input-tokens-mean", "11"}, 11},
        {{"--synthetic-input-tokens-mean=12"}, 12}};
    for (const auto& [args, want] : isl) {
        std::vector<std::string> a = args;
        a.insert(a.end(), {"-m", "x"});
        auto p = profile(a);
        ASSERT_TRUE(p.ok()) << p.message();
        EXPECT_EQ(p->input.isl_mean, want);
    }
    auto p = profile({"-m", "x", "--synthetic-input-tokens-stddev", "1.5", "--output-tokens-mean",
                      "64", "--prompt-output-tokens-stddev", "2", "--num-prompts", "7"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->input.isl_stddev, 1.5);
    EXPECT_EQ(p->input.osl_mean, 64.0);
    EXPECT_EQ(p->input.osl_stddev, 2.0);
    EXPECT_EQ(p->input.num_dataset_entries, 7u);
    p = profile({"-m", "x", "--prompt-output-tokens-mean=32", "--osl-stddev=3",
                 "--prompt-input-tokens-stddev=4", "--num-dataset-entries=9"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->input.osl_mean, 32.0);
    EXPECT_EQ(p->input.osl_stddev, 3.0);
    EXPECT_EQ(p->input.isl_stddev, 4.0);
    EXPECT_EQ(p->input.num_dataset_entries, 9u);
}

TEST(Flags, LoadAndOutputAliases) {
    auto p = profile({"-m", "x", "--num-requests", "50", "--artifact-dir", "out", "--ui", "none",
                      "--profile-export-file", "run1", "--endpoint", "/v1/custom"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.request_count, 50u);
    EXPECT_EQ(p->output.artifact_dir, "out");
    EXPECT_TRUE(p->output.artifact_dir_explicit);
    EXPECT_EQ(p->output.ui, ringperf::exporter::ui_type::none);
    EXPECT_TRUE(p->output.ui_explicit);
    EXPECT_EQ(p->output.profile_export_prefix, "run1");
    EXPECT_EQ(p->endpoint.custom_endpoint, "/v1/custom");
    p = profile({"-m", "x", "--request-count=5", "--output-artifact-dir=o2",
                 "--profile-export-prefix=p", "--custom-endpoint=/c", "--ui-type=simple"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.request_count, 5u);
    EXPECT_EQ(p->output.artifact_dir, "o2");
    EXPECT_EQ(p->output.profile_export_prefix, "p");
    EXPECT_EQ(p->endpoint.custom_endpoint, "/c");
    EXPECT_EQ(p->output.ui, ringperf::exporter::ui_type::simple);
}

TEST(Flags, DefaultsStayImplicit) {
    auto p = profile({"-m", "x"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_FALSE(p->output.artifact_dir_explicit);
    EXPECT_FALSE(p->output.ui_explicit);
    EXPECT_FALSE(p->load.concurrency);
    EXPECT_FALSE(p->load.request_count);
    EXPECT_EQ(p->engine.request_timeout_s, 21600);
    EXPECT_EQ(p->endpoint.type, ringperf::api::endpoint_type::chat);
}

TEST(Flags, BooleanFlagsNegationsAndExplicitValues) {
    auto p = profile({"-m", "x", "--streaming", "--no-pin-workers", "--use-legacy-max-tokens",
                      "--use-server-token-count"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_TRUE(p->endpoint.streaming);
    EXPECT_FALSE(p->engine.pin_workers);
    EXPECT_TRUE(p->endpoint.use_legacy_max_tokens);
    EXPECT_TRUE(p->endpoint.use_server_token_count);
    p = profile(
        {"-m", "x", "--streaming", "--no-streaming", "--pin-workers=false", "--pin-workers"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_FALSE(p->endpoint.streaming);
    EXPECT_TRUE(p->engine.pin_workers);
    p = profile({"-m", "x", "--streaming=true"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_TRUE(p->endpoint.streaming);
}

TEST(Flags, BooleanFlagsDoNotSwallowTheNextArgument) {
    auto p = profile({"--streaming", "-m", "x"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.models, std::vector<std::string>{"x"});
}

TEST(Flags, BadBooleanValuesAndNegationsWithValues) {
    auto p = profile({"-m", "x", "--streaming=yes", "--no-streaming=true"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "--streaming: expected true or false, got 'yes'\n"
              "--no-streaming: takes no value");
}

TEST(Flags, EngineOptions) {
    auto p = profile({"-m", "x", "--workers", "3", "--connect-timeout-seconds", "2.5",
                      "--stream-idle-timeout-seconds=7", "--recv-buffers", "4096",
                      "--recv-buffer-size", "65536", "--request-timeout-seconds", "60"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->engine.workers, 3u);
    EXPECT_EQ(p->engine.connect_timeout_s, 2.5);
    EXPECT_EQ(p->engine.stream_idle_timeout_s, 7.0);
    EXPECT_EQ(p->engine.recv_buffers, 4096u);
    EXPECT_EQ(p->engine.recv_buffer_size, 65536u);
    EXPECT_EQ(p->engine.request_timeout_s, 60.0);
}

TEST(Flags, VerbosityPresetsAndLogLevelLastOneWins) {
    auto p = profile({"-m", "x", "-v"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.log_level, "debug");
    p = profile({"-m", "x", "-vv"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.log_level, "trace");
    p = profile({"-m", "x", "--extra-verbose", "--log-level", "ERROR"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.log_level, "error");
    p = profile({"-m", "x", "--log-level=warning", "--verbose"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->output.log_level, "debug");
}

TEST(Flags, HelpWinsOverEverythingElse) {
    for (const char* h : {"-h", "--help"}) {
        auto p = profile({"--concurrency", "abc", h, "--bogus"});
        ASSERT_FALSE(p.ok());
        EXPECT_TRUE(is_help_request(p.err())) << p.message();
    }
    auto p = profile({"--concurrency", "abc"});
    ASSERT_FALSE(p.ok());
    EXPECT_FALSE(is_help_request(p.err()));
}

TEST(Flags, UnknownOptionsSuggestTheClosestName) {
    auto p = profile({"-m", "x", "--concurency", "4", "--strem", "--isl-stdev=3", "--zzzzzzzz"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "unknown option '--concurency' (did you mean '--concurrency'?)\n"
              "unknown option '--strem' (did you mean '--streaming'?)\n"
              "unknown option '--isl-stdev' (did you mean '--isl-stddev'?)\n"
              "unknown option '--zzzzzzzz'");
}

TEST(Flags, StrayArgumentsAndMissingValuesAreNamed) {
    auto p = profile({"-m", "x", "oops", "--concurrency"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "unexpected argument 'oops' (every value belongs to an option, e.g. --model NAME)\n"
              "--concurrency: missing value; expected an integer >= 1");
    p = profile({"-m", "--streaming"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "-m: missing value; expected a NAME or a comma list of them\n"
              "--model-names: required; give -m/--model-names NAME or set endpoint.models in the "
              "--config file");
}

TEST(Flags, AllErrorsAreReportedTogetherOnePerLine) {
    auto p = profile({"--concurrency", "abc", "--request-count", "0", "--isl", "1.5",
                      "--benchmark-duration", "-1", "--ui-type", "dashboard"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "--concurrency: expected an integer >= 1, got 'abc'\n"
              "--request-count: expected an integer >= 1, got '0'\n"
              "--isl: expected an integer >= 1, got '1.5'\n"
              "--benchmark-duration: expected a number > 0, got '-1'\n"
              "--ui-type dashboard is not available in this version; use simple or none\n"
              "--model-names: required; give -m/--model-names NAME or set endpoint.models in the "
              "--config file");
}

TEST(Flags, GracePeriodNeedsADuration) {
    auto p = profile({"-m", "x", "--benchmark-grace-period", "5"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.message(),
              "--benchmark-grace-period: only valid together with --benchmark-duration "
              "(load.benchmark_duration)");
    p = profile({"-m", "x", "--benchmark-grace-period", "inf", "--benchmark-duration", "30"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_TRUE(std::isinf(p->load.grace_period_s));
    EXPECT_EQ(p->load.benchmark_duration_s, 30.0);
    p = profile({"-m", "x", "--benchmark-duration", "30"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.grace_period_s, 30.0);
}

TEST(Flags, ApiKeyFromFlagOverridesTheEnvironment) {
    auto p = profile({"-m", "x"}, {{"OPENAI_API_KEY", "sk-env"}});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.api_key, "sk-env");
    EXPECT_EQ(p->api_key_source, secret_source::environment);
    p = profile({"-m", "x", "--api-key", "sk-flag"}, {{"OPENAI_API_KEY", "sk-env"}});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.api_key, "sk-flag");
    EXPECT_EQ(p->api_key_source, secret_source::flag);
    p = profile({"-m", "x", "--api-key="}, {{"OPENAI_API_KEY", "sk-env"}});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.api_key, "");
    EXPECT_EQ(p->api_key_source, secret_source::none);
    p = profile({"-m", "x"}, {{"OPENAI_API_KEY", ""}});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.api_key, "");
    EXPECT_EQ(p->api_key_source, secret_source::none);
}

TEST(Flags, CliCommandIsShellQuotedWithSecretsRedacted) {
    auto p = profile({"-m", "Qwen/Qwen3-0.6B", "--api-key", "sk-1", "--api-key=sk-2", "-H",
                      "Authorization: Bearer sk-3", "-H", "X-Trace: a b", "--extra-inputs",
                      "stop:it's", "-H", R"({"x-api-key": "sk-4", "X-Ok": "1"})"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->cli_command,
              "ringperf profile -m Qwen/Qwen3-0.6B --api-key '<redacted>' "
              "'--api-key=<redacted>' -H 'Authorization: <redacted>' -H 'X-Trace: a b' "
              "--extra-inputs 'stop:it'\\''s' "
              R"(-H '{"x-api-key": "<redacted>", "X-Ok": "1"}')");
    for (const char* secret : {"sk-1", "sk-2", "sk-3", "sk-4"})
        EXPECT_EQ(p->cli_command.find(secret), std::string::npos) << secret;
}

TEST(Flags, RateModeOptionsAndTheirAiperfAliases) {
    auto p = profile({"-m", "m", "--request-rate", "2.5", "--request-rate-mode", "GAMMA",
                      "--vllm-burstiness", "0.5", "--request-rate-ramp-duration", "3",
                      "--concurrency-overflow", "queue", "--concurrency", "4"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->load.request_rate, 2.5);
    EXPECT_EQ(p->load.pattern, ringperf::workload::arrival_pattern::gamma);
    EXPECT_EQ(p->load.arrival_smoothness, 0.5);
    EXPECT_EQ(p->load.request_rate_ramp_duration_s, 3.0);
    EXPECT_EQ(p->load.overflow, ringperf::workload::overflow_policy::queue);
    EXPECT_EQ(p->load.effective_concurrency(), 4u);
    auto open = profile({"-m", "m", "--request-rate", "10"});
    ASSERT_TRUE(open.ok()) << open.message();
    EXPECT_EQ(open->load.effective_concurrency(), 0u);  // no cap
}

TEST(Flags, RateModeOptionsWithoutARateAreRejected) {
    auto p = profile({"-m", "m", "--arrival-smoothness", "2", "--concurrency-overflow", "queue"});
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("--arrival-smoothness: only valid together with --request-rate"),
              std::string::npos)
        << p.message();
    EXPECT_NE(p.message().find("--concurrency-overflow: only valid together with --request-rate"),
              std::string::npos)
        << p.message();
    auto burst =
        profile({"-m", "m", "--request-rate", "5", "--arrival-pattern", "concurrency_burst"});
    ASSERT_FALSE(burst.ok());
    EXPECT_NE(burst.message().find("cannot be combined with --request-rate"), std::string::npos)
        << burst.message();
    auto zero = profile({"-m", "m", "--request-rate", "0"});
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.message().find("--request-rate"), std::string::npos) << zero.message();
}
