#include "ringperf/export/record_raw.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/record_spool.h"

using namespace ringperf::exporter;
using ringperf::wall_clock_map;
using ringperf::metrics::error_kind;
using ringperf::metrics::raw_exchange;
using ringperf::metrics::request_record;

namespace {

constexpr const char* request_id = "7609a2e7-1c1f-4b6e-9a0d-5b2d8c3e4f01";
constexpr const char* correlation_id = "32ee4f33-8d2a-4c61-b7e5-0f9a1b2c3d4e";

void add_message(raw_exchange& raw, ringperf::mono_ns t, std::string_view type,
                 std::string_view data) {
    raw.messages.push_back({t, static_cast<std::uint32_t>(raw.texts.size()),
                            static_cast<std::uint32_t>(type.size()),
                            static_cast<std::uint32_t>(data.size())});
    raw.texts.append(type).append(data);
}

request_record streamed_record() {
    request_record r;
    r.index = 7;
    r.worker_id = 1;
    std::memcpy(r.x_request_id, request_id, 36);
    std::memcpy(r.x_correlation_id, correlation_id, 36);
    r.t_start = 1'000;
    r.t_connected = 1'100;
    r.t_write_start = 1'200;
    r.t_write_end = 1'300;
    r.t_first_byte = 2'000;
    r.t_headers = 2'000;
    r.t_end = 5'000;
    r.status = 200;
    r.bytes_sent = 321;
    r.bytes_received = 654;
    r.chunks_sent = 1;
    r.chunks_received = 3;
    r.connection_reused = true;
    auto& raw = r.raw;
    raw.request =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: h:1\r\nAuthorization: Bearer sk-secret\r\n"
        "x-api-key: k2\r\nContent-Length: 12\r\nX-Request-ID: ";
    raw.request += request_id;
    raw.request += "\r\nX-Correlation-ID: ";
    raw.request += correlation_id;
    raw.request += "\r\n\r\n";
    raw.request_head_len = static_cast<std::uint32_t>(raw.request.size());
    raw.request += "{\"a\":\n[1,2]}";
    raw.response_head = "Content-Type: text/event-stream\nX-Server: mock\n";
    add_message(raw, 2'500, "", "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}");
    add_message(raw, 3'000, "ping", "line1\nline2");
    add_message(raw, 4'000, "", "[DONE]");
    return r;
}

struct parsed {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
};

void parse(parsed& p, const std::string& line) {
    ASSERT_FALSE(line.empty());
    ASSERT_EQ(line.back(), '\n');
    ASSERT_EQ(line.find('\n'), line.size() - 1) << "one line: " << line;
    ASSERT_EQ(p.parser.parse(line).get(p.doc), simdjson::SUCCESS) << line;
}

}  // namespace

TEST(RawJsonl, StreamedRecordCarriesPayloadHeadersAndEveryMessage) {
    const request_record r = streamed_record();
    std::string line;
    append_raw_jsonl(line, r, wall_clock_map{});
    parsed p;
    parse(p, line);
    auto d = p.doc;
    EXPECT_EQ(int64_t(d["metadata"]["session_num"]), 7);
    EXPECT_EQ(std::string_view(d["metadata"]["x_request_id"]), request_id);
    EXPECT_EQ(int64_t(d["start_perf_ns"]), 1'000);
    EXPECT_EQ(simdjson::dom::array(d["payload"]["a"]).size(), 2u);
    EXPECT_EQ(std::string_view(d["request_headers"]["Host"]), "h:1");
    EXPECT_EQ(std::string_view(d["request_headers"]["Authorization"]), "<redacted>");
    EXPECT_EQ(std::string_view(d["request_headers"]["x-api-key"]), "<redacted>");
    EXPECT_EQ(std::string_view(d["request_headers"]["X-Correlation-ID"]), correlation_id);
    EXPECT_EQ(line.find("sk-secret"), std::string::npos);
    EXPECT_EQ(int64_t(d["status"]), 200);
    EXPECT_EQ(std::string_view(d["response_headers"]["X-Server"]), "mock");
    auto responses = simdjson::dom::array(d["responses"]);
    ASSERT_EQ(responses.size(), 3u);
    EXPECT_EQ(int64_t(responses.at(0)["perf_ns"]), 2'500);
    EXPECT_EQ(std::string_view(responses.at(0)["text"]),
              "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}");
    EXPECT_TRUE(responses.at(0)["event"].error() == simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(std::string_view(responses.at(1)["event"]), "ping");
    EXPECT_EQ(std::string_view(responses.at(1)["text"]), "line1\nline2");
    EXPECT_EQ(int64_t(responses.at(2)["perf_ns"]), 4'000);
    EXPECT_TRUE(d["error"].is_null());
    EXPECT_TRUE(d["responses_truncated"].error() == simdjson::NO_SUCH_FIELD);
}

TEST(RawJsonl, FailedRecordWithoutResponseHasNullsAndItsError) {
    request_record r = streamed_record();
    r.status = 0;
    r.raw.response_head.clear();
    r.raw.messages.clear();
    r.raw.texts.clear();
    r.raw.dropped_messages = 2;
    r.raw.dropped_bytes = 99;
    r.error = error_kind::connect;
    r.error_type = "ConnectError";
    r.error_message = "refused";
    std::string line;
    append_raw_jsonl(line, r, wall_clock_map{});
    parsed p;
    parse(p, line);
    EXPECT_TRUE(p.doc["status"].is_null());
    EXPECT_TRUE(p.doc["response_headers"].is_null());
    EXPECT_EQ(simdjson::dom::array(p.doc["responses"]).size(), 0u);
    EXPECT_EQ(std::string_view(p.doc["error"]["type"]), "ConnectError");
    EXPECT_EQ(int64_t(p.doc["responses_truncated"]["dropped_responses"]), 2);
    EXPECT_EQ(int64_t(p.doc["responses_truncated"]["dropped_bytes"]), 99);
}

TEST(RawJsonl, RecordWithoutCaptureHasNullPayloadAndHeaders) {
    request_record r;
    r.status = 200;
    std::string line;
    append_raw_jsonl(line, r, wall_clock_map{});
    parsed p;
    parse(p, line);
    EXPECT_TRUE(p.doc["payload"].is_null());
    EXPECT_TRUE(p.doc["request_headers"].is_null());
    EXPECT_TRUE(p.doc["metadata"]["x_request_id"].is_null());
}

TEST(TraceData, IsInsertedBeforeTheRecordsClosingBrace) {
    const request_record r = streamed_record();
    wall_clock_map clock;  // offset 0: epoch ns == mono ns
    std::string line = "{\"metadata\":{},\"metrics\":{},\"error\":null}\n";
    append_trace_data(line, r, clock);
    parsed p;
    parse(p, line);
    auto t = p.doc["trace_data"];
    EXPECT_EQ(int64_t(t["start_ns"]), 1'000);
    EXPECT_EQ(int64_t(t["connected_ns"]), 1'100);
    EXPECT_EQ(int64_t(t["write_start_ns"]), 1'200);
    EXPECT_EQ(int64_t(t["write_end_ns"]), 1'300);
    EXPECT_EQ(int64_t(t["first_byte_ns"]), 2'000);
    EXPECT_EQ(int64_t(t["headers_ns"]), 2'000);
    EXPECT_EQ(int64_t(t["end_ns"]), 5'000);
    EXPECT_EQ(int64_t(t["bytes_sent"]), 321);
    EXPECT_EQ(int64_t(t["bytes_received"]), 654);
    EXPECT_EQ(int64_t(t["chunks_sent"]), 1);
    EXPECT_EQ(int64_t(t["chunks_received"]), 3);
    EXPECT_TRUE(bool(t["connection_reused"]));
    EXPECT_TRUE(p.doc["error"].is_null());
}

TEST(TraceData, UnreachedPhasesAreNull) {
    request_record r;
    r.t_start = 10;
    std::string line = "{\"error\":null}\n";
    append_trace_data(line, r, wall_clock_map{});
    parsed p;
    parse(p, line);
    EXPECT_EQ(int64_t(p.doc["trace_data"]["start_ns"]), 10);
    EXPECT_TRUE(p.doc["trace_data"]["first_byte_ns"].is_null());
    EXPECT_FALSE(bool(p.doc["trace_data"]["connection_reused"]));
}

TEST(OutputsJson, SpoolsJoinIntoOneDocumentInOrder) {
    const std::string dir = ::testing::TempDir() + "outputs_" + std::to_string(::getpid());
    std::vector<std::string> spools = {dir + "/a.jsonl", dir + "/b.jsonl"};
    request_record r = streamed_record();
    std::string text[2];
    r.output_text = "first \"quoted\"";
    append_output_entry(text[0], r);
    r.index = 8;
    r.output_text = "second";
    r.reasoning_text = "why";
    append_output_entry(text[0], r);
    r.index = 9;
    r.output_text.clear();
    r.reasoning_text.clear();
    r.error = error_kind::http_status;
    r.error_code = 500;
    r.error_message = "boom";
    append_output_entry(text[1], r);
    for (int i = 0; i < 2; ++i) {
        auto s = record_spool::open(spools[i]);
        ASSERT_TRUE(s.ok()) << s.message();
        ASSERT_TRUE(s->append(text[i]).ok());
        ASSERT_TRUE(s->close().ok());
    }
    const std::string out = dir + "/outputs.json";
    ASSERT_TRUE(finalize_outputs_json(spools, out).ok());
    auto content = ringperf::read_file(out);
    ASSERT_TRUE(content.ok());
    parsed p;
    ASSERT_EQ(p.parser.parse(*content).get(p.doc), simdjson::SUCCESS) << *content;
    auto list = simdjson::dom::array(p.doc["outputs"]);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(std::string_view(list.at(0)["output_text"]), "first \"quoted\"");
    EXPECT_EQ(int64_t(list.at(1)["session_num"]), 8);
    EXPECT_EQ(std::string_view(list.at(1)["reasoning_text"]), "why");
    EXPECT_EQ(int64_t(list.at(2)["error"]["code"]), 500);
    EXPECT_EQ(std::string_view(list.at(0)["benchmark_phase"]), "profiling");
    EXPECT_NE(::access(spools[0].c_str(), F_OK), 0) << "spools are removed";
}

TEST(OutputsJson, NoEntriesGiveAnEmptyList) {
    const std::string dir = ::testing::TempDir() + "outputs_empty_" + std::to_string(::getpid());
    ASSERT_TRUE(ringperf::make_dirs(dir).ok());
    const std::string out = dir + "/outputs.json";
    ASSERT_TRUE(finalize_outputs_json({}, out).ok());
    auto content = ringperf::read_file(out);
    ASSERT_TRUE(content.ok());
    parsed p;
    ASSERT_EQ(p.parser.parse(*content).get(p.doc), simdjson::SUCCESS) << *content;
    EXPECT_EQ(simdjson::dom::array(p.doc["outputs"]).size(), 0u);
}

TEST(OutputsJson, MissingSpoolIsAnErrorNamingIt) {
    const std::string dir = ::testing::TempDir() + "outputs_missing_" + std::to_string(::getpid());
    ASSERT_TRUE(ringperf::make_dirs(dir).ok());
    const std::vector<std::string> spools = {dir + "/nope.jsonl"};
    auto r = finalize_outputs_json(spools, dir + "/outputs.json");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("nope.jsonl"), std::string::npos) << r.message();
    EXPECT_NE(::access((dir + "/outputs.json").c_str(), F_OK), 0);
}

TEST(ExportPaths, RawOutputsAndTimeslicesFollowThePrefix) {
    const export_paths d = make_export_paths("/a", "");
    EXPECT_EQ(d.raw_jsonl, "/a/profile_export_raw.jsonl");
    EXPECT_EQ(d.outputs_json, "/a/outputs.json");
    EXPECT_EQ(d.timeslices_csv, "/a/profile_export_aiperf_timeslices.csv");
    EXPECT_EQ(d.timeslices_json, "/a/profile_export_aiperf_timeslices.json");
    const export_paths p = make_export_paths("/a", "run1.jsonl");
    EXPECT_EQ(p.raw_jsonl, "/a/run1_raw.jsonl");
    EXPECT_EQ(p.outputs_json, "/a/run1_outputs.json");
    EXPECT_EQ(p.timeslices_csv, "/a/run1_timeslices.csv");
    EXPECT_EQ(p.timeslices_json, "/a/run1_timeslices.json");
}
