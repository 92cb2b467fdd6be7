// The [tokenizer] rows: which tokenizer counts tokens (AIPerf's Tokenizer group).
#include "fields.h"
#include "rows.h"

namespace ringperf::config::detail {

namespace {

using R = run_plan;
using ringperf::hub::tokenizer_options;

// Unset stays unset in the dump: the default follows the model names.
std::optional<value> get_name(const R& p) {
    if (p.tokenizer.name.empty()) return std::nullopt;
    return load(p.tokenizer.name);
}

}  // namespace

profile_rows tokenizer_rows() {
    return {
        {{.key = "tokenizer.name",
          .name = "tokenizer",
          .kind = value_kind::text,
          .group = "Tokenizer",
          .metavar = "NAME",
          .help = "Tokenizer that counts tokens: a tokenizer.json file, a directory holding "
                  "one, a Hugging Face repository id (org/name; taken from the Hugging Face "
                  "cache, downloaded into it when missing; HF_TOKEN for gated repositories, "
                  "HF_HUB_OFFLINE=1 to never download), or builtin (GPT-4o's o200k_base, "
                  "built in). Placeholder model names such as mock-model get builtin.",
          .non_empty = true,
          .default_note = "the first model name"},
         set_in<&R::tokenizer, &tokenizer_options::name>,
         get_name},
        {{.key = "tokenizer.revision",
          .name = "tokenizer-revision",
          .kind = value_kind::text,
          .group = "Tokenizer",
          .metavar = "REV",
          .help = "Branch, tag or commit of the Hugging Face repository (not used for files, "
                  "directories and builtin).",
          .non_empty = true},
         set_in<&R::tokenizer, &tokenizer_options::revision>,
         get_in<&R::tokenizer, &tokenizer_options::revision>},
        {{.key = "tokenizer.trust_remote_code",
          .name = "tokenizer-trust-remote-code",
          .kind = value_kind::flag,
          .group = "Tokenizer",
          .help = "Accepted for AIPerf compatibility; it has no effect here: only "
                  "tokenizer.json is read, and no code from a repository ever runs.",
          .negatable = true},
         set_in<&R::tokenizer, &tokenizer_options::trust_remote_code>,
         get_in<&R::tokenizer, &tokenizer_options::trust_remote_code>},
    };
}

}  // namespace ringperf::config::detail
