#include "ringperf/tokenizer/regex.h"

#include <array>

#include "regex_impl.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer {

namespace {

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos;
         at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return s;
}

// The reference's rewrites of a tokenizer.json Regex before `new RegExp(.., "gu")`: escapes
// Python accepts and `u` mode does not, the inline-modifier group older engines reject,
// and BLOOM's pattern whose brackets do not mean what they were meant to.
std::string reference_rewrite(std::string_view pattern) {
    std::string s;
    s.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
        if (pattern[i] == '\\' && (next == '#' || next == '&' || next == '~')) {
            s += next;
            ++i;
        } else {
            s += pattern[i];
        }
    }
    s = replace_all(std::move(s), "(?i:'s|'t|'re|'ve|'m|'ll|'d)",
                    "(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))");
    const std::string_view bloom_split = ".,!?\u2026\u3002\uff0c\u3001\u0964\u06d4\u060c";
    return replace_all(std::move(s), " ?[^(\\s|[" + std::string(bloom_split) + "])]+",
                       " ?[^\\s" + std::string(bloom_split) + "]+");
}

struct known_pattern {
    regex_engine engine;
    std::string_view source;
};

const std::array<known_pattern, 5>& known_patterns() {
    static const std::array<known_pattern, 5> k = {{
        {regex_engine::gpt2,
         "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"},
        {regex_engine::llama3,
         "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
         "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
        {regex_engine::qwen2,
         "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
         "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
        {regex_engine::o200k,
         "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
         "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+"
         "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| "
         "?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
        {regex_engine::number, "\\p{N}"},
    }};
    return k;
}

// Canonical forms of the known patterns, computed once.
const std::array<std::string, 5>& known_forms() {
    static const std::array<std::string, 5> forms = [] {
        std::array<std::string, 5> f;
        for (std::size_t i = 0; i < f.size(); ++i) {
            const std::string src = reference_rewrite(known_patterns()[i].source);
            result<rx::pattern_ast> ast = rx::parse(src, src);
            if (ast.ok()) f[i] = rx::canonical_form(*ast);
        }
        return f;
    }();
    return forms;
}

// The text of a pattern made only of exact code points (no U+FFFD, which also stands for
// malformed input), or nullopt.
std::optional<std::string> literal_text(const rx::pattern_ast& ast);

}  // namespace

struct regex::impl {
    std::string pattern;
    regex_engine engine = regex_engine::generic;
    rx::program prog;
    std::string literal;
    bool captures = false;
};

regex::regex(std::unique_ptr<impl> p) : p_(std::move(p)) {}
regex::regex(regex&&) noexcept = default;
regex& regex::operator=(regex&&) noexcept = default;
regex::~regex() = default;

result<regex> regex::compile(std::string_view pattern) {
    return compile(pattern, regex_options{});
}

result<regex> regex::compile(std::string_view pattern, regex_options options) {
    const std::string rewritten = reference_rewrite(pattern);
    result<rx::pattern_ast> ast = rx::parse(rewritten, pattern);
    if (!ast.ok()) return ast.err();
    result<rx::program> prog = rx::compile_program(*ast, pattern);
    if (!prog.ok()) return prog.err();
    auto p = std::make_unique<impl>();
    p->pattern = std::string(pattern);
    p->prog = std::move(*prog);
    p->captures = ast->captures > 0;
    if (!options.generic_only) {
        const std::string form = rx::canonical_form(*ast);
        for (std::size_t i = 0; i < known_forms().size(); ++i) {
            if (!known_forms()[i].empty() && form == known_forms()[i]) {
                p->engine = known_patterns()[i].engine;
            }
        }
        if (p->engine == regex_engine::generic) {
            if (std::optional<std::string> lit = literal_text(*ast)) {
                p->engine = regex_engine::literal;
                p->literal = std::move(*lit);
            }
        }
    }
    return regex(std::move(p));
}

std::string regex::escape(std::string_view literal) {
    std::string out;
    out.reserve(literal.size() + 8);
    for (char c : literal) {
        if (std::string_view(".*+?^${}()|[]\\").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::optional<regex_match> regex::search(std::string_view text, std::size_t pos) const {
    const impl& p = *p_;
    switch (p.engine) {
        case regex_engine::generic:
            return rx::generic_search(p.prog, text, pos);
        case regex_engine::literal: {
            const std::size_t at = text.find(p.literal, pos);
            if (at == std::string_view::npos) return std::nullopt;
            return regex_match{at, at + p.literal.size()};
        }
        case regex_engine::number:
            return rx::search_number(text, pos);
        default:
            break;
    }
    if (pos >= text.size()) return std::nullopt;
    switch (p.engine) {
        case regex_engine::gpt2:
            return regex_match{pos, rx::match_gpt2(text, pos)};
        case regex_engine::llama3:
            return regex_match{pos, rx::match_llama3(text, pos)};
        case regex_engine::qwen2:
            return regex_match{pos, rx::match_qwen2(text, pos)};
        default:
            return regex_match{pos, rx::match_o200k(text, pos)};
    }
}

regex_engine regex::engine() const noexcept {
    return p_->engine;
}

bool regex::has_captures() const noexcept {
    return p_->captures;
}

const std::string& regex::pattern() const noexcept {
    return p_->pattern;
}

namespace {

std::optional<std::string> literal_text(const rx::pattern_ast& ast) {
    const rx::node& root = ast.nodes[ast.root];
    std::vector<std::uint32_t> parts;
    if (root.kind == rx::node_kind::chars) {
        parts.push_back(ast.root);
    } else if (root.kind == rx::node_kind::seq) {
        parts = root.kids;
    } else {
        return std::nullopt;
    }
    std::string text;
    for (std::uint32_t id : parts) {
        const rx::node& n = ast.nodes[id];
        if (n.kind != rx::node_kind::chars) return std::nullopt;
        const rx::char_class& c = ast.classes[n.cls];
        if (c.invert || c.icase || c.categories != 0 || c.ranges.size() != 1 ||
            c.ranges[0].first != c.ranges[0].second || c.ranges[0].first == 0xFFFD) {
            return std::nullopt;
        }
        append_utf8(text, c.ranges[0].first);
    }
    return text;
}

}  // namespace

}  // namespace ringperf::tokenizer
