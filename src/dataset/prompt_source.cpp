#include "ringperf/dataset/prompt_source.h"

#include <algorithm>
#include <cassert>

#include "parallel.h"
#include "ringperf/base/rng.h"
#include "word_codec.h"

namespace ringperf::dataset {

namespace detail {
std::string_view sonnets_text();  // generated from corpus/shakespeare_sonnets.txt
}

namespace {

// AIPerf's chunk size: fixed, so the ids do not depend on the machine.
constexpr std::size_t chunk_chars = 10'000;
// Offsets tried, and slice lengths tried per offset, before giving up.
constexpr std::uint64_t max_offsets = 32;
constexpr int max_steps = 8;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

// Non-blank lines, stripped, joined with spaces into chunks of >= chunk_chars characters
// (the line lengths counted, as AIPerf counts them).
std::vector<std::string> corpus_chunks(std::string_view text) {
    std::vector<std::string> chunks;
    std::string buffer;
    std::size_t chars = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = strip(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.empty()) continue;
        if (!buffer.empty()) buffer.push_back(' ');
        buffer.append(line);
        chars += line.size();
        if (chars >= chunk_chars) {
            chunks.push_back(std::move(buffer));
            buffer.clear();
            chars = 0;
        }
    }
    if (!buffer.empty()) chunks.push_back(std::move(buffer));
    return chunks;
}

// The corpus offset of try `attempt` for `key`.
std::uint64_t offset_of(std::uint64_t key, std::uint64_t attempt, std::size_t corpus_size) {
    std::uint64_t state = key + attempt * 0x9e3779b97f4a7c15ULL;
    return splitmix64(state) % corpus_size;
}

// The slice length to try after `m` ids re-encoded to `got` tokens instead of `target`: in
// proportion (one step when decoding and re-encoding scale the count), by the difference when
// the proportion would not move.
std::int64_t next_length(std::int64_t m, std::int64_t got, std::int64_t target) {
    std::int64_t next = m + (target - got);
    if (got > 0 && m > 0) {
        const double scaled =
            static_cast<double>(m) * static_cast<double>(target) / static_cast<double>(got);
        const auto rounded = static_cast<std::int64_t>(scaled + 0.5);
        if (rounded != m) next = rounded;
    }
    return std::max<std::int64_t>(0, next);
}

}  // namespace

std::string_view builtin_corpus_text() {
    return detail::sonnets_text();
}

std::vector<std::uint32_t> tokenize_corpus(const token_codec& codec, std::string_view text,
                                           unsigned threads) {
    const std::vector<std::string> chunks = corpus_chunks(text);
    std::vector<std::vector<std::uint32_t>> parts(chunks.size());
    detail::parallel_for(chunks.size(), threads,
                         [&](std::size_t i) { codec.encode(chunks[i], parts[i]); });
    std::vector<std::uint32_t> ids;
    for (const auto& p : parts)
        ids.insert(ids.end(), p.begin(), p.end());
    return ids;
}

prompt_source::prompt_source(const token_codec* codec, unsigned threads) {
    if (codec != nullptr) {
        codec_ = codec;
        corpus_ = tokenize_corpus(*codec, builtin_corpus_text(), threads);
    } else {
        owned_ = std::make_unique<detail::word_codec>();
        codec_ = owned_.get();
        corpus_ = detail::word_corpus();
    }
    init_separator();
}

prompt_source::prompt_source(const token_codec& codec, std::string_view corpus_text,
                             unsigned threads)
    : codec_(&codec), corpus_(tokenize_corpus(codec, corpus_text, threads)) {
    assert(!corpus_.empty());
    init_separator();
}

prompt_source::prompt_source(prompt_source&&) noexcept = default;
prompt_source& prompt_source::operator=(prompt_source&&) noexcept = default;
prompt_source::~prompt_source() = default;

// AIPerf puts BOS (else EOS) before each hash block so neighbouring blocks cannot merge into
// other tokens. A separator that does not read back as one token would break the counts,
// so it is dropped then.
void prompt_source::init_separator() {
    auto id = codec_->bos_id();
    if (!id) id = codec_->eos_id();
    if (!id) return;
    const std::uint32_t ids[] = {*id};
    separator_ = codec_->decode(ids, false);
    if (count(separator_) != 1) separator_.clear();
}

std::int64_t prompt_source::count(std::string_view text) const {
    return static_cast<std::int64_t>(codec_->count(text));
}

result<std::string> prompt_source::exact(std::int64_t target, std::uint64_t key,
                                         std::string_view head) const {
    const std::int64_t head_tokens = head.empty() ? 0 : count(head);
    if (target < head_tokens)
        return make_error("a prompt of " + std::to_string(target) +
                          " tokens cannot hold its leading text of " + std::to_string(head_tokens) +
                          " tokens");
    std::vector<std::uint32_t> ids;
    std::vector<std::int64_t> tried;
    for (std::uint64_t attempt = 0; attempt < max_offsets; ++attempt) {
        const std::uint64_t start = offset_of(key, attempt, corpus_.size());
        std::int64_t m = target - head_tokens;
        tried.clear();
        for (int step = 0; step < max_steps; ++step) {
            ids.clear();
            for (std::int64_t i = 0; i < m; ++i)
                ids.push_back(corpus_[(start + static_cast<std::uint64_t>(i)) % corpus_.size()]);
            std::string text(head);
            text += codec_->decode(ids, true);
            const std::int64_t c = count(text);
            if (c == target) return text;
            tried.push_back(m);
            m = next_length(m, c, target);
            if (std::find(tried.begin(), tried.end(), m) != tried.end()) break;
        }
    }
    return make_error("cannot cut a text of exactly " + std::to_string(target) +
                      " tokens from the corpus with this tokenizer: decoded slices at " +
                      std::to_string(max_offsets) + " offsets never re-encode to that length");
}

result<std::string> prompt_source::hash_block(std::int64_t n, std::uint64_t key) const {
    return exact(n, key, separator_);
}

}  // namespace ringperf::dataset
