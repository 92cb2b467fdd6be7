// The tokenizer a `profile` run counts tokens with (--tokenizer, --tokenizer-revision,
// --tokenizer-trust-remote-code; the [tokenizer] table of a --config file).
#pragma once

#include <string>

namespace ringperf::hub {

struct tokenizer_options {
    // --tokenizer: a tokenizer.json file, a directory holding one, a Hugging Face repository
    // id, or "builtin" (resolve.h). Empty: not given, the first model name is used.
    std::string name;
    // --tokenizer-revision: branch, tag or 40-hex commit of the repository.
    std::string revision = "main";
    // --tokenizer-trust-remote-code: accepted for AIPerf compatibility; no effect, since
    // only tokenizer.json is read and no repository code ever runs.
    bool trust_remote_code = false;
};

}  // namespace ringperf::hub
