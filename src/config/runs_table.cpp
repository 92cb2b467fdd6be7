// The [warmup] and [multi_run] rows: the unmeasured phase before profiling, and the
// repeated and swept runs.
#include "fields.h"
#include "rows.h"

namespace ringperf::config::detail {

namespace {

using R = run_plan;
namespace wl = ringperf::workload;
using wl::load_options;
using wl::warmup_options;

void set_warmup_pattern(R& p, value&& v) {
    p.load.warmup.pattern = *wl::parse_arrival_pattern(v.text);
}
std::optional<value> get_warmup_pattern(const R& p) {
    if (!p.load.warmup.pattern) return std::nullopt;
    return load(std::string(wl::to_string(*p.load.warmup.pattern)));
}

constexpr std::string_view profiling_value = "the profiling value";

profile_rows warmup_limit_rows() {
    return {
        {{.key = "warmup.request_count",
          .name = "warmup-request-count",
          .aliases = {"num-warmup-requests"},
          .kind = value_kind::integer,
          .group = "Warmup",
          .metavar = "N",
          .help = "Send this many requests before profiling starts; they are not measured.",
          .min_int = 1,
          .default_note = "no warmup"},
         set_in<&R::load, &load_options::warmup, &warmup_options::request_count>,
         get_in<&R::load, &load_options::warmup, &warmup_options::request_count>},
        {{.key = "warmup.duration",
          .name = "warmup-duration",
          .kind = value_kind::number,
          .group = "Warmup",
          .metavar = "SECONDS",
          .help = "Warm up for this long before profiling starts (with a request count too, "
                  "whichever ends first).",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "no warmup"},
         set_in<&R::load, &load_options::warmup, &warmup_options::duration_s>,
         get_in<&R::load, &load_options::warmup, &warmup_options::duration_s>},
        {{.key = "warmup.num_sessions",
          .name = "num-warmup-sessions",
          .kind = value_kind::integer,
          .group = "Warmup",
          .metavar = "N",
          .help = "Warm up with this many conversations (instead of --warmup-request-count).",
          .min_int = 1,
          .default_note = "no warmup"},
         set_in<&R::load, &load_options::warmup, &warmup_options::num_sessions>,
         get_in<&R::load, &load_options::warmup, &warmup_options::num_sessions>},
        {{.key = "warmup.grace_period",
          .name = "warmup-grace-period",
          .kind = value_kind::number,
          .group = "Warmup",
          .metavar = "SECONDS",
          .help = "After --warmup-duration, wait at most this long for warmup replies before "
                  "profiling starts.",
          .min_number = 0,
          .allow_inf = true,
          .default_note = "inf (every reply)"},
         set_in<&R::load, &load_options::warmup, &warmup_options::grace_period_s>,
         get_in<&R::load, &load_options::warmup, &warmup_options::grace_period_s>},
    };
}

profile_rows warmup_load_rows() {
    return {
        {{.key = "warmup.concurrency",
          .name = "warmup-concurrency",
          .kind = value_kind::integer,
          .group = "Warmup",
          .metavar = "N",
          .help = "--concurrency during the warmup.",
          .min_int = 1,
          .max_int = u32_max,
          .default_note = profiling_value},
         set_in<&R::load, &load_options::warmup, &warmup_options::concurrency>,
         get_in<&R::load, &load_options::warmup, &warmup_options::concurrency>},
        {{.key = "warmup.prefill_concurrency",
          .name = "warmup-prefill-concurrency",
          .kind = value_kind::integer,
          .group = "Warmup",
          .metavar = "N",
          .help = "--prefill-concurrency during the warmup (needs --streaming).",
          .min_int = 1,
          .max_int = u32_max,
          .default_note = profiling_value},
         set_in<&R::load, &load_options::warmup, &warmup_options::prefill_concurrency>,
         get_in<&R::load, &load_options::warmup, &warmup_options::prefill_concurrency>},
        {{.key = "warmup.request_rate",
          .name = "warmup-request-rate",
          .kind = value_kind::number,
          .group = "Warmup",
          .metavar = "PER_SEC",
          .help = "--request-rate during the warmup.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = profiling_value},
         set_in<&R::load, &load_options::warmup, &warmup_options::request_rate>,
         get_in<&R::load, &load_options::warmup, &warmup_options::request_rate>},
        {{.key = "warmup.arrival_pattern",
          .name = "warmup-arrival-pattern",
          .kind = value_kind::choice,
          .group = "Warmup",
          .metavar = "PATTERN",
          .help = "--arrival-pattern during the warmup (needs a rate).",
          .choices = {{"constant", "constant"},
                      {"poisson", "poisson"},
                      {"gamma", "gamma"},
                      {"concurrency_burst", "",
                       "is not available for the warmup, whose pattern applies to a rate "
                       "(without --warmup-request-rate and --request-rate it is closed loop)"}},
          .default_note = profiling_value},
         set_warmup_pattern,
         get_warmup_pattern},
    };
}

profile_rows warmup_ramp_rows() {
    return {
        {{.key = "warmup.concurrency_ramp_duration",
          .name = "warmup-concurrency-ramp-duration",
          .kind = value_kind::number,
          .group = "Warmup",
          .metavar = "SECONDS",
          .help = "--concurrency-ramp-duration during the warmup.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = profiling_value},
         set_in<&R::load, &load_options::warmup, &warmup_options::concurrency_ramp_duration_s>,
         get_in<&R::load, &load_options::warmup, &warmup_options::concurrency_ramp_duration_s>},
        {{.key = "warmup.prefill_concurrency_ramp_duration",
          .name = "warmup-prefill-concurrency-ramp-duration",
          .kind = value_kind::number,
          .group = "Warmup",
          .metavar = "SECONDS",
          .help = "--prefill-concurrency-ramp-duration during the warmup.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = profiling_value},
         set_in<&R::load, &load_options::warmup,
                &warmup_options::prefill_concurrency_ramp_duration_s>,
         get_in<&R::load, &load_options::warmup,
                &warmup_options::prefill_concurrency_ramp_duration_s>},
        {{.key = "warmup.request_rate_ramp_duration",
          .name = "warmup-request-rate-ramp-duration",
          .kind = value_kind::number,
          .group = "Warmup",
          .metavar = "SECONDS",
          .help = "--request-rate-ramp-duration during the warmup (needs a rate).",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = profiling_value},
         set_in<&R::load, &load_options::warmup, &warmup_options::request_rate_ramp_duration_s>,
         get_in<&R::load, &load_options::warmup, &warmup_options::request_rate_ramp_duration_s>},
    };
}

}  // namespace

profile_rows warmup_rows() {
    profile_rows rows = warmup_limit_rows();
    for (auto* part : {warmup_load_rows, warmup_ramp_rows})
        for (auto& row : part())
            rows.push_back(std::move(row));
    return rows;
}

profile_rows multi_run_rows() {
    return {
        {{.key = "multi_run.num_profile_runs",
          .name = "num-profile-runs",
          .kind = value_kind::integer,
          .group = "Multi-Run",
          .metavar = "N",
          .help = "Run the benchmark this many times and report confidence intervals over the "
                  "runs.",
          .min_int = 1,
          .max_int = 10},
         set_in<&R::load, &load_options::num_profile_runs>,
         get_in<&R::load, &load_options::num_profile_runs>},
        {{.key = "multi_run.profile_run_cooldown_seconds",
          .name = "profile-run-cooldown-seconds",
          .kind = value_kind::number,
          .group = "Multi-Run",
          .metavar = "SECONDS",
          .help = "Pause between repeated runs.",
          .min_number = 0},
         set_in<&R::load, &load_options::profile_run_cooldown_s>,
         get_in<&R::load, &load_options::profile_run_cooldown_s>},
        {{.key = "multi_run.confidence_level",
          .name = "confidence-level",
          .kind = value_kind::number,
          .group = "Multi-Run",
          .metavar = "LEVEL",
          .help = "Confidence level of the intervals over repeated runs.",
          .min_number = 0,
          .max_number = 1,
          .min_exclusive = true,
          .max_exclusive = true},
         set_in<&R::load, &load_options::confidence_level>,
         get_in<&R::load, &load_options::confidence_level>},
        {{.key = "multi_run.profile_run_disable_warmup_after_first",
          .name = "profile-run-disable-warmup-after-first",
          .kind = value_kind::flag,
          .group = "Multi-Run",
          .help = "Warm up only before the first of the repeated runs; the --no- form warms up "
                  "before every run.",
          .negatable = true},
         set_in<&R::load, &load_options::disable_warmup_after_first>,
         get_in<&R::load, &load_options::disable_warmup_after_first>},
        {{.key = "multi_run.parameter_sweep_cooldown_seconds",
          .name = "parameter-sweep-cooldown-seconds",
          .kind = value_kind::number,
          .group = "Multi-Run",
          .metavar = "SECONDS",
          .help = "Pause between the values of a --concurrency or --request-rate list.",
          .min_number = 0},
         set_in<&R::load, &load_options::sweep_cooldown_s>,
         get_in<&R::load, &load_options::sweep_cooldown_s>},
        {{.key = "multi_run.parameter_sweep_same_seed",
          .name = "parameter-sweep-same-seed",
          .kind = value_kind::flag,
          .group = "Multi-Run",
          .help = "Run every value of a sweep with the same random seed (else the seed plus the "
                  "value's index).",
          .negatable = true},
         set_in<&R::load, &load_options::sweep_same_seed>,
         get_in<&R::load, &load_options::sweep_same_seed>},
    };
}

}  // namespace ringperf::config::detail
