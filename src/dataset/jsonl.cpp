#include "jsonl.h"

#include <algorithm>
#include <string_view>

#include "ringperf/base/file.h"

namespace ringperf::dataset::detail {

namespace {

constexpr std::size_t max_reported_problems = 20;

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

}  // namespace

void problem_list::add(const std::string& file, std::size_t line, std::string text) {
    all_.push_back({file, line, std::move(text)});
}

error problem_list::to_error() {
    std::stable_sort(all_.begin(), all_.end(), [](const problem& a, const problem& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    std::string msg;
    const std::size_t shown = std::min(all_.size(), max_reported_problems);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) msg.push_back('\n');
        msg += all_[i].file + ":" + std::to_string(all_[i].line) + ": " + all_[i].text;
    }
    if (all_.size() > shown)
        msg += "\nand " + std::to_string(all_.size() - shown) + " more problems";
    return make_error(std::move(msg));
}

result<std::size_t> read_jsonl(const std::string& path, dataset_type type, std::int64_t block_size,
                               problem_list& problems,
                               const std::function<void(parsed_row&&)>& on_row) {
    auto content = read_file(path);
    if (!content) return make_error("dataset file: " + content.message());
    simdjson::dom::parser parser;
    std::string_view rest = *content;
    std::size_t line_no = 0;
    std::size_t rows = 0;
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        const std::string_view line = trim(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        ++line_no;
        if (line.empty()) continue;
        ++rows;
        simdjson::dom::element doc;
        if (auto err = parser.parse(line.data(), line.size()).get(doc); err) {
            problems.add(path, line_no,
                         std::string("invalid JSON: ") + simdjson::error_message(err));
            continue;
        }
        auto row = parse_row(doc, type, block_size);
        if (!row) {
            problems.add(path, line_no, row.message());
            continue;
        }
        for (row_turn& rt : row->turns)
            rt.line = line_no;
        on_row(std::move(*row));
    }
    return rows;
}

}  // namespace ringperf::dataset::detail
