// Timeslices (--slice-duration): the profiling phase cut into fixed windows of wall-clock
// time counted from the phase's start; a request belongs to the window holding its start
// (t_start), a start exactly on a boundary to the later window. Each window has the record
// metrics of its requests plus request_count, request_throughput and
// output_token_throughput over the window's length (the last window's actual length).
//
// Files (AIPerf's layout):
//   profile_export_aiperf_timeslices.csv: header `Timeslice,Metric,Unit,Stat,Value`, then per
//     window (in order) and per metric (catalogue order) one row per stat: avg, min, max,
//     p50, p90, p95, p99 for record metrics, avg alone for the three per-window values;
//     values with two decimals ("0,Time to First Token,ms,avg,45.23").
//   profile_export_aiperf_timeslices.json: {"timeslices":[{"timeslice_index":0,
//     "<tag>":{"unit":"ms","avg":..,"min":..,"max":..,"p50":..,"p90":..,"p95":..,"p99":..},
//     ...,"request_count":{"unit":"requests","avg":..},...},...],"input_config":{...}}
//
// Set-up and end-of-run code: allocates freely; not for the per-request path except
// slice_index().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::exporter {

// The window of a request that started at `t_start` in a phase that started at
// `phase_start`, with windows `slice_ns` long (> 0): floor((t_start - phase_start) /
// slice_ns); a start before the phase start counts in window 0.
inline std::uint32_t slice_index(mono_ns t_start, mono_ns phase_start, mono_ns slice_ns) {
    if (t_start <= phase_start) return 0;
    return static_cast<std::uint32_t>((t_start - phase_start) / slice_ns);
}

struct timeslice {
    std::uint32_t index = 0;
    double length_s = 0;  // the window's length used for its throughputs
    // Record metrics with stats (those with a value in the window), then request_count,
    // request_throughput and output_token_throughput (the last only with an OSL).
    std::vector<metrics::metric_result> results;
};

// windows[i] holds the metrics of the requests of window i; `length_ns` is the phase's
// length (its start to its last response's end). The result has the windows 0 .. n-1 with
// n = max(windows.size(), ceil(length_ns / slice_ns)); windows past windows.size() are
// empty (request_count 0). Window i lasts min(slice_ns, length_ns - i * slice_ns), or
// slice_ns when that is not positive (a window past the phase's length).
std::vector<timeslice> build_timeslices(std::span<const metrics::metric_set> windows,
                                        mono_ns slice_ns, mono_ns length_ns);

std::string render_timeslices_csv(std::span<const timeslice> slices);
// `input_config_json` is written as is (config::to_json of the run); empty gives {}.
std::string render_timeslices_json(std::span<const timeslice> slices,
                                   std::string_view input_config_json);

}  // namespace ringperf::exporter
