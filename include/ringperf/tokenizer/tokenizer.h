// A Hugging Face `tokenizer.json` tokenizer: the normalizer, pre-tokenizer, BPE model,
// decoder and added tokens the file describes, with the same token ids the reference
// implementation (transformers.js, as packaged in @lenml/tokenizers) gives for the same file.
//
// Supported: BPE models (merges as "a b" strings or [a, b] pairs; byte_fallback, fuse_unk,
// unk_token, ignore_merges, end_of_word_suffix); normalizers NFC, NFD, NFKC, NFKD, Replace,
// Prepend, Lowercase, Strip, StripAccents, Sequence; pre-tokenizers Split, ByteLevel,
// Metaspace, Digits, Whitespace, WhitespaceSplit, Punctuation, Replace, Sequence; decoders
// ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, Sequence. Other types fail to
// load with an error naming the JSON path.
//
// Where the reference departs from the Hugging Face `tokenizers` library, this follows the
// reference: a Split keeps its delimiters as separate pieces whatever its `behavior` (unless
// `invert`, which keeps only the matches, or "Removed" with a regex, which drops them);
// Metaspace ignores `split`; BPE ignores `continuing_subword_prefix`; added tokens are matched
// longest first in the raw text, and `lstrip`/`rstrip` trim the whitespace beside them, but
// `single_word` and `normalized` change nothing; tokenizer_config.json's
// clean_up_tokenization_spaces (default true) applies to decode, and a LlamaTokenizer with
// "legacy": false gets the reference's leading-"▁" treatment.
//
// Thread-safety: a loaded tokenizer is immutable; encode(), count() and decode() may run
// concurrently on any number of threads. Set-up code (loading) allocates and may be slow
// (about 100 ms for a 150k-entry vocabulary). encode() allocates for its output and, on each
// thread, for a cache of recently encoded words (up to about 3 MB per thread, for each of the
// last 4 tokenizers the thread used; freed when the thread exits).
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
    // that file too. Errors name the path.
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

    // Text of `ids` (the reference's decode(ids, skip_special_tokens)); special tokens are
    // those added tokens marked special and the config's additional_special_tokens. Ids out
    // of range, or in range but given to no token, are skipped. Bytes that do not form valid
    // UTF-8 decode as U+FFFD.
    std::string decode(std::span<const token_id> ids, bool skip_special_tokens = true) const;

    std::optional<token_id> bos_id() const;
    std::optional<token_id> eos_id() const;
    // Number of ids: the model's vocabulary plus added tokens (largest id + 1; an id below
    // it may have no token).
    std::size_t vocab_size() const;
    // The token's text as stored in the vocabulary (e.g. "Ġthe"), or empty when out of range.
    // The view lives as long as the tokenizer.
    std::string_view id_to_token(token_id id) const;
    std::optional<token_id> token_to_id(std::string_view token) const;

    struct impl;

  private:
    explicit tokenizer(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

}  // namespace ringperf::tokenizer
