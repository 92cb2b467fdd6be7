// The resolved run written back out: TOML that loads again, and AIPerf's input_config JSON.
#include <cmath>
#include <functional>

#include "convert.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/config/config.h"
#include "ringperf/config/option_table.h"

namespace ringperf::config {

namespace {

constexpr std::size_t comment_width = 96;

void comment(std::string& out, std::string_view text) {
    std::string line = "#";
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(pos, end - pos);
        if (line.size() > 1 && line.size() + 1 + word.size() > comment_width) {
            out += line + "\n";
            line.resize(1);
        }
        line += " ";
        line += word;
        pos = end + 1;
    }
    out += line + "\n";
}

std::string_view section_of(std::string_view key) {
    return key.substr(0, key.find('.'));
}
std::string_view name_in_section(std::string_view key) {
    return key.substr(key.find('.') + 1);
}

std::string not_set(const option_spec& s) {
    std::string line = "# " + std::string(name_in_section(s.key)) + " is not set";
    if (!s.default_note.empty()) line += " (default: " + std::string(s.default_note) + ")";
    return line + "\n";
}

// Credential headers are left out of the file; a comment says so.
void drop_credentials(std::string& out, value& v) {
    std::erase_if(v.pairs, [&](const auto& p) {
        if (!detail::is_credential_header(p.first)) return false;
        out += "# header " + p.first + " is set but not written here\n";
        return true;
    });
}

template <typename Target>
std::string dump_table(std::span<const option<Target>> table, const Target& target,
                       std::string_view title,
                       const std::function<std::string(const option_spec&)>& secret_note) {
    std::string out;
    comment(out, title);
    std::string_view section;
    for (const auto& opt : table) {
        const option_spec& s = opt.spec;
        if (section_of(s.key) != section) {
            section = section_of(s.key);
            out += "\n[" + std::string(section) + "]\n";
        }
        comment(out, s.help);
        if (s.secret) {
            out += secret_note(s);
            continue;
        }
        auto v = opt.get(target);
        if (!v) {
            out += not_set(s);
            continue;
        }
        if (s.pairs == pair_style::header) drop_credentials(out, *v);
        out += std::string(name_in_section(s.key)) + " = " + detail::toml_value(s, *v) + "\n";
    }
    return out;
}

std::string api_key_note(const run_plan& p, const option_spec& s) {
    const std::string name(name_in_section(s.key));
    switch (p.api_key_source) {
        case secret_source::none:
            return "# " + name + " is not set (default: $OPENAI_API_KEY)\n";
        case secret_source::flag:
            return "# " + name + " was given with --api-key and is not written here\n";
        case secret_source::environment:
            return "# " + name + " came from $OPENAI_API_KEY and is not written here\n";
        case secret_source::file:
            return "# " + name + " came from " + p.config_path + " and is not written here\n";
    }
    return {};
}

template <typename T>
void optional_value(json_writer& w, const std::optional<T>& v) {
    if (v) {
        w.value(*v);
    } else {
        w.null();
    }
}

void number(json_writer& w, double d) {
    if (std::isinf(d)) {
        w.value("inf");
    } else if (std::floor(d) == d && std::fabs(d) < 9e15) {
        w.value(static_cast<std::int64_t>(d));
    } else {
        w.value(d);
    }
}

void endpoint_json(json_writer& w, const run_plan& p) {
    const auto& e = p.endpoint;
    w.key("endpoint").begin_object();
    w.key("model_names").begin_array();
    for (const auto& m : e.models)
        w.value(m);
    w.end_array();
    w.key("type").value(e.type == api::endpoint_type::completions ? "completions" : "chat");
    w.key("custom_endpoint");
    optional_value(w, e.custom_endpoint.empty() ? std::nullopt : std::optional(e.custom_endpoint));
    w.key("streaming").value(e.streaming);
    w.key("url").value(e.urls.empty() ? std::string() : e.urls.front());
    w.key("urls").begin_array();
    for (const auto& u : e.urls)
        w.value(u);
    w.end_array();
    w.key("timeout_seconds");
    number(w, p.engine.request_timeout_s);
    w.key("api_key");
    if (e.api_key.empty()) {
        w.null();
    } else {
        w.value("<redacted>");
    }
    w.key("use_legacy_max_tokens").value(e.use_legacy_max_tokens);
    w.key("use_server_token_count").value(e.use_server_token_count);
    w.end_object();
}

void input_json(json_writer& w, const run_plan& p) {
    const auto& in = p.input;
    w.key("input").begin_object();
    w.key("extra").begin_object();
    for (const auto& [k, json] : p.endpoint.extra_inputs)
        w.key(k).raw(json);
    w.end_object();
    w.key("headers").begin_object();
    for (const auto& [k, v] : p.endpoint.headers)
        w.key(k).value(detail::is_credential_header(k) ? std::string("<redacted>") : v);
    w.end_object();
    w.key("random_seed");
    optional_value(w, in.random_seed);
    w.key("num_dataset_entries").value(std::uint64_t{in.num_dataset_entries});
    w.key("prompt").begin_object();
    w.key("input_tokens").begin_object().key("mean");
    number(w, in.isl_mean);
    w.key("stddev");
    number(w, in.isl_stddev);
    w.end_object();
    w.key("output_tokens").begin_object().key("mean");
    if (in.osl_mean) {
        number(w, *in.osl_mean);
    } else {
        w.null();
    }
    w.key("stddev");
    number(w, in.osl_stddev);
    w.end_object().end_object().end_object();
}

void loadgen_json(json_writer& w, const run_plan& p) {
    const auto& l = p.load;
    w.key("loadgen").begin_object();
    w.key("concurrency");
    optional_value(w, l.concurrency ? std::optional<std::uint64_t>(*l.concurrency) : std::nullopt);
    w.key("request_count");
    optional_value(w, l.request_count);
    w.key("benchmark_duration");
    if (l.benchmark_duration_s) {
        number(w, *l.benchmark_duration_s);
    } else {
        w.null();
    }
    w.key("benchmark_grace_period");
    number(w, l.grace_period_s);
    w.key("request_rate");
    if (l.request_rate) {
        number(w, *l.request_rate);
    } else {
        w.null();
    }
    w.key("arrival_pattern").value(workload::to_string(l.pattern));
    w.key("arrival_smoothness");
    number(w, l.arrival_smoothness);
    w.end_object();
}

void output_json(json_writer& w, const run_plan& p) {
    const auto& o = p.output;
    w.key("output").begin_object();
    w.key("artifact_directory").value(o.artifact_dir);
    w.key("profile_export_prefix");
    optional_value(
        w, o.profile_export_prefix.empty() ? std::nullopt : std::optional(o.profile_export_prefix));
    w.end_object();
    std::string level = o.log_level;
    for (auto& c : level)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    w.key("service").begin_object();
    w.key("log_level").value(level);
    w.key("ui_type").value(o.ui == exporter::ui_type::none ? "none" : "simple");
    w.end_object();
}

void engine_json(json_writer& w, const run_plan& p) {
    const auto& e = p.engine;
    w.key("engine").begin_object();
    w.key("workers").value(std::uint64_t{e.workers});
    w.key("connect_timeout_seconds");
    if (e.connect_timeout_s) {
        number(w, *e.connect_timeout_s);
    } else {
        w.null();
    }
    w.key("stream_idle_timeout_seconds");
    if (e.stream_idle_timeout_s) {
        number(w, *e.stream_idle_timeout_s);
    } else {
        w.null();
    }
    w.key("pin_workers").value(e.pin_workers);
    w.key("recv_buffers").value(std::uint64_t{e.recv_buffers});
    w.key("recv_buffer_size").value(std::uint64_t{e.recv_buffer_size});
    w.end_object();
}

}  // namespace

std::string dump_toml(const run_plan& p) {
    return dump_table<run_plan>(
        profile_table(), p,
        "ringperf profile run, fully resolved. Run it again with: ringperf profile --config "
        "<this file>",
        [&](const option_spec& s) { return api_key_note(p, s); });
}

std::string dump_toml(const mock::mock_options& m) {
    return dump_table<mock::mock_options>(
        mock_table(), m,
        "ringperf mock server settings. Start it with: ringperf mock --config "
        "<this file>",
        [](const option_spec&) { return std::string(); });
}

std::string to_json(const run_plan& p) {
    std::string out;
    json_writer w(out);
    w.begin_object();
    endpoint_json(w, p);
    input_json(w, p);
    loadgen_json(w, p);
    output_json(w, p);
    engine_json(w, p);
    w.key("config_file");
    optional_value(w, p.config_path.empty() ? std::nullopt : std::optional(p.config_path));
    w.key("cli_command").value(p.cli_command);
    w.end_object();
    return out;
}

}  // namespace ringperf::config
