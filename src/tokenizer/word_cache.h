// A per-thread cache of the ids of short pre-tokens, one per model instance. Each thread
// has its own, so lookups take no lock; a full cache is emptied and refilled.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::tokenizer::detail {

inline constexpr std::size_t max_cached_word = 255;

class word_cache {
  public:
    // The calling thread's cache for model `instance` (a process-unique number).
    static word_cache& for_thread(std::uint64_t instance);

    // The cached ids of `word`, or false. `key_hash` must be hash_bytes(word) mixed with
    // anything else that changes the result.
    bool find(std::string_view word, std::uint64_t key_hash, std::vector<token_id>& out) const;
    void insert(std::string_view word, std::uint64_t key_hash, std::span<const token_id> ids);

  private:
    struct entry {
        std::uint64_t hash = 0;  // 0: empty
        std::uint32_t key_offset = 0;
        std::uint32_t value_offset = 0;
        std::uint16_t key_length = 0;
        std::uint16_t value_length = 0;
    };
    void clear();

    std::uint64_t instance_ = 0;
    std::vector<entry> slots_;
    std::vector<char> keys_;
    std::vector<token_id> values_;
    std::size_t count_ = 0;
};

}  // namespace ringperf::tokenizer::detail
