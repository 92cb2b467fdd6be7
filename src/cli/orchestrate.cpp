#include "orchestrate.h"

#include <chrono>
#include <thread>

#include "exit_codes.h"
#include "ringperf/base/log.h"
#include "ringperf/export/aggregate.h"
#include "ringperf/export/format.h"
#include "signals.h"
#include "sweep_summary.h"

namespace ringperf::cli {

namespace {

struct point_result {
    point_status status = point_status::completed;
    int exit_code = exit_ok;
    std::vector<std::vector<metrics::metric_result>> runs;  // the successful runs'
    std::vector<std::string> labels;                        // of `runs`
    std::vector<exporter::failed_run> failed;  // the stopped run, then those never started
};

std::string stop_note(const run_outcome& o, const planned_run& run) {
    if (o.interrupted || o.exit_code == exit_interrupted)
        return "interrupted: its partial results in " + run.dir + " are not aggregated";
    if (!o.error.empty()) return o.error;
    return "exited with code " + std::to_string(o.exit_code);
}

void skip_rest(const planned_point& p, std::size_t from, const std::string& why,
               point_result& out) {
    for (std::size_t k = from; k < p.runs.size(); ++k)
        out.failed.push_back({p.runs[k].label, why});
}

void stop_point(point_result& out, point_status status, int code) {
    out.status = status;
    out.exit_code = code;
}

point_result run_point(const planned_point& p, const invocation_plan& inv,
                       const orchestrator_hooks& h) {
    point_result out;
    for (std::size_t k = 0; k < p.runs.size(); ++k) {
        const planned_run& run = p.runs[k];
        if (k > 0) {
            if (inv.run_cooldown_s > 0) h.cooldown(inv.run_cooldown_s);
            if (h.stop_requested()) {
                stop_point(out, point_status::interrupted, exit_interrupted);
                skip_rest(p, k, "not run: interrupted before it started", out);
                return out;
            }
        }
        if (p.repeated())
            log::info("profile run " + std::to_string(k + 1) + " of " +
                      std::to_string(p.runs.size()) + " (" + run.label + ")");
        run_outcome o = h.run(run);
        if (o.exit_code == exit_ok) {
            out.runs.push_back(std::move(o.results));
            out.labels.push_back(run.label);
            continue;
        }
        const bool interrupted = o.interrupted || o.exit_code == exit_interrupted;
        stop_point(out, interrupted ? point_status::interrupted : point_status::failed,
                   o.exit_code);
        out.failed.push_back({run.label, stop_note(o, run)});
        skip_rest(p, k + 1, "not run: the invocation stopped at " + run.label, out);
        return out;
    }
    return out;
}

// The confidence files of a repeated point, over its successful runs; exit_fatal when they
// cannot be computed or written.
int write_point_aggregate(const planned_point& p, const point_result& r, const invocation_plan& inv,
                          std::FILE* console) {
    exporter::aggregate_input in;
    in.runs = r.runs;
    in.run_labels = r.labels;
    in.failed_runs = r.failed;
    in.confidence_level = inv.confidence_level;
    in.cooldown_seconds = inv.run_cooldown_s;
    auto a = exporter::aggregate_runs(in);
    if (!a) {
        log::error(a.message());
        return exit_fatal;
    }
    const auto paths = exporter::make_aggregate_paths(p.dir);
    const auto written = exporter::write_aggregate_files(*a, paths);
    std::fputc('\n', console);
    std::fputs(exporter::render_aggregate_console(*a, exporter::detect_console_charset()).c_str(),
               console);
    if (!written) {
        log::error(written.message());
        return exit_fatal;
    }
    std::fprintf(console, "Aggregate JSON: %s\nAggregate CSV: %s\n", paths.json.c_str(),
                 paths.csv.c_str());
    std::fflush(console);
    return exit_ok;
}

sweep_row planned_row(const planned_point& p) {
    sweep_row row;
    row.index = p.index;
    row.value = p.value;
    row.label = p.label;
    row.artifact_dir = p.dir_name;
    row.seed = p.seed;
    row.runs = p.runs.size();
    return row;
}

void fill_row(sweep_row& row, const point_result& r) {
    row.status = r.status;
    row.exit_code = r.exit_code;
    row.successful_runs = r.runs.size();
    row.metrics = compute_sweep_values(r.runs);
}

int finish_sweep(const invocation_plan& inv, sweep_summary& s, int code, std::FILE* console) {
    s.exit_code = code;
    const auto paths = make_sweep_paths(inv.sweep_dir);
    const auto written = write_sweep_summary(s, paths);
    std::fputc('\n', console);
    std::fputs(render_sweep_console(s).c_str(), console);
    if (!written) {
        log::error(written.message());
        std::fflush(console);
        return code == exit_ok ? exit_fatal : code;
    }
    std::fprintf(console, "Sweep summary: %s\n               %s\n", paths.json.c_str(),
                 paths.csv.c_str());
    std::fflush(console);
    return code;
}

// Runs point `p` and its aggregate; fills its row. Returns the point's exit code.
int run_and_record(const planned_point& p, const invocation_plan& inv, const orchestrator_hooks& h,
                   sweep_row& row) {
    if (inv.parameter != sweep_parameter::none)
        log::info("sweep value " + std::to_string(p.index + 1) + " of " +
                  std::to_string(inv.points.size()) + ": " + p.label + ", artifacts in " + p.dir);
    point_result r = run_point(p, inv, h);
    if (p.repeated()) {
        const int agg = write_point_aggregate(p, r, inv, h.console);
        if (agg != exit_ok && r.exit_code == exit_ok) stop_point(r, point_status::failed, agg);
    }
    fill_row(row, r);
    return r.exit_code;
}

void cooldown_until_stopped(double seconds) {
    log::info("cooling down for " + exporter::format_json_float(seconds) + " s");
    using clock = std::chrono::steady_clock;
    const auto end = clock::now() + std::chrono::duration_cast<clock::duration>(
                                        std::chrono::duration<double>(seconds));
    while (clock::now() < end && stop_signal() == 0)
        std::this_thread::sleep_for(
            std::min<clock::duration>(std::chrono::milliseconds(50), end - clock::now()));
}

}  // namespace

int execute(const invocation_plan& inv, const orchestrator_hooks& h) {
    sweep_summary summary;
    summary.parameter = inv.parameter;
    summary.num_profile_runs = inv.num_profile_runs;
    int code = exit_ok;
    bool stopped = false;
    for (std::size_t i = 0; i < inv.points.size(); ++i) {
        const planned_point& p = inv.points[i];
        sweep_row row = planned_row(p);
        if (!stopped && i > 0 && inv.sweep_cooldown_s > 0) h.cooldown(inv.sweep_cooldown_s);
        if (!stopped && h.stop_requested()) {
            stopped = true;
            code = exit_interrupted;
        }
        if (!stopped) {
            code = run_and_record(p, inv, h, row);
            stopped = code != exit_ok;
        }
        summary.rows.push_back(std::move(row));
    }
    if (inv.parameter == sweep_parameter::none) return code;
    return finish_sweep(inv, summary, code, h.console);
}

int orchestrate(const config::run_plan& plan) {
    auto inv = expand_invocation(plan);
    if (!inv) {
        std::fprintf(stderr, "ringperf profile: %s\n", inv.message().c_str());
        return exit_usage;
    }
    auto ctx = preflight(plan);
    if (!ctx) {
        std::fprintf(stderr, "ringperf profile: %s\n", ctx.message().c_str());
        return exit_unreachable;
    }
    if (auto r = load_run_tokenizer(plan, *ctx); !r) {
        std::fprintf(stderr, "ringperf profile: %s\n", r.message().c_str());
        return exit_usage;
    }
    if (inv->seed_defaulted)
        log::info("--random-seed not given: using seed " + std::to_string(default_consistent_seed) +
                  (inv->parameter != sweep_parameter::none && !plan.load.sweep_same_seed
                       ? " plus the value's index in the sweep"
                       : std::string()) +
                  " so that the runs are comparable");
    if (inv->benchmark_count() > 1)
        log::info(std::to_string(inv->benchmark_count()) +
                  " benchmarks: " + std::to_string(inv->points.size()) + " value(s) x " +
                  std::to_string(inv->num_profile_runs) + " run(s)");
    install_stop_signals();
    orchestrator_hooks h;
    const run_context& context = *ctx;
    h.run = [&context](const planned_run& r) {
        return run_once(r.plan, context, r.dir, r.run_info);
    };
    h.stop_requested = [] { return stop_signal() != 0; };
    h.cooldown = cooldown_until_stopped;
    return execute(*inv, h);
}

}  // namespace ringperf::cli
