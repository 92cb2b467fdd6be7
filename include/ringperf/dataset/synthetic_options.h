// Options of the prompts a run sends: synthetic ones (lengths, pool size, multi-turn
// sessions, prefixes and context prompts) or a dataset file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/dataset/sampling.h"
#include "ringperf/dataset/seq_dist.h"

namespace ringperf::dataset {

enum class dataset_type { single_turn, multi_turn, random_pool, mooncake_trace };

// --public-dataset: none, or ShareGPT read from --input-file.
enum class public_dataset { none, sharegpt };

struct synthetic_options {
    double isl_mean = 550;           // --isl: prompt input tokens, mean
    double isl_stddev = 0;           // --isl-stddev
    std::optional<double> osl_mean;  // --osl: requested max output tokens (unset: none sent)
    double osl_stddev = 0;           // --osl-stddev
    // --seq-dist: (ISL, OSL) pairs drawn per turn instead of isl/osl (empty: not used).
    std::vector<seq_dist_entry> seq_dist;
    std::uint32_t num_dataset_entries = 100;   // --num-dataset-entries: unique prompts
    std::optional<std::uint64_t> random_seed;  // --random-seed (unset: OS entropy)
    std::uint32_t prompt_batch_size = 1;       // --prompt-batch-size: texts per turn

    // --num-prefix-prompts prompts of --prefix-prompt-length tokens; each conversation's
    // first turn starts with one of them (both 0: none).
    std::uint32_t num_prefix_prompts = 0;
    std::uint32_t prefix_prompt_length = 0;
    // One system prompt of this many tokens shared by every conversation.
    std::optional<std::uint32_t> shared_system_prompt_length;
    // A user message of this many tokens, its own for every conversation, before the turns.
    std::optional<std::uint32_t> user_context_prompt_length;

    // Synthetic multi-turn sessions: turns per conversation ~ N(mean, stddev) rounded,
    // at least 1 (--conversation-turn-mean / -stddev); think time before every turn after
    // the first ~ N(mean, stddev) ms, at least 0, times the ratio
    // (--conversation-turn-delay-mean / -stddev / -ratio).
    double turn_mean = 1;
    double turn_stddev = 0;
    double turn_delay_mean_ms = 0;
    double turn_delay_stddev_ms = 0;
    double turn_delay_ratio = 1.0;

    // --input-file with --custom-dataset-type: prompts from a JSONL file (or, for
    // random_pool, a directory of them) instead; with --public-dataset sharegpt the file is
    // ShareGPT's JSON.
    std::string input_file;
    dataset_type file_type = dataset_type::single_turn;
    public_dataset public_set = public_dataset::none;
    // --isl-block-size: tokens per hash id of a mooncake_trace row.
    std::uint32_t isl_block_size = 512;

    // --dataset-sampling-strategy; unset: default_sampling() of these options.
    std::optional<sampling_strategy> sampling;
};

// AIPerf's default order: shuffle for synthetic prompts and random_pool files, sequential
// for the other files, ShareGPT and traces.
inline sampling_strategy default_sampling(const synthetic_options& o) {
    if (o.public_set != public_dataset::none) return sampling_strategy::sequential;
    if (o.input_file.empty() || o.file_type == dataset_type::random_pool)
        return sampling_strategy::shuffle;
    return sampling_strategy::sequential;
}

inline sampling_strategy effective_sampling(const synthetic_options& o) {
    return o.sampling.value_or(default_sampling(o));
}

}  // namespace ringperf::dataset
