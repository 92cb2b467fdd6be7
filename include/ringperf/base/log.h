// Process-wide logging for set-up, progress and summary messages. Never called per
// event on the hot path (a worker logs only rare transitions, e.g. a connect failure
// the first time it happens). Thread-safe; each line is written whole.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace ringperf::log {

enum class level { trace, debug, info, warning, error };

// Parses "trace|debug|info|warning|error" (case-insensitive; "warn" accepted).
bool parse_level(std::string_view s, level& out);
const char* level_name(level l);

// Messages at or above `console` go to stderr; everything at or above `file` goes to the
// log file once one is opened.
void set_console_level(level l);
void set_file_level(level l);
// Opens (truncates) the log file. Lines logged before this call are replayed into it.
bool open_file(const std::string& path);
void close_file();

void write(level l, std::string_view msg);

inline void trace(std::string_view m) {
    write(level::trace, m);
}
inline void debug(std::string_view m) {
    write(level::debug, m);
}
inline void info(std::string_view m) {
    write(level::info, m);
}
inline void warn(std::string_view m) {
    write(level::warning, m);
}
inline void error(std::string_view m) {
    write(level::error, m);
}

}  // namespace ringperf::log
