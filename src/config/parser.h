// The table-driven parser shared by `profile` and `mock`: splits the command line into
// option occurrences, applies a TOML file, then the occurrences, collecting every error.
// Internal to the config module.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/config/option_table.h"

namespace ringperf::config::detail {

// Who set an option last: the flag as typed, or "file:line:col: section.key".
struct origin {
    std::string subject;
    bool from_file = false;
    bool failed = false;  // the value was rejected (and reported)
};
using origin_map = std::map<std::string, origin, std::less<>>;  // by TOML key

struct occurrence {
    std::size_t option = 0;  // index into the table
    std::size_t arg = 0;     // index of the argument that named it
    std::string spelled;     // "--model", "-m", "-v" (without "=value")
    std::string text;        // the value as typed
    bool has_text = false;   // false for a bare flag
    bool negated = false;    // --no-<flag>
};

struct command_line {
    std::vector<occurrence> occurrences;
    std::string config_path;
    bool help = false;
    std::vector<std::pair<std::size_t, std::string>> errors;  // argument index, message
    // The arguments shell-quoted and joined, secrets and credential headers redacted.
    std::string quoted;
};

// `specs[i]` is the spec of table row i; presets refer to rows by TOML key.
command_line read_args(std::span<const std::string> args,
                       const std::vector<const option_spec*>& specs,
                       std::span<const preset> presets);

template <typename Target>
std::vector<const option_spec*> specs_of(std::span<const option<Target>> table) {
    std::vector<const option_spec*> out;
    for (const auto& o : table)
        out.push_back(&o.spec);
    return out;
}

template <typename Target>
struct context {
    std::span<const option<Target>> table;
    Target& target;
    std::vector<std::string>& errors;
    origin_map& set_by;
};

// Reads and applies a TOML file. Top-level tables named in `foreign` belong to another
// command and are skipped.
template <typename Target>
void apply_file(const std::string& path, std::span<const std::string_view> foreign,
                context<Target>& ctx);

// Applies the occurrences in order: scalars last-wins, lists replace what the file set and
// then accumulate, key/value pairs merge. Reports the command line's errors, its own and
// those found while reading the arguments, in argument order.
template <typename Target>
void apply_args(const command_line& cl, context<Target>& ctx);

// One error per required option that nothing set.
void check_required(const std::vector<const option_spec*>& specs, const origin_map& set_by,
                    std::vector<std::string>& errors);

// " (did you mean 'x'?)" for the closest candidate within a few edits, else "".
std::string suggestion(std::string_view typed, const std::vector<std::string>& candidates);
std::string shell_quote(std::string_view arg);
std::string join_lines(const std::vector<std::string>& lines);

}  // namespace ringperf::config::detail
