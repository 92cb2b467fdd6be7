// Prompt texts and token counts computed in bulk, on several threads, with results that do
// not depend on the thread count. Internal to the dataset module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/dataset/prompt_source.h"

namespace ringperf::dataset::detail {

// One exact text to cut: source.exact(target, key, head) into *out.
struct text_job {
    std::int64_t target = 0;
    std::uint64_t key = 0;
    std::string head;
    std::string* out = nullptr;
    bool hash_block = false;  // source.hash_block(target, key) instead (head unused)
    std::string error;        // set when the text could not be cut
};

// Runs every job; the first failure (in job order) is returned, and every failed job has
// its error set.
result<void> run_text_jobs(const prompt_source& source, std::vector<text_job>& jobs,
                           unsigned threads);

// *out = source.count(text) for every pair.
struct count_job {
    std::string_view text;
    std::int64_t* out = nullptr;
};
void run_count_jobs(const prompt_source& source, const std::vector<count_job>& jobs,
                    unsigned threads);

}  // namespace ringperf::dataset::detail
