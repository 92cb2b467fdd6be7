#include "record_stage.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "record_ring.h"
#include "ringperf/base/clock.h"

namespace ringperf::cli {

namespace {

// Records a counting thread takes from one ring before it looks at the next: workers sharing
// a thread are served in turn.
constexpr std::size_t batch_records = 256;

std::int64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// One worker's path to its counting thread.
struct channel {
    explicit channel(std::size_t capacity) : ring(capacity) {}
    record_ring ring;
    worker_output* out = nullptr;
    // The worker's own: records waiting for room in the ring, and its back-pressure counts
    // (read by the stage only after the worker has ended).
    std::deque<metrics::request_record> overflow;
    std::uint64_t overflowed = 0, peak_overflow = 0, stalls = 0;
    std::int64_t stall_ns = 0;
    // The overflow the worker left when its sink was destroyed.
    std::mutex mu;
    std::deque<metrics::request_record> leftover;
};

// A counting thread and the channels it serves.
struct counter_thread {
    std::mutex mu;
    std::condition_variable cv;
    bool wake = false;
    std::vector<channel*> channels;  // guarded by mu; grows as workers start
    std::atomic<std::uint64_t> version{0};
    std::thread thread;
    // The thread's own, read after it was joined.
    stage_stats stats;
    std::string line;

    void notify() {
        {
            std::lock_guard g(mu);
            wake = true;
        }
        cv.notify_one();
    }
};

}  // namespace

struct record_stage::impl {
    record_outputs& outs;
    stage_options opts;
    metrics::token_source source;
    std::vector<std::unique_ptr<counter_thread>> threads;
    std::mutex channels_mu;
    std::vector<std::unique_ptr<channel>> channels;
    std::atomic<bool> finishing{false};
    bool finished = false;

    impl(record_outputs& o, stage_options so)
        : outs(o), opts(std::move(so)), source(token_source_for(opts)) {}

    void run(counter_thread& t);
    std::size_t drain(counter_thread& t, channel& ch);
    void process(counter_thread& t, metrics::request_record& r, worker_output& out);
    void count(counter_thread& t, const std::string& text, std::int64_t& into);
};

namespace {

class stage_sink final : public engine::record_sink {
  public:
    stage_sink(channel& ch, counter_thread& t, const stage_options& o, record_outputs& outs)
        : ch_(ch),
          t_(t),
          limit_(std::max<std::size_t>(o.overflow_limit, 1)),
          poll_(o.poll),
          outs_(outs) {
        half_ = std::max<std::size_t>(ch.ring.capacity() / 2, 1);
    }

    ~stage_sink() override {
        drain_overflow();
        {
            std::lock_guard g(ch_.mu);
            ch_.leftover = std::move(ch_.overflow);
        }
        t_.notify();
    }

    void on_record(metrics::request_record& r) override {
        if (!ch_.overflow.empty()) drain_overflow();
        if (ch_.overflow.empty() && ch_.ring.try_push(r)) {
            // Every half ring, a look at how full it is: the thread sleeps between polls.
            if (++pushes_ % half_ == 0 && ch_.ring.size_now() >= half_) t_.notify();
            return;
        }
        hold(r);
    }

    void on_phase_start(metrics::benchmark_phase phase, mono_ns start) override {
        outs_.set_phase_start(phase, start);
    }

  private:
    void drain_overflow() {
        while (!ch_.overflow.empty() && ch_.ring.try_push(ch_.overflow.front()))
            ch_.overflow.pop_front();
    }

    void hold(metrics::request_record& r) {
        if (ch_.overflow.size() >= limit_) wait_for_room();
        ch_.overflow.push_back(std::move(r));
        r.clear();
        ++ch_.overflowed;
        ch_.peak_overflow = std::max<std::uint64_t>(ch_.peak_overflow, ch_.overflow.size());
        t_.notify();
    }

    void wait_for_room() {
        const mono_ns start = now_mono_ns();
        ++ch_.stalls;
        const auto nap = std::max(poll_ / 16, std::chrono::microseconds(10));
        while (ch_.overflow.size() >= limit_) {
            t_.notify();
            std::this_thread::sleep_for(nap);
            drain_overflow();
        }
        ch_.stall_ns += now_mono_ns() - start;
    }

    channel& ch_;
    counter_thread& t_;
    const std::size_t limit_;
    const std::chrono::microseconds poll_;
    std::size_t half_ = 1;
    std::uint64_t pushes_ = 0;
    record_outputs& outs_;
};

}  // namespace

void record_stage::impl::count(counter_thread& t, const std::string& text, std::int64_t& into) {
    if (text.empty()) return;
    ++t.stats.texts_counted;
    try {
        into = static_cast<std::int64_t>(opts.counter(text));
    } catch (...) {
        ++t.stats.count_failures;
    }
}

void record_stage::impl::process(counter_thread& t, metrics::request_record& r,
                                 worker_output& out) {
    if (r.ok() && source == metrics::token_source::tokenizer) {
        count(t, r.output_text, r.counted.output);
        count(t, r.reasoning_text, r.counted.reasoning);
    }
    if (r.ok() && source == metrics::token_source::server && r.usage.prompt_tokens < 0 &&
        r.usage.completion_tokens < 0 && r.usage.reasoning_tokens < 0)
        ++t.stats.usage_missing;
    outs.write(out, r, source, t.line);
    ++t.stats.records;
}

std::size_t record_stage::impl::drain(counter_thread& t, channel& ch) {
    const std::size_t n = std::min(ch.ring.available(), batch_records);
    for (std::size_t i = 0; i < n; ++i)
        process(t, ch.ring.at(i), *ch.out);
    ch.ring.release(n);
    return n;
}

// Drains the rings until the stage finishes; the rings are drained once more after
// `finishing` is seen (every push happened before it was set), then the overflow the
// workers left is written, after their ring records, which it follows.
void record_stage::impl::run(counter_thread& t) {
    std::vector<channel*> mine;
    std::uint64_t seen = 0;
    for (;;) {
        const bool last_round = finishing.load(std::memory_order_acquire);
        if (const std::uint64_t v = t.version.load(std::memory_order_acquire); v != seen) {
            std::lock_guard g(t.mu);
            mine = t.channels;
            seen = t.version.load(std::memory_order_relaxed);
        }
        std::size_t n = 0;
        for (channel* ch : mine)
            n += drain(t, *ch);
        if (n > 0) continue;
        if (last_round) break;
        std::unique_lock lk(t.mu);
        t.cv.wait_for(lk, opts.poll, [&] { return t.wake; });
        t.wake = false;
    }
    std::int64_t writers_ns = 0;
    for (channel* ch : mine) {
        std::deque<metrics::request_record> left;
        {
            std::lock_guard g(ch->mu);
            left = std::move(ch->leftover);
        }
        for (auto& r : left)
            process(t, r, *ch->out);
        record_outputs::close(*ch->out);
        writers_ns += ch->out->spool_writer_cpu_ns;
    }
    t.stats.counting_cpu_ns = thread_cpu_ns() + writers_ns;
}

metrics::token_source token_source_for(const stage_options& o) {
    if (o.use_server_token_count) return metrics::token_source::server;
    if (o.counter) return metrics::token_source::tokenizer;
    return metrics::token_source::estimate;
}

std::uint32_t counting_threads_for(std::uint32_t workers) {
    if (workers == 0) workers = std::max(std::thread::hardware_concurrency(), 1u);
    return std::max<std::uint32_t>(1, workers / 2);
}

record_stage::record_stage(record_outputs& outs, stage_options o)
    : p_(std::make_unique<impl>(outs, std::move(o))) {
    const std::uint32_t n = std::max<std::uint32_t>(p_->opts.threads, 1);
    for (std::uint32_t i = 0; i < n; ++i) {
        auto t = std::make_unique<counter_thread>();
        counter_thread* raw = t.get();
        t->thread = std::thread([this, raw] { p_->run(*raw); });
        const std::string name = "ringperf-count" + std::to_string(i);
        pthread_setname_np(t->thread.native_handle(), name.substr(0, 15).c_str());
        p_->threads.push_back(std::move(t));
    }
}

record_stage::~record_stage() {
    finish();
}

metrics::token_source record_stage::source() const {
    return p_->source;
}

bool record_stage::needs_text() const {
    return p_->source == metrics::token_source::tokenizer;
}

std::unique_ptr<engine::record_sink> record_stage::make_sink(std::uint32_t w) {
    channel* ch = nullptr;
    {
        std::lock_guard g(p_->channels_mu);
        p_->channels.push_back(std::make_unique<channel>(p_->opts.ring_capacity));
        ch = p_->channels.back().get();
    }
    ch->out = &p_->outs.open(w);
    counter_thread& t = *p_->threads[w % p_->threads.size()];
    {
        std::lock_guard g(t.mu);
        t.channels.push_back(ch);
        t.version.fetch_add(1, std::memory_order_release);
    }
    return std::make_unique<stage_sink>(*ch, t, p_->opts, p_->outs);
}

void record_stage::finish() {
    if (p_->finished) return;
    p_->finished = true;
    p_->finishing.store(true, std::memory_order_release);
    for (auto& t : p_->threads)
        t->notify();
    for (auto& t : p_->threads)
        if (t->thread.joinable()) t->thread.join();
}

stage_stats record_stage::stats() const {
    stage_stats s;
    for (const auto& t : p_->threads) {
        s.records += t->stats.records;
        s.texts_counted += t->stats.texts_counted;
        s.count_failures += t->stats.count_failures;
        s.usage_missing += t->stats.usage_missing;
        s.counting_cpu_ns += t->stats.counting_cpu_ns;
    }
    std::lock_guard g(p_->channels_mu);
    for (const auto& ch : p_->channels) {
        s.overflowed += ch->overflowed;
        s.peak_overflow = std::max(s.peak_overflow, ch->peak_overflow);
        s.stalls += ch->stalls;
        s.stall_ns += ch->stall_ns;
    }
    return s;
}

}  // namespace ringperf::cli
