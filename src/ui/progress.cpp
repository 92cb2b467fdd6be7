#include "ringperf/ui/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace ringperf::ui {
namespace {

constexpr const char* red = "\x1b[31m";
constexpr const char* green = "\x1b[32m";
constexpr const char* yellow = "\x1b[33m";
constexpr const char* reset = "\x1b[0m";
constexpr std::string_view separator = " | ";
constexpr std::size_t default_width = 80;

struct segment {
    std::string text;
    const char* color = nullptr;
};

std::string grouped(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string clock_text(std::int64_t ns) {
    const std::int64_t total = std::max<std::int64_t>(ns, 0) / 1'000'000'000;
    const long long h = total / 3600, m = (total / 60) % 60, sec = total % 60;
    char buf[32];
    if (h > 0) {
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, sec);
    } else {
        std::snprintf(buf, sizeof buf, "%02lld:%02lld", m, sec);
    }
    return buf;
}

std::string percent_text(double fraction) {
    const int pct = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
    return " (" + std::to_string(pct) + "%)";
}

std::string requests_text(std::uint64_t n) {
    return grouped(n) + (n == 1 ? " request" : " requests");
}

std::vector<segment> segments(const progress_snapshot& s) {
    std::vector<segment> out;
    out.push_back({s.warmup ? "warmup" : "profiling", s.warmup ? yellow : green});
    if (s.total_requests > 0) {
        out.push_back({grouped(s.completed) + "/" + requests_text(s.total_requests) +
                       percent_text(static_cast<double>(s.completed) /
                                    static_cast<double>(s.total_requests))});
    } else if (s.duration_ns > 0) {
        out.push_back(
            {clock_text(s.elapsed_ns) + "/" + clock_text(s.duration_ns) +
             percent_text(static_cast<double>(s.elapsed_ns) / static_cast<double>(s.duration_ns))});
    } else {
        out.push_back({requests_text(s.completed)});
    }
    out.push_back({"in flight " + grouped(s.in_flight)});
    out.push_back({"errors " + grouped(s.errors), s.errors > 0 ? red : nullptr});
    if (s.total_requests == 0 && s.duration_ns > 0) {
        out.push_back({requests_text(s.completed)});
    } else {
        out.push_back({"elapsed " + clock_text(s.elapsed_ns)});
    }
    const double secs = static_cast<double>(s.elapsed_ns) / 1e9;
    char rate[48];
    std::snprintf(rate, sizeof rate, "%.1f req/s",
                  secs > 0 ? static_cast<double>(s.completed) / secs : 0.0);
    out.push_back({rate});
    return out;
}

std::size_t visible_width(std::string_view s) {
    std::size_t w = 0;
    bool in_escape = false;
    for (char c : s) {
        if (in_escape) {
            in_escape = c != 'm';
        } else if (c == '\x1b') {
            in_escape = true;
        } else {
            ++w;
        }
    }
    return w;
}

std::size_t terminal_width(int fd) {
    winsize ws{};
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return default_width;
}

}  // namespace

std::string render_progress(const progress_snapshot& s, std::size_t width, bool color) {
    std::string out;
    std::size_t used = 0;
    for (const auto& seg : segments(s)) {
        const std::size_t sep = used == 0 ? 0 : separator.size();
        std::string text = seg.text;
        if (used + sep + text.size() > width) {
            if (used > 0) break;
            text.resize(width);
        }
        if (sep > 0) out += separator;
        const bool paint = color && seg.color != nullptr && !text.empty();
        if (paint) out += seg.color;
        out += text;
        if (paint) out += reset;
        used += sep + text.size();
    }
    return out;
}

progress_config detect_progress_config(int fd, bool want_live, const char* no_color,
                                       const char* term) {
    progress_config cfg;
    cfg.fd = fd;
    const bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
    cfg.enabled = want_live && ::isatty(fd) == 1 && !dumb;
    cfg.color = no_color == nullptr || *no_color == '\0';
    return cfg;
}

progress_config detect_progress_config(int fd, bool want_live) {
    return detect_progress_config(fd, want_live, std::getenv("NO_COLOR"), std::getenv("TERM"));
}

void progress_line::update(const progress_snapshot& s) {
    if (!cfg_.enabled) return;
    // One column short of the edge: some terminals wrap when the last column is written.
    const std::size_t width = std::max<std::size_t>(terminal_width(cfg_.fd), 2) - 1;
    std::string line(1, '\r');
    line += render_progress(s, width, cfg_.color);
    const std::size_t shown = visible_width(line) - 1;
    // Blank out the rest of a longer previous line without a terminal escape sequence,
    // never past the current width.
    const std::size_t target = std::min(last_width_, width);
    if (shown < target) line.append(target - shown, ' ');
    last_width_ = shown;
    write_out(line);
    drawn_ = true;
}

void progress_line::finish() {
    if (!drawn_) return;
    write_out("\n");
    drawn_ = false;
    last_width_ = 0;
}

void progress_line::write_out(const std::string& text) {
    const char* p = text.data();
    std::size_t n = text.size();
    while (n > 0) {
        const ssize_t w = ::write(cfg_.fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;  // a status line is not worth failing the run for
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

}  // namespace ringperf::ui
