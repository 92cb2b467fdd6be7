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

}  // namespace config_test
