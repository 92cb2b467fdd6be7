// The tokenizer stand-in used when a run has no tokenizer: every whitespace-separated word
// is one token, texts are words joined by single spaces, and the corpus is a fixed
// pseudo-random sequence of the built-in words (synthetic_words()). Internal to the dataset
// module.
#pragma once

#include <cstdint>
#include <vector>

#include "ringperf/dataset/token_codec.h"

namespace ringperf::dataset::detail {

class word_codec final : public token_codec {
  public:
    // A known word's id is its index in synthetic_words(); any other word is unknown_id.
    static constexpr std::uint32_t unknown_id = 0xffffffffu;

    void encode(std::string_view text, std::vector<std::uint32_t>& out) const override;
    // Known words joined by single spaces; unknown ids are left out.
    std::string decode(std::span<const std::uint32_t> ids, bool skip_special_tokens) const override;
    std::optional<std::uint32_t> bos_id() const override { return std::nullopt; }
    std::optional<std::uint32_t> eos_id() const override { return std::nullopt; }
};

// The word corpus: 65,536 word ids drawn uniformly from a fixed seed.
std::vector<std::uint32_t> word_corpus();

}  // namespace ringperf::dataset::detail
