// The counting stage fed by producer threads standing in for engine workers: every record
// arrives once and in order, through full rings and overflow, in runs that end normally or
// midway, with the token counts the run's source gives.
#include "record_stage.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "ringperf/export/summary_report.h"
#include "stage_support.h"

using namespace ringperf;
using namespace ringperf::cli;
using namespace stage_test;
using metrics::request_record;

namespace {

constexpr mono_ns t0 = 3'000'000'000;

std::size_t words_of(std::uint64_t i) {
    return i % 5 + 1;
}
bool reasons(std::uint64_t i) {
    return i % 3 == 0;
}

// Record i of worker w: a stream of two content responses with words_of(i) output words and,
// every third record, two reasoning words; every seventh one failed.
request_record make_record(std::uint32_t w, std::uint64_t i) {
    request_record r;
    r.index = i;
    r.worker_id = w;
    r.streaming = true;
    r.t_start = t0;
    r.content_ns = {t0 + 1'000'000, t0 + 2'000'000};
    r.first_output_index = 0;
    r.t_end = t0 + 3'000'000;
    r.status = 200;
    r.input_tokens = 10;
    for (std::size_t k = 0; k < words_of(i); ++k)
        r.output_text += "w ";
    if (reasons(i)) r.reasoning_text = "think hard";
    if (i % 7 == 6) {
        r.error = metrics::error_kind::read;
        r.error_type = "ConnectionClosed";
    }
    return r;
}

// Runs `producers` threads, worker w pushing counts[w] records through its sink, then
// finishes the stage.
void produce(record_stage& stage, const std::vector<std::uint64_t>& counts) {
    std::vector<std::thread> threads;
    for (std::uint32_t w = 0; w < counts.size(); ++w) {
        threads.emplace_back([&stage, &counts, w] {
            auto sink = stage.make_sink(w);
            request_record r;  // the worker's reused record
            for (std::uint64_t i = 0; i < counts[w]; ++i) {
                r.clear();
                r = make_record(w, i);
                sink->on_record(r);
            }
        });
    }
    for (auto& t : threads)
        t.join();
    stage.finish();
}

// Worker w's lines are records 0 .. n-1 in order, each counted with count_words.
void expect_complete(const std::string& dir, std::uint32_t w, std::uint64_t n) {
    const std::vector<line> lines = spooled(dir, w);
    ASSERT_EQ(lines.size(), n) << "worker " << w;
    for (std::uint64_t i = 0; i < n; ++i) {
        const line& l = lines[i];
        SCOPED_TRACE("worker " + std::to_string(w) + " record " + std::to_string(i));
        ASSERT_EQ(l.session_num, i);
        EXPECT_EQ(l.worker_id, "worker_" + std::to_string(w));
        if (i % 7 == 6) {
            EXPECT_TRUE(l.error);
            EXPECT_FALSE(l.osl);
            continue;
        }
        const auto words = static_cast<std::int64_t>(words_of(i));
        EXPECT_EQ(l.output_tokens, words);
        EXPECT_EQ(l.reasoning_tokens, reasons(i) ? std::optional<std::int64_t>(2) : std::nullopt);
        EXPECT_EQ(l.osl, words + (reasons(i) ? 2 : 0));
        EXPECT_EQ(l.isl, 10);
    }
}

stage_options counting(std::uint32_t threads = 1) {
    stage_options o;
    o.counter = count_words;
    o.threads = threads;
    o.poll = std::chrono::microseconds(500);
    return o;
}

// A counter that blocks until opened, so the rings fill up behind it.
struct gated_counter {
    std::mutex mu;
    std::condition_variable cv;
    bool open = false;
    std::atomic<int> waiting{0};

    std::size_t operator()(std::string_view s) {
        std::unique_lock lk(mu);
        ++waiting;
        cv.wait(lk, [&] { return open; });
        return count_words(s);
    }
    void release() {
        {
            std::lock_guard g(mu);
            open = true;
        }
        cv.notify_all();
    }
};

TEST(RecordStage, RecordsFromManyWorkersArriveExactlyOnceInOrder) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    record_stage stage(outs, counting());
    EXPECT_TRUE(stage.needs_text());
    EXPECT_EQ(stage.source(), metrics::token_source::tokenizer);
    const std::vector<std::uint64_t> counts{5000, 3000, 1, 4000};
    produce(stage, counts);
    for (std::uint32_t w = 0; w < counts.size(); ++w)
        expect_complete(dir.path(), w, counts[w]);
    const stage_stats st = stage.stats();
    EXPECT_EQ(st.records, 12001u);
    EXPECT_EQ(st.count_failures, 0u);
    EXPECT_GT(st.counting_cpu_ns, 0);
}

TEST(RecordStage, SeveralCountingThreadsShareTheWorkers) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    record_stage stage(outs, counting(2));
    const std::vector<std::uint64_t> counts{2000, 2500, 3000, 100, 7};
    produce(stage, counts);
    for (std::uint32_t w = 0; w < counts.size(); ++w)
        expect_complete(dir.path(), w, counts[w]);
    std::uint64_t records = 0;
    for (worker_output* o : outs.outputs())
        records += o->records;
    EXPECT_EQ(records, 7607u);
}

TEST(RecordStage, AFullRingOverflowsThenStallsTheWorkerButLosesNothing) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    stage_options o = counting();
    o.ring_capacity = 2;
    o.overflow_limit = 3;
    o.counter = [](std::string_view s) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        return count_words(s);
    };
    record_stage stage(outs, o);
    produce(stage, {300, 200});
    expect_complete(dir.path(), 0, 300);
    expect_complete(dir.path(), 1, 200);
    const stage_stats st = stage.stats();
    EXPECT_GT(st.overflowed, 0u);
    EXPECT_EQ(st.peak_overflow, 3u);
    EXPECT_GT(st.stalls, 0u);
    EXPECT_GT(st.stall_ns, 0);
}

TEST(RecordStage, ARunStoppedMidwayWritesWhatTheWorkersHeldBack) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    gated_counter gate;
    stage_options o = counting();
    o.ring_capacity = 4;
    o.overflow_limit = 1000;
    o.counter = [&gate](std::string_view s) { return gate(s); };
    record_stage stage(outs, o);
    // Each worker stops after its own number of records (Ctrl-C, an abort) while the counting
    // thread is stuck on the first one: most records sit in the overflow the sinks leave.
    std::vector<std::thread> threads;
    const std::vector<std::uint64_t> counts{37, 120, 2};
    for (std::uint32_t w = 0; w < counts.size(); ++w) {
        threads.emplace_back([&, w] {
            auto sink = stage.make_sink(w);
            for (std::uint64_t i = 0; i < counts[w]; ++i) {
                request_record r = make_record(w, i);
                sink->on_record(r);
            }
        });
    }
    for (auto& t : threads)
        t.join();
    while (gate.waiting.load() == 0)
        std::this_thread::yield();
    gate.release();
    stage.finish();
    for (std::uint32_t w = 0; w < counts.size(); ++w)
        expect_complete(dir.path(), w, counts[w]);
    const stage_stats st = stage.stats();
    EXPECT_GT(st.overflowed, 100u);
    EXPECT_EQ(st.stalls, 0u);
}

TEST(RecordStage, ServerCountsTokenizeNothingAndNoteMissingUsage) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    std::atomic<int> calls{0};
    stage_options o;
    o.counter = [&calls](std::string_view s) {
        ++calls;
        return s.size();
    };
    o.use_server_token_count = true;
    record_stage stage(outs, o);
    EXPECT_FALSE(stage.needs_text());
    EXPECT_EQ(stage.source(), metrics::token_source::server);
    {
        auto sink = stage.make_sink(0);
        for (std::uint64_t i = 0; i < 10; ++i) {
            request_record r = make_record(0, i);
            r.error = metrics::error_kind::none;
            if (i % 2 == 0) r.usage = {40, 12, 52, 5};
            sink->on_record(r);
        }
    }
    stage.finish();
    EXPECT_EQ(calls.load(), 0);
    const stage_stats st = stage.stats();
    EXPECT_EQ(st.usage_missing, 5u);
    EXPECT_EQ(st.texts_counted, 0u);
    const std::vector<line> lines = spooled(dir.path(), 0);
    ASSERT_EQ(lines.size(), 10u);
    for (std::uint64_t i = 0; i < 10; ++i) {
        SCOPED_TRACE(i);
        if (i % 2 == 0) {
            EXPECT_EQ(lines[i].isl, 40);
            EXPECT_EQ(lines[i].osl, 12);
            EXPECT_EQ(lines[i].output_tokens, 7);
            EXPECT_EQ(lines[i].reasoning_tokens, 5);
        } else {
            EXPECT_FALSE(lines[i].isl);
            EXPECT_FALSE(lines[i].osl);
            EXPECT_FALSE(lines[i].output_tokens);
            EXPECT_FALSE(lines[i].reasoning_tokens);
        }
    }
}

TEST(RecordStage, WithoutATokenizerOslIsStillEstimatedFromChunks) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    record_stage stage(outs, stage_options{});
    EXPECT_FALSE(stage.needs_text());
    EXPECT_EQ(stage.source(), metrics::token_source::estimate);
    {
        auto sink = stage.make_sink(0);
        for (std::uint64_t i = 0; i < 4; ++i) {
            request_record r = make_record(0, i);
            sink->on_record(r);
        }
    }
    stage.finish();
    const std::vector<line> lines = spooled(dir.path(), 0);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1].osl, 2);  // two content responses
    EXPECT_FALSE(lines[1].output_tokens);
    EXPECT_EQ(outs.outputs()[0]->metrics.osl_estimated_count(), 4u);
}

TEST(RecordStage, SummariesCarryIslOslAndTheReasoningSplit) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    record_stage stage(outs, counting());
    produce(stage, {30});
    metrics::metric_set merged;
    for (worker_output* o : outs.outputs())
        merged.merge(o->metrics);
    exporter::run_summary s;
    s.results = merged.summarize();
    const std::string json = exporter::render_json(s);
    for (const char* key :
         {"\"input_sequence_length\"", "\"output_sequence_length\"", "\"output_token_count\"",
          "\"reasoning_token_count\"", "\"total_isl\"", "\"total_osl\"", "\"total_output_tokens\"",
          "\"total_reasoning_tokens\""})
        EXPECT_NE(json.find(key), std::string::npos) << key;
    const std::string csv = exporter::render_csv(s.results);
    for (const char* row : {"Input Sequence Length (tokens),", "Output Sequence Length (tokens),",
                            "Output Token Count (tokens),", "Reasoning Token Count (tokens),",
                            "Total Reasoning Tokens (tokens),"})
        EXPECT_NE(csv.find(row), std::string::npos) << row;
    // Records 0, 3, ..., 27 reasoned, two words each; 6 and 27 failed: 8 records count.
    double reasoning_total = -1;
    for (const auto& m : s.results)
        if (m.info->id == metrics::metric_id::total_reasoning_tokens) reasoning_total = m.value;
    EXPECT_EQ(reasoning_total, 16);
}

TEST(RecordStage, AThrowingCounterLeavesTheCountAbsent) {
    temp_dir dir;
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, dir.path());
    stage_options o;
    o.counter = [](std::string_view s) -> std::size_t {
        if (s.find("think") != std::string_view::npos) throw std::runtime_error("bad text");
        return count_words(s);
    };
    record_stage stage(outs, o);
    {
        auto sink = stage.make_sink(0);
        request_record r = make_record(0, 0);  // reasons
        sink->on_record(r);
    }
    stage.finish();
    EXPECT_EQ(stage.stats().count_failures, 1u);
    const std::vector<line> lines = spooled(dir.path(), 0);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].output_tokens, 1);
    EXPECT_FALSE(lines[0].reasoning_tokens);
    EXPECT_EQ(lines[0].osl, 1);
}

TEST(RecordStage, CountingThreadsFollowTheWorkers) {
    EXPECT_EQ(counting_threads_for(1), 1u);
    EXPECT_EQ(counting_threads_for(2), 1u);
    EXPECT_EQ(counting_threads_for(3), 1u);
    EXPECT_EQ(counting_threads_for(8), 4u);
    EXPECT_EQ(counting_threads_for(64), 32u);
    EXPECT_GE(counting_threads_for(0), 1u);
}

TEST(RecordStage, FinishWithoutWorkersAndTwiceIsHarmless) {
    const wall_clock_map clock = wall_clock_map::capture();
    record_outputs outs(clock, "");
    record_stage stage(outs, counting(3));
    stage.finish();
    stage.finish();
    EXPECT_EQ(stage.stats().records, 0u);
}

}  // namespace
