// The interpreter reads JSON through known shapes, a scanner, or simdjson's DOM (the reference).
// Whatever the input, the three must give the same interpretation: these tests run recorded
// server streams and generated, mutated chunks through all three and compare every field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "json_corpus.h"
#include "ringperf/api/response.h"
#include "ringperf/base/file.h"
#include "ringperf/base/rng.h"

namespace {

using ringperf::api::endpoint_type;
using ringperf::api::interpretation;
using ringperf::api::json_reader;
using ringperf::api::response_interpreter;
using ringperf::api::response_kind;
using namespace ringperf::test_corpus;

std::string data_dir() {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return d ? std::string(d) : std::string("tests/data");
}

// One interpreter per reader, fed the same calls.
class trio {
  public:
    explicit trio(endpoint_type t)
        : shapes_(t, json_reader::shapes_first),
          scan_(t, json_reader::scan_first),
          dom_(t, json_reader::dom_only) {}

    // Runs `text` as a stream event, a named error event, a whole body and an error body.
    void run_all(const std::string& text) {
        run_event("", text);
        run_event("error", text);
        run_body(text);
        SCOPED_TRACE("error_body");
        expect_same(shapes_.error_body(500, text), scan_.error_body(500, text),
                    dom_.error_body(500, text), text);
    }

    void run_event(const std::string& type, const std::string& text) {
        SCOPED_TRACE("stream_event type '" + type + "'");
        expect_same(shapes_.stream_event(type, text), scan_.stream_event(type, text),
                    dom_.stream_event(type, text), text);
    }

    void run_body(const std::string& text) {
        SCOPED_TRACE("full_body");
        expect_same(shapes_.full_body(text), scan_.full_body(text), dom_.full_body(text), text);
    }

    ringperf::api::json_read_counts shape_reads() const { return shapes_.json_reads(); }
    ringperf::api::json_read_counts scan_reads() const { return scan_.json_reads(); }
    ringperf::api::json_read_counts dom_reads() const { return dom_.json_reads(); }

  private:
    static void expect_same(const interpretation& shaped, const interpretation& scanned,
                            const interpretation& parsed, const std::string& text) {
        const std::string want = describe(parsed);
        EXPECT_EQ(describe(shaped), want) << "shapes_first, input: " << printable(text);
        EXPECT_EQ(describe(scanned), want) << "scan_first, input: " << printable(text);
    }

    response_interpreter shapes_;
    response_interpreter scan_;
    response_interpreter dom_;
};

// Recorded inputs: every data and body line of the interpretation cases, of the metrics
// streams and of the SSE decoder's server streams.
std::vector<std::string> recorded_inputs() {
    std::vector<std::string> inputs;
    const std::filesystem::path root = data_dir();
    for (const char* sub : {"api", "metrics/golden", "sse"}) {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(root / sub))
            files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& path : files) {
            auto text = ringperf::read_file(path.string());
            EXPECT_TRUE(text.ok()) << text.message();
            if (!text.ok()) continue;
            const std::string ext = path.extension().string();
            if (ext == ".events" || ext == ".sse") append_payloads(*text, inputs);
        }
    }
    return inputs;
}

TEST(JsonEquivalence, RecordedServerStreamsReadTheSameByEveryReader) {
    const std::vector<std::string> inputs = recorded_inputs();
    ASSERT_GT(inputs.size(), 150u);
    for (const endpoint_type t : {endpoint_type::chat, endpoint_type::completions}) {
        trio readers(t);
        // Twice, so that the second pass meets the shapes the first one taught.
        for (int pass = 0; pass < 2; ++pass)
            for (const std::string& in : inputs)
                readers.run_all(in);
        // The fast readers must actually have read most of these texts.
        EXPECT_GT(readers.shape_reads().shaped, inputs.size() / 2);
        EXPECT_GT(readers.scan_reads().scanned, inputs.size());
        EXPECT_EQ(readers.dom_reads().shaped + readers.dom_reads().scanned, 0u);
    }
}

// Generated chunks: random server-like objects (keys in any order, missing, duplicated or of
// the wrong type; nulls; error objects; usage under every provider's names; tool calls;
// strings with every escape, unicode, invalid UTF-8 and control bytes; numbers of every
// form), each structure rendered several times with new values so that learnt shapes are
// matched, and a share of the texts mutated byte by byte.
TEST(JsonEquivalence, GeneratedAndMutatedChunksReadTheSameByEveryReader) {
    ringperf::rng r(20261123);
    std::uint64_t texts = 0;
    for (const endpoint_type t : {endpoint_type::chat, endpoint_type::completions}) {
        trio readers(t);
        for (int structure = 0; structure < 2500; ++structure) {
            const chunk_shape shape = random_shape(r);
            const int renders = 1 + static_cast<int>(r.below(5));
            for (int i = 0; i < renders; ++i) {
                std::string text = render(shape, r);
                if (r.below(6) == 0) mutate(text, r);
                readers.run_event("", text);
                if (r.below(4) == 0) readers.run_body(text);
                ++texts;
                if (::testing::Test::HasFailure()) return;
            }
        }
        const auto shaped = readers.shape_reads();
        const auto scanned = readers.scan_reads();
        // Both fast readers must have read a fair share, and the DOM must have had work too.
        EXPECT_GT(shaped.shaped, texts / 20) << "shapes matched too rarely";
        EXPECT_GT(scanned.scanned, texts / 8) << "the scanner accepted too little";
        EXPECT_GT(scanned.parsed, texts / 8) << "the generator hardly leaves the fast path";
    }
}

// Hand-picked texts where a fast reader could plausibly go wrong, each after a text of the same
// shape so that both the shape and the scanner are tried.
TEST(JsonEquivalence, TrickyTextsAfterTheirShapeReadTheSame) {
    const std::string head =
        R"({"id":"c","object":"chat.completion.chunk","choices":[{"delta":{"content":)";
    const std::string tail = R"(}}]})";
    const std::vector<std::string> values = {
        R"("plain")",
        R"("a\"b\\c\/d\b\f\n\r\t")",
        R"("\u00e9\u4e2d\ud83d\ude00\u0000\u001f\u007f")",
        R"("\ud83d")",
        R"("\ude00")",
        R"("\ud83d\u0041")",
        R"("\u12G4")",
        R"("\x")",
        "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"",
        "\"\xc3\"",
        "\"\xed\xa0\x80\"",
        "\"\xf4\x90\x80\x80\"",
        "\"\xc0\xaf\"",
        "\"tab\there\"",
        "\"nul\x01\"",
        R"("")",
        R"(null)",
        R"(17)",
        R"(-0)",
        R"(1e3)",
        R"(01)",
        R"(["a"])",
        R"({"a":"b"})",
        R"("unterminated)",
        R"("a" "b")",
    };
    for (const endpoint_type t : {endpoint_type::chat, endpoint_type::completions}) {
        trio readers(t);
        for (const std::string& v : values) {
            readers.run_all(head + R"("warm")" + tail);
            readers.run_all(head + v + tail);
        }
    }
}

// A known shape whose text is followed by more bytes, or cut short, is not a match.
TEST(JsonEquivalence, TextsThatExtendOrCutAKnownShapeReadTheSame) {
    const std::string chunk =
        R"({"id":"c","object":"chat.completion.chunk","choices":[{"delta":{"content":"hi"}}]})";
    const std::vector<std::string> variants = {chunk + "x",
                                               chunk + "}",
                                               chunk + " }",
                                               chunk + ",",
                                               chunk + "\x01",
                                               chunk + "{}",
                                               chunk + std::string(1, '\0'),
                                               chunk.substr(0, chunk.size() - 1),
                                               chunk.substr(0, chunk.size() - 2),
                                               R"({"id":"c"})" + chunk.substr(10)};
    for (const endpoint_type t : {endpoint_type::chat, endpoint_type::completions}) {
        trio readers(t);
        for (const std::string& v : variants) {
            readers.run_all(chunk);
            readers.run_all(v);
        }
        EXPECT_GE(readers.shape_reads().shaped, variants.size());
    }
}

TEST(JsonEquivalence, CountsOfAUsageShapeFollowEachText) {
    trio readers(endpoint_type::chat);
    const std::vector<std::string> counts = {
        "1",  "0", "123456789012345678", "1234567890123456789", "2.0", "-1", "null", "\"3\"", "1e2",
        "00", "7 "};
    for (const std::string& c : counts) {
        readers.run_all(R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9}})");
        readers.run_all(R"({"choices":[],"usage":{"prompt_tokens":)" + c +
                        R"(,"completion_tokens":9}})");
        readers.run_all(R"({"choices":[],"usage":{"prompt_tokens":5,"input_tokens":)" + c +
                        R"(,"completion_tokens_details":{"reasoning_tokens":)" + c + "}}}");
    }
}

TEST(JsonEquivalence, ALargeBodyReadsTheSame) {
    trio readers(endpoint_type::chat);
    std::string text(200 * 1024, 'x');
    for (std::size_t i = 0; i < text.size(); i += 1000)
        text[i] = '\n';
    std::string escaped;
    for (char c : text)
        escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
    readers.run_all(R"({"object":"chat.completion","choices":[{"message":{"content":")" + escaped +
                    R"("}}]})");
    readers.run_all(R"({"object":"chat.completion","choices":[{"message":{"content":"small"}}]})");
}

// The shapes must not hand out the values of an earlier text: each text of one shape gives
// its own values, and the scanner is not consulted while the shape matches.
TEST(ShapeReading, EachTextOfAShapeGivesItsOwnValues) {
    response_interpreter ri(endpoint_type::chat);
    auto chunk = [](const std::string& id, const std::string& content, int created) {
        return R"({"id":")" + id + R"(","object":"chat.completion.chunk","created":)" +
               std::to_string(created) + R"(,"choices":[{"index":0,"delta":{"content":")" +
               content + R"("},"finish_reason":null}]})";
    };
    EXPECT_EQ(ri.stream_event("", chunk("a", "one", 1)).output_text, "one");
    EXPECT_EQ(ri.json_reads().scanned, 1u);
    EXPECT_EQ(ri.stream_event("", chunk("bb", "two\\n", 22)).output_text, "two\n");
    EXPECT_EQ(ri.stream_event("", chunk("", "", 333)).kind, response_kind::ignored);
    EXPECT_EQ(ri.stream_event("", chunk("c", "\\u00e9", 4)).output_text, "\xc3\xa9");
    EXPECT_EQ(ri.json_reads().shaped, 3u);
    EXPECT_EQ(ri.json_reads().scanned, 1u);
    EXPECT_EQ(ri.json_reads().parsed, 0u);
    const interpretation bad = ri.stream_event("", chunk("c", "\\q", 4));
    EXPECT_EQ(bad.kind, response_kind::error);
    EXPECT_EQ(ri.json_reads().parsed, 1u);
}

}  // namespace
