#include "ringperf/metrics/definitions.h"

#include <cctype>
#include <string>

namespace ringperf::metrics {
namespace {

constexpr double ns_per_ms = 1e6;

constexpr std::array<definition_metric_info, definition_metric_count> metric_infos{{
    {definition_metric::ttft, "ttft", "ms", ns_per_ms},
    {definition_metric::tpot, "tpot", "ms", ns_per_ms},
    {definition_metric::itl, "itl", "ms", ns_per_ms},
    {definition_metric::e2el, "e2el", "ms", ns_per_ms},
    {definition_metric::output_tokens, "output_tokens", "tokens", 1},
}};

std::size_t index_of(definition_metric m) {
    return static_cast<std::size_t>(m);
}

void put(definition_values& v, definition_metric m, double value, std::uint64_t weight = 1) {
    v.values[index_of(m)].push_back({value, weight});
}

// The client's count of the output text when the run has one: the tokenizer's count (an
// empty text is 0 tokens), or without a tokenizer the number of events with output text, one
// token each (the estimate AIPerf also falls back to). Nothing under --use-server-token-count.
std::optional<std::int64_t> client_tokens(const request_record& r, token_source source) {
    switch (source) {
        case token_source::tokenizer:
            if (r.counted.output >= 0) return r.counted.output;
            if (r.output_chars == 0) return 0;
            return std::nullopt;
        case token_source::estimate:
            if (r.streaming) return static_cast<std::int64_t>(r.output_ns.size());
            return std::nullopt;
        case token_source::server:
            return std::nullopt;
    }
    return std::nullopt;
}

void add_gaps(definition_values& v, const std::vector<mono_ns>& times) {
    for (std::size_t i = 1; i < times.size(); ++i)
        put(v, definition_metric::itl, static_cast<double>(times[i] - times[i - 1]));
}

void aiperf_values(const request_record& r, token_source source, definition_values& v) {
    const record_values rv = compute_record_values(r, source);
    if (rv.time_to_first_token_ns)
        put(v, definition_metric::ttft, static_cast<double>(*rv.time_to_first_token_ns));
    if (rv.inter_token_latency_ns) put(v, definition_metric::itl, *rv.inter_token_latency_ns);
    if (rv.request_latency_ns)
        put(v, definition_metric::e2el, static_cast<double>(*rv.request_latency_ns));
    if (rv.output_sequence_length)
        put(v, definition_metric::output_tokens, static_cast<double>(*rv.output_sequence_length));
}

// vLLM and SGLang share TPOT = (E2E - TTFT) / (N - 1) for N > 1; they differ in which events
// count (`events`), where E2E ends and where N comes from.
void pooled_values(const request_record& r, const std::vector<mono_ns>& events, mono_ns e2e_end,
                   std::optional<std::int64_t> n, definition_values& v) {
    if (e2e_end != 0) put(v, definition_metric::e2el, static_cast<double>(e2e_end - r.t_start));
    if (n) put(v, definition_metric::output_tokens, static_cast<double>(*n));
    if (!r.streaming || events.empty()) return;
    const mono_ns ttft = events.front() - r.t_start;
    put(v, definition_metric::ttft, static_cast<double>(ttft));
    add_gaps(v, events);
    if (n && *n > 1 && e2e_end != 0) {
        const auto e2e = static_cast<double>(e2e_end - r.t_start);
        put(v, definition_metric::tpot,
            (e2e - static_cast<double>(ttft)) / static_cast<double>(*n - 1));
    }
}

void vllm_values(const request_record& r, token_source source, definition_values& v) {
    // vLLM treats a completion_tokens of 0 like none and re-counts the text.
    const std::optional<std::int64_t> n = r.usage.completion_tokens > 0
                                              ? std::optional(r.usage.completion_tokens)
                                              : client_tokens(r, source);
    const mono_ns end = r.streaming && !r.choice_ns.empty() ? r.choice_ns.back() : r.t_end;
    pooled_values(r, r.choice_ns, end, n, v);
}

void sglang_values(const request_record& r, token_source source, definition_values& v) {
    const std::optional<std::int64_t> n = r.usage.completion_tokens >= 0
                                              ? std::optional(r.usage.completion_tokens)
                                              : client_tokens(r, source);
    pooled_values(r, r.output_ns, r.t_end, n, v);
}

void guidellm_values(const request_record& r, definition_values& v) {
    if (r.t_end != 0) put(v, definition_metric::e2el, static_cast<double>(r.t_end - r.t_start));
    std::optional<std::int64_t> n;
    if (r.usage.completion_tokens >= 0)
        n = r.usage.completion_tokens;
    else if (r.streaming)
        n = static_cast<std::int64_t>(r.output_ns.size());
    if (!n || *n <= 0) return;
    const auto tokens = static_cast<std::uint64_t>(*n);
    put(v, definition_metric::output_tokens, static_cast<double>(*n));
    if (!r.streaming || r.output_ns.empty()) return;
    const mono_ns first = r.output_ns.front();
    const mono_ns last = r.output_ns.back();
    put(v, definition_metric::ttft, static_cast<double>(first - r.t_start));
    put(v, definition_metric::tpot,
        static_cast<double>(last - r.t_start) / static_cast<double>(tokens), tokens);
    if (tokens > 1)
        put(v, definition_metric::itl,
            static_cast<double>(last - first) / static_cast<double>(tokens - 1), tokens - 1);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

const char* definition_set_name(definition_set s) {
    switch (s) {
        case definition_set::aiperf:
            return "aiperf";
        case definition_set::vllm:
            return "vllm";
        case definition_set::sglang:
            return "sglang";
        case definition_set::guidellm:
            return "guidellm";
    }
    return "unknown";
}

const char* definition_set_title(definition_set s) {
    switch (s) {
        case definition_set::aiperf:
            return "AIPerf";
        case definition_set::vllm:
            return "vLLM";
        case definition_set::sglang:
            return "SGLang";
        case definition_set::guidellm:
            return "GuideLLM";
    }
    return "unknown";
}

std::optional<definition_set> parse_definition_set(std::string_view name) {
    const std::string n = lower(name);
    for (auto s : {definition_set::aiperf, definition_set::vllm, definition_set::sglang,
                   definition_set::guidellm}) {
        if (n == definition_set_name(s)) return s;
    }
    return std::nullopt;
}

const definition_metric_info& info(definition_metric m) {
    return metric_infos[index_of(m)];
}

std::optional<definition_metric> parse_definition_metric(std::string_view key) {
    for (const auto& m : metric_infos) {
        if (key == m.key) return m.metric;
    }
    return std::nullopt;
}

const char* definition_label(definition_set s, definition_metric m) {
    const bool guidellm = s == definition_set::guidellm;
    switch (m) {
        case definition_metric::ttft:
            return "TTFT";
        case definition_metric::tpot:
            return "TPOT";
        case definition_metric::itl:
            return "ITL";
        case definition_metric::e2el:
            if (guidellm) return "Request Latency";
            return s == definition_set::sglang ? "E2E Latency" : "E2EL";
        case definition_metric::output_tokens:
            return guidellm ? "Output Tokens" : "Output tokens";
    }
    return "";
}

const char* definition_weighting(definition_set s, definition_metric m) {
    const bool pooled = s == definition_set::vllm || s == definition_set::sglang;
    if (m == definition_metric::itl && pooled) return "per chunk gap (pooled)";
    if (s == definition_set::guidellm &&
        (m == definition_metric::itl || m == definition_metric::tpot))
        return "per request, weighted by tokens";
    return "per request";
}

definition_values compute_definition_values(const request_record& r, definition_set set,
                                            token_source source) {
    definition_values v;
    compute_definition_values(r, set, source, v);
    return v;
}

void compute_definition_values(const request_record& r, definition_set set, token_source source,
                               definition_values& v) {
    for (auto& list : v.values)
        list.clear();
    if (!r.ok()) return;
    switch (set) {
        case definition_set::aiperf:
            aiperf_values(r, source, v);
            break;
        case definition_set::vllm:
            vllm_values(r, source, v);
            break;
        case definition_set::sglang:
            sglang_values(r, source, v);
            break;
        case definition_set::guidellm:
            guidellm_values(r, v);
            break;
    }
}

struct definition_summaries::impl {
    struct per_set {
        definition_set set;
        std::vector<summary> summaries;  // by definition_metric
        std::array<std::uint64_t, definition_metric_count> requests{};
    };
    std::vector<definition_set> sets;
    std::vector<per_set> data;
    definition_values scratch;  // reused by add()
};

definition_summaries::definition_summaries() : p_(std::make_unique<impl>()) {}
definition_summaries::definition_summaries(definition_summaries&&) noexcept = default;
definition_summaries& definition_summaries::operator=(definition_summaries&&) noexcept = default;
definition_summaries::~definition_summaries() = default;

result<definition_summaries> definition_summaries::create(std::span<const definition_set> sets) {
    definition_summaries d;
    d.p_->sets.assign(sets.begin(), sets.end());
    for (definition_set s : sets) {
        impl::per_set ps{s, {}, {}};
        for (const auto& m : metric_infos) {
            const metric_id layout_of = m.metric == definition_metric::output_tokens
                                            ? metric_id::output_sequence_length
                                            : metric_id::inter_token_latency;
            auto sm = summary::create(layout_for(layout_of));
            if (!sm) return sm.err();
            ps.summaries.push_back(std::move(*sm));
        }
        d.p_->data.push_back(std::move(ps));
    }
    return d;
}

void definition_summaries::add(const request_record& r, token_source source) {
    if (!r.ok() || r.phase != benchmark_phase::profiling) return;
    for (auto& ps : p_->data) {
        definition_values& v = p_->scratch;
        compute_definition_values(r, ps.set, source, v);
        for (std::size_t m = 0; m < definition_metric_count; ++m) {
            if (v.values[m].empty()) continue;
            ++ps.requests[m];
            for (const weighted_value& wv : v.values[m]) {
                if (wv.weight == 1) {
                    ps.summaries[m].record(wv.value);
                } else {
                    ps.summaries[m].record(wv.value, wv.weight);
                }
            }
        }
    }
}

void definition_summaries::merge(const definition_summaries& other) {
    for (std::size_t i = 0; i < p_->data.size() && i < other.p_->data.size(); ++i) {
        auto& a = p_->data[i];
        const auto& b = other.p_->data[i];
        for (std::size_t m = 0; m < definition_metric_count; ++m) {
            a.summaries[m].merge(b.summaries[m]);
            a.requests[m] += b.requests[m];
        }
    }
}

std::span<const definition_set> definition_summaries::sets() const {
    return p_->sets;
}

std::vector<definition_result> definition_summaries::summarize() const {
    std::vector<definition_result> out;
    for (const auto& ps : p_->data) {
        definition_result r{ps.set, {}};
        for (const auto& m : metric_infos) {
            const summary& s = ps.summaries[index_of(m.metric)];
            if (s.count() == 0) continue;
            r.metrics.push_back(
                {m.metric, s.compute(m.display_divisor), ps.requests[index_of(m.metric)]});
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace ringperf::metrics
