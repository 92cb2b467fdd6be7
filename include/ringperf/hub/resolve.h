// Where a tokenizer comes from: the value of --tokenizer resolved to a tokenizer.json file
// (local, or in the Hugging Face cache, downloading it into the cache when needed) or to
// the builtin tokenizer.
//
// Resolution order for a spec:
//   1. an existing file: that file (tokenizer_config.json beside it is used when present);
//   2. an existing directory: DIR/tokenizer.json (an error naming the directory if absent);
//   3. "builtin" (any case): GPT-4o's o200k_base, embedded in the binary (builtin.h);
//   4. something that looks like a path (starts with '/', './', '../' or '~', or ends with
//      ".json"): an error saying the file does not exist;
//   5. a Hugging Face repository id ("org/name" or "name"): the cache first, then the Hub.
//   Anything else is an error saying it is neither a file nor a valid id.
//
// Hub ids use the cache layout huggingface_hub uses (cache.h), so ringperf and the Python
// tools share one cache. A cached revision is used without contacting the Hub. Otherwise,
// unless offline, tokenizer.json (required) and tokenizer_config.json (optional) are
// downloaded with one blocking GET each (redirects followed, at most 10) and written into
// the cache atomically.
//
// Thread-safety: resolve_tokenizer may run on any thread, and processes may resolve the same
// id concurrently (each file is written under a name of its own, then renamed); within one
// process, resolve an id once. It blocks on the network for at most the timeouts.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"

namespace ringperf::hub {

// An environment lookup: the value of a variable, or nullptr when it is unset. Its results
// are read at once and not kept.
using env_lookup = std::function<const char*(const char*)>;

// The process environment (std::getenv).
env_lookup process_environment();

struct hub_options {
    // Branch, tag or commit for hub ids; a 40-hex revision is taken as the commit itself.
    std::string revision = "main";
    // Never use the network (also on when HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is 1, on,
    // yes or true).
    bool offline = false;
    // Read for HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME, XDG_CACHE_HOME, HOME (cache.h),
    // HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (else HUGGING_FACE_HUB_TOKEN,
    // else the file $HF_TOKEN_PATH or $HF_HOME/token), HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE,
    // and SSL_CERT_FILE (CAs for https when ca_file is empty). Empty: no variable is set.
    env_lookup getenv;
    // PEM file of CAs trusted for https downloads instead of the system's.
    std::string ca_file;
    int connect_timeout_ms = 30000;
    // Longest wait for the next bytes of a response.
    int read_timeout_ms = 30000;
};

enum class source_kind {
    file,          // a tokenizer.json path given directly
    directory,     // DIR/tokenizer.json
    hub_cache,     // found in the Hugging Face cache
    hub_download,  // downloaded into the cache just now
    builtin,
};

struct tokenizer_source {
    source_kind kind = source_kind::file;
    // The tokenizer.json to load (a snapshot symlink for the hub kinds); empty for builtin.
    std::string tokenizer_path;
    // tokenizer_config.json beside it, empty when there is none.
    std::string config_path;
    // builtin only: the decompressed tokenizer.json and tokenizer_config.json.
    std::string builtin_json;
    std::string builtin_config_json;
    // hub kinds only: the repository id, the revision asked for and the commit it names.
    std::string repo_id;
    std::string revision;
    std::string commit;
    // For logs and exports: "Qwen/Qwen3-0.6B@main (cache)", "Qwen/Qwen3-0.6B@main
    // (downloaded)", "/data/tok/tokenizer.json", "builtin (o200k_base)".
    std::string description;
};

// Resolves `spec` (see the top of this file). Errors name the spec and what to do: a
// directory without tokenizer.json (saying that only tokenizer.json is supported), a
// missing file, an invalid id, a gated or private repository (set HF_TOKEN), a repository
// or revision that does not exist, a download failure, and — offline or when the Hub cannot
// be reached and the id is not cached — one message naming the id, the revision and the
// cache directory searched, with the three remedies (huggingface-cli download elsewhere and
// copy the cache; --tokenizer /path/to/tokenizer.json; --tokenizer builtin).
result<tokenizer_source> resolve_tokenizer(std::string_view spec, const hub_options& o);

// Whether `id` has the shape of a Hugging Face repository id: "name" or "org/name", each
// part of letters, digits, '-', '_' and '.', starting and ending with a letter, digit or
// '_', without "--" or "..", at most 96 characters in all.
bool is_valid_repo_id(std::string_view id);

// AIPerf's placeholder model names, which get the builtin tokenizer when no --tokenizer is
// given. After lower-casing and turning '_' into '-', a name that is not path-like (no
// '/', no '\', not starting with '.' or '~') is a placeholder when it is one of
//   placeholder, model, my-model, your-model, model-name, some-model, mock, test, fake,
//   dummy, example, sample
// or its first '-'-separated word is one of
//   mock, test, fake, dummy, placeholder, example, sample
// e.g. "mock-model", "Test-Model-v2", "MOCK_LLAMA", "fake-llama"; not "gpt2",
// "Qwen/Qwen3-0.6B", "meta-llama/Llama-3-test".
bool is_placeholder_model(std::string_view model);

// The spec to resolve for a run: `tokenizer` when given (not empty), else the first of
// `models`, or "builtin" when that is a placeholder name — with a warning in `warnings`.
// Empty when neither gives a name.
std::string choose_tokenizer_spec(std::string_view tokenizer, std::span<const std::string> models,
                                  std::vector<std::string>& warnings);

}  // namespace ringperf::hub
