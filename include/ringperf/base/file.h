// Files written so that a reader never sees half of one: content goes to a temporary file
// in the same directory, is flushed, then renamed over the target.
#pragma once

#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf {

result<void> write_file_atomic(const std::string& path, std::string_view content);
// Creates `path` and its missing parents (mode 0755). Succeeds if it already exists.
result<void> make_dirs(const std::string& path);
result<std::string> read_file(const std::string& path);

}  // namespace ringperf
