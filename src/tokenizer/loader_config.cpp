#include <unordered_set>

#include "impl.h"
#include "loader.h"

namespace ringperf::tokenizer::detail {

namespace {

using impl_ptr = std::unique_ptr<tokenizer::impl>;
namespace od = simdjson::ondemand;

// The fields of tokenizer_config.json that matter here. The file is read on demand because
// configs carry values simdjson's DOM rejects (integers above 2^64 in model_max_length).
struct config_fields {
    std::optional<std::string> bos;
    std::optional<std::string> eos;
    std::optional<std::string> tokenizer_class;
    bool clean_up_spaces = true;
    bool remove_space = false;
    bool legacy = true;
    std::vector<std::string> additional_special;
};

// A special token named in the config: a string, or an object with "content".
std::optional<std::string> token_name(od::value v) {
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) {
        return s.empty() ? std::nullopt : std::optional<std::string>(s);
    }
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) return std::nullopt;
    if (obj["content"].get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
    return std::string(s);
}

result<config_fields> read_config(std::string_view json, const std::string& where) {
    config_fields c;
    const simdjson::padded_string padded(json);
    od::parser parser;
    od::document doc;
    od::object obj;
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(obj) != simdjson::SUCCESS) {
        return make_error(where + ": not a JSON object");
    }
    for (auto field : obj) {
        std::string_view key;
        od::value v;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS ||
            field.value().get(v) != simdjson::SUCCESS) {
            return make_error(where + ": not valid JSON");
        }
        bool b = false;
        std::string_view s;
        if (key == "bos_token") {
            c.bos = token_name(v);
        } else if (key == "eos_token") {
            c.eos = token_name(v);
        } else if (key == "tokenizer_class" && v.get_string().get(s) == simdjson::SUCCESS) {
            c.tokenizer_class = std::string(s);
        } else if (key == "clean_up_tokenization_spaces" &&
                   v.get_bool().get(b) == simdjson::SUCCESS) {
            c.clean_up_spaces = b;
        } else if (key == "remove_space" && v.get_bool().get(b) == simdjson::SUCCESS) {
            c.remove_space = b;
        } else if (key == "legacy" && v.get_bool().get(b) == simdjson::SUCCESS) {
            c.legacy = b;
        } else if (key == "additional_special_tokens") {
            od::array arr;
            if (v.get_array().get(arr) != simdjson::SUCCESS) continue;
            for (auto item : arr) {
                if (item.get_string().get(s) == simdjson::SUCCESS) {
                    c.additional_special.emplace_back(s);
                }
            }
        }
    }
    return c;
}

}  // namespace

result<void> load_config(std::string_view config_json, std::string_view origin, impl_ptr& t,
                         std::unordered_set<std::string>& special_contents) {
    if (config_json.empty()) return {};
    auto read = read_config(config_json, std::string(origin) + " (tokenizer_config.json)");
    if (!read) return read.err();
    const config_fields& c = read.value();
    auto find = [&](const std::optional<std::string>& name) -> std::optional<token_id> {
        if (!name) return std::nullopt;
        const token_id id = t->model.find(*name);
        return id == no_token ? std::nullopt : std::optional<token_id>(id);
    };
    t->bos = find(c.bos);
    t->eos = find(c.eos);
    t->clean_up_spaces = c.clean_up_spaces;
    t->remove_space = c.remove_space;
    special_contents.insert(c.additional_special.begin(), c.additional_special.end());
    std::string name = c.tokenizer_class.value_or("");
    if (name.ends_with("Fast")) name.resize(name.size() - 4);
    if (name == "LlamaTokenizer" && !c.legacy) {
        t->llama_non_legacy = true;
        t->normalizer.reset();
        t->pre_tokenizer = make_metaspace("\xE2\x96\x81", "", true, prepend_scheme::first);
        t->raw_bytes = false;
    }
    return {};
}

result<void> load_stages(const json_node& root, impl_ptr& t) {
    if (const auto n = root.field("normalizer")) {
        auto r = parse_normalizer(json_node{n->value, "normalizer", root.origin});
        if (!r) return r.err();
        t->normalizer = std::move(r.value());
    }
    if (const auto n = root.field("pre_tokenizer")) {
        stage_options opts;
        opts.raw_bytes_ok = t->model.raw_bytes_ok();
        bool raw = false;
        auto r =
            parse_pre_tokenizer(json_node{n->value, "pre_tokenizer", root.origin}, opts, true, raw);
        if (!r) return r.err();
        t->pre_tokenizer = std::move(r.value());
        t->raw_bytes = raw;
    }
    if (const auto n = root.field("decoder")) {
        std::vector<std::string> added;
        for (const added_token& a : t->added)
            added.push_back(a.content);
        auto r = parse_decoder(json_node{n->value, "decoder", root.origin}, added);
        if (!r) return r.err();
        t->decoder = std::move(r.value());
    }
    return {};
}

}  // namespace ringperf::tokenizer::detail
