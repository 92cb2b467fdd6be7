// Process exit codes (documented in README.md and --help).
#pragma once

namespace ringperf::cli {

inline constexpr int exit_ok = 0;     // completed; results written
inline constexpr int exit_fatal = 1;  // a fatal error stopped the run; partial results written
inline constexpr int exit_usage = 2;  // bad command line or configuration; nothing run
inline constexpr int exit_unreachable = 3;  // server unreachable or engine cannot run here
inline constexpr int exit_all_failed = 4;   // completed, but no request succeeded
// --failed-request-threshold exceeded: the run was aborted; partial results written.
inline constexpr int exit_failure_threshold = 5;
// Completed, but an SLO gate of --fail-on failed (or named a metric the run did not measure);
// results written.
inline constexpr int exit_slo_failed = 6;
// `ringperf compare`: a compared metric regressed beyond its threshold.
inline constexpr int exit_regression = 7;
inline constexpr int exit_interrupted = 130;  // SIGINT/SIGTERM; partial results written

}  // namespace ringperf::cli
