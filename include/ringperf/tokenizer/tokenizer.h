// A Hugging Face `tokenizer.json` tokenizer: the normalizer, pre-tokenizer, BPE model,
// decoder and added tokens the file describes, with the same token ids the reference
// implementation gives for the same file.
//
// Thread-safety: a loaded tokenizer is immutable; encode(), count() and decode() may run
// concurrently on any number of threads. Set-up code (loading) allocates and may be slow
// (tens of milliseconds for a 150k-entry vocabulary); encode() allocates only for its
// output and its per-call scratch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"

namespace ringperf::tokenizer {

using token_id = std::uint32_t;

class tokenizer {
  public:
    // Loads `tokenizer.json` text. `origin` names the source in error messages (a path, or
    // "builtin"). `config_json`, when not empty, is the text of the matching
    // tokenizer_config.json: its bos_token and eos_token name the special tokens bos_id()
    // and eos_id() return. Errors name the origin and the JSON path of what is wrong or
    // unsupported, e.g. "tokenizer.json: model.type \"WordPiece\" is not supported".
    static result<tokenizer> from_json(std::string_view tokenizer_json, std::string_view origin,
                                       std::string_view config_json = {});
    // Reads `path` (a tokenizer.json file) and, when a tokenizer_config.json lies beside it,
    // that file too.
    static result<tokenizer> from_file(const std::string& path);

    tokenizer(tokenizer&&) noexcept;
    tokenizer& operator=(tokenizer&&) noexcept;
    ~tokenizer();

    // Token ids of `text` without special tokens (the reference's
    // encode(text, add_special_tokens=False)). Added tokens that appear in the text are
    // matched as the reference matches them. Invalid UTF-8 is read as U+FFFD per bad byte.
    std::vector<token_id> encode(std::string_view text) const;
    // Appends the ids of `text` to `out`.
    void encode(std::string_view text, std::vector<token_id>& out) const;
    // encode(text).size(), without keeping the ids.
    std::size_t count(std::string_view text) const;

    // Text of `ids` (the reference's decode(ids, skip_special_tokens)). Ids out of range
    // are skipped.
    std::string decode(std::span<const token_id> ids, bool skip_special_tokens = true) const;

    std::optional<token_id> bos_id() const;
    std::optional<token_id> eos_id() const;
    // Number of ids: the model's vocabulary plus added tokens (largest id + 1).
    std::size_t vocab_size() const;
    // The token's text as stored in the vocabulary (e.g. "Ġthe"), or empty when out of range.
    std::string_view id_to_token(token_id id) const;
    std::optional<token_id> token_to_id(std::string_view token) const;

    struct impl;

  private:
    explicit tokenizer(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::tokenizer
