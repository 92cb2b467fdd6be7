#include "single_run.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "exit_codes.h"
#include "record_sink.h"
#include "ringperf/base/file.h"
#include "ringperf/base/log.h"
#include "ringperf/base/rng.h"
#include "ringperf/base/uuid.h"
#include "ringperf/engine/engine.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/ui/progress.h"
#include "signals.h"

namespace ringperf::cli {

namespace {

// Set-up failed before the engine started: the message goes to the user as is.
run_outcome setup_failure(int code, const std::string& message, std::uint64_t seed) {
    std::fprintf(stderr, "ringperf profile: %s\n", message.c_str());
    run_outcome o;
    o.exit_code = code;
    o.error = message;
    o.seed = seed;
    return o;
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

struct worker_totals {
    std::string fatal;  // the first worker's fatal error
    std::uint64_t dropped = 0, retries = 0, skipped = 0, queued = 0;
};

worker_totals sum_reports(const std::vector<engine::worker_report>& reports) {
    worker_totals t;
    for (const auto& r : reports) {
        if (!r.fatal.empty() && t.fatal.empty()) t.fatal = r.fatal;
        t.dropped += r.dropped;
        t.retries += r.retries;
        t.skipped += r.skipped;
        t.queued += r.queued;
        log::debug("worker " + std::to_string(r.worker) + ": cpu " +
                   (r.cpu == UINT32_MAX ? std::string("unpinned") : std::to_string(r.cpu)) +
                   ", io_uring " + r.ring_mode + ", " + std::to_string(r.completed) +
                   " requests, " + std::to_string(r.connects) + " connections");
    }
    return t;
}

void log_totals(const worker_totals& t) {
    if (!t.fatal.empty()) log::error(t.fatal);
    if (t.dropped > 0)
        log::warn(std::to_string(t.dropped) +
                  " requests still in flight when the run stopped were cancelled and are not in "
                  "the results");
    if (t.retries > 0)
        log::info(
            std::to_string(t.retries) +
            " requests were resent once because the server closed their keep-alive connection");
    if (t.skipped > 0)
        log::warn(std::to_string(t.skipped) +
                  " scheduled requests were not sent because --concurrency was reached "
                  "(--concurrency-overflow skip)");
    if (t.queued > 0)
        log::warn(std::to_string(t.queued) +
                  " scheduled requests waited for a free slot (--concurrency-overflow queue)");
}

// Merges the workers' metric sets and turns their spools into the JSONL export.
metrics::metric_set merge_outputs(record_outputs& outs, const exporter::export_paths& paths) {
    metrics::metric_set merged;
    std::vector<std::string> spools;
    for (auto* o : outs.outputs()) {
        merged.merge(o->metrics);
        if (!o->spool_path.empty()) spools.push_back(o->spool_path);
        if (!o->spool_error.empty())
            log::error("per-request records incomplete: " + o->spool_error);
    }
    if (!spools.empty())
        if (auto r = exporter::record_spool::finalize(spools, paths.records_jsonl); !r)
            log::error(r.message());
    ::rmdir(paths.spool_dir.c_str());
    return merged;
}

struct run_window {
    wall_ns start = 0, end = 0;
    bool interrupted = false;
    std::uint64_t seed = 0;
};

run_outcome finish_run(const config::run_plan& plan, const exporter::export_paths& paths,
                       record_outputs& outs, const std::vector<engine::worker_report>& reports,
                       const run_window& w, std::span<const exporter::json_field> extra) {
    const worker_totals t = sum_reports(reports);
    log_totals(t);
    const metrics::metric_set merged = merge_outputs(outs, paths);

    exporter::run_summary s;
    s.results = merged.summarize();
    s.errors = merged.error_summary();
    s.was_cancelled = w.interrupted || !t.fatal.empty();
    s.start_ns = w.start;
    s.end_ns = w.end;
    rng id_rng(entropy_seed());
    s.benchmark_id = make_uuid_v4(id_rng);
    s.cli_command = plan.cli_command;
    s.input_config_json = config::to_json(plan);
    s.run_info.push_back({"random_seed", std::to_string(w.seed)});
    if (plan.load.request_rate) {
        s.run_info.push_back({"skipped_requests", std::to_string(t.skipped)});
        s.run_info.push_back({"queued_requests", std::to_string(t.queued)});
    }
    s.run_info.insert(s.run_info.end(), extra.begin(), extra.end());
    s.osl_estimated_count = merged.osl_estimated_count();
    auto written = exporter::write_summary_files(s, paths);
    if (!written) log::error(written.message());
    std::fputs(
        exporter::render_console_report(s, paths, exporter::detect_console_charset()).c_str(),
        stdout);
    std::fflush(stdout);

    run_outcome o;
    o.ran = true;
    o.interrupted = w.interrupted;
    o.results = std::move(s.results);
    o.seed = w.seed;
    if (!t.fatal.empty()) {
        o.exit_code = exit_fatal;
        o.error = t.fatal;
    } else if (!written) {
        o.exit_code = exit_fatal;
        o.error = written.message();
    } else if (w.interrupted) {
        o.exit_code = exit_interrupted;
        o.error = "interrupted";
    } else if (merged.request_count() == 0) {
        log::error("no request succeeded: see the error summary above");
        o.exit_code = exit_all_failed;
        o.error = "no request succeeded";
    }
    return o;
}

// The run's directories, its log file and run.toml. Only directory failures are fatal.
result<exporter::export_paths> open_artifacts(const config::run_plan& plan,
                                              const std::string& dir) {
    auto paths = exporter::make_export_paths(dir, plan.output.profile_export_prefix);
    for (const auto& d : {paths.dir, paths.dir + "/logs", paths.spool_dir}) {
        if (auto r = make_dirs(d); !r) return r.err();
    }
    if (!log::open_file(paths.log_file))
        std::fprintf(stderr, "ringperf profile: cannot open the log file %s\n",
                     paths.log_file.c_str());
    if (auto r = write_file_atomic(paths.run_toml, config::dump_toml(plan)); !r)
        log::error(r.message());
    return paths;
}

engine::run_spec make_spec(const config::run_plan& plan, const run_context& ctx,
                           const engine::request_set& requests, std::uint64_t seed) {
    engine::run_spec spec;
    spec.options = plan.engine;
    spec.target = ctx.server.address;
    spec.host = ctx.server.url.host;
    spec.tls = ctx.server.url.tls;
    spec.endpoint = plan.endpoint.type;
    spec.streaming = plan.endpoint.streaming;
    spec.requests = &requests;
    spec.concurrency = plan.load.effective_concurrency();
    if (plan.load.benchmark_duration_s) {
        spec.duration_s = plan.load.benchmark_duration_s;
        spec.request_count = plan.load.request_count;
    } else {
        spec.request_count = plan.load.effective_request_count();
    }
    if (plan.load.request_rate) spec.overflow = plan.load.overflow;
    spec.grace_period_s = plan.load.grace_period_s;
    spec.seed = seed;
    spec.features = ctx.features;
    return spec;
}

}  // namespace

result<run_context> preflight(const config::run_plan& plan) {
    run_context ctx;
    ctx.features = ring::probe();
    if (auto missing = ctx.features.missing_required(); !missing.empty()) {
        std::string m = "this kernel lacks io_uring features ringperf needs:";
        for (const auto& f : missing)
            m += "\n  - " + f;
        return make_error(std::move(m));
    }
    auto server = resolve_target(plan);
    if (!server) return server.err();
    ctx.server = std::move(*server);
    return ctx;
}

run_outcome run_once(const config::run_plan& plan, const run_context& ctx,
                     const std::string& artifact_dir,
                     std::span<const exporter::json_field> extra_run_info) {
    const std::uint64_t seed = plan.input.random_seed.value_or(entropy_seed());
    auto requests = prepare_requests(plan, ctx.server, seed);
    if (!requests) return setup_failure(exit_usage, requests.message(), seed);
    auto paths = open_artifacts(plan, artifact_dir);
    if (!paths) return setup_failure(exit_usage, paths.message(), seed);
    const auto& srv = ctx.server;
    log::info("benchmarking " + srv.url.to_string() + srv.path.substr(srv.url.path.size()) + " (" +
              srv.address.to_string() + "), artifacts in " + paths->dir);

    const wall_clock_map clock = wall_clock_map::capture();
    const bool records = plan.output.level != exporter::export_level::summary;
    record_outputs outs(clock, records ? paths->spool_dir : std::string());
    engine::run_spec spec = make_spec(plan, ctx, *requests, seed);
    if (plan.load.request_rate) {
        auto schedule = make_schedule(plan, seed);
        if (!schedule) return setup_failure(exit_usage, schedule.message(), seed);
        spec.schedule = std::move(*schedule);
    }
    spec.make_sink = [&outs](std::uint32_t w) { return outs.make_sink(w); };

    engine::engine eng;
    run_window w;
    w.seed = seed;
    w.start = clock.to_wall(now_mono_ns());
    if (auto r = eng.start(std::move(spec)); !r)
        return setup_failure(exit_unreachable, r.message(), seed);
    const auto reports = drive(eng, plan, w.interrupted);
    w.end = clock.to_wall(now_mono_ns());
    return finish_run(plan, *paths, outs, reports, w, extra_run_info);
}

}  // namespace ringperf::cli
