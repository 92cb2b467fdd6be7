#include "pattern.h"

#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::detail {

struct pattern::compiled {};

pattern pattern::literal(std::string text) {
    pattern p;
    p.literal_ = std::move(text);
    return p;
}

result<pattern> pattern::regex(std::string_view source) {
    return make_error("regular expression patterns are not available: " + std::string(source));
}

bool pattern::search(std::string_view text, std::size_t pos, pattern_match& m) const {
    if (pos > text.size()) return false;
    const std::size_t hit = text.find(literal_, pos);
    if (hit == std::string_view::npos) return false;
    m = pattern_match{hit, hit + literal_.size()};
    return true;
}

std::size_t next_code_point(std::string_view text, std::size_t pos) noexcept {
    if (pos >= text.size()) return pos + 1;
    return pos + decode_utf8(text, pos).length;
}

}  // namespace ringperf::tokenizer::detail
