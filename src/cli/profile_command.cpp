// `ringperf profile`: arguments -> plan -> pre-flight -> one benchmark.
#include <cstdio>
#include <cstdlib>

#include "commands.h"
#include "exit_codes.h"
#include "ringperf/api/endpoint.h"
#include "ringperf/base/log.h"
#include "ringperf/config/config.h"
#include "ringperf/export/artifacts.h"
#include "signals.h"
#include "single_run.h"

namespace ringperf::cli {

namespace {

void configure_logging(const config::run_plan& plan) {
    log::level l = log::level::info;
    log::parse_level(plan.output.log_level, l);
    log::set_console_level(l);
    log::set_file_level(std::min(l, log::level::debug));
}

std::string run_name(const config::run_plan& plan) {
    return exporter::artifact_dir_name(
        plan.endpoint.models.front(), api::endpoint_type_name(plan.endpoint.type),
        exporter::stimulus_label(plan.load.effective_concurrency(),
                                 plan.load.request_rate.value_or(0)));
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
    auto ctx = preflight(plan);
    if (!ctx) {
        std::fprintf(stderr, "ringperf profile: %s\n", ctx.message().c_str());
        return exit_unreachable;
    }
    install_stop_signals();
    const std::string dir = exporter::resolve_artifact_dir(plan.output, run_name(plan));
    return run_once(plan, *ctx, dir).exit_code;
}

}  // namespace ringperf::cli
