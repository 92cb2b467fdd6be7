#include "ringperf/dataset/loader.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ringperf/base/file.h"
#include "rows.h"
#include "text.h"

namespace ringperf::dataset {

namespace dom = simdjson::dom;
using detail::row_turn;

namespace {

constexpr std::size_t max_reported_problems = 20;

struct problem {
    std::size_t line;
    std::string text;
};

// All problems of a file, reported in one error.
class problem_list {
  public:
    explicit problem_list(std::string file) : file_(std::move(file)) {}

    void add(std::size_t line, std::string text) { all_.push_back({line, std::move(text)}); }
    bool empty() const { return all_.empty(); }

    error to_error() {
        std::stable_sort(all_.begin(), all_.end(),
                         [](const problem& a, const problem& b) { return a.line < b.line; });
        std::string msg;
        const std::size_t shown = std::min(all_.size(), max_reported_problems);
        for (std::size_t i = 0; i < shown; ++i) {
            if (i > 0) msg.push_back('\n');
            msg += file_ + ":" + std::to_string(all_[i].line) + ": " + all_[i].text;
        }
        if (all_.size() > shown)
            msg += "\nand " + std::to_string(all_.size() - shown) + " more problems";
        return make_error(std::move(msg));
    }

  private:
    std::string file_;
    std::vector<problem> all_;
};

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

// Prompts given by length. Length-only prompts draw from "dataset.text" in file order; a
// hash id's block depends only on the seed and the id, so equal ids give equal text.
class length_prompts {
  public:
    explicit length_prompts(std::uint64_t seed)
        : text_(rng::derive(seed, "dataset.text")),
          block_seed_(rng::derive(seed, "dataset.hash_block").next()) {}

    void build(row_turn& rt) {
        if (!rt.input_length) {
            rt.t.input_tokens = detail::count_words(rt.t.text);
            return;
        }
        const std::int64_t n = *rt.input_length;
        rt.t.input_tokens = n;
        if (rt.hash_ids.empty()) {
            rt.t.text = detail::make_text(text_, n);
            return;
        }
        std::int64_t left = n;
        for (const std::int64_t id : rt.hash_ids) {
            // Only the last block can be short (checked when the row was read); it is a
            // prefix of the id's full block because each word is one draw.
            rng block = block_rng(id);
            if (!rt.t.text.empty()) rt.t.text.push_back(' ');
            rt.t.text += detail::make_text(block, std::min(left, detail::hash_block_words));
            left -= detail::hash_block_words;
        }
    }

  private:
    rng block_rng(std::int64_t id) const {
        std::uint64_t st = block_seed_ ^ static_cast<std::uint64_t>(id);
        return rng(splitmix64(st));
    }

    rng text_;
    std::uint64_t block_seed_;
};

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

// A leading text-only "system" turn becomes the conversation's system message (AIPerf's
// hoisting); a "system" turn anywhere else is a problem.
void hoist_system(pending_conversation& c, problem_list& problems, std::string& system) {
    if (!c.turns.empty() && c.turns.front().system && !c.turns.front().dispatch) {
        if (c.turns.size() == 1) {
            problems.add(
                c.turns.front().line,
                "session \"" + c.session_id + "\" has only a system message; it needs a user turn");
            return;
        }
        system = std::move(c.turns.front().t.text);
        c.turns.erase(c.turns.begin());
    }
    for (std::size_t i = 0; i < c.turns.size(); ++i) {
        if (!c.turns[i].system) continue;
        problems.add(c.turns[i].line,
                     i == 0 && system.empty()
                         ? "a \"system\" turn cannot carry timestamp, delay, output_length or "
                           "extra (it becomes the conversation's system message)"
                         : "role \"system\" is only supported on a conversation's first turn");
    }
}

conversation_set finish(std::vector<pending_conversation>& pending, const synthetic_options& o,
                        std::uint64_t seed, problem_list& problems) {
    rng osl = rng::derive(seed, "dataset.osl");
    conversation_set set;
    set.conversations.reserve(pending.size());
    for (pending_conversation& p : pending) {
        conversation c;
        hoist_system(p, problems, c.system);
        c.session_id = std::move(p.session_id);
        for (row_turn& rt : p.turns) {
            if (!rt.t.max_tokens && o.osl_mean)
                rt.t.max_tokens = std::max<std::int64_t>(
                    1, detail::sample_length(osl, *o.osl_mean, o.osl_stddev));
            c.turns.push_back(std::move(rt.t));
        }
        set.conversations.push_back(std::move(c));
    }
    set.timestamped =
        !set.conversations.empty() && set.conversations.front().turns.front().timestamp_ms;
    return set;
}

}  // namespace

result<conversation_set> load_dataset_file(const synthetic_options& o, std::uint64_t seed) {
    auto content = read_file(o.input_file);
    if (!content) return make_error("dataset file: " + content.message());
    problem_list problems(o.input_file);
    assembler rows;
    length_prompts prompts(seed);
    dom::parser parser;
    std::string_view rest = *content;
    std::size_t line_no = 0;
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        const std::string_view line = trim(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        ++line_no;
        if (line.empty()) continue;
        dom::element doc;
        if (auto err = parser.parse(line.data(), line.size()).get(doc); err) {
            problems.add(line_no, std::string("invalid JSON: ") + simdjson::error_message(err));
            continue;
        }
        auto row = detail::parse_row(doc, o.file_type);
        if (!row) {
            problems.add(line_no, row.message());
            continue;
        }
        for (row_turn& rt : row->turns) {
            rt.line = line_no;
            prompts.build(rt);
        }
        rows.add(std::move(*row));
    }
    if (rows.conversations().empty() && problems.empty())
        return make_error(o.input_file + ": no rows (the file is empty or all blank)");
    auto set = finish(rows.conversations(), o, seed, problems);
    if (!problems.empty()) return problems.to_error();
    return set;
}

}  // namespace ringperf::dataset
