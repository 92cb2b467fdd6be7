// Runs of the engine against scripted loopback servers: the storage a run spec points into,
// conversations to send, and a sink that keeps every record.
#pragma once

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "ringperf/api/request_body.h"
#include "ringperf/engine/engine.h"
#include "ringperf/metrics/record.h"

namespace ringperf::engine_test {

struct collected {
    std::mutex mu;
    std::vector<metrics::request_record> records;
};

class collecting_sink : public engine::record_sink {
  public:
    explicit collecting_sink(collected& c) : c_(c) {}
    void on_record(metrics::request_record& r) override {
        std::lock_guard g(c_.mu);
        c_.records.push_back(r);
    }

  private:
    collected& c_;
};

struct run_out {
    std::vector<metrics::request_record> records;
    std::vector<engine::worker_report> reports;
};

struct fixture {
    dataset::conversation_set convs;
    engine::request_set reqs;
    engine::run_spec spec;
};

inline engine::head_options chat_head() {
    return {"/v1/chat/completions", "127.0.0.1", "", {}};
}

inline engine::url_target loopback(int port) {
    engine::url_target u;
    u.address = *net::resolve("127.0.0.1", static_cast<std::uint16_t>(port));
    u.host = "127.0.0.1";
    u.head = chat_head();
    return u;
}

// Conversations "c<i>" of `turns[i]` turns each, "c<i>t<j>" the text of turn j; the first
// turns are prepared for every URL of the spec.
inline void add_conversations(fixture& f, const std::vector<std::uint32_t>& turns) {
    std::vector<engine::head_options> heads;
    for (const auto& u : f.spec.urls)
        heads.push_back(u.head);
    for (std::size_t i = 0; i < turns.size(); ++i) {
        dataset::conversation c;
        c.session_id = "c" + std::to_string(i);
        for (std::uint32_t j = 0; j < turns[i]; ++j) {
            dataset::turn t;
            t.text = c.session_id + "t" + std::to_string(j);
            t.input_tokens = 1;
            c.turns.push_back(t);
        }
        api::prompt_spec p;
        p.text = c.turns[0].text;
        f.reqs.requests.push_back(
            engine::prepare_request(heads, api::build_body(f.spec.endpoint, "m", p), 1));
        f.convs.conversations.push_back(std::move(c));
    }
}

inline std::unique_ptr<fixture> make_fixture(std::vector<int> ports, bool streaming,
                                             std::uint32_t concurrency, std::uint64_t count) {
    static const ring::features features = ring::probe();
    auto f = std::make_unique<fixture>();
    auto& spec = f->spec;
    spec.options.workers = 1;
    spec.options.request_timeout_s = 10;
    spec.options.recv_buffers = 64;
    spec.options.recv_buffer_size = 4096;
    for (int port : ports)
        spec.urls.push_back(loopback(port));
    spec.endpoint.models = {"m"};
    spec.endpoint.streaming = streaming;
    spec.streaming = streaming;
    engine::phase_spec ph;
    ph.concurrency = concurrency;
    ph.request_count = count;
    ph.grace_period_s = std::numeric_limits<double>::infinity();
    spec.phases.push_back(ph);
    spec.seed = 1;
    spec.features = features;
    spec.conversations = &f->convs;
    spec.requests = &f->reqs;
    return f;
}

inline run_out run_fixture(fixture& f) {
    collected c;
    f.spec.make_sink = [&c](std::uint32_t) { return std::make_unique<collecting_sink>(c); };
    engine::engine e;
    EXPECT_TRUE(e.start(f.spec).ok());
    run_out out;
    out.reports = e.wait();
    out.records = std::move(c.records);
    return out;
}

inline bool usable() {
    static const bool ok = ring::probe().missing_required().empty();
    return ok;
}

inline std::size_t failures(const run_out& o) {
    std::size_t n = 0;
    for (const auto& r : o.records)
        n += !r.ok();
    return n;
}

}  // namespace ringperf::engine_test
