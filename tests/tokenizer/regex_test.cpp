#include "ringperf/tokenizer/regex.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/tokenizer/unicode.h"
#include "ringperf/tokenizer/utf8.h"

namespace {

using ringperf::tokenizer::regex;
using ringperf::tokenizer::regex_engine;
using ringperf::tokenizer::regex_match;
using ringperf::tokenizer::regex_options;

const std::string gpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
const std::string llama3 =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const std::string qwen2 =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const std::string o200k =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

regex compile(const std::string& pattern, bool generic_only = false) {
    auto r = regex::compile(pattern, regex_options{generic_only});
    EXPECT_TRUE(r.ok()) << r.message();
    return std::move(r).value();
}

// Every match as String.prototype.matchAll finds them: an empty match advances the search
// by one code point.
std::vector<regex_match> all_matches(const regex& re, std::string_view text) {
    std::vector<regex_match> out;
    for (std::size_t pos = 0; pos <= text.size();) {
        const auto m = re.search(text, pos);
        if (!m) break;
        out.push_back(*m);
        pos = m->end;
        if (m->end == m->begin) {
            if (pos >= text.size()) break;
            pos += ringperf::tokenizer::decode_utf8(text, pos).length;
        }
    }
    return out;
}

std::string spans(const std::vector<regex_match>& ms) {
    std::string s;
    for (const regex_match& m : ms)
        s += std::to_string(m.begin) + ":" + std::to_string(m.end) + " ";
    return s;
}

std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        const char c = s[++i];
        if (c == 'n') out += '\n';
        if (c == 'r') out += '\r';
        if (c == 't') out += '\t';
        if (c == '\\') out += '\\';
        if (c == 'u') {
            const std::size_t close = s.find('}', i);
            ringperf::tokenizer::append_utf8(
                out, static_cast<char32_t>(
                         std::stoul(std::string(s.substr(i + 2, close - i - 2)), nullptr, 16)));
            i = close;
        }
    }
    return out;
}

struct vector_case {
    std::string pattern;
    std::map<int, std::string> expected;  // text id -> spans
};

struct random_case {
    std::string pattern, text, expected;
};

struct vectors {
    std::map<int, std::string> texts;
    std::vector<vector_case> cases;
    std::vector<random_case> random;
};

vectors load_vectors() {
    const char* dir = std::getenv("RINGPERF_TEST_DATA");
    const std::string path = std::string(dir ? dir : "tests/data") + "/tokenizer/text/regex.txt";
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    vectors v;
    for (std::string line; std::getline(in, line);) {
        const std::size_t sp = line.find(' ');
        const std::string kind = line.substr(0, sp);
        const std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
        if (kind == "text") {
            const std::size_t sp2 = rest.find(' ');
            v.texts[std::stoi(rest.substr(0, sp2))] =
                sp2 == std::string::npos ? "" : unescape(rest.substr(sp2 + 1));
        } else if (kind == "pattern") {
            v.cases.push_back({unescape(rest), {}});
        } else if (kind == "random") {
            const std::size_t t1 = rest.find('\t');
            const std::size_t t2 = rest.find('\t', t1 + 1);
            const std::string spans = rest.substr(t2 + 1);
            v.random.push_back({unescape(rest.substr(0, t1)),
                                unescape(rest.substr(t1 + 1, t2 - t1 - 1)),
                                spans.empty() ? spans : spans + " "});
        } else if (kind == "matches") {
            const std::size_t sp2 = rest.find(' ');
            std::string s = sp2 == std::string::npos ? "" : rest.substr(sp2 + 1) + " ";
            v.cases.back().expected[std::stoi(rest.substr(0, sp2))] = s;
        }
    }
    return v;
}

TEST(RegexVectors, BothEnginesMatchJavaScriptOnEveryPatternAndText) {
    const vectors v = load_vectors();
    ASSERT_GE(v.cases.size(), 30U);
    ASSERT_GE(v.texts.size(), 30U);
    for (const vector_case& c : v.cases) {
        for (bool generic : {false, true}) {
            const regex re = compile(c.pattern, generic);
            for (const auto& [id, want] : c.expected) {
                EXPECT_EQ(spans(all_matches(re, v.texts.at(id))), want)
                    << "pattern " << c.pattern << " text " << id
                    << (generic ? " (generic engine)" : "");
            }
        }
    }
}

TEST(RegexVectors, MatchesJavaScriptOnRandomPatterns) {
    const vectors v = load_vectors();
    ASSERT_GE(v.random.size(), 3000U);
    int failures = 0;
    for (const random_case& c : v.random) {
        const auto re = regex::compile(c.pattern);
        ASSERT_TRUE(re.ok()) << re.message();
        const std::string got = spans(all_matches(*re, c.text));
        if (got != c.expected && failures++ < 20) {
            ADD_FAILURE() << "pattern " << c.pattern << " text " << c.text << ": " << got
                          << "expected " << c.expected;
        }
    }
    EXPECT_EQ(failures, 0);
}

TEST(RegexVectors, RecognisesTheModelPatterns) {
    const vectors v = load_vectors();
    std::map<regex_engine, int> seen;
    for (const vector_case& c : v.cases)
        ++seen[compile(c.pattern).engine()];
    EXPECT_EQ(seen[regex_engine::gpt2], 1);
    EXPECT_EQ(seen[regex_engine::llama3], 1);  // read from Llama 3's tokenizer.json
    EXPECT_EQ(seen[regex_engine::qwen2], 1);   // read from Qwen 3's tokenizer.json
    EXPECT_EQ(seen[regex_engine::o200k], 1);
    EXPECT_EQ(seen[regex_engine::number], 1);
    EXPECT_GE(seen[regex_engine::literal], 4);
    EXPECT_EQ(compile(gpt2).engine(), regex_engine::gpt2);
    EXPECT_EQ(compile(llama3).engine(), regex_engine::llama3);
    EXPECT_EQ(compile(qwen2).engine(), regex_engine::qwen2);
    EXPECT_EQ(compile(o200k).engine(), regex_engine::o200k);
    EXPECT_EQ(compile(R"(\p{Number})").engine(), regex_engine::number);
    EXPECT_EQ(compile(qwen2, true).engine(), regex_engine::generic);
    EXPECT_EQ(compile(R"(\p{N}+)").engine(), regex_engine::generic);
}

// Random text built from characters on which the patterns' alternatives disagree.
std::string random_text(ringperf::rng& r, std::size_t chars) {
    static const std::vector<std::string> pool = {"a",
                                                  "Z",
                                                  "s",
                                                  "S",
                                                  "t",
                                                  "T",
                                                  "d",
                                                  "e",
                                                  "E",
                                                  "l",
                                                  "L",
                                                  "r",
                                                  "v",
                                                  "m",
                                                  "'",
                                                  "'",
                                                  "'",
                                                  " ",
                                                  " ",
                                                  " ",
                                                  "\t",
                                                  "\r",
                                                  "\n",
                                                  "\r\n",
                                                  "\v",
                                                  "\xC2\xA0",
                                                  "\xE3\x80\x80",
                                                  "\xEF\xBB\xBF",
                                                  "\xE2\x80\xA8",
                                                  "0",
                                                  "7",
                                                  "\xD9\xA3",
                                                  "\xC2\xBD",
                                                  "\xE2\x85\xA2",
                                                  "/",
                                                  ".",
                                                  "!",
                                                  "-",
                                                  "\xE2\x80\x99",
                                                  "\xCC\x81",
                                                  "\xE0\xA4\xBE",
                                                  "\xE2\x83\x9D",
                                                  "\xC7\x85",
                                                  "\xCA\xB0",
                                                  "\xE4\xB8\xAD",
                                                  "\xD0\x96",
                                                  "\xD0\xB6",
                                                  "\xCE\xA3",
                                                  "\xF0\x9F\x98\x80",
                                                  "\xFF",
                                                  "\xC3",
                                                  "\xE2\x82",
                                                  "_",
                                                  "$",
                                                  "\xC5\xBF",
                                                  "\xE2\x84\xAA"};
    std::string s;
    for (std::size_t i = 0; i < chars; ++i)
        s += pool[r.below(pool.size())];
    return s;
}

TEST(RegexEngines, HandWrittenMatchersAgreeWithTheGenericEngine) {
    ringperf::rng r(42);
    for (const std::string* p : {&gpt2, &llama3, &qwen2, &o200k}) {
        const regex fast = compile(*p);
        const regex generic = compile(*p, true);
        ASSERT_NE(fast.engine(), regex_engine::generic);
        for (int i = 0; i < 400; ++i) {
            const std::string text = random_text(r, r.below(40));
            ASSERT_EQ(spans(all_matches(fast, text)), spans(all_matches(generic, text)))
                << *p << "\ntext: " << text;
        }
    }
    const regex fast = compile(R"(\p{N})");
    const regex generic = compile(R"(\p{N})", true);
    const std::string text = random_text(r, 3000);
    EXPECT_EQ(spans(all_matches(fast, text)), spans(all_matches(generic, text)));
}

TEST(RegexCompile, CountsCapturingGroupsAfterTheReferenceRewrites) {
    const auto captures = [](std::string_view pattern) {
        auto re = regex::compile(pattern);
        EXPECT_TRUE(re.ok()) << pattern;
        return re.ok() && re->has_captures();
    };
    EXPECT_TRUE(captures("(\\d)"));
    EXPECT_TRUE(captures("(?<n>a)b"));
    EXPECT_FALSE(captures("(?:a)(?=b)(?!c)(?i:d)[(]\\("));
    // The reference rewrites the contraction group into one with a capturing group.
    EXPECT_TRUE(captures("(?i:'s|'t|'re|'ve|'m|'ll|'d)|\\p{L}+"));
}

TEST(RegexSearch, StartsAtTheGivenOffsetAndReportsEmptyMatches) {
    const regex words = compile(R"(\p{L}+)");
    const auto m = words.search("ab  cd", 2);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->begin, 4U);
    EXPECT_EQ(m->end, 6U);
    EXPECT_FALSE(words.search("ab  cd", 6));
    const regex empty = compile("");
    const auto e = empty.search("xy", 1);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, 1U);
    EXPECT_EQ(e->end, 1U);
    EXPECT_EQ(all_matches(compile("x*"), "axxb").size(), 4U);  // "", "xx", "", ""
}

TEST(RegexSearch, AnchorsSeeTheWholeText) {
    const regex start = compile("^a");
    EXPECT_TRUE(start.search("aa", 0));
    EXPECT_FALSE(start.search("aa", 1));
    const regex end = compile("a$");
    const auto m = end.search("aa", 0);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->begin, 1U);
}

TEST(RegexSearch, ReadsMalformedUtf8AsReplacementCharacters) {
    const regex other = compile(R"([^\s\p{L}\p{N}]+)");
    const auto m = other.search(
        "ab\xFF\xFE"
        "cd",
        0);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->begin, 2U);
    EXPECT_EQ(m->end, 4U);
    const regex qwen = compile(qwen2);
    EXPECT_EQ(spans(all_matches(qwen, "x\xFF\xC3y")), "0:1 1:3 3:4 ");
}

TEST(RegexEscape, MatchesTheStringLiterally) {
    const std::string s = "a.b*c+(d)|[e]{f}^$\\?";
    EXPECT_EQ(regex::escape(s), "a\\.b\\*c\\+\\(d\\)\\|\\[e\\]\\{f\\}\\^\\$\\\\\\?");
    const regex re = compile(regex::escape(s));
    EXPECT_EQ(re.engine(), regex_engine::literal);
    const std::string text = "xx" + s + "yy" + s;
    EXPECT_EQ(spans(all_matches(re, text)), "2:22 24:44 ");
}

TEST(RegexCompile, RejectsUnsupportedConstructsNamingPatternAndOffset) {
    const std::pair<std::string, std::string> cases[] = {
        {"ab(?<=a)", "unsupported lookbehind at offset 2"},
        {"(a)\\1", "unsupported backreference at offset 3"},
        {"(?m:^a)", "unsupported modifier 'm' at offset 0"},
        {"\\p{Script=Latin}", "unsupported property \\p{Script=Latin} at offset 0"},
        {"x\\p{Han}", "unsupported property \\p{Han} at offset 1"},
        {"a{2,1}", "numbers out of order in quantifier at offset 1"},
        {"(ab", "unterminated group at offset 0"},
        {"ab)", "unmatched ')' at offset 2"},
        {"[ab", "unterminated character class at offset 0"},
        {"*a", "nothing to repeat at offset 0"},
        {"\\q", "invalid escape at offset 0"},
        {"a{", "incomplete quantifier '{' at offset 1"},
        {"[\\d-z]", "character class escape in a range at offset 1"},
        {"(?=a)*", "quantifier after an assertion at offset 5"},
        {"(?<x>a)(?<x>b)", "duplicate capture group name at offset 7"},
    };
    for (const auto& [pattern, what] : cases) {
        const auto r = regex::compile(pattern);
        ASSERT_FALSE(r.ok()) << pattern;
        EXPECT_EQ(r.message(), "regex \"" + pattern + "\": " + what);
    }
}

TEST(RegexCompile, RejectsRepetitionsThatExpandTooFar) {
    const auto r = regex::compile("(?:ab{1000}){2000}");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("regex \"(?:ab{1000}){2000}\": repetition"), std::string::npos)
        << r.message();
    EXPECT_TRUE(regex::compile("(?:ab{100}){100}").ok());
}

TEST(RegexCompile, AppliesTheReferenceRewrites) {
    // \# is not a valid escape in JavaScript `u` mode; the reference drops the backslash.
    EXPECT_TRUE(regex::compile("\\#\\&\\~").ok());
    // The reference spells the contraction group out with ASCII classes, so U+017F (which
    // folds to 's') does not match.
    const regex re = compile("(?i:'s|'t|'re|'ve|'m|'ll|'d)");
    EXPECT_TRUE(re.search("'S", 0));
    EXPECT_FALSE(re.search("'\xC5\xBF", 0));
    const regex folded = compile("(?i:'s)");
    EXPECT_TRUE(folded.search("'\xC5\xBF", 0));
}

TEST(RegexCompile, SupportsCaseInsensitiveGroupsWithUnicodeFolding) {
    const regex re = compile("(?i:k)x");
    EXPECT_TRUE(re.search("Kx", 0));
    EXPECT_TRUE(re.search("\xE2\x84\xAAx", 0));  // KELVIN SIGN
    EXPECT_FALSE(re.search("kX", 0));
    const regex off = compile("(?i:a(?-i:b))");
    EXPECT_TRUE(off.search("Ab", 0));
    EXPECT_FALSE(off.search("AB", 0));
}

}  // namespace
