// The loaded tokenizer: every stage of the pipeline and the tables decode needs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "added_tokens.h"
#include "bpe.h"
#include "components.h"
#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::tokenizer {

struct tokenizer::impl {
    impl() : model(detail::bpe_options{}) {}

    std::unique_ptr<detail::normalizer> normalizer;
    std::unique_ptr<detail::pre_tokenizer> pre_tokenizer;
    // The pre-tokenizer leaves the byte-level mapping to the model.
    bool raw_bytes = false;
    detail::bpe_model model;
    std::vector<detail::added_token> added;
    detail::added_token_splitter splitter;
    std::unique_ptr<detail::decoder> decoder;

    // Decode tables, by id: the token's string (empty view for ids no token has) and whether
    // it is present and whether skip_special_tokens drops it.
    detail::table_vector<std::string_view> id_to_token;
    std::vector<std::uint8_t> present;
    std::vector<std::uint8_t> special;

    // From tokenizer_config.json.
    std::optional<token_id> bos;
    std::optional<token_id> eos;
    bool clean_up_spaces = true;
    bool remove_space = false;
    // LlamaTokenizer with "legacy": false: the text gets a leading "▁" and its own "▁"s become
    // spaces; a lone leading "▁" token before a special token is dropped.
    bool llama_non_legacy = false;

    void encode(std::string_view text, std::vector<token_id>& out) const;
    void encode_text(std::string_view text, std::vector<token_id>& out) const;
    void encode_section(std::string_view text, std::size_t index, std::vector<token_id>& out) const;
    std::string decode(std::span<const token_id> ids, bool skip_special) const;
};

namespace detail {

// Builds the tokenizer from tokenizer.json (and tokenizer_config.json when not empty). When
// `padded`, `json` is followed by at least SIMDJSON_PADDING readable bytes and is parsed in
// place; otherwise it is copied first.
result<std::unique_ptr<tokenizer::impl>> load(std::string_view json, bool padded,
                                              std::string_view origin,
                                              std::string_view config_json);

}  // namespace detail

}  // namespace ringperf::tokenizer
