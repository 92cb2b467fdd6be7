#include "word_codec.h"

#include <string_view>
#include <unordered_map>

#include "ringperf/base/rng.h"
#include "ringperf/dataset/synthetic.h"

namespace ringperf::dataset::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const std::unordered_map<std::string_view, std::uint32_t>& word_ids() {
    static const std::unordered_map<std::string_view, std::uint32_t> ids = [] {
        std::unordered_map<std::string_view, std::uint32_t> m;
        const auto words = synthetic_words();
        for (std::size_t i = 0; i < words.size(); ++i)
            m.emplace(words[i], static_cast<std::uint32_t>(i));
        return m;
    }();
    return ids;
}

}  // namespace

void word_codec::encode(std::string_view text, std::vector<std::uint32_t>& out) const {
    const auto& ids = word_ids();
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        if (i == start) break;
        const auto it = ids.find(text.substr(start, i - start));
        out.push_back(it == ids.end() ? unknown_id : it->second);
    }
}

std::string word_codec::decode(std::span<const std::uint32_t> ids, bool) const {
    const auto words = synthetic_words();
    std::string out;
    out.reserve(ids.size() * 7);
    for (const std::uint32_t id : ids) {
        if (id >= words.size()) continue;
        if (!out.empty()) out.push_back(' ');
        out.append(words[id]);
    }
    return out;
}

std::vector<std::uint32_t> word_corpus() {
    rng r(0x776f72645f6c6973ULL);
    const auto n = synthetic_words().size();
    std::vector<std::uint32_t> out(65536);
    for (auto& id : out)
        id = static_cast<std::uint32_t>(r.below(n));
    return out;
}

}  // namespace ringperf::dataset::detail
