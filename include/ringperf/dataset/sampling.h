// Which conversation a session takes (--dataset-sampling-strategy), as a pure function of
// the seed, a salt and the session number, so the order is the same on any number of workers.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace ringperf::dataset {

enum class sampling_strategy {
    sequential,  // session n takes conversation n mod N
    random,      // a uniform draw per session, with replacement
    shuffle,     // a shuffled pass over all N, reshuffled for every pass (no replacement)
};

// "sequential", "random", "shuffle".
std::string_view to_string(sampling_strategy s);

// The conversation of session `number` under `sequential` or `random`, of `n` > 0. `salt`
// separates independent orders drawn from one seed (e.g. warmup and profiling).
std::uint64_t sampled_index(sampling_strategy s, std::uint64_t seed, std::uint64_t salt,
                            std::uint64_t number, std::uint64_t n);

// `shuffle`: pass `epoch` over n > 0 conversations, sessions epoch*n .. epoch*n + n - 1 in
// order: out[i] is the conversation of session epoch*n + i. Replaces `out`'s content.
void shuffled_pass(std::uint64_t seed, std::uint64_t salt, std::uint64_t epoch, std::uint32_t n,
                   std::vector<std::uint32_t>& out);

}  // namespace ringperf::dataset
