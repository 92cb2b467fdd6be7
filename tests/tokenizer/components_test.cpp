// Normalizers, pre-tokenizers and decoders, each on a hand-made tokenizer.json. Pre-tokens are
// made visible by a vocabulary that holds them whole, with ignore_merges set.
#include <gtest/gtest.h>

#include "ringperf/tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace ringperf::tokenizer {
namespace {

using testing::ascii_vocab;
using testing::doc;
using testing::load;
using testing::pieces;

const std::string u2581 = "\xE2\x96\x81";  // "▁"

doc whole_words(const std::vector<std::string>& words) {
    doc d;
    d.model = ascii_vocab(words) + R"(,"merges":[],"ignore_merges":true)";
    return d;
}

std::vector<token_id> ids_of(const tokenizer& t, const std::vector<std::string>& tokens) {
    std::vector<token_id> ids;
    for (const std::string& s : tokens)
        ids.push_back(t.token_to_id(s).value());
    return ids;
}

TEST(Normalizer, PrependsAndReplacesAsLlama2Does) {
    doc d = whole_words({u2581 + "a" + u2581 + "b"});
    d.normalizer = R"({"type":"Sequence","normalizers":[{"type":"Prepend","prepend":")" + u2581 +
                   R"("},{"type":"Replace","pattern":{"String":" "},"content":")" + u2581 +
                   R"("}]})";
    EXPECT_EQ(pieces(load(d), "a b"), u2581 + "a" + u2581 + "b");
}

TEST(Normalizer, LowercasesAndStrips) {
    doc d = whole_words({"abc", "  abc"});
    d.normalizer = R"({"type":"Sequence","normalizers":[{"type":"Lowercase"},
                      {"type":"Strip","strip_left":true,"strip_right":true}]})";
    EXPECT_EQ(pieces(load(d), " \t AbC \n"), "abc");
    d.normalizer = R"({"type":"Strip","strip_left":false,"strip_right":true})";
    EXPECT_EQ(pieces(load(d), "  abc  "), "  abc");
}

TEST(Normalizer, ReplacesEveryLiteralOccurrence) {
    doc d = whole_words({"a_b_c"});
    d.normalizer = R"({"type":"Replace","pattern":{"String":"-"},"content":"_"})";
    EXPECT_EQ(pieces(load(d), "a-b-c"), "a_b_c");
}

TEST(Normalizer, AppliesUnicodeNormalizationForms) {
    // "é" as e + U+0301, and the ligature "ﬁ" (U+FB01).
    const std::string decomposed = "e\xCC\x81";
    const std::string composed = "\xC3\xA9";
    doc d = whole_words({composed, decomposed, "fi", "\xEF\xAC\x81"});
    d.normalizer = R"({"type":"NFC"})";
    EXPECT_EQ(pieces(load(d), decomposed), composed);
    d.normalizer = R"({"type":"NFD"})";
    EXPECT_EQ(pieces(load(d), composed), decomposed);
    d.normalizer = R"({"type":"NFKC"})";
    EXPECT_EQ(pieces(load(d), "\xEF\xAC\x81"), "fi");
    d.normalizer = R"({"type":"NFC"})";
    EXPECT_EQ(pieces(load(d), "\xEF\xAC\x81"), "\xEF\xAC\x81");
}

TEST(Normalizer, LowercasesBeyondAsciiWithFinalSigma) {
    // "ΟΔΟΣ ΣΑ" lowercases to "οδος σα": a capital sigma ending a word becomes final sigma.
    const std::string lower = "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82 \xCF\x83\xCE\xB1";
    doc d = whole_words({lower});
    d.normalizer = R"({"type":"Lowercase"})";
    EXPECT_EQ(pieces(load(d), "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xA3\xCE\x91"), lower);
}

TEST(Normalizer, ReplacesRegexMatches) {
    doc d = whole_words({"a b c"});
    d.normalizer = R"({"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "})";
    EXPECT_EQ(pieces(load(d), "a \t\n b  c"), "a b c");
}

TEST(Normalizer, ReplacementExpandsDollarPatternsAsJavaScriptDoes) {
    doc d = whole_words({"a[b]c$"});
    d.normalizer = R"({"type":"Replace","pattern":{"String":"b"},"content":"[$&]"})";
    d.normalizer = R"({"type":"Sequence","normalizers":[)" + d.normalizer +
                   R"(,{"type":"Replace","pattern":{"Regex":"c$"},"content":"c$$"}]})";
    EXPECT_EQ(pieces(load(d), "abc"), "a[b]c$");
}

TEST(PreTokenizer, SplitOnARegexIsolatesRemovesOrKeepsMatches) {
    doc d = whole_words({"ab", "cd", "12"});
    d.pre_tokenizer = R"({"type":"Split","pattern":{"Regex":"\\d+"},"behavior":"Isolated",
                          "invert":false})";
    EXPECT_EQ(pieces(load(d), "ab12cd"), "ab|12|cd");
    d.pre_tokenizer = R"({"type":"Split","pattern":{"Regex":"\\d+"},"behavior":"Removed",
                          "invert":false})";
    EXPECT_EQ(pieces(load(d), "ab12cd"), "ab|cd");
    d.pre_tokenizer = R"({"type":"Split","pattern":{"Regex":"[a-z]+"},"behavior":"Removed",
                          "invert":true})";
    EXPECT_EQ(pieces(load(d), "ab12cd"), "ab|cd");
}

TEST(PreTokenizer, RejectsARemovedSplitWhoseRegexCaptures) {
    doc d = whole_words({});
    d.pre_tokenizer = R"j({"type":"Split","pattern":{"Regex":"(\\d)"},"behavior":"Removed",
                          "invert":false})j";
    auto t = tokenizer::from_json(d.json(), "t.json");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.message().find("t.json: pre_tokenizer.pattern"), std::string::npos) << t.message();
}

TEST(PreTokenizer, ByteLevelSplitsWithTheGpt2PatternWhenAsked) {
    doc d = whole_words({"Hello", "\xC4\xA0world", "'s",
                         "\xC4\xA0"
                         "42"});
    d.pre_tokenizer = R"({"type":"ByteLevel","add_prefix_space":false,"use_regex":true})";
    EXPECT_EQ(pieces(load(d), "Hello's world 42"),
              "Hello|'s|\xC4\xA0world|\xC4\xA0"
              "42");
}

TEST(PreTokenizer, SplitKeepsDelimitersForEveryBehaviourButInvert) {
    for (const char* behavior :
         {"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"}) {
        doc d = whole_words({"ab", "cd"});
        d.pre_tokenizer = std::string(R"({"type":"Split","pattern":{"String":" "},"behavior":")") +
                          behavior + R"(","invert":false})";
        // The reference splits a literal pattern around each delimiter whatever the behaviour.
        EXPECT_EQ(pieces(load(d), "ab cd"), "ab| |cd") << behavior;
    }
    doc d = whole_words({"--"});
    d.pre_tokenizer =
        R"({"type":"Split","pattern":{"String":"-"},"behavior":"Removed","invert":true})";
    // invert keeps only the matches.
    EXPECT_EQ(pieces(load(d), "a-b-c"), "-|-");
}

TEST(PreTokenizer, MetaspacePrependsByScheme) {
    const std::string word = u2581 + "a" + u2581 + "b";
    for (const auto& [scheme, after_token] :
         {std::pair{"first", "a" + u2581 + "b"}, std::pair{"always", word},
          std::pair{"never", "a" + u2581 + "b"}}) {
        doc d = whole_words({word, "a" + u2581 + "b"});
        d.added_tokens = R"([{"id":500,"content":"<s>","special":true}])";
        d.pre_tokenizer = R"({"type":"Metaspace","replacement":")" + u2581 +
                          R"(","add_prefix_space":true,"prepend_scheme":")" + scheme + R"("})";
        const tokenizer t = load(d);
        EXPECT_EQ(pieces(t, "a b"), std::string(scheme) == "never" ? after_token : word) << scheme;
        EXPECT_EQ(pieces(t, "<s>a b"), "<s>|" + after_token) << scheme;
    }
}

TEST(PreTokenizer, DigitsSplitRunsOrSingleDigits) {
    doc d = whole_words({"ab", "123"});
    d.pre_tokenizer = R"({"type":"Digits","individual_digits":false})";
    EXPECT_EQ(pieces(load(d), "ab123ab"), "ab|123|ab");
    d.pre_tokenizer = R"({"type":"Digits","individual_digits":true})";
    EXPECT_EQ(pieces(load(d), "ab123"), "ab|1|2|3");
}

TEST(PreTokenizer, WhitespaceSplitsWordsFromPunctuationAndDropsSpaces) {
    doc d = whole_words({"hi", "you", ",\xC3\xA9"});
    d.pre_tokenizer = R"({"type":"Whitespace"})";
    d.model = ascii_vocab({"hi", "you", ",\xC3\xA9"}) + R"(,"merges":[],"ignore_merges":true)";
    EXPECT_EQ(pieces(load(d), "hi,\xC3\xA9 \t you!"), "hi|,\xC3\xA9|you|!");
    d.pre_tokenizer = R"({"type":"WhitespaceSplit"})";
    EXPECT_EQ(pieces(load(d), "  hi \n you "), "hi|you");
}

TEST(PreTokenizer, PunctuationSeparatesPunctuationRuns) {
    doc d = whole_words({"ab", "cd", ",!"});
    d.pre_tokenizer = R"({"type":"Punctuation","behavior":"Isolated"})";
    EXPECT_EQ(pieces(load(d), "ab,!cd"), "ab|,!|cd");
}

TEST(PreTokenizer, ByteLevelMapsBytesAndAddsAPrefixSpace) {
    // "Ġ" (U+0120) stands for the space byte, "Ã©" for the two bytes of "é".
    doc d =
        whole_words({"\xC4\xA0"
                     "a",
                     "\xC4\xA0\xC3\x83\xC2\xA9"});
    d.pre_tokenizer = R"({"type":"ByteLevel","add_prefix_space":true,"use_regex":false})";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "a"),
              "\xC4\xA0"
              "a");
    EXPECT_EQ(pieces(t, " \xC3\xA9"), "\xC4\xA0\xC3\x83\xC2\xA9");
}

TEST(PreTokenizer, SequenceAppliesStepsInOrder) {
    doc d = whole_words({"ab", "12"});
    d.pre_tokenizer = R"({"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},
                          {"type":"Digits","individual_digits":false}]})";
    EXPECT_EQ(pieces(load(d), "ab12 12ab"), "ab|12|12|ab");
}

TEST(Decoder, ByteLevelTurnsCharactersBackIntoBytes) {
    doc d = whole_words({"\xC4\xA0\xC3\x83\xC2\xA9", "\xC3\x83"});
    d.decoder = R"({"type":"ByteLevel"})";
    d.added_tokens = R"([{"id":500,"content":"<x>","special":false}])";
    const tokenizer t = load(d, "{}");
    EXPECT_EQ(t.decode(ids_of(t, {"\xC4\xA0\xC3\x83\xC2\xA9", "<x>", "a"})), " \xC3\xA9<x>a");
    // A lone lead byte decodes as one U+FFFD.
    EXPECT_EQ(t.decode(ids_of(t, {"\xC3\x83", "a"})),
              "\xEF\xBF\xBD"
              "a");
}

TEST(Decoder, MetaspaceAndStripRemoveTheLeadingSpace) {
    doc d = whole_words({u2581 + "a", u2581 + "b"});
    d.decoder = R"({"type":"Metaspace","replacement":")" + u2581 + R"(","add_prefix_space":true})";
    const tokenizer t = load(d, "{}");
    EXPECT_EQ(t.decode(ids_of(t, {u2581 + "a", u2581 + "b"})), "a b");
    d.decoder = R"({"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":")" +
                u2581 + R"("},"content":" "},{"type":"Fuse"},
                {"type":"Strip","content":" ","start":1,"stop":0}]})";
    const tokenizer s = load(d, "{}");
    EXPECT_EQ(s.decode(ids_of(s, {u2581 + "a", u2581 + "b"})), "a b");
}

TEST(Decoder, ByteFallbackJoinsByteTokens) {
    doc d = whole_words({"<0xC3>", "<0xA9>", "<0xEF>", "<0xBB>", "<0xBF>"});
    d.decoder = R"({"type":"Sequence","decoders":[{"type":"ByteFallback"},{"type":"Fuse"}]})";
    const tokenizer t = load(d, "{}");
    EXPECT_EQ(t.decode(ids_of(t, {"a", "<0xC3>", "<0xA9>", "b"})),
              "a\xC3\xA9"
              "b");
    EXPECT_EQ(t.decode(ids_of(t, {"<0xC3>", "b"})),
              "\xEF\xBF\xBD"
              "b");
    // A byte run that starts with a byte order mark loses it, as in a default TextDecoder.
    EXPECT_EQ(t.decode(ids_of(t, {"<0xEF>", "<0xBB>", "<0xBF>", "a"})), "a");
}

}  // namespace
}  // namespace ringperf::tokenizer
