// What a run sends, independent of where it came from (synthetic prompts or a dataset
// file): conversations of one or more turns. A single-turn dataset is conversations of
// one turn each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ringperf::dataset {

struct turn {
    std::string text;                        // the user message (the prompt)
    std::int64_t input_tokens = 0;           // client-side estimate of the prompt's tokens
    std::optional<std::int64_t> max_tokens;  // requested output tokens; none: field omitted
    // Absolute send time in ms from the schedule's origin (trace "timestamp"), or the think
    // time in ms after the previous turn's response ("delay"); at most one is set.
    std::optional<double> timestamp_ms;
    std::optional<double> delay_ms;
    // Extra body fields for this turn (key, serialized JSON value), merged over
    // --extra-inputs.
    std::vector<std::pair<std::string, std::string>> extra;
};

struct conversation {
    std::string session_id;   // from the file, or "session_<n>" for synthetic data
    std::string system;       // system message sent before the turns (chat), may be empty
    std::vector<turn> turns;  // never empty
};

struct conversation_set {
    std::vector<conversation> conversations;
    // True when the first turn of the first conversation carries a timestamp: the data is a
    // trace, and the run replays it on a fixed schedule unless told otherwise.
    bool timestamped = false;
    // Any conversation has more than one turn.
    bool multi_turn() const {
        for (const auto& c : conversations)
            if (c.turns.size() > 1) return true;
        return false;
    }
};

}  // namespace ringperf::dataset
