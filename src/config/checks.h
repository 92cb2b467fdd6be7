// The checks of `profile` that involve more than one option, run after the file and the
// flags have been applied. Internal to the config module.
#pragma once

#include <string>
#include <vector>

#include "parser.h"
#include "ringperf/config/config.h"

namespace ringperf::config::detail {

// Appends one error per broken rule. An option counts as given when `set_by` names it; an
// option whose own value was rejected (and already reported) neither triggers a rule nor
// fails one as a missing requirement.
void check_profile(const run_plan& p, const origin_map& set_by, std::vector<std::string>& errors);

}  // namespace ringperf::config::detail
