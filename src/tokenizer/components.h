// The pipeline stages a tokenizer.json describes: normalizers, pre-tokenizers and decoders,
// each with the reference's behaviour. Built by the loader; immutable afterwards, so shared
// by all threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pattern.h"

namespace ringperf::tokenizer::detail {

class normalizer {
  public:
    virtual ~normalizer() = default;
    virtual void apply(std::string& text) const = 0;
};

// Pre-tokens: byte ranges of `buf`.
struct piece_list {
    std::string buf;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;

    std::string_view at(std::size_t i) const {
        return std::string_view(buf).substr(spans[i].first, spans[i].second - spans[i].first);
    }
};

class pre_tokenizer {
  public:
    virtual ~pre_tokenizer() = default;
    // `section_index` is the index of the text's section in the added-token split.
    virtual void apply(piece_list& pieces, std::size_t section_index) const = 0;
};

class decoder {
  public:
    virtual ~decoder() = default;
    virtual void apply(std::vector<std::string>& tokens) const = 0;
};

// Normalizers.
std::unique_ptr<normalizer> make_replace_normalizer(pattern p, std::string content);
std::unique_ptr<normalizer> make_prepend_normalizer(std::string prefix);
std::unique_ptr<normalizer> make_unicode_normalizer(int form);  // 0 NFC, 1 NFD, 2 NFKC, 3 NFKD
std::unique_ptr<normalizer> make_lowercase_normalizer();
std::unique_ptr<normalizer> make_strip_normalizer(bool left, bool right);
std::unique_ptr<normalizer> make_strip_accents_normalizer();
std::unique_ptr<normalizer> make_sequence_normalizer(std::vector<std::unique_ptr<normalizer>> s);

// Pre-tokenizers.
enum class split_behavior { removed, isolated, merged_with_previous, merged_with_next, contiguous };
std::unique_ptr<pre_tokenizer> make_split(pattern p, split_behavior b, bool invert);
// With `deferred`, the byte-level mapping is left to the model (raw-bytes mode).
std::unique_ptr<pre_tokenizer> make_byte_level(bool add_prefix_space, std::optional<pattern> re,
                                               bool deferred);
enum class prepend_scheme { first, always, never };
// Spaces become `str_rep` (the replacement when empty), which is also what is prepended to a
// piece that does not start with `replacement` already.
std::unique_ptr<pre_tokenizer> make_metaspace(std::string replacement, std::string str_rep,
                                              bool add_prefix_space, prepend_scheme scheme);
std::unique_ptr<pre_tokenizer> make_digits(bool individual);
std::unique_ptr<pre_tokenizer> make_whitespace();
std::unique_ptr<pre_tokenizer> make_whitespace_split();
std::unique_ptr<pre_tokenizer> make_punctuation();
std::unique_ptr<pre_tokenizer> make_replace_pre_tokenizer(pattern p, std::string content);
std::unique_ptr<pre_tokenizer> make_sequence_pre_tokenizer(
    std::vector<std::unique_ptr<pre_tokenizer>> s);

// Decoders. `added` lists the added tokens' contents: the byte-level decoder passes them
// through unchanged.
std::unique_ptr<decoder> make_byte_level_decoder(std::vector<std::string> added);
std::unique_ptr<decoder> make_metaspace_decoder(std::string replacement, bool add_prefix_space);
std::unique_ptr<decoder> make_replace_decoder(pattern p, std::string content);
std::unique_ptr<decoder> make_byte_fallback_decoder();
std::unique_ptr<decoder> make_fuse_decoder();
std::unique_ptr<decoder> make_strip_decoder(std::string content, std::size_t start,
                                            std::size_t stop);
std::unique_ptr<decoder> make_sequence_decoder(std::vector<std::unique_ptr<decoder>> s);

// The reference's clean-up of English tokenization artefacts (" ." -> "." and so on).
std::string clean_up_tokenization(std::string_view text);

}  // namespace ringperf::tokenizer::detail
