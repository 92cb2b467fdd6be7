#include "rows.h"

#include <cmath>
#include <string_view>
#include <utility>

#include "ringperf/base/json_writer.h"

namespace ringperf::dataset::detail {

namespace dom = simdjson::dom;
using simdjson::dom::element_type;

namespace {

// Problems are plain strings while a row is read; empty means none so far.
using problem = std::string;

std::string quoted(std::string_view name) {
    return "\"" + std::string(name) + "\"";
}

const char* kind_of(dom::element e) {
    switch (e.type()) {
        case element_type::ARRAY:
            return "an array";
        case element_type::OBJECT:
            return "an object";
        case element_type::INT64:
        case element_type::UINT64:
            return "an integer";
        case element_type::DOUBLE:
            return "a number";
        case element_type::STRING:
            return "a string";
        case element_type::BOOL:
            return "a boolean";
        case element_type::NULL_VALUE:
            return "null";
    }
    return "a value";
}

std::string wrong_kind(std::string_view name, const char* wanted, dom::element e) {
    return quoted(name) + " must be " + wanted + ", got " + kind_of(e);
}

std::optional<dom::element> field(dom::object o, std::string_view name) {
    dom::element e;
    if (o.at_key(name).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    return e;
}

problem read_string(dom::object o, std::string_view name, std::optional<std::string>& out) {
    const auto e = field(o, name);
    if (!e) return {};
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS) return wrong_kind(name, "a string", *e);
    out = std::string(s);
    return {};
}

bool as_double(dom::element e, double& out) {
    switch (e.type()) {
        case element_type::INT64:
            out = static_cast<double>(e.get_int64().value_unsafe());
            return true;
        case element_type::UINT64:
            out = static_cast<double>(e.get_uint64().value_unsafe());
            return true;
        case element_type::DOUBLE:
            out = e.get_double().value_unsafe();
            return true;
        default:
            return false;
    }
}

// Milliseconds: a finite number >= 0.
problem read_ms(dom::object o, std::string_view name, std::optional<double>& out) {
    const auto e = field(o, name);
    if (!e) return {};
    double v = 0;
    if (!as_double(*e, v)) return wrong_kind(name, "a number of milliseconds", *e);
    if (!std::isfinite(v) || v < 0)
        return quoted(name) + " must be >= 0 ms, got " + format_double(v);
    out = v;
    return {};
}

// An integer; a number with no fractional part counts as one, as AIPerf's models accept.
bool as_integer(dom::element e, std::int64_t& out) {
    switch (e.type()) {
        case element_type::INT64:
            out = e.get_int64().value_unsafe();
            return true;
        case element_type::UINT64:
            out = INT64_MAX;
            return true;
        case element_type::DOUBLE: {
            const double d = e.get_double().value_unsafe();
            if (d != std::floor(d) || std::fabs(d) > 0x1p62) return false;
            out = static_cast<std::int64_t>(d);
            return true;
        }
        default:
            return false;
    }
}

problem read_count(dom::object o, std::string_view name, std::optional<std::int64_t>& out) {
    const auto e = field(o, name);
    if (!e) return {};
    std::int64_t v = 0;
    if (!as_integer(*e, v)) return wrong_kind(name, "an integer", *e);
    if (v < 1) return quoted(name) + " must be >= 1, got " + std::to_string(v);
    out = v;
    return {};
}

problem read_extra(dom::object o, turn& t) {
    const auto e = field(o, "extra");
    if (!e) return {};
    dom::object fields;
    if (e->get_object().get(fields) != simdjson::SUCCESS)
        return wrong_kind("extra", "an object", *e);
    for (dom::key_value_pair kv : fields)
        t.extra.emplace_back(std::string(kv.key), simdjson::minify(kv.value));
    return {};
}

problem reject_present(dom::object o, std::initializer_list<std::string_view> names,
                       std::string_view why) {
    for (std::string_view name : names)
        if (field(o, name)) return quoted(name) + ": " + std::string(why);
    return {};
}

// One element of "texts": a string, or {"name": ..., "contents": [strings]}.
problem append_texts_item(dom::element item, std::size_t i, std::vector<std::string>& out) {
    const std::string where = "\"texts\"[" + std::to_string(i) + "]";
    std::string_view s;
    if (item.get_string().get(s) == simdjson::SUCCESS) {
        out.emplace_back(s);
        return {};
    }
    dom::object obj;
    dom::array contents;
    if (item.get_object().get(obj) != simdjson::SUCCESS ||
        obj.at_key("contents").get_array().get(contents) != simdjson::SUCCESS)
        return where + " must be a string or an object with a \"contents\" array of strings";
    for (dom::element c : contents) {
        if (c.get_string().get(s) != simdjson::SUCCESS)
            return where + ".contents must hold strings, got " + kind_of(c);
        out.emplace_back(s);
    }
    return {};
}

// "text", or "texts": every text of the list, sent as parts of one request (the turn's
// text is them joined with newlines). Empty texts are dropped.
problem read_text(dom::object o, turn& t) {
    const auto text = field(o, "text");
    const auto texts = field(o, "texts");
    if (text && texts) return "\"text\" and \"texts\" cannot both be set";
    if (!text && !texts) return "no text: set \"text\" or \"texts\"";
    if (text) {
        std::string_view s;
        if (text->get_string().get(s) != simdjson::SUCCESS)
            return wrong_kind("text", "a string", *text);
        if (s.empty()) return "\"text\" is empty";
        t.text = std::string(s);
        return {};
    }
    dom::array items;
    if (texts->get_array().get(items) != simdjson::SUCCESS)
        return wrong_kind("texts", "an array", *texts);
    std::vector<std::string> parts;
    std::size_t i = 0;
    for (dom::element item : items)
        if (auto p = append_texts_item(item, i++, parts); !p.empty()) return p;
    std::erase_if(parts, [](const std::string& x) { return x.empty(); });
    if (parts.empty()) return "\"texts\" holds no text";
    for (const auto& part : parts) {
        if (!t.text.empty()) t.text.push_back('\n');
        t.text += part;
    }
    if (parts.size() > 1) t.parts = std::move(parts);
    return {};
}

problem read_timing(dom::object o, turn& t) {
    if (auto p = read_ms(o, "timestamp", t.timestamp_ms); !p.empty()) return p;
    if (auto p = read_ms(o, "delay", t.delay_ms); !p.empty()) return p;
    if (t.timestamp_ms && t.delay_ms) return "\"timestamp\" and \"delay\" cannot both be set";
    return {};
}

problem read_role(dom::object o, row_turn& rt) {
    std::optional<std::string> role;
    if (auto p = read_string(o, "role", role); !p.empty()) return p;
    if (!role || *role == "user") return {};
    if (*role == "system") {
        rt.system = true;
        return {};
    }
    return "role \"" + *role +
           "\" is not supported (\"user\", or \"system\" on a conversation's first turn)";
}

// The fields shared by single_turn rows and multi_turn turns.
problem read_single_turn(dom::object o, row_turn& rt) {
    if (auto p = reject_present(o, {"image", "images", "image_uuids", "audio", "audios"},
                                "image and audio input are not supported in this version");
        !p.empty())
        return p;
    if (auto p =
            reject_present(o, {"video", "videos"}, "video input is not supported in this version");
        !p.empty())
        return p;
    if (auto p = read_text(o, rt.t); !p.empty()) return p;
    if (auto p = read_timing(o, rt.t); !p.empty()) return p;
    if (auto p = read_count(o, "output_length", rt.t.max_tokens); !p.empty()) return p;
    if (auto p = read_extra(o, rt.t); !p.empty()) return p;
    if (auto p = read_role(o, rt); !p.empty()) return p;
    rt.dispatch = rt.t.timestamp_ms || rt.t.delay_ms || rt.t.max_tokens || !rt.t.extra.empty();
    return {};
}

problem read_hash_ids(dom::object o, std::int64_t block, row_turn& rt) {
    const auto e = field(o, "hash_ids");
    if (!e) return {};
    if (!rt.input_length) return "\"hash_ids\" needs \"input_length\"";
    dom::array ids;
    if (e->get_array().get(ids) != simdjson::SUCCESS)
        return wrong_kind("hash_ids", "an array of integers", *e);
    for (dom::element id : ids) {
        std::int64_t v = 0;
        // Ids only name blocks: one above INT64_MAX keeps its bits.
        if (id.type() == element_type::UINT64)
            v = static_cast<std::int64_t>(id.get_uint64().value_unsafe());
        else if (!as_integer(id, v))
            return "\"hash_ids\" must hold integers, got " + std::string(kind_of(id));
        rt.hash_ids.push_back(v);
    }
    if (rt.hash_ids.empty()) return "\"hash_ids\" is empty";
    const auto k = static_cast<std::int64_t>(rt.hash_ids.size());
    const std::int64_t last = *rt.input_length - (k - 1) * block;
    if (last < 1 || last > block)
        return "\"input_length\" " + std::to_string(*rt.input_length) + " does not fit " +
               std::to_string(k) + " hash ids of " + std::to_string(block) +
               " tokens: it must be between " + std::to_string((k - 1) * block + 1) + " and " +
               std::to_string(k * block);
    return {};
}

problem read_mooncake_input(dom::object o, std::int64_t block, row_turn& rt) {
    if (auto p = reject_present(
            o, {"messages", "tools", "payload"},
            "not supported in this version; give the prompt as \"text_input\" or \"input_length\"");
        !p.empty())
        return p;
    if (auto p = read_count(o, "input_length", rt.input_length); !p.empty()) return p;
    std::optional<std::string> text;
    if (auto p = read_string(o, "text_input", text); !p.empty()) return p;
    if (rt.input_length && text) return "\"input_length\" and \"text_input\" cannot both be set";
    if (!rt.input_length && !text) return "no prompt: set \"input_length\" or \"text_input\"";
    if (text) {
        if (text->empty()) return "\"text_input\" is empty";
        rt.t.text = std::move(*text);
    } else if (*rt.input_length > max_input_length) {
        return "\"input_length\" " + std::to_string(*rt.input_length) + " exceeds the limit of " +
               std::to_string(max_input_length);
    }
    return read_hash_ids(o, block, rt);
}

problem read_mooncake(dom::object o, std::int64_t block, parsed_row& row) {
    row_turn rt;
    if (auto p = read_mooncake_input(o, block, rt); !p.empty()) return p;
    if (auto p = read_timing(o, rt.t); !p.empty()) return p;
    if (auto p = read_count(o, "output_length", rt.t.max_tokens); !p.empty()) return p;
    if (auto p = read_extra(o, rt.t); !p.empty()) return p;
    if (auto p = read_string(o, "session_id", row.session_id); !p.empty()) return p;
    row.turns.push_back(std::move(rt));
    return {};
}

problem read_multi_turn(dom::object o, parsed_row& row) {
    if (auto p = read_string(o, "session_id", row.session_id); !p.empty()) return p;
    const auto e = field(o, "turns");
    if (!e) return "no \"turns\"";
    dom::array turns;
    if (e->get_array().get(turns) != simdjson::SUCCESS)
        return wrong_kind("turns", "an array of objects", *e);
    std::size_t i = 0;
    for (dom::element te : turns) {
        const std::string where = "\"turns\"[" + std::to_string(i++) + "]: ";
        dom::object to;
        if (te.get_object().get(to) != simdjson::SUCCESS)
            return where + "must be an object, got " + kind_of(te);
        row_turn rt;
        if (auto p = read_single_turn(to, rt); !p.empty()) return where + p;
        row.turns.push_back(std::move(rt));
    }
    if (row.turns.empty()) return "\"turns\" is empty";
    return {};
}

// A pool entry: a text (or texts) to sample, with an optional output length and extra body
// fields; entries are drawn at random, so timing, sessions and roles mean nothing here.
problem read_pool_entry(dom::object o, parsed_row& row) {
    if (auto p = reject_present(o, {"timestamp", "delay", "session_id", "role"},
                                "random_pool entries are sampled at random and carry no "
                                "timestamp, delay, session or role");
        !p.empty())
        return p;
    row_turn rt;
    if (auto p = read_single_turn(o, rt); !p.empty()) return p;
    row.turns.push_back(std::move(rt));
    return {};
}

problem read_row(dom::object o, dataset_type type, std::int64_t block, parsed_row& row) {
    switch (type) {
        case dataset_type::single_turn: {
            row_turn rt;
            if (auto p = read_single_turn(o, rt); !p.empty()) return p;
            if (auto p = read_string(o, "session_id", row.session_id); !p.empty()) return p;
            row.turns.push_back(std::move(rt));
            return {};
        }
        case dataset_type::multi_turn:
            return read_multi_turn(o, row);
        case dataset_type::random_pool:
            return read_pool_entry(o, row);
        case dataset_type::mooncake_trace:
            return read_mooncake(o, block, row);
    }
    return "unknown dataset type";
}

}  // namespace

result<parsed_row> parse_row(dom::element row, dataset_type type, std::int64_t block_size) {
    dom::object o;
    if (row.get_object().get(o) != simdjson::SUCCESS)
        return make_error(std::string("expected a JSON object, got ") + kind_of(row));
    parsed_row out;
    if (auto p = read_row(o, type, block_size, out); !p.empty()) return make_error(std::move(p));
    return out;
}

}  // namespace ringperf::dataset::detail
