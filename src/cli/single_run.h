// One benchmark of `ringperf profile`: prepared requests -> engine -> exports, into one
// artifact directory. Repeated runs and sweeps (orchestrate.h) call it once per benchmark.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "prepare.h"
#include "ringperf/base/result.h"
#include "ringperf/config/config.h"
#include "ringperf/export/summary_report.h"
#include "ringperf/hub/load.h"
#include "ringperf/metrics/summary.h"
#include "ringperf/ring/probe.h"

namespace ringperf::cli {

// What the pre-flight established once per invocation and every benchmark reuses.
struct run_context {
    ring::features features;
    std::vector<target> servers;  // one per --url, in order
    // The run's tokenizer (prompts of exact length, client-side token counts); null only
    // with --use-server-token-count when none could be loaded (see load_run_tokenizer).
    std::shared_ptr<const hub::loaded_tokenizer> tokenizer;
};

// Checks the kernel's io_uring features and that the plan's servers answer (one connect
// each, and a TLS handshake for https). The error says what is missing or which URL failed and
// why; the caller reports it and exits with exit_unreachable. Blocking, up to the connect
// timeout.
result<run_context> preflight(const config::run_plan& plan);

// Loads the tokenizer named by --tokenizer (default: the first --model; builtin for
// AIPerf's placeholder model names) into ctx.tokenizer, once per invocation, and logs
// where it came from and any warning. With --use-server-token-count a tokenizer that cannot
// be loaded is a warning, not an error: the server's counts serve, and synthetic prompts
// fall back to word-count lengths. Otherwise the error names the tokenizer and what to do;
// the caller reports it and exits with exit_usage.
result<void> load_run_tokenizer(const config::run_plan& plan, run_context& ctx);

struct run_outcome {
    int exit_code = 0;  // exit_codes.h: exit_ok only when the run completed and succeeded
    // Stopped by SIGINT/SIGTERM; the files hold partial results (was_cancelled).
    bool interrupted = false;
    // The engine ran and the summary was computed: `results` is what the exports hold (partial
    // when interrupted or after a fatal error). False when set-up failed before the engine
    // started; nothing but the directory, run.toml and the log may exist then.
    bool ran = false;
    // The run's summary in display units; each metric_info is the catalogue's (static), so
    // the entries stay valid after the run.
    std::vector<metrics::metric_result> results;
    // One line saying why exit_code is not exit_ok; empty when it is.
    std::string error;
    std::uint64_t seed = 0;  // the seed the run used
};

// Runs `plan` as one benchmark against ctx.servers and writes its files (summary CSV and
// JSON, per-request JSONL, run.toml, logs/ringperf.log) into `artifact_dir`, created with
// its parents; prints the run's console report. `plan` must describe a single benchmark:
// sweep lists are ignored and num_profile_runs is not looked at. The seed is
// plan.input.random_seed, or a fresh one from the OS when unset. `extra_run_info` is added
// to the summary JSON's run_info (already-serialized JSON values).
//
// The caller installs the stop signals (signals.h) first: a SIGINT/SIGTERM during the run
// stops it, writes the partial results and gives exit_interrupted; so does exceeding
// --failed-request-threshold, with exit_failure_threshold. Set-up problems found
// here (no prompts, a directory that cannot be made, an invalid schedule) give exit_usage;
// an engine that cannot start gives exit_unreachable. Messages go to stderr and the log.
run_outcome run_once(const config::run_plan& plan, const run_context& ctx,
                     const std::string& artifact_dir,
                     std::span<const exporter::json_field> extra_run_info = {});

}  // namespace ringperf::cli
