#include "loader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_set>

#include "impl.h"

namespace ringperf::tokenizer::detail {

error json_node::fail(std::string_view what) const {
    std::string msg = std::string(origin) + ": " + path;
    if (!what.empty() && what[0] != '.' && what[0] != ':') msg.push_back(' ');
    msg += what;
    return make_error(std::move(msg));
}

std::optional<json_node> json_node::field(std::string_view key) const {
    dom::element e;
    if (value.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    std::string p = path.empty() ? std::string(key) : path + "." + std::string(key);
    return json_node{e, std::move(p), origin};
}

bool json_node::has(std::string_view key) const {
    dom::element e;
    return value.at_key(key).get(e) == simdjson::SUCCESS;
}

result<std::optional<std::string>> json_node::string_field(std::string_view key) const {
    const auto f = field(key);
    if (!f) return std::optional<std::string>{};
    std::string_view s;
    if (f->value.get_string().get(s) != simdjson::SUCCESS) return f->fail("is not a string");
    return std::optional<std::string>(std::string(s));
}

result<bool> json_node::bool_field(std::string_view key, bool fallback) const {
    const auto f = field(key);
    if (!f) return fallback;
    bool b = false;
    if (f->value.get_bool().get(b) != simdjson::SUCCESS) return f->fail("is not a boolean");
    return b;
}

result<std::optional<std::uint64_t>> json_node::uint_field(std::string_view key) const {
    const auto f = field(key);
    if (!f) return std::optional<std::uint64_t>{};
    std::uint64_t v = 0;
    if (f->value.get_uint64().get(v) != simdjson::SUCCESS) {
        return f->fail("is not a non-negative integer");
    }
    return std::optional<std::uint64_t>(v);
}

json_node json_node::at(std::size_t index, dom::element e) const {
    return json_node{e, path + "[" + std::to_string(index) + "]", origin};
}

namespace {

using impl_ptr = std::unique_ptr<tokenizer::impl>;

// The model type the reference infers when "type" is absent.
result<std::string> model_type(const json_node& m) {
    auto t = m.string_field("type");
    if (!t) return t.err();
    if (t.value()) return std::move(*t.value());
    dom::element vocab;
    if (m.value.at_key("vocab").get(vocab) == simdjson::SUCCESS) {
        if (vocab.is_array()) return std::string("Unigram");
        if (m.has("continuing_subword_prefix") && m.has("unk_token")) {
            return std::string(m.has("merges") ? "BPE" : "WordPiece");
        }
    }
    return m.fail("has no \"type\" and is not a BPE model");
}

result<bpe_options> parse_bpe_options(const json_node& m) {
    bpe_options o;
    auto fallback = m.bool_field("byte_fallback", false);
    auto fuse = m.bool_field("fuse_unk", false);
    auto ignore = m.bool_field("ignore_merges", false);
    for (auto* r : {&fallback, &fuse, &ignore}) {
        if (!*r) return r->err();
    }
    o.byte_fallback = fallback.value();
    o.fuse_unk = fuse.value();
    o.ignore_merges = ignore.value();
    auto unk = m.string_field("unk_token");
    auto eow = m.string_field("end_of_word_suffix");
    auto csw = m.string_field("continuing_subword_suffix");
    for (auto* r : {&unk, &eow, &csw}) {
        if (!*r) return r->err();
    }
    o.unk_token = unk.value();
    o.end_of_word_suffix = eow.value().value_or("");
    o.continuing_subword_suffix = csw.value().value_or("");
    return o;
}

namespace od = simdjson::ondemand;

std::string not_valid(std::string_view origin, simdjson::error_code e) {
    return std::string(origin) + ": not valid JSON: " + simdjson::error_message(e);
}

// The JSON text of a value, to be parsed again as a DOM.
simdjson::simdjson_result<std::string_view> raw_value(od::value v) {
    od::json_type type;
    if (auto e = v.type().get(type); e != simdjson::SUCCESS) return e;
    if (type == od::json_type::object) {
        od::object o;
        if (auto e = v.get_object().get(o); e != simdjson::SUCCESS) return e;
        return o.raw_json();
    }
    if (type == od::json_type::array) {
        od::array a;
        if (auto e = v.get_array().get(a); e != simdjson::SUCCESS) return e;
        return a.raw_json();
    }
    return v.raw_json_token();
}

// What the on-demand pass saw of the model besides its vocabulary and merges.
struct bulk_pass {
    std::string rest = "{";        // the small top-level members, as JSON
    std::string model_rest = "{";  // the model's members but vocab and merges, as JSON
    std::uint64_t max_id = 0;
};

// The vocabulary's and merges' exact sizes are counted first (a quick pass over the
// structure) so that their tables are allocated once, at their final size; entries go into the
// model in batches (bpe_model::load_batch).
result<void> read_vocab(od::value v, std::string_view origin, impl_ptr& t, bulk_pass& b) {
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) {
        b.model_rest += "\"vocab\":[],";
        return {};
    }
    b.model_rest += "\"vocab\":{},";
    if (std::size_t count = 0; obj.count_fields().get(count) == simdjson::SUCCESS) {
        t->model.reserve(count + count / 16, 0);
        t->id_to_token.reserve(count);
    }
    std::array<bpe_model::vocab_entry, bpe_model::load_batch> batch;
    std::size_t n = 0;
    const auto add = [&] {
        t->model.add_vocab_batch(std::span(batch.data(), n));
        for (std::size_t i = 0; i < n; ++i) {
            const token_id id = batch[i].id;
            if (id >= t->id_to_token.size()) t->id_to_token.resize(std::size_t{id} + 1);
            t->id_to_token[id] = batch[i].stored;
        }
        n = 0;
    };
    for (auto field : obj) {
        std::string_view key;
        std::uint64_t id = 0;
        if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS) {
            return make_error(not_valid(origin, e));
        }
        if (field.value().get_uint64().get(id) != simdjson::SUCCESS || id >= no_token) {
            return make_error(std::string(origin) + ": model.vocab[\"" + std::string(key) +
                              "\"] is not a valid token id");
        }
        batch[n++] = {key, static_cast<token_id>(id), {}};
        if (n == batch.size()) add();
        b.max_id = std::max(b.max_id, id);
    }
    add();
    return {};
}

// Merges are "a b" strings (split at spaces, first two parts) or [a, b] pairs. Entries the
// reference could never match (no space, wrong arity) are skipped.
result<void> read_merges(od::value v, std::string_view origin, impl_ptr& t) {
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) {
        return make_error(std::string(origin) + ": model.merges is not an array");
    }
    if (std::size_t count = 0; arr.count_elements().get(count) == simdjson::SUCCESS)
        t->model.reserve(count, count);
    std::array<bpe_model::merge_entry, bpe_model::load_batch> batch;
    std::size_t n = 0;
    const auto add = [&](std::string_view left, std::string_view right, std::uint32_t rank) {
        batch[n++] = {left, right, rank};
        if (n == batch.size()) {
            t->model.add_merge_batch(batch);
            n = 0;
        }
    };
    std::uint32_t rank = 0;
    for (auto item : arr) {
        od::value e;
        std::string_view s;
        od::array pair;
        if (auto err = item.get(e); err != simdjson::SUCCESS)
            return make_error(not_valid(origin, err));
        if (e.get_string().get(s) == simdjson::SUCCESS) {
            const std::size_t sp = s.find(' ');
            if (sp != std::string_view::npos) {
                const std::string_view right = s.substr(sp + 1);
                add(s.substr(0, sp), right.substr(0, right.find(' ')), rank);
            }
        } else if (e.get_array().get(pair) == simdjson::SUCCESS) {
            std::string_view parts[2];
            std::size_t k = 0;
            bool strings = true;
            for (auto p : pair) {
                std::string_view part;
                strings = strings && p.get_string().get(part) == simdjson::SUCCESS;
                if (k < 2) parts[k] = part;
                ++k;
            }
            if (strings && k == 2) add(parts[0], parts[1], rank);
        } else {
            return make_error(std::string(origin) + ": model.merges[" + std::to_string(rank) +
                              "] is neither a string nor an array");
        }
        ++rank;
    }
    t->model.add_merge_batch(std::span(batch.data(), n));
    return {};
}

bool plain_key(std::string_view k) {
    return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9');
    });
}

result<void> read_model(od::value v, std::string_view origin, impl_ptr& t, bulk_pass& b) {
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) {
        return make_error(std::string(origin) + ": model is not an object");
    }
    for (auto field : obj) {
        std::string_view key;
        od::value val;
        if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS) {
            return make_error(not_valid(origin, e));
        }
        if (auto e = field.value().get(val); e != simdjson::SUCCESS)
            return make_error(not_valid(origin, e));
        if (key == "vocab") {
            if (auto r = read_vocab(val, origin, t, b); !r) return r;
        } else if (key == "merges") {
            b.model_rest += "\"merges\":[],";
            if (auto r = read_merges(val, origin, t); !r) return r;
        } else if (plain_key(key)) {
            std::string_view raw;
            if (auto e = raw_value(val).get(raw); e != simdjson::SUCCESS)
                return make_error(not_valid(origin, e));
            b.model_rest.append("\"").append(key).append("\":").append(raw).append(",");
        }
    }
    return {};
}

// One on-demand pass over the document: the vocabulary and merges go straight into the model
// (they are nearly all of the file); the other members are kept as JSON text for the DOM.
result<bulk_pass> read_bulk(simdjson::padded_string_view json, std::string_view origin,
                            impl_ptr& t) {
    bulk_pass b;
    od::parser parser;
    od::document doc;
    od::object top;
    if (auto e = parser.iterate(json).get(doc); e != simdjson::SUCCESS)
        return make_error(not_valid(origin, e));
    if (auto e = doc.get_object().get(top); e != simdjson::SUCCESS)
        return make_error(not_valid(origin, e));
    for (auto field : top) {
        std::string_view key;
        od::value val;
        if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS)
            return make_error(not_valid(origin, e));
        if (auto e = field.value().get(val); e != simdjson::SUCCESS)
            return make_error(not_valid(origin, e));
        if (key == "model") {
            if (auto r = read_model(val, origin, t, b); !r) return r.err();
        } else if (key == "added_tokens" || key == "normalizer" || key == "pre_tokenizer" ||
                   key == "decoder") {
            std::string_view raw;
            if (auto e = raw_value(val).get(raw); e != simdjson::SUCCESS)
                return make_error(not_valid(origin, e));
            b.rest.append("\"").append(key).append("\":").append(raw).append(",");
        }
    }
    if (b.model_rest.back() == ',') b.model_rest.pop_back();
    b.rest += "\"model\":" + b.model_rest + "}}";
    return b;
}

result<void> load_added_tokens(const json_node& root, impl_ptr& t, std::uint64_t& max_id) {
    const auto f = root.field("added_tokens");
    if (!f) return {};
    dom::array arr;
    if (f->value.get_array().get(arr) != simdjson::SUCCESS) return f->fail("is not an array");
    std::size_t i = 0;
    for (dom::element e : arr) {
        const json_node n = f->at(i++, e);
        auto content = n.string_field("content");
        if (!content) return content.err();
        auto id = n.uint_field("id");
        if (!id) return id.err();
        if (!content.value() || !id.value() || *id.value() >= no_token) {
            return n.fail("needs a \"content\" string and an \"id\"");
        }
        added_token a;
        a.content = std::move(*content.value());
        a.id = static_cast<token_id>(*id.value());
        bool* flags[] = {&a.special, &a.lstrip, &a.rstrip, &a.single_word, &a.normalized};
        const char* names[] = {"special", "lstrip", "rstrip", "single_word", "normalized"};
        for (std::size_t k = 0; k < 5; ++k) {
            auto b = n.bool_field(names[k], false);
            if (!b) return b.err();
            *flags[k] = b.value();
        }
        const std::string_view stored = t->model.add_token(a.content, a.id);
        if (a.id >= t->id_to_token.size()) t->id_to_token.resize(a.id + 1);
        t->id_to_token[a.id] = stored;
        max_id = std::max<std::uint64_t>(max_id, a.id);
        t->added.push_back(std::move(a));
    }
    return {};
}

}  // namespace

result<void> load_config(std::string_view config_json, std::string_view origin, impl_ptr& t,
                         std::unordered_set<std::string>& special_contents);
result<void> load_stages(const json_node& root, impl_ptr& t);

result<impl_ptr> load(std::string_view json, bool padded, std::string_view origin,
                      std::string_view config_json) {
    // The copy goes on transparent huge pages: a tokenizer.json is several megabytes, and
    // faulting them in 4 KiB at a time costs more than parsing them (table_allocator).
    std::unique_ptr<char, table_free> copy;
    if (!padded) {
        copy.reset(static_cast<char*>(allocate_table(json.size() + simdjson::SIMDJSON_PADDING)));
        std::memcpy(copy.get(), json.data(), json.size());
        std::memset(copy.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    }
    const simdjson::padded_string_view view(padded ? json.data() : copy.get(), json.size(),
                                            json.size() + simdjson::SIMDJSON_PADDING);
    auto t = std::make_unique<tokenizer::impl>();
    auto bulk = read_bulk(view, origin, t);
    if (!bulk) return bulk.err();
    dom::parser parser;
    dom::element doc;
    if (const auto e = parser.parse(bulk->rest).get(doc); e != simdjson::SUCCESS) {
        return make_error(not_valid(origin, e));
    }
    const json_node root{doc, "", origin};
    const auto m = root.field("model");
    if (!m) return root.fail("has no \"model\"");
    const json_node model_node{m->value, "model", origin};
    auto type = model_type(model_node);
    if (!type) return type.err();
    if (type.value() != "BPE") {
        return model_node.fail(".type \"" + type.value() + "\" is not supported");
    }
    auto opts = parse_bpe_options(model_node);
    if (!opts) return opts.err();
    t->model.set_options(std::move(opts.value()));
    if (auto r = load_added_tokens(root, t, bulk->max_id); !r) return r.err();
    t->model.finish();
    if (auto r = load_stages(root, t); !r) return r.err();

    std::unordered_set<std::string> special;
    for (const added_token& a : t->added) {
        if (a.special) special.insert(a.content);
    }
    if (auto r = load_config(config_json, origin, t, special); !r) return r.err();
    const std::unordered_set<std::string_view> views(special.begin(), special.end());
    const std::size_t n = t->id_to_token.size();
    t->present.assign(n, 0);
    t->special.assign(n, 0);
    for (std::size_t id = 0; id < n; ++id) {
        const std::string_view s = t->id_to_token[id];
        // An id is present when a token maps to it; the empty string is a valid token only
        // when the vocabulary names it.
        t->present[id] = (!s.empty() || t->model.find(s) == id) ? 1 : 0;
        t->special[id] = t->present[id] != 0 && views.count(s) != 0 ? 1 : 0;
    }
    t->splitter.build(t->added);
    return t;
}

}  // namespace ringperf::tokenizer::detail
