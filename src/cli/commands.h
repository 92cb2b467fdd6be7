#pragma once

#include <string>
#include <vector>

namespace ringperf::cli {

// Each returns the process exit code (exit_codes.h). `args` excludes the subcommand.
int run_profile(const std::vector<std::string>& args);
int run_mock(const std::vector<std::string>& args);
int run_tokenize(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
int run_merge(const std::vector<std::string>& args);  // merge_command.cpp
int run_version();

}  // namespace ringperf::cli
