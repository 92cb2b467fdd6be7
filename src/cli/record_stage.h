// The counting stage between the engine's workers and the run's outputs. The I/O threads
// never tokenize (design principle 5): each worker's sink only swaps the finished record
// into that worker's record_ring; counting threads take the records from the rings, count
// the output and reasoning tokens of successful responses with the run's tokenizer, and then
// write them (record_outputs::write: metrics and the JSONL spool).
//
// Cost on a worker: one record swap and one release store per request (and, every half
// ring, one look at how full it is), nothing else unless a ring is full; the record it gets
// back has the buffers of one already written, so nothing is allocated. A counting thread
// sleeps on a condition variable and looks at its rings
// every `poll` (the workers wake it only when a ring is half full, when one overflows and
// when a worker ends), so an idle stage costs a few microseconds of CPU per poll.
//
// Back-pressure: when a worker's ring is full (the counting threads fell behind) the worker
// keeps the record in an overflow queue of its own and wakes its counting thread; later
// records go behind it, in order, and move into the ring as it frees. The overflow takes
// up to `overflow_limit` records (allocating: records that overflow lose their buffers).
// Past that the worker waits, waking the counting thread and sleeping `poll` / 16 at a
// time, until the ring has taken some of the overflow: the event loop stalls, but only as
// long as the counting thread needs to free slots, and memory stays bounded by
// (ring_capacity + overflow_limit) records per worker. stats() reports both.
//
// End of run: once every sink is gone (engine::wait() returned) finish() has each counting
// thread drain its rings, then take the overflow each worker left behind, write those
// records too, and close the spools: every finished record is written, whether the run
// ended normally, by Ctrl-C, by a fatal error or by the failure threshold.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "record_sink.h"
#include "ringperf/engine/engine.h"
#include "ringperf/metrics/record.h"

namespace ringperf::cli {

// Counts the tokens of a text. Called on the counting threads, several at once when there
// are several: it must be thread-safe (tokenizer::tokenizer::count is). An exception leaves
// the count absent for that record (stage_stats::count_failures).
using token_counter = std::function<std::size_t(std::string_view)>;

struct stage_options {
    token_counter counter;                // empty: no tokenizer
    bool use_server_token_count = false;  // counts from `usage` only; nothing is tokenized
    std::uint32_t threads = 1;            // counting threads (at least one is started)
    std::size_t ring_capacity = 1024;     // records per worker ring (rounded up to 2^k)
    std::size_t overflow_limit = 8192;    // records a worker holds back before it waits
    std::chrono::microseconds poll{2000};
};

// server with use_server_token_count; tokenizer with a counter; estimate otherwise.
metrics::token_source token_source_for(const stage_options& o);

// Counting threads for a run with `workers` engine workers (0: one per core): one for
// every two workers, at least one. Measured (bench/stage/stage_cpu.cpp, streamed 64-token
// answers): a worker spends about 30 us of CPU per request; the counting thread about 5 us
// for metrics and JSONL plus the tokenizer, which at BPE speeds (20-100 ns per byte) adds
// 7-36 us. Half as many threads as workers keeps up with saturated workers up to about
// 50 ns per byte; beyond that the overflow and, at worst, short worker stalls absorb it.
// The threads are not pinned: they use whatever CPU the workers leave idle.
std::uint32_t counting_threads_for(std::uint32_t workers);

struct stage_stats {
    std::uint64_t records = 0;         // records written
    std::uint64_t texts_counted = 0;   // texts given to the counter
    std::uint64_t count_failures = 0;  // counter calls that threw
    // --use-server-token-count: successful records whose server sent no usage at all (their
    // ISL and OSL are absent).
    std::uint64_t usage_missing = 0;
    std::uint64_t overflowed = 0;     // records that went to a worker's overflow queue
    std::uint64_t peak_overflow = 0;  // most records in one worker's overflow at once
    std::uint64_t stalls = 0;         // times a worker waited with its overflow full
    std::int64_t stall_ns = 0;        // time workers spent waiting, summed
    // CPU time of the counting threads and of their spools' writer threads, summed.
    std::int64_t counting_cpu_ns = 0;
};

class record_stage {
  public:
    // Starts the counting threads. `outs` must outlive the stage.
    record_stage(record_outputs& outs, stage_options o);
    // finish(), if it was not called.
    ~record_stage();
    record_stage(const record_stage&) = delete;
    record_stage& operator=(const record_stage&) = delete;

    metrics::token_source source() const;
    // Whether records must carry their texts (engine::run_spec::keep_text).
    bool needs_text() const;

    // The sink of worker `w` (engine::run_spec::make_sink), called on that worker's thread
    // before its first record; opens the worker's output. One sink per worker number.
    std::unique_ptr<engine::record_sink> make_sink(std::uint32_t w);

    // Call once every sink has been destroyed (after engine::wait(), or when the engine never
    // started): writes every record still queued or held back, closes the spools and joins
    // the counting threads. Idempotent.
    void finish();

    // Totals, once finish() returned.
    stage_stats stats() const;

  private:
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::cli
