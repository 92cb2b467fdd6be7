// SLO gates (--fail-on): expressions checked against a run's summary after it ends, with a
// pass/fail table and a dedicated exit code (cli/exit_codes.h exit_slo_failed).
//
// Grammar (docs/gates.md): a comma-separated list of
//     <metric>[:<stat>] <op> <number>[<unit>]
// - <metric>: a catalogue tag (time_to_first_token, request_throughput, ...), `error_rate`
//   (failed / all requests, in percent), or `<set>.<key>` for a --metric-definitions set
//   (vllm.tpot, guidellm.itl; keys ttft, tpot, itl, e2el, output_tokens);
// - <stat>: avg min max p1 p5 p10 p25 p50 p75 p90 p95 p99 std; only for distributions
//   (default avg); single-value metrics take none (or avg);
// - <op>: < <= > >=;
// - <unit>: us, ms or s for time metrics (default: the metric's display unit, ms or sec);
//   % (or nothing) for error_rate; nothing for other metrics.
// Spaces are allowed between the parts. Errors name the expression and its 1-based column in
// the whole text.
//
// Pure functions; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/metrics/definitions.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::exporter {

enum class gate_op : std::uint8_t { lt, le, gt, ge };
const char* gate_op_text(gate_op op);  // "<", "<=", ">", ">="

struct gate {
    std::string text;    // the expression, trimmed
    std::string metric;  // "time_to_first_token", "error_rate", "vllm.tpot"
    std::string stat;    // "p99", or "" for the default
    gate_op op = gate_op::lt;
    double threshold = 0;  // in the metric's display unit (ms, sec, %, tokens/sec...)
    std::string unit;      // the display unit the threshold is in ("" when the metric has none)
};

// Parses the --fail-on text. An empty (or all-blank) text gives no gates.
result<std::vector<gate>> parse_gates(std::string_view text);

// The run's figures a gate may name.
struct gate_inputs {
    std::span<const metrics::metric_result> results;          // display units
    std::span<const metrics::definition_result> definitions;  // --metric-definitions sets
};

struct gate_outcome {
    gate g;
    std::optional<double> measured;  // display unit; absent: "not measured"
    bool passed = false;             // false when not measured
};

// Checks every gate. A metric (or stat) the results do not hold fails as not measured.
// error_rate = error_request_count / (request_count + error_request_count) * 100, not measured
// when both are 0.
std::vector<gate_outcome> evaluate_gates(std::span<const gate> gates, const gate_inputs& in);
bool all_passed(std::span<const gate_outcome> outcomes);

// "ringperf | SLO Gates": Metric, Stat, Threshold, Measured, Result (PASS / FAIL), then a
// line "SLO gates: N passed, M failed". Ends with '\n'; "" without gates.
std::string render_gate_table(std::span<const gate_outcome> outcomes, console_charset cs);

}  // namespace ringperf::exporter
