// Prompt text with an exact token count, cut from a tokenized corpus as AIPerf cuts it.
//
// AIPerf tokenizes its corpus once (lines stripped, blank lines dropped, the lines joined
// with spaces into chunks of at least 10,000 characters, each chunk encoded on its own and
// the ids concatenated), takes N consecutive ids at a random offset (wrapping around the
// end) and decodes them; re-encoding that text can give a few tokens more or fewer. Here the
// text is adjusted until it re-encodes to exactly N: the slice is lengthened or shortened by
// the difference and decoded again, a few times, and if that does not settle the same is
// tried from other offsets derived from the same key. The search is bounded and a pure
// function of (codec, corpus, N, key), so prompts repeat exactly for a seed on any number of
// threads.
//
// Without a tokenizer the source uses the built-in word list instead (synthetic.h): its
// "corpus" is a fixed pseudo-random sequence of those words, a token is a
// whitespace-separated word, and texts are words joined by single spaces.
//
// Thread-safety: after construction every method is const and safe to call from several
// threads at once (the codec must be too). Set-up code: allocates.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/dataset/token_codec.h"

namespace ringperf::dataset {

// The built-in corpus: Shakespeare's sonnets (src/dataset/corpus/README.md).
std::string_view builtin_corpus_text();

// `text` tokenized as AIPerf tokenizes its corpus (see above), the chunks encoded on up to
// `threads` threads (0: the hardware's, at most 8); the result does not depend on the
// thread count.
std::vector<std::uint32_t> tokenize_corpus(const token_codec& codec, std::string_view text,
                                           unsigned threads = 0);

class prompt_source {
  public:
    // The built-in corpus tokenized with `codec`, which must outlive the source; null: the
    // built-in word list.
    explicit prompt_source(const token_codec* codec, unsigned threads = 0);
    // Any corpus text (at least one token) tokenized with `codec`.
    prompt_source(const token_codec& codec, std::string_view corpus_text, unsigned threads = 0);
    prompt_source(prompt_source&&) noexcept;
    prompt_source& operator=(prompt_source&&) noexcept;
    ~prompt_source();

    const token_codec& codec() const { return *codec_; }
    // True when no tokenizer was given (the word list).
    bool word_list() const { return owned_ != nullptr; }
    std::span<const std::uint32_t> corpus() const { return corpus_; }

    // Tokens of `text` under the codec.
    std::int64_t count(std::string_view text) const;

    // `head` followed by text cut from the corpus, so that the whole encodes to exactly
    // `target` tokens (the head counts too; target >= count(head)). The cut starts at an
    // offset derived from `key`. Fails only when no offset tried gives the exact count (a
    // tokenizer whose decoded slices never re-encode to the length asked for).
    result<std::string> exact(std::int64_t target, std::uint64_t key,
                              std::string_view head = {}) const;

    // The text of a hash-id block of `n` >= 1 tokens: the separator token's text (BOS, else
    // EOS, decoded with special tokens kept) followed by exact text of n - 1 tokens, or,
    // when the tokenizer has neither, exact text of n tokens. Equal (n, key) give equal text.
    result<std::string> hash_block(std::int64_t n, std::uint64_t key) const;
    // The separator's text; empty when there is none.
    const std::string& block_separator() const { return separator_; }

  private:
    void init_separator();

    std::unique_ptr<token_codec> owned_;  // the word list's codec, when no tokenizer is given
    const token_codec* codec_ = nullptr;
    std::vector<std::uint32_t> corpus_;
    std::string separator_;
};

}  // namespace ringperf::dataset
