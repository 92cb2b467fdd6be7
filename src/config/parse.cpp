// parse_profile / parse_mock: defaults, then the --config file, then the flags, then the
// checks that involve more than one option.
#include <array>

#include "parser.h"
#include "ringperf/config/config.h"

namespace ringperf::config {

namespace {

constexpr std::array<std::string_view, 1> profile_foreign = {"mock"};
constexpr std::array<std::string_view, 5> mock_foreign = {"endpoint", "input", "load", "engine",
                                                          "output"};

// The grace period only means something after a duration.
void check_grace(const run_plan& p, const detail::origin_map& set_by,
                 std::vector<std::string>& errors) {
    const auto grace = set_by.find("load.benchmark_grace_period");
    if (grace == set_by.end() || grace->second.failed) return;
    if (p.load.benchmark_duration_s || set_by.count("load.benchmark_duration")) return;
    errors.push_back(grace->second.subject +
                     ": only valid together with --benchmark-duration (load.benchmark_duration)");
}

// Rate-mode options need a rate, and a rate cannot come with the closed-loop pattern.
void check_rate(const run_plan& p, const detail::origin_map& set_by,
                std::vector<std::string>& errors) {
    if (p.load.request_rate) {
        if (p.load.pattern == workload::arrival_pattern::concurrency_burst)
            errors.push_back(
                "--arrival-pattern concurrency_burst cannot be combined with --request-rate "
                "(it is the closed loop at --concurrency)");
        return;
    }
    for (const char* key : {"load.arrival_smoothness", "load.request_rate_ramp_duration",
                            "load.concurrency_overflow"}) {
        const auto it = set_by.find(key);
        if (it != set_by.end() && !it->second.failed)
            errors.push_back(it->second.subject +
                             ": only valid together with --request-rate (load.request_rate)");
    }
}

void api_key_from_env(run_plan& p, const detail::origin_map& set_by,
                      const std::function<const char*(const char*)>& getenv) {
    if (const auto it = set_by.find("endpoint.api_key"); it != set_by.end()) {
        if (!p.endpoint.api_key.empty())
            p.api_key_source = it->second.from_file ? secret_source::file : secret_source::flag;
        return;
    }
    const char* key = getenv ? getenv("OPENAI_API_KEY") : nullptr;
    if (key && *key) {
        p.endpoint.api_key = key;
        p.api_key_source = secret_source::environment;
    }
}

}  // namespace

bool is_help_request(const error& e) {
    return e.message == help_request_message;
}

result<run_plan> parse_profile(std::span<const std::string> args,
                               std::function<const char*(const char*)> getenv) {
    const auto table = profile_table();
    const auto specs = detail::specs_of(table);
    detail::command_line cl = detail::read_args(args, specs, profile_presets());
    if (cl.help) return make_error(std::string(help_request_message));

    run_plan plan;
    std::vector<std::string> errors;
    detail::origin_map set_by;
    detail::context<run_plan> ctx{table, plan, errors, set_by};
    if (!cl.config_path.empty()) detail::apply_file(cl.config_path, profile_foreign, ctx);
    detail::apply_args(cl, ctx);
    detail::check_required(specs, set_by, errors);
    check_grace(plan, set_by, errors);
    check_rate(plan, set_by, errors);
    if (!errors.empty()) return make_error(detail::join_lines(errors));

    api_key_from_env(plan, set_by, getenv);
    plan.config_path = cl.config_path;
    plan.cli_command = "ringperf profile" + (cl.quoted.empty() ? "" : " " + cl.quoted);
    return plan;
}

result<mock::mock_options> parse_mock(std::span<const std::string> args) {
    const auto table = mock_table();
    const auto specs = detail::specs_of(table);
    detail::command_line cl = detail::read_args(args, specs, {});
    if (cl.help) return make_error(std::string(help_request_message));

    mock::mock_options options;
    std::vector<std::string> errors;
    detail::origin_map set_by;
    detail::context<mock::mock_options> ctx{table, options, errors, set_by};
    if (!cl.config_path.empty()) detail::apply_file(cl.config_path, mock_foreign, ctx);
    detail::apply_args(cl, ctx);
    if (!errors.empty()) return make_error(detail::join_lines(errors));
    return options;
}

}  // namespace ringperf::config
