#include "ringperf/base/log.h"

#include <strings.h>
#include <unistd.h>

#include <ctime>
#include <mutex>
#include <vector>

namespace ringperf::log {

namespace {

struct state {
    std::mutex mu;
    level console = level::info;
    level file_level = level::debug;
    std::FILE* file = nullptr;
    std::vector<std::string> early;  // lines logged before the file was opened
};

state& st() {
    static state s;
    return s;
}

std::string format_line(level l, std::string_view msg) {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tm t;
    gmtime_r(&ts.tv_sec, &t);
    char head[64];
    std::snprintf(head, sizeof head, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %-7s ", t.tm_year + 1900,
                  t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, ts.tv_nsec / 1000000,
                  level_name(l));
    std::string line(head);
    line.append(msg);
    line.push_back('\n');
    return line;
}

}  // namespace

bool parse_level(std::string_view s, level& out) {
    static constexpr struct {
        const char* name;
        level l;
    } names[] = {{"trace", level::trace},     {"debug", level::debug},  {"info", level::info},
                 {"warning", level::warning}, {"warn", level::warning}, {"error", level::error}};
    for (const auto& n : names) {
        if (s.size() == std::string_view(n.name).size() &&
            strncasecmp(s.data(), n.name, s.size()) == 0) {
            out = n.l;
            return true;
        }
    }
    return false;
}

const char* level_name(level l) {
    switch (l) {
        case level::trace:
            return "TRACE";
        case level::debug:
            return "DEBUG";
        case level::info:
            return "INFO";
        case level::warning:
            return "WARNING";
        case level::error:
            return "ERROR";
    }
    return "?";
}

void set_console_level(level l) {
    std::lock_guard g(st().mu);
    st().console = l;
}

void set_file_level(level l) {
    std::lock_guard g(st().mu);
    st().file_level = l;
}

bool open_file(const std::string& path) {
    std::lock_guard g(st().mu);
    if (st().file) std::fclose(st().file);
    st().file = std::fopen(path.c_str(), "w");
    if (!st().file) return false;
    for (const auto& line : st().early)
        std::fputs(line.c_str(), st().file);
    st().early.clear();
    std::fflush(st().file);
    return true;
}

void close_file() {
    std::lock_guard g(st().mu);
    if (st().file) std::fclose(st().file);
    st().file = nullptr;
}

void write(level l, std::string_view msg) {
    auto& s = st();
    std::lock_guard g(s.mu);
    const bool to_console = l >= s.console;
    const bool to_file = l >= s.file_level;
    if (!to_console && !to_file) return;
    const std::string line = format_line(l, msg);
    if (to_console) {
        // Console lines carry no timestamp: "WARNING: message".
        std::string c = std::string(level_name(l)) + ": ";
        c.append(msg);
        c.push_back('\n');
        (void)!::write(STDERR_FILENO, c.data(), c.size());
    }
    if (to_file) {
        if (s.file) {
            std::fputs(line.c_str(), s.file);
            std::fflush(s.file);
        } else if (s.early.size() < 10000) {
            s.early.push_back(line);
        }
    }
}

}  // namespace ringperf::log
