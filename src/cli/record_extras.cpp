#include "record_extras.h"

#include "ringperf/base/file.h"
#include "ringperf/base/log.h"
#include "ringperf/export/record_raw.h"
#include "ringperf/export/record_spool.h"
#include "ringperf/export/timeslices.h"

namespace ringperf::cli {
namespace {

void write_timeslices(record_outputs& outs, const exporter::export_paths& paths,
                      const std::string& input_config_json) {
    std::vector<metrics::metric_set> windows;
    std::optional<wall_ns> last_end;
    for (auto* o : outs.outputs()) {
        if (o->slices.size() > windows.size()) windows.resize(o->slices.size());
        for (std::size_t i = 0; i < o->slices.size(); ++i) {
            windows[i].merge(o->slices[i]);
            if (auto e = o->slices[i].max_response_timestamp_ns();
                e && (!last_end || *e > *last_end))
                last_end = e;
        }
    }
    const mono_ns start = outs.profiling_start();
    mono_ns length = 0;
    if (start != 0 && last_end) length = *last_end - outs.clock().to_wall(start);
    const auto slices = exporter::build_timeslices(windows, outs.extras().slice_ns, length);
    if (auto r = write_file_atomic(paths.timeslices_csv, exporter::render_timeslices_csv(slices));
        !r)
        log::error(r.message());
    if (auto r = write_file_atomic(paths.timeslices_json,
                                   exporter::render_timeslices_json(slices, input_config_json));
        !r)
        log::error(r.message());
}

}  // namespace

void write_record_extras(record_outputs& outs, const exporter::export_paths& paths,
                         const std::string& input_config_json) {
    const record_extras& x = outs.extras();
    std::vector<std::string> raw, outputs;
    for (auto* o : outs.outputs()) {
        if (!o->raw_spool_path.empty()) raw.push_back(o->raw_spool_path);
        if (!o->outputs_spool_path.empty()) outputs.push_back(o->outputs_spool_path);
    }
    if (x.raw && !raw.empty())
        if (auto r = exporter::record_spool::finalize(raw, paths.raw_jsonl); !r)
            log::error(r.message());
    if (x.outputs_json)
        if (auto r = exporter::finalize_outputs_json(outputs, paths.outputs_json); !r)
            log::error(r.message());
    if (x.slice_ns > 0) write_timeslices(outs, paths, input_config_json);
}

}  // namespace ringperf::cli
