#include "invocation.h"

#include <cmath>
#include <set>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/aggregate.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/format.h"

namespace ringperf::cli {

namespace {

std::string model_of(const config::run_plan& plan) {
    return plan.endpoint.models.empty() ? std::string() : plan.endpoint.models.front();
}

std::string json_string(std::string_view s) {
    std::string out;
    json_append_string(out, s);
    return out;
}

std::string value_text(sweep_parameter p, double v) {
    return p == sweep_parameter::concurrency ? std::to_string(static_cast<std::uint32_t>(v))
                                             : exporter::format_json_float(v);
}

result<void> check_runs(const workload::load_options& l) {
    if (l.num_profile_runs == 0) return make_error("--num-profile-runs: must be at least 1");
    if (l.num_profile_runs > 1 && !(l.confidence_level > 0 && l.confidence_level < 1))
        return make_error("--confidence-level: " + exporter::format_json_float(l.confidence_level) +
                          " is not between 0 and 1 (exclusive)");
    if (!(l.profile_run_cooldown_s >= 0) || !std::isfinite(l.profile_run_cooldown_s))
        return make_error("--profile-run-cooldown-seconds: must be a finite number >= 0");
    if (!(l.sweep_cooldown_s >= 0) || !std::isfinite(l.sweep_cooldown_s))
        return make_error("--parameter-sweep-cooldown-seconds: must be a finite number >= 0");
    return {};
}

// The swept values in list order, checked: every one valid and none listed twice.
result<std::vector<double>> sweep_values(const workload::load_options& l, sweep_parameter p) {
    std::vector<double> values;
    if (p == sweep_parameter::concurrency) {
        for (auto c : l.concurrency_sweep) {
            if (c == 0) return make_error("--concurrency: 0 in the list; every value must be >= 1");
            values.push_back(c);
        }
    } else {
        for (double r : l.request_rate_sweep) {
            if (!(r > 0) || !std::isfinite(r))
                return make_error("--request-rate: " + exporter::format_json_float(r) +
                                  " in the list; every rate must be a finite number > 0");
            values.push_back(r);
        }
    }
    std::set<double> seen;
    for (double v : values) {
        if (!seen.insert(v).second)
            return make_error(std::string("--") +
                              (p == sweep_parameter::concurrency ? "concurrency" : "request-rate") +
                              ": " + value_text(p, v) +
                              " is listed twice; each value runs once (use --num-profile-runs "
                              "to repeat a benchmark)");
    }
    return values;
}

// AIPerf's stimulus for a list: "concurrency_sweep_2_4_8", with the fixed other part kept.
std::string sweep_stimulus(const workload::load_options& l, sweep_parameter p,
                           const std::vector<double>& values) {
    std::string s;
    if (p == sweep_parameter::concurrency) {
        s = "concurrency_sweep";
        for (double v : values)
            s.append("_").append(value_text(p, v));
        if (l.request_rate)
            s.append("-request_rate").append(exporter::format_json_float(*l.request_rate));
    } else {
        if (l.concurrency.value_or(0) > 0)
            s.append("concurrency").append(std::to_string(*l.concurrency)).append("-");
        s += "request_rate_sweep";
        for (double v : values)
            s.append("_").append(value_text(p, v));
    }
    return s;
}

config::run_plan plan_for_value(const config::run_plan& base, sweep_parameter p, double v) {
    config::run_plan plan = base;
    if (p == sweep_parameter::concurrency) plan.load.concurrency = static_cast<std::uint32_t>(v);
    if (p == sweep_parameter::request_rate) plan.load.request_rate = v;
    plan.load.concurrency_sweep.clear();
    plan.load.request_rate_sweep.clear();
    plan.load.num_profile_runs = 1;
    return plan;
}

std::vector<exporter::json_field> point_run_info(const invocation_plan& inv,
                                                 const planned_point& pt) {
    if (inv.parameter == sweep_parameter::none) return {};
    const char* name = sweep_parameter_name(inv.parameter);
    return {{"variation_index", std::to_string(pt.index)},
            {"variation_label", json_string(pt.label)},
            {"variation_values",
             "{" + json_string(name) + ": " + value_text(inv.parameter, pt.value) + "}"}};
}

void add_runs(const invocation_plan& inv, const config::run_plan& point_plan, planned_point& pt) {
    const bool repeated = inv.num_profile_runs > 1;
    for (std::size_t k = 0; k < inv.num_profile_runs; ++k) {
        planned_run run;
        run.plan = point_plan;
        if (pt.seed) run.plan.input.random_seed = pt.seed;
        if (k > 0 && point_plan.load.disable_warmup_after_first) run.plan.load.warmup = {};
        run.dir = repeated ? exporter::profile_run_dir(pt.dir, k) : pt.dir;
        if (repeated) {
            run.label = exporter::run_label(k);
            run.run_info.push_back({"run_label", json_string(run.label)});
        }
        auto info = point_run_info(inv, pt);
        run.run_info.insert(run.run_info.end(), info.begin(), info.end());
        pt.runs.push_back(std::move(run));
    }
}

planned_point make_point(const invocation_plan& inv, const config::run_plan& plan, std::size_t i,
                         double value, std::optional<std::uint64_t> base_seed) {
    const config::run_plan point_plan = plan_for_value(plan, inv.parameter, value);
    planned_point pt;
    pt.index = i;
    if (base_seed) pt.seed = *base_seed + (plan.load.sweep_same_seed ? 0 : i);
    if (inv.parameter == sweep_parameter::none) {
        pt.dir = exporter::resolve_artifact_dir(plan.output, benchmark_dir_name(plan));
    } else {
        pt.value = value;
        pt.label = exporter::stimulus_label(point_plan.load.effective_concurrency(),
                                            point_plan.load.request_rate.value_or(0));
        pt.dir_name = benchmark_dir_name(point_plan);
        pt.dir = exporter::join_path(inv.sweep_dir, pt.dir_name);
    }
    add_runs(inv, point_plan, pt);
    return pt;
}

}  // namespace

const char* sweep_parameter_name(sweep_parameter p) {
    switch (p) {
        case sweep_parameter::concurrency:
            return "concurrency";
        case sweep_parameter::request_rate:
            return "request_rate";
        case sweep_parameter::none:
            break;
    }
    return "";
}

std::string benchmark_dir_name(const config::run_plan& plan) {
    return exporter::artifact_dir_name(
        model_of(plan), api::endpoint_type_name(plan.endpoint.type),
        exporter::stimulus_label(plan.load.effective_concurrency(),
                                 plan.load.request_rate.value_or(0)));
}

result<invocation_plan> expand_invocation(const config::run_plan& plan) {
    const auto& l = plan.load;
    if (auto ok = check_runs(l); !ok) return ok.err();
    if (!l.concurrency_sweep.empty() && !l.request_rate_sweep.empty())
        return make_error(
            "--concurrency and --request-rate are both lists; sweep one of them at a time");
    invocation_plan inv;
    inv.parameter = !l.concurrency_sweep.empty()    ? sweep_parameter::concurrency
                    : !l.request_rate_sweep.empty() ? sweep_parameter::request_rate
                                                    : sweep_parameter::none;
    inv.num_profile_runs = l.num_profile_runs;
    inv.confidence_level = l.confidence_level;
    inv.run_cooldown_s = l.profile_run_cooldown_s;
    inv.sweep_cooldown_s = l.sweep_cooldown_s;
    std::vector<double> values{0};
    if (inv.parameter != sweep_parameter::none) {
        auto v = sweep_values(l, inv.parameter);
        if (!v) return v.err();
        values = std::move(*v);
        inv.sweep_dir = exporter::resolve_artifact_dir(
            plan.output,
            exporter::artifact_dir_name(model_of(plan), api::endpoint_type_name(plan.endpoint.type),
                                        sweep_stimulus(l, inv.parameter, values)));
    }
    std::optional<std::uint64_t> base_seed = plan.input.random_seed;
    if (values.size() * inv.num_profile_runs > 1 && !base_seed) {
        base_seed = default_consistent_seed;
        inv.seed_defaulted = true;
    }
    for (std::size_t i = 0; i < values.size(); ++i)
        inv.points.push_back(make_point(inv, plan, i, values[i], base_seed));
    return inv;
}

}  // namespace ringperf::cli
