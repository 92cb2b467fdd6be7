// The BPE model: vocabulary, merges and the per-word merge loop, with the reference's
// handling of unknown pieces (byte fallback, unk token) and `ignore_merges`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/tokenizer/tokenizer.h"
#include "tables.h"

namespace ringperf::tokenizer::detail {

inline constexpr token_id no_token = 0xFFFFFFFFU;

struct bpe_options {
    bool byte_fallback = false;
    bool fuse_unk = false;
    bool ignore_merges = false;
    std::string end_of_word_suffix;
    std::string continuing_subword_suffix;
    std::optional<std::string> unk_token;
};

class bpe_model {
  public:
    explicit bpe_model(bpe_options opts);
    // Replaces the options; only before finish().
    void set_options(bpe_options opts) { opts_ = std::move(opts); }

    // Set-up, in this order: vocabulary entries, then merges, then added tokens, then finish().
    // add_vocab and add_token return the stored copy of the string, valid for the model's
    // lifetime.
    void reserve(std::size_t vocab, std::size_t merges);
    std::string_view add_vocab(std::string_view token, token_id id);
    void add_merge(std::string_view left, std::string_view right, std::uint32_t rank);
    std::string_view add_token(std::string_view content, token_id id);
    void finish();

    // Load-time batches of vocabulary entries and of merges, each the same as adding its
    // entries one by one in order: the lookups of a batch are started together, so the cache
    // misses of the large tables overlap instead of coming one after another.
    static constexpr std::size_t load_batch = 16;
    struct vocab_entry {
        std::string_view token;
        token_id id = 0;
        std::string_view stored;  // set by add_vocab_batch: add_vocab's result
    };
    void add_vocab_batch(std::span<vocab_entry> batch);
    struct merge_entry {
        std::string_view left, right;
        std::uint32_t rank = 0;
    };
    void add_merge_batch(std::span<const merge_entry> batch);

    // Id of a token string (vocabulary or added token), or no_token.
    token_id find(std::string_view token) const noexcept;
    const bpe_options& options() const noexcept { return opts_; }
    token_id unk_id() const noexcept { return unk_id_; }
    // When `raw_bytes` is set, `word` is UTF-8 text that the model first maps to the byte-level
    // alphabet (only valid while no suffix option is set: see raw_bytes_ok()).
    bool raw_bytes_ok() const noexcept {
        return opts_.end_of_word_suffix.empty() && opts_.continuing_subword_suffix.empty();
    }

    // Appends the ids of one pre-token. Unknown tokens are fused by the caller (fuse_unk).
    void encode_word(std::string_view word, bool raw_bytes, std::vector<token_id>& out) const;
    // Cached form of encode_word for short words; safe to call concurrently. A long word is
    // first cut where no merge can join its two sides (before a "▁" that follows a character
    // no merged token has just before a "▁"), so its parts can be cached too.
    void encode_word_cached(std::string_view word, bool raw_bytes,
                            std::vector<token_id>& out) const;

    // Per-thread working memory of encode_word.
    struct scratch;

  private:
    struct node {
        std::uint32_t sym;
        std::uint32_t begin;
        std::uint32_t end;
        std::uint32_t prev;
        std::uint32_t next;
    };

    void initial_nodes(std::string_view word, bool raw_bytes, scratch& s) const;
    void merge_small(scratch& s) const;
    void merge_large(scratch& s) const;
    void emit(std::string_view word, bool raw_bytes, scratch& s, std::vector<token_id>& out) const;
    void emit_unknown(std::string_view token, std::vector<token_id>& out) const;
    void emit_with_suffix(std::string_view word, scratch& s, std::vector<token_id>& out) const;
    void note_joined_before_meta(std::string_view joined);
    void encode_short_cached(std::string_view word, bool raw_bytes,
                             std::vector<token_id>& out) const;
    bool split_long_word(std::string_view word, std::vector<token_id>& out) const;

    bpe_options opts_;
    symbol_table symbols_;
    table_vector<token_id> sym_id_;  // output id of each symbol, or no_token
    merge_map merges_;
    std::uint32_t byte_sym_[256] = {};
    token_id byte_token_[256] = {};
    token_id unk_id_ = no_token;
    std::uint64_t instance_ = 0;
    // Characters some merged token has right before a "▁" (sorted), and whether long words
    // may be cut before a "▁" at all.
    std::vector<char32_t> joined_before_meta_;
    bool can_split_ = false;
};

}  // namespace ringperf::tokenizer::detail
