#pragma once

#include <cstdint>
#include <optional>

namespace ringperf::dataset {

struct synthetic_options {
    double isl_mean = 550;           // --isl: prompt input tokens, mean
    double isl_stddev = 0;           // --isl-stddev
    std::optional<double> osl_mean;  // --osl: requested max output tokens (unset: none sent)
    double osl_stddev = 0;           // --osl-stddev
    std::uint32_t num_dataset_entries = 100;   // --num-dataset-entries: unique prompts
    std::optional<std::uint64_t> random_seed;  // --random-seed (unset: OS entropy)
};

}  // namespace ringperf::dataset
