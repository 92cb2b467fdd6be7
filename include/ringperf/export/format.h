// Number and time formatting shared by the console, CSV and JSON exports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ringperf/base/clock.h"

namespace ringperf::exporter {

// Python's f"{v:,.{decimals}f}": fixed point with ',' between thousands ("7,463.28",
// "-1,000.00"). NaN and infinities come out as "nan", "inf", "-inf".
std::string format_grouped(double v, int decimals);
// Python's f"{n:,}" ("1,234,567").
std::string format_grouped(std::uint64_t n);

// Python's repr(float), which its json module writes: the shortest round-trip digits, in
// fixed notation for 1e-4 <= |v| < 1e16 (always with a decimal point: "20.0", "0.0003") and
// in exponent notation otherwise ("1e-06", "1.5e+20"). NaN and infinities give "NaN",
// "Infinity", "-Infinity" as Python's json does (not valid JSON; callers write null).
std::string format_json_float(double v);
// The same into `buf`, which must hold python_float_max_chars; returns the length.
// No allocation: for per-request code.
inline constexpr std::size_t python_float_max_chars = 48;
std::size_t write_python_float(char* buf, double v) noexcept;

// ISO 8601 in UTC with microseconds: "2025-10-07T05:00:07.532900+00:00".
std::string format_iso8601_utc(wall_ns t);

// Number of characters a terminal shows for UTF-8 text (code points; no wide-glyph rules).
std::size_t display_width(std::string_view utf8);
// At most `max_width` code points of `utf8`; when shortened, the end is replaced by "...".
// Control characters (newlines, tabs) become spaces.
std::string truncate_display(std::string_view utf8, std::size_t max_width);

// Appends `cell` to a CSV line, quoted per RFC 4180 when it holds a comma, a quote or a
// line break.
void append_csv_cell(std::string& out, std::string_view cell);

}  // namespace ringperf::exporter
