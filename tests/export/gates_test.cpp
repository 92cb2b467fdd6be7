#include "ringperf/export/gates.h"

#include <gtest/gtest.h>

namespace ringperf::exporter {
namespace {

using metrics::metric_id;
using metrics::metric_result;

metric_result dist(metric_id id, double avg, double p99) {
    metric_result r;
    r.info = &metrics::info(id);
    r.has_stats = true;
    r.s.avg = avg;
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

std::string error_of(std::string_view text) {
    auto g = parse_gates(text);
    EXPECT_FALSE(g) << text;
    return g ? std::string() : g.message();
}

TEST(GateParser, ReadsMetricStatOpValueAndUnit) {
    auto g = parse_gates("time_to_first_token:p99<500ms, error_rate<1%, request_throughput>=20");
    ASSERT_TRUE(g) << g.message();
    ASSERT_EQ(g->size(), 3u);
    EXPECT_EQ((*g)[0].metric, "time_to_first_token");
    EXPECT_EQ((*g)[0].stat, "p99");
    EXPECT_EQ((*g)[0].op, gate_op::lt);
    EXPECT_EQ((*g)[0].threshold, 500);
    EXPECT_EQ((*g)[0].unit, "ms");
    EXPECT_EQ((*g)[0].text, "time_to_first_token:p99<500ms");
    EXPECT_EQ((*g)[1].metric, "error_rate");
    EXPECT_EQ((*g)[1].threshold, 1);
    EXPECT_EQ((*g)[1].unit, "%");
    EXPECT_EQ((*g)[2].op, gate_op::ge);
    EXPECT_EQ((*g)[2].stat, "");
    EXPECT_EQ((*g)[2].threshold, 20);
}

TEST(GateParser, ConvertsTimeUnitsToTheDisplayUnit) {
    auto g = parse_gates("request_latency : p50 <= 1.5 s, inter_token_latency > 250us");
    ASSERT_TRUE(g) << g.message();
    EXPECT_DOUBLE_EQ((*g)[0].threshold, 1500);
    EXPECT_EQ((*g)[0].op, gate_op::le);
    EXPECT_DOUBLE_EQ((*g)[1].threshold, 0.25);
    EXPECT_EQ((*g)[1].op, gate_op::gt);
    // benchmark_duration is shown in seconds.
    auto d = parse_gates("benchmark_duration<=500ms");
    ASSERT_TRUE(d) << d.message();
    EXPECT_DOUBLE_EQ((*d)[0].threshold, 0.5);
}

TEST(GateParser, ReadsDefinitionSetMetrics) {
    auto g = parse_gates("vllm.tpot:p99<50ms");
    ASSERT_TRUE(g) << g.message();
    EXPECT_EQ((*g)[0].metric, "vllm.tpot");
    EXPECT_EQ((*g)[0].threshold, 50);
}

TEST(GateParser, EmptyTextHasNoGates) {
    auto g = parse_gates("  ");
    ASSERT_TRUE(g);
    EXPECT_TRUE(g->empty());
}

TEST(GateParser, ErrorsNameTheExpressionAndColumn) {
    EXPECT_EQ(error_of("time_to_first_token:p99<500ms, ttft<3"),
              "--fail-on (output.fail_on): 'ttft<3' at column 32: unknown metric 'ttft'");
    EXPECT_EQ(error_of("request_latency:p42<3"),
              "--fail-on (output.fail_on): 'request_latency:p42<3' at column 17: unknown "
              "statistic 'p42' (expected avg, min, max, p1, p5, p10, p25, p50, p75, p90, p95, "
              "p99 or std)");
    EXPECT_EQ(error_of("request_latency=3"),
              "--fail-on (output.fail_on): 'request_latency=3' at column 16: expected one of < "
              "<= > >=");
    EXPECT_EQ(error_of("request_latency<fast"),
              "--fail-on (output.fail_on): 'request_latency<fast' at column 17: expected a "
              "number");
    EXPECT_EQ(error_of("request_throughput>5ms"),
              "--fail-on (output.fail_on): 'request_throughput>5ms' at column 21: unit 'ms' "
              "does not fit request_throughput (in requests/sec); give no unit");
    EXPECT_EQ(error_of("request_throughput:p99>5"),
              "--fail-on (output.fail_on): 'request_throughput:p99>5' at column 20: "
              "request_throughput has a single value: no statistic");
    EXPECT_EQ(error_of("error_rate<1ms"),
              "--fail-on (output.fail_on): 'error_rate<1ms' at column 13: error_rate takes % or "
              "no unit");
    EXPECT_EQ(error_of("request_latency<3,"),
              "--fail-on (output.fail_on): '' at column 19: empty expression");
    EXPECT_EQ(error_of("request_latency<3 5"),
              "--fail-on (output.fail_on): 'request_latency<3 5' at column 19: unit '5' does "
              "not fit request_latency (in ms); use us, ms or s");
    EXPECT_EQ(error_of("request_latency<3ms x"),
              "--fail-on (output.fail_on): 'request_latency<3ms x' at column 21: unexpected "
              "text after the value");
}

TEST(GateEvaluation, ComparesTheNamedStatistic) {
    const std::vector<metric_result> results{
        dist(metric_id::time_to_first_token, 100, 450),
        single(metric_id::request_throughput, 19.5),
        single(metric_id::request_count, 99),
        single(metric_id::error_request_count, 1),
    };
    auto g = parse_gates(
        "time_to_first_token:p99<500ms, time_to_first_token<0.1s, request_throughput>=20, "
        "error_rate<=1%, error_rate<1%");
    ASSERT_TRUE(g);
    const auto out = evaluate_gates(*g, {results, {}});
    ASSERT_EQ(out.size(), 5u);
    EXPECT_TRUE(out[0].passed);
    EXPECT_EQ(*out[0].measured, 450);
    EXPECT_FALSE(out[1].passed);  // avg 100 ms is not < 100 ms
    EXPECT_FALSE(out[2].passed);
    EXPECT_EQ(*out[2].measured, 19.5);
    EXPECT_TRUE(out[3].passed);  // 1 of 100 = 1 %
    EXPECT_DOUBLE_EQ(*out[3].measured, 1.0);
    EXPECT_FALSE(out[4].passed);
    EXPECT_FALSE(all_passed(out));
}

TEST(GateEvaluation, AbsentMetricFailsAsNotMeasured) {
    const std::vector<metric_result> results{single(metric_id::request_count, 5)};
    auto g = parse_gates("inter_token_latency:p99<10ms, vllm.tpot<5, error_rate<1%");
    ASSERT_TRUE(g);
    const auto out = evaluate_gates(*g, {results, {}});
    EXPECT_FALSE(out[0].measured);
    EXPECT_FALSE(out[0].passed);
    EXPECT_FALSE(out[1].measured);
    EXPECT_TRUE(out[2].passed);  // no error_request_count: 0 errors
    const std::string table = render_gate_table(out, console_charset::ascii);
    EXPECT_NE(table.find("not measured"), std::string::npos);
    EXPECT_NE(table.find("FAIL"), std::string::npos);
    EXPECT_NE(table.find("SLO gates: 1 passed, 2 failed"), std::string::npos);
}

TEST(GateEvaluation, ReadsDefinitionSets) {
    metrics::definition_result d{metrics::definition_set::vllm, {}};
    metrics::definition_metric_result m{metrics::definition_metric::tpot, {}, 3};
    m.s.p99 = 42;
    d.metrics.push_back(m);
    const std::vector<metrics::definition_result> defs{d};
    auto g = parse_gates("vllm.tpot:p99<50ms, sglang.tpot:p99<50ms");
    ASSERT_TRUE(g);
    const auto out = evaluate_gates(*g, {{}, defs});
    EXPECT_TRUE(out[0].passed);
    EXPECT_EQ(*out[0].measured, 42);
    EXPECT_FALSE(out[1].measured);
}

}  // namespace
}  // namespace ringperf::exporter
