#include "ringperf/export/artifacts.h"

#include "ringperf/export/format.h"

namespace ringperf::exporter {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view export_stem(std::string_view prefix) {
    if (!prefix.empty() && prefix.front() == '/') {
        const auto slash = prefix.rfind('/');
        prefix = prefix.substr(slash + 1);
    }
    for (std::string_view ext : {".jsonl", ".json", ".csv"}) {
        if (ends_with(prefix, ext) && prefix.size() > ext.size()) {
            prefix.remove_suffix(ext.size());
            break;
        }
    }
    return prefix;
}

}  // namespace

std::string artifact_dir_name(std::string_view model, std::string_view endpoint_type,
                              std::string_view stimulus) {
    std::string name(model.empty() ? std::string_view("model") : model);
    for (char& c : name) {
        if (c == '/') c = '_';
    }
    name += "-openai-";
    name += endpoint_type;
    if (!stimulus.empty()) {
        name += '-';
        name += stimulus;
    }
    return name;
}

std::string artifact_dir_name(std::string_view model, std::string_view endpoint_type,
                              std::uint32_t concurrency) {
    return artifact_dir_name(model, endpoint_type, stimulus_label(concurrency, 0));
}

std::string stimulus_label(std::uint32_t concurrency, double request_rate) {
    std::string s;
    if (concurrency > 0) s = "concurrency" + std::to_string(concurrency);
    if (request_rate > 0) {
        if (!s.empty()) s += '-';
        s += "request_rate" + format_json_float(request_rate);
    }
    return s;
}

std::string resolve_artifact_dir(const output_options& opts, std::string_view run_name) {
    if (opts.artifact_dir_explicit) return opts.artifact_dir;
    return join_path(opts.artifact_dir, run_name);
}

std::string join_path(std::string_view a, std::string_view b) {
    if (a.empty()) return std::string(b);
    std::string s(a);
    if (s.back() != '/') s += '/';
    s += b;
    return s;
}

export_paths make_export_paths(std::string_view dir, std::string_view prefix) {
    const std::string_view stem = export_stem(prefix);
    export_paths p;
    p.dir = std::string(dir);
    if (stem.empty()) {
        p.records_jsonl = join_path(dir, "profile_export.jsonl");
        p.csv = join_path(dir, "profile_export_aiperf.csv");
        p.json = join_path(dir, "profile_export_aiperf.json");
        p.raw_jsonl = join_path(dir, "profile_export_raw.jsonl");
        p.outputs_json = join_path(dir, "outputs.json");
        p.timeslices_csv = join_path(dir, "profile_export_aiperf_timeslices.csv");
        p.timeslices_json = join_path(dir, "profile_export_aiperf_timeslices.json");
    } else {
        const std::string base = join_path(dir, stem);
        p.records_jsonl = base + ".jsonl";
        p.csv = base + ".csv";
        p.json = base + ".json";
        p.raw_jsonl = base + "_raw.jsonl";
        p.outputs_json = base + "_outputs.json";
        p.timeslices_csv = base + "_timeslices.csv";
        p.timeslices_json = base + "_timeslices.json";
    }
    p.run_toml = join_path(dir, "run.toml");
    p.log_file = join_path(dir, "logs/ringperf.log");
    p.spool_dir = join_path(dir, ".spool");
    return p;
}

std::string spool_path(std::string_view spool_dir, std::uint32_t worker) {
    return join_path(spool_dir, "worker-" + std::to_string(worker) + ".jsonl");
}

}  // namespace ringperf::exporter
