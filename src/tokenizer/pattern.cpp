#include "pattern.h"

#include "ringperf/tokenizer/regex.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::detail {

struct pattern::compiled {
    tokenizer::regex re;
};

pattern pattern::literal(std::string text) {
    pattern p;
    p.literal_ = std::move(text);
    return p;
}

result<pattern> pattern::regex(std::string_view source) {
    auto re = tokenizer::regex::compile(source);
    if (!re) return re.err();
    pattern p;
    p.compiled_ = std::make_shared<const compiled>(compiled{std::move(re.value())});
    return p;
}

bool pattern::has_captures() const noexcept {
    return compiled_ && compiled_->re.has_captures();
}

bool pattern::search(std::string_view text, std::size_t pos, pattern_match& m) const {
    if (pos > text.size()) return false;
    if (compiled_) {
        const auto hit = compiled_->re.search(text, pos);
        if (!hit) return false;
        m = pattern_match{hit->begin, hit->end};
        return true;
    }
    const std::size_t hit = text.find(literal_, pos);
    if (hit == std::string_view::npos) return false;
    m = pattern_match{hit, hit + literal_.size()};
    return true;
}

namespace {

void append_substitution(std::string& out, std::string_view content, std::string_view text,
                         std::size_t b, std::size_t e) {
    for (std::size_t i = 0; i < content.size(); ++i) {
        const char c = content[i];
        const char next = i + 1 < content.size() ? content[i + 1] : '\0';
        if (c != '$' || (next != '$' && next != '&' && next != '`' && next != '\'')) {
            out.push_back(c);
            continue;
        }
        if (next == '$') out.push_back('$');
        if (next == '&') out.append(text.substr(b, e - b));
        if (next == '`') out.append(text.substr(0, b));
        if (next == '\'') out.append(text.substr(e));
        ++i;
    }
}

}  // namespace

std::string replace_matches(const pattern& p, std::string_view text, std::string_view content) {
    const bool plain = content.find('$') == std::string_view::npos;
    std::string out;
    out.reserve(text.size());
    std::size_t prev = 0;
    for_each_match(p, text, [&](std::size_t b, std::size_t e) {
        out.append(text.substr(prev, b - prev));
        if (plain) {
            out.append(content);
        } else {
            append_substitution(out, content, text, b, e);
        }
        prev = e;
    });
    out.append(text.substr(prev));
    return out;
}

std::size_t next_code_point(std::string_view text, std::size_t pos) noexcept {
    if (pos >= text.size()) return pos + 1;
    return pos + decode_utf8(text, pos).length;
}

}  // namespace ringperf::tokenizer::detail
