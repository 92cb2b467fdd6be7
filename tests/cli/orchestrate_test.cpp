// The orchestrator with a scripted benchmark in place of the engine: which runs happen, in
// what order, with which cooldowns, and what is written when everything succeeds or a run
// stops the invocation.
#include "orchestrate.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "ringperf/base/file.h"

using namespace ringperf;
using namespace ringperf::cli;
using metrics::metric_id;
using metrics::metric_result;

namespace {

class temp_dir {
  public:
    temp_dir() {
        char tmpl[] = "/tmp/ringperf-orchestrate-XXXXXX";
        path_ = ::mkdtemp(tmpl) ? tmpl : "";
    }
    ~temp_dir() {
        if (!path_.empty()) std::filesystem::remove_all(path_);
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

std::vector<metric_result> results(double throughput) {
    metric_result rt;
    rt.info = &metrics::info(metric_id::request_throughput);
    rt.value = throughput;
    metric_result count;
    count.info = &metrics::info(metric_id::request_count);
    count.value = 10;
    return {rt, count};
}

run_outcome success(double throughput) {
    run_outcome o;
    o.ran = true;
    o.results = results(throughput);
    return o;
}

run_outcome interrupted() {
    run_outcome o;
    o.exit_code = exit_interrupted;
    o.interrupted = true;
    o.ran = true;
    o.results = results(1);
    o.error = "interrupted";
    return o;
}

run_outcome failure(int code, const std::string& why) {
    run_outcome o;
    o.exit_code = code;
    o.error = why;
    return o;
}

// Scripted benchmarks: the n-th call returns outcomes[n] (success(10 + n) past the end).
struct script {
    std::vector<run_outcome> outcomes;
    std::vector<std::string> ran;     // the dirs, in call order
    std::vector<std::string> events;  // "run <label>", "cooldown <s>"
    bool stop = false;
    bool stop_in_cooldown = false;
    bool stop_after_first_run = false;
    std::string console;
    std::FILE* out = nullptr;

    script() { out = ::open_memstream(&buf_, &size_); }
    ~script() {
        if (out) std::fclose(out);
        ::free(buf_);
    }
    script(const script&) = delete;
    script& operator=(const script&) = delete;

    orchestrator_hooks hooks() {
        orchestrator_hooks h;
        h.run = [this](const planned_run& r) {
            const std::size_t n = ran.size();
            ran.push_back(r.dir);
            events.push_back("run " + r.dir);
            if (stop_after_first_run) stop = true;
            return n < outcomes.size() ? outcomes[n] : success(10 + static_cast<double>(n));
        };
        h.stop_requested = [this] { return stop; };
        h.cooldown = [this](double s) {
            events.push_back("cooldown " + std::to_string(s));
            if (stop_in_cooldown) stop = true;
        };
        h.console = out;
        return h;
    }

    std::string printed() {
        std::fflush(out);
        return std::string(buf_, size_);
    }

  private:
    char* buf_ = nullptr;
    std::size_t size_ = 0;
};

config::run_plan plan_in(const std::string& dir) {
    config::run_plan p;
    p.endpoint.models = {"m"};
    p.output.artifact_dir = dir;
    p.output.artifact_dir_explicit = true;
    return p;
}

invocation_plan expand_or_fail(const config::run_plan& p) {
    auto r = expand_invocation(p);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.message());
    return r.ok() ? std::move(*r) : invocation_plan{};
}

simdjson::dom::element load_json(simdjson::dom::parser& parser, const std::string& path) {
    simdjson::dom::element doc;
    EXPECT_EQ(parser.load(path).get(doc), simdjson::SUCCESS) << path;
    return doc;
}

std::string text(simdjson::dom::element e) {
    return std::string(std::string_view(e));
}

std::vector<std::string> failed_runs(simdjson::dom::element doc) {
    std::vector<std::string> out;
    for (auto f : simdjson::dom::array(doc["metadata"]["failed_runs"]))
        out.push_back(text(f["label"]) + ": " + text(f["error"]));
    return out;
}

bool exists(const std::string& path) {
    return std::filesystem::exists(path);
}

}  // namespace

TEST(Orchestrate, SingleRunReturnsItsExitCodeAndWritesNoAggregate) {
    temp_dir tmp;
    script s;
    s.outcomes = {failure(exit_all_failed, "no request succeeded")};
    const auto inv = expand_or_fail(plan_in(tmp.path() + "/run"));
    EXPECT_EQ(execute(inv, s.hooks()), exit_all_failed);
    EXPECT_EQ(s.ran, std::vector<std::string>{tmp.path() + "/run"});
    EXPECT_FALSE(exists(tmp.path() + "/run/aggregate"));
    EXPECT_FALSE(exists(tmp.path() + "/run/sweep_summary.json"));
    EXPECT_EQ(s.printed(), "");
}

TEST(Orchestrate, RepeatedRunsCoolDownBetweenRunsAndAggregateTheirResults) {
    temp_dir tmp;
    script s;
    s.outcomes = {success(10), success(12), success(14)};
    auto p = plan_in(tmp.path() + "/multi");
    p.load.num_profile_runs = 3;
    p.load.profile_run_cooldown_s = 1.5;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_ok);
    const std::string runs = tmp.path() + "/multi/profile_runs/";
    EXPECT_EQ(s.events, (std::vector<std::string>{"run " + runs + "run_0001", "cooldown 1.500000",
                                                  "run " + runs + "run_0002", "cooldown 1.500000",
                                                  "run " + runs + "run_0003"}));
    simdjson::dom::parser parser;
    auto doc =
        load_json(parser, tmp.path() + "/multi/aggregate/profile_export_aiperf_aggregate.json");
    EXPECT_EQ(uint64_t(doc["metadata"]["num_profile_runs"]), 3u);
    EXPECT_EQ(uint64_t(doc["metadata"]["num_successful_runs"]), 3u);
    EXPECT_EQ(double(doc["metadata"]["cooldown_seconds"]), 1.5);
    EXPECT_EQ(double(doc["metrics"]["request_throughput_avg"]["mean"]), 12.0);
    EXPECT_TRUE(failed_runs(doc).empty());
    EXPECT_TRUE(exists(tmp.path() + "/multi/aggregate/profile_export_aiperf_aggregate.csv"));
    const std::string printed = s.printed();
    EXPECT_NE(printed.find("Aggregate over 3 runs (95% CI)"), std::string::npos) << printed;
    EXPECT_NE(printed.find("Aggregate JSON: " + tmp.path() +
                           "/multi/aggregate/profile_export_aiperf_aggregate.json"),
              std::string::npos)
        << printed;
}

TEST(Orchestrate, InterruptedRunEndsRepeatedRunsAndTheAggregateSaysWhy) {
    temp_dir tmp;
    script s;
    s.outcomes = {success(10), interrupted()};
    auto p = plan_in(tmp.path() + "/multi");
    p.load.num_profile_runs = 4;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_interrupted);
    EXPECT_EQ(s.ran.size(), 2u);
    simdjson::dom::parser parser;
    auto doc =
        load_json(parser, tmp.path() + "/multi/aggregate/profile_export_aiperf_aggregate.json");
    EXPECT_EQ(uint64_t(doc["metadata"]["num_profile_runs"]), 4u);
    EXPECT_EQ(uint64_t(doc["metadata"]["num_successful_runs"]), 1u);
    EXPECT_EQ(double(doc["metrics"]["request_throughput_avg"]["mean"]), 10.0);
    EXPECT_EQ(failed_runs(doc), (std::vector<std::string>{
                                    "run_0002: interrupted: its partial results in " + tmp.path() +
                                        "/multi/profile_runs/run_0002 are not aggregated",
                                    "run_0003: not run: the invocation stopped at run_0002",
                                    "run_0004: not run: the invocation stopped at run_0002"}));
    EXPECT_NE(s.printed().find("Note: run_0002 failed: interrupted"), std::string::npos);
}

TEST(Orchestrate, StopRequestedBetweenRunsStartsNoFurtherRun) {
    temp_dir tmp;
    script s;
    s.stop_after_first_run = true;
    auto p = plan_in(tmp.path() + "/multi");
    p.load.num_profile_runs = 2;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_interrupted);
    EXPECT_EQ(s.ran.size(), 1u);
    simdjson::dom::parser parser;
    auto doc =
        load_json(parser, tmp.path() + "/multi/aggregate/profile_export_aiperf_aggregate.json");
    EXPECT_EQ(failed_runs(doc),
              std::vector<std::string>{"run_0002: not run: interrupted before it started"});
}

TEST(Orchestrate, FailedValueStopsTheSweepAndTheSummaryShowsWhatRan) {
    temp_dir tmp;
    script s;
    s.outcomes = {success(10), failure(exit_fatal, "worker 0: io_uring_enter failed")};
    auto p = plan_in(tmp.path() + "/sweep");
    p.load.concurrency_sweep = {1, 2, 3};
    p.load.sweep_cooldown_s = 2;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_fatal);
    const std::string dir = tmp.path() + "/sweep/m-openai-chat-concurrency";
    EXPECT_EQ(s.events, (std::vector<std::string>{"run " + dir + "1", "cooldown 2.000000",
                                                  "run " + dir + "2"}));
    simdjson::dom::parser parser;
    auto doc = load_json(parser, tmp.path() + "/sweep/sweep_summary.json");
    EXPECT_FALSE(bool(doc["completed"]));
    EXPECT_EQ(int64_t(doc["exit_code"]), exit_fatal);
    auto points = simdjson::dom::array(doc["points"]);
    ASSERT_EQ(points.size(), 3u);
    std::vector<std::string> status;
    for (auto pt : points)
        status.push_back(text(pt["status"]) + " " + std::to_string(int64_t(pt["exit_code"])));
    EXPECT_EQ(status, (std::vector<std::string>{"completed 0", "failed 1", "not_run 0"}));
    EXPECT_EQ(double(points.at(0)["metrics"]["request_throughput_avg"]), 10.0);
    EXPECT_EQ(text(points.at(0)["artifact_dir"]), "m-openai-chat-concurrency1");
    EXPECT_EQ(uint64_t(points.at(2)["seed"]), 44u);
    EXPECT_TRUE(points.at(1)["metrics"]["request_throughput_avg"].is_null());
    EXPECT_TRUE(exists(tmp.path() + "/sweep/sweep_summary.csv"));
    const std::string printed = s.printed();
    EXPECT_NE(printed.find("ringperf | Sweep over concurrency (3 values; latencies in ms)"),
              std::string::npos)
        << printed;
    EXPECT_NE(printed.find("Sweep summary: " + tmp.path() + "/sweep/sweep_summary.json"),
              std::string::npos);
}

TEST(Orchestrate, StopDuringTheSweepCooldownEndsTheSweepAsInterrupted) {
    temp_dir tmp;
    script s;
    s.stop_in_cooldown = true;
    auto p = plan_in(tmp.path() + "/sweep");
    p.load.request_rate = 1;
    p.load.request_rate_sweep = {1, 2};
    p.load.sweep_cooldown_s = 30;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_interrupted);
    EXPECT_EQ(s.ran.size(), 1u);
    simdjson::dom::parser parser;
    auto doc = load_json(parser, tmp.path() + "/sweep/sweep_summary.json");
    EXPECT_EQ(int64_t(doc["exit_code"]), exit_interrupted);
    auto points = simdjson::dom::array(doc["points"]);
    EXPECT_EQ(text(points.at(0)["status"]), "completed");
    EXPECT_EQ(text(points.at(1)["status"]), "not_run");
    EXPECT_EQ(double(points.at(1)["value"]), 2.0);
}

TEST(Orchestrate, SweepOfRepeatedRunsAggregatesEachValueAndSummarisesTheMeans) {
    temp_dir tmp;
    script s;
    s.outcomes = {success(10), success(20), success(30), success(50)};
    auto p = plan_in(tmp.path() + "/sweep");
    p.load.concurrency_sweep = {4, 8};
    p.load.num_profile_runs = 2;
    p.load.profile_run_cooldown_s = 1;
    p.load.sweep_cooldown_s = 5;
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_ok);
    const std::string v4 = tmp.path() + "/sweep/m-openai-chat-concurrency4";
    const std::string v8 = tmp.path() + "/sweep/m-openai-chat-concurrency8";
    EXPECT_EQ(s.events,
              (std::vector<std::string>{"run " + v4 + "/profile_runs/run_0001", "cooldown 1.000000",
                                        "run " + v4 + "/profile_runs/run_0002", "cooldown 5.000000",
                                        "run " + v8 + "/profile_runs/run_0001", "cooldown 1.000000",
                                        "run " + v8 + "/profile_runs/run_0002"}));
    simdjson::dom::parser parser;
    auto a8 = load_json(parser, v8 + "/aggregate/profile_export_aiperf_aggregate.json");
    EXPECT_EQ(double(a8["metrics"]["request_throughput_avg"]["mean"]), 40.0);
    auto doc = load_json(parser, tmp.path() + "/sweep/sweep_summary.json");
    EXPECT_TRUE(bool(doc["completed"]));
    EXPECT_EQ(uint64_t(doc["num_profile_runs"]), 2u);
    auto points = simdjson::dom::array(doc["points"]);
    EXPECT_EQ(double(points.at(0)["metrics"]["request_throughput_avg"]), 15.0);
    EXPECT_EQ(double(points.at(1)["metrics"]["request_throughput_avg"]), 40.0);
    EXPECT_EQ(uint64_t(points.at(1)["metrics"]["request_count"]), 20u);
    EXPECT_EQ(uint64_t(points.at(1)["successful_runs"]), 2u);
}

TEST(Orchestrate, AggregateThatCannotBeWrittenIsAFatalError) {
    temp_dir tmp;
    script s;
    auto p = plan_in(tmp.path() + "/multi");
    p.load.num_profile_runs = 2;
    ASSERT_TRUE(make_dirs(tmp.path() + "/multi").ok());
    ASSERT_TRUE(write_file_atomic(tmp.path() + "/multi/aggregate", "not a directory").ok());
    const auto inv = expand_or_fail(p);
    EXPECT_EQ(execute(inv, s.hooks()), exit_fatal);
    EXPECT_EQ(s.ran.size(), 2u);
}
