#include "sweep_summary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ringperf/base/file.h"

using namespace ringperf;
using namespace ringperf::cli;
using metrics::metric_id;
using metrics::metric_result;

namespace {

metric_result with_stats(metric_id id, double avg, double p50, double p99) {
    metric_result r;
    r.info = &metrics::info(id);
    r.has_stats = true;
    r.s.avg = avg;
    r.s.min = p50 / 2;
    r.s.max = p99 * 2;
    r.s.p50 = p50;
    r.s.p99 = p99;
    r.s.count = 10;
    return r;
}

metric_result single(metric_id id, double v) {
    metric_result r;
    r.info = &metrics::info(id);
    r.value = v;
    return r;
}

std::vector<metric_result> run_a() {
    return {with_stats(metric_id::time_to_first_token, 20, 19, 30),
            with_stats(metric_id::inter_token_latency, 2, 2, 3),
            with_stats(metric_id::request_latency, 200, 190, 300),
            single(metric_id::output_token_throughput, 100),
            single(metric_id::request_throughput, 10),
            single(metric_id::request_count, 50)};
}

std::vector<metric_result> run_b() {
    return {with_stats(metric_id::time_to_first_token, 22, 21, 34),
            with_stats(metric_id::inter_token_latency, 2.5, 2.5, 3.5),
            with_stats(metric_id::request_latency, 210, 200, 320),
            single(metric_id::output_token_throughput, 110),
            single(metric_id::request_throughput, 12),
            single(metric_id::request_count, 48),
            single(metric_id::error_request_count, 2)};
}

// Three concurrency values with two runs each: the first completed, the second interrupted
// in its first run, the third never started.
sweep_summary stopped_sweep() {
    sweep_summary s;
    s.parameter = sweep_parameter::concurrency;
    s.num_profile_runs = 2;
    s.exit_code = 130;
    for (std::size_t i = 0; i < 3; ++i) {
        sweep_row r;
        r.index = i;
        r.value = 2 << i;
        r.label = "concurrency" + std::to_string(2 << i);
        r.artifact_dir = "m-openai-chat-" + r.label;
        r.seed = 42 + i;
        r.runs = 2;
        s.rows.push_back(r);
    }
    s.rows[0].status = point_status::completed;
    s.rows[0].successful_runs = 2;
    s.rows[0].metrics = compute_sweep_values({run_a(), run_b()});
    s.rows[1].status = point_status::interrupted;
    s.rows[1].exit_code = 130;
    return s;
}

std::size_t key_index(const std::string& key) {
    for (std::size_t k = 0; k < sweep_metric_count; ++k)
        if (key == sweep_metrics[k].key) return k;
    ADD_FAILURE() << "no key " << key;
    return 0;
}

}  // namespace

TEST(SweepValues, MeansOverRunsAndTotalsOfTheCounts) {
    const auto v = compute_sweep_values({run_a(), run_b()});
    EXPECT_EQ(v[key_index("request_throughput_avg")], 11.0);
    EXPECT_EQ(v[key_index("output_token_throughput_avg")], 105.0);
    EXPECT_EQ(v[key_index("time_to_first_token_avg")], 21.0);
    EXPECT_EQ(v[key_index("time_to_first_token_p50")], 20.0);
    EXPECT_EQ(v[key_index("time_to_first_token_p99")], 32.0);
    EXPECT_EQ(v[key_index("inter_token_latency_avg")], 2.25);
    EXPECT_EQ(v[key_index("inter_token_latency_p50")], 2.25);
    EXPECT_EQ(v[key_index("inter_token_latency_p99")], 3.25);
    EXPECT_EQ(v[key_index("request_latency_avg")], 205.0);
    EXPECT_EQ(v[key_index("request_latency_p50")], 195.0);
    EXPECT_EQ(v[key_index("request_latency_p99")], 310.0);
    EXPECT_EQ(v[key_index("request_count")], 98.0);
    EXPECT_EQ(v[key_index("error_request_count")], 2.0);
}

TEST(SweepValues, MissingMetricsAreAbsentAndMissingErrorsCountZero) {
    const std::vector<metric_result> non_streaming{
        with_stats(metric_id::request_latency, 50, 50, 60),
        single(metric_id::request_throughput, 3), single(metric_id::request_count, 9)};
    const auto v = compute_sweep_values({non_streaming});
    EXPECT_FALSE(v[key_index("time_to_first_token_p99")].has_value());
    EXPECT_FALSE(v[key_index("inter_token_latency_avg")].has_value());
    EXPECT_FALSE(v[key_index("output_token_throughput_avg")].has_value());
    EXPECT_EQ(v[key_index("request_latency_p99")], 60.0);
    EXPECT_EQ(v[key_index("error_request_count")], 0.0);

    for (const auto& x : compute_sweep_values({}))
        EXPECT_FALSE(x.has_value());
}

TEST(SweepSummary, JsonListsEveryPointWithItsStatusAndMetrics) {
    const std::string units =
        R"("units":{"request_throughput_avg":"requests/sec","output_token_throughput_avg":"tokens/sec",)"
        R"("time_to_first_token_avg":"ms","time_to_first_token_p50":"ms","time_to_first_token_p99":"ms",)"
        R"("inter_token_latency_avg":"ms","inter_token_latency_p50":"ms","inter_token_latency_p99":"ms",)"
        R"("request_latency_avg":"ms","request_latency_p50":"ms","request_latency_p99":"ms",)"
        R"("request_count":"requests","error_request_count":"requests"})";
    const std::string nulls =
        R"({"request_throughput_avg":null,"output_token_throughput_avg":null,)"
        R"("time_to_first_token_avg":null,"time_to_first_token_p50":null,"time_to_first_token_p99":null,)"
        R"("inter_token_latency_avg":null,"inter_token_latency_p50":null,"inter_token_latency_p99":null,)"
        R"("request_latency_avg":null,"request_latency_p50":null,"request_latency_p99":null,)"
        R"("request_count":null,"error_request_count":null})";
    const std::string expected =
        R"({"schema_version":"1.0","ringperf_version":")" + std::string(RINGPERF_VERSION) +
        R"(","parameter":"concurrency","num_values":3,"num_profile_runs":2,"completed":false,)"
        R"("exit_code":130,)" +
        units +
        R"(,"points":[)"
        R"({"index":0,"value":2,"label":"concurrency2","status":"completed","exit_code":0,)"
        R"("seed":42,"runs":2,"successful_runs":2,"artifact_dir":"m-openai-chat-concurrency2",)"
        R"("metrics":{"request_throughput_avg":11.0,"output_token_throughput_avg":105.0,)"
        R"("time_to_first_token_avg":21.0,"time_to_first_token_p50":20.0,"time_to_first_token_p99":32.0,)"
        R"("inter_token_latency_avg":2.25,"inter_token_latency_p50":2.25,"inter_token_latency_p99":3.25,)"
        R"("request_latency_avg":205.0,"request_latency_p50":195.0,"request_latency_p99":310.0,)"
        R"("request_count":98,"error_request_count":2}},)"
        R"({"index":1,"value":4,"label":"concurrency4","status":"interrupted","exit_code":130,)"
        R"("seed":43,"runs":2,"successful_runs":0,"artifact_dir":"m-openai-chat-concurrency4",)"
        R"("metrics":)" +
        nulls +
        R"(},)"
        R"({"index":2,"value":8,"label":"concurrency8","status":"not_run","exit_code":0,)"
        R"("seed":44,"runs":2,"successful_runs":0,"artifact_dir":"m-openai-chat-concurrency8",)"
        R"("metrics":)" +
        nulls + "}]}\n";
    EXPECT_EQ(render_sweep_json(stopped_sweep()), expected);
}

TEST(SweepSummary, JsonWritesRatesAsFloatsAndAnUnsetSeedAsNull) {
    sweep_summary s;
    s.parameter = sweep_parameter::request_rate;
    sweep_row r;
    r.value = 5;
    r.label = "request_rate5.0";
    r.artifact_dir = "d";
    r.status = point_status::completed;
    r.runs = 1;
    r.successful_runs = 1;
    r.metrics = compute_sweep_values({run_a()});
    s.rows.push_back(r);
    const std::string json = render_sweep_json(s);
    EXPECT_NE(json.find(R"("parameter":"request_rate","num_values":1,"num_profile_runs":1,)"
                        R"("completed":true,"exit_code":0,)"),
              std::string::npos)
        << json;
    EXPECT_NE(json.find(R"({"index":0,"value":5.0,"label":"request_rate5.0","status":"completed",)"
                        R"("exit_code":0,"seed":null,)"),
              std::string::npos)
        << json;
    EXPECT_NE(json.find(R"("request_count":50,"error_request_count":0})"), std::string::npos)
        << json;
}

TEST(SweepSummary, CsvHasOneRowPerPointWithEmptyCellsForAbsentValues) {
    const std::string expected =
        "index,concurrency,label,status,exit_code,seed,runs,successful_runs,"
        "request_throughput_avg,output_token_throughput_avg,time_to_first_token_avg,"
        "time_to_first_token_p50,time_to_first_token_p99,inter_token_latency_avg,"
        "inter_token_latency_p50,inter_token_latency_p99,request_latency_avg,request_latency_p50,"
        "request_latency_p99,request_count,error_request_count,artifact_dir\r\n"
        "0,2,concurrency2,completed,0,42,2,2,11.00,105.00,21.00,20.00,32.00,2.25,2.25,3.25,"
        "205.00,195.00,310.00,98,2,m-openai-chat-concurrency2\r\n"
        "1,4,concurrency4,interrupted,130,43,2,0,,,,,,,,,,,,,,m-openai-chat-concurrency4\r\n"
        "2,8,concurrency8,not_run,0,44,2,0,,,,,,,,,,,,,,m-openai-chat-concurrency8\r\n";
    EXPECT_EQ(render_sweep_csv(stopped_sweep()), expected);
}

TEST(SweepSummary, CsvQuotesCellsThatNeedIt) {
    sweep_summary s;
    s.parameter = sweep_parameter::request_rate;
    sweep_row r;
    r.value = 0.5;
    r.label = "a,b";
    r.artifact_dir = "dir \"x\"";
    s.rows.push_back(r);
    EXPECT_EQ(render_sweep_csv(s).substr(render_sweep_csv(s).find("\r\n") + 2),
              "0,0.5,\"a,b\",not_run,0,,0,0,,,,,,,,,,,,,,\"dir \"\"x\"\"\"\r\n");
}

TEST(SweepSummary, ConsoleTableAlignsColumnsAndMarksAbsentValues) {
    const std::string expected =
        "ringperf | Sweep over concurrency (3 values, mean of 2 runs each; latencies in ms)\n"
        "concurrency       status  req/s  out tok/s  TTFT p50  TTFT p99  ITL p50  ITL p99  "
        "latency p99  errors\n"
        "          2    completed  11.00     105.00     20.00     32.00     2.25     3.25  "
        "     310.00       2\n"
        "          4  interrupted      -          -         -         -        -        -  "
        "          -       -\n"
        "          8      not_run      -          -         -         -        -        -  "
        "          -       -\n";
    EXPECT_EQ(render_sweep_console(stopped_sweep()), expected);
}

TEST(SweepSummary, WritesBothFilesIntoTheSweepDirectory) {
    char tmpl[] = "/tmp/ringperf-sweep-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    const std::string dir = std::string(tmpl) + "/parent/sweep";
    const auto paths = make_sweep_paths(dir);
    EXPECT_EQ(paths.json, dir + "/sweep_summary.json");
    EXPECT_EQ(paths.csv, dir + "/sweep_summary.csv");
    const auto s = stopped_sweep();
    ASSERT_TRUE(write_sweep_summary(s, paths).ok());
    EXPECT_EQ(read_file(paths.json).value(), render_sweep_json(s));
    EXPECT_EQ(read_file(paths.csv).value(), render_sweep_csv(s));
    std::filesystem::remove_all(tmpl);
}
