#include "bpe.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <utility>

#include "byte_level.h"
#include "ringperf/tokenizer/utf8.h"
#include "word_cache.h"

namespace ringperf::tokenizer::detail {

namespace {

constexpr std::uint32_t end_link = 0xFFFFFFFFU;
constexpr std::uint32_t dead_link = 0xFFFFFFFEU;
// Words with more symbols than this merge through a heap; shorter ones by a linear scan,
// which is faster for the few symbols a pre-tokenized word has.
constexpr std::size_t small_word = 24;

std::atomic<std::uint64_t> next_instance{1};

constexpr std::string_view meta = "\xE2\x96\x81";

struct heap_entry {
    std::uint64_t key;  // rank << 32 | left
    std::uint32_t right;
    std::uint32_t left_sym;
    std::uint32_t right_sym;
    std::uint32_t merged;
};

// Lowest rank first; among equal ranks, the leftmost pair (the reference breaks ties by the
// position of the left symbol's first character).
bool heap_after(const heap_entry& a, const heap_entry& b) {
    return a.key > b.key;
}

// The code point that ends just before byte `pos` of valid UTF-8 text.
char32_t previous_code_point(std::string_view s, std::size_t pos) {
    std::size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0U) == 0x80U)
        --start;
    return decode_utf8(s, start).cp;
}

}  // namespace

struct bpe_model::scratch {
    std::vector<node> nodes;
    std::vector<merge_result> pair;  // pair[i]: merge of nodes[i] with its successor
    std::vector<heap_entry> heap;
    std::string word;
    std::string token;
};

namespace {

bpe_model::scratch& thread_scratch() {
    thread_local bpe_model::scratch s;
    return s;
}

}  // namespace

bpe_model::bpe_model(bpe_options opts)
    : opts_(std::move(opts)), instance_(next_instance.fetch_add(1)) {}

void bpe_model::reserve(std::size_t vocab, std::size_t merges) {
    symbols_.reserve(vocab);
    sym_id_.reserve(vocab);
    merges_.reserve(merges);
}

std::string_view bpe_model::add_vocab(std::string_view token, token_id id) {
    const std::uint32_t sym = symbols_.intern(token);
    if (sym >= sym_id_.size()) sym_id_.resize(sym + 1, no_token);
    sym_id_[sym] = id;
    return symbols_.str(sym);
}

void bpe_model::add_merge(std::string_view left, std::string_view right, std::uint32_t rank) {
    const merge_entry one{left, right, rank};
    add_merge_batch(std::span<const merge_entry>(&one, 1));
}

void bpe_model::note_joined_before_meta(std::string_view joined) {
    for (std::size_t p = joined.find(meta, 1); p != std::string_view::npos;
         p = joined.find(meta, p + 1)) {
        const char32_t before = previous_code_point(joined, p);
        if (before != U'\u2581') joined_before_meta_.push_back(before);
    }
}

void bpe_model::add_vocab_batch(std::span<vocab_entry> batch) {
    std::array<std::uint64_t, load_batch> hash{};
    const std::size_t n = std::min(batch.size(), load_batch);
    for (std::size_t i = 0; i < n; ++i) {
        hash[i] = hash_bytes(batch[i].token);
        symbols_.prefetch(hash[i]);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t sym = symbols_.intern(batch[i].token, hash[i]);
        if (sym >= sym_id_.size()) sym_id_.resize(sym + 1, no_token);
        sym_id_[sym] = batch[i].id;
        batch[i].stored = symbols_.str(sym);
    }
    if (batch.size() > n) add_vocab_batch(batch.subspan(n));
}

void bpe_model::add_merge_batch(std::span<const merge_entry> batch) {
    const std::size_t n = std::min(batch.size(), load_batch);
    std::array<std::uint64_t, 3 * load_batch> hash{};
    std::array<std::size_t, load_batch + 1> joined_at{};
    std::string joined;
    for (std::size_t i = 0; i < n; ++i) {
        joined.append(batch[i].left).append(batch[i].right);
        joined_at[i + 1] = joined.size();
    }
    const auto joined_of = [&](std::size_t i) {
        return std::string_view(joined).substr(joined_at[i], joined_at[i + 1] - joined_at[i]);
    };
    for (std::size_t i = 0; i < n; ++i) {
        hash[3 * i] = hash_bytes(batch[i].left);
        hash[3 * i + 1] = hash_bytes(batch[i].right);
        hash[3 * i + 2] = hash_bytes(joined_of(i));
        for (std::size_t k = 0; k < 3; ++k)
            symbols_.prefetch(hash[3 * i + k]);
    }
    std::array<std::uint32_t, 3 * load_batch> sym{};
    for (std::size_t i = 0; i < n; ++i) {
        sym[3 * i] = symbols_.intern(batch[i].left, hash[3 * i]);
        sym[3 * i + 1] = symbols_.intern(batch[i].right, hash[3 * i + 1]);
        sym[3 * i + 2] = symbols_.intern(joined_of(i), hash[3 * i + 2]);
        merges_.prefetch(sym[3 * i], sym[3 * i + 1]);
    }
    for (std::size_t i = 0; i < n; ++i) {
        merges_.assign(sym[3 * i], sym[3 * i + 1], merge_result{batch[i].rank, sym[3 * i + 2]});
        note_joined_before_meta(joined_of(i));
    }
    if (batch.size() > n) add_merge_batch(batch.subspan(n));
}

std::string_view bpe_model::add_token(std::string_view content, token_id id) {
    return add_vocab(content, id);
}

void bpe_model::finish() {
    sym_id_.resize(symbols_.size(), no_token);
    const byte_level_tables& t = byte_level();
    for (unsigned b = 0; b < 256; ++b) {
        byte_sym_[b] = symbols_.find(std::string_view(t.utf8[b].data(), t.utf8_len[b]));
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        byte_token_[b] = find(name);
    }
    if (opts_.unk_token) unk_id_ = find(*opts_.unk_token);
    std::sort(joined_before_meta_.begin(), joined_before_meta_.end());
    joined_before_meta_.erase(std::unique(joined_before_meta_.begin(), joined_before_meta_.end()),
                              joined_before_meta_.end());
    can_split_ = symbols_.find(meta) != no_sym && !opts_.ignore_merges && raw_bytes_ok();
}

token_id bpe_model::find(std::string_view token) const noexcept {
    const std::uint32_t sym = symbols_.find(token);
    return sym == no_sym ? no_token : sym_id_[sym];
}

void bpe_model::initial_nodes(std::string_view word, bool raw_bytes, scratch& s) const {
    s.nodes.clear();
    auto push = [&](std::uint32_t sym, std::size_t begin, std::size_t end) {
        const auto i = static_cast<std::uint32_t>(s.nodes.size());
        s.nodes.push_back(node{sym, static_cast<std::uint32_t>(begin),
                               static_cast<std::uint32_t>(end), i == 0 ? end_link : i - 1, i + 1});
    };
    if (raw_bytes) {
        for (std::size_t i = 0; i < word.size(); ++i) {
            push(byte_sym_[static_cast<unsigned char>(word[i])], i, i + 1);
        }
    } else {
        const std::size_t suffix = opts_.end_of_word_suffix.size();
        const std::size_t chars_end = word.size() - suffix;
        for (std::size_t i = 0; i < chars_end;) {
            std::size_t len = decode_utf8(word, i).length;
            const std::size_t end = i + len >= chars_end ? word.size() : i + len;
            push(symbols_.find(word.substr(i, end - i)), i, end);
            i += len;
        }
    }
    s.nodes.back().next = end_link;
}

void bpe_model::merge_small(scratch& s) const {
    auto& n = s.nodes;
    s.pair.resize(n.size());
    auto rank_of = [&](std::uint32_t i) {
        const std::uint32_t j = n[i].next;
        s.pair[i] = (j == end_link || n[i].sym == no_sym || n[j].sym == no_sym)
                        ? merge_result{}
                        : merges_.find(n[i].sym, n[j].sym);
    };
    for (std::uint32_t i = 0; i < n.size(); ++i)
        rank_of(i);
    for (;;) {
        std::uint32_t best = end_link;
        std::uint32_t best_rank = no_sym;
        for (std::uint32_t i = 0; i != end_link; i = n[i].next) {
            if (s.pair[i].rank < best_rank) best_rank = s.pair[i].rank, best = i;
        }
        if (best == end_link) return;
        const std::uint32_t right = n[best].next;
        n[best].sym = s.pair[best].merged;
        n[best].end = n[right].end;
        n[best].next = n[right].next;
        if (n[right].next != end_link) n[n[right].next].prev = best;
        n[right].prev = dead_link;
        rank_of(best);
        if (n[best].prev != end_link) rank_of(n[best].prev);
    }
}

void bpe_model::merge_large(scratch& s) const {
    auto& n = s.nodes;
    auto& heap = s.heap;
    heap.clear();
    auto push_pair = [&](std::uint32_t i) {
        const std::uint32_t j = n[i].next;
        if (j == end_link || n[i].sym == no_sym || n[j].sym == no_sym) return;
        const merge_result m = merges_.find(n[i].sym, n[j].sym);
        if (m.rank == no_sym) return;
        heap.push_back(
            heap_entry{(std::uint64_t{m.rank} << 32) | i, j, n[i].sym, n[j].sym, m.merged});
        std::push_heap(heap.begin(), heap.end(), heap_after);
    };
    for (std::uint32_t i = 0; i + 1 < n.size(); ++i)
        push_pair(i);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), heap_after);
        const heap_entry e = heap.back();
        heap.pop_back();
        const auto left = static_cast<std::uint32_t>(e.key);
        node& l = n[left];
        if (l.prev == dead_link || l.next != e.right || l.sym != e.left_sym ||
            n[e.right].sym != e.right_sym) {
            continue;
        }
        node& r = n[e.right];
        l.sym = e.merged;
        l.end = r.end;
        l.next = r.next;
        if (r.next != end_link) n[r.next].prev = left;
        r.prev = dead_link;
        if (l.prev != end_link) push_pair(l.prev);
        push_pair(left);
    }
}

void bpe_model::emit_unknown(std::string_view token, std::vector<token_id>& out) const {
    if (opts_.byte_fallback) {
        bool all = true;
        for (const char c : token)
            all = all && byte_token_[static_cast<unsigned char>(c)] != no_token;
        if (all) {
            for (const char c : token)
                out.push_back(byte_token_[static_cast<unsigned char>(c)]);
            return;
        }
    }
    if (unk_id_ != no_token) out.push_back(unk_id_);
}

void bpe_model::emit(std::string_view word, bool raw_bytes, scratch& s,
                     std::vector<token_id>& out) const {
    for (std::uint32_t i = 0; i != end_link; i = s.nodes[i].next) {
        const node& nd = s.nodes[i];
        if (nd.sym != no_sym && sym_id_[nd.sym] != no_token) {
            out.push_back(sym_id_[nd.sym]);
            continue;
        }
        const std::string_view piece = word.substr(nd.begin, nd.end - nd.begin);
        if (!raw_bytes) {
            emit_unknown(piece, out);
            continue;
        }
        s.token.clear();
        append_byte_level(s.token, piece);
        emit_unknown(s.token, out);
    }
}

void bpe_model::emit_with_suffix(std::string_view word, scratch& s,
                                 std::vector<token_id>& out) const {
    for (std::uint32_t i = 0; i != end_link; i = s.nodes[i].next) {
        const node& nd = s.nodes[i];
        s.token.assign(word.substr(nd.begin, nd.end - nd.begin));
        if (nd.next != end_link) s.token += opts_.continuing_subword_suffix;
        const token_id id = find(s.token);
        if (id != no_token) {
            out.push_back(id);
        } else {
            emit_unknown(s.token, out);
        }
    }
}

void bpe_model::encode_word(std::string_view word, bool raw_bytes,
                            std::vector<token_id>& out) const {
    if (word.empty()) return;
    scratch& s = thread_scratch();
    if (opts_.ignore_merges) {
        token_id whole = no_token;
        if (raw_bytes) {
            s.token.clear();
            append_byte_level(s.token, word);
            whole = find(s.token);
        } else {
            whole = find(word);
        }
        if (whole != no_token) {
            out.push_back(whole);
            return;
        }
    }
    if (!opts_.end_of_word_suffix.empty()) {
        s.word.assign(word).append(opts_.end_of_word_suffix);
        word = s.word;
    }
    initial_nodes(word, raw_bytes, s);
    if (s.nodes.size() <= small_word) {
        merge_small(s);
    } else {
        merge_large(s);
    }
    if (opts_.continuing_subword_suffix.empty()) {
        emit(word, raw_bytes, s, out);
    } else {
        emit_with_suffix(word, s, out);
    }
}

bool bpe_model::split_long_word(std::string_view word, std::vector<token_id>& out) const {
    std::size_t start = 0;
    for (std::size_t p = word.find(meta, 1); p != std::string_view::npos;
         p = word.find(meta, p + 1)) {
        const char32_t before = previous_code_point(word, p);
        if (before == U'\u2581' ||
            std::binary_search(joined_before_meta_.begin(), joined_before_meta_.end(), before)) {
            continue;
        }
        encode_short_cached(word.substr(start, p - start), false, out);
        start = p;
    }
    if (start == 0) return false;
    encode_short_cached(word.substr(start), false, out);
    return true;
}

void bpe_model::encode_word_cached(std::string_view word, bool raw_bytes,
                                   std::vector<token_id>& out) const {
    if (word.size() > max_cached_word && !raw_bytes && can_split_ && split_long_word(word, out)) {
        return;
    }
    encode_short_cached(word, raw_bytes, out);
}

void bpe_model::encode_short_cached(std::string_view word, bool raw_bytes,
                                    std::vector<token_id>& out) const {
    if (word.size() > max_cached_word) {
        encode_word(word, raw_bytes, out);
        return;
    }
    const std::uint64_t h = hash_bytes(word) ^ (raw_bytes ? 0x5BD1E995ULL : 0);
    word_cache& cache = word_cache::for_thread(instance_);
    if (cache.find(word, h, out)) return;
    const std::size_t start = out.size();
    encode_word(word, raw_bytes, out);
    cache.insert(word, h, std::span<const token_id>(out).subspan(start));
}

}  // namespace ringperf::tokenizer::detail
