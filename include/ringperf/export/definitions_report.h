// How the --metric-definitions sets appear in a run's reports (docs/metrics.md,
// "Definitions"): one console table per set, a CSV section and a JSON object. Pure
// functions; values are in display units already (metrics::definition_result).
#pragma once

#include <span>
#include <string>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/metrics/definitions.h"

namespace ringperf::exporter {

// "ringperf | vLLM definitions" tables: Metric (the tool's own label and unit), avg, min,
// max, p99, p90, p50, std, count (the number of values: chunk gaps for pooled ITL, tokens
// for token-weighted metrics, else requests). A set without values prints its title and
// "no values". "" for no sets.
std::string render_definitions_tables(std::span<const metrics::definition_result> sets,
                                      console_charset cs);

// The CSV section: a header row
//   Definition
//   Set,Metric,Unit,Weighting,avg,min,max,p1,p5,p10,p25,p50,p75,p90,p95,p99,std,count,requests
// then one row per set and metric; lines end with "\r\n". Appends nothing for no sets.
void append_definitions_csv(std::string& out, std::span<const metrics::definition_result> sets);

// "metric_definitions": {"<set>": {"<key>": {"unit", "weighting", "avg", "min", "max",
// "p1" .. "p99", "std", "count", "sum", "requests"}, ...}, ...}; keys as in
// metrics::definition_metric_info (ttft, tpot, itl, e2el, output_tokens). Writes the key and
// the object into an open JSON object; nothing for no sets.
void append_definitions_json(json_writer& w, std::span<const metrics::definition_result> sets);

}  // namespace ringperf::exporter
