// The engine's records through the counting stage, against a scripted loopback server:
// OSL and reasoning counts with a known counter for streamed, non-streamed, reasoning and
// <think>-in-content responses; --use-server-token-count; a run stopped midway.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "engine_fixture.h"
#include "record_stage.h"
#include "scripted_server.h"
#include "stage_support.h"

using namespace ringperf;
using namespace ringperf::cli;
using namespace stage_test;
namespace ts = ringperf::test_support;
using ts::script_step;
using ts::scripted_server;

namespace {

struct stage_run {
    std::vector<line> lines;
    stage_stats stats;
    std::vector<engine::worker_report> reports;
};

// `count` requests at concurrency 2 on one worker, through a stage with `o`.
stage_run run_through_stage(int port, bool streaming, std::uint64_t count, stage_options o) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    record_stage stage(outs, std::move(o));
    auto f = engine_test::make_fixture({port}, streaming, 2, count);
    engine_test::add_conversations(*f, {1});
    f->spec.make_sink = [&stage](std::uint32_t w) { return stage.make_sink(w); };
    f->spec.keep_text = stage.needs_text();
    engine::engine e;
    EXPECT_TRUE(e.start(f->spec).ok());
    stage_run out;
    out.reports = e.wait();
    stage.finish();
    out.stats = stage.stats();
    out.lines = spooled(dir.path(), 0);
    return out;
}

stage_options words() {
    stage_options o;
    o.counter = count_words;
    return o;
}

TEST(StageWithEngine, StreamedReasoningAndThinkTagsAreCountedFromTheJoinedText) {
    if (!engine_test::usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_reasoning_response(true)}; });
    const stage_run r = run_through_stage(srv.port(), true, 6, words());
    ASSERT_EQ(r.lines.size(), 6u);
    for (const line& l : r.lines) {
        EXPECT_FALSE(l.error);
        EXPECT_EQ(l.output_tokens, 7);     // <think> in content counts as output
        EXPECT_EQ(l.reasoning_tokens, 5);  // reasoning counted on its own
        EXPECT_EQ(l.osl, 12);              // not usage's 20: the tokenizer decides
        EXPECT_EQ(l.isl, 1);               // the prepared prompt's count, not usage's 7
    }
    EXPECT_EQ(r.stats.texts_counted, 12u);
}

TEST(StageWithEngine, NonStreamedBodiesAreCountedWhole) {
    if (!engine_test::usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_reasoning_response()}; });
    const stage_run r = run_through_stage(srv.port(), false, 4, words());
    ASSERT_EQ(r.lines.size(), 4u);
    for (const line& l : r.lines) {
        EXPECT_EQ(l.output_tokens, 3);
        EXPECT_EQ(l.reasoning_tokens, 2);
        EXPECT_EQ(l.osl, 5);
    }
}

TEST(StageWithEngine, ServerCountsComeFromUsageAndAreAbsentWithoutIt) {
    if (!engine_test::usable()) GTEST_SKIP() << "io_uring features missing";
    std::atomic<int> served{0};
    scripted_server srv([&served](int, int) {
        return script_step{ts::sse_reasoning_response(served.fetch_add(1) % 2 == 0)};
    });
    stage_options o = words();
    o.use_server_token_count = true;
    const stage_run r = run_through_stage(srv.port(), true, 8, o);
    ASSERT_EQ(r.lines.size(), 8u);
    std::size_t with = 0, without = 0;
    for (const line& l : r.lines) {
        EXPECT_FALSE(l.error);
        if (l.osl) {
            ++with;
            EXPECT_EQ(l.osl, 20);  // completion_tokens, reasoning included
            EXPECT_EQ(l.reasoning_tokens, 9);
            EXPECT_EQ(l.output_tokens, 11);
            EXPECT_EQ(l.isl, 7);
        } else {
            ++without;
            EXPECT_FALSE(l.isl);
            EXPECT_FALSE(l.reasoning_tokens);
        }
    }
    // Every other response carries usage.
    EXPECT_EQ(with, 4u);
    EXPECT_EQ(without, 4u);
    EXPECT_EQ(r.stats.usage_missing, 4u);
    EXPECT_EQ(r.stats.texts_counted, 0u);
}

TEST(StageWithEngine, WithoutTextsTheWorkerKeepsNone) {
    if (!engine_test::usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_reasoning_response(true)}; });
    // No counter: the chunk estimate, usage's counts, and no text kept by the worker.
    const stage_run r = run_through_stage(srv.port(), true, 2, stage_options{});
    ASSERT_EQ(r.lines.size(), 2u);
    EXPECT_EQ(r.lines[0].osl, 20);
    EXPECT_EQ(r.lines[0].isl, 7);
}

TEST(StageWithEngine, ARunStoppedMidwayWritesEveryFinishedRequest) {
    if (!engine_test::usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_chat_response(16)}; });
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    stage_options o = words();
    o.ring_capacity = 8;
    o.overflow_limit = 1'000'000;
    o.counter = [](std::string_view s) {  // slower than the loopback server
        std::this_thread::sleep_for(std::chrono::microseconds(300));
        return count_words(s);
    };
    record_stage stage(outs, o);
    auto f = engine_test::make_fixture({srv.port()}, true, 4, 1'000'000);
    engine_test::add_conversations(*f, {1});
    f->spec.make_sink = [&stage](std::uint32_t w) { return stage.make_sink(w); };
    f->spec.keep_text = stage.needs_text();
    engine::engine e;
    ASSERT_TRUE(e.start(f->spec).ok());
    while (e.snapshot().completed < 300)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    e.stop(engine::stop_reason::user);
    const auto reports = e.wait();
    stage.finish();
    const std::vector<line> lines = spooled(dir.path(), 0);
    EXPECT_EQ(lines.size(), reports[0].completed);
    EXPECT_GE(lines.size(), 300u);
    std::set<std::uint64_t> seen;
    for (const line& l : lines) {
        EXPECT_TRUE(seen.insert(l.session_num).second) << "twice: " << l.session_num;
        if (!l.error) {
            EXPECT_EQ(l.osl, 16);  // " t" x 16
        }
    }
    EXPECT_GT(stage.stats().overflowed, 0u);
}

TEST(StageWithEngine, AFailureThresholdAbortWritesEveryFinishedRequest) {
    if (!engine_test::usable()) GTEST_SKIP() << "io_uring features missing";
    std::atomic<int> served{0};
    scripted_server srv([&served](int, int) {
        if (served.fetch_add(1) % 3 == 2)
            return script_step{
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops"};
        return script_step{ts::sse_reasoning_response(true)};
    });
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    record_stage stage(outs, words());
    auto f = engine_test::make_fixture({srv.port()}, true, 4, 100'000);
    engine_test::add_conversations(*f, {1});
    f->spec.failed_request_threshold = 0.1;
    f->spec.failure_check_after = 20;
    f->spec.make_sink = [&stage](std::uint32_t w) { return stage.make_sink(w); };
    f->spec.keep_text = stage.needs_text();
    engine::engine e;
    ASSERT_TRUE(e.start(f->spec).ok());
    const auto reports = e.wait();
    EXPECT_EQ(e.stopped_by(), engine::stop_reason::aborted);
    stage.finish();
    const std::vector<line> lines = spooled(dir.path(), 0);
    EXPECT_GE(lines.size(), 20u);
    EXPECT_EQ(lines.size(), reports[0].completed);
    std::size_t failed = 0;
    for (const line& l : lines) {
        failed += l.error;
        if (!l.error) {
            EXPECT_EQ(l.osl, 12);
        }
    }
    EXPECT_EQ(failed, reports[0].errors);
    EXPECT_GT(failed, 0u);
}

}  // namespace
