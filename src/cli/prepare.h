// Set-up steps of `ringperf profile` that turn the resolved plan into what the engine runs.
#pragma once

#include <cstdint>
#include <string>

#include "ringperf/base/result.h"
#include "ringperf/config/config.h"
#include "ringperf/engine/request_set.h"
#include "ringperf/http/url.h"
#include "ringperf/net/address.h"

namespace ringperf::cli {

struct target {
    http::url url;
    net::address address;
    std::string path;  // request target: base path + endpoint path
};

// Parses and resolves the endpoint, then checks with one connect that the server answers.
// Errors say which URL and why, and what to check.
result<target> resolve_target(const config::run_plan& plan);

// Synthetic prompts turned into ready-to-send requests (head and JSON body each).
result<engine::request_set> prepare_requests(const config::run_plan& plan, const target& t,
                                             std::uint64_t seed);

}  // namespace ringperf::cli
