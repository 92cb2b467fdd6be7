// Applying a TOML file and the command line to a target struct through its option table.
#include "parser.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "convert.h"
#include "ringperf/base/file.h"

namespace ringperf::config::detail {

namespace {

// A relative file path in a --config file names a file beside the config file; empty when
// the option is not a path or the value needs no change.
std::string relative_to_file(const option_spec& spec, const toml::node& node,
                             const std::string& config_path) {
    if (!spec.file_path || !node.is_string()) return {};
    const std::filesystem::path p(node.as_string()->get());
    if (p.empty() || p.is_absolute()) return {};
    const auto dir = std::filesystem::path(config_path).parent_path();
    return std::filesystem::absolute(dir / p).lexically_normal().string();
}

std::string at(const std::string& path, toml::source_position p) {
    return path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": ";
}

std::string_view section_of(std::string_view key) {
    return key.substr(0, key.find('.'));
}

std::vector<std::string> all_keys(const std::vector<const option_spec*>& specs) {
    std::vector<std::string> out;
    for (const auto* s : specs)
        out.emplace_back(s->key);
    return out;
}

template <typename Target>
class file_reader {
  public:
    file_reader(const std::string& path, context<Target>& ctx)
        : path_(path), ctx_(ctx), specs_(specs_of(ctx.table)) {}

    void section(const std::string& name, const toml::table& t) {
        for (const auto& [k, node] : entries_in_order(t)) {
            const std::string full = name + "." + std::string(k->str());
            const auto it = std::find_if(specs_.begin(), specs_.end(),
                                         [&](const option_spec* s) { return s->key == full; });
            if (it == specs_.end()) {
                unknown(full, k->source().begin);
                continue;
            }
            assign(static_cast<std::size_t>(it - specs_.begin()), full, *node);
        }
    }

    void unknown(const std::string& full, toml::source_position p) {
        ctx_.errors.push_back(at(path_, p) + "unknown key '" + full + "'" +
                              suggestion(full, all_keys(specs_)));
    }

    void unknown_section(const std::string& name, toml::source_position p,
                         const std::set<std::string_view>& sections) {
        std::vector<std::string> candidates(sections.begin(), sections.end());
        for (auto& k : all_keys(specs_))
            candidates.push_back(k);
        ctx_.errors.push_back(at(path_, p) + "unknown key '" + name + "'" +
                              suggestion(name, candidates));
    }

  private:
    void assign(std::size_t row, const std::string& full, const toml::node& node) {
        const auto& opt = ctx_.table[row];
        value v;
        const toml::value<std::string> relocated(relative_to_file(opt.spec, node, path_));
        const toml::node& given = relocated.get().empty() ? node : relocated;
        if (auto p = from_node(opt.spec, given, v)) {
            const auto pos = p->where.line ? p->where : node.source().begin;
            std::string msg = at(path_, pos) + full + ": ";
            if (p->follows_value) msg += describe_node(node) + " ";
            ctx_.errors.push_back(msg + p->text);
            ctx_.set_by[full] = {at(path_, node.source().begin) + full, true, true};
            return;
        }
        opt.set(ctx_.target, std::move(v));
        ctx_.set_by[full] = {at(path_, node.source().begin) + full, true};
    }

    const std::string& path_;
    context<Target>& ctx_;
    std::vector<const option_spec*> specs_;
};

}  // namespace

template <typename Target>
void apply_file(const std::string& path, std::span<const std::string_view> foreign,
                context<Target>& ctx) {
    auto content = read_file(path);
    if (!content) {
        ctx.errors.push_back("--config: " + content.message());
        return;
    }
    toml::table doc;
    try {
        doc = toml::parse(std::string_view(*content), std::string_view(path));
    } catch (const toml::parse_error& e) {
        ctx.errors.push_back(at(path, e.source().begin) + std::string(e.description()));
        return;
    }
    std::set<std::string_view> sections;
    for (const auto& o : ctx.table)
        sections.insert(section_of(o.spec.key));
    file_reader<Target> reader(path, ctx);
    for (const auto& [k, node] : entries_in_order(doc)) {
        const std::string name(k->str());
        if (std::find(foreign.begin(), foreign.end(), name) != foreign.end()) continue;
        if (!sections.count(name)) {
            reader.unknown_section(name, k->source().begin, sections);
        } else if (const auto* t = node->as_table()) {
            reader.section(name, *t);
        } else {
            ctx.errors.push_back(at(path, k->source().begin) + "'" + name + "' must be a table ([" +
                                 name + "]), got " + describe_node(*node));
        }
    }
}

template <typename Target>
void apply_args(const command_line& cl, context<Target>& ctx) {
    std::vector<bool> seen(ctx.table.size(), false);
    auto errors = cl.errors;
    for (const auto& occ : cl.occurrences) {
        const auto& opt = ctx.table[occ.option];
        value v;
        if (!occ.has_text) {
            v.flag = !occ.negated;
        } else if (auto p = from_text(opt.spec, occ.text, v)) {
            errors.emplace_back(occ.arg, p->follows_value
                                             ? occ.spelled + " " + occ.text + " " + p->text
                                             : occ.spelled + ": " + p->text);
            ctx.set_by[std::string(opt.spec.key)] = {occ.spelled, false, true};
            continue;
        }
        if (opt.spec.kind == value_kind::list && seen[occ.option]) {
            auto current = opt.get(ctx.target).value_or(value{});
            for (auto& item : v.items)
                current.items.push_back(std::move(item));
            v = std::move(current);
        } else if (opt.spec.kind == value_kind::pairs) {
            auto current = opt.get(ctx.target).value_or(value{});
            merge_pairs(opt.spec.pairs, current.pairs, v.pairs);
            v = std::move(current);
        }
        opt.set(ctx.target, std::move(v));
        seen[occ.option] = true;
        ctx.set_by[std::string(opt.spec.key)] = {occ.spelled, false};
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& e : errors)
        ctx.errors.push_back(std::move(e.second));
}

void check_required(const std::vector<const option_spec*>& specs, const origin_map& set_by,
                    std::vector<std::string>& errors) {
    for (const auto* s : specs) {
        if (!s->required || set_by.count(s->key)) continue;
        std::string flag = "--" + std::string(s->name);
        if (!s->short_name.empty()) flag = cat({"-", s->short_name, "/", flag});
        errors.push_back("--" + std::string(s->name) + ": required; give " + flag + " " +
                         std::string(s->metavar) + " or set " + std::string(s->key) +
                         " in the --config file");
    }
}

template void apply_file<run_plan>(const std::string&, std::span<const std::string_view>,
                                   context<run_plan>&);
template void apply_file<mock::mock_options>(const std::string&, std::span<const std::string_view>,
                                             context<mock::mock_options>&);
template void apply_args<run_plan>(const command_line&, context<run_plan>&);
template void apply_args<mock::mock_options>(const command_line&, context<mock::mock_options>&);

}  // namespace ringperf::config::detail
