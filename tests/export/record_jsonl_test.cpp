#include "ringperf/export/record_jsonl.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstring>
#include <string>
#include <vector>

#include "ringperf/base/json_writer.h"
#include "ringperf/base/rng.h"
#include "ringperf/export/format.h"
#include "test_catalogue.h"

using namespace ringperf::exporter;
using ringperf::wall_clock_map;
using ringperf::metrics::benchmark_phase;
using ringperf::metrics::error_kind;
using ringperf::metrics::record_values;
using ringperf::metrics::request_record;
using test_catalogue::metric_id;

namespace {

constexpr const char* request_id = "7609a2e7-1c1f-4b6e-9a0d-5b2d8c3e4f01";
constexpr const char* correlation_id = "32ee4f33-8d2a-4c61-b7e5-0f9a1b2c3d4e";

request_record base_record() {
    request_record r;
    r.index = 45;
    r.worker_id = 3;
    r.turn_index = 0;
    r.phase = benchmark_phase::profiling;
    std::memcpy(r.x_request_id, request_id, 36);
    std::memcpy(r.x_correlation_id, correlation_id, 36);
    r.conversation = 17;
    r.t_start = 1'000'000'000;
    r.t_headers = 1'117'830'613;
    r.t_end = 1'297'520'000;
    r.status = 200;
    return r;
}

record_values streamed_values() {
    record_values v;
    v.time_to_first_token_ns = 255'880'000;
    v.time_to_second_token_ns = 4'890'000;
    v.request_latency_ns = 297'520'000;
    v.inter_token_latency_ns = 5'200'000.0;
    v.inter_chunk_latency_ns = {4'890'000, 5'310'000, 4'800'000};
    v.output_token_throughput_per_user = 192.30769230769232;
    v.output_sequence_length = 9;
    v.input_sequence_length = 550;
    return v;
}

struct parsed {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
};

std::string text(simdjson::dom::element e) {
    return std::string(std::string_view(e));
}

void check_metric(simdjson::dom::object metrics, const char* tag, double value, const char* unit) {
    simdjson::dom::object m = metrics[tag];
    EXPECT_EQ(m.size(), 2u) << tag;
    EXPECT_DOUBLE_EQ(double(m["value"]), value) << tag;
    EXPECT_EQ(text(m["unit"]), unit) << tag;
}

class RecordJsonl : public ::testing::Test {
  protected:
    wall_clock_map clock_ = wall_clock_map::capture();
    record_metric_table table_{test_catalogue::infos};
    std::string out_;
    simdjson::dom::parser parser_;

    simdjson::dom::element parse() {
        EXPECT_FALSE(out_.empty());
        EXPECT_EQ(out_.back(), '\n');
        EXPECT_EQ(out_.find('\n'), out_.size() - 1) << "one line";
        return parser_.parse(simdjson::padded_string(out_));
    }
};

}  // namespace

TEST_F(RecordJsonl, StreamedSuccessfulRecordCarriesEveryField) {
    request_record r = base_record();
    r.streaming = true;
    append_record_jsonl(out_, r, streamed_values(), clock_, table_);
    simdjson::dom::element doc = parse();
    simdjson::dom::object top = doc;
    EXPECT_EQ(top.size(), 3u);

    simdjson::dom::object md = doc["metadata"];
    EXPECT_EQ(md.size(), 13u);
    EXPECT_EQ(std::uint64_t(md["session_num"]), 45u);
    EXPECT_EQ(text(md["x_request_id"]), request_id);
    EXPECT_EQ(text(md["x_correlation_id"]), correlation_id);
    EXPECT_EQ(text(md["conversation_id"]), "17");
    EXPECT_EQ(std::int64_t(md["turn_index"]), 0);
    const std::int64_t offset = clock_.offset_ns();
    EXPECT_GT(offset, 1'600'000'000'000'000'000);  // a real epoch mapping, after 2020
    EXPECT_EQ(std::int64_t(md["request_start_ns"]), 1'000'000'000 + offset);
    EXPECT_EQ(std::int64_t(md["request_ack_ns"]), 1'117'830'613 + offset);
    EXPECT_EQ(std::int64_t(md["request_end_ns"]), 1'297'520'000 + offset);
    EXPECT_EQ(text(md["worker_id"]), "worker_3");
    EXPECT_EQ(text(md["record_processor_id"]), "worker_3");
    EXPECT_EQ(text(md["benchmark_phase"]), "profiling");
    EXPECT_FALSE(bool(md["was_cancelled"]));
    EXPECT_TRUE(md["cancellation_time_ns"].is_null());

    simdjson::dom::object m = doc["metrics"];
    EXPECT_EQ(m.size(), 8u);
    check_metric(m, "time_to_first_token", 255.88, "ms");
    check_metric(m, "time_to_second_token", 4.89, "ms");
    check_metric(m, "request_latency", 297.52, "ms");
    check_metric(m, "inter_token_latency", 5.2, "ms");
    check_metric(m, "output_token_throughput_per_user", 192.30769230769232, "tokens/sec/user");
    check_metric(m, "output_sequence_length", 9, "tokens");
    check_metric(m, "input_sequence_length", 550, "tokens");
    EXPECT_EQ(simdjson::dom::element(m["output_sequence_length"]["value"]).type(),
              simdjson::dom::element_type::INT64);
    EXPECT_EQ(simdjson::dom::element(m["request_latency"]["value"]).type(),
              simdjson::dom::element_type::DOUBLE);
    simdjson::dom::array icl = m["inter_chunk_latency"]["value"];
    ASSERT_EQ(icl.size(), 3u);
    EXPECT_DOUBLE_EQ(double(icl.at(0)), 4.89);
    EXPECT_DOUBLE_EQ(double(icl.at(1)), 5.31);
    EXPECT_DOUBLE_EQ(double(icl.at(2)), 4.8);
    EXPECT_EQ(text(m["inter_chunk_latency"]["unit"]), "ms");

    EXPECT_TRUE(doc["error"].is_null());
}

TEST_F(RecordJsonl, NonStreamedRecordHasNoStreamingMetrics) {
    request_record r = base_record();
    record_values v;
    v.request_latency_ns = 2'000'000'000;
    v.output_sequence_length = 128;
    v.input_sequence_length = 64;
    append_record_jsonl(out_, r, v, clock_, table_, "a5cdb1fe-0d9e-4f5c-8b1a-2f3e4d5c6b7a");
    simdjson::dom::element doc = parse();
    EXPECT_EQ(text(doc["metadata"]["conversation_id"]), "a5cdb1fe-0d9e-4f5c-8b1a-2f3e4d5c6b7a");
    simdjson::dom::object m = doc["metrics"];
    EXPECT_EQ(m.size(), 3u);
    check_metric(m, "request_latency", 2000.0, "ms");
    check_metric(m, "output_sequence_length", 128, "tokens");
    check_metric(m, "input_sequence_length", 64, "tokens");
    EXPECT_NE(out_.find("\"request_latency\":{\"value\":2000.0,\"unit\":\"ms\"}"),
              std::string::npos);
    EXPECT_TRUE(doc["error"].is_null());
}

TEST_F(RecordJsonl, CarriesLatencyFromIntendedAndLags) {
    request_record r = base_record();
    r.streaming = true;
    record_values v = streamed_values();
    v.time_to_first_token_from_intended_ns = 258'880'000;
    v.request_latency_from_intended_ns = 300'520'000;
    v.send_lag_ns = 3'012'345;
    v.schedule_lag_ns = 3'000'001;
    append_record_jsonl(out_, r, v, clock_, table_);
    simdjson::dom::element doc = parse();
    simdjson::dom::object m = doc["metrics"];
    EXPECT_EQ(m.size(), 12u);
    check_metric(m, "time_to_first_token_from_intended", 258.88, "ms");
    check_metric(m, "request_latency_from_intended", 300.52, "ms");
    check_metric(m, "send_lag", 3.012345, "ms");
    check_metric(m, "schedule_lag", 3.000001, "ms");
    // Each beside its partner, the lags last.
    const auto at = [this](const char* tag) { return out_.find(std::string("\"") + tag + "\":"); };
    EXPECT_LT(at("time_to_first_token"), at("time_to_first_token_from_intended"));
    EXPECT_LT(at("time_to_first_token_from_intended"), at("time_to_second_token"));
    EXPECT_LT(at("request_latency"), at("request_latency_from_intended"));
    EXPECT_LT(at("request_latency_from_intended"), at("inter_token_latency"));
    EXPECT_LT(at("input_sequence_length"), at("send_lag"));
    EXPECT_LT(at("send_lag"), at("schedule_lag"));
    EXPECT_NE(out_.find("\"send_lag\":{\"value\":3.012345,\"unit\":\"ms\"}"), std::string::npos);
}

TEST_F(RecordJsonl, FailedRecordCarriesTheErrorAndNoMetrics) {
    request_record r = base_record();
    r.t_headers = 0;
    r.error = error_kind::http_status;
    r.error_code = 500;
    r.error_type = "Internal Server Error";
    r.error_message = "{\"error\": \"out of memory\"}\nretry later";
    append_record_jsonl(out_, r, record_values{}, clock_, table_);
    simdjson::dom::element doc = parse();
    EXPECT_TRUE(doc["metadata"]["request_ack_ns"].is_null());
    EXPECT_EQ(simdjson::dom::object(doc["metrics"]).size(), 0u);
    simdjson::dom::object e = doc["error"];
    EXPECT_EQ(e.size(), 3u);
    EXPECT_EQ(std::int64_t(e["code"]), 500);
    EXPECT_EQ(text(e["type"]), "Internal Server Error");
    EXPECT_EQ(text(e["message"]), "{\"error\": \"out of memory\"}\nretry later");
}

TEST_F(RecordJsonl, CancelledWarmupRecordMapsTheCancellationTime) {
    request_record r = base_record();
    r.phase = benchmark_phase::warmup;
    std::memset(r.x_request_id, 0, sizeof r.x_request_id);
    r.error = error_kind::cancelled;
    r.was_cancelled = true;
    r.cancel_ns = 1'050'000'000;
    r.error_code = 0;
    r.error_message = "Request was cancelled";
    append_record_jsonl(out_, r, record_values{}, clock_, table_);
    simdjson::dom::element doc = parse();
    simdjson::dom::object md = doc["metadata"];
    EXPECT_EQ(text(md["benchmark_phase"]), "warmup");
    EXPECT_TRUE(md["x_request_id"].is_null());
    EXPECT_TRUE(bool(md["was_cancelled"]));
    EXPECT_EQ(std::int64_t(md["cancellation_time_ns"]), 1'050'000'000 + clock_.offset_ns());
    EXPECT_TRUE(doc["error"]["code"].is_null());
    EXPECT_TRUE(doc["error"]["type"].is_null());
    EXPECT_EQ(text(doc["error"]["message"]), "Request was cancelled");
}

TEST_F(RecordJsonl, SkipsMetricsTheCatalogueDoesNotExportPerRecord) {
    auto infos = test_catalogue::infos;
    infos[static_cast<std::size_t>(metric_id::time_to_first_token)].flags |=
        ringperf::metrics::flag::no_individual_records;
    const std::vector<ringperf::metrics::metric_info> partial(infos.begin(), infos.begin() + 5);
    const record_metric_table table(partial);  // no ICL, OTPU, OSL, ISL
    request_record r = base_record();
    append_record_jsonl(out_, r, streamed_values(), clock_, table);
    simdjson::dom::element doc = parse();
    simdjson::dom::object m = doc["metrics"];
    EXPECT_EQ(m.size(), 3u);
    EXPECT_TRUE(m["time_to_second_token"].error() == simdjson::SUCCESS);
    EXPECT_TRUE(m["request_latency"].error() == simdjson::SUCCESS);
    EXPECT_TRUE(m["inter_token_latency"].error() == simdjson::SUCCESS);
}

TEST_F(RecordJsonl, AppendsToAReusedBufferWithoutReallocating) {
    const request_record r = base_record();
    const record_values v = streamed_values();
    out_.reserve(4096);
    append_record_jsonl(out_, r, v, clock_, table_);
    const std::string first = out_;
    const char* data = out_.data();
    append_record_jsonl(out_, r, v, clock_, table_);
    EXPECT_EQ(out_, first + first);
    out_.clear();
    append_record_jsonl(out_, r, v, clock_, table_);
    EXPECT_EQ(out_, first);
    EXPECT_EQ(out_.data(), data);
}

TEST_F(RecordJsonl, MillisecondsReadAsPythonWritesTheFloat) {
    // The text of ns / 1e6 must be what Python's json module writes for that float.
    ringperf::rng rng(7);
    record_values v;
    v.inter_chunk_latency_ns = {0, 1, 5'000'000, 255'880'000, 999'999, 1'000'000'000'000};
    for (int i = 0; i < 2000; ++i) {
        const auto magnitude = static_cast<std::int64_t>(rng.below(13));
        std::int64_t bound = 1;
        for (int d = 0; d <= magnitude; ++d)
            bound *= 10;
        v.inter_chunk_latency_ns.push_back(
            static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(bound))));
    }
    append_record_jsonl(out_, base_record(), v, clock_, table_);
    const std::string open = "\"inter_chunk_latency\":{\"value\":[";
    const auto from = out_.find(open);
    ASSERT_NE(from, std::string::npos);
    const auto to = out_.find(']', from);
    const std::string list = out_.substr(from + open.size(), to - from - open.size());
    std::size_t pos = 0;
    for (const std::int64_t ns : v.inter_chunk_latency_ns) {
        const auto comma = std::min(list.find(',', pos), list.size());
        EXPECT_EQ(list.substr(pos, comma - pos), format_json_float(static_cast<double>(ns) / 1e6))
            << ns;
        pos = comma + 1;
    }
    EXPECT_EQ(list.substr(0, 39), "0.0,1e-06,5.0,255.88,0.999999,1000000.0");
}

TEST_F(RecordJsonl, OutputAndReasoningTokenCountsAreIntegerTokenMetrics) {
    record_values v = streamed_values();
    v.output_sequence_length = 12;
    v.output_token_count = 7;
    v.reasoning_token_count = 5;
    append_record_jsonl(out_, base_record(), v, clock_, table_);
    simdjson::dom::element doc = parse();
    simdjson::dom::object m = doc["metrics"];
    EXPECT_EQ(m.size(), 10u);
    check_metric(m, "output_sequence_length", 12, "tokens");
    check_metric(m, "output_token_count", 7, "tokens");
    check_metric(m, "reasoning_token_count", 5, "tokens");
    EXPECT_EQ(simdjson::dom::element(m["reasoning_token_count"]["value"]).type(),
              simdjson::dom::element_type::INT64);
    // Right after ISL, with the other token counts.
    EXPECT_LT(out_.find("\"input_sequence_length\""), out_.find("\"output_token_count\""));
    EXPECT_LT(out_.find("\"output_token_count\""), out_.find("\"reasoning_token_count\""));
}

TEST_F(RecordJsonl, AbsentTokenCountsAreLeftOut) {
    record_values v = streamed_values();
    v.output_sequence_length.reset();
    v.input_sequence_length.reset();
    append_record_jsonl(out_, base_record(), v, clock_, table_);
    EXPECT_EQ(out_.find("sequence_length"), std::string::npos) << out_;
    EXPECT_EQ(out_.find("token_count"), std::string::npos) << out_;
}

TEST(RecordMetricTable, PreEncodedKeysAndUnitsAreTheEscapedCatalogueTexts) {
    const auto& catalogue = ringperf::metrics::all_metrics();
    const record_metric_table table(catalogue);
    std::size_t written = 0;
    for (const auto& m : catalogue) {
        const bool writes = table.find(m.id) != nullptr;
        if (!writes) {
            EXPECT_EQ(table.value_prefix(m.id), "") << m.tag;
            EXPECT_EQ(table.unit_suffix(m.id), "") << m.tag;
            continue;
        }
        ++written;
        std::string prefix = ",", suffix = ",\"unit\":";
        ringperf::json_append_string(prefix, m.tag);
        prefix += ":{\"value\":";
        ringperf::json_append_string(suffix, m.display_unit);
        suffix += "}";
        EXPECT_EQ(table.value_prefix(m.id), prefix);
        EXPECT_EQ(table.unit_suffix(m.id), suffix);
    }
    EXPECT_GT(written, 40u);
}

TEST_F(RecordJsonl, TagsAndUnitsThatNeedEscapingAreEscaped) {
    auto infos = test_catalogue::infos;
    auto& latency = infos[static_cast<std::size_t>(metric_id::request_latency)];
    latency.tag = "request \"latency\"";
    latency.display_unit = "m\\s\n";
    const record_metric_table table(infos);
    EXPECT_EQ(table.value_prefix(metric_id::request_latency),
              ",\"request \\\"latency\\\"\":{\"value\":");
    EXPECT_EQ(table.unit_suffix(metric_id::request_latency), ",\"unit\":\"m\\\\s\\n\"}");
    record_values v;
    v.request_latency_ns = 2'500'000;
    append_record_jsonl(out_, base_record(), v, clock_, table);
    simdjson::dom::element doc = parse();
    simdjson::dom::object m = doc["metrics"];
    check_metric(m, "request \"latency\"", 2.5, "m\\s\n");
}

TEST_F(RecordJsonl, LongErrorTextsAndIdsNeedingEscapesPassThroughTheLineBuffer) {
    request_record r = base_record();
    r.error = error_kind::http_status;
    r.error_code = 503;
    r.error_type = std::string(3000, 'x') + "\"";
    r.error_message = std::string(5000, 'y');
    r.x_correlation_id[3] = '"';
    append_record_jsonl(out_, r, record_values{}, clock_, table_, "conv\ttab");
    simdjson::dom::element doc = parse();
    std::string id = correlation_id;
    id[3] = '"';
    EXPECT_EQ(text(doc["metadata"]["x_correlation_id"]), id);
    EXPECT_EQ(text(doc["metadata"]["conversation_id"]), "conv\ttab");
    EXPECT_EQ(text(doc["error"]["type"]), r.error_type);
    EXPECT_EQ(text(doc["error"]["message"]), r.error_message);
    EXPECT_NE(out_.find("\"conversation_id\":\"conv\\ttab\""), std::string::npos);
}

TEST(RecordJsonlText, EveryByteValueIsEscapedExactlyAsJsonAppendStringDoes) {
    // Each byte value at each position of strings longer than the eight-byte steps of the
    // escape check, beside bytes from the top half.
    const wall_clock_map clock = wall_clock_map::capture();
    request_record r = base_record();
    for (std::size_t len : {1u, 7u, 8u, 9u, 17u, 36u}) {
        for (int b = 0; b < 256; ++b) {
            for (std::size_t at = 0; at < len; ++at) {
                std::string conv(len, ' ');
                for (std::size_t i = 0; i < len; ++i)
                    conv[i] = static_cast<char>(i % 2 == 0 ? 0xA0 : 0x20);
                conv[at] = static_cast<char>(b);
                std::string out;
                append_record_metadata(out, r, clock, conv);
                std::string expected = ",\"conversation_id\":";
                ringperf::json_append_string(expected, conv);
                expected += ",\"turn_index\":";
                ASSERT_NE(out.find(expected), std::string::npos)
                    << "byte " << b << " at " << at << " of " << len;
            }
        }
    }
}
