#include "text.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "ringperf/dataset/synthetic.h"

namespace ringperf::dataset::detail {

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

prompt_maker::prompt_maker(const synthetic_options& o, std::uint64_t seed)
    : isl_mean_(o.isl_mean),
      isl_stddev_(o.isl_stddev),
      osl_mean_(o.osl_mean),
      osl_stddev_(o.osl_stddev),
      isl_(rng::derive(seed, "dataset.isl")),
      osl_(rng::derive(seed, "dataset.osl")),
      text_(rng::derive(seed, "dataset.text")) {}

prompt prompt_maker::next() {
    prompt p;
    p.input_tokens = std::max<std::int64_t>(1, sample_length(isl_, isl_mean_, isl_stddev_));
    p.text = make_text(text_, p.input_tokens);
    // Servers reject a zero output limit.
    if (osl_mean_)
        p.max_tokens = std::max<std::int64_t>(1, sample_length(osl_, *osl_mean_, osl_stddev_));
    return p;
}

std::int64_t count_words(std::string_view text) {
    std::int64_t n = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space =
            c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

}  // namespace ringperf::dataset::detail
