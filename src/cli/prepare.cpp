#include "prepare.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "ringperf/api/request_body.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/dataset/loader.h"
#include "ringperf/dataset/prompt_source.h"
#include "ringperf/net/tls.h"

namespace ringperf::cli {

namespace {

result<target> resolve_one(const config::run_plan& plan, const std::string& text) {
    const auto& ep = plan.endpoint;
    auto u = http::parse_url(text);
    if (!u) return u.err();
    target t;
    t.url = std::move(*u);
    t.path = t.url.join(ep.custom_endpoint.empty() ? api::endpoint_default_path(ep.type)
                                                   : ep.custom_endpoint);
    auto addr = net::resolve(t.url.host, t.url.port);
    if (!addr) return make_error("cannot benchmark " + t.url.to_string() + ": " + addr.message());
    t.address = *addr;
    const int timeout_ms = static_cast<int>(
        std::min(plan.engine.connect_timeout_s.value_or(10.0), plan.engine.request_timeout_s) *
        1000);
    if (auto ok = net::probe_connect(t.address, std::max(timeout_ms, 1)); !ok)
        return make_error("the server at " + t.url.to_string() + " is not reachable: " +
                          ok.message() + "\nIs it running, and are --url and the port right?");
    if (t.url.tls) {
        const net::tls_options o{plan.engine.tls_verify, plan.engine.tls_ca_file};
        if (auto ok = net::probe_tls(t.address, t.url.host, o, std::max(timeout_ms, 1)); !ok)
            return make_error("cannot benchmark " + t.url.to_string() + ": " + ok.message());
    }
    return t;
}

double mean_turns(const dataset::conversation_set& data) {
    double sum = 0;
    for (const auto& c : data.conversations)
        sum += static_cast<double>(c.turns.size());
    return data.conversations.empty() ? 1 : sum / static_cast<double>(data.conversations.size());
}

result<workload::schedule_spec> rate_schedule(double rate, workload::arrival_pattern pattern,
                                              double smoothness, std::optional<double> ramp_s,
                                              std::uint64_t seed,
                                              std::optional<std::uint64_t> count,
                                              std::optional<double> duration_s) {
    workload::schedule_options o;
    o.arrival = {pattern, rate, smoothness};
    o.seed = seed;
    o.rate_ramp_duration_s = ramp_s.value_or(0);
    o.request_count = count;
    if (duration_s) o.end_offset_ns = static_cast<std::int64_t>(*duration_s * 1e9);
    return workload::schedule_spec::make(o);
}

result<void> add_ramps(engine::phase_spec& ph, std::optional<double> concurrency_s,
                       std::optional<double> prefill_s) {
    if (concurrency_s && ph.concurrency > 0) {
        auto r = workload::concurrency_ramp::make(ph.concurrency, *concurrency_s);
        if (!r) return r.err();
        ph.concurrency_ramp = *r;
    }
    if (prefill_s && ph.prefill_concurrency > 0) {
        auto r = workload::concurrency_ramp::make(ph.prefill_concurrency, *prefill_s);
        if (!r) return r.err();
        ph.prefill_ramp = *r;
    }
    return {};
}

result<engine::phase_spec> profiling_phase(const config::run_plan& plan, std::uint64_t seed,
                                           engine::timing_mode mode, const run_inputs& in) {
    const auto& l = plan.load;
    engine::phase_spec ph;
    ph.mode = mode;
    ph.concurrency = mode == engine::timing_mode::closed_loop ? l.concurrency.value_or(1)
                                                              : l.concurrency.value_or(0);
    ph.prefill_concurrency = l.prefill_concurrency.value_or(0);
    ph.overflow = l.overflow;
    ph.session_count = l.num_sessions;
    ph.duration_s = l.benchmark_duration_s;
    ph.grace_period_s = l.grace_period_s;
    // Without another stop condition the run sends AIPerf's default count; a trace is
    // replayed whole, user-centric runs need a stop condition of their own.
    if (l.request_count || l.benchmark_duration_s || l.num_sessions ||
        mode == engine::timing_mode::fixed_schedule)
        ph.request_count = l.request_count;
    else
        ph.request_count = l.effective_request_count();
    if (auto r =
            add_ramps(ph, l.concurrency_ramp_duration_s, l.prefill_concurrency_ramp_duration_s);
        !r)
        return r.err();
    if (mode == engine::timing_mode::request_rate) {
        auto s = rate_schedule(*l.request_rate, l.pattern, l.arrival_smoothness,
                               l.request_rate_ramp_duration_s, seed, ph.request_count,
                               l.benchmark_duration_s);
        if (!s) return s.err();
        ph.schedule = std::move(*s);
    }
    if (mode == engine::timing_mode::fixed_schedule) ph.fixed = &*in.fixed;
    if (mode == engine::timing_mode::user_centric) ph.users = &*in.users;
    return ph;
}

// Warmup settings fall back to the profiling ones; warmup runs at a rate when one is
// given for either phase, else as a closed loop.
result<engine::phase_spec> warmup_phase(const config::run_plan& plan, std::uint64_t seed,
                                        engine::timing_mode profiling_mode) {
    const auto& l = plan.load;
    const auto& w = l.warmup;
    engine::phase_spec ph;
    ph.phase = metrics::benchmark_phase::warmup;
    const std::optional<double> rate =
        w.request_rate
            ? w.request_rate
            : (profiling_mode == engine::timing_mode::request_rate ? l.request_rate : std::nullopt);
    ph.mode = rate ? engine::timing_mode::request_rate : engine::timing_mode::closed_loop;
    const auto conc = w.concurrency ? w.concurrency : l.concurrency;
    ph.concurrency = rate ? conc.value_or(0) : conc.value_or(1);
    ph.prefill_concurrency = w.prefill_concurrency.value_or(l.prefill_concurrency.value_or(0));
    ph.overflow = l.overflow;
    ph.request_count = w.request_count;
    ph.session_count = w.num_sessions;
    ph.duration_s = w.duration_s;
    ph.grace_period_s = w.grace_period_s.value_or(std::numeric_limits<double>::infinity());
    const auto conc_ramp = w.concurrency_ramp_duration_s ? w.concurrency_ramp_duration_s
                                                         : l.concurrency_ramp_duration_s;
    const auto prefill_ramp = w.prefill_concurrency_ramp_duration_s
                                  ? w.prefill_concurrency_ramp_duration_s
                                  : l.prefill_concurrency_ramp_duration_s;
    if (auto r = add_ramps(ph, conc_ramp, prefill_ramp); !r) return r.err();
    if (rate) {
        const auto rate_ramp = w.request_rate_ramp_duration_s ? w.request_rate_ramp_duration_s
                                                              : l.request_rate_ramp_duration_s;
        auto s =
            rate_schedule(*rate, w.pattern.value_or(l.pattern), l.arrival_smoothness, rate_ramp,
                          rng::derive(seed, "warmup").next(), ph.request_count, ph.duration_s);
        if (!s) return make_error("warmup: " + s.message());
        ph.schedule = std::move(*s);
    }
    return ph;
}

// AIPerf's round-robin model selection: conversation n goes to model n mod N.
const std::string& model_for(const api::endpoint_options& ep, std::size_t conversation) {
    return ep.models[conversation % ep.models.size()];
}

// One turn's request without history: its texts, the conversation's system and context
// messages, its limit and extra fields.
api::prompt_spec turn_prompt(const dataset::conversation& c, const dataset::turn& t) {
    api::prompt_spec p;
    p.text = t.text;
    p.parts = t.parts;
    p.max_tokens = t.max_tokens;
    p.system = c.system;
    p.context = c.context;
    p.extra = t.extra;
    return p;
}

// {"session_id":ID,"payloads":[...]} for conversation `index` (newline first, for diffs).
void inputs_entry(std::string& out, const api::endpoint_options& ep, const dataset::conversation& c,
                  std::size_t index, std::string_view first) {
    out += "\n{\"session_id\":";
    json_append_string(out, c.session_id);
    out += ",\"payloads\":[";
    out += first;
    for (std::size_t t = 1; t < c.turns.size(); ++t) {
        out.push_back(',');
        api::append_body(out, ep, model_for(ep, index), turn_prompt(c, c.turns[t]));
    }
    out += "]}";
}

}  // namespace

result<std::vector<target>> resolve_targets(const config::run_plan& plan) {
    std::vector<target> out;
    for (const auto& u : plan.endpoint.urls) {
        auto t = resolve_one(plan, u);
        if (!t) return t.err();
        out.push_back(std::move(*t));
    }
    if (out.empty()) return make_error("no --url to benchmark");
    return out;
}

std::vector<engine::url_target> url_targets(const config::run_plan& plan,
                                            const std::vector<target>& targets) {
    std::vector<engine::url_target> out;
    for (const auto& t : targets) {
        engine::url_target u;
        u.address = t.address;
        u.host = t.url.host;
        u.tls = t.url.tls;
        u.head.path = t.path;
        u.head.authority = t.url.authority;
        u.head.api_key = plan.endpoint.api_key;
        u.head.headers = plan.endpoint.headers;
        out.push_back(std::move(u));
    }
    return out;
}

engine::timing_mode select_mode(const config::run_plan& plan,
                                const dataset::conversation_set& data) {
    const auto& l = plan.load;
    if (l.fixed_schedule.enabled.value_or(data.timestamped))
        return engine::timing_mode::fixed_schedule;
    if (l.user_centric_rate) return engine::timing_mode::user_centric;
    if (l.request_rate) return engine::timing_mode::request_rate;
    return engine::timing_mode::closed_loop;
}

result<void> prepare_inputs(const config::run_plan& plan, std::uint64_t seed, run_inputs& out,
                            const dataset::token_codec* codec) {
    const dataset::prompt_source source(codec);
    auto data = dataset::build_conversations(plan.input, seed, source);
    if (!data) return data.err();
    out.conversations = std::move(*data);
    if (out.conversations.conversations.empty())
        return make_error("no prompts to send (--num-dataset-entries is 0 or the file is empty)");
    out.mode = select_mode(plan, out.conversations);
    out.sampling = dataset::effective_sampling(plan.input);
    if (out.mode == engine::timing_mode::fixed_schedule) {
        if (plan.input.sampling)
            return make_error(
                "--dataset-sampling-strategy cannot be used with a fixed schedule: this "
                "timestamped trace is replayed row by row at its timestamps (pass "
                "--no-fixed-schedule to sample its rows instead)");
        auto f = workload::fixed_schedule::make(out.conversations, plan.load.fixed_schedule);
        if (!f) return f.err();
        out.fixed = std::move(*f);
    }
    if (out.mode == engine::timing_mode::user_centric) {
        const auto turns = static_cast<std::uint32_t>(std::lround(mean_turns(out.conversations)));
        auto u = workload::user_centric_plan::make(*plan.load.user_centric_rate,
                                                   plan.load.num_users.value_or(1), turns);
        if (!u) return u.err();
        out.users = std::move(*u);
    }
    auto phases = make_phases(plan, seed, out.mode, out);
    if (!phases) return phases.err();
    out.phases = std::move(*phases);
    return {};
}

engine::request_set prepare_requests(const config::run_plan& plan,
                                     const std::vector<engine::url_target>& urls,
                                     const dataset::conversation_set& data) {
    const auto& ep = plan.endpoint;
    std::vector<engine::head_options> heads;
    for (const auto& u : urls)
        heads.push_back(u.head);
    engine::request_set set;
    set.requests.reserve(data.conversations.size());
    for (std::size_t i = 0; i < data.conversations.size(); ++i) {
        const auto& c = data.conversations[i];
        const auto& t = c.turns.front();
        set.requests.push_back(
            engine::prepare_request(heads, api::build_body(ep, model_for(ep, i), turn_prompt(c, t)),
                                    c.system_tokens + c.context_tokens + t.input_tokens));
    }
    return set;
}

result<void> write_inputs_json(const std::string& path, const config::run_plan& plan,
                               const dataset::conversation_set& data,
                               const engine::request_set& requests) {
    if (requests.requests.size() != data.conversations.size())
        return make_error("cannot write " + path + ": the requests are not prepared");
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (f == nullptr) return make_error("cannot write " + tmp + ": " + std::strerror(errno));
    bool ok = std::fputs("{\"data\":[", f) >= 0;
    std::string chunk;
    for (std::size_t i = 0; ok && i < data.conversations.size(); ++i) {
        chunk.clear();
        inputs_entry(chunk, plan.endpoint, data.conversations[i], i, requests.requests[i].body);
        if (i + 1 < data.conversations.size()) chunk.push_back(',');
        ok = std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
    }
    ok = ok && std::fputs("]}\n", f) >= 0;
    ok = std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        return make_error("cannot write " + path + ": " + why);
    }
    return {};
}

result<std::vector<engine::phase_spec>> make_phases(const config::run_plan& plan,
                                                    std::uint64_t seed, engine::timing_mode mode,
                                                    const run_inputs& in) {
    std::vector<engine::phase_spec> phases;
    if (plan.load.warmup.enabled()) {
        auto w = warmup_phase(plan, seed, mode);
        if (!w) return w.err();
        phases.push_back(std::move(*w));
    }
    auto p = profiling_phase(plan, seed, mode, in);
    if (!p) return p.err();
    phases.push_back(std::move(*p));
    return phases;
}

}  // namespace ringperf::cli
