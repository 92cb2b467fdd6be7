// The prompt and dataset options: every flag with its AIPerf aliases, the TOML keys, bad
// values, and the rules between them.
#include <filesystem>

#include "test_util.h"

using config_test::data;
using config_test::error_of;
using config_test::profile;
using config_test::temp_file;
using config_test::with_model;
using namespace ringperf::dataset;

namespace {

ringperf::config::run_plan ok(const std::vector<std::string>& args) {
    auto p = profile(with_model(args));
    EXPECT_TRUE(p.ok()) << p.message();
    return p.ok() ? *p : ringperf::config::run_plan{};
}

std::string pool_dir() {
    const std::string dir = ::testing::TempDir() + "ringperf_pool_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST(DatasetOptions, EveryFlagAndAliasReachesItsField) {
    for (const char* flag : {"--prompt-batch-size", "--batch-size-text", "--batch-size", "-b"})
        EXPECT_EQ(ok({flag, "3"}).input.prompt_batch_size, 3u) << flag;
    for (const char* flag :
         {"--num-prefix-prompts", "--prompt-prefix-pool-size", "--prefix-prompt-pool-size"})
        EXPECT_EQ(ok({flag, "4", "--prefix-prompt-length", "9"}).input.num_prefix_prompts, 4u)
            << flag;
    for (const char* flag : {"--prefix-prompt-length", "--prompt-prefix-length"})
        EXPECT_EQ(ok({"--num-prefix-prompts", "2", flag, "9"}).input.prefix_prompt_length, 9u);
    EXPECT_EQ(ok({"--shared-system-prompt-length", "100"}).input.shared_system_prompt_length, 100u);
    EXPECT_EQ(ok({"--user-context-prompt-length", "50"}).input.user_context_prompt_length, 50u);
    for (const char* flag : {"--seq-dist", "--sequence-distribution"}) {
        const auto p = ok({flag, "256,128:40;512|20,256|10:60"});
        ASSERT_EQ(p.input.seq_dist.size(), 2u) << flag;
        EXPECT_EQ(p.input.seq_dist[1], (seq_dist_entry{512, 20, 256, 10, 60}));
    }
    const std::string trace = data("trace.jsonl");
    for (const char* flag : {"--isl-block-size", "--prompt-input-tokens-block-size",
                             "--synthetic-input-tokens-block-size"})
        EXPECT_EQ(ok({"--input-file", trace, "--custom-dataset-type", "mooncake_trace", flag, "16"})
                      .input.isl_block_size,
                  16u)
            << flag;
    for (const auto& [word, s] : {std::pair{"sequential", sampling_strategy::sequential},
                                  std::pair{"RANDOM", sampling_strategy::random},
                                  std::pair{"shuffle", sampling_strategy::shuffle}})
        EXPECT_EQ(ok({"--dataset-sampling-strategy", word}).input.sampling, s);
    const auto p = ok({"--public-dataset", "ShareGPT", "--input-file", trace});
    EXPECT_EQ(p.input.public_set, public_dataset::sharegpt);
    EXPECT_EQ(ok({"--input-file", trace, "--custom-dataset-type", "random_pool"}).input.file_type,
              dataset_type::random_pool);
}

TEST(DatasetOptions, DefaultsAreAIPerfs) {
    const auto p = ok({});
    EXPECT_EQ(p.input.prompt_batch_size, 1u);
    EXPECT_EQ(p.input.isl_block_size, 512u);
    EXPECT_EQ(p.input.num_prefix_prompts, 0u);
    EXPECT_EQ(p.input.prefix_prompt_length, 0u);
    EXPECT_FALSE(p.input.shared_system_prompt_length);
    EXPECT_FALSE(p.input.user_context_prompt_length);
    EXPECT_TRUE(p.input.seq_dist.empty());
    EXPECT_FALSE(p.input.sampling);
    EXPECT_EQ(p.input.public_set, public_dataset::none);
}

TEST(DatasetOptions, TomlKeysReachTheSameFields) {
    const std::string file = temp_file("dataset_keys.toml", R"([input]
seq_dist = "100,50:100"
prompt_batch_size = 2
num_prefix_prompts = 3
prefix_prompt_length = 7
user_context_prompt_length = 11
dataset_sampling_strategy = "random"
)");
    const auto p = ok({"--config", file});
    EXPECT_EQ(p.input.seq_dist, (std::vector<seq_dist_entry>{{100, 0, 50, 0, 100}}));
    EXPECT_EQ(p.input.prompt_batch_size, 2u);
    EXPECT_EQ(p.input.num_prefix_prompts, 3u);
    EXPECT_EQ(p.input.prefix_prompt_length, 7u);
    EXPECT_EQ(p.input.user_context_prompt_length, 11u);
    EXPECT_EQ(p.input.sampling, sampling_strategy::random);
    // The dump loads again to the same run.
    const std::string dump = ringperf::config::dump_toml(p);
    EXPECT_NE(dump.find("seq_dist = \"100,50:100\""), std::string::npos) << dump;
    EXPECT_NE(dump.find("# isl is not set"), std::string::npos) << dump;
    auto again = profile({"--config", temp_file("dataset_dump.toml", dump)});
    ASSERT_TRUE(again.ok()) << again.message() << "\n" << dump;
    EXPECT_EQ(ringperf::config::dump_toml(*again), dump);
}

TEST(DatasetOptions, ADumpedTraceRunKeepsItsBlockSizeAndSharegptItsSource) {
    const std::string trace = data("trace.jsonl");
    for (const auto& args :
         {std::vector<std::string>{"--input-file", trace, "--custom-dataset-type", "mooncake_trace",
                                   "--isl-block-size", "64"},
          std::vector<std::string>{"--public-dataset", "sharegpt", "--input-file", trace}}) {
        const auto p = ok(args);
        const std::string dump = ringperf::config::dump_toml(p);
        auto again = profile({"--config", temp_file("trace_dump.toml", dump)});
        ASSERT_TRUE(again.ok()) << again.message() << "\n" << dump;
        EXPECT_EQ(again->input.isl_block_size, p.input.isl_block_size);
        EXPECT_EQ(again->input.public_set, p.input.public_set);
        EXPECT_EQ(ringperf::config::dump_toml(*again), dump);
    }
}

TEST(DatasetOptions, BadValues) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--prompt-batch-size", "0"},
         "--prompt-batch-size: expected an integer between 1 and "
         "65536, got '0'"},
        {{"-b", "x"}, "-b: expected an integer between 1 and 65536, got 'x'"},
        {{"--num-prefix-prompts", "-1"},
         "--num-prefix-prompts: expected an integer between 0 and 1048576, got '-1'"},
        {{"--prefix-prompt-length", "1.5"},
         "--prefix-prompt-length: expected an integer between 0 and 16777216, got '1.5'"},
        {{"--shared-system-prompt-length", "0"},
         "--shared-system-prompt-length: expected an integer between 1 and 16777216, got '0'"},
        {{"--user-context-prompt-length", "0"},
         "--user-context-prompt-length: expected an integer between 1 and 16777216, got '0'"},
        {{"--isl-block-size", "0"},
         "--isl-block-size: expected an integer between 1 and 16777216, got '0'"},
        {{"--dataset-sampling-strategy", "round_robin"},
         "--dataset-sampling-strategy: expected one of sequential, random, shuffle, got "
         "'round_robin'"},
        {{"--seq-dist", "256,128:40;512,256:50"},
         "--seq-dist: the probabilities add up to 90, not 100 (entry 1: 40, entry 2: 50)"},
        {{"--sequence-distribution", "256,128:40;512,x:60"},
         "--sequence-distribution: entry 2 '512,x:60': the OSL 'x' is not a number"},
        {{"--seq-dist="}, "--seq-dist: expected a non-empty string, got ''"},
        {{"--public-dataset", "mmstar"},
         "--public-dataset: 'mmstar' is not supported; only sharegpt is, read from a local "
         "--input-file"},
        {{"--custom-dataset-type", "burst_gpt_trace"},
         "--custom-dataset-type burst_gpt_trace is not available in this version; use "
         "single_turn, multi_turn, random_pool or mooncake_trace"},
    };
    for (const auto& [args, want] : cases)
        EXPECT_EQ(error_of(args), want);
}

TEST(DatasetOptions, BadTomlValuesNameFileLineAndKey) {
    const std::string file = temp_file("dataset_bad.toml", R"([input]
seq_dist = "1,1:50"
prompt_batch_size = 0
)");
    const std::string msg = error_of({"--config", file});
    EXPECT_NE(msg.find(file + ":2:12: input.seq_dist: the probabilities add up to 50, not 100"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find(file + ":3:21: input.prompt_batch_size: expected an integer between 1 "
                              "and 65536, got 0"),
              std::string::npos)
        << msg;
}

TEST(DatasetRules, SeqDistReplacesTheLengthOptions) {
    for (const char* flag : {"--isl", "--isl-stddev", "--osl", "--osl-stddev"})
        EXPECT_EQ(error_of({"--seq-dist", "10,10:100", flag, "5"}),
                  std::string(flag) +
                      ": cannot be combined with --seq-dist (input.seq_dist), whose entries "
                      "set the lengths");
    ok({"--seq-dist", "10,10:100"});
}

TEST(DatasetRules, SyntheticOptionsNeedSyntheticPrompts) {
    const std::string f = data("conversations.jsonl");
    const std::string tail =
        " applies to synthetic prompts only; --input-file (input.file) brings its own prompts";
    EXPECT_EQ(error_of({"--input-file", f, "--seq-dist", "1,1:100"}),
              "--seq-dist: --seq-dist" + tail);
    EXPECT_EQ(error_of({"--input-file", f, "--shared-system-prompt-length", "5"}),
              "--shared-system-prompt-length: a shared system prompt" + tail);
    EXPECT_EQ(error_of({"--input-file", f, "--user-context-prompt-length", "5"}),
              "--user-context-prompt-length: a user context prompt" + tail);
    EXPECT_EQ(
        error_of({"--input-file", f, "--num-prefix-prompts", "2", "--prefix-prompt-length", "5"}),
        "--num-prefix-prompts: a prefix pool" + tail +
            "\n--prefix-prompt-length: a prefix "
            "pool" +
            tail);
    EXPECT_EQ(error_of({"--input-file", f, "-b", "2"}),
              "-b: applies to synthetic prompts and --custom-dataset-type random_pool "
              "(input.custom_dataset_type) only");
    ok({"--input-file", f, "--custom-dataset-type", "random_pool", "-b", "2"});
    ok({"-b", "4", "--user-context-prompt-length", "9", "--shared-system-prompt-length", "3"});
}

TEST(DatasetRules, ThePrefixPoolNeedsBothHalvesAndExcludesTheSharedSystemPrompt) {
    EXPECT_EQ(error_of({"--num-prefix-prompts", "3"}),
              "--num-prefix-prompts: only valid together with --prefix-prompt-length "
              "(input.prefix_prompt_length) > 0");
    EXPECT_EQ(error_of({"--prefix-prompt-length", "3"}),
              "--prefix-prompt-length: only valid together with --num-prefix-prompts "
              "(input.num_prefix_prompts) > 0");
    EXPECT_EQ(error_of({"--num-prefix-prompts", "3", "--prefix-prompt-length", "5",
                        "--shared-system-prompt-length", "10"}),
              "--shared-system-prompt-length: cannot be combined with --num-prefix-prompts "
              "(input.num_prefix_prompts); use one shared prefix or the other");
    ok({"--num-prefix-prompts", "3", "--prefix-prompt-length", "5"});
}

TEST(DatasetRules, BatchesAndUserContextGoWithMultiTurnConversations) {
    ok({"--conversation-turn-mean", "2", "--batch-size", "2"});
    ok({"--conversation-turn-mean", "3", "--user-context-prompt-length", "8"});
    ok({"--conversation-turn-mean", "3", "--shared-system-prompt-length", "8",
        "--num-prefix-prompts", "0"});
}

TEST(DatasetRules, BlockSizeIsForTraces) {
    EXPECT_EQ(error_of({"--isl-block-size", "16"}),
              "--isl-block-size: only valid together with --custom-dataset-type mooncake_trace "
              "(input.custom_dataset_type), whose hash ids it sizes");
    EXPECT_EQ(error_of({"--input-file", data("conversations.jsonl"), "--isl-block-size", "16"}),
              "--isl-block-size: only valid together with --custom-dataset-type mooncake_trace "
              "(input.custom_dataset_type), whose hash ids it sizes");
}

TEST(DatasetRules, SamplingIsNotForAFixedSchedule) {
    EXPECT_EQ(error_of({"--input-file", data("trace.jsonl"), "--fixed-schedule",
                        "--dataset-sampling-strategy", "random"}),
              "--dataset-sampling-strategy: cannot be combined with --fixed-schedule "
              "(load.fixed_schedule): a fixed schedule sends every row at its own timestamp");
    ok({"--input-file", data("trace.jsonl"), "--no-fixed-schedule", "--dataset-sampling-strategy",
        "random"});
}

TEST(DatasetRules, SharegptIsReadFromALocalFile) {
    const std::string msg = error_of({"--public-dataset", "sharegpt"});
    EXPECT_EQ(msg.rfind("--public-dataset: sharegpt is read from a local file: download "
                        "ShareGPT_V3_unfiltered_cleaned_split.json",
                        0),
              0u)
        << msg;
    EXPECT_NE(msg.find("--input-file"), std::string::npos);
    EXPECT_EQ(error_of({"--public-dataset", "sharegpt", "--input-file", data("trace.jsonl"),
                        "--custom-dataset-type", "single_turn"}),
              "--custom-dataset-type: cannot be combined with --public-dataset "
              "(input.public_dataset), which sets the format of --input-file");
}

TEST(DatasetRules, ADirectoryIsForRandomPool) {
    const std::string dir = pool_dir();
    EXPECT_EQ(error_of({"--input-file", dir}),
              "--input-file: cannot read " + dir +
                  ": it is a directory, which only --custom-dataset-type random_pool "
                  "(input.custom_dataset_type) reads (one pool per file); give a JSONL file");
    ok({"--input-file", dir, "--custom-dataset-type", "random_pool"});
}
