#include "single_run.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <thread>

#include "exit_codes.h"
#include "hlog_recorder.h"
#include "record_extras.h"
#include "record_sink.h"
#include "record_stage.h"
#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/base/log.h"
#include "ringperf/base/rng.h"
#include "ringperf/base/uuid.h"
#include "ringperf/dataset/token_codec.h"
#include "ringperf/engine/engine.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/format.h"
#include "ringperf/export/gates.h"
#include "ringperf/metrics/goodput.h"
#include "ringperf/ui/progress.h"
#include "run_state.h"
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

// How a run ended early, if it did.
struct stop_state {
    bool interrupted = false;  // SIGINT/SIGTERM
    bool aborted = false;      // --failed-request-threshold exceeded
    std::string abort_reason;
};

// The count the progress line counts down from (0: unknown, e.g. a duration).
std::uint64_t expected_requests(const workload::load_options& l) {
    if (l.benchmark_duration_s || l.num_sessions) return 0;
    if (l.request_count) return *l.request_count;
    return l.open_loop() ? 0 : l.effective_request_count();
}

// Runs the engine while drawing the progress line; stops it on SIGINT/SIGTERM and when
// too many requests fail.
std::vector<engine::worker_report> drive(engine::engine& eng, const config::run_plan& plan,
                                         std::uint32_t profiling_phase, stop_state& st) {
    const bool live = plan.output.ui == exporter::ui_type::simple;
    ui::progress_line line(ui::detect_progress_config(STDOUT_FILENO, live));
    auto start = std::chrono::steady_clock::now();
    const auto& l = plan.load;
    std::uint32_t phase = 0;
    while (!eng.finished()) {
        if (stop_signal() != 0 && !st.interrupted) {
            st.interrupted = true;
            log::warn("stopping: writing the results of the requests completed so far");
            eng.stop(engine::stop_reason::user);
        }
        const auto p = eng.snapshot();
        if (p.phase != phase) {
            phase = p.phase;
            start = std::chrono::steady_clock::now();  // the progress line follows the phase
            log::info("warmup done: profiling starts");
        }
        const bool profiling = p.phase == profiling_phase;
        ui::progress_snapshot s;
        s.completed = p.completed;
        s.total_requests = profiling ? expected_requests(l) : 0;
        s.in_flight = p.in_flight;
        s.errors = p.errors;
        s.elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
        if (l.benchmark_duration_s && profiling)
            s.duration_ns = static_cast<std::int64_t>(*l.benchmark_duration_s * 1e9);
        line.update(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    line.finish();
    auto reports = eng.wait();
    if (eng.stopped_by() == engine::stop_reason::aborted) {
        st.aborted = true;
        st.abort_reason = eng.abort_reason();
        log::error("aborted: " + st.abort_reason);
    }
    return reports;
}

struct worker_totals {
    std::string fatal;  // the first worker's fatal error
    std::uint64_t dropped = 0, retries = 0, skipped = 0, queued = 0, cancelled = 0;
};

worker_totals sum_reports(const std::vector<engine::worker_report>& reports) {
    worker_totals t;
    for (const auto& r : reports) {
        if (!r.fatal.empty() && t.fatal.empty()) t.fatal = r.fatal;
        t.dropped += r.dropped;
        t.retries += r.retries;
        t.skipped += r.skipped;
        t.queued += r.queued;
        t.cancelled += r.cancelled;
        log::debug("worker " + std::to_string(r.worker) + ": cpu " +
                   (r.cpu == UINT32_MAX ? std::string("unpinned") : std::to_string(r.cpu)) +
                   ", io_uring " + r.ring_mode + ", " + std::to_string(r.completed) +
                   " requests, " + std::to_string(r.connects) + " connections");
    }
    std::map<std::string, std::uint64_t> by_source;
    for (const auto& r : reports)
        for (const auto& [addr, n] : r.connects_by_source)
            by_source[addr] += n;
    if (!by_source.empty()) {
        std::uint64_t lo = UINT64_MAX, hi = 0;
        for (const auto& [addr, n] : by_source) {
            lo = std::min(lo, n);
            hi = std::max(hi, n);
        }
        log::info("connections opened from " + std::to_string(by_source.size()) +
                  " source addresses, " + std::to_string(lo) + " to " + std::to_string(hi) +
                  " on each");
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
                  " scheduled requests were not sent because the limit on requests in flight "
                  "was reached (--concurrency, or the connections a worker can hold)");
    if (t.queued > 0)
        log::warn(std::to_string(t.queued) +
                  " scheduled requests waited for a free slot under --concurrency");
    if (t.cancelled > 0)
        log::info(std::to_string(t.cancelled) +
                  " requests were cancelled by the client (--request-cancellation-rate)");
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

// Every worker's --metric-definitions summaries merged; empty without the option.
std::vector<metrics::definition_result> merge_definitions(record_outputs& outs) {
    std::optional<metrics::definition_summaries> all;
    for (auto* o : outs.outputs()) {
        if (!o->definitions) continue;
        if (!all) {
            auto d = metrics::definition_summaries::create(o->definitions->sets());
            if (!d) return {};
            all.emplace(std::move(*d));
        }
        all->merge(*o->definitions);
    }
    if (!all) return {};
    return all->summarize();
}

std::vector<metrics::definition_set> definition_sets_of(const config::run_plan& plan) {
    std::vector<metrics::definition_set> sets;
    for (const auto& name : plan.output.metric_definitions) {
        const auto s = metrics::parse_definition_set(name);
        if (s && *s != metrics::definition_set::aiperf) sets.push_back(*s);
    }
    return sets;
}

// Checks --fail-on against the summary and prints the gate table; false when a gate failed.
bool check_gates(const config::run_plan& plan, const exporter::run_summary& s, std::string& why) {
    auto gates = exporter::parse_gates(plan.output.fail_on);
    if (!gates || gates->empty()) return true;
    const auto outcomes = exporter::evaluate_gates(*gates, {s.results, s.definitions});
    std::fputs(
        ("\n" + exporter::render_gate_table(outcomes, exporter::detect_console_charset())).c_str(),
        stdout);
    if (exporter::all_passed(outcomes)) return true;
    std::size_t failed = 0;
    for (const auto& o : outcomes)
        failed += o.passed ? 0 : 1;
    why = std::to_string(failed) + " of " + std::to_string(outcomes.size()) +
          " SLO gates failed (--fail-on)";
    return false;
}

struct run_window {
    wall_ns start = 0, end = 0;
    stop_state stop;
    std::uint64_t seed = 0;
    engine::timing_mode mode = engine::timing_mode::closed_loop;
};

std::string json_quote(std::string_view s) {
    std::string out;
    json_append_string(out, s);
    return out;
}

exporter::self_check_input self_check_input_for(const config::run_plan& plan,
                                                engine::timing_mode mode, const worker_totals& t) {
    exporter::self_check_input in;
    switch (mode) {
        case engine::timing_mode::closed_loop:
            in.mode = metrics::load_mode::closed_loop;
            break;
        case engine::timing_mode::request_rate:
            in.mode = metrics::load_mode::request_rate;
            in.target_rate_per_s = plan.load.request_rate;
            break;
        case engine::timing_mode::fixed_schedule:
            in.mode = metrics::load_mode::fixed_schedule;
            break;
        case engine::timing_mode::user_centric:
            in.mode = metrics::load_mode::user_centric;
            in.target_rate_per_s = plan.load.user_centric_rate;
            break;
    }
    in.skipped = t.skipped;
    in.queued = t.queued;
    in.dropped = t.dropped;
    in.urls = plan.endpoint.urls;
    return in;
}

// ignore_eos:true or any min_tokens in --extra-inputs: the user already asked the server
// for the exact length, so a mismatch is the server's or the tokenizer's doing.
bool requests_exact_length(const api::endpoint_options& ep) {
    for (const auto& [key, value] : ep.extra_inputs) {
        if ((key == "ignore_eos" && value == "true") || key == "min_tokens") return true;
    }
    return false;
}

const char* mode_name(engine::timing_mode m) {
    switch (m) {
        case engine::timing_mode::closed_loop:
            return "closed_loop";
        case engine::timing_mode::request_rate:
            return "request_rate";
        case engine::timing_mode::fixed_schedule:
            return "fixed_schedule";
        case engine::timing_mode::user_centric:
            return "user_centric";
    }
    return "closed_loop";
}

run_outcome finish_run(const config::run_plan& plan, const exporter::export_paths& paths,
                       record_outputs& outs, const std::vector<engine::worker_report>& reports,
                       const run_window& w, std::span<const exporter::json_field> extra) {
    const worker_totals t = sum_reports(reports);
    log_totals(t);
    write_record_extras(outs, paths, config::to_json(plan));
    const metrics::metric_set merged = merge_outputs(outs, paths);

    exporter::run_summary s;
    s.results = merged.summarize();
    s.errors = merged.error_summary();
    s.was_cancelled = w.stop.interrupted || w.stop.aborted || !t.fatal.empty();
    s.start_ns = w.start;
    s.end_ns = w.end;
    rng id_rng(entropy_seed());
    s.benchmark_id = make_uuid_v4(id_rng);
    s.cli_command = plan.cli_command;
    s.input_config_json = config::to_json(plan);
    s.run_info.push_back({"random_seed", std::to_string(w.seed)});
    s.run_info.push_back({"timing_mode", json_quote(mode_name(w.mode))});
    if (plan.load.open_loop()) {
        s.run_info.push_back({"skipped_requests", std::to_string(t.skipped)});
        s.run_info.push_back({"queued_requests", std::to_string(t.queued)});
    }
    s.run_info.push_back({"dropped_requests", std::to_string(t.dropped)});
    if (plan.load.cancellation_rate_percent)
        s.run_info.push_back({"cancelled_requests", std::to_string(t.cancelled)});
    if (w.stop.aborted) s.run_info.push_back({"aborted", json_quote(w.stop.abort_reason)});
    s.run_info.insert(s.run_info.end(), extra.begin(), extra.end());
    s.osl_estimated_count = merged.osl_estimated_count();
    s.osl_mismatch_count = merged.osl_mismatch_count();
    s.osl_length_requested = requests_exact_length(plan.endpoint);
    s.show_trace_timing = plan.output.show_trace_timing;
    if (s.osl_mismatch_count > 0)
        log::warn(exporter::osl_mismatch_warning(s.osl_mismatch_count, s.osl_length_requested));
    s.definitions = merge_definitions(outs);
    add_self_check(s, merged, self_check_input_for(plan, w.mode, t));
    auto written = exporter::write_summary_files(s, paths);
    if (!written) log::error(written.message());
    if (auto st = write_run_state(paths.dir, run_state_info_for(plan, s), merged); !st)
        log::error(st.message());
    std::fputs(
        exporter::render_console_report(s, paths, exporter::detect_console_charset()).c_str(),
        stdout);
    std::string gate_failure;
    const bool gates_passed = check_gates(plan, s, gate_failure);
    std::fflush(stdout);

    run_outcome o;
    o.ran = true;
    o.interrupted = w.stop.interrupted;
    o.results = std::move(s.results);
    o.seed = w.seed;
    if (!t.fatal.empty()) {
        o.exit_code = exit_fatal;
        o.error = t.fatal;
    } else if (!written) {
        o.exit_code = exit_fatal;
        o.error = written.message();
    } else if (w.stop.interrupted) {
        o.exit_code = exit_interrupted;
        o.error = "interrupted";
    } else if (w.stop.aborted) {
        o.exit_code = exit_failure_threshold;
        o.error = w.stop.abort_reason;
        std::fprintf(stderr, "ringperf profile: aborted: %s\n", w.stop.abort_reason.c_str());
    } else if (merged.request_count() == 0) {
        log::error("no request succeeded: see the error summary above");
        o.exit_code = exit_all_failed;
        o.error = "no request succeeded";
    } else if (!gates_passed) {
        log::error(gate_failure);
        o.exit_code = exit_slo_failed;
        o.error = gate_failure;
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

engine::run_spec make_spec(const config::run_plan& plan, const run_context& ctx, run_inputs& in,
                           std::uint64_t seed) {
    engine::run_spec spec;
    spec.options = plan.engine;
    spec.urls = url_targets(plan, ctx.servers);
    spec.endpoint = plan.endpoint;
    spec.streaming = plan.endpoint.streaming;
    spec.conversations = &in.conversations;
    spec.requests = &in.requests;
    spec.sampling = in.sampling;
    spec.phases = in.phases;
    spec.cancellation_rate_percent = plan.load.cancellation_rate_percent.value_or(0);
    spec.cancellation_delay_s = plan.load.cancellation_delay_s;
    // AIPerf arms the threshold after max(concurrency, 10) profiling records.
    spec.failed_request_threshold = plan.load.failed_request_threshold;
    spec.failure_check_after = std::max<std::uint64_t>(plan.load.concurrency.value_or(1), 10);
    spec.seed = seed;
    spec.features = ctx.features;
    return spec;
}

// How the run's records are counted: from `usage` with --use-server-token-count, else with
// `counter` (the run's tokenizer; empty: none, and OSL is estimated).
stage_options counting_options(const config::run_plan& plan, token_counter counter) {
    stage_options o;
    o.counter = std::move(counter);
    o.use_server_token_count = plan.endpoint.use_server_token_count;
    o.threads = counting_threads_for(plan.engine.workers);
    return o;
}

void log_stage(const stage_stats& st) {
    log::debug("counting stage: " + std::to_string(st.records) + " records, " +
               std::to_string(st.texts_counted) + " texts counted, " +
               std::to_string(st.counting_cpu_ns / 1'000'000) + " ms of CPU");
    if (st.overflowed > 0)
        log::warn("token counting fell behind the workers: " + std::to_string(st.overflowed) +
                  " records waited in overflow queues (at most " +
                  std::to_string(st.peak_overflow) + " at once)" +
                  (st.stalls > 0 ? "; workers stalled " + std::to_string(st.stalls) + " times, " +
                                       std::to_string(st.stall_ns / 1'000'000) + " ms in all"
                                 : std::string()));
    if (st.count_failures > 0)
        log::error("the tokenizer failed on " + std::to_string(st.count_failures) +
                   " texts; those requests have no output token count");
    if (st.usage_missing > 0)
        log::warn("--use-server-token-count: the server sent no token usage for " +
                  std::to_string(st.usage_missing) +
                  " requests; their input and output sequence lengths are missing");
}

record_extras extras_for(const config::run_plan& plan, const std::string& spool_dir) {
    record_extras x;
    const auto& o = plan.output;
    x.spool_dir = spool_dir;
    x.raw = o.level == exporter::export_level::raw;
    x.outputs_json = x.raw || o.export_outputs_json;
    x.http_trace = o.export_http_trace;
    if (o.slice_duration_s)
        x.slice_ns = std::clamp<mono_ns>(
            static_cast<mono_ns>(std::min(*o.slice_duration_s, 1e9) * 1e9), 1, INT64_MAX / 4);
    return x;
}

std::string describe_targets(const run_context& ctx) {
    std::string out;
    for (const auto& srv : ctx.servers) {
        if (!out.empty()) out += ", ";
        out += srv.url.to_string() + srv.path.substr(srv.url.path.size()) + " (" +
               srv.address.to_string() + ")";
    }
    return out;
}

}  // namespace

result<run_context> preflight(const config::run_plan& plan) {
    run_context ctx;
    ctx.features = ring::probe();
    if (auto missing = ctx.features.missing_for_engine(); !missing.empty()) {
        std::string m = "this kernel lacks io_uring features ringperf needs:";
        for (const auto& f : missing)
            m += "\n  - " + f;
        return make_error(std::move(m));
    }
    auto servers = resolve_targets(plan);
    if (!servers) return servers.err();
    ctx.servers = std::move(*servers);
    return ctx;
}

result<void> load_run_tokenizer(const config::run_plan& plan, run_context& ctx) {
    hub::hub_options o;
    o.getenv = hub::process_environment();
    auto loaded = hub::load_run_tokenizer(plan.tokenizer, plan.endpoint.models, o);
    if (!loaded) {
        if (!plan.endpoint.use_server_token_count) return loaded.err();
        log::warn(loaded.message() +
                  "\n--use-server-token-count is set, so the run goes on without a tokenizer: "
                  "token counts come from the server and synthetic prompts are word lists of "
                  "about the requested length");
        return {};
    }
    for (const auto& w : loaded->warnings)
        log::warn(w);
    log::info("tokenizer: " + loaded->description);
    ctx.tokenizer = std::make_shared<const hub::loaded_tokenizer>(std::move(*loaded));
    return {};
}

run_outcome run_once(const config::run_plan& plan, const run_context& ctx,
                     const std::string& artifact_dir,
                     std::span<const exporter::json_field> extra_run_info) {
    const std::uint64_t seed = plan.input.random_seed.value_or(entropy_seed());
    auto metric_opts = metrics::make_metric_options(
        plan.output.goodput, plan.output.network_latency_mean_ms,
        plan.output.export_http_trace || plan.output.show_trace_timing,
        [](const char* name) -> const char* { return std::getenv(name); });
    if (!metric_opts) return setup_failure(exit_usage, metric_opts.message(), seed);
    run_inputs in;
    std::optional<dataset::tokenizer_codec> codec;
    if (ctx.tokenizer) codec.emplace(ctx.tokenizer->tok);
    if (auto r = prepare_inputs(plan, seed, in, codec ? &*codec : nullptr); !r)
        return setup_failure(exit_usage, r.message(), seed);
    in.requests = prepare_requests(plan, url_targets(plan, ctx.servers), in.conversations);
    engine::run_spec spec = make_spec(plan, ctx, in, seed);
    if (auto fits = engine::plan_run_capacity(spec); !fits)
        return setup_failure(exit_usage, fits.message(), seed);
    auto paths = open_artifacts(plan, artifact_dir);
    if (!paths) return setup_failure(exit_usage, paths.message(), seed);
    if (auto r = write_inputs_json(exporter::join_path(paths->dir, "inputs.json"), plan,
                                   in.conversations, in.requests);
        !r)
        log::error(r.message());
    log::info("benchmarking " + describe_targets(ctx) + ", artifacts in " + paths->dir);

    const wall_clock_map clock = wall_clock_map::capture();
    const bool records = plan.output.level != exporter::export_level::summary;
    record_outputs outs(clock, records ? paths->spool_dir : std::string());
    metric_opts->fixed_schedule = in.mode == engine::timing_mode::fixed_schedule;
    outs.set_metric_options(std::move(*metric_opts));
    outs.set_definition_sets(definition_sets_of(plan));
    outs.set_extras(extras_for(plan, paths->spool_dir));
    hlog_recorder hlog(exporter::join_path(paths->dir, "hlog"), plan.output.hlog_interval_s, clock);
    outs.attach_hlog(&hlog);
    token_counter counter;
    if (ctx.tokenizer) {
        counter = [tok = &ctx.tokenizer->tok](std::string_view text) { return tok->count(text); };
    }
    record_stage stage(outs, counting_options(plan, std::move(counter)));
    spec.make_sink = [&stage](std::uint32_t w) { return stage.make_sink(w); };
    spec.keep_text = stage.needs_text() || outs.extras().outputs_json;
    spec.keep_raw = outs.extras().raw;
    spec.keep_event_times = outs.has_definition_sets();
    const auto profiling_phase = static_cast<std::uint32_t>(spec.phases.size() - 1);

    engine::engine eng;
    run_window w;
    w.seed = seed;
    w.mode = in.mode;
    w.start = clock.to_wall(now_mono_ns());
    if (auto r = eng.start(std::move(spec)); !r)
        return setup_failure(exit_unreachable, r.message(), seed);
    const auto reports = drive(eng, plan, profiling_phase, w.stop);
    w.end = clock.to_wall(now_mono_ns());
    stage.finish();
    log_stage(stage.stats());
    (void)hlog.write_files(RINGPERF_VERSION);  // failures are logged
    return finish_run(plan, *paths, outs, reports, w, extra_run_info);
}

}  // namespace ringperf::cli
