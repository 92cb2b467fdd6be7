// CPU an engine worker spends per request with its finished records handled on the worker
// itself (metrics and JSONL written inline, as before the counting stage) and handed to the
// counting stage (counting nothing, counting whitespace words, and with a counter as slow as a
// BPE tokenizer). The in-process mock answers on the last allowed CPU, the worker runs on the
// first; CPU times are per thread (CLOCK_THREAD_CPUTIME_ID), so they hold on a shared VM.
//
//   stage_cpu [requests per run] [runs per mode]     (defaults 20000 and 3)
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "record_sink.h"
#include "record_stage.h"
#include "ringperf/api/request_body.h"
#include "ringperf/engine/engine.h"
#include "ringperf/mock/server.h"

using namespace ringperf;

namespace {

std::int64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void pin_self(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

// Measures the worker thread's CPU from its first record's set-up to its end.
class timed_sink final : public engine::record_sink {
  public:
    timed_sink(std::unique_ptr<engine::record_sink> inner, std::int64_t& cpu_ns)
        : inner_(std::move(inner)), cpu_ns_(cpu_ns), start_(thread_cpu_ns()) {}
    ~timed_sink() override {
        inner_.reset();
        cpu_ns_ = thread_cpu_ns() - start_;
    }
    void on_record(metrics::request_record& r) override { inner_->on_record(r); }

  private:
    std::unique_ptr<engine::record_sink> inner_;
    std::int64_t& cpu_ns_;
    std::int64_t start_;
};

// What the worker did with records before the stage existed.
class inline_sink final : public engine::record_sink {
  public:
    inline_sink(cli::record_outputs& outs, cli::worker_output& out) : outs_(outs), out_(out) {}
    ~inline_sink() override { cli::record_outputs::close(out_); }
    void on_record(metrics::request_record& r) override {
        outs_.write(out_, r, metrics::token_source::estimate, line_);
    }

  private:
    cli::record_outputs& outs_;
    cli::worker_output& out_;
    std::string line_;
};

std::size_t count_words(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = c == ' ';
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

// Busy work of roughly a BPE tokenizer's cost, about 100 ns per byte.
std::size_t slow_count(std::string_view s) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(100 * s.size());
    while (std::chrono::steady_clock::now() < until) {
    }
    return count_words(s);
}

enum class mode { inline_sink, stage_server, stage_words, stage_slow };

const char* mode_name(mode m) {
    switch (m) {
        case mode::inline_sink:
            return "inline (no stage)";
        case mode::stage_server:
            return "stage, server counts";
        case mode::stage_words:
            return "stage, word counter";
        case mode::stage_slow:
            return "stage, 100 ns/byte counter";
    }
    return "";
}

struct fixture {
    dataset::conversation_set convs;
    engine::request_set reqs;
    engine::run_spec spec;
};

std::unique_ptr<fixture> make_fixture(int port, std::uint64_t requests) {
    auto f = std::make_unique<fixture>();
    auto& spec = f->spec;
    spec.options.workers = 1;
    spec.options.request_timeout_s = 60;
    engine::url_target u;
    u.address = *net::resolve("127.0.0.1", static_cast<std::uint16_t>(port));
    u.host = "127.0.0.1";
    u.head = {"/v1/chat/completions", "127.0.0.1", "", {}};
    spec.urls.push_back(u);
    spec.endpoint.models = {"m"};
    spec.endpoint.streaming = true;
    spec.endpoint.extra_inputs = {{"ignore_eos", "true"}};
    spec.streaming = true;
    engine::phase_spec ph;
    ph.concurrency = 100;
    ph.request_count = requests;
    spec.phases.push_back(ph);
    spec.seed = 1;
    spec.features = ring::probe();
    for (int i = 0; i < 100; ++i) {
        dataset::conversation c;
        c.session_id = std::to_string(i);
        dataset::turn t;
        t.text = "w" + std::to_string(i) + " alpha beta gamma delta epsilon zeta eta theta iota";
        t.input_tokens = 10;
        t.max_tokens = 64;
        c.turns.push_back(t);
        api::prompt_spec p;
        p.text = t.text;
        p.max_tokens = 64;
        f->reqs.requests.push_back(engine::prepare_request(
            std::vector<engine::head_options>{u.head}, api::build_body(spec.endpoint, "m", p), 10));
        f->convs.conversations.push_back(std::move(c));
    }
    spec.conversations = &f->convs;
    spec.requests = &f->reqs;
    return f;
}

struct result_row {
    double worker_us = 0, counting_us = 0, wall_s = 0;
    std::uint64_t requests = 0, overflowed = 0, stalls = 0;
};

result_row run_once(int port, std::uint64_t requests, mode m, const std::string& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const wall_clock_map clock = wall_clock_map::capture();
    cli::record_outputs outs(clock, dir);
    cli::stage_options o;
    o.use_server_token_count = m == mode::stage_server;
    if (m == mode::stage_words) o.counter = count_words;
    if (m == mode::stage_slow) o.counter = slow_count;
    std::unique_ptr<cli::record_stage> stage;
    if (m != mode::inline_sink) stage = std::make_unique<cli::record_stage>(outs, o);
    auto f = make_fixture(port, requests);
    std::int64_t worker_cpu = 0;
    f->spec.make_sink = [&](std::uint32_t w) -> std::unique_ptr<engine::record_sink> {
        std::unique_ptr<engine::record_sink> inner;
        if (stage) {
            inner = stage->make_sink(w);
        } else {
            inner = std::make_unique<inline_sink>(outs, outs.open(w));
        }
        return std::make_unique<timed_sink>(std::move(inner), worker_cpu);
    };
    f->spec.keep_text = stage && stage->needs_text();
    const auto t0 = std::chrono::steady_clock::now();
    engine::engine e;
    if (auto r = e.start(f->spec); !r) {
        std::fprintf(stderr, "engine: %s\n", r.message().c_str());
        std::exit(1);
    }
    const auto reports = e.wait();
    result_row row;
    row.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    row.requests = reports[0].completed;
    std::int64_t counting_cpu = 0;
    if (!stage) {
        for (const cli::worker_output* w : outs.outputs())
            worker_cpu += w->spool_writer_cpu_ns;
    }
    if (stage) {
        stage->finish();
        const cli::stage_stats st = stage->stats();
        counting_cpu = st.counting_cpu_ns;
        row.overflowed = st.overflowed;
        row.stalls = st.stalls;
    }
    const double n = static_cast<double>(row.requests);
    row.worker_us = static_cast<double>(worker_cpu) / 1e3 / n;
    row.counting_us = static_cast<double>(counting_cpu) / 1e3 / n;
    return row;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    cpu_set_t allowed;
    sched_getaffinity(0, sizeof allowed, &allowed);
    int first = -1, last = -1;
    for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &allowed)) {
            if (first < 0) first = c;
            last = c;
        }
    pin_self(last);  // the mock's thread inherits this CPU
    mock::mock_options mo;
    mo.port = 0;
    mo.workers = 1;
    mo.ttft_ms = 0;
    mo.itl_ms = 0;
    auto srv = mock::server::start(mo);
    if (!srv) {
        std::fprintf(stderr, "mock: %s\n", srv.message().c_str());
        return 1;
    }
    pin_self(first);  // the engine pins its worker to the first allowed CPU
    const int port = (*srv)->port();
    const std::string dir = std::filesystem::temp_directory_path() / "ringperf-stage-bench";
    std::printf(
        "%llu streamed requests per run (64 tokens, 100 connections), worker on CPU %d, "
        "mock on CPU %d\n",
        static_cast<unsigned long long>(requests), first, last);
    // Modes take turns, so a noisy neighbour on the VM weighs on all of them alike.
    constexpr mode modes[] = {mode::inline_sink, mode::stage_server, mode::stage_words,
                              mode::stage_slow};
    std::vector<std::vector<result_row>> rows(std::size(modes));
    for (int i = 0; i < runs; ++i)
        for (std::size_t k = 0; k < std::size(modes); ++k)
            rows[k].push_back(run_once(port, requests, modes[k], dir));
    std::printf("%-28s %14s %16s %10s %10s %8s   (medians of %d runs)\n", "mode", "worker us/req",
                "counting us/req", "req/s", "overflowed", "stalls", runs);
    for (std::size_t k = 0; k < std::size(modes); ++k) {
        auto median = [&](auto field) {
            std::vector<double> v;
            for (const auto& r : rows[k])
                v.push_back(field(r));
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        std::printf(
            "%-28s %14.2f %16.2f %10.0f %10.0f %8.0f\n", mode_name(modes[k]),
            median([](const result_row& r) { return r.worker_us; }),
            median([](const result_row& r) { return r.counting_us; }),
            median([](const result_row& r) { return static_cast<double>(r.requests) / r.wall_s; }),
            median([](const result_row& r) { return static_cast<double>(r.overflowed); }),
            median([](const result_row& r) { return static_cast<double>(r.stalls); }));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
