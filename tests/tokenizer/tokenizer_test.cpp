// The BPE model, added tokens, tokenizer_config.json and load errors, on hand-made files.
#include "ringperf/tokenizer/tokenizer.h"

#include <gtest/gtest.h>

#include <thread>

#include "tokenizer_test_util.h"

namespace ringperf::tokenizer {
namespace {

using testing::ascii_vocab;
using testing::doc;
using testing::load;
using testing::pieces;

TEST(Bpe, AppliesMergesByRankNotByPosition) {
    doc d;
    d.model = ascii_vocab({"bc", "ab", "abc"}) + R"(,"merges":["b c","a b","ab c"])";
    const tokenizer t = load(d);
    // "b c" ranks first, so "ab" never forms and "abc" cannot be reached.
    EXPECT_EQ(pieces(t, "abc"), "a|bc");
}

TEST(Bpe, BreaksTiesLeftmostFirst) {
    doc d;
    d.model = ascii_vocab({"aa"}) + R"(,"merges":["a a"])";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "aaa"), "aa|a");
}

TEST(Bpe, ReadsMergesGivenAsPairs) {
    doc d;
    d.model = ascii_vocab({"a b", "a bc"}) + R"(,"merges":[["a"," "],["a ","b"],["a b","c"]])";
    const tokenizer t = load(d);
    // A pair may hold a space, which the "a b" string form cannot.
    EXPECT_EQ(pieces(t, "a bc"), "a bc");
}

TEST(Bpe, MergesIntoStringsOutsideTheVocabularyBeforeReachingOne) {
    doc d;
    d.model = ascii_vocab({"xyz"}) + R"(,"merges":["x y","xy z"])";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "xyz"), "xyz");
}

TEST(Bpe, LongVocabulariesAndMergeListsKeepEveryEntryAndRank) {
    // More entries than the loader adds at once, in both merge forms: a chain of 51 merges
    // builds the whole alphabet into one token only if every one of them is kept in order,
    // and a later duplicate vocabulary key takes the id, as a JavaScript object does.
    const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::vector<std::string> extra;
    std::string merges;
    for (std::size_t n = 2; n <= letters.size(); ++n) {
        extra.push_back(letters.substr(0, n));
        const std::string left = letters.substr(0, n - 1), right = letters.substr(n - 1, 1);
        merges += (merges.empty() ? "" : ",");
        merges +=
            n % 2 == 0 ? "\"" + left + " " + right + "\"" : "[\"" + left + "\",\"" + right + "\"]";
    }
    extra.push_back("zz");
    for (int i = 0; i < 20; ++i)
        extra.push_back("pad" + std::to_string(i));
    extra.push_back("zz");
    doc d;
    d.model = ascii_vocab(extra) + R"(,"merges":[)" + merges + R"(,"z z"])";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, letters), letters);
    EXPECT_EQ(t.encode(letters).size(), 1u);
    const auto zz = t.encode("zz");
    ASSERT_EQ(zz.size(), 1u);
    EXPECT_EQ(zz[0], 95u + extra.size() - 1);
}

TEST(Bpe, LongWordsMergeAsShortOnes) {
    doc d;
    d.model = ascii_vocab({"ab", "abab", "ababab"}) + R"(,"merges":["a b","ab ab","abab ab"])";
    const tokenizer t = load(d);
    std::string word;
    for (int i = 0; i < 2000; ++i)
        word += "ab";
    // Every "ab ab" merge (rank 1) comes before any "abab ab" (rank 2), so no lone "ab" is
    // left for the later merge.
    const std::vector<token_id> ids = t.encode(word);
    ASSERT_EQ(ids.size(), 1000U);
    for (const token_id id : ids)
        ASSERT_EQ(t.id_to_token(id), "abab");
    EXPECT_EQ(pieces(t, "ababab"), "ababab");
}

TEST(Bpe, LongMetaspaceWordsMergeAcrossJoinableBoundariesOnly) {
    const std::string m = "\xE2\x96\x81";  // "▁"
    doc d;
    d.model = ascii_vocab({m, m + "a", "b" + m, "b" + m + "a"}) + R"(,"merges":["b )" + m +
              R"(",")" + m + R"( a","b)" + m + R"( a"])";
    const tokenizer t = load(d);
    std::string text;
    std::string want;
    for (int i = 0; i < 100; ++i) {
        text += m + "a";
        want += (want.empty() ? "" : "|") + m + "a";
    }
    // A merged token holds "b▁", so the word is not cut there; "c" has no such token.
    EXPECT_EQ(pieces(t, text + "b" + m + "a" + "c" + m + "a"), want + "|b" + m + "a|c|" + m + "a");
}

TEST(Bpe, ByteFallbackSpellsUnknownCharactersAsByteTokens) {
    doc d;
    d.model = ascii_vocab({"<0xC3>", "<0xA9>", "<unk>"}) +
              R"(,"merges":[],"byte_fallback":true,"unk_token":"<unk>")";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "e\xC3\xA9"), "e|<0xC3>|<0xA9>");
    // U+00E8 needs <0xA8>, which the vocabulary lacks: the whole character becomes <unk>.
    EXPECT_EQ(pieces(t, "\xC3\xA8"), "<unk>");
}

TEST(Bpe, FusesConsecutiveUnknownTokens) {
    doc d;
    d.model = ascii_vocab({"<unk>"}) + R"(,"merges":[],"unk_token":"<unk>","fuse_unk":true)";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "a\xC3\xA9\xC3\xA8z\xC3\xA9"), "a|<unk>|z|<unk>");
    d.model = ascii_vocab({"<unk>"}) + R"(,"merges":[],"unk_token":"<unk>")";
    EXPECT_EQ(pieces(load(d), "\xC3\xA9\xC3\xA8"), "<unk>|<unk>");
}

TEST(Bpe, IgnoreMergesTakesWholeWordsFromTheVocabulary) {
    doc d;
    d.model = ascii_vocab({"ab", "abc"}) + R"(,"merges":["a b"],"ignore_merges":true)";
    EXPECT_EQ(pieces(load(d), "abc"), "abc");
    d.model = ascii_vocab({"ab", "abc"}) + R"(,"merges":["a b"])";
    EXPECT_EQ(pieces(load(d), "abc"), "ab|c");
}

TEST(Bpe, EndOfWordSuffixJoinsTheLastCharacter) {
    doc d;
    d.model =
        ascii_vocab({"b</w>", "ab</w>"}) + R"(,"merges":["a b</w>"],"end_of_word_suffix":"</w>")";
    d.pre_tokenizer = R"({"type":"WhitespaceSplit"})";
    d.decoder = R"({"type":"Fuse"})";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "ab ab"), "ab</w>|ab</w>");
    EXPECT_EQ(t.decode(t.encode("ab ab")), "ab ab");
}

TEST(AddedTokens, MatchTheLongestTokenAndAreNeverSplit) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.added_tokens = R"([{"id":200,"content":"<s>","special":true},
                         {"id":201,"content":"<s>x","special":false}])";
    const tokenizer t = load(d);
    EXPECT_EQ(t.encode("a<s>b<s>xc"), (std::vector<token_id>{65, 200, 66, 201, 67}));
}

TEST(AddedTokens, StripWhitespaceBesideThemWhenAsked) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.added_tokens = R"([{"id":200,"content":"<m>","lstrip":true,"rstrip":true}])";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "a \t<m>  b"), "a|<m>|b");
}

TEST(AddedTokens, DecodeSkipsOnlySpecialOnes) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.decoder = R"({"type":"Fuse"})";
    d.added_tokens = R"([{"id":200,"content":"<s>","special":true},
                         {"id":201,"content":"<t>","special":false}])";
    const tokenizer t = load(d, R"({"clean_up_tokenization_spaces":false})");
    const std::vector<token_id> ids = t.encode("<s>a<t>");
    EXPECT_EQ(t.decode(ids, true), "a<t>");
    EXPECT_EQ(t.decode(ids, false), "<s>a<t>");
}

TEST(Config, NamesBosAndEosAsStringsOrObjects) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.added_tokens = R"([{"id":200,"content":"<s>","special":true},
                         {"id":201,"content":"</s>","special":true}])";
    const tokenizer t = load(d, R"({"bos_token":"<s>","eos_token":{"content":"</s>"},
                                    "model_max_length":1000000000000000019884624838656})");
    EXPECT_EQ(t.bos_id(), 200U);
    EXPECT_EQ(t.eos_id(), 201U);
    EXPECT_FALSE(load(d).bos_id().has_value());
}

TEST(Config, AdditionalSpecialTokensAreSkippedOnDecode) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.decoder = R"({"type":"Fuse"})";
    d.added_tokens = R"([{"id":200,"content":"<t>","special":false}])";
    const tokenizer t = load(d, R"({"additional_special_tokens":["<t>"]})");
    EXPECT_EQ(t.decode(t.encode("a<t>b")), "ab");
}

TEST(Config, CleansUpTokenizationSpacesUnlessTurnedOff) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.decoder = R"({"type":"Fuse"})";
    EXPECT_EQ(load(d, "{}").decode(load(d).encode("a , b .")), "a, b.");
    EXPECT_EQ(load(d, R"({"clean_up_tokenization_spaces":false})").decode(load(d).encode("a .")),
              "a .");
}

TEST(Config, NonLegacyLlamaPrefixesTheTextAndDropsALoneLeadingUnderline) {
    const std::string m = "\xE2\x96\x81";  // "▁"
    doc d;
    d.model = ascii_vocab({m, m + "a", m + "a" + m + "b"}) + R"(,"merges":[],"ignore_merges":true)";
    d.normalizer = R"({"type":"Prepend","prepend":"X"})";
    d.added_tokens = R"([{"id":500,"content":"<s>","special":true}])";
    const tokenizer t = load(d, R"({"tokenizer_class":"LlamaTokenizerFast","legacy":false})");
    // The file's normalizer gives way to a Metaspace pre-tokenizer over "▁" + text.
    EXPECT_EQ(pieces(t, "a b"), m + "a" + m + "b");
    EXPECT_EQ(pieces(t, "<s>a"), "<s>|a");
    EXPECT_EQ(pieces(load(d, R"({"tokenizer_class":"LlamaTokenizer"})"), "a"), "X|a");
}

TEST(Tokenizer, ReportsVocabularySizeAndTokenLookups) {
    doc d;
    d.model = ascii_vocab({"ab"}) + R"(,"merges":["a b"])";
    d.added_tokens = R"([{"id":300,"content":"<x>","special":true}])";
    const tokenizer t = load(d);
    EXPECT_EQ(t.vocab_size(), 301U);
    EXPECT_EQ(t.token_to_id("ab"), 95U);
    EXPECT_EQ(t.token_to_id("<x>"), 300U);
    EXPECT_FALSE(t.token_to_id("zz").has_value());
    EXPECT_EQ(t.id_to_token(95), "ab");
    EXPECT_EQ(t.id_to_token(5000), "");
    // Ids no token has are skipped by decode.
    const std::vector<token_id> ids{65, 200, 5000, 66};
    EXPECT_EQ(t.decode(ids), "a b");
}

TEST(Tokenizer, ReadsInvalidUtf8AsReplacementCharacters) {
    doc d;
    d.model = ascii_vocab({"\xEF\xBF\xBD"}) + R"(,"merges":[])";
    const tokenizer t = load(d);
    EXPECT_EQ(pieces(t, "a\xFF\xC3"), "a|\xEF\xBF\xBD|\xEF\xBF\xBD");
}

TEST(Tokenizer, CountsWithoutKeepingIds) {
    doc d;
    d.model = ascii_vocab({"ab"}) + R"(,"merges":["a b"])";
    const tokenizer t = load(d);
    EXPECT_EQ(t.count("ababa"), 3U);
    std::vector<token_id> out{7};
    t.encode("ab", out);
    EXPECT_EQ(out, (std::vector<token_id>{7, 95}));
}

TEST(Tokenizer, EncodesConcurrentlyWithTheSameResults) {
    doc d;
    d.model = ascii_vocab({"ab", "abab"}) + R"(,"merges":["a b","ab ab"])";
    d.pre_tokenizer = R"({"type":"WhitespaceSplit"})";
    const tokenizer t = load(d);
    std::string text;
    for (int i = 0; i < 500; ++i)
        text += "abab ab aba b ";
    const std::vector<token_id> want = t.encode(text);
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int k = 0; k < 4; ++k) {
        threads.emplace_back([&, k] {
            bool same = true;
            for (int r = 0; r < 20; ++r)
                same = same && t.encode(text) == want;
            ok[static_cast<std::size_t>(k)] = same ? 1 : 0;
        });
    }
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(ok, (std::vector<int>{1, 1, 1, 1}));
}

TEST(Tokenizer, KeepsResultsApartAcrossManyTokenizersOnOneThread) {
    // Six tokenizers that encode the same words differently, used in turn on one thread:
    // more than the per-thread word caches kept, so caches are recycled between them.
    std::vector<tokenizer> toks;
    for (int i = 0; i < 6; ++i) {
        doc d;
        d.model = ascii_vocab({"ab"}) + (i % 2 == 0 ? R"(,"merges":["a b"])" : R"(,"merges":[])");
        d.pre_tokenizer = R"({"type":"WhitespaceSplit"})";
        toks.push_back(load(d));
    }
    for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < toks.size(); ++i) {
            EXPECT_EQ(pieces(toks[i], "ab ab"), i % 2 == 0 ? "ab|ab" : "a|b|a|b") << i;
        }
    }
}

TEST(Load, NamesTheJsonPathOfAnUnsupportedModel) {
    const std::string json =
        R"({"added_tokens":[],"model":{"type":"WordPiece","vocab":{"a":0},"unk_token":"a"}})";
    auto t = tokenizer::from_json(json, "tokenizer.json");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.message(), "tokenizer.json: model.type \"WordPiece\" is not supported");
    auto u = tokenizer::from_json(R"({"model":{"type":"Unigram","vocab":[["a",0.0]]}})", "x");
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.message(), "x: model.type \"Unigram\" is not supported");
}

TEST(Load, NamesTheJsonPathOfAnUnsupportedStage) {
    doc d;
    d.model = ascii_vocab() + R"(,"merges":[])";
    d.pre_tokenizer =
        R"({"type":"Sequence","pretokenizers":[{"type":"Digits"},{"type":"BertPreTokenizer"}]})";
    auto t = tokenizer::from_json(d.json(), "m.json");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.message(),
              "m.json: pre_tokenizer.pretokenizers[1].type \"BertPreTokenizer\" is not supported");
}

TEST(Load, RejectsMalformedJson) {
    auto t = tokenizer::from_json("{\"model\":", "bad.json");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.message().find("bad.json: not valid JSON"), std::string::npos);
    auto f = tokenizer::from_file("/nonexistent/tokenizer.json");
    ASSERT_FALSE(f.ok());
    EXPECT_NE(f.message().find("/nonexistent/tokenizer.json"), std::string::npos);
}

}  // namespace
}  // namespace ringperf::tokenizer
