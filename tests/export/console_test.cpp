#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/export/format.h"
#include "ringperf/export/summary_report.h"
#include "sample_self_check.h"
#include "test_catalogue.h"

using namespace ringperf::exporter;
using ringperf::metrics::error_summary_entry;
using ringperf::metrics::metric_result;
using test_catalogue::metric_id;
using test_catalogue::single;
using test_catalogue::with_stats;

namespace {

// Out of display order, with metrics that must not appear on the console mixed in.
std::vector<metric_result> sample_results() {
    metric_result ttft = with_stats(metric_id::time_to_first_token, 0);
    ttft.s.avg = 7463.28;
    ttft.s.min = 7125.81;
    ttft.s.max = 9484.24;
    ttft.s.p99 = 9295.48;
    ttft.s.p90 = 7596.62;
    ttft.s.p50 = 7240.23;
    ttft.s.std = 677.23;
    return {
        single(metric_id::request_count, 10),
        ttft,
        single(metric_id::output_token_throughput, 6.85),
        with_stats(metric_id::request_latency, 12345.678),
        with_stats(metric_id::inter_chunk_latency, 27.5),
        single(metric_id::benchmark_duration, 9.3214),
        single(metric_id::error_request_count, 2),
        with_stats(metric_id::output_token_throughput_per_user, 150),
        with_stats(metric_id::input_sequence_length, 550),
        single(metric_id::request_throughput, 1.07),
    };
}

std::vector<error_summary_entry> sample_errors() {
    std::vector<error_summary_entry> e(3);
    e[0] = {0, "ConnectError", "connection refused", ringperf::metrics::error_kind::connect, 1};
    e[1] = {500, "Internal Server Error",
            "{\"error\": \"the model crashed while generating a very long answer for you\"}",
            ringperf::metrics::error_kind::http_status, 1234};
    e[2] = {499, "RequestCancellationError", "Request was cancelled",
            ringperf::metrics::error_kind::cancelled, 7};
    return e;
}

std::string golden(const std::string& name) {
    auto r = ringperf::read_file(test_catalogue::test_data("export/" + name));
    EXPECT_TRUE(r.ok()) << r.message();
    return r.ok() ? *r : std::string();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

}  // namespace

TEST(ConsoleTable, MatchesTheGoldenLayout) {
    const auto results = sample_results();
    EXPECT_EQ(render_console_table(results, "LLM Metrics", console_charset::unicode),
              golden("console_table.txt"));
}

TEST(ConsoleTable, AsciiFallbackMatchesTheGoldenLayout) {
    const auto results = sample_results();
    EXPECT_EQ(render_console_table(results, "LLM Metrics", console_charset::ascii),
              golden("console_table_ascii.txt"));
}

TEST(ConsoleTable, EveryFrameLineHasTheSameWidthAndTheTitleIsCentred) {
    const auto results = sample_results();
    const auto lines =
        lines_of(render_console_table(results, "LLM Metrics", console_charset::unicode));
    ASSERT_EQ(lines.size(), 1u + 3u + 7u + 1u);  // title, top/header/rule, 7 rows, bottom
    const std::size_t width = display_width(lines[1]);
    for (std::size_t i = 1; i < lines.size(); ++i)
        EXPECT_EQ(display_width(lines[i]), width) << i;
    const std::string title = "ringperf | LLM Metrics";
    ASSERT_EQ(lines[0].find(title), (width - title.size()) / 2);
    EXPECT_EQ(lines[0].size(), (width - title.size()) / 2 + title.size());
}

TEST(ConsoleTable, ShowsConsoleMetricsInDisplayOrderWithUnits) {
    const auto results = sample_results();
    const std::string t = render_console_table(results, "LLM Metrics", console_charset::ascii);
    const char* labels[] = {"Time to First Token (ms)",
                            "Request Latency (ms)",
                            "Output Token Throughput Per User (tokens/sec/user)",
                            "Input Sequence Length (tokens)",
                            "Output Token Throughput (tokens/sec)",
                            "Request Throughput (requests/sec)",
                            "Request Count (requests)"};
    std::size_t pos = 0;
    for (const char* l : labels) {
        const auto at = t.find(l);
        ASSERT_NE(at, std::string::npos) << l;
        EXPECT_GT(at, pos) << l;
        pos = at;
    }
    EXPECT_EQ(t.find("Inter Chunk Latency"), std::string::npos);
    EXPECT_EQ(t.find("Benchmark Duration"), std::string::npos);
    EXPECT_EQ(t.find("Error Request Count"), std::string::npos);
}

TEST(ConsoleTable, SingleValueRowsShowNAOutsideAvg) {
    const std::vector<metric_result> results{single(metric_id::request_count, 1234567)};
    const auto lines =
        lines_of(render_console_table(results, "LLM Metrics", console_charset::ascii));
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[4],
              "| Request Count (requests) | 1,234,567.00 | N/A | N/A | N/A | N/A | N/A | N/A |");
}

TEST(ConsoleTable, RowsShowAvgMinMaxP99P90P50StdInThatOrder) {
    const std::vector<metric_result> results{with_stats(metric_id::request_latency, 1000)};
    const auto lines =
        lines_of(render_console_table(results, "LLM Metrics", console_charset::ascii));
    ASSERT_EQ(lines.size(), 6u);
    // with_stats: avg 1000, min 1001, max 1002, p1.. p99 = 1011, std 1012.
    EXPECT_EQ(lines[4],
              "| Request Latency (ms) | 1,000.00 | 1,001.00 | 1,002.00 | 1,011.00 | 1,009.00 "
              "| 1,007.00 | 1,012.00 |");
}

TEST(ErrorTable, SortsByCountAndShortensLongMessages) {
    const auto errors = sample_errors();
    const auto lines = lines_of(render_error_table(errors, console_charset::ascii));
    ASSERT_EQ(lines.size(), 1u + 3u + 3u + 1u);
    EXPECT_NE(lines[0].find("ringperf | Error Summary"), std::string::npos);
    EXPECT_NE(lines[4].find("| 1,234 |"), std::string::npos);
    EXPECT_NE(lines[4].find("a very long..."), std::string::npos);
    EXPECT_NE(lines[5].find("RequestCancellationError"), std::string::npos);
    EXPECT_EQ(lines[6].rfind("|  N/A |", 0), 0u);
    EXPECT_TRUE(render_error_table({}, console_charset::ascii).empty());
}

TEST(ConsoleReport, MatchesTheGoldenReport) {
    run_summary s;
    s.results = sample_results();
    s.errors = sample_errors();
    s.osl_estimated_count = 12;
    s.was_cancelled = true;
    s.cli_command = "ringperf profile --model Qwen/Qwen3-0.6B --url localhost:8000 --streaming";
    const auto paths = make_export_paths("artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency16", "");
    EXPECT_EQ(render_console_report(s, paths, console_charset::unicode),
              golden("console_report.txt"));
}

TEST(ConsoleReport, LeavesOutErrorsAndNotesWhenThereAreNone) {
    run_summary s;
    s.results = {single(metric_id::request_count, 3)};
    s.start_ns = 1'000'000'000;
    s.end_ns = 3'500'000'000;
    const auto paths = make_export_paths("d", "");
    const std::string r = render_console_report(s, paths, console_charset::ascii);
    EXPECT_EQ(r.find("Error Summary"), std::string::npos);
    EXPECT_EQ(r.find("Note:"), std::string::npos);
    EXPECT_EQ(r.find("CLI Command"), std::string::npos);
    const std::string footer =
        "\nBenchmark Duration: 2.50 sec\nCSV Export: d/profile_export_aiperf.csv\n"
        "JSON Export: d/profile_export_aiperf.json\nLog File: d/logs/ringperf.log\n";
    ASSERT_GE(r.size(), footer.size());
    EXPECT_EQ(r.substr(r.size() - footer.size()), footer);
}

TEST(ConsoleCharset, FollowsTheFirstLocaleVariableSet) {
    EXPECT_EQ(charset_from_locale(nullptr, nullptr, "en_US.UTF-8"), console_charset::unicode);
    EXPECT_EQ(charset_from_locale(nullptr, nullptr, "C.utf8"), console_charset::unicode);
    EXPECT_EQ(charset_from_locale("C", nullptr, "en_US.UTF-8"), console_charset::ascii);
    EXPECT_EQ(charset_from_locale("", "POSIX", "en_US.UTF-8"), console_charset::ascii);
    EXPECT_EQ(charset_from_locale(nullptr, nullptr, nullptr), console_charset::unicode);
}

TEST(SelfCheckLine, KeptUpShowsTargetAchievedAndScheduleLag) {
    EXPECT_EQ(render_self_check_line(sample_self_check::kept_up()),
              "Self-check: kept up (request_rate: target 10,000.00 req/s, achieved 9,958.10 "
              "req/s, -0.42%; schedule lag p50 0.012 ms, p99 0.048 ms, max 0.310 ms)\n");
}

TEST(SelfCheckLine, FellBehindListsEveryReason) {
    EXPECT_EQ(render_self_check_line(sample_self_check::fell_behind()),
              "Self-check: fell behind: results not valid (request_rate: target 50,000.00 req/s, "
              "achieved 41,200.50 req/s, -17.60%; schedule lag p50 3.200 ms, p99 48.000 ms, "
              "max 61.500 ms)\n"
              "  - schedule lag p99 48.000 ms > 1.000 ms\n"
              "  - schedule lag max 61.500 ms > 10.000 ms\n"
              "  - achieved rate 41200.50 req/s is 17.43% below the schedule's 49900.00 req/s "
              "(limit 1.00%)\n"
              "  - 2000 of 100000 scheduled requests (2.00%) were skipped: every connection "
              "slot was busy (limit 0.10%)\n");
}

TEST(SelfCheckLine, ClosedLoopShowsTheAchievedRateOnly) {
    EXPECT_EQ(render_self_check_line(sample_self_check::closed_loop()),
              "Self-check: kept up (closed_loop: achieved 212.30 req/s; schedule lag p50 0.001 "
              "ms, p99 0.002 ms, max 0.004 ms)\n");
}

TEST(SelfCheckLine, WithoutATargetComparesWithTheSchedule) {
    ringperf::exporter::self_check_report r = sample_self_check::kept_up();
    r.figures.mode = ringperf::metrics::load_mode::fixed_schedule;
    r.figures.target_rate_per_s.reset();
    r = sample_self_check::finish(r);
    EXPECT_EQ(render_self_check_line(r),
              "Self-check: kept up (fixed_schedule: scheduled 9,958.20 req/s, achieved 9,958.10 "
              "req/s, -0.00%; schedule lag p50 0.012 ms, p99 0.048 ms, max 0.310 ms)\n");
}

TEST(SelfCheckLine, NothingSentIsNotJudged) {
    ringperf::exporter::self_check_report r;
    r.figures.mode = ringperf::metrics::load_mode::request_rate;
    r.figures.target_rate_per_s = 5;
    r = sample_self_check::finish(r);
    EXPECT_EQ(render_self_check_line(r),
              "Self-check: not judged (request_rate: target 5.00 req/s, achieved N/A req/s; "
              "schedule lag N/A)\n  - no request was sent\n");
}

namespace {

std::vector<metric_result> results_with_intended() {
    std::vector<metric_result> r = sample_results();
    r.push_back(with_stats(metric_id::time_to_first_token_from_intended, 7470));
    r.push_back(with_stats(metric_id::request_latency_from_intended, 12350));
    r.push_back(with_stats(metric_id::send_lag, 0.05));
    r.push_back(with_stats(metric_id::schedule_lag, 0.04));
    return r;
}

}  // namespace

TEST(ConsoleReport, SelfCheckLineSitsRightUnderTheTable) {
    run_summary s;
    s.results = results_with_intended();
    s.errors = sample_errors();
    s.self_check = sample_self_check::fell_behind();
    s.cli_command = "ringperf profile --model m --url localhost:8000 --request-rate 50000";
    const auto paths = make_export_paths("artifacts/m-openai-chat-request_rate50000.0", "");
    EXPECT_EQ(render_console_report(s, paths, console_charset::unicode),
              golden("console_report_self_check.txt"));
}

TEST(ConsoleReport, OpenLoopTableShowsTheIntendedRowsBesideTheirPartners) {
    run_summary s;
    s.results = results_with_intended();
    s.self_check = sample_self_check::kept_up();
    const std::string r =
        render_console_report(s, make_export_paths("d", ""), console_charset::ascii);
    const char* labels[] = {"Time to First Token (ms)", "Time to First Token from Intended (ms)",
                            "Request Latency (ms)",     "Request Latency from Intended (ms)",
                            "Request Count (requests)", "Send Lag (ms)",
                            "Self-check: kept up"};
    std::size_t pos = 0;
    for (const char* l : labels) {
        const auto at = r.find(l);
        ASSERT_NE(at, std::string::npos) << l;
        EXPECT_GT(at, pos) << l;
        pos = at;
    }
    EXPECT_EQ(r.find("Schedule Lag"), std::string::npos);  // its figures are in the line
}

TEST(ConsoleReport, ClosedLoopTableLeavesOutTheIntendedRows) {
    run_summary s;
    s.results = results_with_intended();
    s.self_check = sample_self_check::closed_loop();
    const std::string r =
        render_console_report(s, make_export_paths("d", ""), console_charset::ascii);
    EXPECT_EQ(r.find("from Intended"), std::string::npos);
    EXPECT_NE(r.find("Time to First Token (ms)"), std::string::npos);
    EXPECT_NE(r.find("Send Lag (ms)"), std::string::npos);
    EXPECT_NE(r.find("Self-check: kept up (closed_loop"), std::string::npos);
    // Without a self-check the table shows every row it has.
    s.self_check.reset();
    EXPECT_NE(render_console_report(s, make_export_paths("d", ""), console_charset::ascii)
                  .find("Time to First Token from Intended (ms)"),
              std::string::npos);
}

TEST(OslMismatchWarning, SuggestsIgnoreEosWhenTheRequestsDoNotAskForTheLength) {
    const std::string w = osl_mismatch_warning(3, false);
    EXPECT_NE(w.find("3 requests returned an output length"), std::string::npos) << w;
    EXPECT_NE(w.find("add --extra-inputs ignore_eos:true"), std::string::npos) << w;
    EXPECT_EQ(w.find('\n'), std::string::npos);
}

TEST(OslMismatchWarning, BlamesServerOrTokenizerWhenTheRequestsAlreadyAskForTheLength) {
    const std::string w = osl_mismatch_warning(1, true);
    EXPECT_NE(w.find("1 request returned"), std::string::npos) << w;
    EXPECT_EQ(w.find("add --extra-inputs"), std::string::npos) << w;
    EXPECT_NE(w.find("--tokenizer"), std::string::npos) << w;
    EXPECT_NE(w.find("--use-server-token-count"), std::string::npos) << w;
}
