// The [load] rows: closed loop, request rate, stop conditions, limits and ramps,
// user-centric rate, cancellation and fixed schedule.
//
// Getters of options that are valid only together with another one return nullopt without
// it, so a dumped default never reaches the loader as an explicit setting it would reject.
#include "fields.h"
#include "rows.h"

namespace ringperf::config::detail {

namespace {

using R = run_plan;
namespace wl = ringperf::workload;
using wl::load_options;

void set_concurrency(R& p, value&& v) {
    p.load.concurrency = static_cast<std::uint32_t>(v.integer);
    p.load.concurrency_sweep.clear();
    for (double d : v.numbers)
        p.load.concurrency_sweep.push_back(static_cast<std::uint32_t>(d));
}
std::optional<value> get_concurrency(const R& p) {
    auto v = get_in<&R::load, &load_options::concurrency>(p);
    if (v)
        for (auto c : p.load.concurrency_sweep)
            v->numbers.push_back(c);
    return v;
}

void set_rate(R& p, value&& v) {
    p.load.request_rate = v.number;
    p.load.request_rate_sweep = std::move(v.numbers);
}
std::optional<value> get_rate(const R& p) {
    auto v = get_in<&R::load, &load_options::request_rate>(p);
    if (v) v->numbers = p.load.request_rate_sweep;
    return v;
}

void set_pattern(R& p, value&& v) {
    p.load.pattern = *wl::parse_arrival_pattern(v.text);
}
// User-centric mode rejects an explicit pattern (it keeps its own), and without a rate the
// default pattern says nothing; left out, a dumped closed-loop run can still be switched to
// user-centric timing by flags.
std::optional<value> get_pattern(const R& p) {
    if (p.load.user_centric_rate) return std::nullopt;
    if (!p.load.request_rate && p.load.pattern == workload::load_options{}.pattern)
        return std::nullopt;
    return load(std::string(wl::to_string(p.load.pattern)));
}

void set_overflow(R& p, value&& v) {
    p.load.overflow = v.text == "queue" ? wl::overflow_policy::queue : wl::overflow_policy::skip;
}
std::optional<value> get_overflow(const R& p) {
    if (!p.load.request_rate) return std::nullopt;
    return load(std::string(p.load.overflow == wl::overflow_policy::queue ? "queue" : "skip"));
}

std::optional<value> get_smoothness(const R& p) {
    if (!p.load.request_rate) return std::nullopt;
    return load(p.load.arrival_smoothness);
}

std::optional<value> get_grace(const R& p) {
    if (!p.load.benchmark_duration_s) return std::nullopt;
    return load(p.load.grace_period_s);
}

std::optional<value> get_cancel_delay(const R& p) {
    if (!p.load.cancellation_rate_percent) return std::nullopt;
    return load(p.load.cancellation_delay_s);
}

bool schedule_off(const R& p) {
    return p.load.fixed_schedule.enabled == false;
}
std::optional<value> get_auto_offset(const R& p) {
    if (schedule_off(p)) return std::nullopt;
    return load(p.load.fixed_schedule.auto_offset);
}
std::optional<value> get_speedup(const R& p) {
    if (schedule_off(p)) return std::nullopt;
    return load(p.load.fixed_schedule.speedup);
}

profile_rows rate_rows() {
    return {
        {{.key = "load.concurrency",
          .name = "concurrency",
          .kind = value_kind::integer,
          .group = "Load",
          .metavar = "N",
          .help = "Requests in flight at once (conversations, for multi-turn data); with a "
                  "rate, fixed schedule or user-centric rate, a cap. A comma list (10,20,40) "
                  "runs one benchmark per value.",
          .min_int = 1,
          .max_int = u32_max,
          .sweep = true,
          .default_note = "1"},
         set_concurrency,
         get_concurrency},
        {{.key = "load.request_rate",
          .name = "request-rate",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "PER_SEC",
          .help = "Send requests on a schedule at this many per second (open loop); with "
                  "--concurrency as a cap. Without it the run is closed loop at --concurrency. "
                  "A comma list (2,4,8) runs one benchmark per value.",
          .min_number = 0,
          .min_exclusive = true,
          .sweep = true,
          .default_note = "none (closed loop)"},
         set_rate,
         get_rate},
        {{.key = "load.arrival_pattern",
          .name = "arrival-pattern",
          .aliases = {"request-rate-mode"},
          .kind = value_kind::choice,
          .group = "Load",
          .metavar = "PATTERN",
          .help = "Gaps between scheduled requests: constant (1/rate), poisson (exponential), "
                  "gamma (shape --arrival-smoothness), concurrency_burst (closed loop).",
          .choices = {{"constant", "constant"},
                      {"poisson", "poisson"},
                      {"gamma", "gamma"},
                      {"concurrency_burst", "concurrency_burst"}}},
         set_pattern,
         get_pattern},
        {{.key = "load.arrival_smoothness",
          .name = "arrival-smoothness",
          .aliases = {"vllm-burstiness"},
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "K",
          .help = "Gamma shape k: below 1 burstier than Poisson, above 1 smoother (the gaps' "
                  "coefficient of variation is 1/sqrt(k)).",
          .min_number = 0,
          .min_exclusive = true},
         set_in<&R::load, &load_options::arrival_smoothness>,
         get_smoothness},
        {{.key = "load.request_rate_ramp_duration",
          .name = "request-rate-ramp-duration",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "SECONDS",
          .help = "Raise the rate linearly from a tenth of a second's share to --request-rate "
                  "over this long (updated every 0.1 s).",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::load, &load_options::request_rate_ramp_duration_s>,
         get_in<&R::load, &load_options::request_rate_ramp_duration_s>},
        {{.key = "load.concurrency_overflow",
          .name = "concurrency-overflow",
          .kind = value_kind::choice,
          .group = "Load",
          .metavar = "POLICY",
          .help = "With --request-rate and --concurrency, a request due while the cap is "
                  "reached is skipped (skip, AIPerf's behaviour) or sent when a slot frees "
                  "(queue; its latency still counts from the scheduled time).",
          .choices = {{"skip", "skip"}, {"queue", "queue"}}},
         set_overflow,
         get_overflow},
    };
}

profile_rows stop_rows() {
    return {
        {{.key = "load.request_count",
          .name = "request-count",
          .aliases = {"num-requests"},
          .kind = value_kind::integer,
          .group = "Load",
          .metavar = "N",
          .help = "Requests to send in total (every turn of a conversation counts).",
          .min_int = 1,
          .default_note = "max(10, 2 x concurrency) without another stop condition"},
         set_in<&R::load, &load_options::request_count>,
         get_in<&R::load, &load_options::request_count>},
        {{.key = "load.num_sessions",
          .name = "num-sessions",
          .aliases = {"conversation-num", "num-conversations"},
          .kind = value_kind::integer,
          .group = "Conversation Input",
          .metavar = "N",
          .help = "Conversations to start in total; those started finish all their turns. "
                  "Ends the run instead of --request-count.",
          .min_int = 1,
          .default_note = "none"},
         set_in<&R::load, &load_options::num_sessions>,
         get_in<&R::load, &load_options::num_sessions>},
        {{.key = "load.benchmark_duration",
          .name = "benchmark-duration",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "SECONDS",
          .help = "Stop sending new requests after this long.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::load, &load_options::benchmark_duration_s>,
         get_in<&R::load, &load_options::benchmark_duration_s>},
        {{.key = "load.benchmark_grace_period",
          .name = "benchmark-grace-period",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "SECONDS",
          .help = "After the duration, wait this long for requests in flight ('inf' waits for "
                  "all). Only with --benchmark-duration.",
          .min_number = 0,
          .allow_inf = true,
          .default_note = "30"},
         set_in<&R::load, &load_options::grace_period_s>,
         get_grace},
        {{.key = "load.failed_request_threshold",
          .name = "failed-request-threshold",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "FRACTION",
          .help = "Abort the run with a non-zero exit status once failed/total requests "
                  "exceeds this fraction, checked from max(concurrency, 10) results on.",
          .min_number = 0,
          .max_number = 1,
          .default_note = "none"},
         set_in<&R::load, &load_options::failed_request_threshold>,
         get_in<&R::load, &load_options::failed_request_threshold>},
    };
}

profile_rows limit_rows() {
    return {
        {{.key = "load.prefill_concurrency",
          .name = "prefill-concurrency",
          .kind = value_kind::integer,
          .group = "Load",
          .metavar = "N",
          .help = "At most this many requests sent but still waiting for their first streamed "
                  "token. Needs --streaming; at most --concurrency.",
          .min_int = 1,
          .max_int = u32_max,
          .default_note = "no limit"},
         set_in<&R::load, &load_options::prefill_concurrency>,
         get_in<&R::load, &load_options::prefill_concurrency>},
        {{.key = "load.concurrency_ramp_duration",
          .name = "concurrency-ramp-duration",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "SECONDS",
          .help = "Raise the concurrency limit from 1 to --concurrency in even steps over "
                  "this long.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::load, &load_options::concurrency_ramp_duration_s>,
         get_in<&R::load, &load_options::concurrency_ramp_duration_s>},
        {{.key = "load.prefill_concurrency_ramp_duration",
          .name = "prefill-concurrency-ramp-duration",
          .kind = value_kind::number,
          .group = "Load",
          .metavar = "SECONDS",
          .help = "Raise the prefill limit from 1 to --prefill-concurrency in even steps over "
                  "this long.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::load, &load_options::prefill_concurrency_ramp_duration_s>,
         get_in<&R::load, &load_options::prefill_concurrency_ramp_duration_s>},
    };
}

profile_rows user_and_cancel_rows() {
    return {
        {{.key = "load.user_centric_rate",
          .name = "user-centric-rate",
          .kind = value_kind::number,
          .group = "User-Centric Rate",
          .metavar = "PER_SEC",
          .help = "Requests per second over all --num-users users; each user sends its next "
                  "turn num-users/rate seconds after its previous one, or when the reply "
                  "arrives if that is later. Needs multi-turn conversations.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::load, &load_options::user_centric_rate>,
         get_in<&R::load, &load_options::user_centric_rate>},
        {{.key = "load.num_users",
          .name = "num-users",
          .kind = value_kind::integer,
          .group = "User-Centric Rate",
          .metavar = "N",
          .help = "Users holding a conversation at once under --user-centric-rate; a user "
                  "whose conversation ends is replaced by a new one.",
          .min_int = 1,
          .max_int = u32_max,
          .default_note = "none"},
         set_in<&R::load, &load_options::num_users>,
         get_in<&R::load, &load_options::num_users>},
        {{.key = "load.request_cancellation_rate",
          .name = "request-cancellation-rate",
          .kind = value_kind::number,
          .group = "Request Cancellation",
          .metavar = "PERCENT",
          .help = "Percent of requests the client cancels, each chosen at random; cancelled "
                  "requests count as errors (code 499).",
          .min_number = 0,
          .max_number = 100,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::load, &load_options::cancellation_rate_percent>,
         get_in<&R::load, &load_options::cancellation_rate_percent>},
        {{.key = "load.request_cancellation_delay",
          .name = "request-cancellation-delay",
          .kind = value_kind::number,
          .group = "Request Cancellation",
          .metavar = "SECONDS",
          .help = "Time after a request was fully sent before it is cancelled (0: at once). "
                  "Only with --request-cancellation-rate.",
          .min_number = 0,
          .default_note = "0"},
         set_in<&R::load, &load_options::cancellation_delay_s>,
         get_cancel_delay},
    };
}

profile_rows fixed_schedule_rows() {
    using fs = wl::fixed_schedule_options;
    return {
        {{.key = "load.fixed_schedule",
          .name = "fixed-schedule",
          .kind = value_kind::flag,
          .group = "Fixed Schedule",
          .help = "Send each --input-file row at its timestamp (milliseconds from the start). "
                  "--no-fixed-schedule sends timestamped rows by the load settings instead.",
          .negatable = true,
          .default_note = "on when the input file's rows carry timestamps"},
         set_in<&R::load, &load_options::fixed_schedule, &fs::enabled>,
         get_in<&R::load, &load_options::fixed_schedule, &fs::enabled>},
        {{.key = "load.fixed_schedule_auto_offset",
          .name = "fixed-schedule-auto-offset",
          .kind = value_kind::flag,
          .group = "Fixed Schedule",
          .help = "Shift the timestamps so the first row is sent at once.",
          .negatable = true},
         set_in<&R::load, &load_options::fixed_schedule, &fs::auto_offset>,
         get_auto_offset},
        {{.key = "load.fixed_schedule_start_offset",
          .name = "fixed-schedule-start-offset",
          .kind = value_kind::integer,
          .group = "Fixed Schedule",
          .metavar = "MS",
          .help = "Leave out rows timestamped before this (a row at the offset is sent).",
          .min_int = 0,
          .default_note = "the first timestamp"},
         set_in<&R::load, &load_options::fixed_schedule, &fs::start_offset_ms>,
         get_in<&R::load, &load_options::fixed_schedule, &fs::start_offset_ms>},
        {{.key = "load.fixed_schedule_end_offset",
          .name = "fixed-schedule-end-offset",
          .kind = value_kind::integer,
          .group = "Fixed Schedule",
          .metavar = "MS",
          .help = "Leave out rows timestamped after this (a row at the offset is sent).",
          .min_int = 0,
          .default_note = "the last timestamp"},
         set_in<&R::load, &load_options::fixed_schedule, &fs::end_offset_ms>,
         get_in<&R::load, &load_options::fixed_schedule, &fs::end_offset_ms>},
        {{.key = "load.fixed_schedule_speedup",
          .name = "fixed-schedule-speedup",
          .aliases = {"replay-speedup"},
          .kind = value_kind::number,
          .group = "Fixed Schedule",
          .metavar = "FACTOR",
          .help = "Replay this many times faster: every timestamp is divided by it.",
          .min_number = 0,
          .min_exclusive = true},
         set_in<&R::load, &load_options::fixed_schedule, &fs::speedup>,
         get_speedup},
    };
}

}  // namespace

profile_rows load_rows() {
    profile_rows rows = rate_rows();
    for (auto* part : {stop_rows, limit_rows, user_and_cancel_rows, fixed_schedule_rows})
        for (auto& row : part())
            rows.push_back(std::move(row));
    return rows;
}

}  // namespace ringperf::config::detail
