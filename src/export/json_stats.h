// JSON pieces shared by the summary, timeslice and definition-set writers. Private to the
// export module.
#pragma once

#include "ringperf/base/json_writer.h"
#include "ringperf/metrics/summary_recorder.h"

namespace ringperf::exporter {

// `v` as Python's json writes a float (format_json_float), or null when not finite.
void write_json_float(json_writer& w, double v);

// The fields of a record metric's stats block, in AIPerf's order: avg, min, max, p1 ... p99,
// std, count, sum (the caller opens and closes the object).
void write_stats_fields(json_writer& w, const metrics::stats& s);

}  // namespace ringperf::exporter
