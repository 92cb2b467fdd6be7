// The option table: one descriptor per option, read by the flag parser, the TOML reader,
// validation, --help and the dumps (config.h). Adding an option means adding one row.
//
// The tables are immutable, built on first use, and live until exit; views into them stay
// valid for the whole program.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ringperf/config/config.h"

namespace ringperf::config {

enum class value_kind {
    flag,     // --x (true), --no-x (false when negatable), --x=true|false; TOML boolean
    integer,  // within [min_int, max_int]; a comma list when `sweep`
    number,   // within min_number..max_number; TOML integers accepted; a comma list when `sweep`
    text,     // any string
    choice,   // one of `choices` (case-insensitive), stored as the canonical word
    list,     // repeatable; comma lists when split_commas; TOML array of strings or a string
    pairs,    // repeatable key/value entries, see pair_style
};

enum class pair_style {
    none,
    // HTTP headers: "Name:Value" or a JSON object of strings; TOML table of strings.
    // Names are unique case-insensitively (a later entry replaces an earlier one).
    header,
    // Request body fields: "key:value" with the value parsed as JSON when it is valid JSON,
    // else taken as a string; or a JSON object. TOML table of any values. Values are stored
    // serialized as canonical JSON. Keys are unique (a later entry replaces an earlier one).
    json,
};

// A value on its way into or out of a target struct. Which members matter depends on the
// option's kind; integer options set `number` too.
struct value {
    bool flag = false;
    std::int64_t integer = 0;
    double number = 0;
    std::string text;  // text and choice
    std::vector<std::string> items;
    std::vector<std::pair<std::string, std::string>> pairs;
    // Sweep options given a list of two or more values: every value in order (integers
    // exactly, they are within 2^53); `integer` / `number` hold the first. Empty otherwise.
    std::vector<double> numbers;
};

struct choice {
    std::string_view word;       // accepted spelling, compared case-insensitively
    std::string_view canonical;  // what is stored; empty: the word is rejected with `reason`
    std::string_view reason = {};
};

// Everything about an option except how it reaches its target struct.
struct option_spec {
    std::string_view key;                        // TOML "section.key"
    std::string_view name;                       // long flag without "--"
    std::vector<std::string_view> aliases = {};  // further long flags, without "--"
    std::string_view short_name = {};            // without "-": "m", "vv"
    value_kind kind = value_kind::text;
    std::string_view group = {};    // --help heading
    std::string_view metavar = {};  // --help placeholder for the value
    std::string_view help = {};
    std::int64_t min_int = std::numeric_limits<std::int64_t>::min();
    std::int64_t max_int = std::numeric_limits<std::int64_t>::max();
    double min_number = -std::numeric_limits<double>::infinity();
    double max_number = std::numeric_limits<double>::infinity();
    bool min_exclusive = false;  // number: "> min" instead of ">= min"
    bool max_exclusive = false;  // number: "< max" instead of "<= max"
    bool allow_inf = false;      // number: "inf" accepted beyond max_number
    std::vector<choice> choices = {};
    bool split_commas = false;  // list: "a,b" gives two items
    // integer / number: "10,20,40" (TOML: [10, 20, 40]) gives a sweep, every value checked
    // against the same bounds; one value is an ordinary scalar.
    bool sweep = false;
    bool negatable = false;  // flag: --no-<name> accepted
    pair_style pairs = pair_style::none;
    bool secret = false;     // never dumped, redacted in cli_command and JSON
    bool required = false;   // an error when neither a flag nor the file sets it
    bool non_empty = false;  // text: "" rejected
    // text: a file path; a relative one in a --config file is relative to that file's
    // directory (and is made absolute), on the command line to the current directory.
    bool file_path = false;
    std::string_view default_note = {};  // --help default when the default value says too little
    std::string_view expect = {};        // replaces the generated "an integer >= 1" phrase
    // Extra check on a converted value; failing reports "expected <expect>".
    bool (*valid)(const value&) = nullptr;
    // Check of a text value or of each list item; returns the problem (empty when fine),
    // e.g. a URL error or an unreadable file.
    std::string (*check_item)(std::string_view item) = nullptr;
};

template <typename Target>
struct option {
    option_spec spec;
    // Stores a converted, validated value.
    void (*set)(Target&, value&&) = nullptr;
    // The current value; nullopt when the target leaves the option unset (optional fields,
    // or a default that must not become explicit when dumped and loaded again).
    std::optional<value> (*get)(const Target&) = nullptr;
};

// A flag that stands for another option with a fixed value (-v = --log-level debug).
struct preset {
    std::string_view name;        // long flag without "--"
    std::string_view short_name;  // without "-"
    std::string_view key;         // TOML key of the option it sets
    std::string_view text;        // the value, as it would be typed
    std::string_view help;
};

std::span<const option<run_plan>> profile_table();
std::span<const preset> profile_presets();
std::span<const option<mock::mock_options>> mock_table();

// The phrase after "expected " in error messages, e.g. "an integer >= 1".
std::string expectation(const option_spec& o);

}  // namespace ringperf::config
