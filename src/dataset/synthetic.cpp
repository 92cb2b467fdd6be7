#include "ringperf/dataset/synthetic.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <utility>

#include "text.h"

namespace ringperf::dataset {

std::vector<prompt> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed) {
    detail::prompt_maker maker(o, seed);
    std::vector<prompt> prompts;
    prompts.reserve(o.num_dataset_entries);
    for (std::uint32_t i = 0; i < o.num_dataset_entries; ++i)
        prompts.push_back(maker.next());
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
