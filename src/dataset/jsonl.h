// Reading dataset files row by row and collecting every bad row as "<file>:<line>:
// <problem>". Internal to the dataset module.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "rows.h"

namespace ringperf::dataset::detail {

// All problems of one or more files, reported in one error.
class problem_list {
  public:
    void add(const std::string& file, std::size_t line, std::string text);
    bool empty() const { return all_.empty(); }
    // Sorted by file, then line; past 20 the rest are counted in a last line.
    error to_error();

  private:
    struct problem {
        std::string file;
        std::size_t line;
        std::string text;
    };
    std::vector<problem> all_;
};

// Parses every non-blank line of `path` as a row of `type`; good rows (their turns' line set)
// go to `on_row` in file order, bad ones to `problems`. Returns the number of non-blank
// lines; fails when the file cannot be read ("dataset file: cannot open ...").
result<std::size_t> read_jsonl(const std::string& path, dataset_type type, std::int64_t block_size,
                               problem_list& problems,
                               const std::function<void(parsed_row&&)>& on_row);

}  // namespace ringperf::dataset::detail
