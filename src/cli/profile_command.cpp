// `ringperf profile`: plan -> pre-flight -> prepared requests -> engine -> exports.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "commands.h"
#include "exit_codes.h"
#include "prepare.h"
#include "record_sink.h"
#include "ringperf/base/file.h"
#include "ringperf/base/log.h"
#include "ringperf/base/rng.h"
#include "ringperf/base/uuid.h"
#include "ringperf/engine/engine.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/ring/probe.h"
#include "ringperf/ui/progress.h"
#include "signals.h"

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

// Runs the engine while drawing the progress line; stops it on SIGINT/SIGTERM.
std::vector<engine::worker_report> drive(engine::engine& eng, const config::run_plan& plan,
                                         bool& interrupted) {
    const bool live = plan.output.ui == exporter::ui_type::simple;
    ui::progress_line line(ui::detect_progress_config(STDOUT_FILENO, live));
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t total =
        plan.load.benchmark_duration_s ? 0 : plan.load.effective_request_count();
    while (!eng.finished()) {
        if (stop_signal() != 0 && !interrupted) {
            interrupted = true;
            log::warn("stopping: writing the results of the requests completed so far");
            eng.stop(engine::stop_reason::user);
        }
        const auto p = eng.snapshot();
        ui::progress_snapshot s;
        s.completed = p.completed;
        s.total_requests = total;
        s.in_flight = p.in_flight;
        s.errors = p.errors;
        s.elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
        if (plan.load.benchmark_duration_s)
            s.duration_ns = static_cast<std::int64_t>(*plan.load.benchmark_duration_s * 1e9);
        line.update(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    line.finish();
    return eng.wait();
}

// The rate-mode timeline: a pure function of the plan and the seed.
result<workload::schedule_spec> make_schedule(const config::run_plan& plan, std::uint64_t seed) {
    const auto& l = plan.load;
    workload::schedule_options o;
    o.arrival = {l.pattern, *l.request_rate, l.arrival_smoothness};
    o.seed = seed;
    o.rate_ramp_duration_s = l.request_rate_ramp_duration_s.value_or(0);
    if (l.benchmark_duration_s) {
        o.end_offset_ns = static_cast<std::int64_t>(*l.benchmark_duration_s * 1e9);
        o.request_count = l.request_count;
    } else {
        o.request_count = l.effective_request_count();
    }
    return workload::schedule_spec::make(o);
}

int finish_run(const config::run_plan& plan, const exporter::export_paths& paths,
               record_outputs& outs, const std::vector<engine::worker_report>& reports,
               wall_ns start, wall_ns end, bool interrupted, std::uint64_t seed) {
    metrics::metric_set merged;
    std::vector<std::string> spools;
    for (auto* o : outs.outputs()) {
        merged.merge(o->metrics);
        if (!o->spool_path.empty()) spools.push_back(o->spool_path);
        if (!o->spool_error.empty())
            log::error("per-request records incomplete: " + o->spool_error);
    }
    std::string fatal;
    std::uint64_t dropped = 0, retries = 0, skipped = 0, queued = 0;
    for (const auto& r : reports) {
        if (!r.fatal.empty() && fatal.empty()) fatal = r.fatal;
        dropped += r.dropped;
        retries += r.retries;
        skipped += r.skipped;
        queued += r.queued;
        log::debug("worker " + std::to_string(r.worker) + ": cpu " +
                   (r.cpu == UINT32_MAX ? std::string("unpinned") : std::to_string(r.cpu)) +
                   ", io_uring " + r.ring_mode + ", " + std::to_string(r.completed) +
                   " requests, " + std::to_string(r.connects) + " connections");
    }
    if (!fatal.empty()) log::error(fatal);
    if (dropped > 0)
        log::warn(std::to_string(dropped) +
                  " requests still in flight when the run stopped were cancelled and are not in "
                  "the results");
    if (retries > 0)
        log::info(
            std::to_string(retries) +
            " requests were resent once because the server closed their keep-alive connection");
    if (skipped > 0)
        log::warn(std::to_string(skipped) +
                  " scheduled requests were not sent because --concurrency was reached "
                  "(--concurrency-overflow skip)");
    if (queued > 0)
        log::warn(std::to_string(queued) +
                  " scheduled requests waited for a free slot (--concurrency-overflow queue)");
    if (!spools.empty())
        if (auto r = exporter::record_spool::finalize(spools, paths.records_jsonl); !r)
            log::error(r.message());
    ::rmdir(paths.spool_dir.c_str());

    exporter::run_summary s;
    s.results = merged.summarize();
    s.errors = merged.error_summary();
    s.was_cancelled = interrupted || !fatal.empty();
    s.start_ns = start;
    s.end_ns = end;
    rng id_rng(entropy_seed());
    s.benchmark_id = make_uuid_v4(id_rng);
    s.cli_command = plan.cli_command;
    s.input_config_json = config::to_json(plan);
    s.run_info.push_back({"random_seed", std::to_string(seed)});
    if (plan.load.request_rate) {
        s.run_info.push_back({"skipped_requests", std::to_string(skipped)});
        s.run_info.push_back({"queued_requests", std::to_string(queued)});
    }
    s.osl_estimated_count = merged.osl_estimated_count();
    auto written = exporter::write_summary_files(s, paths);
    if (!written) log::error(written.message());
    std::fputs(
        exporter::render_console_report(s, paths, exporter::detect_console_charset()).c_str(),
        stdout);
    std::fflush(stdout);

    if (!fatal.empty() || !written) return exit_fatal;
    if (interrupted) return exit_interrupted;
    if (merged.request_count() == 0) {
        log::error("no request succeeded: see the error summary above");
        return exit_all_failed;
    }
    return exit_ok;
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
    config::run_plan& plan = *parsed;
    configure_logging(plan);
    if (plan.endpoint.models.empty()) {
        std::fprintf(stderr,
                     "ringperf profile: --model is required: the model name the server serves "
                     "(GET <url>/v1/models lists them)\n");
        return exit_usage;
    }
    const ring::features features = ring::probe();
    if (auto missing = features.missing_required(); !missing.empty()) {
        std::string m;
        for (const auto& f : missing)
            m += "\n  - " + f;
        std::fprintf(stderr,
                     "ringperf profile: this kernel lacks io_uring features ringperf needs:%s\n",
                     m.c_str());
        return exit_unreachable;
    }
    auto target = resolve_target(plan);
    if (!target) {
        std::fprintf(stderr, "ringperf profile: %s\n", target.message().c_str());
        return exit_unreachable;
    }
    const std::uint64_t seed = plan.input.random_seed.value_or(entropy_seed());
    auto requests = prepare_requests(plan, *target, seed);
    if (!requests) {
        std::fprintf(stderr, "ringperf profile: %s\n", requests.message().c_str());
        return exit_usage;
    }

    const std::string dir = exporter::resolve_artifact_dir(plan.output, run_name(plan));
    const auto paths = exporter::make_export_paths(dir, plan.output.profile_export_prefix);
    for (const auto& d : {paths.dir, paths.dir + "/logs", paths.spool_dir}) {
        if (auto r = make_dirs(d); !r) {
            std::fprintf(stderr, "ringperf profile: %s\n", r.message().c_str());
            return exit_usage;
        }
    }
    if (!log::open_file(paths.log_file))
        std::fprintf(stderr, "ringperf profile: cannot open the log file %s\n",
                     paths.log_file.c_str());
    if (auto r = write_file_atomic(paths.run_toml, config::dump_toml(plan)); !r)
        log::error(r.message());
    log::info("benchmarking " + target->url.to_string() +
              target->path.substr(target->url.path.size()) + " (" + target->address.to_string() +
              "), artifacts in " + paths.dir);

    const wall_clock_map clock = wall_clock_map::capture();
    const bool records = plan.output.level != exporter::export_level::summary;
    record_outputs outs(clock, records ? paths.spool_dir : std::string());
    engine::run_spec spec;
    spec.options = plan.engine;
    spec.target = target->address;
    spec.host = target->url.host;
    spec.tls = target->url.tls;
    spec.endpoint = plan.endpoint.type;
    spec.streaming = plan.endpoint.streaming;
    spec.requests = &*requests;
    spec.concurrency = plan.load.effective_concurrency();
    if (plan.load.benchmark_duration_s) {
        spec.duration_s = plan.load.benchmark_duration_s;
        spec.request_count = plan.load.request_count;
    } else {
        spec.request_count = plan.load.effective_request_count();
    }
    if (plan.load.request_rate) {
        auto schedule = make_schedule(plan, seed);
        if (!schedule) {
            std::fprintf(stderr, "ringperf profile: %s\n", schedule.message().c_str());
            return exit_usage;
        }
        spec.schedule = std::move(*schedule);
        spec.overflow = plan.load.overflow;
    }
    spec.grace_period_s = plan.load.grace_period_s;
    spec.seed = seed;
    spec.features = features;
    spec.make_sink = [&outs](std::uint32_t w) { return outs.make_sink(w); };

    install_stop_signals();
    engine::engine eng;
    const wall_ns start = clock.to_wall(now_mono_ns());
    if (auto r = eng.start(std::move(spec)); !r) {
        std::fprintf(stderr, "ringperf profile: %s\n", r.message().c_str());
        return exit_unreachable;
    }
    bool interrupted = false;
    const auto reports = drive(eng, plan, interrupted);
    const wall_ns end = clock.to_wall(now_mono_ns());
    return finish_run(plan, paths, outs, reports, start, end, interrupted, seed);
}

}  // namespace ringperf::cli
