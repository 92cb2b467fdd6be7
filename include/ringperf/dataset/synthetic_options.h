// Options of the prompts a run sends: synthetic ones (lengths, pool size, multi-turn
// sessions) or a dataset file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ringperf::dataset {

enum class dataset_type { single_turn, multi_turn, mooncake_trace };

struct synthetic_options {
    double isl_mean = 550;           // --isl: prompt input tokens, mean
    double isl_stddev = 0;           // --isl-stddev
    std::optional<double> osl_mean;  // --osl: requested max output tokens (unset: none sent)
    double osl_stddev = 0;           // --osl-stddev
    std::uint32_t num_dataset_entries = 100;   // --num-dataset-entries: unique prompts
    std::optional<std::uint64_t> random_seed;  // --random-seed (unset: OS entropy)

    // Synthetic multi-turn sessions: turns per conversation ~ N(mean, stddev) rounded,
    // at least 1 (--conversation-turn-mean / -stddev); think time before every turn after
    // the first ~ N(mean, stddev) ms, at least 0, times the ratio
    // (--conversation-turn-delay-mean / -stddev / -ratio).
    double turn_mean = 1;
    double turn_stddev = 0;
    double turn_delay_mean_ms = 0;
    double turn_delay_stddev_ms = 0;
    double turn_delay_ratio = 1.0;

    // --input-file with --custom-dataset-type: prompts from a JSONL file instead.
    std::string input_file;
    dataset_type file_type = dataset_type::single_turn;
};

}  // namespace ringperf::dataset
