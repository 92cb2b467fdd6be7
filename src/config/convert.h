// Conversions between the ways an option value is written (flag text, TOML node, dumped
// TOML/JSON text) and config::value. Internal to the config module.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ringperf/config/option_table.h"

namespace ringperf::config::detail {

// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s);

using pair_list = std::vector<std::pair<std::string, std::string>>;

struct problem {
    std::string text;
    // The text continues the offending value ("dashboard is not available ..."), so the
    // message shows the value before it instead of "subject: text".
    bool follows_value = false;
    // Position of a nested value that caused it (line 0: the option's value itself).
    toml::source_position where{0, 0};
};

// Flag text into `out`; nullopt when it is valid.
std::optional<problem> from_text(const option_spec& o, std::string_view text, value& out);
// A TOML value into `out`; nullopt when it is valid.
std::optional<problem> from_node(const option_spec& o, const toml::node& n, value& out);

// 'abc' for messages (flag text as typed).
std::string quote_text(std::string_view text);
// A TOML value as it would be written: -1, "abc", true, or "an array" / "a table".
std::string describe_node(const toml::node& n);

// One TOML value for the dump. Extra inputs that TOML cannot hold (a JSON null) make the
// whole option fall back to the array-of-"key:value" form.
std::string toml_value(const option_spec& o, const value& v);
// A value for --help's "default:" note.
std::string display_value(const option_spec& o, const value& v);

std::string toml_string(std::string_view s);
std::string toml_key(std::string_view k);  // bare when possible, quoted otherwise
std::string toml_float(double d);          // always with a fraction or exponent; inf
std::string json_float(double d);          // like toml_float; never called with inf/nan

// --header / --extra-inputs items (CLI syntax). Append to `out`; return the problem text.
std::optional<std::string> parse_header_item(std::string_view text, pair_list& out);
std::optional<std::string> parse_json_item(std::string_view text, pair_list& out);
// Adds one header after checking its name and value; returns the problem text.
std::optional<std::string> add_header(std::string_view name, std::string_view val, pair_list& out);
// Entries of `from` replace entries of `into` with the same key (headers: any case).
void merge_pairs(pair_style style, pair_list& into, const pair_list& from);
// Authorization-like headers whose values are never written out.
bool is_credential_header(std::string_view name);

// Canonical JSON text of `text` when it is valid JSON.
std::optional<std::string> canonical_json(std::string_view text);
// TOML inline form of a canonical JSON value; nullopt for values TOML cannot hold (null,
// integers beyond int64).
std::optional<std::string> json_to_toml(std::string_view json);
// Canonical JSON of a TOML value; nullopt and `why` set for what JSON cannot hold.
std::optional<std::string> node_to_json(const toml::node& n, problem& why);

// Table entries in document order (toml::table iterates sorted by key).
std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_order(const toml::table& t);

bool iequals(std::string_view a, std::string_view b);

// Joins `parts`. Preferred over `"literal" + std::string(...)` chains, which GCC 12 at -O2
// misreads as overlapping copies (-Wrestrict).
std::string cat(std::initializer_list<std::string_view> parts);

}  // namespace ringperf::config::detail
