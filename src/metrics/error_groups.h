// Failed requests counted by (code, type, message, kind) with a bounded number of groups, so a
// server that puts a request id or timestamp in every error message cannot grow memory
// without limit. The kind is part of the key so that merged sets give the same groups
// whatever the merge order. Private to the metrics module.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {

class error_groups {
  public:
    static constexpr std::size_t max_exact = 64;   // distinct (code, type, message, kind)
    static constexpr std::size_t max_folded = 16;  // (code, type, kind) groups of further messages
    static constexpr std::string_view folded_message = "(other messages)";
    static constexpr std::string_view catch_all_type = "(other)";
    static constexpr std::string_view catch_all_message = "(other errors)";

    void add(std::int32_t code, std::string_view type, std::string_view message, error_kind kind,
             std::uint64_t count);
    void merge(const error_groups& other);
    std::vector<error_summary_entry> entries() const;

  private:
    friend struct metric_set_state;  // save and load (metric_set_state.cpp)
    enum class level : std::uint8_t { exact, folded, catch_all };
    struct group {
        error_summary_entry e;
        level lvl;
    };

    void add_at(level lvl, std::int32_t code, std::string_view type, std::string_view message,
                error_kind kind, std::uint64_t count);
    group* find(level lvl, std::int32_t code, std::string_view type, std::string_view message,
                error_kind kind);

    std::vector<group> groups_;
    std::size_t exact_ = 0;
    std::size_t folded_ = 0;
};

}  // namespace ringperf::metrics
