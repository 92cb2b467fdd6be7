#include "ringperf/dataset/loader.h"

#include <sys/stat.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jsonl.h"
#include "length_prompts.h"
#include "lengths.h"
#include "ringperf/dataset/synthetic.h"
#include "rows.h"
#include "text_jobs.h"

namespace ringperf::dataset {

using detail::problem_list;
using detail::row_turn;

namespace detail {
result<conversation_set> load_random_pool(const synthetic_options& o, std::uint64_t seed,
                                          const prompt_source& source, unsigned threads);
}

namespace {

struct pending_conversation {
    std::string session_id;
    std::vector<row_turn> turns;
};

// Rows become conversations: rows sharing a session id are the turns of one conversation,
// in file order; a row without one is a conversation of its own.
class assembler {
  public:
    void add(detail::parsed_row row) {
        pending_conversation* c = nullptr;
        if (row.session_id) {
            auto [it, inserted] = by_id_.try_emplace(*row.session_id, convs_.size());
            if (inserted) convs_.push_back({*row.session_id, {}});
            c = &convs_[it->second];
        } else {
            convs_.push_back({"session_" + std::to_string(convs_.size()), {}});
            c = &convs_.back();
        }
        for (row_turn& t : row.turns)
            c->turns.push_back(std::move(t));
    }

    std::vector<pending_conversation>& conversations() { return convs_; }

  private:
    std::vector<pending_conversation> convs_;
    std::unordered_map<std::string, std::size_t> by_id_;
};

// A leading text-only "system" turn becomes the conversation's system message (AIPerf's
// hoisting); a "system" turn anywhere else is a problem.
void hoist_system(pending_conversation& c, const std::string& file, problem_list& problems,
                  std::string& system) {
    if (!c.turns.empty() && c.turns.front().system && !c.turns.front().dispatch) {
        if (c.turns.size() == 1) {
            problems.add(
                file, c.turns.front().line,
                "session \"" + c.session_id + "\" has only a system message; it needs a user turn");
            return;
        }
        system = std::move(c.turns.front().t.text);
        c.turns.erase(c.turns.begin());
    }
    for (std::size_t i = 0; i < c.turns.size(); ++i) {
        if (!c.turns[i].system) continue;
        problems.add(file, c.turns[i].line,
                     i == 0 && system.empty()
                         ? "a \"system\" turn cannot carry timestamp, delay, output_length or "
                           "extra (it becomes the conversation's system message)"
                         : "role \"system\" is only supported on a conversation's first turn");
    }
}

conversation_set finish(std::vector<pending_conversation>& pending, const synthetic_options& o,
                        std::uint64_t seed, const std::string& file, problem_list& problems) {
    rng osl = rng::derive(seed, "dataset.osl");
    conversation_set set;
    set.conversations.reserve(pending.size());
    for (pending_conversation& p : pending) {
        conversation c;
        hoist_system(p, file, problems, c.system);
        c.session_id = std::move(p.session_id);
        for (row_turn& rt : p.turns) {
            if (!rt.t.max_tokens && o.osl_mean)
                rt.t.max_tokens = std::max<std::int64_t>(
                    1, detail::sample_length(osl, *o.osl_mean, o.osl_stddev));
            c.turns.push_back(std::move(rt.t));
        }
        set.conversations.push_back(std::move(c));
    }
    set.timestamped = !set.conversations.empty() && !set.conversations.front().turns.empty() &&
                      set.conversations.front().turns.front().timestamp_ms;
    return set;
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

namespace detail {

// input_tokens of every turn that has text (prompts built from a length already know
// theirs) and system_tokens of every conversation, counted on several threads.
void count_tokens(conversation_set& set, const prompt_source& source, unsigned threads) {
    std::vector<count_job> jobs;
    std::vector<std::pair<turn*, std::vector<std::int64_t>>> split;
    for (auto& c : set.conversations) {
        if (!c.system.empty()) jobs.push_back({c.system, &c.system_tokens});
        for (auto& t : c.turns) {
            if (t.parts.empty()) {
                if (t.input_tokens == 0) jobs.push_back({t.text, &t.input_tokens});
                continue;
            }
            split.emplace_back(&t, std::vector<std::int64_t>(t.parts.size()));
        }
    }
    for (auto& [t, counts] : split)
        for (std::size_t i = 0; i < t->parts.size(); ++i)
            jobs.push_back({t->parts[i], &counts[i]});
    run_count_jobs(source, jobs, threads);
    for (auto& [t, counts] : split) {
        t->input_tokens = 0;
        for (const std::int64_t n : counts)
            t->input_tokens += n;
    }
}

}  // namespace detail

result<conversation_set> load_dataset_file(const synthetic_options& o, std::uint64_t seed,
                                           const prompt_source& source, unsigned threads) {
    if (o.file_type == dataset_type::random_pool)
        return detail::load_random_pool(o, seed, source, threads);
    if (is_directory(o.input_file))
        return make_error("dataset file: " + o.input_file +
                          " is a directory; only --custom-dataset-type random_pool reads one");
    problem_list problems;
    assembler rows;
    auto lines = detail::read_jsonl(o.input_file, o.file_type, o.isl_block_size, problems,
                                    [&rows](detail::parsed_row&& r) { rows.add(std::move(r)); });
    if (!lines) return lines.err();
    if (*lines == 0) return make_error(o.input_file + ": no rows (the file is empty or all blank)");
    std::vector<row_turn*> by_length;
    for (auto& c : rows.conversations())
        for (auto& rt : c.turns)
            by_length.push_back(&rt);
    // Built in file order, which is the order of the lines.
    std::stable_sort(by_length.begin(), by_length.end(),
                     [](const row_turn* a, const row_turn* b) { return a->line < b->line; });
    detail::build_length_prompts(by_length, o.input_file, source, seed, o.isl_block_size, problems,
                                 threads);
    auto set = finish(rows.conversations(), o, seed, o.input_file, problems);
    if (!problems.empty()) return problems.to_error();
    detail::count_tokens(set, source, threads);
    return set;
}

result<conversation_set> load_dataset_file(const synthetic_options& o, std::uint64_t seed) {
    const prompt_source words(nullptr);
    return load_dataset_file(o, seed, words);
}

result<conversation_set> build_conversations(const synthetic_options& o, std::uint64_t seed,
                                             const prompt_source& source, unsigned threads) {
    if (o.public_set == public_dataset::sharegpt) return load_sharegpt(o, source, threads);
    if (!o.input_file.empty()) return load_dataset_file(o, seed, source, threads);
    return make_synthetic_conversations(o, seed, source, threads);
}

}  // namespace ringperf::dataset
