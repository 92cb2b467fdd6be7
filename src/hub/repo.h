// Hugging Face repository ids resolved through the cache and, when needed, the Hub.
// Internal to the hub module.
#pragma once

#include <string_view>

#include "ringperf/hub/resolve.h"

namespace ringperf::hub::detail {

// `id` is a valid repository id (is_valid_repo_id). See resolve_tokenizer for the errors.
result<tokenizer_source> resolve_repo(std::string_view id, const hub_options& o);

// The environment value, or "" when unset.
std::string env_string(const env_lookup& env, const char* name);

}  // namespace ringperf::hub::detail
