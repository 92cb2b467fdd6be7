// Child processes for end-to-end tests: spawn the ringperf binary, collect its output and
// exit status, with hard time bounds so a hung child fails the test instead of CI.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace ringperf::testing {

struct run_result {
    int exit_code = -1;  // 128 + signal when killed by one
    std::string out;
    std::string err;
};

class child {
  public:
    // Starts `argv` with stdout/stderr going to files in `dir`.
    child(const std::vector<std::string>& argv, const std::string& dir, const std::string& name);
    ~child();
    child(const child&) = delete;
    child& operator=(const child&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig);
    // Waits up to `limit`; kills the child (SIGKILL) when it is exceeded.
    run_result wait(std::chrono::milliseconds limit);

  private:
    pid_t pid_ = -1;
    std::string out_path_, err_path_;
    bool reaped_ = false;
};

// Runs to completion within `limit`.
run_result run(const std::vector<std::string>& argv, const std::string& dir,
               const std::string& name, std::chrono::milliseconds limit);

std::string make_temp_dir();
std::string read_text(const std::string& path);
// Polls for a non-empty file for up to `limit`; returns its content ("" on timeout).
std::string wait_for_file(const std::string& path, std::chrono::milliseconds limit);
// A loopback TCP port nothing listens on (bound, then released).
int unused_port();

}  // namespace ringperf::testing
