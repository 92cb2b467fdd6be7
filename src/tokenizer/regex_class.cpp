#include <algorithm>

#include "regex_impl.h"
#include "ringperf/tokenizer/unicode.h"

namespace ringperf::tokenizer::rx {

namespace {

using unicode::category;

constexpr char32_t last_code_point = 0x10FFFF;

constexpr std::uint32_t bit(category c) {
    return 1U << static_cast<unsigned>(c);
}

constexpr std::uint32_t all_categories = (1U << unicode::category_count) - 1;

constexpr std::uint32_t span(category first, category last) {
    std::uint32_t m = 0;
    for (auto c = static_cast<unsigned>(first); c <= static_cast<unsigned>(last); ++c)
        m |= 1U << c;
    return m;
}

struct category_name {
    std::string_view name;
    std::uint32_t mask;
};

// General_Category values by every alias JavaScript accepts (PropertyValueAliases.txt).
constexpr category_name category_names[] = {
    {"L", span(category::Lu, category::Lo)},
    {"Letter", span(category::Lu, category::Lo)},
    {"LC", span(category::Lu, category::Lt)},
    {"Cased_Letter", span(category::Lu, category::Lt)},
    {"Lu", bit(category::Lu)},
    {"Uppercase_Letter", bit(category::Lu)},
    {"Ll", bit(category::Ll)},
    {"Lowercase_Letter", bit(category::Ll)},
    {"Lt", bit(category::Lt)},
    {"Titlecase_Letter", bit(category::Lt)},
    {"Lm", bit(category::Lm)},
    {"Modifier_Letter", bit(category::Lm)},
    {"Lo", bit(category::Lo)},
    {"Other_Letter", bit(category::Lo)},
    {"M", span(category::Mn, category::Me)},
    {"Mark", span(category::Mn, category::Me)},
    {"Combining_Mark", span(category::Mn, category::Me)},
    {"Mn", bit(category::Mn)},
    {"Nonspacing_Mark", bit(category::Mn)},
    {"Mc", bit(category::Mc)},
    {"Spacing_Mark", bit(category::Mc)},
    {"Me", bit(category::Me)},
    {"Enclosing_Mark", bit(category::Me)},
    {"N", span(category::Nd, category::No)},
    {"Number", span(category::Nd, category::No)},
    {"Nd", bit(category::Nd)},
    {"Decimal_Number", bit(category::Nd)},
    {"digit", bit(category::Nd)},
    {"Nl", bit(category::Nl)},
    {"Letter_Number", bit(category::Nl)},
    {"No", bit(category::No)},
    {"Other_Number", bit(category::No)},
    {"P", span(category::Pc, category::Po)},
    {"Punctuation", span(category::Pc, category::Po)},
    {"punct", span(category::Pc, category::Po)},
    {"Pc", bit(category::Pc)},
    {"Connector_Punctuation", bit(category::Pc)},
    {"Pd", bit(category::Pd)},
    {"Dash_Punctuation", bit(category::Pd)},
    {"Ps", bit(category::Ps)},
    {"Open_Punctuation", bit(category::Ps)},
    {"Pe", bit(category::Pe)},
    {"Close_Punctuation", bit(category::Pe)},
    {"Pi", bit(category::Pi)},
    {"Initial_Punctuation", bit(category::Pi)},
    {"Pf", bit(category::Pf)},
    {"Final_Punctuation", bit(category::Pf)},
    {"Po", bit(category::Po)},
    {"Other_Punctuation", bit(category::Po)},
    {"S", span(category::Sm, category::So)},
    {"Symbol", span(category::Sm, category::So)},
    {"Sm", bit(category::Sm)},
    {"Math_Symbol", bit(category::Sm)},
    {"Sc", bit(category::Sc)},
    {"Currency_Symbol", bit(category::Sc)},
    {"Sk", bit(category::Sk)},
    {"Modifier_Symbol", bit(category::Sk)},
    {"So", bit(category::So)},
    {"Other_Symbol", bit(category::So)},
    {"Z", span(category::Zs, category::Zp)},
    {"Separator", span(category::Zs, category::Zp)},
    {"Zs", bit(category::Zs)},
    {"Space_Separator", bit(category::Zs)},
    {"Zl", bit(category::Zl)},
    {"Line_Separator", bit(category::Zl)},
    {"Zp", bit(category::Zp)},
    {"Paragraph_Separator", bit(category::Zp)},
    {"C", span(category::Cc, category::Cn)},
    {"Other", span(category::Cc, category::Cn)},
    {"Cc", bit(category::Cc)},
    {"Control", bit(category::Cc)},
    {"cntrl", bit(category::Cc)},
    {"Cf", bit(category::Cf)},
    {"Format", bit(category::Cf)},
    {"Cs", bit(category::Cs)},
    {"Surrogate", bit(category::Cs)},
    {"Co", bit(category::Co)},
    {"Private_Use", bit(category::Co)},
    {"Cn", bit(category::Cn)},
    {"Unassigned", bit(category::Cn)},
};

std::optional<std::uint32_t> category_mask(std::string_view name) {
    for (const category_name& c : category_names) {
        if (c.name == name) return c.mask;
    }
    return std::nullopt;
}

void add_ranges(char_class& c, const std::vector<code_range>& r, bool negated) {
    const std::vector<code_range> add = negated ? complement(r) : r;
    c.ranges.insert(c.ranges.end(), add.begin(), add.end());
}

}  // namespace

void normalize_ranges(std::vector<code_range>& ranges) {
    std::sort(ranges.begin(), ranges.end());
    std::size_t out = 0;
    for (const code_range& r : ranges) {
        if (out > 0 && r.first <= ranges[out - 1].second + 1) {
            ranges[out - 1].second = std::max(ranges[out - 1].second, r.second);
        } else {
            ranges[out++] = r;
        }
    }
    ranges.resize(out);
}

std::vector<code_range> complement(const std::vector<code_range>& ranges) {
    std::vector<code_range> out;
    char32_t next = 0;
    for (const code_range& r : ranges) {
        if (r.first > next) out.emplace_back(next, r.first - 1);
        next = r.second + 1;
    }
    if (next <= last_code_point) out.emplace_back(next, last_code_point);
    return out;
}

std::vector<code_range> whitespace_ranges() {
    return {{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680},
            {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
            {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
}

std::vector<code_range> word_ranges(bool icase) {
    std::vector<code_range> r = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
    if (icase) {
        r.emplace_back(0x017F, 0x017F);
        r.emplace_back(0x212A, 0x212A);
    }
    return r;
}

std::vector<code_range> digit_ranges() {
    return {{'0', '9'}};
}

bool is_word_char(char32_t cp, bool icase) noexcept {
    if (cp < 128) {
        return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
               cp == '_';
    }
    return icase && (cp == 0x017F || cp == 0x212A);
}

bool add_property(std::string_view name, bool negated, char_class& c) {
    const std::size_t eq = name.find('=');
    if (eq != std::string_view::npos) {
        const std::string_view key = name.substr(0, eq);
        if (key != "General_Category" && key != "gc") return false;
        name = name.substr(eq + 1);
    } else if (name == "Any" || name == "ASCII") {
        add_ranges(c, {{0, name == "Any" ? last_code_point : 0x7F}}, negated);
        return true;
    } else if (name == "Assigned") {
        const std::uint32_t unassigned = bit(category::Cn);
        c.categories |= negated ? unassigned : all_categories & ~unassigned;
        return true;
    }
    const std::optional<std::uint32_t> mask = category_mask(name);
    if (!mask) return false;
    c.categories |= negated ? all_categories & ~*mask : *mask;
    return true;
}

bool char_class::contains_raw(char32_t cp) const noexcept {
    if (categories != 0 &&
        ((categories >> static_cast<unsigned>(unicode::general_category(cp))) & 1U) != 0) {
        return true;
    }
    const auto it = std::upper_bound(ranges.begin(), ranges.end(), cp,
                                     [](char32_t c, const code_range& r) { return c < r.first; });
    return it != ranges.begin() && cp <= std::prev(it)->second;
}

bool char_class::matches_slow(char32_t cp) const noexcept {
    bool found = contains_raw(cp);
    if (!found && icase) {
        char32_t variants[unicode::max_case_variants];
        const int n = unicode::case_variants(cp, variants);
        for (int i = 0; i < n && !found; ++i)
            found = contains_raw(variants[i]);
    }
    return found != invert;
}

void char_class::finish() {
    normalize_ranges(ranges);
    ascii = {};
    for (char32_t c = 0; c < 128; ++c) {
        if (matches_slow(c)) ascii[c >> 6] |= std::uint64_t{1} << (c & 63U);
    }
}

}  // namespace ringperf::tokenizer::rx
