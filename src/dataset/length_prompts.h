// The prompts of trace rows given by length (mooncake "input_length", with or without
// "hash_ids"). Internal to the dataset module.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jsonl.h"
#include "ringperf/dataset/prompt_source.h"
#include "rows.h"

namespace ringperf::dataset::detail {

// Fills t.text and t.input_tokens of every turn in `turns` (file order) that has an
// input_length, as load_dataset_file() describes; turns that cannot be built are reported
// in `problems` under `file` and their line.
void build_length_prompts(const std::vector<row_turn*>& turns, const std::string& file,
                          const prompt_source& source, std::uint64_t seed, std::int64_t block_size,
                          problem_list& problems, unsigned threads);

}  // namespace ringperf::dataset::detail
