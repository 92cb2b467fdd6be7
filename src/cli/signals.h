// SIGINT/SIGTERM handling: the first signal asks the run to stop and write what it has;
// a second one ends the process at once.
#pragma once

namespace ringperf::cli {

void install_stop_signals();
// The signal number that asked to stop, or 0.
int stop_signal();

}  // namespace ringperf::cli
