// parse_profile / parse_mock: defaults, then the --config file, then the flags, then the
// checks that involve more than one option.
#include <algorithm>

#include "checks.h"
#include "parser.h"
#include "ringperf/config/config.h"

namespace ringperf::config {

namespace {

// Sections of the other command's table, skipped in a shared --config file.
template <typename Target>
std::vector<std::string_view> sections_of(std::span<const option<Target>> table) {
    std::vector<std::string_view> out;
    for (const auto& o : table) {
        const std::string_view section = o.spec.key.substr(0, o.spec.key.find('.'));
        if (std::find(out.begin(), out.end(), section) == out.end()) out.push_back(section);
    }
    return out;
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
    if (!cl.config_path.empty()) detail::apply_file(cl.config_path, sections_of(mock_table()), ctx);
    detail::apply_args(cl, ctx);
    detail::check_required(specs, set_by, errors);
    detail::check_profile(plan, set_by, errors);
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
    if (!cl.config_path.empty())
        detail::apply_file(cl.config_path, sections_of(profile_table()), ctx);
    detail::apply_args(cl, ctx);
    if (!errors.empty()) return make_error(detail::join_lines(errors));
    return options;
}

}  // namespace ringperf::config
