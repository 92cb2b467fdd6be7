// `ringperf profile`: arguments -> plan -> orchestrate (pre-flight, benchmarks, exports).
#include <cstdio>
#include <cstdlib>

#include "commands.h"
#include "exit_codes.h"
#include "orchestrate.h"
#include "ringperf/base/log.h"
#include "ringperf/config/config.h"
#include "ringperf/metrics/goodput.h"

namespace ringperf::cli {

namespace {

void configure_logging(const config::run_plan& plan) {
    log::level l = log::level::info;
    log::parse_level(plan.output.log_level, l);
    log::set_console_level(l);
    log::set_file_level(std::min(l, log::level::debug));
}

}  // namespace

int run_profile(const std::vector<std::string>& args) {
    auto parsed = config::parse_profile(args, [](const char* n) { return std::getenv(n); });
    if (!parsed) {
        if (config::is_help_request(parsed.err())) {
            std::fputs(config::help(config::command::profile).c_str(), stdout);
            return exit_ok;
        }
        std::fprintf(stderr, "ringperf profile: %s\n", parsed.message().c_str());
        return exit_usage;
    }
    const config::run_plan& plan = *parsed;
    configure_logging(plan);
    if (plan.endpoint.models.empty()) {
        std::fprintf(stderr,
                     "ringperf profile: --model is required: the model name the server serves "
                     "(GET <url>/v1/models lists them)\n");
        return exit_usage;
    }
    // The metric options need the metric catalogue: checked here, before any connection.
    if (auto o = metrics::make_metric_options(
            plan.output.goodput, std::nullopt, false,
            [](const char* n) -> const char* { return std::getenv(n); });
        !o) {
        std::fprintf(stderr, "ringperf profile: %s\n", o.message().c_str());
        return exit_usage;
    }
    return orchestrate(plan);
}

}  // namespace ringperf::cli
