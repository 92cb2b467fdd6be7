// The builtin tokenizer: OpenAI's o200k_base (GPT-4o, o1, o3; 200,019 ids), what AIPerf's
// `--tokenizer builtin` uses. Its tokenizer.json and tokenizer_config.json are embedded in
// the binary gzip-compressed (src/hub/builtin/README.md names their origin and licences)
// and decompressed on each call (about 10 MB, tens of milliseconds): call it once.
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf::hub {

inline constexpr std::string_view builtin_spec = "builtin";
inline constexpr std::string_view builtin_encoding = "o200k_base";

struct builtin_files {
    std::string tokenizer_json;
    std::string config_json;
};

// Fails only if the embedded data is damaged (the error says which file and zlib's reason).
result<builtin_files> builtin_tokenizer();

// Decompresses a complete gzip stream. Errors name `what` and zlib's reason (corrupt data,
// truncated stream, trailing bytes).
result<std::string> gunzip(std::string_view compressed, std::string_view what);

}  // namespace ringperf::hub
