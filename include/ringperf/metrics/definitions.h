// Other tools' metric definitions (--metric-definitions): TTFT, ITL, TPOT, E2E latency and
// the output-token count computed from one request_record the way vLLM's `bench serve`,
// SGLang's `bench_serving` and GuideLLM define them, next to AIPerf's (the catalogue's, what
// the main tables show). docs/metrics.md "Definitions" gives every formula.
//
// Every set's clock starts at t_start (the moment the request is issued). Only successful,
// streamed requests have TTFT, ITL and TPOT; E2E latency and the output-token count exist for
// every successful request.
//
// Thread-safety: definition_summaries belongs to one counting thread; merge after recording
// stops. compute_definition_values is a pure function.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {

enum class definition_set : std::uint8_t { aiperf, vllm, sglang, guidellm };
inline constexpr std::size_t definition_set_count = 4;

// "aiperf", "vllm", "sglang", "guidellm" (the option's words and the JSON keys).
const char* definition_set_name(definition_set s);
// "AIPerf", "vLLM", "SGLang", "GuideLLM".
const char* definition_set_title(definition_set s);
// The set named `name` (case-insensitive), or nullopt.
std::optional<definition_set> parse_definition_set(std::string_view name);

enum class definition_metric : std::uint8_t { ttft, tpot, itl, e2el, output_tokens };
inline constexpr std::size_t definition_metric_count = 5;

struct definition_metric_info {
    definition_metric metric;
    const char* key;           // JSON key and gate name: "ttft", "tpot", "itl", "e2el",
                               // "output_tokens"
    const char* display_unit;  // "ms" or "tokens"
    double display_divisor;    // 1e6 for ns -> ms, 1 for tokens
};
const definition_metric_info& info(definition_metric m);
// The metric whose key is `key` (exact), or nullopt.
std::optional<definition_metric> parse_definition_metric(std::string_view key);
// The set's own name for a metric on the console ("Mean TPOT" style names are the tool's:
// vLLM "E2EL", GuideLLM "Request Latency"...).
const char* definition_label(definition_set s, definition_metric m);
// How the set aggregates a metric: "per request", "per chunk gap (pooled)" or
// "per request, weighted by tokens" (documentation and the CSV).
const char* definition_weighting(definition_set s, definition_metric m);

// One value of a metric and how many times it counts in the distribution.
struct weighted_value {
    double value = 0;  // base unit: ns or tokens
    std::uint64_t weight = 1;
};

// A request's values under one set; each list is empty when the metric does not apply.
// TTFT, TPOT, E2E and output tokens hold at most one value; ITL holds one value per chunk gap
// for the pooled sets (vLLM, SGLang) and at most one (weighted) value for the per-request
// sets (AIPerf, GuideLLM).
struct definition_values {
    std::array<std::vector<weighted_value>, definition_metric_count> values;
    std::span<const weighted_value> of(definition_metric m) const {
        return values[static_cast<std::size_t>(m)];
    }
};

// The request's values under `set`, for a successful record (all empty for a failed one).
// Token counts follow `source` as compute_record_values does for the client-side count
// (counted.output); see docs/metrics.md for every set's formulas. Allocates.
definition_values compute_definition_values(const request_record& r, definition_set set,
                                            token_source source);
// The same into `out`, whose lists are cleared first and keep their capacity (no allocation
// once they have grown to a request's chunk count).
void compute_definition_values(const request_record& r, definition_set set, token_source source,
                               definition_values& out);

// The summary of one metric under one set, in display units. For weighted metrics s.count is
// the total weight (tokens); `requests` is the number of requests that contributed.
struct definition_metric_result {
    definition_metric metric;
    stats s;
    std::uint64_t requests = 0;
};

struct definition_result {
    definition_set set;
    std::vector<definition_metric_result> metrics;  // metrics with at least one value, in
                                                    // definition_metric order
};

// Per-worker accumulation of the requested sets' distributions (metrics::summary, so the
// percentiles come from the same HdrHistograms as the main tables).
class definition_summaries {
  public:
    // One summary per (set, metric); fails only on an invalid histogram layout.
    static result<definition_summaries> create(std::span<const definition_set> sets);
    definition_summaries(definition_summaries&&) noexcept;
    definition_summaries& operator=(definition_summaries&&) noexcept;
    ~definition_summaries();

    // Adds a successful profiling-phase record to every set (others are ignored).
    void add(const request_record& r, token_source source);
    // Adds `other`'s values; both must have been created with the same sets.
    void merge(const definition_summaries& other);

    std::span<const definition_set> sets() const;
    // One result per set, in the order given to create().
    std::vector<definition_result> summarize() const;

  private:
    definition_summaries();
    struct impl;
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::metrics
