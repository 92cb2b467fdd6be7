#include "run_state.h"

#include <simdjson.h>

#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/export/artifacts.h"

namespace ringperf::cli {
namespace {

constexpr const char* format_name = "ringperf-run-state";

error field_error(const std::string& path, const char* field) {
    return make_error(path + ": missing or invalid \"" + field + "\"");
}

}  // namespace

run_state_info run_state_info_for(const config::run_plan& plan, const exporter::run_summary& s) {
    run_state_info i;
    i.ringperf_version = RINGPERF_VERSION;
    i.profile_export_prefix = plan.output.profile_export_prefix;
    i.start_ns = s.start_ns;
    i.end_ns = s.end_ns;
    i.was_cancelled = s.was_cancelled;
    i.hlog_interval_s = plan.output.hlog_interval_s;
    i.input_config_json = s.input_config_json;
    return i;
}

std::string render_run_state(const run_state_info& s, const metrics::metric_set& set) {
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("format").value(format_name);
    w.key("version").value(run_state_version);
    w.key("ringperf_version").value(s.ringperf_version);
    w.key("profile_export_prefix").value(s.profile_export_prefix);
    w.key("start_ns").value(static_cast<std::int64_t>(s.start_ns));
    w.key("end_ns").value(static_cast<std::int64_t>(s.end_ns));
    w.key("was_cancelled").value(s.was_cancelled);
    w.key("hlog_interval_s").value(s.hlog_interval_s);
    w.key("sources").begin_array();
    for (const auto& d : s.sources)
        w.value(d);
    w.end_array();
    w.key("input_config").raw(s.input_config_json.empty() ? "{}" : s.input_config_json);
    w.key("metrics").raw(set.save_state());
    w.end_object();
    out.push_back('\n');
    return out;
}

result<void> write_run_state(const std::string& dir, const run_state_info& info,
                             const metrics::metric_set& set) {
    const std::string hlog = exporter::join_path(dir, "hlog");
    if (auto r = make_dirs(hlog); !r) return r;
    return write_file_atomic(exporter::join_path(dir, run_state_file), render_run_state(info, set));
}

result<run_state> read_run_state(const std::string& dir) {
    const std::string path = exporter::join_path(dir, run_state_file);
    auto text = read_file(path);
    if (!text) return make_error("cannot read the run state " + path + ": " + text.message());
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto e = parser.parse(*text).get(doc); e)
        return make_error(path + ": not JSON: " + simdjson::error_message(e));
    std::string_view format;
    if (doc["format"].get(format) || format != format_name)
        return make_error(path + ": not a ringperf run state file");
    std::int64_t version = 0;
    if (doc["version"].get(version)) return field_error(path, "version");
    if (version != run_state_version) {
        return make_error(path + ": run state version " + std::to_string(version) +
                          " is not supported (this ringperf reads version " +
                          std::to_string(run_state_version) + ")");
    }
    run_state state;
    run_state_info& s = state.info;
    std::string_view sv;
    if (doc["ringperf_version"].get(sv)) return field_error(path, "ringperf_version");
    s.ringperf_version = std::string(sv);
    if (doc["profile_export_prefix"].get(sv)) return field_error(path, "profile_export_prefix");
    s.profile_export_prefix = std::string(sv);
    std::int64_t t = 0;
    if (doc["start_ns"].get(t)) return field_error(path, "start_ns");
    s.start_ns = t;
    if (doc["end_ns"].get(t)) return field_error(path, "end_ns");
    s.end_ns = t;
    if (doc["was_cancelled"].get(s.was_cancelled)) return field_error(path, "was_cancelled");
    if (doc["hlog_interval_s"].get(s.hlog_interval_s)) return field_error(path, "hlog_interval_s");
    simdjson::dom::array sources;
    if (doc["sources"].get(sources)) return field_error(path, "sources");
    for (auto src : sources) {
        if (src.get(sv)) return field_error(path, "sources");
        s.sources.emplace_back(sv);
    }
    simdjson::dom::element config, metrics;
    if (doc["input_config"].get(config)) return field_error(path, "input_config");
    s.input_config_json = simdjson::minify(config);
    if (doc["metrics"].get(metrics)) return field_error(path, "metrics");
    auto set = metrics::metric_set::load_state(simdjson::minify(metrics));
    if (!set) return make_error(path + ": " + set.message());
    state.metrics = std::move(*set);
    return state;
}

}  // namespace ringperf::cli
