// Reading tokenizer.json with simdjson: typed field access that reports the JSON path of
// whatever is missing, mistyped or unsupported, and the parsers of each pipeline stage.
#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "components.h"
#include "ringperf/base/result.h"

namespace ringperf::tokenizer::detail {

namespace dom = simdjson::dom;

// A JSON value and its path from the document root ("pre_tokenizer.pretokenizers[1]").
struct json_node {
    dom::element value;
    std::string path;
    std::string_view origin;

    error fail(std::string_view what) const;
    // The member `key`; absent when missing or null.
    std::optional<json_node> field(std::string_view key) const;
    bool has(std::string_view key) const;
    result<std::optional<std::string>> string_field(std::string_view key) const;
    // A missing or null member gives `fallback`; any other non-boolean is an error.
    result<bool> bool_field(std::string_view key, bool fallback) const;
    result<std::optional<std::uint64_t>> uint_field(std::string_view key) const;
    json_node at(std::size_t index, dom::element e) const;
};

struct stage_options {
    // The byte-level model mode is possible (the BPE model has no suffixes).
    bool raw_bytes_ok = false;
};

result<std::unique_ptr<normalizer>> parse_normalizer(const json_node& n);
// Sets `raw_bytes` when the last step is a ByteLevel pre-tokenizer that leaves its mapping to
// the model.
result<std::unique_ptr<pre_tokenizer>> parse_pre_tokenizer(const json_node& n,
                                                           const stage_options& opts, bool last,
                                                           bool& raw_bytes);
result<std::unique_ptr<decoder>> parse_decoder(const json_node& n,
                                               const std::vector<std::string>& added);
result<pattern> parse_pattern(const json_node& n);

}  // namespace ringperf::tokenizer::detail
