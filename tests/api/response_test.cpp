// Golden cases for response interpretation, kept as data in tests/data/api/*.events (format in
// tests/data/api/README.md).
#include "ringperf/api/response.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "ringperf/base/file.h"

namespace {

using ringperf::api::endpoint_type;
using ringperf::api::interpretation;
using ringperf::api::response_interpreter;
using ringperf::api::response_kind;
using ringperf::metrics::error_kind;

struct call {
    int line = 0;  // of the paragraph's first line
    bool has_event = false, has_data = false, has_body = false;
    std::string event, data, body;
    int status = 0;
    std::string expect;
};

struct case_file {
    endpoint_type endpoint = endpoint_type::chat;
    std::vector<call> calls;
};

std::string data_dir() {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return d ? std::string(d) + "/api" : std::string("tests/data/api");
}

// "data: x" → "x", "data:x" → "x": one space after the colon is dropped, as in SSE.
std::string field_value(const std::string& line, std::size_t colon) {
    std::size_t start = colon + 1;
    if (start < line.size() && line[start] == ' ') ++start;
    return line.substr(start);
}

bool starts_with(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

void add_line(case_file& f, call& c, const std::string& line) {
    if (starts_with(line, "|")) {
        c.body += '\n';
        if (line.size() > 2) c.body += line.substr(2);
        return;
    }
    const std::size_t colon = line.find(':');
    ASSERT_NE(colon, std::string::npos) << "line without a field name: " << line;
    const std::string name = line.substr(0, colon);
    const std::string value = field_value(line, colon);
    if (name == "endpoint") {
        f.endpoint = value == "completions" ? endpoint_type::completions : endpoint_type::chat;
    } else if (name == "event") {
        c.has_event = true;
        c.event = value;
    } else if (name == "data") {
        c.has_data = true;
        c.data = value;
    } else if (name == "body") {
        c.has_body = true;
        c.body = value;
    } else if (name == "status") {
        c.status = std::stoi(value);
    } else if (name == "expect") {
        c.expect = value;
    } else {
        FAIL() << "unknown field '" << name << "'";
    }
}

case_file load_cases(const std::string& path) {
    case_file f;
    auto text = ringperf::read_file(path);
    EXPECT_TRUE(text.ok()) << text.message();
    if (!text.ok()) return f;
    call c;
    int line_no = 0;
    std::size_t pos = 0;
    const std::string& s = *text;
    while (pos <= s.size()) {
        std::size_t end = s.find('\n', pos);
        if (end == std::string::npos) end = s.size();
        const std::string line = s.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (starts_with(line, "#")) continue;
        if (line.empty()) {
            if (!c.expect.empty()) f.calls.push_back(c);
            c = call{};
            continue;
        }
        if (c.line == 0) c.line = line_no;
        add_line(f, c, line);
    }
    if (!c.expect.empty()) f.calls.push_back(c);
    std::size_t expects = 0;
    for (std::size_t at = s.find("\nexpect:"); at != std::string::npos;
         at = s.find("\nexpect:", at + 1))
        ++expects;
    EXPECT_EQ(f.calls.size(), expects) << "a paragraph was merged or lost in " << path;
    return f;
}

const char* kind_name(error_kind k) {
    switch (k) {
        case error_kind::none:
            return "none";
        case error_kind::stream_error:
            return "stream_error";
        case error_kind::response_invalid:
            return "response_invalid";
        case error_kind::http_status:
            return "http_status";
        default:
            return "other";
    }
}

std::string str_or_empty(simdjson::dom::element e, const char* key) {
    std::string_view v;
    if (e[key].get(v)) return {};
    return std::string(v);
}

std::int64_t int_or(simdjson::dom::element e, const char* key, std::int64_t dflt) {
    std::int64_t v = 0;
    if (e[key].get(v)) return dflt;
    return v;
}

void check_usage(const interpretation& r, simdjson::dom::element expect) {
    simdjson::dom::element u;
    if (expect["usage"].get(u)) {
        EXPECT_FALSE(r.usage.has_value()) << "unexpected usage";
        return;
    }
    ASSERT_TRUE(r.usage.has_value()) << "usage missing";
    EXPECT_EQ(r.usage->prompt_tokens, int_or(u, "prompt_tokens", -1));
    EXPECT_EQ(r.usage->completion_tokens, int_or(u, "completion_tokens", -1));
    EXPECT_EQ(r.usage->total_tokens, int_or(u, "total_tokens", -1));
    EXPECT_EQ(r.usage->reasoning_tokens, int_or(u, "reasoning_tokens", -1));
}

void check_error(const interpretation& r, simdjson::dom::element expect) {
    simdjson::dom::element e;
    if (expect["error"].get(e)) {
        EXPECT_EQ(r.error, error_kind::none);
        EXPECT_EQ(r.error_code, 0);
        EXPECT_EQ(r.error_type, "");
        EXPECT_EQ(r.error_message, "");
        return;
    }
    EXPECT_STREQ(kind_name(r.error), str_or_empty(e, "kind").c_str());
    EXPECT_EQ(r.error_code, int_or(e, "code", 0));
    EXPECT_EQ(r.error_type, str_or_empty(e, "type"));
    const std::string prefix = str_or_empty(e, "message_prefix");
    if (!prefix.empty()) {
        EXPECT_EQ(r.error_message.substr(0, prefix.size()), prefix);
        EXPECT_GT(r.error_message.size(), prefix.size());
    } else {
        EXPECT_EQ(r.error_message, str_or_empty(e, "message"));
    }
}

void check(const interpretation& r, const std::string& expect_json) {
    simdjson::dom::parser parser;
    simdjson::dom::element expect;
    ASSERT_EQ(parser.parse(expect_json).get(expect), simdjson::SUCCESS) << expect_json;
    EXPECT_STREQ(ringperf::api::response_kind_name(r.kind), str_or_empty(expect, "kind").c_str());
    EXPECT_EQ(r.output_text, str_or_empty(expect, "output"));
    EXPECT_EQ(r.reasoning_text, str_or_empty(expect, "reasoning"));
    EXPECT_EQ(r.has_output, !r.output_text.empty());
    EXPECT_EQ(r.has_reasoning, !r.reasoning_text.empty());
    EXPECT_EQ(r.finish_reason, str_or_empty(expect, "finish_reason"));
    check_usage(r, expect);
    check_error(r, expect);
}

interpretation run(response_interpreter& ri, const call& c) {
    if (c.has_body && c.status != 0) return ri.error_body(c.status, c.body);
    if (c.has_body) return ri.full_body(c.body);
    return ri.stream_event(c.has_event ? c.event : "", c.data);
}

class ResponseGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(ResponseGolden, InterpretsEveryCaseAsRecorded) {
    const std::string path = data_dir() + "/" + GetParam();
    const case_file f = load_cases(path);
    ASSERT_FALSE(f.calls.empty()) << "no cases in " << path;
    response_interpreter ri(f.endpoint);
    for (const call& c : f.calls) {
        SCOPED_TRACE(path + ":" + std::to_string(c.line));
        ASSERT_TRUE(c.has_data || c.has_body) << "case without data or body";
        check(run(ri, c), c.expect);
    }
}

INSTANTIATE_TEST_SUITE_P(Files, ResponseGolden,
                         ::testing::Values("vllm_chat_stream.events",
                                           "vllm_chat_continuous_usage.events",
                                           "sglang_chat_stream.events", "tgi_chat_stream.events",
                                           "reasoning_content_stream.events",
                                           "reasoning_field_stream.events",
                                           "tool_calls_stream.events", "stream_errors.events",
                                           "invalid_json.events", "chat_edge_cases.events",
                                           "completions_stream.events", "chat_full_bodies.events",
                                           "completions_full_bodies.events", "error_bodies.events"),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                             std::string name = param_info.param;
                             return name.substr(0, name.find('.'));
                         });

// Every strict prefix of a well-formed event is unreadable, never a partial success, and the
// interpreter keeps working afterwards.
TEST(ResponseInterpreter, RejectsEveryTruncationOfAChunk) {
    const std::string chunk =
        R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"a\"b","tool_calls":[{"function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"completion_tokens_details":{"reasoning_tokens":0}}})";
    response_interpreter ri(endpoint_type::chat);
    for (std::size_t n = 1; n < chunk.size(); ++n) {
        const std::string prefix = chunk.substr(0, n);
        const interpretation r = ri.stream_event("", prefix);
        if (prefix.find_first_not_of(' ') == std::string::npos) continue;
        ASSERT_EQ(r.kind, response_kind::error) << prefix;
        ASSERT_EQ(r.error, error_kind::response_invalid) << prefix;
    }
    const interpretation whole = ri.stream_event("", chunk);
    EXPECT_EQ(whole.kind, response_kind::content);
    EXPECT_EQ(whole.output_text, "a\"bf{}");
    ASSERT_TRUE(whole.usage.has_value());
    EXPECT_EQ(whole.usage->reasoning_tokens, 0);
}

TEST(ResponseInterpreter, GrowsForLargeBodiesAndKeepsWorking) {
    std::string text(300 * 1024, 'x');
    const std::string body =
        R"({"object":"chat.completion","choices":[{"message":{"content":")" + text + R"("}}]})";
    response_interpreter ri(endpoint_type::chat);
    interpretation r = ri.full_body(body);
    ASSERT_EQ(r.kind, response_kind::content);
    EXPECT_EQ(r.output_text.size(), text.size());
    r = ri.stream_event(
        "", R"({"object":"chat.completion.chunk","choices":[{"delta":{"content":"s"}}]})");
    EXPECT_EQ(r.output_text, "s");
}

TEST(ResponseInterpreter, MovedInterpreterKeepsWorking) {
    response_interpreter a(endpoint_type::completions);
    response_interpreter b = std::move(a);
    const interpretation r =
        b.stream_event("", R"({"object":"text_completion","choices":[{"text":"moved"}]})");
    EXPECT_EQ(r.output_text, "moved");
}

TEST(ResponseInterpreter, ReportsANonEmptyChoicesArrayWithOrWithoutText) {
    response_interpreter ri(endpoint_type::chat);
    const interpretation role = ri.stream_event(
        "", R"({"object":"chat.completion.chunk","choices":[{"delta":{"role":"assistant"}}]})");
    EXPECT_EQ(role.kind, response_kind::ignored);
    EXPECT_TRUE(role.has_choices);
    const interpretation text = ri.stream_event(
        "", R"({"object":"chat.completion.chunk","choices":[{"delta":{"content":"a"}}]})");
    EXPECT_TRUE(text.has_choices);
    const interpretation usage = ri.stream_event(
        "", R"({"object":"chat.completion.chunk","choices":[],"usage":{"completion_tokens":1}})");
    EXPECT_FALSE(usage.has_choices);
    const interpretation none = ri.stream_event("", R"({"object":"chat.completion.chunk"})");
    EXPECT_FALSE(none.has_choices);
    const interpretation err = ri.stream_event("", R"({"error":{"message":"x"},"choices":[{}]})");
    EXPECT_FALSE(err.has_choices);
}

TEST(ResponseKind, HasStableNames) {
    EXPECT_STREQ(ringperf::api::response_kind_name(response_kind::ignored), "ignored");
    EXPECT_STREQ(ringperf::api::response_kind_name(response_kind::content), "content");
    EXPECT_STREQ(ringperf::api::response_kind_name(response_kind::done), "done");
    EXPECT_STREQ(ringperf::api::response_kind_name(response_kind::error), "error");
}

}  // namespace
