// Formatting of parameter values for set-up error messages.
#pragma once

#include <cstdio>
#include <string>

namespace ringperf::workload {

// Shortest faithful-enough rendering of a parameter ("0.5", "1e-09", "nan", "-inf").
inline std::string describe_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace ringperf::workload
