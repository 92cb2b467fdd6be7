// Synthetic prompts, as AIPerf's synthetic dataset shapes them (ISL and OSL drawn from
// normal distributions), with text that needs no tokenizer: words from a built-in list, each
// a single token (also after a space) in GPT-2, Llama 3 and Qwen style BPE vocabularies, so a
// prompt of N words is about N tokens (exactly N for the vocabularies the list was checked
// against; chat templates add their own tokens around it).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/dataset/synthetic_options.h"

namespace ringperf::dataset {

struct prompt {
    std::string text;  // lowercase words joined by single spaces, no leading/trailing space
    std::int64_t input_tokens = 0;           // estimate: the word count
    std::optional<std::int64_t> max_tokens;  // requested output tokens; none when OSL is unset
};

// o.num_dataset_entries prompts. Per prompt, ISL = ceil(x) with x ~ Normal(isl_mean,
// isl_stddev) redrawn until x >= 0 (stddev 0 gives ceil(isl_mean) exactly), at least 1 word;
// max_tokens likewise from osl_mean/osl_stddev when osl_mean is set (at least 1, because
// servers reject a zero limit), else none. The same (options, seed) always gives the same
// prompts: lengths and words come from the named streams "dataset.isl", "dataset.osl" and
// "dataset.text" of rng::derive(seed, ...). o.random_seed is not read: the caller resolves it
// (or entropy) into `seed`. Precondition: isl_mean >= 0, osl_mean >= 0, stddevs >= 0 (checked
// by the configuration layer). Set-up code: allocates, not for the hot path.
std::vector<prompt> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed);

// Samples dataset indices the way AIPerf does for synthetic data by default: a shuffled pass
// over all n indices without replacement, reshuffled when exhausted, so every index is used
// once per epoch of n calls. Deterministic for a seed (stream "dataset.sampler"). Not
// thread-safe; one sampler per consumer.
class prompt_sampler {
  public:
    // Precondition: n > 0.
    prompt_sampler(std::size_t n, std::uint64_t seed);
    // An index in [0, n).
    std::size_t next();

  private:
    void shuffle();

    std::vector<std::size_t> order_;
    std::size_t pos_ = 0;
    rng rng_;
};

// The built-in word list (lowercase ASCII, no duplicates).
std::span<const std::string_view> synthetic_words();

}  // namespace ringperf::dataset
