#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "ringperf/dataset/loader.h"
#include "text.h"

namespace ringperf::dataset {

namespace {

std::size_t sample_turns(rng& r, const synthetic_options& o) {
    double x = o.turn_mean;
    if (o.turn_stddev > 0) x += o.turn_stddev * r.normal();
    return static_cast<std::size_t>(std::max(1.0, std::round(x)));
}

double sample_delay_ms(rng& r, const synthetic_options& o) {
    double x = o.turn_delay_mean_ms;
    if (o.turn_delay_stddev_ms > 0) x += o.turn_delay_stddev_ms * r.normal();
    return std::max(0.0, x) * o.turn_delay_ratio;
}

}  // namespace

conversation_set make_synthetic_conversations(const synthetic_options& o, std::uint64_t seed) {
    rng turns = rng::derive(seed, "dataset.turns");
    rng delays = rng::derive(seed, "dataset.turn_delay");
    // Prompts are drawn turn after turn from the same streams as make_synthetic_prompts(),
    // so one-turn conversations carry exactly its prompts.
    detail::prompt_maker prompts(o, seed);
    conversation_set set;
    set.conversations.reserve(o.num_dataset_entries);
    for (std::uint32_t i = 0; i < o.num_dataset_entries; ++i) {
        conversation c;
        c.session_id = "session_" + std::to_string(i);
        const std::size_t n = sample_turns(turns, o);
        c.turns.reserve(n);
        for (std::size_t t = 0; t < n; ++t) {
            prompt p = prompts.next();
            turn tu;
            tu.text = std::move(p.text);
            tu.input_tokens = p.input_tokens;
            tu.max_tokens = p.max_tokens;
            if (t > 0) tu.delay_ms = sample_delay_ms(delays, o);
            c.turns.push_back(std::move(tu));
        }
        set.conversations.push_back(std::move(c));
    }
    return set;
}

}  // namespace ringperf::dataset
