// The engine's load behaviour against scripted loopback servers: sessions and their
// history, limits and ramps, cancellation, several URLs, phases, the timing modes, and
// runs that are the same whatever the worker count.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine_fixture.h"
#include "scripted_server.h"

using namespace ringperf;
using namespace ringperf::engine_test;
namespace ts = ringperf::test_support;
using ts::script_step;
using ts::scripted_server;

namespace {

std::size_t count_of(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1))
        ++n;
    return n;
}

// Requests in flight at `t` among the records.
std::size_t in_flight_at(const std::vector<metrics::request_record>& v, mono_ns t) {
    std::size_t n = 0;
    for (const auto& r : v)
        n += r.t_start <= t && t < r.t_end;
    return n;
}

}  // namespace

TEST(EngineSessions, LaterTurnsCarryTheHistoryWithTheLiveReplies) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 1, 3);
    add_conversations(*f, {3});
    f->convs.conversations[0].system = "be brief";
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 3u);
    EXPECT_EQ(failures(o), 0u);
    const auto bodies = srv.bodies();
    ASSERT_EQ(bodies.size(), 3u);
    EXPECT_EQ(count_of(bodies[0], "\"role\""), 1u) << bodies[0];
    const std::string second =
        R"("messages":[{"role":"system","content":"be brief"},{"role":"user","content":"c0t0"},)"
        R"({"role":"assistant","content":"hello world"},{"role":"user","content":"c0t1"}])";
    EXPECT_NE(bodies[1].find(second), std::string::npos) << bodies[1];
    const std::string third =
        R"({"role":"user","content":"c0t1"},{"role":"assistant","content":"hello world"},)"
        R"({"role":"user","content":"c0t2"}])";
    EXPECT_NE(bodies[2].find(third), std::string::npos) << bodies[2];
    for (std::uint32_t t = 0; t < 3; ++t) {
        EXPECT_EQ(o.records[t].turn_index, t);
        EXPECT_EQ(o.records[t].index, 0u);
    }
    // The history's tokens count in the later turns' input.
    EXPECT_GT(o.records[2].input_tokens, o.records[1].input_tokens);
    EXPECT_GT(o.records[1].input_tokens, o.records[0].input_tokens);
}

TEST(EngineSessions, LaterTurnsKeepTheUserContextAndSendEveryTextPart) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 1, 2);
    add_conversations(*f, {2});
    auto& c = f->convs.conversations[0];
    c.system = "sys";
    c.context = "ctx";
    c.turns[1].parts = {"x", "y"};
    c.turns[1].text = "x\ny";
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 2u);
    EXPECT_EQ(failures(o), 0u);
    const auto bodies = srv.bodies();
    ASSERT_EQ(bodies.size(), 2u);
    const std::string second =
        R"("messages":[{"role":"system","content":"sys"},{"role":"user","content":"ctx"},)"
        R"({"role":"user","content":"c0t0"},{"role":"assistant","content":"hello world"},)"
        R"({"role":"user","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]}])";
    EXPECT_NE(bodies[1].find(second), std::string::npos) << bodies[1];
}

TEST(EngineSessions, ThinkTimeSeparatesTurnsAndConcurrencyCountsSessions) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 1, 4);
    add_conversations(*f, {2, 2});
    for (auto& c : f->convs.conversations)
        c.turns[1].delay_ms = 40;
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 4u);
    EXPECT_EQ(failures(o), 0u);
    // One session at a time: its second turn 40 ms after its first answer, the next
    // session only after it ended, although no request was in flight during the think time.
    EXPECT_EQ(o.records[0].index, o.records[1].index);
    EXPECT_EQ(o.records[2].index, o.records[3].index);
    EXPECT_NE(o.records[0].index, o.records[2].index);
    EXPECT_GE(o.records[1].t_start - o.records[0].t_end, 40'000'000);
    EXPECT_GE(o.records[2].t_start, o.records[1].t_end);
    EXPECT_GE(o.records[3].t_start - o.records[2].t_end, 40'000'000);
}

TEST(EngineSessions, ContinuationTurnsTakeRateTicksFirst) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 0, 6);
    add_conversations(*f, {3});
    workload::schedule_options so;
    so.arrival = {workload::arrival_pattern::constant, 50, 1.0};
    so.request_count = 6;
    auto& ph = f->spec.phases[0];
    ph.mode = engine::timing_mode::request_rate;
    ph.schedule = *workload::schedule_spec::make(so);
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 6u);
    EXPECT_EQ(failures(o), 0u);
    // Ticks 0, 20, 40 ms ...: each answer arrives well within a tick, so ticks alternate
    // between starting a session and its next turn: sessions 0, 0, 0, 3, 3, 3.
    auto r = o.records;
    std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.t_intended < b.t_intended; });
    const std::uint32_t turns[] = {0, 1, 2, 0, 1, 2};
    for (std::size_t i = 0; i < r.size(); ++i) {
        EXPECT_EQ(r[i].turn_index, turns[i]) << i;
        EXPECT_EQ(r[i].index, i < 3 ? 0u : 3u) << i;
        EXPECT_EQ(r[i].t_intended - r[0].t_intended, static_cast<mono_ns>(i) * 20'000'000) << i;
    }
}

TEST(EngineSessions, DurationEndsSessionsWaitingInThinkTime) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 2, 0);
    add_conversations(*f, {3, 3});
    for (auto& c : f->convs.conversations)
        c.turns[1].delay_ms = 60'000;
    auto& ph = f->spec.phases[0];
    ph.request_count.reset();
    ph.duration_s = 0.2;
    const auto start = now_mono_ns();
    const auto o = run_fixture(*f);
    EXPECT_LT(now_mono_ns() - start, 5'000'000'000);
    EXPECT_EQ(o.records.size(), 2u);
    EXPECT_EQ(failures(o), 0u);
}

TEST(EngineSessions, ClosedLoopFirstTurnsAreMeantToGoWhenIssued) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 64, 128);
    add_conversations(*f, std::vector<std::uint32_t>(128, 1));
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 128u);
    EXPECT_EQ(failures(o), 0u);
    // The burst that fills the concurrency is issued one request after another; none of
    // them counts as late for it.
    for (const auto& r : o.records)
        EXPECT_EQ(r.t_intended, r.t_start) << "request " << r.index;
}

TEST(EngineLimits, PrefillConcurrencyHoldsRequestsUntilTheFirstToken) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        script_step st{ts::sse_chat_response(3)};
        st.delay_ms = 30;  // the whole stream, first token included, comes 30 ms late
        return st;
    });
    auto f = make_fixture({srv.port()}, true, 4, 6);
    add_conversations(*f, {1});
    f->spec.phases[0].prefill_concurrency = 1;
    f->spec.options.workers = 2;  // a limit below the worker count stays exact
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 6u);
    EXPECT_EQ(failures(o), 0u);
    auto r = o.records;
    std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.t_start < b.t_start; });
    for (std::size_t i = 1; i < r.size(); ++i) {
        ASSERT_FALSE(r[i - 1].content_ns.empty());
        EXPECT_GE(r[i].t_start, r[i - 1].content_ns.front()) << i;
    }
}

TEST(EngineLimits, ConcurrencyRampStartsAtOneAndStepsUp) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        script_step st{ts::json_chat_response()};
        st.delay_ms = 20;
        return st;
    });
    auto f = make_fixture({srv.port()}, false, 4, 40);
    add_conversations(*f, {1});
    auto& ph = f->spec.phases[0];
    ph.concurrency_ramp = *workload::concurrency_ramp::make(4, 0.3);
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 40u);
    EXPECT_EQ(failures(o), 0u);
    mono_ns t0 = INT64_MAX;
    for (const auto& r : o.records)
        t0 = std::min(t0, r.t_start);
    std::size_t most_early = 0, most_late = 0;
    for (const auto& r : o.records) {
        const mono_ns t = r.t_start - t0;
        const std::size_t n = in_flight_at(o.records, r.t_start);
        // 1 until 0.1 s, 2 until 0.2 s, 3 until 0.3 s (a few ms of slack at the edges).
        if (t < 95'000'000) most_early = std::max(most_early, n);
        if (t > 320'000'000) most_late = std::max(most_late, n);
        const std::size_t limit = t < 95'000'000    ? 1
                                  : t < 195'000'000 ? 2
                                  : t < 295'000'000 ? 3
                                                    : 4;
        EXPECT_LE(n, limit) << "at " << t / 1'000'000 << " ms";
    }
    EXPECT_EQ(most_early, 1u);
    EXPECT_EQ(most_late, 4u);
}

TEST(EngineCancellation, ChosenRequestsAreCancelledAfterTheDelayAsAiperfDoes) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        script_step st{ts::json_chat_response()};
        st.delay_ms = 200;
        return st;
    });
    auto f = make_fixture({srv.port()}, false, 4, 8);
    add_conversations(*f, {1});
    f->spec.cancellation_rate_percent = 100;
    f->spec.cancellation_delay_s = 0.03;
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 8u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.error, metrics::error_kind::cancelled);
        EXPECT_EQ(r.error_code, 499);
        EXPECT_EQ(r.error_type, "RequestCancellationError");
        EXPECT_TRUE(r.was_cancelled);
        ASSERT_GT(r.t_write_end, 0);
        EXPECT_GE(r.cancel_ns - r.t_write_end, 30'000'000);
        EXPECT_LT(r.cancel_ns - r.t_write_end, 150'000'000);
    }
    EXPECT_EQ(o.reports[0].cancelled, 8u);
}

TEST(EngineCancellation, TheRateSelectsAStableFractionOfRequests) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) {
        script_step st{ts::json_chat_response()};
        st.delay_ms = 20;  // never answered before the cancellation (delay 0) cuts it off
        return st;
    });
    auto run = [&](std::uint64_t seed) {
        auto f = make_fixture({srv.port()}, false, 8, 200);
        add_conversations(*f, {1});
        f->spec.cancellation_rate_percent = 30;
        f->spec.seed = seed;
        const auto o = run_fixture(*f);
        std::vector<std::uint64_t> cancelled;
        for (const auto& r : o.records)
            if (r.was_cancelled) cancelled.push_back(r.index);
        std::sort(cancelled.begin(), cancelled.end());
        EXPECT_EQ(o.records.size(), 200u);
        return cancelled;
    };
    const auto a = run(7);
    EXPECT_GE(a.size(), 35u);  // 60 expected; sd 6.5
    EXPECT_LE(a.size(), 85u);
    EXPECT_EQ(run(7), a);
    EXPECT_NE(run(8), a);
}

TEST(EngineUrls, RequestsGoRoundRobinWithAPoolPerUrl) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server a([](int, int) { return script_step{ts::json_chat_response()}; });
    scripted_server b([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({a.port(), b.port()}, false, 2, 20);
    add_conversations(*f, {1});
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 20u);
    EXPECT_EQ(failures(o), 0u);
    EXPECT_EQ(a.requests(), 10);
    EXPECT_EQ(b.requests(), 10);
    for (const auto& r : o.records)
        EXPECT_EQ(r.url_index, r.index % 2) << r.index;
    // Connections are kept per URL and reused.
    EXPECT_LE(a.connections(), 2);
    EXPECT_LE(b.connections(), 2);
}

TEST(EnginePhases, WarmupRunsFirstTaggedAndApart) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 2, 10);
    add_conversations(*f, {1});
    engine::phase_spec warm;
    warm.phase = metrics::benchmark_phase::warmup;
    warm.concurrency = 1;
    warm.request_count = 5;
    f->spec.phases.insert(f->spec.phases.begin(), warm);
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 15u);
    EXPECT_EQ(failures(o), 0u);
    mono_ns warm_end = 0, profile_start = INT64_MAX;
    std::size_t warmups = 0;
    for (const auto& r : o.records) {
        if (r.phase == metrics::benchmark_phase::warmup) {
            ++warmups;
            warm_end = std::max(warm_end, r.t_end);
        } else {
            profile_start = std::min(profile_start, r.t_start);
        }
    }
    EXPECT_EQ(warmups, 5u);
    EXPECT_LE(warm_end, profile_start);
    EXPECT_EQ(o.reports[0].completed, 10u);
    EXPECT_EQ(o.reports[0].warmup_completed, 5u);
    // The warm connection is kept for the profiling phase.
    EXPECT_LE(srv.connections(), 2);
}

TEST(EngineDeterminism, SameSeedSameRequestsWhateverTheWorkerCount) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    // Answers come 20 ms late, so a request picked for cancellation (delay 0) is always
    // still in flight when it is cut off: an answer that wins the race is not cancelled.
    scripted_server srv([](int, int) {
        script_step st{ts::json_chat_response()};
        st.delay_ms = 20;
        return st;
    });
    // Per session number: the conversation it got and whether it was cancelled.
    auto run = [&](std::uint32_t workers) {
        auto f = make_fixture({srv.port()}, false, 4, 60);
        add_conversations(*f, {1, 1, 1, 1, 1, 1, 1});
        f->spec.options.workers = workers;
        f->spec.cancellation_rate_percent = 25;
        f->spec.seed = 11;
        const auto o = run_fixture(*f);
        std::map<std::uint64_t, std::pair<std::uint32_t, bool>> m;
        for (const auto& r : o.records)
            m[r.index] = {r.conversation, r.was_cancelled};
        EXPECT_EQ(m.size(), 60u);
        return m;
    };
    const auto one = run(1);
    EXPECT_EQ(run(2), one);
    EXPECT_EQ(run(3), one);
}

TEST(EngineFixedSchedule, FirstTurnsGoAtTheirTimestampsAndLaterTurnsAfterTheirDelay) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 0, 0);
    add_conversations(*f, {1, 2, 1});
    auto& cs = f->convs.conversations;
    cs[0].turns[0].timestamp_ms = 1000;
    cs[1].turns[0].timestamp_ms = 1040;
    cs[1].turns[1].delay_ms = 30;
    cs[2].turns[0].timestamp_ms = 1100;
    workload::fixed_schedule_options fo;
    fo.auto_offset = true;
    fo.speedup = 2;
    auto plan = workload::fixed_schedule::make(f->convs, fo);
    ASSERT_TRUE(plan.ok()) << plan.message();
    auto& ph = f->spec.phases[0];
    ph.mode = engine::timing_mode::fixed_schedule;
    ph.request_count.reset();
    ph.fixed = &*plan;
    const auto o = run_fixture(*f);
    ASSERT_EQ(o.records.size(), 4u);
    EXPECT_EQ(failures(o), 0u);
    std::map<std::pair<std::uint32_t, std::uint32_t>, metrics::request_record> by;
    for (const auto& r : o.records)
        by[{r.conversation, r.turn_index}] = r;
    const auto at = [&](std::uint32_t c, std::uint32_t t) { return by[std::make_pair(c, t)]; };
    const mono_ns t0 = at(0, 0).t_intended;
    // Offsets 0, 20 and 50 ms at speed-up 2; the second turn 15 ms after its answer.
    EXPECT_EQ(at(1, 0).t_intended - t0, 20'000'000);
    EXPECT_EQ(at(2, 0).t_intended - t0, 50'000'000);
    EXPECT_GE(at(1, 1).t_start - at(1, 0).t_end, 15'000'000);
    for (const auto& r : o.records)
        EXPECT_GE(r.t_start, r.t_intended);
}

TEST(EngineUserCentric, UsersSendTheirTurnsOneGapApart) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    auto f = make_fixture({srv.port()}, false, 0, 0);
    add_conversations(*f, {4, 4, 4, 4, 4});
    // 2 users at 40 requests/s: a user's turns are 50 ms apart, users 25 ms apart.
    auto plan = workload::user_centric_plan::make(40, 2, 4);
    ASSERT_TRUE(plan.ok()) << plan.message();
    auto& ph = f->spec.phases[0];
    ph.mode = engine::timing_mode::user_centric;
    ph.request_count.reset();
    ph.duration_s = 0.4;
    ph.grace_period_s = 5;
    ph.users = &*plan;
    const auto o = run_fixture(*f);
    EXPECT_EQ(failures(o), 0u);
    // About 40/s for 0.4 s.
    EXPECT_GE(o.records.size(), 12u);
    EXPECT_LE(o.records.size(), 20u);
    std::map<std::uint64_t, std::vector<metrics::request_record>> users;
    for (const auto& r : o.records)
        users[r.index].push_back(r);
    for (auto& [u, rs] : users) {
        std::sort(rs.begin(), rs.end(),
                  [](auto& a, auto& b) { return a.turn_index < b.turn_index; });
        for (std::size_t i = 1; i < rs.size(); ++i) {
            EXPECT_EQ(rs[i].turn_index, i);
            EXPECT_EQ(rs[i].t_intended - rs[i - 1].t_intended, 50'000'000) << "user " << u;
        }
    }
}
