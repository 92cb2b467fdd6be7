#include "prepare.h"

#include "ringperf/api/request_body.h"
#include "ringperf/dataset/synthetic.h"
#include "ringperf/net/tls.h"

namespace ringperf::cli {

result<target> resolve_target(const config::run_plan& plan) {
    const auto& ep = plan.endpoint;
    if (ep.urls.size() > 1)
        return make_error("--url was given " + std::to_string(ep.urls.size()) +
                          " times; this version benchmarks one URL per run");
    auto u = http::parse_url(ep.urls.front());
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

result<engine::request_set> prepare_requests(const config::run_plan& plan, const target& t,
                                             std::uint64_t seed) {
    const auto& ep = plan.endpoint;
    const auto prompts = dataset::make_synthetic_prompts(plan.input, seed);
    if (prompts.empty())
        return make_error("no prompts were generated (--num-dataset-entries is 0)");
    engine::head_options h;
    h.path = t.path;
    h.authority = t.url.authority;
    h.api_key = ep.api_key;
    h.headers = ep.headers;
    engine::request_set set;
    set.requests.reserve(prompts.size());
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const auto& p = prompts[i];
        // AIPerf's round-robin model selection: prompt n goes to model n mod N.
        const std::string& model = ep.models[i % ep.models.size()];
        std::string body = api::build_body(ep, model, api::prompt_spec{p.text, p.max_tokens});
        set.requests.push_back(engine::prepare_request(h, std::move(body), p.input_tokens));
    }
    return set;
}

}  // namespace ringperf::cli
