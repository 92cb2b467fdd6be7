// Synthetic prompts and conversations, as AIPerf's synthetic dataset shapes them: lengths
// drawn from normal distributions (or a --seq-dist mixture), text cut from a corpus with
// exactly the drawn number of tokens (prompt_source.h), optional prefix pool, shared
// system prompt and per-conversation user context.
//
// Without a tokenizer (the prompt_source of a null codec) the text is words from a
// built-in list, each a single token (also after a space) in GPT-2, Llama 3 and Qwen style
// BPE vocabularies, so a prompt of N words is about N tokens there (chat templates add
// their own tokens around it).
//
// Every function here is a pure function of its arguments: the same options, seed and
// tokenizer give the same prompts on any number of threads. Set-up code: allocates.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/base/rng.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/dataset/prompt_source.h"
#include "ringperf/dataset/synthetic_options.h"

namespace ringperf::dataset {

struct prompt {
    std::string text;                        // one text, or the turn's texts joined with '\n'
    std::vector<std::string> parts;          // the texts when there are two or more
    std::int64_t input_tokens = 0;           // exact tokens (sum over the parts)
    std::optional<std::int64_t> max_tokens;  // requested output tokens; none when OSL is unset
};

// The turns of synthetic data, one after the other, as make_synthetic_conversations() draws
// them: o.num_dataset_entries of them (no prefix, system or context prompt). Per turn:
//   - with o.seq_dist: one (ISL, OSL) pair (draw_seq_lengths(), stream "dataset.seq_dist");
//     every text of the turn has ISL tokens and max_tokens = OSL;
//   - else each of the o.prompt_batch_size texts has ceil(x) tokens, x ~ Normal(isl_mean,
//     isl_stddev) redrawn until x >= 0 (stddev 0: exactly ceil(isl_mean)), at least 1
//     (stream "dataset.isl"); max_tokens likewise from osl_mean/osl_stddev when osl_mean is
//     set (at least 1; stream "dataset.osl"), else none.
// Each text is cut from the source at an offset keyed by a draw of stream "dataset.text".
// o.random_seed is not read: the caller resolves it (or entropy) into `seed`.
// Preconditions (checked by the configuration layer): means and stddevs >= 0, batch >= 1.
result<std::vector<prompt>> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed,
                                                   const prompt_source& source,
                                                   unsigned threads = 0);
// The same with the built-in word list (cannot fail).
std::vector<prompt> make_synthetic_prompts(const synthetic_options& o, std::uint64_t seed);

// Synthetic conversations: o.num_dataset_entries of them, session ids "session_0",
// "session_1", ... Per conversation, turns = round(x) with x ~ Normal(turn_mean,
// turn_stddev) (no draw when the stddev is 0), at least 1 (stream "dataset.turns"). Every
// turn is drawn as make_synthetic_prompts() draws its turns, turn after turn across the
// conversations from the same streams, so with one turn per conversation and no prefix the
// turns are exactly make_synthetic_prompts(o, seed). Every turn after the first has
// delay_ms = max(0, y) * turn_delay_ratio with y ~ Normal(turn_delay_mean_ms,
// turn_delay_stddev_ms) (stream "dataset.turn_delay"; 0 when all are 0); no turn has a
// timestamp; timestamped is false.
//
// Prefix pool (o.num_prefix_prompts > 0 and o.prefix_prompt_length > 0): that many texts of
// exactly prefix_prompt_length tokens (stream "dataset.prefix_pool"); each text of a
// conversation's first turn is "<prefix> <prompt>", the prefix picked uniformly (stream
// "dataset.prefix"), cut so that the whole has exactly prefix_prompt_length + ISL tokens.
// o.shared_system_prompt_length: one system prompt of exactly that many tokens for every
// conversation (stream "dataset.system"). o.user_context_prompt_length: a context message
// of exactly that many tokens, its own for every conversation (stream "dataset.context").
// Fails only when the tokenizer cannot give an exact length (prompt_source::exact()).
result<conversation_set> make_synthetic_conversations(const synthetic_options& o,
                                                      std::uint64_t seed,
                                                      const prompt_source& source,
                                                      unsigned threads = 0);
// The same with the built-in word list (cannot fail).
conversation_set make_synthetic_conversations(const synthetic_options& o, std::uint64_t seed);

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
