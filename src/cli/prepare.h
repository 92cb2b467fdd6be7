// Set-up steps of `ringperf profile` that turn the resolved plan into what the engine runs:
// the targets, the conversations, the prepared first turns and the phases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/config/config.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/dataset/sampling.h"
#include "ringperf/dataset/token_codec.h"
#include "ringperf/engine/engine.h"
#include "ringperf/engine/request_set.h"
#include "ringperf/http/url.h"
#include "ringperf/net/address.h"
#include "ringperf/workload/fixed_schedule.h"
#include "ringperf/workload/user_centric.h"

namespace ringperf::cli {

struct target {
    http::url url;
    net::address address;
    std::string path;  // request target: base path + endpoint path
};

// Parses and resolves every --url, then checks with one connect each that the servers
// answer. Errors say which URL and why, and what to check.
result<std::vector<target>> resolve_targets(const config::run_plan& plan);

// The engine's view of the targets: address, TLS name, and the head options per URL.
std::vector<engine::url_target> url_targets(const config::run_plan& plan,
                                            const std::vector<target>& targets);

// What a run sends and when, owned here and pointed into by the engine's run_spec.
struct run_inputs {
    dataset::conversation_set conversations;
    engine::request_set requests;  // first turns, one head per URL
    std::optional<workload::fixed_schedule> fixed;
    std::optional<workload::user_centric_plan> users;
    std::vector<engine::phase_spec> phases;  // warmup (when enabled), then profiling
    engine::timing_mode mode = engine::timing_mode::closed_loop;  // the profiling phase's
    // Which conversation each session takes (--dataset-sampling-strategy or the default).
    dataset::sampling_strategy sampling = dataset::sampling_strategy::shuffle;
};

// The timing mode AIPerf would pick (§5.1): a fixed schedule when asked or when the data is
// a timestamped trace (unless --no-fixed-schedule), else user-centric, else request rate,
// else the closed loop.
engine::timing_mode select_mode(const config::run_plan& plan,
                                const dataset::conversation_set& data);

// Conversations (synthetic, from --input-file, or ShareGPT), the fixed schedule or
// user-centric plan the mode needs, the sampling order and the phases. Prompts are cut and
// counted with `codec` (the run's tokenizer), or, when it is null, made of the built-in
// words and counted in words. Fails on a broken dataset file, a tokenizer that cannot give
// the exact lengths asked for, a sampling strategy given for a fixed schedule, or an
// impossible plan.
result<void> prepare_inputs(const config::run_plan& plan, std::uint64_t seed, run_inputs& out,
                            const dataset::token_codec* codec = nullptr);

// The first turn of every conversation as a ready-to-send request (head per URL, body). Its
// input tokens are the turn's plus the system and context messages'.
engine::request_set prepare_requests(const config::run_plan& plan,
                                     const std::vector<engine::url_target>& urls,
                                     const dataset::conversation_set& data);

// Writes AIPerf's inputs.json to `path` (through a temporary file renamed over it):
// {"data":[{"session_id":ID,"payloads":[BODY,...]},...]}, one entry per conversation in
// dataset order, one payload per turn: turn 0 is exactly the prepared body the engine sends
// (requests.requests[c].body); a later turn is its body without the conversation so far
// (the live replies are not known before the run). A pure function of the data, so the
// same seed gives a byte-identical file.
result<void> write_inputs_json(const std::string& path, const config::run_plan& plan,
                               const dataset::conversation_set& data,
                               const engine::request_set& requests);

// The phases for the plan (inputs' fixed/users must be set for those modes).
result<std::vector<engine::phase_spec>> make_phases(const config::run_plan& plan,
                                                    std::uint64_t seed, engine::timing_mode mode,
                                                    const run_inputs& in);

}  // namespace ringperf::cli
