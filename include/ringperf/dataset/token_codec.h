// The tokenizer as prompt generation sees it: text to token ids and back, and the special
// tokens that separate hash-id blocks. Prompt generation and the dataset loader take a codec
// so that prompts have exactly the requested number of tokens under the run's tokenizer.
//
// Thread-safety: every method is const and may be called from several threads at once;
// implementations keep no mutable state (or guard it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::dataset {

class token_codec {
  public:
    virtual ~token_codec() = default;

    // Appends the ids of `text` to `out`, without special tokens added around it (special
    // tokens written in the text are matched, as the tokenizer does).
    virtual void encode(std::string_view text, std::vector<std::uint32_t>& out) const = 0;
    // The text of `ids`; special tokens are left out when `skip_special_tokens`.
    virtual std::string decode(std::span<const std::uint32_t> ids,
                               bool skip_special_tokens) const = 0;
    virtual std::optional<std::uint32_t> bos_id() const = 0;
    virtual std::optional<std::uint32_t> eos_id() const = 0;

    // Number of tokens of `text` (encode() into a scratch vector).
    std::size_t count(std::string_view text) const {
        std::vector<std::uint32_t> ids;
        encode(text, ids);
        return ids.size();
    }
};

// A codec over a loaded tokenizer.json tokenizer, which must outlive it.
class tokenizer_codec final : public token_codec {
  public:
    explicit tokenizer_codec(const tokenizer::tokenizer& t) : t_(t) {}

    void encode(std::string_view text, std::vector<std::uint32_t>& out) const override {
        t_.encode(text, out);
    }
    std::string decode(std::span<const std::uint32_t> ids,
                       bool skip_special_tokens) const override {
        return t_.decode(ids, skip_special_tokens);
    }
    std::optional<std::uint32_t> bos_id() const override { return t_.bos_id(); }
    std::optional<std::uint32_t> eos_id() const override { return t_.eos_id(); }

  private:
    const tokenizer::tokenizer& t_;
};

}  // namespace ringperf::dataset
