// random_pool files: entries sampled with replacement into one-turn conversations.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "jsonl.h"
#include "lengths.h"
#include "ringperf/dataset/loader.h"
#include "rows.h"

namespace ringperf::dataset::detail {

void count_tokens(conversation_set& set, const prompt_source& source, unsigned threads);

namespace {

struct pool {
    std::string file;
    std::vector<turn> entries;
};

// A directory's regular files in name order (AIPerf's one pool per file), or the file.
result<std::vector<std::string>> pool_files(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) return std::vector<std::string>{path};
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
        if (e.is_regular_file(ec)) files.push_back(e.path().string());
    if (ec) return make_error("dataset directory " + path + ": " + ec.message());
    if (files.empty()) return make_error("dataset directory " + path + ": no files in it");
    std::sort(files.begin(), files.end());
    return files;
}

result<std::vector<pool>> read_pools(const synthetic_options& o) {
    auto files = pool_files(o.input_file);
    if (!files) return files.err();
    problem_list problems;
    std::vector<pool> pools;
    for (const auto& f : *files) {
        pool p{f, {}};
        auto lines =
            read_jsonl(f, dataset_type::random_pool, o.isl_block_size, problems,
                       [&p](parsed_row&& r) { p.entries.push_back(std::move(r.turns[0].t)); });
        if (!lines) return lines.err();
        if (*lines == 0) return make_error(f + ": no rows (the file is empty or all blank)");
        pools.push_back(std::move(p));
    }
    if (!problems.empty()) return problems.to_error();
    return pools;
}

void append_texts(const turn& from, std::vector<std::string>& to) {
    if (from.parts.empty()) {
        to.push_back(from.text);
    } else {
        to.insert(to.end(), from.parts.begin(), from.parts.end());
    }
}

void set_texts(turn& t, std::vector<std::string> texts) {
    t.text.clear();
    for (const auto& x : texts) {
        if (!t.text.empty()) t.text.push_back('\n');
        t.text += x;
    }
    if (texts.size() > 1) t.parts = std::move(texts);
}

// Batch size 1: conversation i takes one entry of every pool (each pool drawn in turn).
std::vector<turn> merged_turns(const std::vector<pool>& pools, std::uint32_t n, rng& r) {
    std::vector<std::vector<std::size_t>> picks;
    for (const auto& p : pools) {
        std::vector<std::size_t> pick(n);
        for (auto& k : pick)
            k = r.below(p.entries.size());
        picks.push_back(std::move(pick));
    }
    std::vector<turn> out(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        std::vector<std::string> texts;
        for (std::size_t k = 0; k < pools.size(); ++k) {
            const turn& e = pools[k].entries[picks[k][i]];
            append_texts(e, texts);
            if (!out[i].max_tokens) out[i].max_tokens = e.max_tokens;
            if (out[i].extra.empty()) out[i].extra = e.extra;
        }
        set_texts(out[i], std::move(texts));
    }
    return out;
}

// Batch size B > 1: B texts per turn from every text of every pool.
std::vector<turn> batched_turns(const std::vector<pool>& pools, std::uint32_t n,
                                std::uint32_t batch, rng& r) {
    std::vector<std::string> flat;
    for (const auto& p : pools)
        for (const auto& e : p.entries)
            append_texts(e, flat);
    std::vector<turn> out(n);
    for (auto& t : out) {
        std::vector<std::string> texts;
        for (std::uint32_t b = 0; b < batch; ++b)
            texts.push_back(flat[r.below(flat.size())]);
        set_texts(t, std::move(texts));
    }
    return out;
}

}  // namespace

result<conversation_set> load_random_pool(const synthetic_options& o, std::uint64_t seed,
                                          const prompt_source& source, unsigned threads) {
    auto pools = read_pools(o);
    if (!pools) return pools.err();
    rng r = rng::derive(seed, "dataset.random_pool");
    std::vector<turn> turns =
        o.prompt_batch_size > 1
            ? batched_turns(*pools, o.num_dataset_entries, o.prompt_batch_size, r)
            : merged_turns(*pools, o.num_dataset_entries, r);
    rng osl = rng::derive(seed, "dataset.osl");
    conversation_set set;
    set.conversations.resize(turns.size());
    for (std::size_t i = 0; i < turns.size(); ++i) {
        conversation& c = set.conversations[i];
        c.session_id = "session_" + std::to_string(i);
        if (!turns[i].max_tokens && o.osl_mean)
            turns[i].max_tokens =
                std::max<std::int64_t>(1, sample_length(osl, *o.osl_mean, o.osl_stddev));
        c.turns.push_back(std::move(turns[i]));
    }
    count_tokens(set, source, threads);
    return set;
}

}  // namespace ringperf::dataset::detail
