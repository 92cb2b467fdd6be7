// The live one-line status shown while a run is in progress (ui-type "simple"):
//
//   profiling  340/1,000 requests (34%) | in flight 16 | errors 2 | elapsed 00:12 | 28.3 req/s
//
// It is redrawn in place with '\r' on a terminal and shows nothing at all otherwise, so
// piped output and log files stay clean. NO_COLOR (https://no-color.org: set and
// non-empty) turns colours off; TERM=dumb turns the live line off.
//
// The engine publishes its counters; the UI thread copies them into a progress_snapshot and
// calls update(). The UI never touches the workers. A progress_line belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ringperf::ui {

struct progress_snapshot {
    bool warmup = false;               // the warmup phase (not counted in the results)
    std::uint64_t completed = 0;       // requests finished in this phase, failed ones included
    std::uint64_t errors = 0;          // of which failed
    std::uint64_t in_flight = 0;       // sent, not yet finished
    std::uint64_t total_requests = 0;  // the phase's request count; 0 = not bounded by count
    std::int64_t elapsed_ns = 0;       // since the phase started
    std::int64_t duration_ns = 0;      // the phase's duration; 0 = not bounded by time
};

// The status line for `s`, at most `width` characters wide (fields that do not fit are
// left out, the first one is cut), without '\r' or newline. With `color`, SGR colour codes
// wrap some fields; they do not count towards the width. A pure function.
std::string render_progress(const progress_snapshot& s, std::size_t width, bool color);

// How the live line behaves on a given output.
struct progress_config {
    int fd = 1;           // where to draw (stdout)
    bool enabled = true;  // draw at all: a terminal, ui-type simple, TERM not "dumb"
    bool color = true;    // NO_COLOR unset or empty
};

// The configuration for `fd` given the user's choice (`want_live`: ui-type is "simple")
// and the environment values (getenv() results; nullptr = unset).
progress_config detect_progress_config(int fd, bool want_live, const char* no_color,
                                       const char* term);
// detect_progress_config() over this process's environment.
progress_config detect_progress_config(int fd, bool want_live);

class progress_line {
  public:
    explicit progress_line(progress_config cfg) : cfg_(cfg) {}
    progress_line(const progress_line&) = delete;
    progress_line& operator=(const progress_line&) = delete;
    // Ends the line if finish() was not called.
    ~progress_line() { finish(); }

    bool enabled() const { return cfg_.enabled; }
    // Redraws the line (a no-op when disabled). The width is the terminal's, read at each
    // call, so a resized window is followed; 80 when it cannot be read.
    void update(const progress_snapshot& s);
    // Ends the status line with a newline, keeping its last state visible, so what is
    // printed next starts on a fresh line. Writes nothing when nothing was drawn.
    void finish();

  private:
    void write_out(const std::string& text);

    progress_config cfg_;
    std::size_t last_width_ = 0;  // visible characters of the line on screen
    bool drawn_ = false;
};

}  // namespace ringperf::ui
