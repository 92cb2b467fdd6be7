#include "invocation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ringperf;
using namespace ringperf::cli;

namespace {

constexpr const char* model_dir = "artifacts/Qwen_Qwen3-0.6B-openai-chat-";

config::run_plan base_plan() {
    config::run_plan p;
    p.endpoint.models = {"Qwen/Qwen3-0.6B"};
    p.endpoint.type = api::endpoint_type::chat;
    return p;
}

invocation_plan expand_or_fail(const config::run_plan& p) {
    auto r = expand_invocation(p);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.message());
    return r.ok() ? std::move(*r) : invocation_plan{};
}

std::string expand_error(const config::run_plan& p) {
    auto r = expand_invocation(p);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.message();
}

std::vector<std::string> run_dirs(const invocation_plan& inv) {
    std::vector<std::string> out;
    for (const auto& pt : inv.points)
        for (const auto& r : pt.runs)
            out.push_back(r.dir);
    return out;
}

std::vector<std::uint64_t> run_seeds(const invocation_plan& inv) {
    std::vector<std::uint64_t> out;
    for (const auto& pt : inv.points)
        for (const auto& r : pt.runs)
            out.push_back(r.plan.input.random_seed.value_or(UINT64_MAX));
    return out;
}

std::string info_value(const planned_run& r, const std::string& key) {
    for (const auto& f : r.run_info)
        if (f.key == key) return f.json;
    return "<absent>";
}

config::run_plan concurrency_sweep(std::vector<std::uint32_t> values) {
    auto p = base_plan();
    p.load.concurrency = values.front();
    p.load.concurrency_sweep = std::move(values);
    return p;
}

}  // namespace

TEST(Invocation, SingleBenchmarkRunsThePlanAsGivenInTheUsualDirectory) {
    auto p = base_plan();
    p.load.concurrency = 8;
    p.load.warmup.request_count = 5;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.parameter, sweep_parameter::none);
    EXPECT_EQ(inv.sweep_dir, "");
    EXPECT_FALSE(inv.seed_defaulted);
    EXPECT_EQ(inv.benchmark_count(), 1u);
    ASSERT_EQ(inv.points.size(), 1u);
    const auto& pt = inv.points[0];
    EXPECT_FALSE(pt.repeated());
    EXPECT_EQ(pt.dir, std::string(model_dir) + "concurrency8");
    EXPECT_EQ(pt.dir_name, "");
    EXPECT_FALSE(pt.seed.has_value());
    ASSERT_EQ(pt.runs.size(), 1u);
    const auto& run = pt.runs[0];
    EXPECT_EQ(run.dir, pt.dir);
    EXPECT_EQ(run.label, "");
    EXPECT_TRUE(run.run_info.empty());
    EXPECT_FALSE(run.plan.input.random_seed.has_value());
    EXPECT_EQ(run.plan.load.concurrency, 8u);
    EXPECT_TRUE(run.plan.load.warmup.enabled());
    EXPECT_EQ(config::dump_toml(run.plan), config::dump_toml(p));
}

TEST(Invocation, SingleBenchmarkKeepsTheGivenSeedAndExplicitDirectory) {
    auto p = base_plan();
    p.input.random_seed = 9;
    p.output.artifact_dir = "/tmp/out";
    p.output.artifact_dir_explicit = true;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(run_dirs(inv), std::vector<std::string>{"/tmp/out"});
    EXPECT_EQ(run_seeds(inv), std::vector<std::uint64_t>{9});
    EXPECT_EQ(inv.points[0].seed, 9u);
}

TEST(Invocation, RepeatedRunsGoToProfileRunsWithSeed42WhenNoneIsGiven) {
    auto p = base_plan();
    p.load.num_profile_runs = 3;
    p.load.profile_run_cooldown_s = 2.5;
    p.load.confidence_level = 0.9;
    const auto inv = expand_or_fail(p);
    EXPECT_TRUE(inv.seed_defaulted);
    EXPECT_EQ(inv.num_profile_runs, 3u);
    EXPECT_EQ(inv.run_cooldown_s, 2.5);
    EXPECT_EQ(inv.confidence_level, 0.9);
    ASSERT_EQ(inv.points.size(), 1u);
    const std::string dir = std::string(model_dir) + "concurrency1";
    EXPECT_EQ(inv.points[0].dir, dir);
    EXPECT_TRUE(inv.points[0].repeated());
    EXPECT_EQ(run_dirs(inv), (std::vector<std::string>{dir + "/profile_runs/run_0001",
                                                       dir + "/profile_runs/run_0002",
                                                       dir + "/profile_runs/run_0003"}));
    EXPECT_EQ(run_seeds(inv), (std::vector<std::uint64_t>{42, 42, 42}));
    const auto& runs = inv.points[0].runs;
    EXPECT_EQ(runs[1].label, "run_0002");
    EXPECT_EQ(info_value(runs[1], "run_label"), "\"run_0002\"");
    EXPECT_EQ(info_value(runs[1], "variation_index"), "<absent>");
    for (const auto& r : runs)
        EXPECT_EQ(r.plan.load.num_profile_runs, 1u);
}

TEST(Invocation, RepeatedRunsAllUseTheGivenSeed) {
    auto p = base_plan();
    p.load.num_profile_runs = 2;
    p.input.random_seed = 1234;
    const auto inv = expand_or_fail(p);
    EXPECT_FALSE(inv.seed_defaulted);
    EXPECT_EQ(run_seeds(inv), (std::vector<std::uint64_t>{1234, 1234}));
}

TEST(Invocation, WarmupRunsOnlyBeforeTheFirstRun) {
    auto p = base_plan();
    p.load.num_profile_runs = 3;
    p.load.warmup.request_count = 10;
    p.load.warmup.concurrency = 4;
    const auto inv = expand_or_fail(p);
    const auto& runs = inv.points[0].runs;
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].plan.load.warmup.request_count, 10u);
    EXPECT_EQ(runs[0].plan.load.warmup.concurrency, 4u);
    for (std::size_t k = 1; k < 3; ++k) {
        EXPECT_FALSE(runs[k].plan.load.warmup.enabled()) << k;
        EXPECT_FALSE(runs[k].plan.load.warmup.concurrency.has_value()) << k;
    }
}

TEST(Invocation, WarmupRunsBeforeEveryRunWhenNotDisabledAfterTheFirst) {
    auto p = base_plan();
    p.load.num_profile_runs = 2;
    p.load.warmup.duration_s = 3;
    p.load.disable_warmup_after_first = false;
    const auto inv = expand_or_fail(p);
    for (const auto& r : inv.points[0].runs)
        EXPECT_EQ(r.plan.load.warmup.duration_s, 3.0);
}

TEST(Invocation, ConcurrencySweepRunsOneBenchmarkPerValueUnderOneParent) {
    auto p = concurrency_sweep({2, 4, 8});
    p.load.sweep_cooldown_s = 1;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.parameter, sweep_parameter::concurrency);
    EXPECT_TRUE(inv.seed_defaulted);
    EXPECT_EQ(inv.sweep_cooldown_s, 1.0);
    const std::string parent = std::string(model_dir) + "concurrency_sweep_2_4_8";
    EXPECT_EQ(inv.sweep_dir, parent);
    EXPECT_EQ(run_dirs(inv),
              (std::vector<std::string>{parent + "/Qwen_Qwen3-0.6B-openai-chat-concurrency2",
                                        parent + "/Qwen_Qwen3-0.6B-openai-chat-concurrency4",
                                        parent + "/Qwen_Qwen3-0.6B-openai-chat-concurrency8"}));
    EXPECT_EQ(run_seeds(inv), (std::vector<std::uint64_t>{42, 43, 44}));
    ASSERT_EQ(inv.points.size(), 3u);
    const auto& pt = inv.points[1];
    EXPECT_EQ(pt.index, 1u);
    EXPECT_EQ(pt.value, 4.0);
    EXPECT_EQ(pt.label, "concurrency4");
    EXPECT_EQ(pt.dir_name, "Qwen_Qwen3-0.6B-openai-chat-concurrency4");
    EXPECT_EQ(pt.seed, 43u);
    const auto& run = pt.runs.at(0);
    EXPECT_EQ(run.plan.load.concurrency, 4u);
    EXPECT_TRUE(run.plan.load.concurrency_sweep.empty());
    EXPECT_TRUE(run.plan.load.request_rate_sweep.empty());
    EXPECT_EQ(run.label, "");
    EXPECT_EQ(info_value(run, "variation_index"), "1");
    EXPECT_EQ(info_value(run, "variation_label"), "\"concurrency4\"");
    EXPECT_EQ(info_value(run, "variation_values"), "{\"concurrency\": 4}");
    EXPECT_EQ(info_value(run, "run_label"), "<absent>");
}

TEST(Invocation, SweepUnderAnExplicitArtifactDirectoryUsesItAsTheParent) {
    auto p = concurrency_sweep({1, 3});
    p.output.artifact_dir = "out/sweep/";
    p.output.artifact_dir_explicit = true;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.sweep_dir, "out/sweep/");
    EXPECT_EQ(run_dirs(inv),
              (std::vector<std::string>{"out/sweep/Qwen_Qwen3-0.6B-openai-chat-concurrency1",
                                        "out/sweep/Qwen_Qwen3-0.6B-openai-chat-concurrency3"}));
}

TEST(Invocation, SweepSeedsAddTheValueIndexToTheGivenSeed) {
    auto p = concurrency_sweep({4, 2, 16});
    p.input.random_seed = 100;
    const auto inv = expand_or_fail(p);
    EXPECT_FALSE(inv.seed_defaulted);
    EXPECT_EQ(run_seeds(inv), (std::vector<std::uint64_t>{100, 101, 102}));
}

TEST(Invocation, SweepSameSeedGivesEveryValueTheBaseSeed) {
    auto p = concurrency_sweep({4, 2});
    p.load.sweep_same_seed = true;
    EXPECT_EQ(run_seeds(expand_or_fail(p)), (std::vector<std::uint64_t>{42, 42}));
    p.input.random_seed = 7;
    EXPECT_EQ(run_seeds(expand_or_fail(p)), (std::vector<std::uint64_t>{7, 7}));
}

TEST(Invocation, RequestRateSweepKeepsTheConcurrencyCapInTheNames) {
    auto p = base_plan();
    p.load.request_rate = 5;
    p.load.request_rate_sweep = {5, 10.5};
    p.load.concurrency = 16;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.parameter, sweep_parameter::request_rate);
    const std::string parent = std::string(model_dir) + "concurrency16-request_rate_sweep_5.0_10.5";
    EXPECT_EQ(inv.sweep_dir, parent);
    ASSERT_EQ(inv.points.size(), 2u);
    EXPECT_EQ(inv.points[1].label, "concurrency16-request_rate10.5");
    EXPECT_EQ(inv.points[1].dir,
              parent + "/Qwen_Qwen3-0.6B-openai-chat-concurrency16-request_rate10.5");
    const auto& run = inv.points[1].runs.at(0);
    EXPECT_EQ(run.plan.load.request_rate, 10.5);
    EXPECT_EQ(run.plan.load.concurrency, 16u);
    EXPECT_TRUE(run.plan.load.request_rate_sweep.empty());
    EXPECT_EQ(info_value(run, "variation_values"), "{\"request_rate\": 10.5}");
}

TEST(Invocation, RequestRateSweepWithoutCapNamesOnlyTheRates) {
    auto p = base_plan();
    p.load.request_rate = 2;
    p.load.request_rate_sweep = {2, 4};
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.sweep_dir, std::string(model_dir) + "request_rate_sweep_2.0_4.0");
    EXPECT_EQ(inv.points[0].label, "request_rate2.0");
}

TEST(Invocation, ConcurrencySweepWithARateKeepsTheRateInTheNames) {
    auto p = concurrency_sweep({2, 4});
    p.load.request_rate = 20;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.sweep_dir, std::string(model_dir) + "concurrency_sweep_2_4-request_rate20.0");
    EXPECT_EQ(inv.points[1].label, "concurrency4-request_rate20.0");
}

TEST(Invocation, SweepOfRepeatedRunsNestsProfileRunsInEachValue) {
    auto p = concurrency_sweep({1, 2});
    p.load.num_profile_runs = 2;
    p.load.warmup.request_count = 3;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(inv.benchmark_count(), 4u);
    const std::string parent = std::string(model_dir) + "concurrency_sweep_1_2";
    const std::string v1 = parent + "/Qwen_Qwen3-0.6B-openai-chat-concurrency1";
    const std::string v2 = parent + "/Qwen_Qwen3-0.6B-openai-chat-concurrency2";
    EXPECT_EQ(run_dirs(inv), (std::vector<std::string>{
                                 v1 + "/profile_runs/run_0001", v1 + "/profile_runs/run_0002",
                                 v2 + "/profile_runs/run_0001", v2 + "/profile_runs/run_0002"}));
    EXPECT_EQ(run_seeds(inv), (std::vector<std::uint64_t>{42, 42, 43, 43}));
    for (const auto& pt : inv.points) {
        EXPECT_TRUE(pt.runs[0].plan.load.warmup.enabled()) << pt.label;
        EXPECT_FALSE(pt.runs[1].plan.load.warmup.enabled()) << pt.label;
        EXPECT_EQ(info_value(pt.runs[1], "run_label"), "\"run_0002\"");
        EXPECT_EQ(info_value(pt.runs[1], "variation_label"), "\"" + pt.label + "\"");
    }
}

TEST(Invocation, RejectsWhatCannotBeRun) {
    auto both = concurrency_sweep({1, 2});
    both.load.request_rate_sweep = {1, 2};
    EXPECT_EQ(expand_error(both),
              "--concurrency and --request-rate are both lists; sweep one of them at a time");

    EXPECT_NE(expand_error(concurrency_sweep({2, 4, 2})).find("--concurrency: 2 is listed twice"),
              std::string::npos);
    EXPECT_EQ(expand_error(concurrency_sweep({2, 0})),
              "--concurrency: 0 in the list; every value must be >= 1");

    auto rates = base_plan();
    rates.load.request_rate_sweep = {1, -2};
    EXPECT_EQ(expand_error(rates),
              "--request-rate: -2.0 in the list; every rate must be a finite number > 0");

    auto runs = base_plan();
    runs.load.num_profile_runs = 0;
    EXPECT_EQ(expand_error(runs), "--num-profile-runs: must be at least 1");

    auto level = base_plan();
    level.load.num_profile_runs = 2;
    level.load.confidence_level = 1;
    EXPECT_EQ(expand_error(level), "--confidence-level: 1.0 is not between 0 and 1 (exclusive)");

    auto cooldown = base_plan();
    cooldown.load.profile_run_cooldown_s = -1;
    EXPECT_EQ(expand_error(cooldown),
              "--profile-run-cooldown-seconds: must be a finite number >= 0");
    auto sweep_cooldown = base_plan();
    sweep_cooldown.load.sweep_cooldown_s = -0.5;
    EXPECT_EQ(expand_error(sweep_cooldown),
              "--parameter-sweep-cooldown-seconds: must be a finite number >= 0");
}
