#include "merge_command.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "commands.h"
#include "exit_codes.h"
#include "hlog_recorder.h"
#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/base/log.h"
#include "ringperf/base/rng.h"
#include "ringperf/base/uuid.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/self_check.h"
#include "ringperf/metrics/hdr_log.h"
#include "run_state.h"

namespace ringperf::cli {
namespace {

constexpr const char* usage =
    "usage: ringperf merge DIR... -o OUT [--as shards|runs]\n"
    "\n"
    "Merges the results of runs (their hlog/state.json and .hlog files) into OUT: the summary\n"
    "JSON and CSV, the .hlog files, a state file (so merges can be merged again) and the\n"
    "per-request JSONL files concatenated.\n"
    "\n"
    "  -o, --output DIR   where the merged files go (created when missing)\n"
    "  --as shards        the runs ran at the same time, as parts of one benchmark (default):\n"
    "                     duration = latest response end - earliest request start\n"
    "  --as runs          the runs ran one after another: duration = sum of their durations\n";

// One interval of a source .hlog file, in epoch seconds.
struct source_interval {
    double start_s = 0, end_s = 0;
    std::string histogram;
    std::size_t dir = 0;  // index of the source directory
};

std::string file_of(const std::string& dir, const std::string& name) {
    return exporter::join_path(exporter::join_path(dir, "hlog"), name);
}

// Every interval of <dir>/hlog/<tag>.hlog over all dirs; `base_s` lowers to the earliest
// StartTime/BaseTime seen.
result<std::vector<source_interval>> read_intervals(const std::vector<std::string>& dirs,
                                                    const std::string& tag, double& base_s) {
    std::vector<source_interval> out;
    for (std::size_t d = 0; d < dirs.size(); ++d) {
        const std::string path = file_of(dirs[d], tag + ".hlog");
        if (::access(path.c_str(), F_OK) != 0) continue;
        auto text = read_file(path);
        if (!text) return make_error("cannot read " + path + ": " + text.message());
        auto f = metrics::parse_hlog(*text);
        if (!f) return make_error(path + ": " + f.message());
        const double origin = f->base_time_s.value_or(f->start_time_s.value_or(0));
        if (origin > 0) base_s = std::min(base_s, origin);
        for (std::size_t i = 0; i < f->intervals.size(); ++i) {
            const double start = f->absolute_start_s(i);
            out.push_back({start, start + f->intervals[i].length_s, f->intervals[i].histogram, d});
        }
    }
    std::stable_sort(
        out.begin(), out.end(),
        [](const source_interval& a, const source_interval& b) { return a.start_s < b.start_s; });
    return out;
}

// Writes the merged .hlog files: each source interval goes to the output interval holding
// its start (interval_s > 0), or all into one (interval_s == 0).
result<void> merge_hlogs(const std::vector<std::string>& dirs, const std::string& out,
                         double interval_s) {
    std::map<std::string, std::vector<source_interval>> by_tag;
    double base_s = INFINITY;
    for (metrics::metric_id id : hlog_metric_ids()) {
        const std::string tag = metrics::info(id).tag;
        auto iv = read_intervals(dirs, tag, base_s);
        if (!iv) return iv.err();
        if (!iv->empty()) by_tag.emplace(tag, std::move(*iv));
    }
    if (by_tag.empty()) return {};
    if (!std::isfinite(base_s)) base_s = by_tag.begin()->second.front().start_s;
    const std::string hlog_dir = exporter::join_path(out, "hlog");
    if (auto r = make_dirs(hlog_dir); !r) return r;
    hlog_file_set files(hlog_dir, RINGPERF_VERSION, base_s);
    for (const auto& [tag, intervals] : by_tag) {
        // Sources are sorted by start, so output intervals come in order: one sum suffices.
        metrics::hdr_count_sum sum;
        std::int64_t current = -1;
        double last_end = base_s;
        for (const auto& iv : intervals)
            last_end = std::max(last_end, iv.end_s);
        const double length = interval_s > 0 ? interval_s : last_end - base_s;
        auto flush = [&]() -> result<void> {
            if (sum.empty()) return {};
            const double start = interval_s > 0 ? static_cast<double>(current) * interval_s : 0;
            auto r = files.write(tag, start, length, sum);
            sum.clear();
            return r;
        };
        for (const auto& iv : intervals) {
            const auto index =
                interval_s > 0
                    ? std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(
                                                    (iv.start_s - base_s) / interval_s + 1e-9)))
                    : 0;
            if (index != current) {
                if (auto r = flush(); !r) return r;
                current = index;
            }
            if (auto r = sum.add_base64(iv.histogram); !r)
                return make_error(file_of(dirs[iv.dir], tag + ".hlog") + ": " + r.message());
        }
        if (auto r = flush(); !r) return r;
    }
    return files.close();
}

// Appends every dir's per-request JSONL to `out_path` (a plus: the records stay together).
result<void> concatenate_records(const std::vector<std::string>& dirs, const std::string& prefix,
                                 const std::string& out_path) {
    std::FILE* out = nullptr;
    for (const auto& dir : dirs) {
        const std::string path = exporter::make_export_paths(dir, prefix).records_jsonl;
        std::FILE* in = std::fopen(path.c_str(), "rb");
        if (!in) continue;
        if (!out) out = std::fopen(out_path.c_str(), "wb");
        if (!out) {
            std::fclose(in);
            return make_error("cannot create " + out_path);
        }
        char buf[1 << 16];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;)
            std::fwrite(buf, 1, n, out);
        std::fclose(in);
    }
    if (out && std::fclose(out) != 0) return make_error("cannot write " + out_path);
    return {};
}

std::string json_string_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        json_append_string(out, items[i]);
    }
    return out + "]";
}

result<std::vector<run_state>> load_states(const merge_request& req) {
    if (req.dirs.empty()) return make_error("no directory to merge");
    std::vector<run_state> states;
    for (const auto& dir : req.dirs) {
        auto s = read_run_state(dir);
        if (!s) return make_error(dir + ": " + s.message());
        if (!states.empty() &&
            s->info.profile_export_prefix != states.front().info.profile_export_prefix) {
            return make_error("mixed export prefixes: " + req.dirs.front() + " has '" +
                              states.front().info.profile_export_prefix + "', " + dir + " has '" +
                              s->info.profile_export_prefix + "' (" +
                              exporter::join_path(dir, run_state_file) + ")");
        }
        if (!states.empty() && s->info.ringperf_version != states.front().info.ringperf_version)
            log::warn(dir + " was written by ringperf " + s->info.ringperf_version + ", " +
                      req.dirs.front() + " by " + states.front().info.ringperf_version);
        states.push_back(std::move(*s));
    }
    return states;
}

exporter::run_summary summarize(const merge_request& req, const std::vector<run_state>& states,
                                const metrics::metric_set& merged) {
    exporter::run_summary s;
    s.results = merged.summarize();
    s.errors = merged.error_summary();
    s.osl_estimated_count = merged.osl_estimated_count();
    for (const auto& st : states) {
        s.was_cancelled = s.was_cancelled || st.info.was_cancelled;
        if (st.info.start_ns && (!s.start_ns || st.info.start_ns < s.start_ns))
            s.start_ns = st.info.start_ns;
        s.end_ns = std::max(s.end_ns, st.info.end_ns);
    }
    rng id_rng(entropy_seed());
    s.benchmark_id = make_uuid_v4(id_rng);
    s.cli_command = req.cli_command;
    s.input_config_json = states.front().info.input_config_json;
    s.run_info.push_back({"merge_mode", req.mode == merge_mode::runs ? "\"runs\"" : "\"shards\""});
    s.run_info.push_back({"merged_from", json_string_array(req.dirs)});
    s.per_url = exporter::summarize_urls(merged, {});
    return s;
}

}  // namespace

result<merge_outcome> merge_runs(const merge_request& req) {
    auto states = load_states(req);
    if (!states) return states.err();
    metrics::metric_set merged;
    double duration_sum = 0;
    for (const auto& st : *states) {
        merged.merge(st.metrics);
        duration_sum += st.metrics.benchmark_duration_s().value_or(0);
    }
    if (req.mode == merge_mode::runs) merged.set_benchmark_duration(duration_sum);

    merge_outcome o;
    const run_state_info& first = states->front().info;
    o.paths = exporter::make_export_paths(req.out, first.profile_export_prefix);
    if (auto r = make_dirs(exporter::join_path(req.out, "logs")); !r) return r.err();
    if (!log::open_file(o.paths.log_file))
        log::warn("cannot open the log file " + o.paths.log_file);
    o.summary = summarize(req, *states, merged);
    if (auto r = exporter::write_summary_files(o.summary, o.paths); !r) return r.err();

    double interval_s = first.hlog_interval_s;
    for (const auto& st : *states) {
        if (st.info.hlog_interval_s != interval_s) {
            log::warn("the runs' .hlog intervals differ; the merged files use " +
                      format_double(interval_s) + " s");
            break;
        }
    }
    if (auto r = merge_hlogs(req.dirs, req.out, interval_s); !r) return r.err();

    run_state_info info = first;
    info.ringperf_version = RINGPERF_VERSION;
    info.start_ns = o.summary.start_ns;
    info.end_ns = o.summary.end_ns;
    info.was_cancelled = o.summary.was_cancelled;
    info.hlog_interval_s = interval_s;
    info.sources = req.dirs;
    if (auto r = write_run_state(req.out, info, merged); !r) return r.err();
    if (auto r = concatenate_records(req.dirs, first.profile_export_prefix, o.paths.records_jsonl);
        !r)
        return r.err();
    return o;
}

int run_merge(const std::vector<std::string>& args) {
    merge_request req;
    req.cli_command = "ringperf merge";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        req.cli_command += " " + a;
        if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            return exit_ok;
        }
        const bool has_value = i + 1 < args.size();
        if (a == "-o" || a == "--output") {
            if (!has_value) break;
            req.out = args[++i];
            req.cli_command += " " + req.out;
        } else if (a == "--as") {
            if (!has_value) break;
            const std::string& m = args[++i];
            req.cli_command += " " + m;
            if (m != "shards" && m != "runs") {
                std::fprintf(stderr, "ringperf merge: --as: expected shards or runs, got '%s'\n",
                             m.c_str());
                return exit_usage;
            }
            req.mode = m == "runs" ? merge_mode::runs : merge_mode::shards;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "ringperf merge: unknown option '%s'\n\n%s", a.c_str(), usage);
            return exit_usage;
        } else {
            req.dirs.push_back(a);
        }
    }
    if (req.out.empty() || req.dirs.empty()) {
        std::fprintf(stderr, "ringperf merge: %s\n\n%s",
                     req.dirs.empty() ? "no directory to merge" : "-o OUT is required", usage);
        return exit_usage;
    }
    auto o = merge_runs(req);
    if (!o) {
        std::fprintf(stderr, "ringperf merge: %s\n", o.message().c_str());
        return exit_usage;
    }
    std::fputs(
        exporter::render_console_report(o->summary, o->paths, exporter::detect_console_charset())
            .c_str(),
        stdout);
    return exit_ok;
}

}  // namespace ringperf::cli
