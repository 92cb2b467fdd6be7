#include "ringperf/ui/progress.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

using namespace ringperf::ui;

namespace {

constexpr std::int64_t sec = 1'000'000'000;

progress_snapshot count_bound() {
    progress_snapshot s;
    s.completed = 340;
    s.errors = 2;
    s.in_flight = 16;
    s.total_requests = 1000;
    s.elapsed_ns = 12 * sec;
    return s;
}

// A pseudo-terminal whose output can be read back from the master side.
class pty {
  public:
    pty() {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return;
        const char* name = ::ptsname(master_);
        if (name == nullptr) return;
        slave_ = ::open(name, O_RDWR | O_NOCTTY);
        if (slave_ < 0) return;
        termios t{};
        ::tcgetattr(slave_, &t);
        ::cfmakeraw(&t);
        ::tcsetattr(slave_, TCSANOW, &t);
        ::fcntl(master_, F_SETFL, O_NONBLOCK);
    }
    ~pty() {
        if (slave_ >= 0) ::close(slave_);
        if (master_ >= 0) ::close(master_);
    }
    bool ok() const { return slave_ >= 0; }
    int slave() const { return slave_; }
    void set_columns(unsigned short cols) {
        winsize ws{};
        ws.ws_col = cols;
        ws.ws_row = 24;
        ::ioctl(master_, TIOCSWINSZ, &ws);
    }
    std::string drain() {
        std::string out;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(master_, buf, sizeof buf);
            if (n > 0) {
                out.append(buf, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        return out;
    }

  private:
    int master_ = -1;
    int slave_ = -1;
};

}  // namespace

TEST(RenderProgress, ShowsCountBoundProgress) {
    EXPECT_EQ(render_progress(count_bound(), 200, false),
              "profiling | 340/1,000 requests (34%) | in flight 16 | errors 2 | elapsed 00:12 | "
              "28.3 req/s");
}

TEST(RenderProgress, ShowsTimeBoundProgress) {
    progress_snapshot s;
    s.warmup = true;
    s.completed = 1;
    s.in_flight = 4;
    s.elapsed_ns = 75 * sec;
    s.duration_ns = 3 * 3600 * sec;
    EXPECT_EQ(render_progress(s, 200, false),
              "warmup | 01:15/3:00:00 (0%) | in flight 4 | errors 0 | 1 request | 0.0 req/s");
}

TEST(RenderProgress, ShowsCompletedCountWhenUnbounded) {
    progress_snapshot s;
    s.completed = 12345;
    EXPECT_EQ(render_progress(s, 200, false),
              "profiling | 12,345 requests | in flight 0 | errors 0 | elapsed 00:00 | 0.0 req/s");
}

TEST(RenderProgress, DropsFieldsThatDoNotFit) {
    EXPECT_EQ(render_progress(count_bound(), 60, false),
              "profiling | 340/1,000 requests (34%) | in flight 16");
    EXPECT_EQ(render_progress(count_bound(), 5, false), "profi");
    EXPECT_EQ(render_progress(count_bound(), 0, false), "");
}

TEST(RenderProgress, ColoursThePhaseAndErrorsOnlyWhenAsked) {
    const std::string coloured = render_progress(count_bound(), 200, true);
    EXPECT_EQ(coloured.substr(0, 20), "\x1b[32mprofiling\x1b[0m |");
    EXPECT_NE(coloured.find("\x1b[31merrors 2\x1b[0m"), std::string::npos);
    EXPECT_EQ(render_progress(count_bound(), 200, false).find('\x1b'), std::string::npos);
    // Colour codes do not count towards the width.
    EXPECT_EQ(render_progress(count_bound(), 60, true),
              "\x1b[32mprofiling\x1b[0m | 340/1,000 requests (34%) | in flight 16");
    progress_snapshot no_errors = count_bound();
    no_errors.errors = 0;
    EXPECT_EQ(render_progress(no_errors, 200, true).find("\x1b[31m"), std::string::npos);
}

TEST(ProgressConfig, IsDisabledWhenNotATerminal) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const auto cfg = detect_progress_config(fds[1], true, nullptr, "xterm");
    EXPECT_FALSE(cfg.enabled);
    {
        progress_line line(cfg);
        line.update(count_bound());
        line.finish();
    }
    ::close(fds[1]);
    char c;
    EXPECT_EQ(::read(fds[0], &c, 1), 0) << "nothing written to a pipe";
    ::close(fds[0]);
}

TEST(ProgressConfig, HonoursNoColorAndTheUserChoice) {
    pty t;
    if (!t.ok()) GTEST_SKIP() << "no pseudo-terminal available";
    EXPECT_TRUE(detect_progress_config(t.slave(), true, nullptr, "xterm").enabled);
    EXPECT_TRUE(detect_progress_config(t.slave(), true, nullptr, "xterm").color);
    EXPECT_FALSE(detect_progress_config(t.slave(), true, "1", "xterm").color);
    EXPECT_TRUE(detect_progress_config(t.slave(), true, "", "xterm").color);
    EXPECT_FALSE(detect_progress_config(t.slave(), false, nullptr, "xterm").enabled);
    EXPECT_FALSE(detect_progress_config(t.slave(), true, nullptr, "dumb").enabled);
}

TEST(ProgressLine, RedrawsInPlaceOnATerminalAndEndsCleanly) {
    pty t;
    if (!t.ok()) GTEST_SKIP() << "no pseudo-terminal available";
    t.set_columns(200);
    progress_line line(detect_progress_config(t.slave(), true, "1", "xterm"));
    ASSERT_TRUE(line.enabled());
    line.update(count_bound());
    const std::string first =
        "\rprofiling | 340/1,000 requests (34%) | in flight 16 | errors 2 | elapsed 00:12 | "
        "28.3 req/s";
    EXPECT_EQ(t.drain(), first);

    progress_snapshot shorter;
    shorter.completed = 5;
    shorter.total_requests = 10;
    line.update(shorter);
    // The tail of the longer previous line is blanked with spaces, not escape codes.
    std::string second =
        "\rprofiling | 5/10 requests (50%) | in flight 0 | errors 0 | elapsed 00:00 | "
        "0.0 req/s";
    second.append(first.size() - second.size(), ' ');
    EXPECT_EQ(t.drain(), second);

    line.finish();
    EXPECT_EQ(t.drain(), "\n");
    line.finish();
    EXPECT_EQ(t.drain(), "") << "finish twice ends the line once";
}

TEST(ProgressLine, FitsTheTerminalWidthLeavingTheLastColumnFree) {
    pty t;
    if (!t.ok()) GTEST_SKIP() << "no pseudo-terminal available";
    t.set_columns(61);
    progress_line line(detect_progress_config(t.slave(), true, "1", "xterm"));
    line.update(count_bound());
    EXPECT_EQ(t.drain(), "\rprofiling | 340/1,000 requests (34%) | in flight 16");
    t.set_columns(10);
    line.update(count_bound());
    // Blanking never runs past the new width (the terminal has reflowed the old line).
    EXPECT_EQ(t.drain(), "\rprofiling");
}

TEST(ProgressLine, ColoursOnATerminalWithoutNoColor) {
    pty t;
    if (!t.ok()) GTEST_SKIP() << "no pseudo-terminal available";
    t.set_columns(200);
    {
        progress_line line(detect_progress_config(t.slave(), true, nullptr, "xterm"));
        line.update(count_bound());
    }
    const std::string out = t.drain();
    EXPECT_EQ(out.substr(0, 6), "\r\x1b[32m");
    EXPECT_NE(out.find("\x1b[31merrors 2\x1b[0m"), std::string::npos);
    EXPECT_EQ(out.back(), '\n') << "the destructor ends the line";
}
