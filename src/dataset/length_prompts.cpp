#include "length_prompts.h"

#include <map>
#include <utility>

#include "ringperf/base/rng.h"
#include "text_jobs.h"

namespace ringperf::dataset::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Without a separator token, blocks that would run two words together get a space between.
void append_block(std::string& text, const std::string& block, bool separated) {
    if (!separated && !text.empty() && !block.empty() && !is_space(text.back()) &&
        !is_space(block.front()))
        text.push_back(' ');
    text += block;
}

std::uint64_t block_key(std::uint64_t block_seed, std::int64_t id) {
    std::uint64_t state = block_seed ^ static_cast<std::uint64_t>(id);
    return splitmix64(state);
}

std::int64_t block_length(const row_turn& rt, std::size_t k, std::int64_t block_size) {
    if (k + 1 < rt.hash_ids.size()) return block_size;
    return *rt.input_length - static_cast<std::int64_t>(rt.hash_ids.size() - 1) * block_size;
}

class hash_rows {
  public:
    hash_rows(const prompt_source& source, std::uint64_t seed, std::int64_t block_size)
        : source_(source),
          block_seed_(rng::derive(seed, "dataset.hash_block").next()),
          block_size_(block_size) {}

    // One job per distinct (id, length) block.
    void plan(const row_turn& rt, std::vector<text_job>& jobs) {
        for (std::size_t k = 0; k < rt.hash_ids.size(); ++k) {
            const auto key = std::pair{rt.hash_ids[k], block_length(rt, k, block_size_)};
            auto [it, inserted] = blocks_.try_emplace(key);
            if (!inserted) continue;
            text_job j;
            j.target = key.second;
            j.key = block_key(block_seed_, key.first);
            j.out = &it->second;
            j.hash_block = true;
            jobs.push_back(std::move(j));
        }
    }

    std::string assemble(const row_turn& rt, std::size_t blocks) const {
        std::string text;
        for (std::size_t k = 0; k < blocks; ++k)
            append_block(text, blocks_.at({rt.hash_ids[k], block_length(rt, k, block_size_)}),
                         separated());
        return text;
    }

    // The row cut again so that it has exactly input_length tokens: its blocks but the last,
    // then the last block's separator and text cut to fit.
    text_job refit(row_turn& rt) const {
        text_job j;
        j.target = *rt.input_length;
        j.key = block_key(block_seed_, rt.hash_ids.back()) ^ 0x7265666974000000ULL;
        j.head = assemble(rt, rt.hash_ids.size() - 1);
        if (separated())
            j.head += source_.block_separator();
        else if (!j.head.empty() && !is_space(j.head.back()))
            j.head.push_back(' ');
        j.out = &rt.t.text;
        return j;
    }

  private:
    bool separated() const { return !source_.block_separator().empty(); }

    const prompt_source& source_;
    std::uint64_t block_seed_;
    std::int64_t block_size_;
    std::map<std::pair<std::int64_t, std::int64_t>, std::string> blocks_;
};

void report(const std::vector<text_job>& jobs, const std::vector<const row_turn*>& rows,
            const std::string& file, problem_list& problems) {
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (!jobs[i].error.empty())
            problems.add(file, rows[i]->line, "cannot build the prompt: " + jobs[i].error);
}

}  // namespace

void build_length_prompts(const std::vector<row_turn*>& turns, const std::string& file,
                          const prompt_source& source, std::uint64_t seed, std::int64_t block_size,
                          problem_list& problems, unsigned threads) {
    rng text = rng::derive(seed, "dataset.text");
    hash_rows hashes(source, seed, block_size);
    std::vector<text_job> jobs;
    std::vector<const row_turn*> job_rows;
    std::vector<row_turn*> hashed;
    for (row_turn* rt : turns) {
        if (!rt->input_length) continue;
        rt->t.input_tokens = *rt->input_length;
        if (rt->hash_ids.empty()) {
            jobs.push_back({*rt->input_length, text.next(), {}, &rt->t.text, false});
            job_rows.push_back(rt);
            continue;
        }
        const std::size_t before = jobs.size();
        hashes.plan(*rt, jobs);
        job_rows.insert(job_rows.end(), jobs.size() - before, rt);
        hashed.push_back(rt);
    }
    if (!run_text_jobs(source, jobs, threads)) return report(jobs, job_rows, file, problems);

    std::vector<std::int64_t> counts(hashed.size());
    std::vector<count_job> checks;
    for (std::size_t i = 0; i < hashed.size(); ++i) {
        hashed[i]->t.text = hashes.assemble(*hashed[i], hashed[i]->hash_ids.size());
        checks.push_back({hashed[i]->t.text, &counts[i]});
    }
    run_count_jobs(source, checks, threads);
    std::vector<text_job> refits;
    std::vector<const row_turn*> refit_rows;
    for (std::size_t i = 0; i < hashed.size(); ++i) {
        if (counts[i] == *hashed[i]->input_length) continue;
        refits.push_back(hashes.refit(*hashed[i]));
        refit_rows.push_back(hashed[i]);
    }
    if (!run_text_jobs(source, refits, threads)) report(refits, refit_rows, file, problems);
}

}  // namespace ringperf::dataset::detail
