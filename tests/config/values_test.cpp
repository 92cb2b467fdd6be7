// Value kinds: ranges, choices, URLs, headers and JSON-typed extra inputs.
#include "test_util.h"

using config_test::profile;
using Pairs = std::vector<std::pair<std::string, std::string>>;

namespace {

Pairs extra(const std::vector<std::string>& items) {
    std::vector<std::string> args{"-m", "x"};
    for (const auto& i : items)
        args.insert(args.end(), {"--extra-inputs", i});
    auto p = profile(args);
    EXPECT_TRUE(p.ok()) << p.message();
    return p.ok() ? p->endpoint.extra_inputs : Pairs{};
}

std::string error_of(const std::vector<std::string>& args) {
    std::vector<std::string> a{"-m", "x"};
    a.insert(a.end(), args.begin(), args.end());
    auto p = profile(a);
    EXPECT_FALSE(p.ok()) << args.front() << " was accepted";
    return p.ok() ? "" : p.message();
}

}  // namespace

TEST(ExtraInputs, ValuesAreTypedAsJsonWhenTheyParse) {
    EXPECT_EQ(extra({"ignore_eos:true"}), (Pairs{{"ignore_eos", "true"}}));
    EXPECT_EQ(extra({"temperature:0.7"}), (Pairs{{"temperature", "0.7"}}));
    EXPECT_EQ(extra({"max_tokens:16"}), (Pairs{{"max_tokens", "16"}}));
    EXPECT_EQ(extra({"stop:abc"}), (Pairs{{"stop", "\"abc\""}}));
    EXPECT_EQ(extra({R"(stop:"quoted")"}), (Pairs{{"stop", "\"quoted\""}}));
    EXPECT_EQ(extra({"seed:null"}), (Pairs{{"seed", "null"}}));
    EXPECT_EQ(extra({R"(opts:{"a": [1, 2.50, "x"]})"}), (Pairs{{"opts", R"({"a":[1,2.5,"x"]})"}}));
    EXPECT_EQ(extra({"t:1.0"}), (Pairs{{"t", "1.0"}}));
    EXPECT_EQ(extra({"url:http://h:1/x"}), (Pairs{{"url", "\"http://h:1/x\""}}));
    EXPECT_EQ(extra({"empty:"}), (Pairs{{"empty", "\"\""}}));
    EXPECT_EQ(extra({R"(s:say "hi")"}), (Pairs{{"s", R"("say \"hi\"")"}}));
}

TEST(ExtraInputs, AcceptsAWholeJsonObjectAndLaterKeysReplaceEarlierOnes) {
    EXPECT_EQ(extra({R"({"temperature": 0.2, "top_p": 1, "ignore_eos": false})", "top_p:0.9"}),
              (Pairs{{"temperature", "0.2"}, {"top_p", "0.9"}, {"ignore_eos", "false"}}));
}

TEST(ExtraInputs, RejectsItemsWithoutKeyOrValue) {
    EXPECT_EQ(error_of({"--extra-inputs", "novalue"}),
              "--extra-inputs: expected 'key:value' or a JSON object, got 'novalue'");
    EXPECT_EQ(error_of({"--extra-inputs", ":1"}),
              "--extra-inputs: expected 'key:value' or a JSON object, got ':1'");
    EXPECT_EQ(error_of({"--extra-inputs", "{not json"}),
              "--extra-inputs: expected 'key:value' or a JSON object, got '{not json'");
}

TEST(Headers, NameValueAndJsonObjectForms) {
    auto p = profile({"-m", "x", "-H", "X-A: 1", "--header", "X-B:two words ", "-H",
                      R"({"X-C": "3", "x-a": "replaced"})"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.headers,
              (Pairs{{"x-a", "replaced"}, {"X-B", "two words"}, {"X-C", "3"}}));
}

TEST(Headers, BadHeadersAreRejected) {
    EXPECT_EQ(error_of({"-H", "NoColon"}),
              "-H: expected 'Name:Value' or a JSON object of strings, got 'NoColon'");
    EXPECT_EQ(error_of({"--header", "Bad Name: v"}), "--header: invalid header name 'Bad Name'");
    EXPECT_EQ(error_of({"-H", R"({"X-N": 1})"}), "-H: header X-N: expected a string value");
    EXPECT_EQ(error_of({"-H", "X-A: a\r\nInjected: b"}),
              "-H: header X-A: line breaks are not allowed in a value");
}

TEST(Urls, EachUrlIsValidatedAndNamed) {
    EXPECT_EQ(error_of({"-u", "http://ok:1,ftp://h"}),
              "-u: invalid URL 'ftp://h': unsupported scheme 'ftp' (use http or https)");
    const std::string msg = error_of({"--url", "http://"});
    EXPECT_EQ(msg.rfind("--url: invalid URL 'http://': ", 0), 0u) << msg;
}

TEST(Ranges, IntegersAndNumbersNameTheAcceptedForm) {
    EXPECT_EQ(error_of({"--concurrency", "0"}), "--concurrency: expected an integer >= 1, got '0'");
    EXPECT_EQ(error_of({"--concurrency", "5000000000"}),
              "--concurrency: expected an integer <= 4294967295, got '5000000000'");
    EXPECT_EQ(error_of({"--concurrency", "12abc"}),
              "--concurrency: expected an integer >= 1, got '12abc'");
    EXPECT_EQ(error_of({"--workers", "-1"}),
              "--workers: expected an integer between 0 and 4096, got '-1'");
    EXPECT_EQ(error_of({"--request-timeout-seconds", "0"}),
              "--request-timeout-seconds: expected a number > 0, got '0'");
    EXPECT_EQ(error_of({"--request-timeout-seconds", "nan"}),
              "--request-timeout-seconds: expected a number > 0, got 'nan'");
    EXPECT_EQ(error_of({"--request-timeout-seconds", "inf"}),
              "--request-timeout-seconds: expected a number > 0, got 'inf'");
    EXPECT_EQ(error_of({"--isl-stddev", "-0.5"}),
              "--isl-stddev: expected a number >= 0, got '-0.5'");
    EXPECT_EQ(error_of({"--benchmark-duration", "10", "--benchmark-grace-period", "-1"}),
              "--benchmark-grace-period: expected a number >= 0 or inf, got '-1'");
    EXPECT_EQ(error_of({"--random-seed", "-3"}),
              "--random-seed: expected an integer >= 0, got '-3'");
}

TEST(Ranges, ReceiveBuffersArePowersOfTwoAndSizesBounded) {
    EXPECT_EQ(error_of({"--recv-buffers", "100"}),
              "--recv-buffers: expected a power of two between 1 and 32768, got '100'");
    EXPECT_EQ(error_of({"--recv-buffers", "65536"}),
              "--recv-buffers: expected a power of two between 1 and 32768, got '65536'");
    EXPECT_EQ(error_of({"--recv-buffer-size", "512"}),
              "--recv-buffer-size: expected an integer between 1024 and 1048576, got '512'");
    auto p = profile({"-m", "x", "--recv-buffers", "32768", "--recv-buffer-size", "1048576"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->engine.recv_buffers, 32768u);
}

TEST(Choices, EndpointTypeAndLogLevelWords) {
    auto p = profile({"-m", "x", "--endpoint-type", "Completions", "--log-level", "NOTICE"});
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->endpoint.type, ringperf::api::endpoint_type::completions);
    EXPECT_EQ(p->output.log_level, "info");
    for (const auto& [word, level] : std::vector<std::pair<std::string, std::string>>{
             {"SUCCESS", "info"}, {"critical", "error"}, {"warn", "warning"}, {"TRACE", "trace"}}) {
        p = profile({"-m", "x", "--log-level", word});
        ASSERT_TRUE(p.ok()) << p.message();
        EXPECT_EQ(p->output.log_level, level) << word;
    }
    EXPECT_EQ(error_of({"--endpoint-type", "embeddings"}),
              "--endpoint-type: expected one of chat, completions, got 'embeddings'");
    EXPECT_EQ(error_of({"--log-level", "loud"}),
              "--log-level: expected one of trace, debug, info, warning, error, got 'loud'");
    EXPECT_EQ(error_of({"--ui", "dashboard"}),
              "--ui dashboard is not available in this version; use simple or none");
}

TEST(Text, ArtifactDirMustNotBeEmpty) {
    EXPECT_EQ(error_of({"--artifact-dir="}), "--artifact-dir: expected a non-empty string, got ''");
}

TEST(Lists, EmptyListsAreRejected) {
    EXPECT_EQ(error_of({"--url", ""}), "--url: expected a URL or a comma list of them, got ''");
    EXPECT_EQ(error_of({"--model", " , "}),
              "--model: expected a NAME or a comma list of them, got ' , '");
}
