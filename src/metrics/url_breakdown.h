// Per-URL request counts and request latency / TTFT distributions for runs with several
// --url values. Private to the metrics module.
//
// A run with one URL (almost every run) pays nothing: while every record came from one
// url_index the breakdown only remembers that index, and the owning metric_set's own
// totals are that URL's figures. When a second url_index shows up, the first URL's entry is
// seeded from those totals (a copy), and from then on every record also goes to its URL's
// entry. Merging follows the same rule, so per-worker breakdowns merge exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {

class url_breakdown {
  public:
    // The figures of the owning metric_set, which stand for its one URL while there is one.
    struct totals {
        std::uint64_t ok = 0;
        std::uint64_t errors = 0;
        const summary* latency = nullptr;  // request_latency; nullptr when it has no value
        const summary* ttft = nullptr;     // time_to_first_token; nullptr when it has no value
    };

    // Call before the owning set takes the record into its totals: `before` must not
    // include it yet.
    void add(std::uint32_t url, bool ok, const record_values& v, const totals& before);
    // Call before the owning set merges `other`'s totals into its own.
    void merge(const url_breakdown& other, const totals& mine, const totals& theirs);
    std::vector<url_result> results() const;

  private:
    friend struct metric_set_state;  // save and load (metric_set_state.cpp)
    struct entry {
        std::uint32_t url = 0;
        std::uint64_t ok = 0;
        std::uint64_t errors = 0;
        std::optional<summary> latency;
        std::optional<summary> ttft;
    };

    static entry from_totals(std::uint32_t url, const totals& t);
    entry& at(std::uint32_t url);
    void merge_entry(const entry& e);

    std::optional<std::uint32_t> sole_;  // the url_index of every record, while only one
    std::vector<entry> entries_;         // sorted by url; empty while there is one URL
};

}  // namespace ringperf::metrics
