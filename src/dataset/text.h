// Pieces shared by the synthetic prompts and the dataset loader: length sampling and text
// made of the built-in words. Internal to the dataset module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ringperf/base/rng.h"
#include "ringperf/dataset/synthetic.h"

namespace ringperf::dataset::detail {

// ceil(x) with x ~ Normal(mean, stddev), redrawn while x < 0; stddev <= 0 gives
// ceil(mean) without drawing.
std::int64_t sample_length(rng& r, double mean, double stddev);

// n_words words drawn from the built-in list (one draw each), joined by single spaces.
std::string make_text(rng& r, std::int64_t n_words);

// Draws synthetic prompts one at a time, in the order make_synthetic_prompts() does: its
// lengths and words come from the streams "dataset.isl", "dataset.osl" and "dataset.text".
class prompt_maker {
  public:
    prompt_maker(const synthetic_options& o, std::uint64_t seed);
    prompt next();

  private:
    double isl_mean_, isl_stddev_;
    std::optional<double> osl_mean_;
    double osl_stddev_;
    rng isl_, osl_, text_;
};

// Whitespace-separated words in `text`: the prompt's token estimate.
std::int64_t count_words(std::string_view text);

}  // namespace ringperf::dataset::detail
