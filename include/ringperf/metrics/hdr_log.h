// HdrHistogram interval logs (.hlog, "Histogram log format version 1.3"), readable by
// HistogramLogProcessor (Java), HdrHistogram_c's hdr_log_reader, hdrhistogram-py and
// hdr-histogram-js.
//
// Written form (every `#` line under 128 characters, all before the first data line, as
// HdrHistogram_c's reader requires):
//   #[ringperf <version>]
//   #[Histogram log format version 1.3]
//   #[StartTime: <epoch s, 3 decimals> (seconds since epoch), <UTC date>]
//   #[BaseTime: <epoch s, 3 decimals> (seconds since epoch)]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   [Tag=<tag>,]<start s>,<length s>,<max>,<HISTF... base64 compressed V2 histogram>
// with start relative to BaseTime (= StartTime), all three numbers with 3 decimals, and the
// max divided by `max_unit_ratio` (1e6: ms for ns values, as jHiccup writes).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/metrics/hdr_histogram.h"

namespace ringperf::metrics {

// The header lines above, up to and including the legend line. `tool_version` is cut so
// that the first line stays under 128 characters.
std::string hlog_header(std::string_view tool_version, double start_time_epoch_s);

// One data line (ending in '\n') for an already encoded histogram (encode_v2_base64).
// `tag` empty: no Tag= column; otherwise it must not hold a comma, space or line break
// (such characters are replaced by '_').
std::string hlog_data_line(std::string_view tag, double start_s, double length_s, double max_value,
                           std::string_view histogram_base64, double max_unit_ratio = 1e6);
// Encodes `h` and formats its line; fails only when the encoding does.
result<std::string> hlog_data_line(std::string_view tag, double start_s, double length_s,
                                   const hdr_histogram& h, double max_unit_ratio = 1e6);

struct hlog_interval {
    std::string tag;     // empty: untagged
    double start_s = 0;  // as written (relative or absolute, see hlog_file)
    double length_s = 0;
    double max = 0;         // Interval_Max as written (informational)
    std::string histogram;  // base64 compressed histogram (decode_histogram_base64)
};

struct hlog_file {
    std::string tool;                    // the first `#[...]` line's text, when present
    std::optional<double> start_time_s;  // #[StartTime: ...] (epoch seconds)
    std::optional<double> base_time_s;   // #[BaseTime: ...]
    std::vector<hlog_interval> intervals;

    // Epoch seconds of interval `i`'s start, HistogramLogReader's way: BaseTime + start when
    // BaseTime is given; else StartTime + start when the first timestamp lies more than a
    // year before StartTime (relative timestamps); else start as is.
    double absolute_start_s(std::size_t i) const;
};

// Parses an interval log: comment lines (`#`, anywhere), the legend line, and data lines
// with or without Tag=. Errors name the line number and what is wrong; the histograms are
// not decoded here.
result<hlog_file> parse_hlog(std::string_view text);

}  // namespace ringperf::metrics
