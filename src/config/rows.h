// The rows of the `profile` option table, one function per TOML section; profile_table()
// joins them in the order below, which is the order of the dumps. Internal to the config
// module.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "ringperf/config/option_table.h"

namespace ringperf::config::detail {

using profile_rows = std::vector<option<run_plan>>;

inline constexpr std::int64_t u32_max = std::numeric_limits<std::uint32_t>::max();

profile_rows tokenizer_rows();  // [tokenizer]
profile_rows input_rows();      // [input]
profile_rows load_rows();       // [load]
profile_rows warmup_rows();     // [warmup]
profile_rows multi_run_rows();  // [multi_run]

}  // namespace ringperf::config::detail
