// JSON-valued options: --extra-inputs and JSON-object --header values, and the JSON <-> TOML
// translation that lets them round-trip through a dumped file.
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "convert.h"
#include "ringperf/base/json_writer.h"

namespace ringperf::config::detail {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

void write_canonical(const element& e, std::string& out) {
    switch (e.type()) {
        case element_type::ARRAY: {
            out.push_back('[');
            bool first = true;
            simdjson::dom::array items;
            if (e.get_array().get(items) != simdjson::SUCCESS) return;
            for (element child : items) {
                if (!first) out.push_back(',');
                first = false;
                write_canonical(child, out);
            }
            out.push_back(']');
            break;
        }
        case element_type::OBJECT: {
            out.push_back('{');
            bool first = true;
            simdjson::dom::object fields;
            if (e.get_object().get(fields) != simdjson::SUCCESS) return;
            for (auto field : fields) {
                if (!first) out.push_back(',');
                first = false;
                json_append_string(out, field.key);
                out.push_back(':');
                write_canonical(field.value, out);
            }
            out.push_back('}');
            break;
        }
        case element_type::INT64:
            out += std::to_string(e.get_int64().value_unsafe());
            break;
        case element_type::UINT64:
            out += std::to_string(e.get_uint64().value_unsafe());
            break;
        case element_type::DOUBLE:
            out += json_float(e.get_double().value_unsafe());
            break;
        case element_type::STRING:
            json_append_string(out, e.get_string().value_unsafe());
            break;
        case element_type::BOOL:
            out += e.get_bool().value_unsafe() ? "true" : "false";
            break;
        case element_type::NULL_VALUE:
            out += "null";
            break;
    }
}

bool write_toml(const element& e, std::string& out) {
    switch (e.type()) {
        case element_type::ARRAY: {
            out.push_back('[');
            bool first = true;
            simdjson::dom::array items;
            if (e.get_array().get(items) != simdjson::SUCCESS) return false;
            for (element child : items) {
                if (!first) out += ", ";
                first = false;
                if (!write_toml(child, out)) return false;
            }
            out.push_back(']');
            return true;
        }
        case element_type::OBJECT: {
            out.push_back('{');
            bool first = true;
            simdjson::dom::object fields;
            if (e.get_object().get(fields) != simdjson::SUCCESS) return false;
            for (auto field : fields) {
                out += first ? " " : ", ";
                first = false;
                out += toml_key(field.key) + " = ";
                if (!write_toml(field.value, out)) return false;
            }
            out += first ? "}" : " }";
            return true;
        }
        case element_type::INT64:
            out += std::to_string(e.get_int64().value_unsafe());
            return true;
        case element_type::DOUBLE:
            out += toml_float(e.get_double().value_unsafe());
            return true;
        case element_type::STRING:
            out += toml_string(e.get_string().value_unsafe());
            return true;
        case element_type::BOOL:
            out += e.get_bool().value_unsafe() ? "true" : "false";
            return true;
        case element_type::UINT64:      // beyond TOML's int64
        case element_type::NULL_VALUE:  // TOML has no null
            return false;
    }
    return false;
}

std::optional<element> parse_json(simdjson::dom::parser& parser, std::string_view text) {
    element e;
    if (parser.parse(text.data(), text.size(), true).get(e) != simdjson::SUCCESS)
        return std::nullopt;
    return e;
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

void add_json(std::string key, std::string json, pair_list& out) {
    merge_pairs(pair_style::json, out, {{std::move(key), std::move(json)}});
}

}  // namespace

std::optional<std::string> add_header(std::string_view name, std::string_view val, pair_list& out) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char))
        return "invalid header name " + quote_text(name);
    if (val.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
        return "header " + std::string(name) + ": line breaks are not allowed in a value";
    merge_pairs(pair_style::header, out, {{std::string(name), std::string(val)}});
    return std::nullopt;
}

std::string json_float(double d) {
    std::string s = format_double(d);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

std::optional<std::string> canonical_json(std::string_view text) {
    simdjson::dom::parser parser;
    const std::string copy(text);  // the parser needs padding; let it copy
    auto e = parse_json(parser, copy);
    if (!e) return std::nullopt;
    std::string out;
    write_canonical(*e, out);
    return out;
}

std::optional<std::string> json_to_toml(std::string_view json) {
    simdjson::dom::parser parser;
    const std::string copy(json);
    auto e = parse_json(parser, copy);
    if (!e) return std::nullopt;
    std::string out;
    if (!write_toml(*e, out)) return std::nullopt;
    return out;
}

std::optional<std::string> node_to_json(const toml::node& n, problem& why) {
    std::string out;
    if (const auto* s = n.as_string()) {
        json_append_string(out, s->get());
    } else if (const auto* i = n.as_integer()) {
        out = std::to_string(i->get());
    } else if (const auto* f = n.as_floating_point()) {
        if (!std::isfinite(f->get())) {
            why = {"inf and nan cannot be sent in a JSON body", false, n.source().begin};
            return std::nullopt;
        }
        out = json_float(f->get());
    } else if (const auto* b = n.as_boolean()) {
        out = b->get() ? "true" : "false";
    } else if (const auto* a = n.as_array()) {
        out.push_back('[');
        for (std::size_t k = 0; k < a->size(); ++k) {
            auto item = node_to_json(*a->get(k), why);
            if (!item) return std::nullopt;
            out += (k ? "," : "") + *item;
        }
        out += "]";
    } else if (const auto* t = n.as_table()) {
        out.push_back('{');
        bool first = true;
        for (const auto& [k, v] : entries_in_order(*t)) {
            auto item = node_to_json(*v, why);
            if (!item) return std::nullopt;
            if (!first) out += ",";
            first = false;
            json_append_string(out, k->str());
            out += ":" + *item;
        }
        out += "}";
    } else {
        why = {"dates and times cannot be sent in a JSON body; quote them", false,
               n.source().begin};
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> parse_header_item(std::string_view text, pair_list& out) {
    const std::string_view t = trim(text);
    if (!t.empty() && t.front() == '{') {
        simdjson::dom::parser parser;
        const std::string copy(t);
        auto e = parse_json(parser, copy);
        simdjson::dom::object fields;
        if (!e || e->get_object().get(fields) != simdjson::SUCCESS)
            return "expected 'Name:Value' or a JSON object of strings, got " + quote_text(text);
        for (auto field : fields) {
            std::string_view v;
            if (field.value.get_string().get(v) != simdjson::SUCCESS)
                return "header " + std::string(field.key) + ": expected a string value";
            if (auto p = add_header(field.key, v, out)) return p;
        }
        return std::nullopt;
    }
    const auto colon = t.find(':');
    if (colon == std::string_view::npos)
        return "expected 'Name:Value' or a JSON object of strings, got " + quote_text(text);
    return add_header(trim(t.substr(0, colon)), trim(t.substr(colon + 1)), out);
}

std::optional<std::string> parse_json_item(std::string_view text, pair_list& out) {
    const std::string_view t = trim(text);
    if (!t.empty() && t.front() == '{') {
        simdjson::dom::parser parser;
        const std::string copy(t);
        auto e = parse_json(parser, copy);
        simdjson::dom::object fields;
        if (!e || e->get_object().get(fields) != simdjson::SUCCESS)
            return "expected 'key:value' or a JSON object, got " + quote_text(text);
        for (auto field : fields) {
            std::string json;
            write_canonical(field.value, json);
            add_json(std::string(field.key), std::move(json), out);
        }
        return std::nullopt;
    }
    const auto colon = t.find(':');
    if (colon == std::string_view::npos || trim(t.substr(0, colon)).empty())
        return "expected 'key:value' or a JSON object, got " + quote_text(text);
    const std::string_view raw = trim(t.substr(colon + 1));
    std::string json;
    if (auto canon = canonical_json(raw)) {
        json = std::move(*canon);
    } else {
        json_append_string(json, raw);
    }
    add_json(std::string(trim(t.substr(0, colon))), std::move(json), out);
    return std::nullopt;
}

void merge_pairs(pair_style style, pair_list& into, const pair_list& from) {
    for (const auto& entry : from) {
        auto same = [&](const auto& e) {
            return style == pair_style::header ? iequals(e.first, entry.first)
                                               : e.first == entry.first;
        };
        if (auto it = std::find_if(into.begin(), into.end(), same); it != into.end()) {
            *it = entry;
        } else {
            into.push_back(entry);
        }
    }
}

bool is_credential_header(std::string_view name) {
    for (std::string_view c : {"authorization", "proxy-authorization", "x-api-key", "api-key"})
        if (iequals(name, c)) return true;
    return false;
}

}  // namespace ringperf::config::detail
