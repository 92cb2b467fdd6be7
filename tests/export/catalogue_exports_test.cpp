// The catalogue's further metrics in profile_export.jsonl, the JSON and CSV summaries and
// the console, from records worked out by hand.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "ringperf/export/record_jsonl.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/metrics/goodput.h"
#include "ringperf/metrics/summary.h"

namespace {

using namespace ringperf::metrics;
using ringperf::mono_ns;
using ringperf::wall_clock_map;
namespace ex = ringperf::exporter;

constexpr mono_ns ms = 1'000'000;
constexpr mono_ns sec = 1'000'000'000;

// Streamed: start 1 s, content at +100 and +300 ms, end +320 ms; a new connection (2 ms),
// write 3..4 ms, first byte 90 ms; usage 40 prompt (10 cached) / 5 completion; the client
// counted 50 prompt tokens and 5 output tokens; asked for 8.
request_record sample_record() {
    request_record r;
    r.streaming = true;
    r.t_start = 1 * sec;
    r.content_ns = {1 * sec + 100 * ms, 1 * sec + 300 * ms};
    r.first_output_index = 0;
    r.t_end = 1 * sec + 320 * ms;
    r.t_connected = r.t_start + 2 * ms;
    r.t_write_start = r.t_start + 3 * ms;
    r.t_write_end = r.t_start + 4 * ms;
    r.t_first_byte = r.t_start + 90 * ms;
    r.bytes_sent = 700;
    r.bytes_received = 2100;
    r.chunks_sent = 1;
    r.chunks_received = 4;
    r.usage.prompt_tokens = 40;
    r.usage.completion_tokens = 5;
    r.usage.prompt_cache_read_tokens = 10;
    r.input_tokens = 50;
    r.counted.output = 5;
    r.requested_output_tokens = 8;
    r.status = 200;
    return r;
}

metric_options trace_options() {
    metric_options o;
    o.http_trace = true;
    o.network_rtt_ns = 30 * ms;
    o.goodput = *parse_goodput("request_latency:350 time_to_first_token:150");
    return o;
}

class CatalogueExports : public ::testing::Test {
  protected:
    wall_clock_map clock_{};
    ex::record_metric_table table_{all_metrics()};
    simdjson::dom::parser parser_;
    std::string line_;

    simdjson::dom::object metrics_of(const request_record& r, const record_values& v) {
        line_.clear();
        ex::append_record_jsonl(line_, r, v, clock_, table_);
        return parser_.parse(simdjson::padded_string(line_))["metrics"];
    }
};

double value(simdjson::dom::object m, const char* tag) {
    return double(m[tag]["value"]);
}
std::string unit(simdjson::dom::object m, const char* tag) {
    return std::string(std::string_view(m[tag]["unit"]));
}

TEST_F(CatalogueExports, JsonlCarriesTheFurtherRecordMetricsInDisplayUnits) {
    const request_record r = sample_record();
    const record_values v = compute_record_values(r, token_source::tokenizer, trace_options());
    simdjson::dom::object m = metrics_of(r, v);
    EXPECT_DOUBLE_EQ(value(m, "decode_duration"), 200);  // ms
    EXPECT_EQ(unit(m, "decode_duration"), "ms");
    EXPECT_DOUBLE_EQ(value(m, "full_response_inter_token_latency"), 55);  // (320-100)/(5-1)
    EXPECT_DOUBLE_EQ(value(m, "prefill_throughput_per_user"), 500);       // 50 / 0.1 s
    EXPECT_DOUBLE_EQ(value(m, "e2e_output_token_throughput"), 5 / 0.3);
    EXPECT_EQ(std::int64_t(m["usage_prompt_tokens"]["value"]), 40);
    EXPECT_EQ(unit(m, "usage_prompt_tokens"), "tokens");
    EXPECT_EQ(std::int64_t(m["usage_prompt_cache_read_tokens"]["value"]), 10);
    EXPECT_DOUBLE_EQ(value(m, "usage_prompt_tokens_diff_pct"), 20);  // |40-50|/50
    EXPECT_EQ(unit(m, "usage_prompt_tokens_diff_pct"), "%");
    EXPECT_DOUBLE_EQ(value(m, "usage_completion_tokens_diff_pct"), 0);
    EXPECT_DOUBLE_EQ(value(m, "osl_mismatch_diff_pct"), -37.5);  // (5-8)/8
    EXPECT_DOUBLE_EQ(value(m, "network_adjusted_request_latency"), 270);
    EXPECT_DOUBLE_EQ(value(m, "network_adjusted_time_to_first_token"), 70);
    EXPECT_DOUBLE_EQ(value(m, "http_req_connecting"), 2);
    EXPECT_DOUBLE_EQ(value(m, "http_req_waiting"), 86);
    EXPECT_DOUBLE_EQ(value(m, "http_req_receiving"), 230);
    EXPECT_DOUBLE_EQ(value(m, "http_req_duration"), 317);
    EXPECT_DOUBLE_EQ(value(m, "http_req_total"), 319);
    EXPECT_EQ(std::int64_t(m["http_req_data_sent"]["value"]), 700);
    EXPECT_EQ(unit(m, "http_req_data_sent"), "bytes");
    EXPECT_EQ(std::int64_t(m["http_req_connection_reused"]["value"]), 0);
    EXPECT_EQ(std::int64_t(m["http_req_chunks_received"]["value"]), 4);
    EXPECT_TRUE(m["error_isl"].error() != simdjson::SUCCESS);
    EXPECT_TRUE(m["usage_reasoning_tokens"].error() != simdjson::SUCCESS);
}

TEST_F(CatalogueExports, FailedRecordCarriesOnlyErrorIsl) {
    request_record r = sample_record();
    r.error = error_kind::http_status;
    r.error_code = 503;
    const record_values v = compute_record_values(r, token_source::tokenizer, trace_options());
    simdjson::dom::object m = metrics_of(r, v);
    EXPECT_EQ(m.size(), 1u);
    EXPECT_EQ(std::int64_t(m["error_isl"]["value"]), 50);
}

// One good request (sample_record) and one failure over 1.0 .. 2.0 s.
ex::run_summary sample_summary() {
    const metric_options o = trace_options();
    metric_set set(o);
    const request_record good = sample_record();
    set.add(good, compute_record_values(good, token_source::tokenizer, o), wall_clock_map{});
    request_record bad = sample_record();
    bad.t_end = 2 * sec;
    bad.error = error_kind::http_status;
    bad.error_code = 503;
    bad.error_type = "Service Unavailable";
    bad.error_message = "busy";
    set.add(bad, compute_record_values(bad, token_source::tokenizer, o), wall_clock_map{});
    ex::run_summary s;
    s.results = set.summarize();
    s.errors = set.error_summary();
    return s;
}

TEST(CatalogueSummaryExports, JsonHasTheAiperfTagsUnitsAndErrorSummary) {
    const std::string json = ex::render_json(sample_summary());
    simdjson::dom::parser p;
    simdjson::dom::element doc = p.parse(simdjson::padded_string(json));
    EXPECT_DOUBLE_EQ(double(doc["goodput"]["avg"]), 1.0);  // 1 good over 1 s
    EXPECT_EQ(std::string_view(doc["goodput"]["unit"]), "requests/sec");
    EXPECT_DOUBLE_EQ(double(doc["good_request_count"]["avg"]), 1.0);
    EXPECT_DOUBLE_EQ(double(doc["good_request_fraction"]["avg"]), 0.5);
    EXPECT_DOUBLE_EQ(double(doc["error_request_count"]["avg"]), 1.0);
    EXPECT_DOUBLE_EQ(double(doc["total_error_isl"]["avg"]), 50.0);
    EXPECT_EQ(std::uint64_t(doc["error_isl"]["count"]), 1u);
    EXPECT_DOUBLE_EQ(double(doc["total_usage_prompt_tokens"]["avg"]), 40.0);
    EXPECT_DOUBLE_EQ(double(doc["overall_usage_prompt_cache_read_pct"]["avg"]), 25.0);
    EXPECT_EQ(std::string_view(doc["overall_usage_prompt_cache_read_pct"]["unit"]), "%");
    EXPECT_DOUBLE_EQ(double(doc["usage_discrepancy_count"]["avg"]), 1.0);
    EXPECT_DOUBLE_EQ(double(doc["osl_mismatch_count"]["avg"]), 1.0);
    EXPECT_DOUBLE_EQ(double(doc["network_rtt"]["avg"]), 30.0);
    EXPECT_DOUBLE_EQ(double(doc["http_req_waiting"]["avg"]), 86.0);
    EXPECT_DOUBLE_EQ(double(doc["total_token_throughput"]["avg"]), 55.0);  // (50 + 5) / 1 s
    simdjson::dom::array errors = doc["error_summary"];
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(std::int64_t(errors.at(0)["error_details"]["code"]), 503);
    EXPECT_EQ(std::uint64_t(errors.at(0)["count"]), 1u);
}

TEST(CatalogueSummaryExports, CsvNamesTheNewRowsWithHeaderAndUnit) {
    const std::string csv = ex::render_csv(sample_summary().results);
    for (const char* row :
         {"\r\nDecode Duration (ms),200.00,", "\r\nHTTP Request Waiting (ms),86.00,",
          "\r\nUsage Prompt Tokens Difference (%),20.00,",
          "\r\nError Input Sequence Length (tokens),50.00,", "\r\nGoodput (requests/sec),1.00\r\n",
          "\r\nGood Request Count,1.00\r\n", "\r\nError Request Count,1.00\r\n",
          "\r\nOSL Mismatch Count,1.00\r\n", "\r\nTotal Usage Prompt Tokens (tokens),40.00\r\n",
          "\r\nNetwork RTT (ms),30.00\r\n"}) {
        EXPECT_NE(csv.find(row), std::string::npos) << row << "\n" << csv;
    }
}

TEST(CatalogueSummaryExports, ConsoleShowsGoodputButNotTheExportOnlyRows) {
    const ex::run_summary s = sample_summary();
    const std::string table =
        ex::render_console_table(s.results, "LLM Metrics", ex::console_charset::ascii);
    EXPECT_NE(table.find("Goodput (requests/sec)"), std::string::npos);
    EXPECT_LT(table.find("Request Throughput"), table.find("Goodput"));
    EXPECT_LT(table.find("Goodput"), table.find("Request Count"));
    for (const char* hidden : {"Usage", "Decode Duration", "HTTP Request", "Network", "Mismatch"})
        EXPECT_EQ(table.find(hidden), std::string::npos) << hidden;
}

TEST(CatalogueSummaryExports, TraceTimingTableAndOslWarning) {
    ex::run_summary s = sample_summary();
    const std::string trace = ex::render_trace_timing_table(s.results, ex::console_charset::ascii);
    EXPECT_NE(trace.find("HTTP Trace Timing"), std::string::npos);
    EXPECT_NE(trace.find("med"), std::string::npos);
    EXPECT_NE(trace.find("http_req_waiting (ms)"), std::string::npos);
    EXPECT_NE(trace.find("86.00"), std::string::npos);
    EXPECT_EQ(trace.find("http_req_data_sent"), std::string::npos);  // bytes are not timings
    EXPECT_EQ(ex::render_trace_timing_table({}, ex::console_charset::ascii), "");

    s.osl_mismatch_count = 3;
    s.show_trace_timing = true;
    const std::string report =
        ex::render_console_report(s, ex::export_paths{}, ex::console_charset::ascii);
    EXPECT_NE(report.find("Warning: 3 requests returned an output length that differs"),
              std::string::npos);
    EXPECT_NE(report.find("--extra-inputs ignore_eos:true"), std::string::npos);
    EXPECT_NE(report.find("HTTP Trace Timing"), std::string::npos);
}

}  // namespace
