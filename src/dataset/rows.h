// Reading one JSONL row of a dataset file into turns. Internal to the dataset module.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/dataset/synthetic_options.h"

namespace ringperf::dataset::detail {

// Largest prompt length a row may ask for, in tokens.
inline constexpr std::int64_t max_input_length = std::int64_t{1} << 24;

// One turn as read, before its prompt is built when it is given by length.
struct row_turn {
    turn t;                                    // t.text is empty when the prompt is given by length
    bool system = false;                       // role "system"
    bool dispatch = false;                     // timestamp, delay, output_length or extra is set
    std::optional<std::int64_t> input_length;  // mooncake: prompt length in tokens
    std::vector<std::int64_t> hash_ids;        // mooncake: one id per block of the prompt
    std::size_t line = 0;                      // 1-based line in the file
};

struct parsed_row {
    std::optional<std::string> session_id;
    std::vector<row_turn> turns;  // never empty
};

// One row of the given format; `block_size` is the tokens per hash id of mooncake rows. The
// error names the problem without file or line. Unknown fields are ignored (as AIPerf does);
// JSON null counts as absent.
result<parsed_row> parse_row(simdjson::dom::element row, dataset_type type,
                             std::int64_t block_size);

}  // namespace ringperf::dataset::detail
