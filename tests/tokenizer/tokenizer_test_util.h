// Small hand-made tokenizer.json documents for the tokenizer's unit tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::tokenizer::testing {

struct doc {
    // JSON members of "model" besides "type" (vocab, merges, options).
    std::string model;
    std::string normalizer = "null";
    std::string pre_tokenizer = "null";
    std::string decoder = "null";
    std::string added_tokens = "[]";

    std::string json() const {
        return R"({"version":"1.0","added_tokens":)" + added_tokens + R"(,"normalizer":)" +
               normalizer + R"(,"pre_tokenizer":)" + pre_tokenizer + R"(,"post_processor":null,)" +
               R"("decoder":)" + decoder + R"(,"model":{"type":"BPE",)" + model + "}}";
    }
};

// A vocabulary of the printable ASCII characters (ids 0..94 for ' '..'~') plus `extra`
// (ids from 95 on), as "vocab" JSON member text.
inline std::string ascii_vocab(const std::vector<std::string>& extra = {}) {
    std::string v = R"("vocab":{)";
    int id = 0;
    for (char c = ' '; c <= '~'; ++c) {
        std::string key(1, c);
        if (c == '"' || c == '\\') key = std::string("\\") + c;
        v += (id == 0 ? "\"" : ",\"") + key + "\":" + std::to_string(id);
        ++id;
    }
    for (const std::string& e : extra) {
        v += ",\"" + e + "\":" + std::to_string(id);
        ++id;
    }
    return v + "}";
}

inline tokenizer load(const doc& d, std::string_view config = {}) {
    auto t = tokenizer::from_json(d.json(), "test.json", config);
    if (!t.ok()) {
        ADD_FAILURE() << t.message();
        return std::move(
            tokenizer::from_json(doc{R"("vocab":{},"merges":[])"}.json(), "empty").value());
    }
    return std::move(t.value());
}

// The token strings of encode(text), joined by '|'.
inline std::string pieces(const tokenizer& t, std::string_view text) {
    std::string out;
    for (const token_id id : t.encode(text)) {
        if (!out.empty()) out += '|';
        out += t.id_to_token(id);
    }
    return out;
}

}  // namespace ringperf::tokenizer::testing
