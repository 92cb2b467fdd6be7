#include "json_stats.h"

#include <cmath>
#include <utility>

#include "ringperf/export/format.h"

namespace ringperf::exporter {

void write_json_float(json_writer& w, double v) {
    if (!std::isfinite(v)) {
        w.null();
        return;
    }
    w.raw(format_json_float(v));
}

void write_stats_fields(json_writer& w, const metrics::stats& s) {
    const std::pair<const char*, double> fields[] = {
        {"avg", s.avg}, {"min", s.min}, {"max", s.max}, {"p1", s.p1},   {"p5", s.p5},
        {"p10", s.p10}, {"p25", s.p25}, {"p50", s.p50}, {"p75", s.p75}, {"p90", s.p90},
        {"p95", s.p95}, {"p99", s.p99}, {"std", s.std},
    };
    for (const auto& [k, v] : fields) {
        w.key(k);
        write_json_float(w, v);
    }
    w.key("count").value(s.count);
    w.key("sum");
    write_json_float(w, s.sum);
}

}  // namespace ringperf::exporter
