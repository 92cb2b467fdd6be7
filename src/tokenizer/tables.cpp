#include "tables.h"

#include <algorithm>
#include <bit>

namespace ringperf::tokenizer::detail {

namespace {

constexpr std::uint64_t empty_slot = ~std::uint64_t{0};
constexpr std::size_t arena_chunk = 1U << 20;

std::size_t table_size_for(std::size_t n) {
    return std::bit_ceil(std::max<std::size_t>(16, n + n / 2 + 1));
}

}  // namespace

std::string_view string_arena::store(std::string_view s) {
    if (s.empty()) return {};
    if (used_ + s.size() > capacity_) {
        capacity_ = std::max(arena_chunk, s.size());
        chunks_.push_back(std::make_unique<char[]>(capacity_));
        used_ = 0;
    }
    char* dst = chunks_.back().get() + used_;
    std::memcpy(dst, s.data(), s.size());
    used_ += s.size();
    return {dst, s.size()};
}

void symbol_table::reserve(std::size_t n) {
    strs_.reserve(n);
    if (table_size_for(n) <= slots_.size()) return;
    const std::size_t size = table_size_for(n);
    slots_.assign(size, empty_slot);
    mask_ = size - 1;
    for (std::uint32_t sym = 0; sym < strs_.size(); ++sym) {
        const std::uint64_t h = hash_bytes(strs_[sym]);
        std::size_t i = h & mask_;
        while (slots_[i] != empty_slot)
            i = (i + 1) & mask_;
        slots_[i] = (h & 0xFFFFFFFF00000000ULL) | sym;
    }
}

void symbol_table::grow() {
    reserve(std::max<std::size_t>(16, strs_.size() * 2));
}

std::uint32_t symbol_table::find(std::string_view s, std::uint64_t hash) const noexcept {
    if (slots_.empty()) return no_sym;
    const std::uint64_t tag = hash & 0xFFFFFFFF00000000ULL;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
        const std::uint64_t v = slots_[i];
        if (v == empty_slot) return no_sym;
        if ((v & 0xFFFFFFFF00000000ULL) == tag) {
            const auto sym = static_cast<std::uint32_t>(v);
            if (strs_[sym] == s) return sym;
        }
    }
}

std::uint32_t symbol_table::intern(std::string_view s) {
    const std::uint64_t h = hash_bytes(s);
    if (const std::uint32_t found = find(s, h); found != no_sym) return found;
    if ((strs_.size() + 1) * 3 >= slots_.size() * 2) grow();
    const auto sym = static_cast<std::uint32_t>(strs_.size());
    strs_.push_back(arena_.store(s));
    std::size_t i = h & mask_;
    while (slots_[i] != empty_slot)
        i = (i + 1) & mask_;
    slots_[i] = (h & 0xFFFFFFFF00000000ULL) | sym;
    return sym;
}

void merge_map::reserve(std::size_t n) {
    if (table_size_for(n) <= slots_.size()) return;
    std::vector<slot> old = std::move(slots_);
    slots_.assign(table_size_for(n), slot{});
    mask_ = slots_.size() - 1;
    for (const slot& s : old) {
        if (s.key == empty_slot) continue;
        std::size_t i = mix64(s.key) & mask_;
        while (slots_[i].key != empty_slot)
            i = (i + 1) & mask_;
        slots_[i] = s;
    }
}

void merge_map::grow() {
    reserve(std::max<std::size_t>(16, count_ * 2));
}

void merge_map::assign(std::uint32_t left, std::uint32_t right, merge_result r) {
    if ((count_ + 1) * 3 >= slots_.size() * 2) grow();
    const std::uint64_t key = key_of(left, right);
    std::size_t i = mix64(key) & mask_;
    while (slots_[i].key != empty_slot && slots_[i].key != key)
        i = (i + 1) & mask_;
    if (slots_[i].key == empty_slot) ++count_;
    slots_[i] = slot{key, r};
}

merge_result merge_map::find(std::uint32_t left, std::uint32_t right) const noexcept {
    if (slots_.empty()) return {};
    const std::uint64_t key = key_of(left, right);
    for (std::size_t i = mix64(key) & mask_;; i = (i + 1) & mask_) {
        const slot& s = slots_[i];
        if (s.key == key) return s.value;
        if (s.key == empty_slot) return {};
    }
}

}  // namespace ringperf::tokenizer::detail
