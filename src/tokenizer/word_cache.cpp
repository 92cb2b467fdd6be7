#include "word_cache.h"

#include <array>
#include <cstring>
#include <memory>

namespace ringperf::tokenizer::detail {

namespace {

constexpr std::size_t slot_count = 1U << 15;
constexpr std::size_t max_entries = slot_count / 2;
constexpr std::size_t max_key_bytes = 1U << 20;
constexpr std::size_t max_values = 1U << 18;
// Caches kept per thread: one per tokenizer in use, the least recently created replaced.
constexpr std::size_t caches_per_thread = 4;

struct thread_caches {
    std::array<std::unique_ptr<word_cache>, caches_per_thread> caches;
    std::array<std::uint64_t, caches_per_thread> instances{};
    std::size_t next_victim = 0;
};

}  // namespace

word_cache& word_cache::for_thread(std::uint64_t instance) {
    thread_local thread_caches tc;
    for (std::size_t i = 0; i < caches_per_thread; ++i) {
        if (tc.caches[i] && tc.instances[i] == instance) return *tc.caches[i];
    }
    const std::size_t v = tc.next_victim;
    tc.next_victim = (v + 1) % caches_per_thread;
    if (!tc.caches[v]) tc.caches[v] = std::make_unique<word_cache>();
    tc.instances[v] = instance;
    word_cache& c = *tc.caches[v];
    c.instance_ = instance;
    c.clear();
    return c;
}

void word_cache::clear() {
    slots_.assign(slot_count, entry{});
    keys_.clear();
    values_.clear();
    count_ = 0;
}

bool word_cache::find(std::string_view word, std::uint64_t key_hash,
                      std::vector<token_id>& out) const {
    key_hash |= 1;
    for (std::size_t i = key_hash & (slot_count - 1);; i = (i + 1) & (slot_count - 1)) {
        const entry& e = slots_[i];
        if (e.hash == 0) return false;
        if (e.hash == key_hash && e.key_length == word.size() &&
            std::memcmp(keys_.data() + e.key_offset, word.data(), word.size()) == 0) {
            out.insert(out.end(), values_.begin() + e.value_offset,
                       values_.begin() + e.value_offset + e.value_length);
            return true;
        }
    }
}

void word_cache::insert(std::string_view word, std::uint64_t key_hash,
                        std::span<const token_id> ids) {
    if (word.size() > max_cached_word || ids.size() > 0xFFFF) return;
    if (count_ >= max_entries || keys_.size() + word.size() > max_key_bytes ||
        values_.size() + ids.size() > max_values) {
        clear();
    }
    key_hash |= 1;
    std::size_t i = key_hash & (slot_count - 1);
    while (slots_[i].hash != 0)
        i = (i + 1) & (slot_count - 1);
    entry& e = slots_[i];
    e.hash = key_hash;
    e.key_offset = static_cast<std::uint32_t>(keys_.size());
    e.key_length = static_cast<std::uint16_t>(word.size());
    e.value_offset = static_cast<std::uint32_t>(values_.size());
    e.value_length = static_cast<std::uint16_t>(ids.size());
    keys_.insert(keys_.end(), word.begin(), word.end());
    values_.insert(values_.end(), ids.begin(), ids.end());
    ++count_;
}

}  // namespace ringperf::tokenizer::detail
