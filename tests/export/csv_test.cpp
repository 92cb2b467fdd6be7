#include <gtest/gtest.h>

#include <vector>

#include "ringperf/export/summary_report.h"
#include "sample_self_check.h"
#include "test_catalogue.h"

using namespace ringperf::exporter;
using ringperf::metrics::metric_info;
using ringperf::metrics::metric_result;
using test_catalogue::metric_id;
using test_catalogue::single;
using test_catalogue::with_stats;

TEST(Csv, WritesBothSectionsSortedByTagWithTwoDecimals) {
    metric_result ttft = with_stats(metric_id::time_to_first_token, 2343.2234);
    metric_result isl = with_stats(metric_id::input_sequence_length, 550);
    const std::vector<metric_result> results{
        ttft,
        single(metric_id::request_throughput, 9.5478),
        isl,
        single(metric_id::request_count, 89),
        single(metric_id::benchmark_duration, 9.32),
        single(metric_id::max_response_timestamp, 1759522428472357888.0),
        with_stats(metric_id::inter_chunk_latency, 27.755),
        single(metric_id::error_request_count, 11),
    };
    const std::string expected =
        "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n"
        "Input Sequence Length (tokens),550.00,551.00,552.00,553.00,554.00,555.00,556.00,"
        "557.00,558.00,559.00,560.00,561.00,562.00\r\n"
        "Inter Chunk Latency (ms),27.75,28.75,29.75,30.75,31.75,32.75,33.75,34.75,35.75,36.75,"
        "37.75,38.75,39.75\r\n"
        "Time to First Token (ms),2343.22,2344.22,2345.22,2346.22,2347.22,2348.22,2349.22,"
        "2350.22,2351.22,2352.22,2353.22,2354.22,2355.22\r\n"
        "\r\n"
        "Metric,Value\r\n"
        "Benchmark Duration (sec),9.32\r\n"
        "Error Request Count,11.00\r\n"
        "Maximum Response Timestamp (ns),1759522428472357888.00\r\n"
        "Request Count,89.00\r\n"
        "Request Throughput (requests/sec),9.55\r\n";
    EXPECT_EQ(render_csv(results), expected);
}

TEST(Csv, LeavesOutTheBlankLineWhenASectionIsEmpty) {
    const std::vector<metric_result> only_single{single(metric_id::request_count, 3)};
    EXPECT_EQ(render_csv(only_single), "Metric,Value\r\nRequest Count,3.00\r\n");
    const std::vector<metric_result> only_stats{with_stats(metric_id::request_latency, 1)};
    EXPECT_EQ(render_csv(only_stats),
              "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n"
              "Request Latency (ms),1.00,2.00,3.00,4.00,5.00,6.00,7.00,8.00,9.00,10.00,11.00,"
              "12.00,13.00\r\n");
    EXPECT_EQ(render_csv({}), "");
}

TEST(Csv, QuotesCellsWithCommasAndQuotesPerRfc4180) {
    const metric_info odd{metric_id::request_count,
                          "zzz",
                          "Odd, \"quoted\" name",
                          "x",
                          "count",
                          "count",
                          1,
                          -1,
                          ringperf::metrics::metric_kind::aggregate,
                          0};
    const metric_info unit_comma{
        metric_id::request_throughput,           "aaa", "Rate", "r", "a,b", "a,b", 1, -1,
        ringperf::metrics::metric_kind::derived, 0};
    metric_result a, b;
    a.info = &odd;
    a.value = 1;
    b.info = &unit_comma;
    b.value = 2;
    const std::vector<metric_result> results{a, b};
    EXPECT_EQ(render_csv(results),
              "Metric,Value\r\n\"Rate (a,b)\",2.00\r\n\"Odd, \"\"quoted\"\" name\",1.00\r\n");
}

TEST(SummaryCsv, AppendsTheSelfCheckSectionAfterTheMetrics) {
    run_summary s;
    s.results = {with_stats(metric_id::send_lag, 0.5), single(metric_id::request_count, 3)};
    s.self_check = sample_self_check::fell_behind();
    const std::string expected =
        "Metric,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std\r\n"
        "Send Lag (ms),0.50,1.50,2.50,3.50,4.50,5.50,6.50,7.50,8.50,9.50,10.50,11.50,12.50\r\n"
        "\r\n"
        "Metric,Value\r\n"
        "Request Count,3.00\r\n"
        "\r\n"
        "Self Check,Value\r\n"
        "Verdict,fell behind: results not valid\r\n"
        "Reasons,schedule lag p99 48.000 ms > 1.000 ms; schedule lag max 61.500 ms > 10.000 ms; "
        "achieved rate 41200.50 req/s is 17.43% below the schedule's 49900.00 req/s (limit "
        "1.00%); 2000 of 100000 scheduled requests (2.00%) were skipped: every connection slot "
        "was busy (limit 0.10%)\r\n"
        "Mode,request_rate\r\n"
        "Target Rate (requests/sec),50000.00\r\n"
        "Scheduled Rate (requests/sec),49900.00\r\n"
        "Achieved Rate (requests/sec),41200.50\r\n"
        "Rate Error (%),-17.60\r\n"
        "Rate Error vs Schedule (%),-17.43\r\n"
        "Requests Sent,98000\r\n"
        "Send Lag p50 (ms),3.250\r\n"
        "Send Lag p99 (ms),48.500\r\n"
        "Send Lag max (ms),63.000\r\n"
        "Schedule Lag p50 (ms),3.200\r\n"
        "Schedule Lag p99 (ms),48.000\r\n"
        "Schedule Lag max (ms),61.500\r\n"
        "Skipped Requests,2000\r\n"
        "Queued Requests,0\r\n"
        "Dropped Requests,12\r\n"
        "Threshold Schedule Lag p99 (ms),1.000\r\n"
        "Threshold Schedule Lag max (ms),10.000\r\n"
        "Threshold Rate Error vs Schedule (%),1.00\r\n"
        "Threshold Skipped (%),0.10\r\n"
        "Threshold Queued (%),0.10\r\n";
    EXPECT_EQ(render_summary_csv(s), expected);
}

TEST(SummaryCsv, AbsentFiguresAreEmptyCells) {
    run_summary s;
    s.self_check = sample_self_check::closed_loop();
    const std::string out = render_summary_csv(s);
    // No metrics: the section starts the file.
    EXPECT_EQ(out.rfind("Self Check,Value\r\nVerdict,kept up\r\nReasons,\r\nMode,closed_loop\r\n"
                        "Target Rate (requests/sec),\r\n",
                        0),
              0u);
    EXPECT_NE(out.find("\r\nRate Error (%),\r\n"), std::string::npos);
    EXPECT_NE(out.find("\r\nSchedule Lag max (ms),0.004\r\n"), std::string::npos);
}

TEST(SummaryCsv, WithoutASelfCheckIsTheMetricsCsv) {
    run_summary s;
    s.results = {single(metric_id::request_count, 3)};
    EXPECT_EQ(render_summary_csv(s), render_csv(s.results));
}
