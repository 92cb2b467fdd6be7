#include "ringperf/dataset/sampling.h"

#include <utility>

#include "ringperf/base/rng.h"

namespace ringperf::dataset {

std::string_view to_string(sampling_strategy s) {
    switch (s) {
        case sampling_strategy::sequential:
            return "sequential";
        case sampling_strategy::random:
            return "random";
        case sampling_strategy::shuffle:
            break;
    }
    return "shuffle";
}

std::uint64_t sampled_index(sampling_strategy s, std::uint64_t seed, std::uint64_t salt,
                            std::uint64_t number, std::uint64_t n) {
    if (s != sampling_strategy::random) return number % n;
    // A keyed draw rather than one stream: session n's pick does not depend on which worker
    // drew the sessions before it.
    std::uint64_t state = seed ^ salt ^ (number * 0x9e3779b97f4a7c15ULL) ^ 0x72616e646f6d0000ULL;
    rng r(splitmix64(state));
    return r.below(n);
}

void shuffled_pass(std::uint64_t seed, std::uint64_t salt, std::uint64_t epoch, std::uint32_t n,
                   std::vector<std::uint32_t>& out) {
    out.resize(n);
    for (std::uint32_t i = 0; i < n; ++i)
        out[i] = i;
    rng r = rng::derive(seed ^ salt ^ (epoch * 0x9e3779b97f4a7c15ULL), "dataset.order");
    for (std::size_t i = out.size(); i > 1; --i)
        std::swap(out[i - 1], out[r.below(i)]);
}

}  // namespace ringperf::dataset
