#include "lengths.h"

#include <cmath>

namespace ringperf::dataset::detail {

std::int64_t sample_length(rng& r, double mean, double stddev) {
    if (stddev <= 0) return static_cast<std::int64_t>(std::ceil(mean));
    double x = 0;
    do {
        x = mean + stddev * r.normal();
    } while (x < 0);
    return static_cast<std::int64_t>(std::ceil(x));
}

}  // namespace ringperf::dataset::detail
