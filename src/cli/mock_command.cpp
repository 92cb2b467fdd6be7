#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "commands.h"
#include "exit_codes.h"
#include "ringperf/config/config.h"
#include "ringperf/mock/server.h"
#include "ringperf/ring/probe.h"
#include "signals.h"

namespace ringperf::cli {

int run_mock(const std::vector<std::string>& args) {
    auto opts = config::parse_mock(args);
    if (!opts) {
        if (config::is_help_request(opts.err())) {
            std::fputs(config::help(config::command::mock).c_str(), stdout);
            return exit_ok;
        }
        std::fprintf(stderr, "ringperf mock: %s\n", opts.message().c_str());
        return exit_usage;
    }
    install_stop_signals();
    auto srv = mock::server::start(*opts);
    if (!srv) {
        std::fprintf(stderr, "ringperf mock: %s\n", srv.message().c_str());
        return exit_unreachable;
    }
    auto& server = *srv.value();
    std::printf("ringperf mock listening on http://%s:%u (ttft %.3g ms, itl %.3g ms)\n",
                opts->host.c_str(), server.port(), opts->ttft_ms, opts->itl_ms);
    std::fflush(stdout);
    while (stop_signal() == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop();
    server.wait();
    const auto st = server.stats();
    std::printf("ringperf mock: %llu connections, %llu requests, %llu tokens sent\n",
                static_cast<unsigned long long>(st.connections_accepted),
                static_cast<unsigned long long>(st.requests),
                static_cast<unsigned long long>(st.tokens_sent));
    return exit_ok;
}

int run_version() {
    std::printf("ringperf %s\n", RINGPERF_VERSION);
    std::fputs(ring::probe().describe().c_str(), stdout);
    return exit_ok;
}

}  // namespace ringperf::cli
