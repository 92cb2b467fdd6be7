// Command-line splitting: which table row each argument names, and its value.
#include <algorithm>
#include <cctype>
#include <optional>

#include "convert.h"
#include "parser.h"
#include "ringperf/base/json_writer.h"

namespace ringperf::config::detail {

namespace {

constexpr std::string_view redacted = "<redacted>";

struct lookup {
    const std::vector<const option_spec*>& specs;
    std::span<const preset> presets;

    std::size_t row_of_key(std::string_view key) const {
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (specs[i]->key == key) return i;
        return specs.size();
    }
    // Row of a long name or alias (without "--").
    std::size_t row_of_long(std::string_view name) const {
        for (std::size_t i = 0; i < specs.size(); ++i) {
            const auto& a = specs[i]->aliases;
            if (specs[i]->name == name || std::find(a.begin(), a.end(), name) != a.end()) return i;
        }
        return specs.size();
    }
    std::size_t row_of_short(std::string_view name) const {
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (!specs[i]->short_name.empty() && specs[i]->short_name == name) return i;
        return specs.size();
    }
    const preset* preset_of(std::string_view name, bool is_short) const {
        for (const auto& p : presets)
            if ((is_short ? p.short_name : p.name) == name) return &p;
        return nullptr;
    }

    std::vector<std::string> long_candidates() const {
        std::vector<std::string> out{"--config", "--help"};
        for (const auto* s : specs) {
            out.push_back("--" + std::string(s->name));
            for (auto a : s->aliases)
                out.push_back("--" + std::string(a));
            if (s->negatable) out.push_back("--no-" + std::string(s->name));
        }
        for (const auto& p : presets)
            out.push_back("--" + std::string(p.name));
        return out;
    }
};

bool looks_like_option(std::string_view a) {
    if (a.size() < 2 || a.front() != '-') return false;
    return a[1] == '-' || std::isalpha(static_cast<unsigned char>(a[1]));
}

// A header argument with credential values replaced, in the form it was given.
std::string redact_header(std::string_view text) {
    pair_list pairs;
    if (parse_header_item(text, pairs)) return std::string(text);
    if (std::none_of(pairs.begin(), pairs.end(),
                     [](const auto& p) { return is_credential_header(p.first); }))
        return std::string(text);
    const auto first = text.find_first_not_of(" \t");
    if (first != std::string_view::npos && text[first] == '{') {
        std::string json = "{";
        for (const auto& [k, v] : pairs) {
            if (json.size() > 1) json += ", ";
            json_append_string(json, k);
            json += ": ";
            json_append_string(json, is_credential_header(k) ? redacted : std::string_view(v));
        }
        return json + "}";
    }
    return pairs.front().first + ": " + std::string(redacted);
}

std::string shown_value(const option_spec& s, const std::string& text) {
    if (s.secret) return std::string(redacted);
    if (s.pairs == pair_style::header) return redact_header(text);
    return text;
}

class reader {
  public:
    reader(std::span<const std::string> args, const lookup& lk) : args_(args), lk_(lk) {}

    command_line run() {
        for (i_ = 0; i_ < args_.size(); ++i_)
            one(args_[i_]);
        return std::move(cl_);
    }

  private:
    void error(std::string message) { cl_.errors.emplace_back(i_, std::move(message)); }

    void quote(std::string_view token) {
        if (!cl_.quoted.empty()) cl_.quoted.push_back(' ');
        cl_.quoted += shell_quote(token);
    }

    // The value after an option: "=value" part or the next argument.
    bool take_value(std::string_view spelled, const option_spec& s,
                    std::optional<std::string>& text) {
        if (text) return true;
        if (i_ + 1 < args_.size() && !looks_like_option(args_[i_ + 1])) {
            text = args_[++i_];
            return true;
        }
        error(std::string(spelled) + ": missing value; expected " + expectation(s));
        return false;
    }

    void add(std::size_t row, std::string spelled, std::optional<std::string> text, bool negated,
             bool attached) {
        const option_spec& s = *lk_.specs[row];
        const std::size_t at = i_;
        if (s.kind != value_kind::flag && !take_value(spelled, s, text)) return;
        if (negated && text) {
            error(spelled + ": takes no value");
            return;
        }
        if (attached) {
            quote(text ? cat({spelled, "=", shown_value(s, *text)}) : spelled);
        } else {
            quote(spelled);
            if (text) quote(shown_value(s, *text));
        }
        cl_.occurrences.push_back(
            {row, at, std::move(spelled), text.value_or(""), text.has_value(), negated});
    }

    void add_preset(const preset& p, std::string spelled) {
        quote(spelled);
        cl_.occurrences.push_back(
            {lk_.row_of_key(p.key), i_, std::move(spelled), std::string(p.text), true, false});
    }

    void config(std::string spelled, std::optional<std::string> text, bool attached) {
        static const option_spec file_spec{.key = "", .name = "config", .expect = "a TOML file"};
        const std::size_t at = i_;
        if (!take_value(spelled, file_spec, text)) return;
        if (!cl_.config_path.empty()) error(spelled + ": given more than once");
        cl_.config_path = *text;
        quote(attached ? spelled + "=" + *text : spelled);
        if (i_ != at) quote(*text);
    }

    void one_long(std::string_view body) {
        const auto eq = body.find('=');
        const std::string name(body.substr(0, eq));
        std::optional<std::string> text;
        if (eq != std::string_view::npos) text = std::string(body.substr(eq + 1));
        const std::string spelled = "--" + name;
        const bool attached = text.has_value();
        if (name == "help") return help(spelled);
        if (name == "config") return config(spelled, std::move(text), attached);
        if (const auto row = lk_.row_of_long(name); row < lk_.specs.size())
            return add(row, spelled, std::move(text), false, attached);
        if (name.rfind("no-", 0) == 0) {
            const auto row = lk_.row_of_long(name.substr(3));
            if (row < lk_.specs.size() && lk_.specs[row]->negatable)
                return add(row, spelled, std::move(text), true, attached);
        }
        if (const preset* p = lk_.preset_of(name, false); p && !text)
            return add_preset(*p, spelled);
        error("unknown option '" + spelled + "'" + suggestion(spelled, lk_.long_candidates()));
        // Its value, if it had one, is not a stray argument of its own.
        if (!attached && i_ + 1 < args_.size() && !looks_like_option(args_[i_ + 1])) ++i_;
    }

    void one_short(std::string_view body) {
        const std::string spelled = cat({"-", body});
        if (body == "h") return help(spelled);
        if (body == "f") return config(spelled, std::nullopt, false);
        if (const preset* p = lk_.preset_of(body, true)) return add_preset(*p, spelled);
        if (const auto row = lk_.row_of_short(body); row < lk_.specs.size())
            return add(row, spelled, std::nullopt, false, false);
        // "-mvalue" / "-m=value"
        const auto row = lk_.row_of_short(body.substr(0, 1));
        if (row < lk_.specs.size() && lk_.specs[row]->kind != value_kind::flag) {
            std::string_view rest = body.substr(1);
            if (rest.front() == '=') rest.remove_prefix(1);
            return add(row, cat({"-", body.substr(0, 1)}), std::string(rest), false, true);
        }
        error("unknown option '" + spelled + "'");
    }

    void help(const std::string& spelled) {
        cl_.help = true;
        quote(spelled);
    }

    void one(const std::string& a) {
        if (a.rfind("--", 0) == 0 && a.size() > 2) return one_long(std::string_view(a).substr(2));
        if (a.size() > 1 && a.front() == '-') return one_short(std::string_view(a).substr(1));
        error("unexpected argument " + quote_text(a) +
              " (every value belongs to an option, e.g. --model NAME)");
    }

    std::span<const std::string> args_;
    const lookup& lk_;
    command_line cl_;
    std::size_t i_ = 0;
};

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

command_line read_args(std::span<const std::string> args,
                       const std::vector<const option_spec*>& specs,
                       std::span<const preset> presets) {
    const lookup lk{specs, presets};
    return reader(args, lk).run();
}

std::string suggestion(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::size_t limit = std::max<std::size_t>(2, typed.size() / 3);
    const std::string* best = nullptr;
    std::size_t best_d = limit + 1;
    const bool dotted = typed.find('.') != std::string_view::npos;
    for (const auto& c : candidates) {
        std::size_t d = edit_distance(typed, c);
        // A misspelled start of a longer name ("--strem" for "--streaming").
        if (c.size() > typed.size() && typed.size() >= 5)
            d = std::min(d, edit_distance(typed, std::string_view(c).substr(0, typed.size())) + 1);
        // A bare TOML key may just lack its section: "concurrency" for "load.concurrency".
        if (const auto dot = c.find('.'); !dotted && dot != std::string::npos)
            d = std::min(d, edit_distance(typed, std::string_view(c).substr(dot + 1)));
        if (d < best_d) {
            best_d = d;
            best = &c;
        }
    }
    return best ? " (did you mean '" + *best + "'?)" : "";
}

std::string shell_quote(std::string_view arg) {
    const bool safe = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
    });
    if (safe) return std::string(arg);
    std::string out = "'";
    for (char c : arg) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out.push_back(c);
        }
    }
    return out + "'";
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += (out.empty() ? "" : "\n") + l;
    return out;
}

}  // namespace ringperf::config::detail
