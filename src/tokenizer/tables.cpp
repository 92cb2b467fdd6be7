#include "tables.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <new>

namespace ringperf::tokenizer::detail {

namespace {

constexpr std::uint64_t empty_slot = ~std::uint64_t{0};
constexpr std::size_t arena_chunk = 2U << 20;
constexpr std::size_t huge_page = 2U << 20;

std::size_t table_size_for(std::size_t n) {
    return std::bit_ceil(std::max<std::size_t>(16, n + n / 2 + 1));
}

}  // namespace

void* allocate_table(std::size_t bytes) {
    if (bytes < huge_page) {
        void* p = std::malloc(bytes == 0 ? 1 : bytes);
        if (p == nullptr) throw std::bad_alloc();
        return p;
    }
    const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    void* p = std::aligned_alloc(huge_page, rounded);
    if (p == nullptr) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);
    return p;
}

void free_table(void* p) noexcept {
    std::free(p);
}

std::string_view string_arena::store(std::string_view s) {
    if (s.empty()) return {};
    if (used_ + s.size() > capacity_) {
        capacity_ = std::max(arena_chunk, s.size());
        chunks_.emplace_back(static_cast<char*>(allocate_table(capacity_)));
        used_ = 0;
    }
    char* dst = chunks_.back().get() + used_;
    std::memcpy(dst, s.data(), s.size());
    used_ += s.size();
    return {dst, s.size()};
}

symbol_table::slot symbol_table::make_slot(std::uint32_t sym, std::string_view s) noexcept {
    slot sl;
    sl.sym = sym;
    sl.length = static_cast<std::uint16_t>(std::min<std::size_t>(s.size(), 0xFFFF));
    std::memcpy(sl.prefix, s.data(), std::min(s.size(), inline_bytes));
    return sl;
}

bool symbol_table::matches(const slot& sl, std::string_view s) const noexcept {
    if (sl.length != std::min<std::size_t>(s.size(), 0xFFFF)) return false;
    const std::size_t head = std::min(s.size(), inline_bytes);
    if (std::memcmp(sl.prefix, s.data(), head) != 0) return false;
    return s.size() <= inline_bytes || strs_[sl.sym] == s;
}

void symbol_table::place(std::uint32_t sym, std::uint64_t hash) {
    std::size_t i = hash & mask_;
    while (slots_[i].sym != no_sym)
        i = (i + 1) & mask_;
    slots_[i] = make_slot(sym, strs_[sym]);
}

void symbol_table::reserve(std::size_t n) {
    strs_.reserve(n);
    if (table_size_for(n) <= slots_.size()) return;
    const std::size_t size = table_size_for(n);
    slots_.assign(size, slot{});
    mask_ = size - 1;
    for (std::uint32_t sym = 0; sym < strs_.size(); ++sym)
        place(sym, hash_bytes(strs_[sym]));
}

void symbol_table::grow() {
    reserve(std::max<std::size_t>(16, strs_.size() * 2));
}

std::uint32_t symbol_table::find(std::string_view s, std::uint64_t hash) const noexcept {
    if (slots_.empty()) return no_sym;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
        const slot& sl = slots_[i];
        if (sl.sym == no_sym) return no_sym;
        if (matches(sl, s)) return sl.sym;
    }
}

std::uint32_t symbol_table::intern(std::string_view s, std::uint64_t h) {
    if (const std::uint32_t found = find(s, h); found != no_sym) return found;
    if ((strs_.size() + 1) * 3 >= slots_.size() * 2) grow();
    const auto sym = static_cast<std::uint32_t>(strs_.size());
    strs_.push_back(arena_.store(s));
    place(sym, h);
    return sym;
}

void merge_map::reserve(std::size_t n) {
    if (table_size_for(n) <= slots_.size()) return;
    table_vector<slot> old = std::move(slots_);
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
