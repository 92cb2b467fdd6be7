// End to end: the raw export, outputs.json, the HTTP trace and timeslices of a run against
// `ringperf mock`.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>

#include <cmath>
#include <string>
#include <thread>

#include "harness.h"
#include "process.h"

using namespace std::chrono_literals;
namespace rt = ringperf::testing;
using rt::lines;
using rt::mock_server;
using rt::profile_args;

TEST(Exports, RawLevelWritesEveryMessageAndOutputsJson) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "1"});
    ASSERT_GT(mock.port(), 0) << rt::read_text(dir + "/mock.err");
    const std::string art = dir + "/art";
    const auto r = rt::run(profile_args({"--url",
                                         mock.url(),
                                         "--model",
                                         "mock-model",
                                         "--streaming",
                                         "--concurrency",
                                         "2",
                                         "--request-count",
                                         "6",
                                         "--isl",
                                         "16",
                                         "--osl",
                                         "8",
                                         "--extra-inputs",
                                         "ignore_eos:true",
                                         "--api-key",
                                         "sk-very-secret",
                                         "--export-level",
                                         "raw",
                                         "--artifact-dir",
                                         art}),
                           dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_EQ(lines(rt::read_text(art + "/profile_export.jsonl")).size(), 6u);
    const std::string raw_text = rt::read_text(art + "/profile_export_raw.jsonl");
    EXPECT_EQ(raw_text.find("sk-very-secret"), std::string::npos);
    const auto raw = lines(raw_text);
    ASSERT_EQ(raw.size(), 6u);
    simdjson::dom::parser parser;
    for (const auto& line : raw) {
        simdjson::dom::element rec;
        ASSERT_EQ(parser.parse(line).get(rec), simdjson::SUCCESS) << line;
        EXPECT_EQ(std::string_view(rec["metadata"]["benchmark_phase"]), "profiling");
        EXPECT_EQ(std::string_view(rec["payload"]["model"]), "mock-model");
        EXPECT_TRUE(bool(rec["payload"]["stream"]));
        EXPECT_EQ(std::string_view(rec["request_headers"]["Authorization"]), "<redacted>");
        EXPECT_EQ(std::string_view(rec["request_headers"]["X-Request-ID"]),
                  std::string_view(rec["metadata"]["x_request_id"]));
        EXPECT_EQ(int64_t(rec["status"]), 200);
        EXPECT_FALSE(rec["response_headers"].error());
        const int64_t start = int64_t(rec["start_perf_ns"]);
        auto responses = simdjson::dom::array(rec["responses"]);
        // At least one message per token, and [DONE] last.
        ASSERT_GE(responses.size(), 9u) << line;
        int64_t prev = start;
        std::string_view last;
        for (auto m : responses) {
            const int64_t t = int64_t(m["perf_ns"]);
            EXPECT_GE(t, prev) << line;
            prev = t;
            last = std::string_view(m["text"]);
        }
        EXPECT_EQ(last, "[DONE]");
        EXPECT_TRUE(rec["error"].is_null());
    }
    simdjson::dom::element outputs;
    ASSERT_EQ(parser.load(art + "/outputs.json").get(outputs), simdjson::SUCCESS);
    auto list = simdjson::dom::array(outputs["outputs"]);
    ASSERT_EQ(list.size(), 6u);
    for (auto o : list) {
        EXPECT_FALSE(std::string_view(o["output_text"]).empty());
        EXPECT_EQ(std::string_view(o["x_request_id"]).size(), 36u);
    }
}

TEST(Exports, NonStreamedRawRecordHasTheWholeBodyAsOneResponse) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r = rt::run(
        profile_args({"--url", mock.url(), "--model", "m", "--concurrency", "1", "--request-count",
                      "2", "--osl", "4", "--export-level", "raw", "--artifact-dir", art}),
        dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const auto raw = lines(rt::read_text(art + "/profile_export_raw.jsonl"));
    ASSERT_EQ(raw.size(), 2u);
    simdjson::dom::parser parser;
    simdjson::dom::element rec;
    ASSERT_EQ(parser.parse(raw[0]).get(rec), simdjson::SUCCESS);
    auto responses = simdjson::dom::array(rec["responses"]);
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_NE(std::string_view(responses.at(0)["text"]).find("\"choices\""), std::string::npos);
    EXPECT_GE(int64_t(responses.at(0)["perf_ns"]), int64_t(rec["start_perf_ns"]));
}

TEST(Exports, HttpTraceAddsTraceDataToEveryRecord) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r = rt::run(profile_args({"--url", mock.url(), "--model", "m", "--streaming",
                                         "--concurrency", "1", "--request-count", "3", "--osl", "4",
                                         "--export-http-trace", "--artifact-dir", art}),
                           dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const auto recs = lines(rt::read_text(art + "/profile_export.jsonl"));
    ASSERT_EQ(recs.size(), 3u);
    simdjson::dom::parser parser;
    int reused = 0;
    for (const auto& line : recs) {
        simdjson::dom::element rec;
        ASSERT_EQ(parser.parse(line).get(rec), simdjson::SUCCESS) << line;
        auto t = rec["trace_data"];
        ASSERT_FALSE(t.error()) << line;
        EXPECT_EQ(int64_t(t["start_ns"]), int64_t(rec["metadata"]["request_start_ns"]));
        EXPECT_EQ(int64_t(t["end_ns"]), int64_t(rec["metadata"]["request_end_ns"]));
        EXPECT_LE(int64_t(t["start_ns"]), int64_t(t["write_start_ns"]));
        EXPECT_LE(int64_t(t["write_start_ns"]), int64_t(t["write_end_ns"]));
        EXPECT_LE(int64_t(t["write_end_ns"]), int64_t(t["first_byte_ns"]));
        EXPECT_LE(int64_t(t["first_byte_ns"]), int64_t(t["end_ns"]));
        EXPECT_GE(int64_t(t["chunks_sent"]), 1);
        EXPECT_GE(int64_t(t["chunks_received"]), 1);
        EXPECT_GT(int64_t(t["bytes_sent"]), 0);
        EXPECT_GT(int64_t(t["bytes_received"]), 0);
        reused += bool(t["connection_reused"]) ? 1 : 0;
    }
    EXPECT_EQ(reused, 2);  // one connection, kept alive
}

TEST(Exports, TimeslicesCoverTheRunAndCountEveryRequest) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "2", "--itl", "1"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    const auto r = rt::run(profile_args({"--url", mock.url(), "--model", "m", "--streaming",
                                         "--request-rate", "20", "--request-count", "20", "--osl",
                                         "4", "--slice-duration", "0.25", "--artifact-dir", art}),
                           dir, "profile", 60s);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const auto csv = lines(rt::read_text(art + "/profile_export_aiperf_timeslices.csv"));
    ASSERT_FALSE(csv.empty());
    EXPECT_EQ(csv[0], "Timeslice,Metric,Unit,Stat,Value\r");
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf_timeslices.json").get(doc),
              simdjson::SUCCESS);
    auto slices = simdjson::dom::array(doc["timeslices"]);
    // 20 requests at 20/s: about a second, so four windows or more on a busy machine.
    EXPECT_GE(slices.size(), 3u);
    EXPECT_LE(slices.size(), 40u);
    double total = 0;
    int64_t index = 0;
    for (auto s : slices) {
        EXPECT_EQ(int64_t(s["timeslice_index"]), index++);
        total += double(s["request_count"]["avg"]);
    }
    EXPECT_EQ(total, 20.0);
    EXPECT_DOUBLE_EQ(double(doc["input_config"]["output"]["slice_duration"]), 0.25);
}

TEST(Exports, InterruptedRawRunWritesTheRequestsThatFinished) {
    const std::string dir = rt::make_temp_dir();
    mock_server mock(dir, {"--ttft", "5", "--itl", "20"});
    ASSERT_GT(mock.port(), 0);
    const std::string art = dir + "/art";
    rt::child prof(profile_args({"--url", mock.url(), "--model", "m", "--streaming",
                                 "--concurrency", "4", "--request-count", "100000", "--osl", "10",
                                 "--extra-inputs", "ignore_eos:true", "--export-level", "raw",
                                 "--slice-duration", "0.5", "--artifact-dir", art}),
                   dir, "profile");
    rt::wait_for_benchmark_start(art);
    std::this_thread::sleep_for(1500ms);
    prof.signal(SIGINT);
    const auto r = prof.wait(30s);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    const auto records = lines(rt::read_text(art + "/profile_export.jsonl"));
    ASSERT_GE(records.size(), 4u);
    EXPECT_EQ(lines(rt::read_text(art + "/profile_export_raw.jsonl")).size(), records.size());
    simdjson::dom::parser parser;
    simdjson::dom::element outputs;
    ASSERT_EQ(parser.load(art + "/outputs.json").get(outputs), simdjson::SUCCESS);
    EXPECT_EQ(simdjson::dom::array(outputs["outputs"]).size(), records.size());
    simdjson::dom::element slices;
    ASSERT_EQ(parser.load(art + "/profile_export_aiperf_timeslices.json").get(slices),
              simdjson::SUCCESS);
    double total = 0;
    for (auto s : simdjson::dom::array(slices["timeslices"]))
        total += double(s["request_count"]["avg"]);
    EXPECT_EQ(total, static_cast<double>(records.size()));
}
