// Length draws shared by synthetic prompts, sequence distributions and the file loader.
// Internal to the dataset module.
#pragma once

#include <cstdint>

#include "ringperf/base/rng.h"

namespace ringperf::dataset::detail {

// AIPerf's rule: ceil(x) with x ~ Normal(mean, stddev), redrawn while x < 0; stddev <= 0
// gives ceil(mean) without drawing.
std::int64_t sample_length(rng& r, double mean, double stddev);

}  // namespace ringperf::dataset::detail
