// ShareGPT's JSON read from a local file, filtered as AIPerf (after vLLM's benchmark) does.
#include <simdjson.h>

#include "ringperf/dataset/loader.h"
#include "text_jobs.h"

namespace ringperf::dataset {

namespace {

constexpr std::int64_t min_tokens = 4;
constexpr std::int64_t max_prompt_tokens = 1024;
constexpr std::int64_t max_total_tokens = 2048;

struct pair_text {
    std::string prompt, completion;
    std::int64_t prompt_tokens = 0, completion_tokens = 0;
};

// The first two messages' "value"s, when both are non-empty strings.
bool first_pair(simdjson::dom::element entry, pair_text& out) {
    simdjson::dom::array messages;
    if (entry["conversations"].get_array().get(messages) != simdjson::SUCCESS) return false;
    if (messages.size() < 2) return false;
    std::string_view prompt, completion;
    if (messages.at(0)["value"].get_string().get(prompt) != simdjson::SUCCESS ||
        messages.at(1)["value"].get_string().get(completion) != simdjson::SUCCESS)
        return false;
    if (prompt.empty() || completion.empty()) return false;
    out.prompt = std::string(prompt);
    out.completion = std::string(completion);
    return true;
}

bool keep(const pair_text& p, bool check_completion) {
    if (p.prompt_tokens < min_tokens || p.prompt_tokens > max_prompt_tokens) return false;
    if (check_completion && p.completion_tokens < min_tokens) return false;
    return p.prompt_tokens + p.completion_tokens <= max_total_tokens;
}

}  // namespace

result<conversation_set> load_sharegpt(const synthetic_options& o, const prompt_source& source,
                                       unsigned threads) {
    simdjson::dom::parser parser;
    simdjson::dom::array entries;
    simdjson::dom::element doc;
    if (auto err = parser.load(o.input_file).get(doc); err)
        return make_error("ShareGPT file " + o.input_file + ": " + simdjson::error_message(err));
    if (doc.get_array().get(entries) != simdjson::SUCCESS)
        return make_error("ShareGPT file " + o.input_file +
                          ": expected a JSON array of conversations (as in "
                          "ShareGPT_V3_unfiltered_cleaned_split.json)");
    std::vector<pair_text> pairs;
    for (simdjson::dom::element e : entries) {
        pair_text p;
        if (first_pair(e, p)) pairs.push_back(std::move(p));
    }
    std::vector<detail::count_job> jobs;
    for (auto& p : pairs) {
        jobs.push_back({p.prompt, &p.prompt_tokens});
        jobs.push_back({p.completion, &p.completion_tokens});
    }
    detail::run_count_jobs(source, jobs, threads);
    conversation_set set;
    for (auto& p : pairs) {
        if (!keep(p, !o.osl_mean)) continue;
        conversation c;
        c.session_id = "session_" + std::to_string(set.conversations.size());
        turn t;
        t.text = std::move(p.prompt);
        t.input_tokens = p.prompt_tokens;
        t.max_tokens = p.completion_tokens;
        c.turns.push_back(std::move(t));
        set.conversations.push_back(std::move(c));
    }
    if (set.conversations.empty())
        return make_error("ShareGPT file " + o.input_file + ": none of its " +
                          std::to_string(pairs.size()) +
                          " prompt/completion pairs passes the length filters (prompt 4 to "
                          "1024 tokens, completion at least 4, both at most 2048)");
    return set;
}

}  // namespace ringperf::dataset
