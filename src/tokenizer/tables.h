// Flat hash tables for the BPE model: interned strings (symbols) and merge pairs. Built once
// at load time, then read concurrently without locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace ringperf::tokenizer::detail {

inline constexpr std::uint32_t no_sym = 0xFFFFFFFFU;

// Allocation of the big load-time tables: blocks of 2 MiB and more are aligned and marked for
// transparent huge pages, so that filling them takes a few page faults instead of thousands.
void* allocate_table(std::size_t bytes);
void free_table(void* p) noexcept;

struct table_free {
    void operator()(void* p) const noexcept { free_table(p); }
};

template <typename T>
struct table_allocator {
    using value_type = T;
    table_allocator() = default;
    template <typename U>
    table_allocator(const table_allocator<U>&) noexcept {}  // NOLINT implicit
    T* allocate(std::size_t n) { return static_cast<T*>(allocate_table(n * sizeof(T))); }
    void deallocate(T* p, std::size_t) noexcept { free_table(p); }
    template <typename U>
    bool operator==(const table_allocator<U>&) const noexcept {
        return true;
    }
};

template <typename T>
using table_vector = std::vector<T, table_allocator<T>>;

inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 32;
    return x;
}

inline std::uint64_t hash_bytes(std::string_view s) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    while (n >= 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    }
    return mix64(h);
}

// Owns copies of strings; the views it returns stay valid for its lifetime (moves included).
class string_arena {
  public:
    std::string_view store(std::string_view s);

  private:
    struct chunk_free {
        void operator()(char* p) const noexcept { free_table(p); }
    };
    std::vector<std::unique_ptr<char, chunk_free>> chunks_;
    std::size_t used_ = 0;
    std::size_t capacity_ = 0;
};

// Interned strings numbered 0..size()-1 in order of first insertion.
class symbol_table {
  public:
    void reserve(std::size_t n);
    std::uint32_t find(std::string_view s) const noexcept { return find(s, hash_bytes(s)); }
    std::uint32_t find(std::string_view s, std::uint64_t hash) const noexcept;
    std::uint32_t intern(std::string_view s) { return intern(s, hash_bytes(s)); }
    // `hash` must be hash_bytes(s).
    std::uint32_t intern(std::string_view s, std::uint64_t hash);
    // Load-time hint: starts fetching the slot a string with this hash probes first.
    void prefetch(std::uint64_t hash) const noexcept {
        if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
    }
    std::string_view str(std::uint32_t sym) const noexcept { return strs_[sym]; }
    std::size_t size() const noexcept { return strs_.size(); }

  private:
    // The first bytes of the string live in the slot, so that most probes compare without
    // touching the string itself.
    static constexpr std::size_t inline_bytes = 10;
    struct slot {
        std::uint32_t sym = no_sym;
        std::uint16_t length = 0;
        char prefix[inline_bytes] = {};
    };
    static slot make_slot(std::uint32_t sym, std::string_view s) noexcept;
    bool matches(const slot& sl, std::string_view s) const noexcept;
    void place(std::uint32_t sym, std::uint64_t hash);
    void grow();

    string_arena arena_;
    table_vector<std::string_view> strs_;
    table_vector<slot> slots_;
    std::size_t mask_ = 0;
};

struct merge_result {
    std::uint32_t rank = no_sym;
    std::uint32_t merged = no_sym;
};

// (left symbol, right symbol) -> rank and merged symbol.
class merge_map {
  public:
    void reserve(std::size_t n);
    // A pair given twice keeps the later rank, as a JS Map built from the list does.
    void assign(std::uint32_t left, std::uint32_t right, merge_result r);
    merge_result find(std::uint32_t left, std::uint32_t right) const noexcept;
    std::size_t size() const noexcept { return count_; }
    // Load-time hint: starts fetching the slot the pair probes first.
    void prefetch(std::uint32_t left, std::uint32_t right) const noexcept {
        if (!slots_.empty()) __builtin_prefetch(&slots_[mix64(key_of(left, right)) & mask_]);
    }

  private:
    struct slot {
        std::uint64_t key = ~std::uint64_t{0};
        merge_result value;
    };
    void grow();
    static std::uint64_t key_of(std::uint32_t l, std::uint32_t r) noexcept {
        return (std::uint64_t{l} << 32) | r;
    }

    table_vector<slot> slots_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

}  // namespace ringperf::tokenizer::detail
