// Token ids and decoded text identical to the reference implementation for real models'
// tokenizer.json files, over the parity corpus (tests/data/tokenizer/parity/).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::tokenizer {
namespace {

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

struct expected_line {
    std::vector<token_id> ids;
    std::string decoded;
};

std::string show_tokens(const tokenizer& tok, const std::vector<token_id>& ids, std::size_t at) {
    std::ostringstream os;
    const std::size_t from = at >= 3 ? at - 3 : 0;
    for (std::size_t i = from; i < ids.size() && i < at + 4; ++i) {
        os << (i == at ? " >>" : " ") << ids[i] << "='" << tok.id_to_token(ids[i]) << "'";
    }
    return os.str();
}

void check_model(const std::string& model) {
    const std::string models_dir = env_or_empty("TOKENIZER_MODELS_DIR");
    const std::string data_dir = env_or_empty("TEST_DATA_DIR") + "/tokenizer/parity";
    const std::string path = models_dir + "/" + model + "/tokenizer.json";
    if (!std::ifstream(path).good()) {
        FAIL() << path << " is missing: run tools/fetch-tokenizers.sh to fetch the models";
    }
    auto tok = tokenizer::from_file(path);
    ASSERT_TRUE(tok.ok()) << tok.message();
    const auto corpus = read_lines(data_dir + "/corpus.jsonl");
    const auto expected = read_lines(data_dir + "/" + model + ".jsonl");
    ASSERT_GT(corpus.size(), 100U);
    ASSERT_EQ(corpus.size(), expected.size());
    simdjson::dom::parser parser;
    std::size_t failures = 0;
    for (std::size_t i = 0; i < corpus.size() && failures < 5; ++i) {
        std::string text(parser.parse(corpus[i]).at_key("text").get_string().value());
        const simdjson::dom::element e = parser.parse(expected[i]);
        expected_line want;
        for (const auto v : e.at_key("ids").get_array()) {
            want.ids.push_back(static_cast<token_id>(v.get_uint64().value()));
        }
        want.decoded = std::string(e.at_key("decoded").get_string().value());
        const std::vector<token_id> got = tok->encode(text);
        if (got != want.ids) {
            ++failures;
            std::size_t at = 0;
            while (at < got.size() && at < want.ids.size() && got[at] == want.ids[at])
                ++at;
            ADD_FAILURE() << model << " segment " << i << ": ids differ at position " << at
                          << " (got " << got.size() << " ids, want " << want.ids.size()
                          << ")\n  got: " << show_tokens(*tok, got, at)
                          << "\n want: " << show_tokens(*tok, want.ids, at);
            continue;
        }
        const std::string decoded = tok->decode(want.ids, true);
        if (decoded != want.decoded) {
            ++failures;
            std::size_t at = 0;
            while (at < decoded.size() && at < want.decoded.size() &&
                   decoded[at] == want.decoded[at]) {
                ++at;
            }
            ADD_FAILURE() << model << " segment " << i << ": decoded text differs at byte " << at
                          << "\n  got: '" << decoded.substr(at >= 20 ? at - 20 : 0, 60)
                          << "'\n want: '" << want.decoded.substr(at >= 20 ? at - 20 : 0, 60)
                          << "'";
        }
    }
}

TEST(TokenizerParity, Qwen3MatchesReference) {
    check_model("qwen3");
}
TEST(TokenizerParity, Llama3MatchesReference) {
    check_model("llama3");
}
TEST(TokenizerParity, Llama2MatchesReference) {
    check_model("llama2");
}
TEST(TokenizerParity, Gemma3MatchesReference) {
    check_model("gemma3");
}
TEST(TokenizerParity, Gpt4oMatchesReference) {
    check_model("gpt4o");
}

}  // namespace
}  // namespace ringperf::tokenizer
