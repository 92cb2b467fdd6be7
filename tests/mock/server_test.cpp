#include "ringperf/mock/server.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_client.h"

namespace ringperf::mock {
namespace {

using testing::client;
using testing::get;
using testing::post;
using testing::response;
namespace dom = simdjson::dom;

constexpr double ttft_ms = 5;
constexpr double itl_ms = 1;

mock_options test_options() {
    mock_options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.workers = 2;
    o.ttft_ms = ttft_ms;
    o.itl_ms = itl_ms;
    return o;
}

std::unique_ptr<server> start(const mock_options& o = test_options()) {
    auto s = server::start(o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.message());
    return s.ok() ? std::move(*s) : nullptr;
}

std::string chat_body(std::string_view content, bool stream, int max_tokens, bool usage = true,
                      std::string_view model = "m1") {
    std::string b = R"({"model":")" + std::string(model) + R"(","messages":[{"role":"user",)" +
                    R"("content":")" + std::string(content) + R"("}],"stream":)" +
                    (stream ? "true" : "false");
    if (usage) b += R"(,"stream_options":{"include_usage":true})";
    if (max_tokens >= 0)
        b += R"(,"max_completion_tokens":)" + std::to_string(max_tokens) + R"(,"ignore_eos":true)";
    return b + "}";
}

// The JSON of an SSE chunk "data: {json}\n\n"; fails the test on any other framing.
std::string event_payload(const std::string& chunk) {
    EXPECT_EQ(chunk.rfind("data: ", 0), 0u) << chunk;
    EXPECT_GE(chunk.size(), 8u);
    EXPECT_EQ(chunk.substr(chunk.size() - 2), "\n\n") << chunk;
    return chunk.size() >= 8 ? chunk.substr(6, chunk.size() - 8) : std::string();
}

struct json_doc {
    dom::parser parser;
    dom::element root;
    explicit json_doc(const std::string& text) { root = parser.parse(text); }
};

std::string str(dom::element e) {
    return std::string(std::string_view(e));
}

TEST(MockServer, StreamsChatWithRoleTokensFinishUsageAndDone) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("alpha beta gamma", true, 7))));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.at("content-type"), "text/event-stream");
    ASSERT_EQ(r.chunks.size(), 11u);  // role, 7 tokens, finish, usage, [DONE]

    json_doc role(event_payload(r.chunks[0].data));
    EXPECT_EQ(str(role.root["object"]), "chat.completion.chunk");
    EXPECT_EQ(str(role.root["model"]), "m1");
    EXPECT_EQ(str(role.root["choices"].at(0)["delta"]["role"]), "assistant");
    EXPECT_EQ(str(role.root["choices"].at(0)["delta"]["content"]), "");
    const std::string id = str(role.root["id"]);
    EXPECT_EQ(id.rfind("chatcmpl-", 0), 0u);

    const char* words[] = {" alpha", " beta", " gamma", " alpha", " beta", " gamma", " alpha"};
    for (int k = 0; k < 7; ++k) {
        json_doc tok(event_payload(r.chunks[1 + k].data));
        EXPECT_EQ(str(tok.root["id"]), id);
        dom::element choice = tok.root["choices"].at(0);
        EXPECT_EQ(str(choice["delta"]["content"]), words[k]);
        EXPECT_TRUE(choice["finish_reason"].is_null());
    }
    json_doc fin(event_payload(r.chunks[8].data));
    EXPECT_EQ(str(fin.root["choices"].at(0)["finish_reason"]), "length");
    EXPECT_EQ(dom::object(fin.root["choices"].at(0)["delta"]).size(), 0u);

    json_doc usage(event_payload(r.chunks[9].data));
    EXPECT_EQ(dom::array(usage.root["choices"]).size(), 0u);
    EXPECT_EQ(std::uint64_t(usage.root["usage"]["prompt_tokens"]), 3u);
    EXPECT_EQ(std::uint64_t(usage.root["usage"]["completion_tokens"]), 7u);
    EXPECT_EQ(std::uint64_t(usage.root["usage"]["total_tokens"]), 10u);
    EXPECT_EQ(r.chunks[10].data, "data: [DONE]\n\n");
}

TEST(MockServer, StreamsCompletionsAsTextCompletionWithoutUsageUnlessAsked) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    const std::string body =
        R"({"model":"m2","prompt":["one two","three"],"stream":true,"max_tokens":4,)"
        R"("ignore_eos":true})";
    ASSERT_TRUE(c.send(post("/v1/completions", body)));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.chunks.size(), 6u);  // 4 tokens, finish, [DONE]
    const char* words[] = {" one", " two", " three", " one"};
    for (int k = 0; k < 4; ++k) {
        json_doc tok(event_payload(r.chunks[k].data));
        EXPECT_EQ(str(tok.root["object"]), "text_completion");
        EXPECT_EQ(str(tok.root["choices"].at(0)["text"]), words[k]);
    }
    json_doc fin(event_payload(r.chunks[4].data));
    EXPECT_EQ(str(fin.root["choices"].at(0)["finish_reason"]), "length");
    EXPECT_EQ(r.chunks[5].data, "data: [DONE]\n\n");
}

TEST(MockServer, AnswersChatWholeWithUsage) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("x y", false, 3, false))));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    json_doc d(r.body);
    EXPECT_EQ(str(d.root["object"]), "chat.completion");
    dom::element choice = d.root["choices"].at(0);
    EXPECT_EQ(str(choice["message"]["role"]), "assistant");
    EXPECT_EQ(str(choice["message"]["content"]), " x y x");
    EXPECT_EQ(str(choice["finish_reason"]), "length");
    EXPECT_EQ(std::uint64_t(d.root["usage"]["prompt_tokens"]), 2u);
    EXPECT_EQ(std::uint64_t(d.root["usage"]["completion_tokens"]), 3u);
    EXPECT_EQ(std::uint64_t(d.root["usage"]["total_tokens"]), 5u);
}

TEST(MockServer, AnswersCompletionsWholeWithNaturalLengthWhenNoMaxIsGiven) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/completions", R"({"prompt":"just four words here"})")));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    json_doc d(r.body);
    EXPECT_EQ(str(d.root["object"]), "text_completion");
    EXPECT_EQ(str(d.root["model"]), "mock-model");
    EXPECT_EQ(str(d.root["choices"].at(0)["finish_reason"]), "stop");
    EXPECT_EQ(std::uint64_t(d.root["usage"]["prompt_tokens"]), 4u);
    EXPECT_EQ(std::uint64_t(d.root["usage"]["completion_tokens"]), 16u);  // the minimum
    EXPECT_EQ(str(d.root["choices"].at(0)["text"]).rfind(" just four words here just", 0), 0u);
}

TEST(MockServer, ListsModelsSeenSoFar) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(get("/v1/models")));
    response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    {
        json_doc d(r.body);
        EXPECT_EQ(str(d.root["object"]), "list");
        EXPECT_EQ(str(d.root["data"].at(0)["id"]), "mock-model");
    }
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("a", false, 1, false, "seen-1"))));
    ASSERT_TRUE(c.read_response().ok);
    ASSERT_TRUE(c.send(get("/v1/models")));
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    json_doc d(r.body);
    ASSERT_EQ(dom::array(d.root["data"]).size(), 1u);
    EXPECT_EQ(str(d.root["data"].at(0)["id"]), "seen-1");
}

TEST(MockServer, HealthIsOk) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(get("/health")));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"status":"ok"})");
}

TEST(MockServer, RejectsUnknownPathWrongMethodAndInvalidJsonButKeepsTheConnection) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(get("/nope")));
    response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 404);

    ASSERT_TRUE(c.send(get("/v1/chat/completions")));
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.headers.at("allow"), "POST");

    ASSERT_TRUE(c.send(post("/v1/chat/completions", "{\"messages\": [")));
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 400);
    json_doc d(r.body);
    EXPECT_EQ(str(d.root["error"]["type"]), "invalid_request_error");
    EXPECT_EQ(std::int64_t(d.root["error"]["code"]), 400);
    EXPECT_FALSE(str(d.root["error"]["message"]).empty());

    ASSERT_TRUE(c.send(post("/v1/chat/completions", R"({"messages":"not a list"})")));
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 400);

    ASSERT_TRUE(c.send(get("/health")));
    EXPECT_EQ(c.read_response().status, 200);
}

TEST(MockServer, AnswersMalformedHttpWith400AndCloses) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send("GARBAGE\r\n\r\n"));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.headers.at("connection"), "close");
    EXPECT_TRUE(c.closed_by_peer());
}

TEST(MockServer, KeepsAliveAcrossRequestsAndClosesOnConnectionClose) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("k", true, 2))));
    ASSERT_TRUE(c.read_response().ok);
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("k", false, 2))));
    ASSERT_TRUE(c.read_response().ok);
    ASSERT_TRUE(
        c.send(post("/v1/chat/completions", chat_body("k", true, 2), "Connection: close\r\n")));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.headers.at("connection"), "close");
    EXPECT_EQ(r.chunks.size(), 6u);
    EXPECT_TRUE(c.closed_by_peer());
    EXPECT_EQ(s->stats().requests, 3u);
}

TEST(MockServer, AnswersPipelinedRequestsInOrder) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    const std::string batch =
        post("/v1/chat/completions", chat_body("p q", true, 3)) + get("/health") +
        post("/v1/completions", R"({"prompt":"z","max_tokens":2})") + get("/nope");
    ASSERT_TRUE(c.send(batch));
    response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.chunks.size(), 7u);
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.body, R"({"status":"ok"})");
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    json_doc d(r.body);
    EXPECT_EQ(str(d.root["choices"].at(0)["text"]), " z z");
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 404);
}

TEST(MockServer, SendsNoTokenBeforeItsDeadline) {
    mock_options o = test_options();
    o.ttft_ms = 20;
    o.itl_ms = 4;
    auto s = start(o);
    ASSERT_TRUE(s);
    client c(s->port());
    const std::string req = post("/v1/chat/completions", chat_body("t", true, 6, false));
    const mono_ns sent = now_mono_ns();
    ASSERT_TRUE(c.send(req));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.chunks.size(), 9u);
    for (int k = 0; k < 6; ++k) {
        const mono_ns earliest = sent + 20'000'000 + k * 4'000'000;
        EXPECT_GE(r.chunks[1 + k].arrived, earliest) << "token " << k;
    }
}

TEST(MockServer, SendsAWholeAnswerNoEarlierThanItsLastTokensDeadline) {
    mock_options o = test_options();
    o.ttft_ms = 10;
    o.itl_ms = 5;
    auto s = start(o);
    ASSERT_TRUE(s);
    client c(s->port());
    const std::string req = post("/v1/chat/completions", chat_body("t", false, 5, false));
    const mono_ns sent = now_mono_ns();
    ASSERT_TRUE(c.send(req));
    ASSERT_TRUE(c.read_response().ok);
    EXPECT_GE(now_mono_ns() - sent, 10'000'000 + 4 * 5'000'000);
}

TEST(MockServer, ReadsLargeBodiesSpanningManyReceiveBuffers) {
    auto s = start();
    ASSERT_TRUE(s);
    std::string content;
    for (int i = 0; i < 30000; ++i)
        content += "w" + std::to_string(i) + " ";
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body(content, false, 2, false))));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    json_doc d(r.body);
    EXPECT_EQ(std::uint64_t(d.root["usage"]["prompt_tokens"]), 30000u);
    EXPECT_EQ(str(d.root["choices"].at(0)["message"]["content"]), " w0 w1");
}

TEST(MockServer, SendsLargeAnswersWhole) {
    mock_options o = test_options();
    o.itl_ms = 0;
    auto s = start(o);
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/completions",
                            R"({"prompt":"abcdefghij","max_tokens":300000,"ignore_eos":true})")));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    json_doc d(r.body);
    EXPECT_EQ(str(d.root["choices"].at(0)["text"]).size(), 300000u * 11);
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ','))
        out.push_back(f);
    return out;
}

TEST(MockServer, LogsEveryTokensSendTimeToTheGroundTruthFile) {
    const std::string path = ::testing::TempDir() + "mock_ground_truth.csv";
    mock_options o = test_options();
    o.ground_truth_path = path;
    auto s = start(o);
    ASSERT_TRUE(s);
    client c(s->port());
    const mono_ns sent = now_mono_ns();
    ASSERT_TRUE(c.send(
        post("/v1/chat/completions", chat_body("g h", true, 5, false), "X-Request-ID: req-1\r\n")));
    const response r1 = c.read_response();
    ASSERT_TRUE(r1.ok) << r1.error;
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("g h", false, 3, false),
                            "X-Request-ID: req-2\r\n")));
    ASSERT_TRUE(c.read_response().ok);
    s->stop();
    s->wait();

    std::ifstream f(path);
    std::string line;
    ASSERT_TRUE(std::getline(f, line));
    EXPECT_EQ(line, "x_request_id,token_index,mono_ns,wall_ns");
    std::map<std::string, std::vector<std::pair<int, mono_ns>>> by_id;
    while (std::getline(f, line)) {
        const auto fields = split_csv_line(line);
        ASSERT_EQ(fields.size(), 4u) << line;
        by_id[fields[0]].push_back({std::stoi(fields[1]), std::stoll(fields[2])});
        EXPECT_GT(std::stoll(fields[3]), std::stoll(fields[2])) << "wall clock after monotonic";
    }
    ASSERT_EQ(by_id.size(), 2u);
    const auto& a = by_id["req-1"];
    ASSERT_EQ(a.size(), 5u);
    for (int k = 0; k < 5; ++k) {
        EXPECT_EQ(a[k].first, k);
        if (k > 0) {
            EXPECT_GE(a[k].second, a[k - 1].second);
        }
        EXPECT_GE(a[k].second, sent + 5'000'000 + k * 1'000'000);
        EXPECT_LE(a[k].second, r1.chunks[1 + k].arrived);
    }
    const auto& b = by_id["req-2"];
    ASSERT_EQ(b.size(), 3u);
    for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(b[k].first, k);
        EXPECT_EQ(b[k].second, b[0].second);
    }
}

TEST(MockServer, RefusesAPortAnotherServerListensOn) {
    auto s = start();
    ASSERT_TRUE(s);
    mock_options o = test_options();
    o.port = s->port();
    auto second = server::start(o);
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.message().find("cannot bind 127.0.0.1:" + std::to_string(o.port)),
              std::string::npos)
        << second.message();
}

TEST(MockServer, PausesAStreamForASlowReaderAndLosesNothing) {
    mock_options o = test_options();
    o.itl_ms = 0;
    auto s = start(o);
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/chat/completions", chat_body("slow reader", true, 50000))));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.chunks.size(), 50000u + 4);
    EXPECT_EQ(event_payload(r.chunks[50000].data).find("\"content\":\" slow\""), std::string::npos);
    json_doc usage(event_payload(r.chunks[50002].data));
    EXPECT_EQ(std::uint64_t(usage.root["usage"]["completion_tokens"]), 50000u);
}

TEST(MockServer, RejectsMaxTokensBeyondTheLimit) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    ASSERT_TRUE(c.send(post("/v1/completions", R"({"prompt":"a","max_tokens":1000001})")));
    const response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 400);
}

TEST(MockServer, AcceptsChunkedRequestBodiesAndClosesHttp10) {
    auto s = start();
    ASSERT_TRUE(s);
    client c(s->port());
    const std::string body = R"({"prompt":"c d","max_tokens":2})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    ASSERT_TRUE(c.send("POST /v1/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n"));
    response r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    json_doc d(r.body);
    EXPECT_EQ(str(d.root["choices"].at(0)["text"]), " c d");
    ASSERT_TRUE(c.send("GET /health HTTP/1.0\r\n\r\n"));
    r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(c.closed_by_peer());
}

TEST(MockServer, WritesThePortFile) {
    const std::string path = ::testing::TempDir() + "mock_port_file";
    mock_options o = test_options();
    o.port_file = path;
    auto s = start(o);
    ASSERT_TRUE(s);
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    EXPECT_EQ(ss.str(), std::to_string(s->port()) + "\n");
}

TEST(MockServer, ServesTwoThousandConcurrentStreams) {
    auto s = start();
    ASSERT_TRUE(s);
    constexpr int n = 2000;
    const auto begin = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<client>> clients;
    for (int i = 0; i < n; ++i) {
        clients.push_back(std::make_unique<client>(s->port()));
        ASSERT_TRUE(clients.back()->connected()) << i;
    }
    const std::string req = post("/v1/chat/completions", chat_body("a b c", true, 4));
    for (auto& c : clients)
        ASSERT_TRUE(c->send(req));
    int good = 0;
    for (auto& c : clients) {
        const response r = c->read_response();
        good += r.ok && r.status == 200 && r.chunks.size() == 8 &&
                r.chunks.back().data == "data: [DONE]\n\n";
    }
    EXPECT_EQ(good, n);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(20));
    EXPECT_EQ(s->stats().connections_open, static_cast<std::uint32_t>(n));
    EXPECT_EQ(s->stats().tokens_sent, 4u * n);
}

TEST(MockServer, StopsPromptlyWithConnectionsOpenAndMidStream) {
    mock_options o = test_options();
    o.itl_ms = 2;
    auto s = start(o);
    ASSERT_TRUE(s);
    std::vector<std::unique_ptr<client>> clients;
    for (int i = 0; i < 20; ++i)
        clients.push_back(std::make_unique<client>(s->port()));
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(clients[i]->send(post("/v1/chat/completions", chat_body("s", true, 100000))));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    const auto begin = std::chrono::steady_clock::now();
    s->stop();
    s->wait();
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(1));
    for (auto& c : clients) {
        char buf[4096];
        ssize_t n;
        while ((n = ::recv(c->fd(), buf, sizeof buf, 0)) > 0 || (n < 0 && errno == EINTR)) {
        }
        EXPECT_EQ(n, 0);  // EOF, not a timeout
    }
    EXPECT_EQ(s->stats().connections_open, 0u);
}

}  // namespace
}  // namespace ringperf::mock
