// --seq-dist: a mixture of (ISL, OSL) pairs, each with its probability and optional
// standard deviations, in AIPerf's three spellings:
//   "256,128:40;512|20,256|10:60"             (ISL[|sd],OSL[|sd]:percent, ';' between)
//   "[(256,128):40,(512|20,256|10):60]"       (bracket form)
//   {"pairs": [{"isl": 256, "isl_stddev": 0, "osl": 128, "osl_stddev": 0, "prob": 40}, ...]}
// Probabilities are percentages that must sum to 100.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/base/rng.h"

namespace ringperf::dataset {

struct seq_dist_entry {
    double isl = 0;  // tokens, >= 1
    double isl_stddev = 0;
    double osl = 0;  // tokens, >= 1
    double osl_stddev = 0;
    double probability = 0;  // percent, > 0

    bool operator==(const seq_dist_entry&) const = default;
};

// Parses any of the three spellings. Errors name the entry (1-based) and what is wrong,
// e.g. "entry 2 '512,abc:60': the OSL 'abc' is not a number", or the sum ("the
// probabilities add up to 90, not 100").
result<std::vector<seq_dist_entry>> parse_seq_dist(std::string_view text);

// The semicolon spelling, which parse_seq_dist() reads back to the same entries.
std::string format_seq_dist(const std::vector<seq_dist_entry>& entries);

// One (ISL, OSL) draw: an entry picked by its probability (one uniform draw), then each
// length as ceil of a normal draw redrawn while negative, at least 1. Precondition: entries
// not empty.
struct seq_lengths {
    std::int64_t isl = 0;
    std::int64_t osl = 0;
};
seq_lengths draw_seq_lengths(const std::vector<seq_dist_entry>& entries, rng& r);

}  // namespace ringperf::dataset
