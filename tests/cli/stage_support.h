// Shared by the counting stage's tests: a scratch directory, a known token counter and a
// reader for the JSONL lines the stage spools.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/export/artifacts.h"

namespace stage_test {

class temp_dir {
  public:
    temp_dir() {
        char tmpl[] = "/tmp/ringperf-stage-XXXXXX";
        path_ = ::mkdtemp(tmpl) ? tmpl : "";
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Whitespace-separated words: the tests' tokenizer.
inline std::size_t count_words(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

// What one JSONL line says.
struct line {
    std::uint64_t session_num = 0;
    std::uint64_t turn_index = 0;
    std::string worker_id;
    std::optional<std::int64_t> isl, osl, output_tokens, reasoning_tokens;
    bool error = false;
};

inline std::optional<std::int64_t> metric_value(simdjson::dom::element metrics, const char* tag) {
    simdjson::dom::element m;
    if (metrics[tag].get(m)) return std::nullopt;
    std::int64_t v = 0;
    if (m["value"].get(v)) return std::nullopt;
    return v;
}

inline std::vector<line> parse_lines(const std::string& text) {
    std::vector<line> out;
    simdjson::dom::parser parser;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        const std::string one = text.substr(pos, end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        simdjson::dom::element doc;
        if (parser.parse(one).get(doc)) {
            ADD_FAILURE() << "not JSON: " << one;
            continue;
        }
        line l;
        l.session_num = doc["metadata"]["session_num"].get_uint64().value_unsafe();
        l.turn_index = doc["metadata"]["turn_index"].get_uint64().value_unsafe();
        l.worker_id = std::string(doc["metadata"]["worker_id"].get_string().value_unsafe());
        const simdjson::dom::element metrics = doc["metrics"].value_unsafe();
        l.isl = metric_value(metrics, "input_sequence_length");
        l.osl = metric_value(metrics, "output_sequence_length");
        l.output_tokens = metric_value(metrics, "output_token_count");
        l.reasoning_tokens = metric_value(metrics, "reasoning_token_count");
        l.error = !doc["error"].is_null();
        out.push_back(l);
    }
    return out;
}

// The lines worker `w` spooled into `dir` (finish() closed the spools).
inline std::vector<line> spooled(const std::string& dir, std::uint32_t w) {
    auto text = ringperf::read_file(ringperf::exporter::spool_path(dir, w));
    if (!text) {
        ADD_FAILURE() << text.message();
        return {};
    }
    return parse_lines(*text);
}

}  // namespace stage_test
