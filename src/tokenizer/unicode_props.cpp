#include "unicode_props.h"

namespace ringperf::tokenizer::detail {

bool reference_punctuation(char32_t c) noexcept {
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

bool unicode_mark(char32_t) noexcept {
    return false;
}

std::string unicode_normalize(std::string_view text, int) {
    return std::string(text);
}

std::string js_to_lower(std::string_view text) {
    return std::string(text);
}

}  // namespace ringperf::tokenizer::detail
