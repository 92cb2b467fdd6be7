#include "convert.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "ringperf/base/json_writer.h"

namespace ringperf::config::detail {

namespace {

std::string number_text(double d) {
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    return format_double(d);
}

// Integer bounds this large are limits of the field's type, not of the setting: messages
// leave them out unless the value actually exceeds them.
bool type_bound(std::int64_t max) {
    return max >= std::numeric_limits<std::uint32_t>::max();
}

problem expected(const option_spec& o, const std::string& got) {
    return {"expected " + expectation(o) + ", got " + got};
}

bool parse_int(std::string_view t, std::int64_t& out) {
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    if (t.empty()) return false;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && p == t.data() + t.size();
}

bool parse_double(std::string_view t, bool allow_inf, double& out) {
    if (allow_inf && (iequals(t, "inf") || iequals(t, "infinity") || iequals(t, "+inf"))) {
        out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    if (t.empty() || std::isalpha(static_cast<unsigned char>(t.back()))) return false;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && p == t.data() + t.size() && std::isfinite(out);
}

bool in_range(const option_spec& o, const value& v) {
    switch (o.kind) {
        case value_kind::integer:
            return v.integer >= o.min_int && v.integer <= o.max_int;
        case value_kind::number:
            if (std::isinf(v.number)) return v.number > 0 && o.allow_inf;
            if (o.min_exclusive ? v.number <= o.min_number : v.number < o.min_number) return false;
            return o.max_exclusive ? v.number < o.max_number : v.number <= o.max_number;
        case value_kind::text:
            return !(o.non_empty && v.text.empty());
        default:
            return true;
    }
}

// Checks shared by both sources, after the value has the right type.
std::optional<problem> validate(const option_spec& o, const value& v, const std::string& got) {
    if (o.kind == value_kind::integer && v.integer > o.max_int && type_bound(o.max_int))
        return problem{"expected an integer <= " + std::to_string(o.max_int) + ", got " + got};
    if (!in_range(o, v)) return expected(o, got);
    if (o.valid && !o.valid(v)) return expected(o, got);
    if (o.check_item && o.kind == value_kind::text)
        if (auto msg = o.check_item(v.text); !msg.empty()) return problem{msg};
    if (o.check_item)
        for (const auto& item : v.items)
            if (auto msg = o.check_item(item); !msg.empty()) return problem{msg};
    return std::nullopt;
}

// The first value of a sweep list fills the scalar members.
void keep_first(value& out) {
    out.number = out.numbers.front();
    out.integer = static_cast<std::int64_t>(out.numbers.front());
}

std::optional<problem> pick_choice(const option_spec& o, std::string_view word, value& out,
                                   const std::string& got) {
    for (const auto& c : o.choices) {
        if (!iequals(c.word, word)) continue;
        if (c.canonical.empty()) return problem{std::string(c.reason), true};
        out.text = std::string(c.canonical);
        return std::nullopt;
    }
    return expected(o, got);
}

std::optional<problem> split_list(const option_spec& o, std::string_view text, value& out) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = o.split_commas ? text.find(',', start) : std::string_view::npos;
        if (end == std::string_view::npos) end = text.size();
        if (auto item = trim(text.substr(start, end - start)); !item.empty())
            out.items.emplace_back(item);
        start = end + 1;
    }
    if (out.items.empty()) return expected(o, quote_text(text));
    return std::nullopt;
}

std::optional<problem> pairs_from_text(const option_spec& o, std::string_view text, value& out) {
    auto msg = o.pairs == pair_style::header ? parse_header_item(text, out.pairs)
                                             : parse_json_item(text, out.pairs);
    if (msg) return problem{*msg};
    return std::nullopt;
}

std::optional<problem> list_from_node(const option_spec& o, const toml::node& n, value& out) {
    if (const auto* s = n.as_string()) return split_list(o, s->get(), out);
    const auto* a = n.as_array();
    if (!a) return problem{"expected a string or an array of strings, got " + describe_node(n)};
    for (const auto& item : *a) {
        const auto* s = item.as_string();
        if (!s)
            return problem{"expected a string, got " + describe_node(item), false,
                           item.source().begin};
        out.items.push_back(s->get());
    }
    return std::nullopt;
}

std::optional<problem> pairs_from_node(const option_spec& o, const toml::node& n, value& out) {
    if (const auto* a = n.as_array()) {
        for (const auto& item : *a) {
            const auto* s = item.as_string();
            std::optional<problem> p;
            if (s) p = pairs_from_text(o, s->get(), out);
            if (!s) p = expected(o, describe_node(item));
            if (p) return problem{p->text, false, item.source().begin};
        }
        return std::nullopt;
    }
    const auto* t = n.as_table();
    if (!t) return expected(o, describe_node(n));
    for (const auto& [k, v] : entries_in_order(*t)) {
        if (o.pairs == pair_style::header) {
            const auto* s = v->as_string();
            if (!s)
                return problem{"header " + std::string(k->str()) +
                                   ": expected a string value, got " + describe_node(*v),
                               false, v->source().begin};
            if (auto msg = add_header(k->str(), s->get(), out.pairs))
                return problem{*msg, false, k->source().begin};
        } else {
            problem why;
            auto json = node_to_json(*v, why);
            if (!json) return why;
            merge_pairs(pair_style::json, out.pairs, {{std::string(k->str()), *json}});
        }
    }
    return std::nullopt;
}

// "10,20,40": every item is checked as if it had been given alone.
std::optional<problem> sweep_from_text(const option_spec& o, std::string_view text, value& out) {
    std::size_t start = 0;
    for (;;) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        value one;
        if (auto p = from_text(o, trim(text.substr(start, end - start)), one))
            return problem{p->text + " (in the list " + quote_text(text) + ")"};
        out.numbers.push_back(o.kind == value_kind::integer ? static_cast<double>(one.integer)
                                                            : one.number);
        if (end == text.size()) break;
        start = end + 1;
    }
    keep_first(out);
    return std::nullopt;
}

std::optional<problem> sweep_from_node(const option_spec& o, const toml::array& a, value& out) {
    if (a.empty()) return problem{"expected " + expectation(o) + " or an array of them, got []"};
    for (const auto& item : a) {
        value one;
        auto p = item.is_array() ? std::optional(expected(o, "an array")) : from_node(o, item, one);
        if (p) {
            if (!p->where.line) p->where = item.source().begin;
            return p;
        }
        out.numbers.push_back(o.kind == value_kind::integer ? static_cast<double>(one.integer)
                                                            : one.number);
    }
    keep_first(out);
    if (out.numbers.size() < 2) out.numbers.clear();
    return std::nullopt;
}

std::string sweep_items(const option_spec& o, const value& v, std::string_view sep) {
    std::string s;
    for (double d : v.numbers) {
        if (!s.empty()) s += sep;
        s += o.kind == value_kind::integer ? std::to_string(static_cast<std::int64_t>(d))
                                           : (sep == "," ? number_text(d) : toml_float(d));
    }
    return s;
}

}  // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string quote_text(std::string_view text) {
    return cat({"'", text, "'"});
}

std::string cat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (auto p : parts)
        n += p.size();
    std::string out;
    out.reserve(n);
    for (auto p : parts)
        out.append(p);
    return out;
}

std::string describe_node(const toml::node& n) {
    if (const auto* s = n.as_string()) return toml_string(s->get());
    if (const auto* i = n.as_integer()) return std::to_string(i->get());
    if (const auto* f = n.as_floating_point()) return toml_float(f->get());
    if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
    if (n.is_array()) return "an array";
    if (n.is_table()) return "a table";
    return "a date/time";
}

std::optional<problem> from_text(const option_spec& o, std::string_view text, value& out) {
    if (o.sweep && text.find(',') != std::string_view::npos) return sweep_from_text(o, text, out);
    const std::string got = quote_text(text);
    switch (o.kind) {
        case value_kind::flag:
            if (iequals(text, "true") || iequals(text, "false")) {
                out.flag = iequals(text, "true");
                return std::nullopt;
            }
            return expected(o, got);
        case value_kind::integer:
            if (!parse_int(text, out.integer)) return expected(o, got);
            out.number = static_cast<double>(out.integer);
            break;
        case value_kind::number:
            if (!parse_double(text, o.allow_inf, out.number)) return expected(o, got);
            break;
        case value_kind::text:
            out.text = std::string(text);
            break;
        case value_kind::choice:
            return pick_choice(o, trim(text), out, got);
        case value_kind::list:
            if (auto p = split_list(o, text, out)) return p;
            break;
        case value_kind::pairs:
            return pairs_from_text(o, text, out);
    }
    return validate(o, out, got);
}

std::optional<problem> from_node(const option_spec& o, const toml::node& n, value& out) {
    if (o.sweep && n.is_array()) return sweep_from_node(o, *n.as_array(), out);
    const std::string got = describe_node(n);
    switch (o.kind) {
        case value_kind::flag:
            if (!n.is_boolean()) return expected(o, got);
            out.flag = n.as_boolean()->get();
            return std::nullopt;
        case value_kind::integer:
            if (!n.is_integer()) return expected(o, got);
            out.integer = n.as_integer()->get();
            out.number = static_cast<double>(out.integer);
            break;
        case value_kind::number:
            if (n.is_integer()) {
                out.number = static_cast<double>(n.as_integer()->get());
            } else if (n.is_floating_point() && !std::isnan(n.as_floating_point()->get())) {
                out.number = n.as_floating_point()->get();
            } else {
                return expected(o, got);
            }
            break;
        case value_kind::text:
            if (!n.is_string()) return expected(o, got);
            out.text = n.as_string()->get();
            break;
        case value_kind::choice:
            if (!n.is_string()) return expected(o, got);
            return pick_choice(o, n.as_string()->get(), out, got);
        case value_kind::list:
            if (auto p = list_from_node(o, n, out)) return p;
            break;
        case value_kind::pairs:
            return pairs_from_node(o, n, out);
    }
    return validate(o, out, got);
}

std::string toml_string(std::string_view s) {
    std::string out;
    json_append_string(out, s);  // JSON's escapes are TOML basic-string escapes
    return out;
}

std::string toml_key(std::string_view k) {
    const bool bare = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    return bare ? std::string(k) : toml_string(k);
}

std::string toml_float(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    return json_float(d);
}

std::string toml_value(const option_spec& o, const value& v) {
    if (o.sweep && v.numbers.size() >= 2) return cat({"[", sweep_items(o, v, ", "), "]"});
    switch (o.kind) {
        case value_kind::flag:
            return v.flag ? "true" : "false";
        case value_kind::integer:
            return std::to_string(v.integer);
        case value_kind::number:
            return toml_float(v.number);
        case value_kind::text:
        case value_kind::choice:
            return toml_string(v.text);
        case value_kind::list: {
            std::string s = "[";
            for (std::size_t i = 0; i < v.items.size(); ++i)
                s += (i ? ", " : "") + toml_string(v.items[i]);
            return s + "]";
        }
        case value_kind::pairs:
            break;
    }
    std::string table = "{";
    for (std::size_t i = 0; i < v.pairs.size(); ++i) {
        const auto& [k, val] = v.pairs[i];
        std::string item =
            o.pairs == pair_style::header ? toml_string(val) : json_to_toml(val).value_or("");
        if (item.empty()) {  // not representable in TOML: the flag syntax, one string each
            std::string arr = "[";
            for (std::size_t j = 0; j < v.pairs.size(); ++j)
                arr += (j ? ", " : "") + toml_string(v.pairs[j].first + ":" + v.pairs[j].second);
            return arr + "]";
        }
        table += (i ? ", " : " ") + toml_key(k) + " = " + item;
    }
    return table + (v.pairs.empty() ? "}" : " }");
}

std::string display_value(const option_spec& o, const value& v) {
    if (o.sweep && v.numbers.size() >= 2) return sweep_items(o, v, ",");
    switch (o.kind) {
        case value_kind::flag:
            return v.flag ? "true" : "false";
        case value_kind::integer:
            return std::to_string(v.integer);
        case value_kind::number:
            return number_text(v.number);
        case value_kind::text:
        case value_kind::choice:
            return v.text.empty() ? "(none)" : v.text;
        case value_kind::list: {
            std::string s;
            for (const auto& item : v.items)
                s += (s.empty() ? "" : ",") + item;
            return s.empty() ? "(none)" : s;
        }
        case value_kind::pairs:
            return v.pairs.empty() ? "(none)" : toml_value(o, v);
    }
    return {};
}

std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_order(const toml::table& t) {
    std::vector<std::pair<const toml::key*, const toml::node*>> out;
    for (const auto& [k, v] : t)
        out.emplace_back(&k, &v);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        const auto pa = a.first->source().begin, pb = b.first->source().begin;
        return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    return out;
}

}  // namespace ringperf::config::detail

namespace ringperf::config {

std::string expectation(const option_spec& o) {
    if (!o.expect.empty()) return std::string(o.expect);
    switch (o.kind) {
        case value_kind::flag:
            return "true or false";
        case value_kind::integer:
            if (detail::type_bound(o.max_int)) return "an integer >= " + std::to_string(o.min_int);
            return "an integer between " + std::to_string(o.min_int) + " and " +
                   std::to_string(o.max_int);
        case value_kind::number: {
            std::string s = "a number";
            const bool has_min = std::isfinite(o.min_number);
            const bool has_max = std::isfinite(o.max_number);
            if (has_min && has_max && !o.min_exclusive && !o.max_exclusive) {
                s += " between " + detail::number_text(o.min_number) + " and " +
                     detail::number_text(o.max_number);
            } else {
                if (has_min)
                    s += (o.min_exclusive ? " > " : " >= ") + detail::number_text(o.min_number);
                if (has_max)
                    s += std::string(has_min ? " and" : "") + (o.max_exclusive ? " < " : " <= ") +
                         detail::number_text(o.max_number);
            }
            if (o.allow_inf) s += " or inf";
            return s;
        }
        case value_kind::text:
            return o.non_empty ? "a non-empty string" : "a string";
        case value_kind::choice: {
            std::string s = "one of ";
            bool first = true;
            for (const auto& c : o.choices) {
                if (c.word != c.canonical) continue;
                s += (first ? "" : ", ") + std::string(c.word);
                first = false;
            }
            return s;
        }
        case value_kind::list:
            return "a " + std::string(o.metavar) +
                   (o.split_commas ? " or a comma list of them" : "");
        case value_kind::pairs:
            return o.pairs == pair_style::header ? "'Name:Value' or a JSON object of strings"
                                                 : "'key:value' or a JSON object";
    }
    return "a value";
}

}  // namespace ringperf::config
