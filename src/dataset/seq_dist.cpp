#include "ringperf/dataset/seq_dist.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "lengths.h"
#include "ringperf/base/json_writer.h"

namespace ringperf::dataset {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

bool to_number(std::string_view s, double& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

// Empty when the entry's values are in range.
std::string check_entry(const seq_dist_entry& e) {
    if (e.isl < 1) return "the ISL must be >= 1, got " + format_double(e.isl);
    if (e.osl < 1) return "the OSL must be >= 1, got " + format_double(e.osl);
    if (e.isl_stddev < 0) return "the ISL stddev must be >= 0, got " + format_double(e.isl_stddev);
    if (e.osl_stddev < 0) return "the OSL stddev must be >= 0, got " + format_double(e.osl_stddev);
    if (e.probability < 0 || e.probability > 100)
        return "the probability must be between 0 and 100, got " + format_double(e.probability);
    return {};
}

// "MEAN" or "MEAN|STDDEV".
std::string read_length(std::string_view text, const char* what, double& mean, double& sd) {
    const std::size_t bar = text.find('|');
    if (!to_number(text.substr(0, bar), mean))
        return std::string("the ") + what + " '" + std::string(trim(text.substr(0, bar))) +
               "' is not a number";
    if (bar == std::string_view::npos) return {};
    if (!to_number(text.substr(bar + 1), sd))
        return std::string("the ") + what + " stddev '" + std::string(trim(text.substr(bar + 1))) +
               "' is not a number";
    return {};
}

// "ISL[|sd],OSL[|sd]:PROB" (the bracket form passes "(ISL,OSL):PROB").
std::string read_pair(std::string_view text, bool parens, seq_dist_entry& e) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return "expected ISL,OSL:PROBABILITY";
    std::string_view pair = trim(text.substr(0, colon));
    if (parens) {
        if (pair.size() < 2 || pair.front() != '(' || pair.back() != ')')
            return "expected (ISL,OSL):PROBABILITY";
        pair = pair.substr(1, pair.size() - 2);
    }
    const std::size_t comma = pair.find(',');
    if (comma == std::string_view::npos) return "expected ISL,OSL before the ':'";
    if (auto p = read_length(pair.substr(0, comma), "ISL", e.isl, e.isl_stddev); !p.empty())
        return p;
    if (auto p = read_length(pair.substr(comma + 1), "OSL", e.osl, e.osl_stddev); !p.empty())
        return p;
    if (!to_number(text.substr(colon + 1), e.probability))
        return "the probability '" + std::string(trim(text.substr(colon + 1))) +
               "' is not a number";
    return check_entry(e);
}

using entry_list = std::vector<seq_dist_entry>;

error entry_error(std::size_t index, std::string_view text, const std::string& why) {
    return make_error("entry " + std::to_string(index + 1) + " '" + std::string(trim(text)) +
                      "': " + why);
}

result<entry_list> parse_semicolons(std::string_view text) {
    entry_list out;
    std::size_t index = 0;
    while (!text.empty()) {
        const std::size_t semi = text.find(';');
        const std::string_view item = text.substr(0, semi);
        text = semi == std::string_view::npos ? std::string_view{} : text.substr(semi + 1);
        if (trim(item).empty()) continue;
        seq_dist_entry e;
        if (auto p = read_pair(item, false, e); !p.empty()) return entry_error(index, item, p);
        out.push_back(e);
        ++index;
    }
    return out;
}

// "[(a,b):p,(c,d):q]": entries end at the ',' after a ')...:number'.
result<entry_list> parse_brackets(std::string_view text) {
    if (text.back() != ']') return make_error("a list starting with '[' must end with ']'");
    text = trim(text.substr(1, text.size() - 2));
    entry_list out;
    std::size_t index = 0;
    while (!text.empty()) {
        const std::size_t close = text.find(')');
        const std::size_t comma =
            close == std::string_view::npos ? std::string_view::npos : text.find(',', close);
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : trim(text.substr(comma + 1));
        seq_dist_entry e;
        if (auto p = read_pair(trim(item), true, e); !p.empty()) return entry_error(index, item, p);
        out.push_back(e);
        ++index;
    }
    return out;
}

std::string json_number(simdjson::dom::object o, const char* key, bool required, double& out) {
    simdjson::dom::element v;
    if (o.at_key(key).get(v) != simdjson::SUCCESS || v.is_null())
        return required ? std::string("\"") + key + "\" is missing" : std::string();
    if (v.is_double() || v.is_int64() || v.is_uint64()) {
        out = v.is_double()  ? v.get_double().value_unsafe()
              : v.is_int64() ? static_cast<double>(v.get_int64().value_unsafe())
                             : static_cast<double>(v.get_uint64().value_unsafe());
        return {};
    }
    return std::string("\"") + key + "\" must be a number";
}

result<entry_list> parse_json(std::string_view text) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto err = parser.parse(text.data(), text.size()).get(doc); err)
        return make_error(std::string("invalid JSON: ") + simdjson::error_message(err));
    simdjson::dom::array pairs;
    if (doc["pairs"].get_array().get(pairs) != simdjson::SUCCESS)
        return make_error("the JSON form needs a \"pairs\" array");
    entry_list out;
    std::size_t index = 0;
    for (simdjson::dom::element item : pairs) {
        const std::string raw = simdjson::minify(item);
        simdjson::dom::object o;
        if (item.get_object().get(o) != simdjson::SUCCESS)
            return entry_error(index, raw, "must be an object");
        seq_dist_entry e;
        for (auto [key, required, dst] :
             {std::tuple{"isl", true, &e.isl}, std::tuple{"isl_stddev", false, &e.isl_stddev},
              std::tuple{"osl", true, &e.osl}, std::tuple{"osl_stddev", false, &e.osl_stddev},
              std::tuple{"prob", true, &e.probability}})
            if (auto p = json_number(o, key, required, *dst); !p.empty())
                return entry_error(index, raw, p);
        if (auto p = check_entry(e); !p.empty()) return entry_error(index, raw, p);
        out.push_back(e);
        ++index;
    }
    return out;
}

std::string probabilities(const entry_list& entries) {
    std::string out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += "entry " + std::to_string(i + 1) + ": " + format_double(entries[i].probability);
    }
    return out;
}

}  // namespace

result<std::vector<seq_dist_entry>> parse_seq_dist(std::string_view text) {
    text = trim(text);
    if (text.empty()) return make_error("no entries; expected e.g. \"256,128:40;512,256:60\"");
    auto entries = text.front() == '{'   ? parse_json(text)
                   : text.front() == '[' ? parse_brackets(text)
                                         : parse_semicolons(text);
    if (!entries) return entries;
    if (entries->empty()) return make_error("no entries; expected e.g. \"256,128:40;512,256:60\"");
    double sum = 0;
    for (const auto& e : *entries)
        sum += e.probability;
    if (std::fabs(sum - 100) > 1e-6)
        return make_error("the probabilities add up to " + format_double(sum) + ", not 100 (" +
                          probabilities(*entries) + ")");
    return entries;
}

std::string format_seq_dist(const std::vector<seq_dist_entry>& entries) {
    std::string out;
    for (const auto& e : entries) {
        if (!out.empty()) out.push_back(';');
        out += format_double(e.isl);
        if (e.isl_stddev > 0) out += "|" + format_double(e.isl_stddev);
        out += "," + format_double(e.osl);
        if (e.osl_stddev > 0) out += "|" + format_double(e.osl_stddev);
        out += ":" + format_double(e.probability);
    }
    return out;
}

seq_lengths draw_seq_lengths(const std::vector<seq_dist_entry>& entries, rng& r) {
    const double u = r.uniform() * 100;
    double cumulative = 0;
    const seq_dist_entry* pick = &entries.back();
    for (const auto& e : entries) {
        cumulative += e.probability;
        if (e.probability > 0 && u < cumulative) {
            pick = &e;
            break;
        }
    }
    seq_lengths out;
    out.isl = std::max<std::int64_t>(1, detail::sample_length(r, pick->isl, pick->isl_stddev));
    out.osl = std::max<std::int64_t>(1, detail::sample_length(r, pick->osl, pick->osl_stddev));
    return out;
}

}  // namespace ringperf::dataset
