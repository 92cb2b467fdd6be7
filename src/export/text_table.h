// A boxed text table with a centred title, laid out like the console tables AIPerf prints
// (heavy header box, light body box). Private to the export module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ringperf/export/summary_report.h"

namespace ringperf::exporter::detail {

struct table_column {
    std::string header;
    bool right_aligned = true;
};

// Every row must have one cell per column. Cells are UTF-8 text without newlines.
std::string render_text_table(std::string_view title, const std::vector<table_column>& columns,
                              const std::vector<std::vector<std::string>>& rows,
                              console_charset cs);

}  // namespace ringperf::exporter::detail
