// Unicode properties and transforms the reference takes from the JavaScript engine, on UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace ringperf::tokenizer::detail {

// \p{P} or one of the ASCII punctuation ranges of the reference's Punctuation pre-tokenizer.
bool reference_punctuation(char32_t c) noexcept;
// \p{M}.
bool unicode_mark(char32_t c) noexcept;

// String.prototype.normalize(form): 0 NFC, 1 NFD, 2 NFKC, 3 NFKD.
std::string unicode_normalize(std::string_view text, int form);
// unicode_normalize(text, form) == text, decided cheaply when it can be.
bool unicode_is_normalized(std::string_view text, int form);
// String.prototype.toLowerCase(), but for the language-independent SpecialCasing rules
// other than final sigma and U+0130.
std::string js_to_lower(std::string_view text);

}  // namespace ringperf::tokenizer::detail
