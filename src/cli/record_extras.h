// The end of a run's record_extras: the raw and outputs.json spools joined into their files
// and the timeslice windows merged over the workers into the timeslices files.
#pragma once

#include <string>

#include "record_sink.h"
#include "ringperf/export/artifacts.h"

namespace ringperf::cli {

// The extras `outs` was set up with (record_outputs::set_extras), from every worker's
// output; call once nothing writes any more (record_stage::finish() returned), before the
// spool directory is removed. Failures are logged, not fatal: the summary still gets written.
// `input_config_json` goes into the timeslices JSON.
void write_record_extras(record_outputs& outs, const exporter::export_paths& paths,
                         const std::string& input_config_json);

}  // namespace ringperf::cli
