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
    // The user message (the prompt). A turn of several texts (--prompt-batch-size, a row's
    // "texts", a random_pool directory) holds them joined with '\n' here and each one in
    // `parts`.
    std::string text;
    // Two or more texts sent as one request: chat sends them as text parts of one user
    // message, completions as a list of prompts. Empty for a turn of one text.
    std::vector<std::string> parts;
    // Tokens of the turn's text under the run's tokenizer: the sum over `parts` of each
    // part's count, or the count of `text` (whitespace-separated words without a tokenizer).
    std::int64_t input_tokens = 0;
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
    // A user message sent after the system message and before the turns
    // (--user-context-prompt-length), may be empty.
    std::string context;
    std::int64_t system_tokens = 0;   // tokens of `system`
    std::int64_t context_tokens = 0;  // tokens of `context`
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
