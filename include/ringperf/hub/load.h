// One call from a --tokenizer value to a loaded tokenizer: resolve (resolve.h), read the
// files, build the tokenizer (tokenizer/tokenizer.h). Set-up code: it may download
// (blocking, bounded by the options' timeouts) and takes tens to hundreds of milliseconds
// to build a large vocabulary.
//
// Thread-safety: reentrant; the returned tokenizer is immutable and may be shared.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/hub/resolve.h"
#include "ringperf/hub/tokenizer_options.h"
#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::hub {

struct loaded_tokenizer {
    tokenizer::tokenizer tok;
    // Where it came from, for logs and exports: "Qwen/Qwen3-0.6B@main (cache)",
    // "/data/tokenizer.json", "builtin (o200k_base)".
    std::string description;
    bool builtin = false;
    // Things the user should see before the run (e.g. a placeholder model name switched to
    // builtin). Empty when there is nothing to say.
    std::vector<std::string> warnings;
};

// Resolves `spec` with `o` and loads what it names. Errors: those of resolve_tokenizer, a
// file that cannot be read (named), and the tokenizer's own (unsupported model or
// component, malformed JSON), which name the file.
result<loaded_tokenizer> load_tokenizer(std::string_view spec, const hub_options& o);

// The tokenizer of a `profile` run: `t.name`, or the first of `models` (builtin with a
// warning for a placeholder name, see choose_tokenizer_spec), at `t.revision`. `o` supplies
// the environment, CA file and timeouts; its revision is replaced by `t.revision`.
result<loaded_tokenizer> load_run_tokenizer(const tokenizer_options& t,
                                            std::span<const std::string> models,
                                            const hub_options& o);

}  // namespace ringperf::hub
