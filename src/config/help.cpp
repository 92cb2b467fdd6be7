// --help text, generated from the option tables.
#include <algorithm>

#include "convert.h"

using ringperf::config::detail::cat;
#include "ringperf/config/config.h"
#include "ringperf/config/option_table.h"

namespace ringperf::config {

namespace {

constexpr std::size_t width = 100;
constexpr std::string_view indent = "      ";

// Wraps `text` at `width`, breaking only between the pieces `sep` separates (words for
// prose; whole "key: value" items for the bracketed details line).
void wrapped(std::string& out, std::string_view text, std::string_view sep = " ") {
    std::string line(indent);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(sep, pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view piece = text.substr(pos, end - pos);
        if (line.size() > indent.size() && line.size() + sep.size() + piece.size() > width) {
            out += line + (sep == " " ? "" : std::string(sep.substr(0, sep.size() - 1))) + "\n";
            line = indent;
        } else if (line.size() > indent.size()) {
            line += sep;
        }
        line += piece;
        pos = end + sep.size();
    }
    out += line + "\n";
}

std::string names(const option_spec& s) {
    std::string n = "  ";
    if (!s.short_name.empty()) n += cat({"-", s.short_name, ", "});
    n += "--" + std::string(s.name);
    if (s.negatable) n += ", --no-" + std::string(s.name);
    for (auto a : s.aliases)
        n += ", --" + std::string(a);
    if (s.kind != value_kind::flag) n += " <" + std::string(s.metavar) + ">";
    return n;
}

std::string default_text(const option_spec& s, const std::optional<value>& v) {
    if (s.required) return "required";
    if (!s.default_note.empty()) return "default: " + std::string(s.default_note);
    if (!v) return {};
    return "default: " + detail::display_value(s, *v);
}

std::string details(const option_spec& s, const std::optional<value>& v) {
    std::string d;
    if (s.kind == value_kind::choice) d = "one of: " + expectation(s).substr(7) + "; ";
    if (s.kind == value_kind::list) d = "repeatable; ";
    if (s.kind == value_kind::pairs) d = "repeatable; ";
    if (s.sweep) d = "a comma list sweeps; ";
    if (const auto def = default_text(s, v); !def.empty()) d += def + "; ";
    return d + "toml: " + std::string(s.key);
}

template <typename Target>
void option_lines(std::string& out, std::span<const option<Target>> table,
                  std::span<const preset> presets) {
    const Target defaults{};
    std::vector<std::string_view> groups;
    for (const auto& o : table)
        if (std::find(groups.begin(), groups.end(), o.spec.group) == groups.end())
            groups.push_back(o.spec.group);
    for (auto g : groups) {
        out += cat({"\n", g, ":\n"});
        for (const auto& o : table) {
            if (o.spec.group != g) continue;
            out += names(o.spec) + "\n";
            wrapped(out, o.spec.help);
            wrapped(out, cat({"[", details(o.spec, o.get(defaults)), "]"}), "; ");
        }
        for (const auto& p : presets) {
            const auto it = std::find_if(table.begin(), table.end(),
                                         [&](const auto& o) { return o.spec.key == p.key; });
            if (it == table.end() || it->spec.group != g) continue;
            out += "  -" + std::string(p.short_name) + ", --" + std::string(p.name) + "\n";
            wrapped(out, p.help);
        }
    }
}

// "[endpoint], [input], ..." in table order.
template <typename Target>
std::string section_list(std::span<const option<Target>> table) {
    std::string out;
    std::string_view last;
    for (const auto& o : table) {
        const std::string_view section = o.spec.key.substr(0, o.spec.key.find('.'));
        if (section == last) continue;
        last = section;
        out += cat({out.empty() ? "" : ", ", "[", section, "]"});
    }
    return out;
}

void general(std::string& out, std::string_view sections) {
    out += "\nGeneral:\n";
    out += "  -f, --config <FILE>\n";
    wrapped(out, "Read options from a TOML file (" + std::string(sections) +
                     "); flags override the file wherever they appear.");
    out += "  -h, --help\n";
    wrapped(out, "Show this help and exit.");
}

}  // namespace

std::string help(command c) {
    std::string out;
    if (c == command::profile) {
        out =
            "Usage: ringperf profile -m MODEL [options]\n\n"
            "Benchmarks an OpenAI-compatible chat or completions endpoint. Flag names and aliases\n"
            "follow AIPerf. Every option has a TOML key ([toml: section.key]) for --config "
            "files.\n";
        option_lines<run_plan>(out, profile_table(), profile_presets());
        general(out, "tables " + section_list(profile_table()));
        out +=
            "\nExit status:\n"
            "  0    the run completed and its results were written (see the error summary for\n"
            "       requests that failed)\n"
            "  1    a fatal error stopped the run; partial results were written\n"
            "  2    bad command line or configuration; nothing was run\n"
            "  3    the server could not be reached, or this machine cannot run the engine\n"
            "  4    the run completed but no request succeeded\n"
            "  5    more requests failed than --failed-request-threshold allows: the run was\n"
            "       aborted; partial results were written\n"
            "  130  interrupted by SIGINT or SIGTERM; partial results were written\n";
    } else {
        out =
            "Usage: ringperf mock [options]\n\n"
            "Runs the mock OpenAI-compatible server with a deterministic token clock. Every\n"
            "option has a TOML key ([toml: mock.key]) for --config files.\n";
        option_lines<mock::mock_options>(out, mock_table(), {});
        general(out, "table [mock]");
    }
    return out;
}

}  // namespace ringperf::config
