// Shared helpers for the config tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/config/config.h"

namespace config_test {

using ringperf::config::run_plan;

// Parses `args` as `ringperf profile` flags with `env` as the whole environment.
inline ringperf::result<run_plan> profile(const std::vector<std::string>& args,
                                          std::map<std::string, std::string> env = {}) {
    return ringperf::config::parse_profile(args, [env](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
}

// `args` with the model every profile run needs put first.
inline std::vector<std::string> with_model(std::vector<std::string> args) {
    args.insert(args.begin(), {"-m", "x"});
    return args;
}

// The error message of `args` (given a model); fails the test when they are accepted.
inline std::string error_of(const std::vector<std::string>& args) {
    auto p = profile(with_model(args));
    EXPECT_FALSE(p.ok()) << args.front() << " was accepted";
    return p.ok() ? "" : p.message();
}

inline ringperf::result<ringperf::mock::mock_options> mock(const std::vector<std::string>& args) {
    return ringperf::config::parse_mock(args);
}

// Test data directory (tests/data/config), passed by meson.
inline std::string data(const std::string& name) {
    const char* dir = std::getenv("RINGPERF_CONFIG_TEST_DATA");
    EXPECT_NE(dir, nullptr) << "RINGPERF_CONFIG_TEST_DATA is not set";
    return std::string(dir ? dir : ".") + "/" + name;
}

// Writes `content` to a fresh file under the test temp directory and returns its path.
inline std::string temp_file(const std::string& name, const std::string& content) {
    const std::string path =
        ::testing::TempDir() + "ringperf_config_" + std::to_string(::getpid()) + "_" + name;
    auto w = ringperf::write_file_atomic(path, content);
    EXPECT_TRUE(w.ok()) << w.message();
    return path;
}

// Every option of the fixed-schedule, warmup, multi-run, cancellation and conversation groups
// set away from its default, in one valid command line.
inline std::vector<std::string> schedule_run() {
    return {"-m",
            "x",
            "--streaming",
            "--concurrency",
            "10,20,40",
            "--prefill-concurrency",
            "4",
            "--concurrency-ramp-duration",
            "5",
            "--prefill-concurrency-ramp-duration",
            "2.5",
            "--num-sessions",
            "50",
            "--request-cancellation-rate",
            "12.5",
            "--request-cancellation-delay",
            "0.25",
            "--failed-request-threshold",
            "0.1",
            "--input-file",
            data("trace.jsonl"),
            "--custom-dataset-type",
            "mooncake_trace",
            "--fixed-schedule",
            "--fixed-schedule-start-offset",
            "100",
            "--fixed-schedule-end-offset",
            "9000",
            "--fixed-schedule-speedup",
            "2",
            "--warmup-request-count",
            "8",
            "--warmup-duration",
            "3",
            "--warmup-concurrency",
            "2",
            "--warmup-prefill-concurrency",
            "1",
            "--warmup-request-rate",
            "4",
            "--warmup-arrival-pattern",
            "gamma",
            "--warmup-grace-period",
            "inf",
            "--warmup-concurrency-ramp-duration",
            "1",
            "--warmup-prefill-concurrency-ramp-duration",
            "0.5",
            "--warmup-request-rate-ramp-duration",
            "1.5",
            "--num-profile-runs",
            "3",
            "--profile-run-cooldown-seconds",
            "2",
            "--confidence-level",
            "0.9",
            "--no-profile-run-disable-warmup-after-first",
            "--parameter-sweep-cooldown-seconds",
            "1",
            "--parameter-sweep-same-seed",
            "--conversation-turn-mean",
            "3",
            "--conversation-turn-stddev",
            "1",
            "--conversation-turn-delay-mean",
            "250",
            "--conversation-turn-delay-stddev",
            "50",
            "--conversation-turn-delay-ratio",
            "0.5"};
}

}  // namespace config_test
