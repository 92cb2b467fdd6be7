// --goodput: per-request SLOs and AIPerf's rule for a "good" request (docs/metrics.md
// "Goodput").
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {

// Parses "tag:value tag:value ..." (items separated by spaces, tabs or commas), each value a
// finite number in the metric's *display* unit (ms for latencies), converted to the base
// unit (value * display_divisor). Tags must name a per-request metric with one value per
// request (goodput_tags()); an unknown tag, a tag of another kind, a missing ':' or a bad
// number fails with a message naming the item and listing the valid tags. Empty text: an
// empty list.
result<std::vector<goodput_slo>> parse_goodput(std::string_view text);

// The tags --goodput accepts, comma-separated, in catalogue order.
std::string goodput_tags();

// AIPerf's rule: every SLO's metric must have a value for the record, and metrics flagged
// larger_is_better pass when value >= threshold, the others when value <= threshold. An
// empty list makes every record good.
bool is_good(const record_values& v, std::span<const goodput_slo> slos);

// A run's metric options from its settings: `goodput` through parse_goodput (errors start
// with "--goodput: "), the fixed RTT in ms (converted to ns), the OSL mismatch thresholds
// from osl_mismatch_thresholds_from_env(getenv). fixed_schedule is left false.
result<metric_options> make_metric_options(std::string_view goodput,
                                           std::optional<double> network_rtt_ms, bool http_trace,
                                           const char* (*getenv)(const char*));

}  // namespace ringperf::metrics
