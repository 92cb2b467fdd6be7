#include "ringperf/dataset/prompt_source.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "ringperf/dataset/synthetic.h"
#include "toy_codec.h"

namespace {

using dataset_test::toy_codec;
using ringperf::dataset::builtin_corpus_text;
using ringperf::dataset::prompt_source;
using ringperf::dataset::tokenize_corpus;

std::vector<std::uint32_t> encode(const ringperf::dataset::token_codec& c, std::string_view t) {
    std::vector<std::uint32_t> ids;
    c.encode(t, ids);
    return ids;
}

TEST(ToyCodec, RoundTripsTextAndSplitsLongWordsFromTheirStart) {
    const toy_codec c;
    const std::string text = "From fairest creatures, example<eos>x";
    EXPECT_EQ(c.decode(encode(c, text), false), text);
    EXPECT_EQ(c.decode(encode(c, text), true), "From fairest creatures, examplex");
    EXPECT_EQ(encode(c, "example").size(), 3u);  // exa mpl e
    EXPECT_EQ(encode(c, "mple").size(), 1u);
    EXPECT_EQ(encode(c, "<eos>"), (std::vector<std::uint32_t>{toy_codec::eos}));
}

TEST(BuiltinCorpus, IsTheSonnets) {
    const std::string_view text = builtin_corpus_text();
    EXPECT_EQ(text.substr(0, 42), "From fairest creatures we desire increase,");
    EXPECT_GT(text.size(), 90'000u);
    EXPECT_NE(text.find("Shall I compare thee to a summer's day?"), std::string_view::npos);
}

TEST(TokenizeCorpus, StripsLinesDropsBlankOnesAndJoinsThemWithSpaces) {
    const toy_codec c;
    const auto ids = tokenize_corpus(c, "  one two \n\n\t three\n   \nfour\n", 1);
    EXPECT_EQ(c.decode(ids, false), "one two three four");
}

TEST(TokenizeCorpus, ChunksOfTenThousandCharactersAreEncodedApart) {
    // A letter run across a chunk boundary is cut where the chunk ends: the ids are those of
    // each chunk encoded on its own, which the thread count does not change.
    const toy_codec c;
    std::string text;
    for (int i = 0; i < 3000; ++i)
        text += "abcdefgh\n";
    const auto one = tokenize_corpus(c, text, 1);
    EXPECT_EQ(one, tokenize_corpus(c, text, 4));
    EXPECT_EQ(one, tokenize_corpus(c, text, 0));
    // Lines are joined with spaces within a chunk, not between chunks: 1250 lines fill the
    // first chunk (8 characters each), so its last word and the next chunk's first touch.
    const std::string decoded = c.decode(one, true);
    EXPECT_EQ(decoded.size(), 3000u * 9 - 1 - 2);
}

TEST(PromptSource, ExactTextsHaveTheRequestedCountWhereRawSlicesDoNot) {
    const toy_codec c;
    const prompt_source src(&c, 2);
    for (std::int64_t n : {1, 2, 3, 7, 50, 128, 511, 512, 2000, 40000}) {
        for (std::uint64_t key = 0; key < 40; ++key) {
            auto text = src.exact(n, key * 7919);
            ASSERT_TRUE(text.ok()) << text.message();
            ASSERT_EQ(src.count(*text), n) << *text;
        }
    }
    // The plain decode of n ids, as AIPerf sends it, is often off.
    const auto corpus = src.corpus();
    int raw_off = 0;
    for (std::size_t start = 0; start + 50 < corpus.size(); start += 997) {
        const std::vector<std::uint32_t> slice(
            corpus.begin() + static_cast<std::ptrdiff_t>(start),
            corpus.begin() + static_cast<std::ptrdiff_t>(start + 50));
        raw_off += src.count(c.decode(slice, true)) != 50;
    }
    EXPECT_GT(raw_off, 0) << "the toy codec never needs an adjustment";
}

TEST(PromptSource, TextIsAFunctionOfLengthAndKey) {
    const toy_codec c;
    const prompt_source a(&c, 1), b(&c, 3);
    EXPECT_EQ(*a.exact(300, 42), *b.exact(300, 42));
    EXPECT_NE(*a.exact(300, 42), *a.exact(300, 43));
}

TEST(PromptSource, ExactCountsALeadingText) {
    const toy_codec c;
    const prompt_source src(&c);
    const std::string head = "Prefix words here ";
    const std::int64_t head_tokens = src.count(head);
    for (std::uint64_t key = 0; key < 20; ++key) {
        auto text = src.exact(head_tokens + 64, key, head);
        ASSERT_TRUE(text.ok()) << text.message();
        EXPECT_EQ(text->rfind(head, 0), 0u);
        EXPECT_EQ(src.count(*text), head_tokens + 64);
    }
    EXPECT_FALSE(src.exact(1, 0, head).ok());
}

TEST(PromptSource, HashBlocksStartWithTheSeparatorToken) {
    const toy_codec c;
    const prompt_source src(&c);
    EXPECT_EQ(src.block_separator(), "<eos>");
    auto block = src.hash_block(16, 5);
    ASSERT_TRUE(block.ok());
    EXPECT_EQ(block->rfind("<eos>", 0), 0u);
    EXPECT_EQ(src.count(*block), 16);
    EXPECT_EQ(*src.hash_block(1, 5), "<eos>");
    // Blocks put one after the other keep their counts: the separator splits them.
    const std::string two = *src.hash_block(16, 5) + *src.hash_block(9, 6);
    EXPECT_EQ(src.count(two), 25);
}

TEST(PromptSource, BosIsPreferredAndNoSpecialTokenMeansNoSeparator) {
    const toy_codec bos(false, true), none(false, false);
    EXPECT_EQ(prompt_source(&bos).block_separator(), "<eos>");
    const prompt_source plain(&none);
    EXPECT_EQ(plain.block_separator(), "");
    auto block = plain.hash_block(10, 1);
    ASSERT_TRUE(block.ok());
    EXPECT_EQ(plain.count(*block), 10);
}

TEST(PromptSource, WithoutATokenizerTextsAreBuiltInWords) {
    const prompt_source words(nullptr);
    EXPECT_TRUE(words.word_list());
    const auto vocab = ringperf::dataset::synthetic_words();
    const std::set<std::string_view> known(vocab.begin(), vocab.end());
    auto text = words.exact(300, 9);
    ASSERT_TRUE(text.ok());
    std::size_t n = 0;
    for (std::size_t start = 0; start < text->size();) {
        const std::size_t sp = text->find(' ', start);
        const std::string w = text->substr(start, sp - start);
        ASSERT_TRUE(known.count(w)) << w;
        ++n;
        start = sp == std::string::npos ? text->size() : sp + 1;
    }
    EXPECT_EQ(n, 300u);
    EXPECT_EQ(words.count("hello   world\tagain"), 3);
}

// Every text re-encodes to an even number of tokens: odd lengths cannot be cut.
class doubling_codec final : public ringperf::dataset::token_codec {
  public:
    void encode(std::string_view text, std::vector<std::uint32_t>& out) const override {
        for (char ch : text) {
            out.push_back(static_cast<unsigned char>(ch));
            out.push_back(static_cast<unsigned char>(ch));
        }
    }
    std::string decode(std::span<const std::uint32_t> ids, bool) const override {
        std::string s;
        for (auto id : ids)
            s.push_back(static_cast<char>(id));
        return s;
    }
    std::optional<std::uint32_t> bos_id() const override { return std::nullopt; }
    std::optional<std::uint32_t> eos_id() const override { return std::nullopt; }
};

TEST(PromptSource, ALengthTheTokenizerCannotGiveIsAnError) {
    const doubling_codec c;
    const prompt_source src(c, "some corpus text\n", 1);
    auto text = src.exact(3, 1);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.message().rfind("cannot cut a text of exactly 3 tokens", 0), 0u)
        << text.message();
    EXPECT_TRUE(src.exact(4, 1).ok());
}

}  // namespace
