#include "ringperf/dataset/synthetic.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <utility>

#include "lengths.h"
#include "text_jobs.h"

namespace ringperf::dataset {

namespace {

using detail::text_job;

// What one synthetic turn draws, in stream order; its texts are cut afterwards, in bulk.
struct turn_draw {
    std::vector<std::int64_t> isl;    // tokens per text
    std::vector<std::uint64_t> keys;  // corpus offset key per text
    std::optional<std::int64_t> max_tokens;
};

class turn_drawer {
  public:
    turn_drawer(const synthetic_options& o, std::uint64_t seed)
        : o_(o),
          isl_(rng::derive(seed, "dataset.isl")),
          osl_(rng::derive(seed, "dataset.osl")),
          text_(rng::derive(seed, "dataset.text")),
          seq_(rng::derive(seed, "dataset.seq_dist")) {}

    turn_draw next() {
        turn_draw d;
        const std::uint32_t texts = std::max<std::uint32_t>(1, o_.prompt_batch_size);
        if (!o_.seq_dist.empty()) {
            const seq_lengths l = draw_seq_lengths(o_.seq_dist, seq_);
            d.isl.assign(texts, l.isl);
            d.max_tokens = l.osl;
        } else {
            for (std::uint32_t i = 0; i < texts; ++i)
                d.isl.push_back(std::max<std::int64_t>(
                    1, detail::sample_length(isl_, o_.isl_mean, o_.isl_stddev)));
            // Servers reject a zero output limit.
            if (o_.osl_mean)
                d.max_tokens = std::max<std::int64_t>(
                    1, detail::sample_length(osl_, *o_.osl_mean, o_.osl_stddev));
        }
        for (std::uint32_t i = 0; i < texts; ++i)
            d.keys.push_back(text_.next());
        return d;
    }

  private:
    const synthetic_options& o_;
    rng isl_, osl_, text_, seq_;
};

// A turn whose parts are filled by jobs; parts always hold the texts until finish_turn().
void plan_turn(turn& t, const turn_draw& d, std::vector<text_job>& jobs,
               const std::vector<std::string>* prefixes, rng* prefix_pick,
               std::int64_t prefix_tokens) {
    t.parts.resize(d.isl.size());
    t.max_tokens = d.max_tokens;
    t.input_tokens = 0;
    for (std::size_t i = 0; i < d.isl.size(); ++i) {
        text_job j;
        j.target = d.isl[i];
        j.key = d.keys[i];
        j.out = &t.parts[i];
        if (prefixes != nullptr) {
            j.head = (*prefixes)[prefix_pick->below(prefixes->size())] + " ";
            j.target += prefix_tokens;
        }
        t.input_tokens += j.target;
        jobs.push_back(std::move(j));
    }
}

void finish_turn(turn& t) {
    if (t.parts.size() == 1) {
        t.text = std::move(t.parts.front());
        t.parts.clear();
        return;
    }
    t.text.clear();
    for (const auto& p : t.parts) {
        if (!t.text.empty()) t.text.push_back('\n');
        t.text += p;
    }
}

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

// The prompts every conversation shares: the prefix pool and the system prompt.
struct shared_prompts {
    std::vector<std::string> prefixes;
    std::string system;
};

result<shared_prompts> make_shared(const synthetic_options& o, std::uint64_t seed,
                                   const prompt_source& source, unsigned threads) {
    shared_prompts s;
    std::vector<text_job> jobs;
    if (o.num_prefix_prompts > 0 && o.prefix_prompt_length > 0) {
        rng pool = rng::derive(seed, "dataset.prefix_pool");
        s.prefixes.resize(o.num_prefix_prompts);
        for (auto& p : s.prefixes)
            jobs.push_back({o.prefix_prompt_length, pool.next(), {}, &p, false});
    }
    if (o.shared_system_prompt_length && *o.shared_system_prompt_length > 0)
        jobs.push_back({*o.shared_system_prompt_length,
                        rng::derive(seed, "dataset.system").next(),
                        {},
                        &s.system,
                        false});
    if (auto r = detail::run_text_jobs(source, jobs, threads); !r) return r.err();
    return s;
}

}  // namespace

result<std::vector<prompt>> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed,
                                                   const prompt_source& source, unsigned threads) {
    turn_drawer draws(o, seed);
    std::vector<turn> turns(o.num_dataset_entries);
    std::vector<text_job> jobs;
    for (turn& t : turns)
        plan_turn(t, draws.next(), jobs, nullptr, nullptr, 0);
    if (auto r = detail::run_text_jobs(source, jobs, threads); !r) return r.err();
    std::vector<prompt> out;
    out.reserve(turns.size());
    for (turn& t : turns) {
        finish_turn(t);
        out.push_back({std::move(t.text), std::move(t.parts), t.input_tokens, t.max_tokens});
    }
    return out;
}

std::vector<prompt> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed) {
    const prompt_source words(nullptr);
    auto out = make_synthetic_prompts(o, seed, words);
    assert(out.ok());
    return std::move(*out);
}

result<conversation_set> make_synthetic_conversations(const synthetic_options& o,
                                                      std::uint64_t seed,
                                                      const prompt_source& source,
                                                      unsigned threads) {
    auto shared = make_shared(o, seed, source, threads);
    if (!shared) return shared.err();
    const std::int64_t system_tokens = shared->system.empty() ? 0 : source.count(shared->system);
    rng turns = rng::derive(seed, "dataset.turns");
    rng delays = rng::derive(seed, "dataset.turn_delay");
    rng prefix_pick = rng::derive(seed, "dataset.prefix");
    rng context = rng::derive(seed, "dataset.context");
    turn_drawer draws(o, seed);
    const std::vector<std::string>* prefixes =
        shared->prefixes.empty() ? nullptr : &shared->prefixes;
    const std::int64_t context_len = o.user_context_prompt_length.value_or(0);

    conversation_set set;
    set.conversations.resize(o.num_dataset_entries);
    std::vector<text_job> jobs;
    for (std::uint32_t i = 0; i < o.num_dataset_entries; ++i) {
        conversation& c = set.conversations[i];
        c.session_id = "session_" + std::to_string(i);
        c.system = shared->system;
        c.system_tokens = system_tokens;
        if (context_len > 0) {
            jobs.push_back({context_len, context.next(), {}, &c.context, false});
            c.context_tokens = context_len;
        }
        c.turns.resize(sample_turns(turns, o));
        for (std::size_t t = 0; t < c.turns.size(); ++t) {
            plan_turn(c.turns[t], draws.next(), jobs, t == 0 ? prefixes : nullptr, &prefix_pick,
                      o.prefix_prompt_length);
            if (t > 0) c.turns[t].delay_ms = sample_delay_ms(delays, o);
        }
    }
    if (auto r = detail::run_text_jobs(source, jobs, threads); !r) return r.err();
    for (auto& c : set.conversations)
        for (auto& t : c.turns)
            finish_turn(t);
    return set;
}

conversation_set make_synthetic_conversations(const synthetic_options& o, std::uint64_t seed) {
    const prompt_source words(nullptr);
    auto out = make_synthetic_conversations(o, seed, words);
    assert(out.ok());
    return std::move(*out);
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
