#include "ringperf/dataset/synthetic.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <utility>

namespace ringperf::dataset {

namespace {

// AIPerf's rule: ceil of a normal draw, redrawn while negative.
std::int64_t sample_length(rng& r, double mean, double stddev) {
    if (stddev <= 0) return static_cast<std::int64_t>(std::ceil(mean));
    double x = 0;
    do {
        x = mean + stddev * r.normal();
    } while (x < 0);
    return static_cast<std::int64_t>(std::ceil(x));
}

std::string make_text(rng& r, std::int64_t n_words) {
    const std::span<const std::string_view> words = synthetic_words();
    std::string text;
    text.reserve(static_cast<std::size_t>(n_words) * 7);
    for (std::int64_t i = 0; i < n_words; ++i) {
        if (i > 0) text.push_back(' ');
        text.append(words[r.below(words.size())]);
    }
    return text;
}

}  // namespace

std::vector<prompt> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed) {
    rng isl = rng::derive(seed, "dataset.isl");
    rng osl = rng::derive(seed, "dataset.osl");
    rng text = rng::derive(seed, "dataset.text");
    std::vector<prompt> prompts;
    prompts.reserve(o.num_dataset_entries);
    for (std::uint32_t i = 0; i < o.num_dataset_entries; ++i) {
        prompt p;
        p.input_tokens = std::max<std::int64_t>(1, sample_length(isl, o.isl_mean, o.isl_stddev));
        p.text = make_text(text, p.input_tokens);
        if (o.osl_mean)
            p.max_tokens = std::max<std::int64_t>(1, sample_length(osl, *o.osl_mean, o.osl_stddev));
        prompts.push_back(std::move(p));
    }
    return prompts;
}

prompt_sampler::prompt_sampler(std::size_t n, std::uint64_t seed)
    : order_(n), rng_(rng::derive(seed, "dataset.sampler")) {
    assert(n > 0);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    shuffle();
}

std::size_t prompt_sampler::next() {
    if (order_.empty()) return 0;
    if (pos_ == order_.size()) shuffle();
    return order_[pos_++];
}

// Fisher-Yates with our own generator: std::shuffle's result differs between standard
// libraries, and runs must repeat from a seed.
void prompt_sampler::shuffle() {
    for (std::size_t i = order_.size(); i > 1; --i)
        std::swap(order_[i - 1], order_[rng_.below(i)]);
    pos_ = 0;
}

}  // namespace ringperf::dataset
