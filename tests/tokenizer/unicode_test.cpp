#include "ringperf/tokenizer/unicode.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ringperf/tokenizer/utf8.h"

namespace {

namespace u = ringperf::tokenizer::unicode;
using ringperf::tokenizer::append_utf8;

constexpr const char* category_names[] = {
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"};

std::vector<std::string> read_lines(const std::string& name) {
    const char* dir = std::getenv("RINGPERF_TEST_DATA");
    const std::string path = std::string(dir ? dir : "tests/data") + "/tokenizer/text/" + name;
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != '#') lines.push_back(line);
    }
    return lines;
}

char32_t hex(const std::string& s) {
    return static_cast<char32_t>(std::stoul(s, nullptr, 16));
}

std::string utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s)
        append_utf8(out, c);
    return out;
}

std::u32string hex_string(const std::string& field) {
    std::u32string out;
    std::istringstream in(field);
    for (std::string h; in >> h;)
        out += hex(h);
    return out;
}

// A code point our tables call unassigned: the reference's newer Unicode may know it.
bool unknown_here(char32_t cp) {
    return u::general_category(cp) == u::category::Cn;
}

TEST(UnicodeCategory, MatchesJavaScriptForEveryAssignedCodePoint) {
    std::size_t checked = 0;
    std::size_t newer = 0;
    int failures = 0;
    for (const std::string& line : read_lines("properties.txt")) {
        std::istringstream in(line);
        std::string kind, first, last, cat;
        in >> kind >> first >> last >> cat;
        if (kind != "gc") continue;
        for (char32_t cp = hex(first); cp <= hex(last); ++cp) {
            ++checked;
            const char* ours = category_names[static_cast<int>(u::general_category(cp))];
            if (cat == ours) continue;
            if (unknown_here(cp)) {
                ++newer;
            } else if (failures++ < 10) {
                ADD_FAILURE() << "U+" << std::hex << static_cast<std::uint32_t>(cp) << ": " << ours
                              << ", JavaScript says " << cat;
            }
        }
    }
    EXPECT_EQ(checked, 0x110000U);
    EXPECT_EQ(failures, 0);
    // Only characters assigned after our Unicode version may differ.
    EXPECT_LT(newer, 30000U) << "tables are Unicode " << u::unicode_version();
}

TEST(UnicodeCategory, GroupsLettersNumbersAndMarks) {
    EXPECT_EQ(u::general_category(U'A'), u::category::Lu);
    EXPECT_EQ(u::general_category(U'\u01C5'), u::category::Lt);
    EXPECT_EQ(u::general_category(U'\u4E2D'), u::category::Lo);
    EXPECT_EQ(u::general_category(0x110000), u::category::Cn);
    EXPECT_TRUE(u::is_letter(U'\u02B0'));
    EXPECT_FALSE(u::is_letter(U'1'));
    EXPECT_TRUE(u::is_number(U'\u2167'));
    EXPECT_TRUE(u::is_number(U'\u00BD'));
    EXPECT_TRUE(u::is_number(U'\u0663'));
    EXPECT_FALSE(u::is_number(U'x'));
    EXPECT_TRUE(u::is_mark(U'\u0301'));
    EXPECT_TRUE(u::is_mark(U'\u093E'));
    EXPECT_TRUE(u::is_mark(U'\u20DD'));
    EXPECT_FALSE(u::is_mark(U'a'));
}

TEST(UnicodeWhitespace, IsExactlyJavaScriptBackslashS) {
    std::set<char32_t> js;
    for (const std::string& line : read_lines("properties.txt")) {
        std::istringstream in(line);
        std::string kind, first, last;
        in >> kind >> first >> last;
        if (kind != "ws") continue;
        for (char32_t cp = hex(first); cp <= hex(last); ++cp)
            js.insert(cp);
    }
    EXPECT_EQ(js.size(), 25U);
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        ASSERT_EQ(u::is_js_whitespace(cp), js.count(cp) == 1)
            << std::hex << static_cast<std::uint32_t>(cp);
    }
}

TEST(UnicodeCaseFold, AgreesWithCaseInsensitiveRegExp) {
    int compared = 0;
    for (const std::string& line : read_lines("properties.txt")) {
        std::istringstream in(line);
        std::string kind, a, b;
        int same = 0;
        in >> kind >> a >> b >> same;
        if (kind != "fold" || unknown_here(hex(a)) || unknown_here(hex(b))) continue;
        ++compared;
        EXPECT_EQ(u::simple_case_fold(hex(a)) == u::simple_case_fold(hex(b)), same == 1)
            << a << " " << b;
    }
    EXPECT_GT(compared, 2500);
}

TEST(UnicodeCaseFold, ListsEveryCaseVariant) {
    char32_t out[u::max_case_variants];
    ASSERT_EQ(u::case_variants(U'k', out), 2);
    EXPECT_EQ(std::set<char32_t>(out, out + 2), (std::set<char32_t>{U'K', U'\u212A'}));
    ASSERT_EQ(u::case_variants(U'\u03B8', out), 3);
    EXPECT_EQ(std::set<char32_t>(out, out + 3),
              (std::set<char32_t>{U'\u0398', U'\u03D1', U'\u03F4'}));
    EXPECT_EQ(u::case_variants(U'1', out), 0);
    EXPECT_EQ(u::simple_case_fold(U'\u1E9E'), U'\u00DF');
    EXPECT_EQ(u::simple_case_fold(U'\u0130'), U'\u0130');
    EXPECT_EQ(u::simple_case_fold(U'\u017F'), U's');
}

const u::form forms[] = {u::form::nfc, u::form::nfd, u::form::nfkc, u::form::nfkd};

TEST(UnicodeNormalize, MatchesJavaScriptOnEveryVector) {
    std::set<char32_t> changed;
    int compared = 0;
    int failures = 0;
    for (const std::string& line : read_lines("normalize.txt")) {
        std::vector<std::string> fields;
        std::istringstream in(line);
        for (std::string f; std::getline(in, f, ';');)
            fields.push_back(f);
        fields.resize(5);
        const std::u32string input = hex_string(fields[0]);
        if (input.size() == 1) changed.insert(input[0]);
        bool known = true;
        for (char32_t c : input)
            known = known && !unknown_here(c);
        if (!known) continue;
        ++compared;
        for (int f = 0; f < 4; ++f) {
            const std::string got = u::normalize(utf8(input), forms[f]);
            if (got != utf8(hex_string(fields[static_cast<std::size_t>(f) + 1])) &&
                failures++ < 20) {
                ADD_FAILURE() << "form " << f << " of [" << fields[0] << "]: expected ["
                              << fields[static_cast<std::size_t>(f) + 1] << "]";
            }
        }
    }
    EXPECT_GT(compared, 10000);
    EXPECT_GT(changed.size(), 5000U);
    // Every code point JavaScript leaves alone in all four forms is left alone here.
    std::string one;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || changed.count(cp) != 0) continue;
        one.clear();
        append_utf8(one, cp);
        for (u::form f : forms) {
            // A "maybe" from the quick check (a character that may combine with a previous
            // one) is fine as long as the full algorithm leaves it alone.
            if (u::is_normalized(one, f)) continue;
            ASSERT_EQ(u::normalize(one, f), one) << std::hex << static_cast<std::uint32_t>(cp);
        }
    }
}

TEST(UnicodeNormalize, ComposesDecomposesAndReorders) {
    EXPECT_EQ(u::normalize("e\xCC\x81", u::form::nfc), "\xC3\xA9");
    EXPECT_EQ(u::normalize("\xC3\xA9", u::form::nfd), "e\xCC\x81");
    // a + dot below (220) + acute (230), written in the wrong order.
    EXPECT_EQ(u::normalize("a\xCC\x81\xCC\xA3", u::form::nfd), "a\xCC\xA3\xCC\x81");
    EXPECT_EQ(u::normalize("a\xCC\x81\xCC\xA3", u::form::nfc), "\xE1\xBA\xA1\xCC\x81");
    EXPECT_EQ(u::normalize("\xEF\xAC\x81", u::form::nfkc), "fi");
    EXPECT_EQ(u::normalize("\xEF\xAC\x81", u::form::nfc), "\xEF\xAC\x81");
    EXPECT_EQ(u::normalize("\xEF\xBC\xA1\xC2\xB2", u::form::nfkd), "A2");
    // Hangul: syllable <-> jamo by arithmetic.
    EXPECT_EQ(u::normalize("\xED\x95\x9C", u::form::nfd), "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB");
    EXPECT_EQ(u::normalize("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", u::form::nfc), "\xED\x95\x9C");
    // A composition exclusion stays decomposed.
    EXPECT_EQ(u::normalize("\xE0\xA5\x98", u::form::nfc), "\xE0\xA4\x95\xE0\xA4\xBC");
}

TEST(UnicodeNormalize, ReturnsAsciiAndNormalizedTextUnchanged) {
    const std::string ascii = "The quick brown fox\r\n\tjumps 123 {}";
    for (u::form f : forms)
        EXPECT_EQ(u::normalize(ascii, f), ascii);
    const std::string cjk = "\xE4\xB8\xAD\xE6\x96\x87 text";
    EXPECT_TRUE(u::is_normalized(cjk, u::form::nfc));
    EXPECT_EQ(u::normalize(cjk, u::form::nfkc), cjk);
    EXPECT_FALSE(u::is_normalized("e\xCC\x81", u::form::nfc));
    EXPECT_TRUE(u::is_normalized("e\xCC\x81", u::form::nfd));
}

TEST(UnicodeNormalize, ReadsMalformedUtf8AsReplacementCharacters) {
    EXPECT_FALSE(u::is_normalized("a\xFF", u::form::nfc));
    EXPECT_EQ(u::normalize("a\xFF\xC3", u::form::nfc), "a\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
