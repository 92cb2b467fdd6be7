// The engine against a scripted loopback server: what real servers do with connections
// must cost a quiet reconnect, never an error, unless a request was in flight.
#include "ringperf/engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>

#include "engine_fixture.h"
#include "ringperf/api/request_body.h"
#include "ringperf/metrics/record.h"
#include "scripted_server.h"

using namespace ringperf;
namespace ts = ringperf::test_support;
using ts::script_step;
using ts::scripted_server;

using namespace ringperf::engine_test;

namespace {

struct tls_client {
    std::string host = "localhost";
    bool verify = true;
    std::string ca_file;
};

struct rate_case {
    double rate = 100;
    workload::overflow_policy overflow = workload::overflow_policy::skip;
};

// A run's inputs with the storage the spec points into.
run_out run_against(int port, bool streaming, std::uint32_t concurrency, std::uint64_t count,
                    double timeout_s = 10, std::optional<double> idle_s = std::nullopt,
                    const tls_client* tls = nullptr, const rate_case* rate = nullptr) {
    auto f = make_fixture({port}, streaming, concurrency, count);
    auto& spec = f->spec;
    spec.options.request_timeout_s = timeout_s;
    spec.options.stream_idle_timeout_s = idle_s;
    if (rate) {
        workload::schedule_options so;
        so.arrival = {workload::arrival_pattern::constant, rate->rate, 1.0};
        so.request_count = count;
        auto& ph = spec.phases[0];
        ph.mode = engine::timing_mode::request_rate;
        ph.schedule = *workload::schedule_spec::make(so);
        ph.overflow = rate->overflow;
    }
    if (tls) {
        spec.urls[0].tls = true;
        spec.urls[0].host = tls->host;
        spec.options.tls_verify = tls->verify;
        spec.options.tls_ca_file = tls->ca_file;
    }
    add_conversations(*f, {1});
    return run_fixture(*f);
}

}  // namespace

TEST(Engine, ReusesKeepAliveConnections) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    const auto o = run_against(srv.port(), false, 2, 20);
    ASSERT_EQ(o.records.size(), 20u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(srv.connections(), 2);
    EXPECT_EQ(o.reports[0].connects, 2u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.usage.completion_tokens, 2);
        EXPECT_EQ(r.content_ns.size(), 1u);
    }
}

TEST(Engine, ServerClosingIdleConnectionsCostsAQuietReconnect) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // Answers, then closes the connection 1 ms later, as an idle timeout would.
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response(), true, 1}; });
    const auto o = run_against(srv.port(), false, 1, 10);
    ASSERT_EQ(o.records.size(), 10u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_GE(srv.connections(), 2);
}

TEST(Engine, ConnectionCloseHeaderAndStreamsEndedByCloseAreNotErrors) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int c, int) {
        // Alternate: "Connection: close" announced, and a stream the server just closes after.
        if (c % 2 == 0) return script_step{ts::sse_chat_response(5, true), true};
        return script_step{ts::sse_chat_response(5, false), true};
    });
    const auto o = run_against(srv.port(), true, 2, 12);
    ASSERT_EQ(o.records.size(), 12u);
    EXPECT_EQ(failures(o), 0u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.content_ns.size(), 5u);
        EXPECT_EQ(r.usage.completion_tokens, 5);
        EXPECT_EQ(r.finish_reason, "length");
        EXPECT_GT(r.t_headers, 0);
    }
    EXPECT_EQ(srv.connections(), 12);
}

TEST(Engine, CloseDelimitedBodyEndsAtEof) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        return script_step{ts::close_delimited_chat_response(), true};
    });
    const auto o = run_against(srv.port(), false, 1, 3);
    ASSERT_EQ(o.records.size(), 3u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(o.records[0].usage.completion_tokens, 1);
}

TEST(Engine, StaleKeepAliveCloseIsRetriedOnceOnAFreshConnection) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // Every connection answers its first request, then closes on the second without answering.
    scripted_server srv([](int, int n) {
        if (n == 0) return script_step{ts::json_chat_response()};
        return script_step{"", true};
    });
    const auto o = run_against(srv.port(), false, 1, 4);
    ASSERT_EQ(o.records.size(), 4u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(o.reports[0].retries, 3u);
}

TEST(Engine, CloseBeforeAnyResponseOnAFreshConnectionIsAnError) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{"", true}; });
    const auto o = run_against(srv.port(), false, 1, 2);
    ASSERT_EQ(o.records.size(), 2u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.error, metrics::error_kind::read);
        EXPECT_NE(r.error_message.find("before responding"), std::string::npos) << r.error_message;
    }
}

TEST(Engine, TruncatedStreamIsAReadError) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    std::string cut = ts::sse_chat_response(5);
    cut.resize(cut.size() / 2);
    scripted_server srv([cut](int, int) { return script_step{cut, true}; });
    const auto o = run_against(srv.port(), true, 1, 1);
    ASSERT_EQ(o.records.size(), 1u);
    EXPECT_EQ(o.records[0].error, metrics::error_kind::read);
}

TEST(Engine, ErrorInsideA200StreamFailsTheRequest) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_error_response()}; });
    const auto o = run_against(srv.port(), true, 1, 2);
    ASSERT_EQ(o.records.size(), 2u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.error, metrics::error_kind::stream_error);
        EXPECT_EQ(r.error_code, 500);
        EXPECT_NE(r.error_message.find("out of memory"), std::string::npos);
    }
    EXPECT_EQ(srv.connections(), 1);  // the stream completed properly: the connection is reused
}

TEST(Engine, HttpErrorStatusIsRecordedWithTheServersMessage) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    const std::string body =
        R"({"error":{"message":"model not found","type":"NotFoundError","code":404}})";
    const std::string resp =
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    scripted_server srv([resp](int, int) { return script_step{resp}; });
    const auto o = run_against(srv.port(), true, 1, 2);
    ASSERT_EQ(o.records.size(), 2u);
    EXPECT_EQ(o.records[0].error, metrics::error_kind::http_status);
    EXPECT_EQ(o.records[0].error_code, 404);
    EXPECT_EQ(o.records[0].error_type, "NotFoundError");
    EXPECT_EQ(o.records[0].error_message, "model not found");
}

TEST(Engine, RequestTimeoutRecordsThePhase) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{"", false, 0, true}; });
    const auto o = run_against(srv.port(), true, 1, 1, 0.3);
    ASSERT_EQ(o.records.size(), 1u);
    EXPECT_EQ(o.records[0].error, metrics::error_kind::timeout_first_byte);
    const double took_ms = double(o.records[0].t_end - o.records[0].t_start) / 1e6;
    EXPECT_GE(took_ms, 300.0);
}

TEST(Engine, ServerDownGivesConnectErrors) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    int port;
    {
        scripted_server probe([](int, int) { return script_step{}; });
        port = probe.port();
    }
    const auto o = run_against(port, false, 1, 3);
    ASSERT_EQ(o.records.size(), 3u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.error, metrics::error_kind::connect);
        EXPECT_NE(r.error_message.find("refused"), std::string::npos) << r.error_message;
    }
}

TEST(Engine, StreamIdleTimeoutFailsAStalledStreamButNotASlowOne) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // The head and two events arrive, then the server goes quiet for good.
    std::string part = ts::sse_chat_response(5);
    part.resize(part.find(
        "data: "
        "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\""));
    scripted_server srv([part](int, int) {
        script_step st{part};
        st.hang = true;
        return st;
    });
    const auto o = run_against(srv.port(), true, 1, 1, 10, 0.2);
    ASSERT_EQ(o.records.size(), 1u);
    EXPECT_EQ(o.records[0].error, metrics::error_kind::timeout_idle);
    EXPECT_NE(o.records[0].error_message.find("no byte from the server"), std::string::npos);
    EXPECT_GT(o.records[0].t_first_byte, 0);
}

namespace {

std::string tls_data(const char* name) {
    const char* dir = std::getenv("RINGPERF_TLS_DATA");
    return std::string(dir ? dir : "tests/data/tls") + "/" + name;
}

ts::tls_files server_tls() {
    return {tls_data("server-cert.pem"), tls_data("server-key.pem")};
}

}  // namespace

TEST(EngineTls, StreamsOverVerifiedTlsAndReusesTheConnection) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_chat_response(20)}; },
                        server_tls());
    const tls_client c{"localhost", true, tls_data("server-cert.pem")};
    const auto o = run_against(srv.port(), true, 2, 10, 10, std::nullopt, &c);
    ASSERT_EQ(o.records.size(), 10u);
    EXPECT_EQ(failures(o), 0u) << o.records[0].error_message;
    for (const auto& r : o.records) {
        EXPECT_EQ(r.content_ns.size(), 20u);
        EXPECT_EQ(r.usage.completion_tokens, 20);
        EXPECT_GT(r.t_write_end, 0);
        EXPECT_GE(r.t_connected, r.t_start);
    }
    EXPECT_EQ(srv.connections(), 2);
}

TEST(EngineTls, AnIpAddressIsCheckedAgainstTheCertificate) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; },
                        server_tls());
    const tls_client c{"127.0.0.1", true, tls_data("server-cert.pem")};
    const auto o = run_against(srv.port(), false, 1, 3, 10, std::nullopt, &c);
    ASSERT_EQ(o.records.size(), 3u);
    EXPECT_EQ(failures(o), 0u) << o.records[0].error_message;
}

TEST(EngineTls, AnUntrustedCertificateFailsWithAClearError) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; },
                        server_tls());
    const tls_client c{"localhost", true, ""};  // system CAs do not know our test certificate
    const auto o = run_against(srv.port(), false, 1, 2, 10, std::nullopt, &c);
    ASSERT_EQ(o.records.size(), 2u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.error, metrics::error_kind::tls);
        EXPECT_NE(r.error_message.find("certificate verification failed"), std::string::npos)
            << r.error_message;
    }
}

TEST(EngineTls, WrongHostNameFailsVerificationButPassesWithoutIt) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; },
                        server_tls());
    const tls_client wrong{"example.com", true, tls_data("server-cert.pem")};
    const auto bad = run_against(srv.port(), false, 1, 1, 10, std::nullopt, &wrong);
    ASSERT_EQ(bad.records.size(), 1u);
    EXPECT_EQ(bad.records[0].error, metrics::error_kind::tls) << bad.records[0].error_message;
    const tls_client insecure{"example.com", false, ""};
    const auto ok = run_against(srv.port(), false, 1, 3, 10, std::nullopt, &insecure);
    ASSERT_EQ(ok.records.size(), 3u);
    EXPECT_EQ(failures(ok), 0u) << ok.records[0].error_message;
}

namespace {

std::vector<metrics::request_record> by_index(std::vector<metrics::request_record> v) {
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.index < b.index; });
    return v;
}

}  // namespace

TEST(EngineRate, SendsAtTheScheduledTimesAndNeverEarly) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    const rate_case rc{500};  // one request every 2 ms
    const auto o = run_against(srv.port(), false, 0, 50, 10, std::nullopt, nullptr, &rc);
    ASSERT_EQ(o.records.size(), 50u);
    EXPECT_EQ(failures(o), 0u);
    const auto r = by_index(o.records);
    for (std::size_t i = 1; i < r.size(); ++i) {
        EXPECT_EQ(r[i].index, i);
        EXPECT_EQ(r[i].t_intended - r[i - 1].t_intended, 2'000'000) << i;
        EXPECT_GE(r[i].t_start, r[i].t_intended);
    }
}

TEST(EngineRate, SkipPolicyDropsRequestsDueWhileTheCapIsReached) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        script_step st{ts::json_chat_response()};
        st.delay_ms = 35;  // longer than the 10 ms between scheduled requests
        return st;
    });
    const rate_case rc{100, workload::overflow_policy::skip};
    const auto o = run_against(srv.port(), false, 1, 10, 10, std::nullopt, nullptr, &rc);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(o.records.size() + o.reports[0].skipped, 10u);
    EXPECT_GE(o.reports[0].skipped, 5u);
    EXPECT_EQ(o.reports[0].queued, 0u);
    for (const auto& r : o.records)
        EXPECT_LT(r.t_start - r.t_intended, 20'000'000) << r.index;
}

TEST(EngineRate, QueuePolicySendsEverythingLateAndKeepsTheIntendedTime) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        script_step st{ts::json_chat_response()};
        st.delay_ms = 35;
        return st;
    });
    const rate_case rc{100, workload::overflow_policy::queue};
    const auto o = run_against(srv.port(), false, 1, 10, 10, std::nullopt, nullptr, &rc);
    ASSERT_EQ(o.records.size(), 10u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(o.reports[0].skipped, 0u);
    EXPECT_GE(o.reports[0].queued, 5u);
    const auto r = by_index(o.records);
    // The last one was due at 90 ms but waited for nine 35 ms answers before it.
    EXPECT_GE(r.back().t_start - r.back().t_intended, 200'000'000);
    EXPECT_EQ(r.back().t_intended - r.front().t_intended, 90'000'000);
}
