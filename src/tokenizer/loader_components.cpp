#include <vector>

#include "loader.h"

namespace ringperf::tokenizer::detail {

namespace {

constexpr std::string_view gpt2_pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

result<std::string> type_of(const json_node& n) {
    auto t = n.string_field("type");
    if (!t) return t.err();
    if (!t.value()) return n.fail("has no \"type\"");
    return std::move(*t.value());
}

error unsupported(const json_node& n, std::string_view type) {
    return make_error(std::string(n.origin) + ": " + n.path + ".type \"" + std::string(type) +
                      "\" is not supported");
}

// The elements of the array member `key`, each with its path.
result<std::vector<json_node>> array_field(const json_node& n, std::string_view key) {
    const auto f = n.field(key);
    if (!f) return n.fail("has no \"" + std::string(key) + "\" array");
    dom::array arr;
    if (f->value.get_array().get(arr) != simdjson::SUCCESS) return f->fail("is not an array");
    std::vector<json_node> out;
    std::size_t i = 0;
    for (dom::element e : arr)
        out.push_back(f->at(i++, e));
    return out;
}

result<std::string> required_string(const json_node& n, std::string_view key) {
    auto s = n.string_field(key);
    if (!s) return s.err();
    if (!s.value()) return n.fail("has no \"" + std::string(key) + "\" string");
    return std::move(*s.value());
}

// The "pattern" and "content" of a Replace normalizer, pre-tokenizer or decoder.
struct replace_args {
    pattern pat;
    std::string content;
};

result<replace_args> parse_replace(const json_node& n) {
    const auto p = n.field("pattern");
    if (!p) return n.fail("has no \"pattern\"");
    auto pat = parse_pattern(*p);
    if (!pat) return pat.err();
    auto content = required_string(n, "content");
    if (!content) return content.err();
    return replace_args{std::move(pat.value()), std::move(content.value())};
}

result<std::unique_ptr<normalizer>> parse_replace_normalizer(const json_node& n) {
    auto r = parse_replace(n);
    if (!r) return r.err();
    return make_replace_normalizer(std::move(r->pat), std::move(r->content));
}

result<split_behavior> parse_behavior(const json_node& n) {
    auto b = n.string_field("behavior");
    if (!b) return b.err();
    const std::string v = b.value().value_or("Isolated");
    if (v == "Removed") return split_behavior::removed;
    if (v == "Isolated") return split_behavior::isolated;
    if (v == "MergedWithPrevious") return split_behavior::merged_with_previous;
    if (v == "MergedWithNext") return split_behavior::merged_with_next;
    if (v == "Contiguous") return split_behavior::contiguous;
    return n.fail(".behavior \"" + v + "\" is not supported");
}

result<std::unique_ptr<pre_tokenizer>> parse_split(const json_node& n) {
    const auto p = n.field("pattern");
    if (!p) return n.fail("has no \"pattern\"");
    auto pat = parse_pattern(*p);
    if (!pat) return pat.err();
    auto behavior = parse_behavior(n);
    if (!behavior) return behavior.err();
    auto invert = n.bool_field("invert", false);
    if (!invert) return invert.err();
    if (behavior.value() == split_behavior::removed && !invert.value() && pat->has_captures()) {
        return n.fail(
            ".pattern: a \"Removed\" split on a regex with capturing groups is not "
            "supported");
    }
    return make_split(std::move(pat.value()), behavior.value(), invert.value());
}

result<std::unique_ptr<pre_tokenizer>> parse_byte_level(const json_node& n, bool deferred) {
    auto prefix = n.bool_field("add_prefix_space", false);
    if (!prefix) return prefix.err();
    auto use_regex = n.bool_field("use_regex", true);
    if (!use_regex) return use_regex.err();
    std::optional<pattern> re;
    if (use_regex.value()) {
        auto p = pattern::regex(gpt2_pattern);
        if (!p) return n.fail(": " + p.message());
        re = std::move(p.value());
    }
    return make_byte_level(prefix.value(), std::move(re), deferred);
}

result<std::unique_ptr<pre_tokenizer>> parse_metaspace(const json_node& n) {
    auto replacement = required_string(n, "replacement");
    if (!replacement) return replacement.err();
    auto prefix = n.bool_field("add_prefix_space", false);
    if (!prefix) return prefix.err();
    auto scheme = n.string_field("prepend_scheme");
    if (!scheme) return scheme.err();
    auto str_rep = n.string_field("str_rep");
    if (!str_rep) return str_rep.err();
    const std::string s = scheme.value().value_or("always");
    const prepend_scheme ps = s == "always"  ? prepend_scheme::always
                              : s == "first" ? prepend_scheme::first
                                             : prepend_scheme::never;
    return make_metaspace(std::move(replacement.value()), str_rep.value().value_or(""),
                          prefix.value(), ps);
}

result<std::unique_ptr<pre_tokenizer>> parse_pre_sequence(const json_node& n,
                                                          const stage_options& opts, bool last,
                                                          bool& raw_bytes) {
    auto items = array_field(n, "pretokenizers");
    if (!items) return items.err();
    std::vector<std::unique_ptr<pre_tokenizer>> steps;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const bool step_last = last && i + 1 == items->size();
        auto p = parse_pre_tokenizer((*items)[i], opts, step_last, raw_bytes);
        if (!p) return p.err();
        if (p.value()) steps.push_back(std::move(p.value()));
    }
    return make_sequence_pre_tokenizer(std::move(steps));
}

result<std::unique_ptr<decoder>> parse_strip_decoder(const json_node& n) {
    auto content = required_string(n, "content");
    if (!content) return content.err();
    auto start = n.uint_field("start");
    if (!start) return start.err();
    auto stop = n.uint_field("stop");
    if (!stop) return stop.err();
    return make_strip_decoder(std::move(content.value()), start.value().value_or(0),
                              stop.value().value_or(0));
}

}  // namespace

result<pattern> parse_pattern(const json_node& n) {
    auto s = n.string_field("String");
    if (!s) return s.err();
    if (s.value()) return pattern::literal(std::move(*s.value()));
    auto r = n.string_field("Regex");
    if (!r) return r.err();
    if (!r.value()) return n.fail("has neither \"String\" nor \"Regex\"");
    auto p = pattern::regex(*r.value());
    if (!p) return n.fail(".Regex: " + p.message());
    return p;
}

result<std::unique_ptr<normalizer>> parse_normalizer(const json_node& n) {
    auto type = type_of(n);
    if (!type) return type.err();
    const std::string& t = type.value();
    if (t == "NFC") return make_unicode_normalizer(0);
    if (t == "NFD") return make_unicode_normalizer(1);
    if (t == "NFKC") return make_unicode_normalizer(2);
    if (t == "NFKD") return make_unicode_normalizer(3);
    if (t == "Lowercase") return make_lowercase_normalizer();
    if (t == "StripAccents") return make_strip_accents_normalizer();
    if (t == "Replace") return parse_replace_normalizer(n);
    if (t == "Prepend") {
        auto prefix = required_string(n, "prepend");
        if (!prefix) return prefix.err();
        return make_prepend_normalizer(std::move(prefix.value()));
    }
    if (t == "Strip") {
        auto left = n.bool_field("strip_left", false);
        if (!left) return left.err();
        auto right = n.bool_field("strip_right", false);
        if (!right) return right.err();
        return make_strip_normalizer(left.value(), right.value());
    }
    if (t == "Sequence") {
        auto items = array_field(n, "normalizers");
        if (!items) return items.err();
        std::vector<std::unique_ptr<normalizer>> steps;
        for (const json_node& item : items.value()) {
            auto s = parse_normalizer(item);
            if (!s) return s.err();
            steps.push_back(std::move(s.value()));
        }
        return make_sequence_normalizer(std::move(steps));
    }
    return unsupported(n, t);
}

result<std::unique_ptr<pre_tokenizer>> parse_pre_tokenizer(const json_node& n,
                                                           const stage_options& opts, bool last,
                                                           bool& raw_bytes) {
    auto type = type_of(n);
    if (!type) return type.err();
    const std::string& t = type.value();
    if (t == "Split") return parse_split(n);
    if (t == "ByteLevel") {
        const bool deferred = last && opts.raw_bytes_ok;
        if (deferred) raw_bytes = true;
        return parse_byte_level(n, deferred);
    }
    if (t == "Metaspace") return parse_metaspace(n);
    if (t == "Digits") {
        auto individual = n.bool_field("individual_digits", false);
        if (!individual) return individual.err();
        return make_digits(individual.value());
    }
    if (t == "Whitespace") return make_whitespace();
    if (t == "WhitespaceSplit") return make_whitespace_split();
    if (t == "Punctuation") return make_punctuation();
    if (t == "Replace") {
        auto r = parse_replace(n);
        if (!r) return r.err();
        return make_replace_pre_tokenizer(std::move(r->pat), std::move(r->content));
    }
    if (t == "Sequence") return parse_pre_sequence(n, opts, last, raw_bytes);
    return unsupported(n, t);
}

result<std::unique_ptr<decoder>> parse_decoder(const json_node& n,
                                               const std::vector<std::string>& added) {
    auto type = type_of(n);
    if (!type) return type.err();
    const std::string& t = type.value();
    if (t == "ByteLevel") return make_byte_level_decoder(added);
    if (t == "ByteFallback") return make_byte_fallback_decoder();
    if (t == "Fuse") return make_fuse_decoder();
    if (t == "Strip") return parse_strip_decoder(n);
    if (t == "Metaspace") {
        auto replacement = required_string(n, "replacement");
        if (!replacement) return replacement.err();
        auto prefix = n.bool_field("add_prefix_space", false);
        if (!prefix) return prefix.err();
        return make_metaspace_decoder(std::move(replacement.value()), prefix.value());
    }
    if (t == "Replace") {
        auto r = parse_replace(n);
        if (!r) return r.err();
        return make_replace_decoder(std::move(r->pat), std::move(r->content));
    }
    if (t == "Sequence") {
        auto items = array_field(n, "decoders");
        if (!items) return items.err();
        std::vector<std::unique_ptr<decoder>> steps;
        for (const json_node& item : items.value()) {
            auto s = parse_decoder(item, added);
            if (!s) return s.err();
            steps.push_back(std::move(s.value()));
        }
        return make_sequence_decoder(std::move(steps));
    }
    return unsupported(n, t);
}

}  // namespace ringperf::tokenizer::detail
