#include "signals.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace ringperf::cli {

namespace {

std::atomic<int> g_signal{0};

void on_signal(int sig) {
    if (g_signal.exchange(sig) != 0) {
        static constexpr char msg[] = "\nsecond signal: exiting without writing results\n";
        (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
        _exit(128 + sig);
    }
}

}  // namespace

void install_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

int stop_signal() {
    return g_signal.load();
}

}  // namespace ringperf::cli
