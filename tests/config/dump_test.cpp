// The resolved-config dump (TOML round trip), the JSON form, and --help, all table-driven.
#include <simdjson.h>

#include <cmath>

#include "ringperf/config/option_table.h"
#include "test_util.h"

using config_test::profile;
using config_test::temp_file;
using namespace ringperf::config;

namespace {

// Every profile option set away from its default.
const std::vector<std::string> every_option = {"-m",
                                               "org/model-a,model-b",
                                               "--endpoint-type",
                                               "completions",
                                               "--custom-endpoint",
                                               "/v2/gen",
                                               "--streaming",
                                               "-u",
                                               "http://a.example:8001/base",
                                               "-u",
                                               "b.example:8002",
                                               "--request-timeout-seconds",
                                               "90.5",
                                               "-H",
                                               "X-Tenant: blue team",
                                               "-H",
                                               R"({"X-Quote": "say \"hi\"\tnow"})",
                                               "--extra-inputs",
                                               "ignore_eos:true",
                                               "--extra-inputs",
                                               R"(nested:{"list":[1,2.5,"x"],"flag":false})",
                                               "--extra-inputs",
                                               "temperature:0.7",
                                               "--extra-inputs",
                                               "stop:END",
                                               "--use-legacy-max-tokens",
                                               "--use-server-token-count",
                                               "--isl",
                                               "128",
                                               "--isl-stddev",
                                               "3.25",
                                               "--osl",
                                               "64",
                                               "--osl-stddev",
                                               "2",
                                               "--num-dataset-entries",
                                               "12",
                                               "--random-seed",
                                               "42",
                                               "--concurrency",
                                               "16",
                                               "--request-count",
                                               "300",
                                               "--benchmark-duration",
                                               "30",
                                               "--benchmark-grace-period",
                                               "inf",
                                               "--workers",
                                               "2",
                                               "--connect-timeout-seconds",
                                               "1.5",
                                               "--stream-idle-timeout-seconds",
                                               "9",
                                               "--no-pin-workers",
                                               "--recv-buffers",
                                               "256",
                                               "--recv-buffer-size",
                                               "4096",
                                               "--artifact-dir",
                                               "out dir/run",
                                               "--profile-export-prefix",
                                               "exp",
                                               "--ui-type",
                                               "none",
                                               "--log-level",
                                               "warning"};

run_plan without_provenance(run_plan p) {
    p.config_path.clear();
    p.cli_command.clear();
    return p;
}

// The lines of `dump` between "[section]" and the next table header.
std::string section_text(const std::string& dump, std::string_view section) {
    const std::string header = "\n[" + std::string(section) + "]\n";
    const auto start = dump.find(header);
    if (start == std::string::npos) return {};
    const auto end = dump.find("\n[", start + header.size());
    return dump.substr(start + header.size(), end - start - header.size());
}

// Start of the help line that introduces --name.
std::size_t option_line(const std::string& text, std::string_view name) {
    std::size_t best = std::string::npos;
    for (const char* next : {" ", ",", "\n"}) {
        const auto at = text.find("--" + std::string(name) + next);
        if (at < best) best = at;
    }
    return best == std::string::npos ? best : text.rfind('\n', best) + 1;
}

// The options that cannot join schedule_run(): a swept rate, the user-centric mode.
std::vector<std::vector<std::string>> other_load_runs() {
    return {{"-m",
             "x",
             "--request-rate",
             "2,4.5,8",
             "--arrival-pattern",
             "gamma",
             "--arrival-smoothness",
             "0.5",
             "--concurrency-overflow",
             "queue",
             "--concurrency",
             "8",
             "--request-rate-ramp-duration",
             "3",
             "--no-fixed-schedule",
             "--warmup-duration",
             "2",
             "--warmup-grace-period",
             "1.5",
             "--warmup-arrival-pattern",
             "constant"},
            {"-m", "x", "--user-centric-rate", "7.5", "--num-users", "4", "--input-file",
             config_test::data("conversations.jsonl"), "--custom-dataset-type", "multi_turn",
             "--fixed-schedule-auto-offset", "--replay-speedup", "0.5", "--num-warmup-sessions",
             "3", "--request-count", "40"}};
}

void expect_round_trip(const std::vector<std::string>& args, const std::string& name) {
    auto first = profile(args);
    ASSERT_TRUE(first.ok()) << first.message();
    const std::string dump = dump_toml(*first);
    auto second = profile({"--config", temp_file(name, dump)});
    ASSERT_TRUE(second.ok()) << second.message() << "\n" << dump;
    EXPECT_EQ(dump_toml(*second), dump);
    EXPECT_EQ(to_json(without_provenance(*second)), to_json(without_provenance(*first)));
}

}  // namespace

TEST(Dump, EveryOptionRoundTripsThroughTheFile) {
    auto first = profile(every_option);
    ASSERT_TRUE(first.ok()) << first.message();
    const std::string dump = dump_toml(*first);
    const std::string path = temp_file("every.toml", dump);
    auto second = profile({"--config", path});
    ASSERT_TRUE(second.ok()) << second.message() << "\n" << dump;
    EXPECT_EQ(dump_toml(*second), dump);
    EXPECT_EQ(to_json(without_provenance(*second)), to_json(without_provenance(*first)));
    EXPECT_TRUE(second->output.artifact_dir_explicit);
    EXPECT_TRUE(std::isinf(second->load.grace_period_s));
    EXPECT_EQ(second->endpoint.headers[1].second, "say \"hi\"\tnow");
}

TEST(Dump, EveryLoadOptionRoundTripsThroughTheFile) {
    expect_round_trip(config_test::schedule_run(), "schedule.toml");
    const auto others = other_load_runs();
    for (std::size_t i = 0; i < others.size(); ++i)
        expect_round_trip(others[i], "load" + std::to_string(i) + ".toml");
}

TEST(Dump, SweepsAreWrittenAsListsAndLoadAsTheSamePlan) {
    auto p = profile(config_test::schedule_run());
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string load = section_text(dump_toml(*p), "load");
    EXPECT_NE(load.find("\nconcurrency = [10, 20, 40]\n"), std::string::npos) << load;
    p = profile(other_load_runs().front());
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string dump = dump_toml(*p);
    EXPECT_NE(dump.find("\nrequest_rate = [2.0, 4.5, 8.0]\n"), std::string::npos) << dump;
    auto again = profile({"--config", temp_file("rate_sweep.toml", dump)});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->load.request_rate, 2.0);
    EXPECT_EQ(again->load.request_rate_sweep, (std::vector<double>{2, 4.5, 8}));
}

TEST(Dump, SettingsValidOnlyWithAnotherOneAreLeftOutWithoutIt) {
    auto p = profile({"-m", "x", "--no-fixed-schedule"});
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string dump = dump_toml(*p);
    for (const char* unset :
         {"# fixed_schedule_auto_offset is not set", "# fixed_schedule_speedup is not set",
          "# request_cancellation_delay is not set", "# custom_dataset_type is not set",
          "# arrival_pattern is not set", "# file is not set"})
        EXPECT_NE(dump.find(unset), std::string::npos) << unset << "\n" << dump;
    EXPECT_NE(dump.find("\nfixed_schedule = false\n"), std::string::npos) << dump;
    auto u = profile(other_load_runs().back());
    ASSERT_TRUE(u.ok()) << u.message();
    EXPECT_NE(dump_toml(*u).find("# arrival_pattern is not set"), std::string::npos);
}

TEST(Dump, AClosedLoopDumpCanBeSwitchedToUserCentricTiming) {
    auto p = profile({"-m", "x"});
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string f = temp_file("closed.toml", dump_toml(*p));
    auto u = profile({"--config", f, "--user-centric-rate", "2", "--num-users", "2",
                      "--conversation-turn-mean", "2"});
    ASSERT_TRUE(u.ok()) << u.message();
    EXPECT_EQ(u->load.user_centric_rate, 2.0);
}

TEST(Dump, EveryKeyAppearsInItsSection) {
    auto p = profile({"-m", "x"});
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string dump = dump_toml(*p);
    for (const auto& o : profile_table()) {
        const std::string_view key = o.spec.key;
        const std::string name(key.substr(key.find('.') + 1));
        const std::string text = section_text(dump, key.substr(0, key.find('.')));
        const bool assigned = ("\n" + text).find("\n" + name + " = ") != std::string::npos;
        const bool commented = text.find("# " + name + " ") != std::string::npos;
        EXPECT_TRUE(assigned || commented) << key << " missing from\n" << dump;
    }
}

TEST(Dump, UnsetAndImplicitValuesStayUnsetAfterReloading) {
    auto first = profile({"-m", "x"});
    ASSERT_TRUE(first.ok()) << first.message();
    const std::string dump = dump_toml(*first);
    EXPECT_NE(dump.find("# concurrency is not set (default: 1)\n"), std::string::npos) << dump;
    EXPECT_NE(dump.find("# artifact_dir is not set"), std::string::npos) << dump;
    auto second = profile({"--config", temp_file("defaults.toml", dump)});
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_FALSE(second->load.concurrency);
    EXPECT_FALSE(second->load.request_count);
    EXPECT_FALSE(second->input.osl_mean);
    EXPECT_FALSE(second->input.random_seed);
    EXPECT_FALSE(second->output.artifact_dir_explicit);
    EXPECT_FALSE(second->output.ui_explicit);
    EXPECT_EQ(dump_toml(*second), dump);
}

TEST(Dump, ExtraInputsTomlCannotHoldFallBackToTheFlagSyntax) {
    auto first = profile({"-m", "x", "--extra-inputs", "z:1", "--extra-inputs", "seed:null",
                          "--extra-inputs", "a:\"s\""});
    ASSERT_TRUE(first.ok()) << first.message();
    const std::string dump = dump_toml(*first);
    EXPECT_NE(dump.find(R"(extra_inputs = ["z:1", "seed:null", "a:\"s\""])"), std::string::npos)
        << dump;
    auto second = profile({"--config", temp_file("null.toml", dump)});
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_EQ(second->endpoint.extra_inputs, first->endpoint.extra_inputs);
}

TEST(Dump, ExtraInputsKeepTheirOrderThroughATable) {
    auto first = profile({"-m", "x", "--extra-inputs", "z:1", "--extra-inputs", "a:2"});
    ASSERT_TRUE(first.ok()) << first.message();
    const std::string dump = dump_toml(*first);
    EXPECT_NE(dump.find("extra_inputs = { z = 1, a = 2 }"), std::string::npos) << dump;
    auto second = profile({"--config", temp_file("order.toml", dump)});
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_EQ(second->endpoint.extra_inputs, first->endpoint.extra_inputs);
}

TEST(Dump, SecretsAreNeverWritten) {
    auto p = profile({"-m", "x", "--api-key", "sk-secret-1", "-H", "Authorization: Bearer sk-2",
                      "-H", "x-api-key: sk-3", "-H", "X-Keep: yes"});
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string dump = dump_toml(*p);
    const std::string json = to_json(*p);
    for (const char* secret : {"sk-secret-1", "sk-2", "sk-3"}) {
        EXPECT_EQ(dump.find(secret), std::string::npos) << secret;
        EXPECT_EQ(json.find(secret), std::string::npos) << secret;
    }
    EXPECT_NE(dump.find("# api_key was given with --api-key and is not written here\n"),
              std::string::npos)
        << dump;
    EXPECT_NE(dump.find("# header Authorization is set but not written here\n"), std::string::npos);
    EXPECT_NE(dump.find("headers = { X-Keep = \"yes\" }\n"), std::string::npos) << dump;
    auto env = profile({"-m", "x"}, {{"OPENAI_API_KEY", "sk-env"}});
    ASSERT_TRUE(env.ok());
    EXPECT_NE(dump_toml(*env).find("# api_key came from $OPENAI_API_KEY and is not written here"),
              std::string::npos);
    EXPECT_EQ(dump_toml(*env).find("sk-env"), std::string::npos);
}

TEST(Json, HasAiperfInputConfigShape) {
    auto p = profile(every_option);
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string text = to_json(*p);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;
    EXPECT_EQ(std::string_view(doc["endpoint"]["model_names"].at(0)), "org/model-a");
    EXPECT_EQ(std::string_view(doc["endpoint"]["type"]), "completions");
    EXPECT_EQ(std::string_view(doc["endpoint"]["url"]), "http://a.example:8001/base");
    EXPECT_EQ(double(doc["endpoint"]["timeout_seconds"]), 90.5);
    EXPECT_TRUE(bool(doc["endpoint"]["streaming"]));
    EXPECT_TRUE(doc["endpoint"]["api_key"].is_null());
    EXPECT_TRUE(bool(doc["input"]["extra"]["ignore_eos"]));
    EXPECT_EQ(double(doc["input"]["extra"]["temperature"]), 0.7);
    EXPECT_EQ(std::string_view(doc["input"]["extra"]["stop"]), "END");
    EXPECT_EQ(double(doc["input"]["extra"]["nested"]["list"].at(1)), 2.5);
    EXPECT_EQ(int64_t(doc["input"]["prompt"]["input_tokens"]["mean"]), 128);
    EXPECT_EQ(int64_t(doc["input"]["prompt"]["output_tokens"]["mean"]), 64);
    EXPECT_EQ(uint64_t(doc["input"]["random_seed"]), 42u);
    EXPECT_EQ(int64_t(doc["loadgen"]["concurrency"]), 16);
    EXPECT_EQ(int64_t(doc["loadgen"]["request_count"]), 300);
    EXPECT_EQ(std::string_view(doc["loadgen"]["benchmark_grace_period"]), "inf");
    EXPECT_EQ(std::string_view(doc["output"]["artifact_directory"]), "out dir/run");
    EXPECT_EQ(std::string_view(doc["service"]["log_level"]), "WARNING");
    EXPECT_EQ(std::string_view(doc["service"]["ui_type"]), "none");
    EXPECT_FALSE(bool(doc["engine"]["pin_workers"]));
    EXPECT_EQ(uint64_t(doc["engine"]["recv_buffers"]), 256u);
    EXPECT_TRUE(doc["config_file"].is_null());
    EXPECT_EQ(std::string_view(doc["cli_command"]), p->cli_command);
}

TEST(Help, ListsEveryOptionWithItsAliasesAndKey) {
    const std::string text = help(command::profile);
    for (const auto& o : profile_table()) {
        const auto& s = o.spec;
        const auto pos = option_line(text, s.name);
        ASSERT_NE(pos, std::string::npos) << s.name;
        const std::string line = text.substr(pos, text.find('\n', pos) - pos);
        for (auto a : s.aliases)
            EXPECT_NE(line.find("--" + std::string(a)), std::string::npos) << a;
        if (!s.short_name.empty()) {
            EXPECT_NE(
                line.find(std::string("-").append(s.short_name).append(", --").append(s.name)),
                std::string::npos);
        }
        if (s.negatable) {
            EXPECT_NE(line.find("--no-" + std::string(s.name)), std::string::npos);
        }
        EXPECT_NE(text.find("toml: " + std::string(s.key) + "]", pos), std::string::npos) << s.key;
    }
    for (const char* extra : {"-v, --verbose", "-vv, --extra-verbose", "-f, --config <FILE>",
                              "-h, --help", "default: 21600;", "default: http://localhost:8000;",
                              "one of: simple, none;", "required;"})
        EXPECT_NE(text.find(extra), std::string::npos) << extra;
}

TEST(Help, OptionsAppearUnderTheirOwnGroupHeading) {
    const std::string text = help(command::profile);
    for (const auto& o : profile_table()) {
        const auto pos = option_line(text, o.spec.name);
        ASSERT_NE(pos, std::string::npos) << o.spec.name;
        // The last heading (an unindented line ending in ':') before the option.
        const std::size_t heading = text.rfind(":\n", pos);
        const std::size_t line_begin = text.rfind('\n', heading) + 1;
        EXPECT_EQ(text.substr(line_begin, heading - line_begin), o.spec.group) << o.spec.name;
    }
}

TEST(Json, LoadAndDatasetOptionsAppearUnderLoadgenAndInput) {
    auto p = profile(config_test::schedule_run());
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string text = to_json(*p);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;
    const auto in = doc["input"];
    EXPECT_EQ(std::string_view(in["file"]), config_test::data("trace.jsonl"));
    EXPECT_EQ(std::string_view(in["custom_dataset_type"]), "mooncake_trace");
    EXPECT_TRUE(bool(in["fixed_schedule"]));
    EXPECT_FALSE(bool(in["fixed_schedule_auto_offset"]));
    EXPECT_EQ(int64_t(in["fixed_schedule_start_offset"]), 100);
    EXPECT_EQ(int64_t(in["fixed_schedule_end_offset"]), 9000);
    EXPECT_EQ(int64_t(in["fixed_schedule_speedup"]), 2);
    EXPECT_EQ(int64_t(in["conversation"]["num"]), 50);
    EXPECT_EQ(int64_t(in["conversation"]["turn"]["mean"]), 3);
    EXPECT_EQ(int64_t(in["conversation"]["turn"]["stddev"]), 1);
    EXPECT_EQ(int64_t(in["conversation"]["turn"]["delay"]["mean"]), 250);
    EXPECT_EQ(int64_t(in["conversation"]["turn"]["delay"]["stddev"]), 50);
    EXPECT_EQ(double(in["conversation"]["turn"]["delay"]["ratio"]), 0.5);
    const auto lg = doc["loadgen"];
    EXPECT_EQ(int64_t(lg["concurrency"]), 10);
    EXPECT_EQ(int64_t(lg["concurrency_sweep"].at(2)), 40);
    EXPECT_TRUE(lg["request_rate_sweep"].is_null());
    EXPECT_EQ(int64_t(lg["prefill_concurrency"]), 4);
    EXPECT_EQ(int64_t(lg["concurrency_ramp_duration"]), 5);
    EXPECT_EQ(double(lg["prefill_concurrency_ramp_duration"]), 2.5);
    EXPECT_EQ(double(lg["request_cancellation_rate"]), 12.5);
    EXPECT_EQ(double(lg["request_cancellation_delay"]), 0.25);
    EXPECT_EQ(double(lg["failed_request_threshold"]), 0.1);
    EXPECT_EQ(int64_t(lg["warmup_request_count"]), 8);
    EXPECT_EQ(int64_t(lg["warmup_duration"]), 3);
    EXPECT_TRUE(lg["num_warmup_sessions"].is_null());
    EXPECT_EQ(int64_t(lg["warmup_concurrency"]), 2);
    EXPECT_EQ(int64_t(lg["warmup_prefill_concurrency"]), 1);
    EXPECT_EQ(int64_t(lg["warmup_request_rate"]), 4);
    EXPECT_EQ(std::string_view(lg["warmup_arrival_pattern"]), "gamma");
    EXPECT_EQ(std::string_view(lg["warmup_grace_period"]), "inf");
    EXPECT_EQ(double(lg["warmup_request_rate_ramp_duration"]), 1.5);
    EXPECT_EQ(int64_t(lg["num_profile_runs"]), 3);
    EXPECT_EQ(int64_t(lg["profile_run_cooldown_seconds"]), 2);
    EXPECT_EQ(double(lg["confidence_level"]), 0.9);
    EXPECT_FALSE(bool(lg["profile_run_disable_warmup_after_first"]));
    EXPECT_EQ(int64_t(lg["parameter_sweep_cooldown_seconds"]), 1);
    EXPECT_TRUE(bool(lg["parameter_sweep_same_seed"]));
    EXPECT_TRUE(lg["user_centric_rate"].is_null());
}

TEST(Json, UnsetLoadOptionsAreNull) {
    auto p = profile({"-m", "x", "--user-centric-rate", "2", "--num-users", "3",
                      "--conversation-turn-mean", "2"});
    ASSERT_TRUE(p.ok()) << p.message();
    const std::string text = to_json(*p);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;
    EXPECT_EQ(int64_t(doc["loadgen"]["user_centric_rate"]), 2);
    EXPECT_EQ(int64_t(doc["loadgen"]["num_users"]), 3);
    for (const char* key :
         {"concurrency_sweep", "prefill_concurrency", "request_rate_sweep", "warmup_request_count",
          "warmup_grace_period", "failed_request_threshold", "request_cancellation_rate"})
        EXPECT_TRUE(doc["loadgen"][key].is_null()) << key;
    for (const char* key :
         {"file", "custom_dataset_type", "fixed_schedule", "fixed_schedule_start_offset"})
        EXPECT_TRUE(doc["input"][key].is_null()) << key;
    EXPECT_TRUE(doc["input"]["conversation"]["num"].is_null());
    EXPECT_EQ(int64_t(doc["loadgen"]["num_profile_runs"]), 1);
}

TEST(Help, ListsTheLoadWarmupAndMultiRunOptions) {
    const std::string text = help(command::profile);
    for (const char* line :
         {"  --num-sessions, --conversation-num, --num-conversations <N>\n",
          "  --fixed-schedule, --no-fixed-schedule\n",
          "  --fixed-schedule-speedup, --replay-speedup <FACTOR>\n",
          "  --warmup-request-count, --num-warmup-requests <N>\n",
          "  --conversation-turn-delay-ratio, --session-delay-ratio <RATIO>\n",
          "  --profile-run-disable-warmup-after-first, "
          "--no-profile-run-disable-warmup-after-first\n",
          "  --input-file <FILE>\n", "[a comma list sweeps; default: 1; toml: load.concurrency]\n",
          "one of: constant, poisson, gamma; default: the profiling value;",
          "one of: single_turn, multi_turn, random_pool, mooncake_trace; default: "
          "single_turn;",
          "\nConversation Input:\n", "\nUser-Centric Rate:\n", "\nRequest Cancellation:\n",
          "\nFixed Schedule:\n", "\nWarmup:\n", "\nMulti-Run:\n",
          "(tables [endpoint], [tokenizer], [input], [load], [warmup],"})
        EXPECT_NE(text.find(line), std::string::npos) << line;
    EXPECT_EQ(text.find("one URL per run"), std::string::npos);
}
