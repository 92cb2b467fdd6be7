// The resolved run written back out as TOML that loads again (input_config.cpp writes the
// JSON form).
#include <functional>

#include "convert.h"
#include "ringperf/config/config.h"
#include "ringperf/config/option_table.h"

namespace ringperf::config {

namespace {

constexpr std::size_t comment_width = 96;

void comment(std::string& out, std::string_view text) {
    std::string line = "#";
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(pos, end - pos);
        if (line.size() > 1 && line.size() + 1 + word.size() > comment_width) {
            out += line + "\n";
            line.resize(1);
        }
        line += " ";
        line += word;
        pos = end + 1;
    }
    out += line + "\n";
}

std::string_view section_of(std::string_view key) {
    return key.substr(0, key.find('.'));
}
std::string_view name_in_section(std::string_view key) {
    return key.substr(key.find('.') + 1);
}

std::string not_set(const option_spec& s) {
    std::string line = "# " + std::string(name_in_section(s.key)) + " is not set";
    if (!s.default_note.empty()) line += " (default: " + std::string(s.default_note) + ")";
    return line + "\n";
}

// Credential headers are left out of the file; a comment says so.
void drop_credentials(std::string& out, value& v) {
    std::erase_if(v.pairs, [&](const auto& p) {
        if (!detail::is_credential_header(p.first)) return false;
        out += "# header " + p.first + " is set but not written here\n";
        return true;
    });
}

template <typename Target>
std::string dump_table(std::span<const option<Target>> table, const Target& target,
                       std::string_view title,
                       const std::function<std::string(const option_spec&)>& secret_note) {
    std::string out;
    comment(out, title);
    std::string_view section;
    for (const auto& opt : table) {
        const option_spec& s = opt.spec;
        if (section_of(s.key) != section) {
            section = section_of(s.key);
            out += "\n[" + std::string(section) + "]\n";
        }
        comment(out, s.help);
        if (s.secret) {
            out += secret_note(s);
            continue;
        }
        auto v = opt.get(target);
        if (!v) {
            out += not_set(s);
            continue;
        }
        if (s.pairs == pair_style::header) drop_credentials(out, *v);
        out += std::string(name_in_section(s.key)) + " = " + detail::toml_value(s, *v) + "\n";
    }
    return out;
}

std::string api_key_note(const run_plan& p, const option_spec& s) {
    const std::string name(name_in_section(s.key));
    switch (p.api_key_source) {
        case secret_source::none:
            return "# " + name + " is not set (default: $OPENAI_API_KEY)\n";
        case secret_source::flag:
            return "# " + name + " was given with --api-key and is not written here\n";
        case secret_source::environment:
            return "# " + name + " came from $OPENAI_API_KEY and is not written here\n";
        case secret_source::file:
            return "# " + name + " came from " + p.config_path + " and is not written here\n";
    }
    return {};
}

}  // namespace

std::string dump_toml(const run_plan& p) {
    return dump_table<run_plan>(
        profile_table(), p,
        "ringperf profile run, fully resolved. Run it again with: ringperf profile --config "
        "<this file>",
        [&](const option_spec& s) { return api_key_note(p, s); });
}

std::string dump_toml(const mock::mock_options& m) {
    return dump_table<mock::mock_options>(
        mock_table(), m,
        "ringperf mock server settings. Start it with: ringperf mock --config "
        "<this file>",
        [](const option_spec&) { return std::string(); });
}

}  // namespace ringperf::config
