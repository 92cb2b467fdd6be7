// `ringperf compare`: two runs' summaries side by side (compare.h).
#include <simdjson.h>
#include <sys/stat.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "../export/text_table.h"
#include "commands.h"
#include "compare.h"
#include "exit_codes.h"
#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/export/format.h"
#include "ringperf/metrics/catalogue.h"

namespace ringperf::cli {
namespace {

namespace dom = simdjson::dom;

constexpr const char* summary_file = "profile_export_aiperf.json";

constexpr const char* usage =
    "usage: ringperf compare BASELINE_DIR CANDIDATE_DIR [options]\n"
    "\n"
    "Compares two runs' profile_export_aiperf.json (ringperf's or AIPerf's) metric by metric\n"
    "and exits with code 7 when a compared metric regressed beyond its threshold.\n"
    "\n"
    "options:\n"
    "  --threshold PCT             allowed change in the worse direction, in percent (5)\n"
    "  --threshold TAG[:STAT]=PCT  the same for one metric (or one statistic of it)\n"
    "  --metric TAG[:STAT]         compare this metric (repeatable; STAT default avg);\n"
    "                              default: TTFT p50/p99, ITL p50/p99, request latency\n"
    "                              p50/p99, output token and request throughput, errors\n"
    "  --json FILE                 also write the comparison as JSON (- for stdout, which\n"
    "                              then replaces the table)\n";

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void read_metric(std::string_view tag, dom::object block, profile_figures& out) {
    std::map<std::string, double> stats;
    std::string unit;
    for (dom::key_value_pair kv : block) {
        if (kv.key == "unit") {
            std::string_view u;
            if (!kv.value.get(u)) unit = std::string(u);
            continue;
        }
        double v = 0;
        if (kv.value.is_number() && !kv.value.get(v)) stats[std::string(kv.key)] = v;
    }
    if (stats.find("avg") == stats.end()) return;
    out.stats[std::string(tag)] = std::move(stats);
    out.units[std::string(tag)] = unit;
}

const metrics::metric_info* catalogue_entry(std::string_view tag) {
    for (const auto& m : metrics::all_metrics()) {
        if (tag == m.tag) return &m;
    }
    return nullptr;
}

std::optional<double> figure(const profile_figures& p, const compared_metric& m) {
    const auto it = p.stats.find(m.tag);
    if (it == p.stats.end()) {
        if (m.tag == "error_request_count" && p.stats.count("request_count")) return 0.0;
        return std::nullopt;
    }
    const auto s = it->second.find(m.stat);
    if (s == it->second.end()) return std::nullopt;
    return s->second;
}

double threshold_for(const compare_options& o, const compared_metric& m) {
    if (auto it = o.thresholds.find(m.tag + ":" + m.stat); it != o.thresholds.end())
        return it->second;
    if (auto it = o.thresholds.find(m.tag); it != o.thresholds.end()) return it->second;
    return o.threshold_percent;
}

result<double> parse_percent(std::string_view text, std::string_view whole) {
    if (!text.empty() && text.back() == '%') text.remove_suffix(1);
    double v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || !(v >= 0) || !std::isfinite(v))
        return make_error("--threshold '" + std::string(whole) +
                          "': expected a percentage >= 0, e.g. 5 or 10%");
    return v;
}

std::string cell(std::optional<double> v, int decimals = 2) {
    return v ? exporter::format_grouped(*v, decimals) : "N/A";
}

std::string percent_cell(std::optional<double> v) {
    if (!v) return "N/A";
    if (std::isinf(*v)) return *v > 0 ? "+inf%" : "-inf%";
    return (*v >= 0 ? "+" : "") + exporter::format_grouped(*v, 2) + "%";
}

void json_number(json_writer& w, std::optional<double> v) {
    if (v && std::isfinite(*v)) {
        w.raw(exporter::format_json_float(*v));
    } else {
        w.null();
    }
}

}  // namespace

result<profile_figures> parse_profile_json(std::string_view json, const std::string& what) {
    dom::parser parser;
    dom::element root;
    const simdjson::padded_string padded(json);
    if (auto e = parser.parse(padded).get(root))
        return make_error(what + ": not valid JSON: " + simdjson::error_message(e));
    dom::object top;
    if (root.get(top)) return make_error(what + ": not a JSON object");
    dom::object records;
    if (!top["records"].get(records)) top = records;
    profile_figures out;
    for (dom::key_value_pair kv : top) {
        dom::object block;
        if (!kv.value.get(block)) read_metric(kv.key, block, out);
    }
    if (out.stats.empty())
        return make_error(what + ": no metric blocks ({\"unit\": ..., \"avg\": ...}) found");
    return out;
}

result<profile_figures> read_profile(const std::string& dir) {
    const std::string path = is_file(dir) ? dir : exporter::join_path(dir, summary_file);
    auto text = read_file(path);
    if (!text) return make_error(dir + ": cannot read " + path + ": " + text.message());
    return parse_profile_json(*text, dir + ": " + path);
}

std::vector<compared_metric> default_compared_metrics() {
    return {{"time_to_first_token", "p50"},     {"time_to_first_token", "p99"},
            {"inter_token_latency", "p50"},     {"inter_token_latency", "p99"},
            {"request_latency", "p50"},         {"request_latency", "p99"},
            {"output_token_throughput", "avg"}, {"request_throughput", "avg"},
            {"error_request_count", "avg"}};
}

const char* compare_verdict_name(compare_verdict v) {
    switch (v) {
        case compare_verdict::unchanged:
            return "unchanged";
        case compare_verdict::improved:
            return "improved";
        case compare_verdict::regressed:
            return "regressed";
        case compare_verdict::missing:
            return "missing";
    }
    return "missing";
}

std::vector<compare_row> compare_profiles(const profile_figures& baseline,
                                          const profile_figures& candidate,
                                          const compare_options& o) {
    const auto metrics = o.metrics.empty() ? default_compared_metrics() : o.metrics;
    std::vector<compare_row> rows;
    for (const auto& m : metrics) {
        compare_row r;
        r.metric = m;
        const auto* info = catalogue_entry(m.tag);
        r.larger_is_better = info && (info->flags & metrics::flag::larger_is_better) != 0;
        if (auto u = baseline.units.find(m.tag); u != baseline.units.end()) r.unit = u->second;
        if (r.unit.empty() && info) r.unit = info->display_unit;
        r.threshold_percent = threshold_for(o, m);
        r.baseline = figure(baseline, m);
        r.candidate = figure(candidate, m);
        if (r.baseline && r.candidate) {
            const double b = *r.baseline;
            const double d = *r.candidate - b;
            r.delta = d;
            if (b != 0) {
                r.delta_percent = d / std::fabs(b) * 100.0;
            } else {
                r.delta_percent = d == 0  ? 0.0
                                  : d > 0 ? std::numeric_limits<double>::infinity()
                                          : -std::numeric_limits<double>::infinity();
            }
            const double worse = r.larger_is_better ? -*r.delta_percent : *r.delta_percent;
            r.verdict = worse > r.threshold_percent    ? compare_verdict::regressed
                        : -worse > r.threshold_percent ? compare_verdict::improved
                                                       : compare_verdict::unchanged;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

bool any_regressed(const std::vector<compare_row>& rows) {
    for (const auto& r : rows) {
        if (r.verdict == compare_verdict::regressed) return true;
    }
    return false;
}

std::string render_compare_table(const std::vector<compare_row>& rows,
                                 exporter::console_charset cs) {
    std::vector<exporter::detail::table_column> columns{
        {"Metric", false}, {"Stat", false}, {"Baseline"},      {"Candidate"},
        {"Delta"},         {"Delta %"},     {"Verdict", false}};
    std::vector<std::vector<std::string>> cells;
    std::size_t counts[4] = {};
    for (const auto& r : rows) {
        const std::string name = r.unit.empty() || r.unit == "requests"
                                     ? r.metric.tag
                                     : r.metric.tag + " (" + r.unit + ")";
        std::string verdict = compare_verdict_name(r.verdict);
        if (r.verdict == compare_verdict::regressed) verdict = "REGRESSED";
        cells.push_back({name, r.metric.stat, cell(r.baseline), cell(r.candidate), cell(r.delta),
                         percent_cell(r.delta_percent), verdict});
        ++counts[static_cast<std::size_t>(r.verdict)];
    }
    std::string out = exporter::detail::render_text_table("ringperf | Compare", columns, cells, cs);
    out += std::to_string(counts[2]) + " regressed, " + std::to_string(counts[1]) + " improved, " +
           std::to_string(counts[0]) + " unchanged";
    if (counts[3] > 0) out += ", " + std::to_string(counts[3]) + " missing";
    out += "\n";
    return out;
}

std::string render_compare_json(const std::vector<compare_row>& rows, const std::string& baseline,
                                const std::string& candidate, double threshold_percent) {
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("baseline").value(baseline);
    w.key("candidate").value(candidate);
    w.key("threshold_percent");
    json_number(w, threshold_percent);
    w.key("regressed").value(any_regressed(rows));
    w.key("rows").begin_array();
    for (const auto& r : rows) {
        w.begin_object();
        w.key("metric").value(r.metric.tag);
        w.key("stat").value(r.metric.stat);
        w.key("unit").value(r.unit);
        w.key("baseline");
        json_number(w, r.baseline);
        w.key("candidate");
        json_number(w, r.candidate);
        w.key("delta");
        json_number(w, r.delta);
        w.key("delta_percent");
        json_number(w, r.delta_percent);
        w.key("threshold_percent");
        json_number(w, r.threshold_percent);
        w.key("larger_is_better").value(r.larger_is_better);
        w.key("verdict").value(compare_verdict_name(r.verdict));
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out += '\n';
    return out;
}

result<void> parse_threshold(std::string_view text, compare_options& o) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
        auto v = parse_percent(text, text);
        if (!v) return v.err();
        o.threshold_percent = *v;
        return {};
    }
    auto m = parse_compared_metric(text.substr(0, eq));
    if (!m) return make_error("--threshold '" + std::string(text) + "': " + m.message());
    auto v = parse_percent(text.substr(eq + 1), text);
    if (!v) return v.err();
    const bool whole_metric = text.substr(0, eq).find(':') == std::string_view::npos;
    o.thresholds[whole_metric ? m->tag : m->tag + ":" + m->stat] = *v;
    return {};
}

result<compared_metric> parse_compared_metric(std::string_view text) {
    compared_metric m;
    const auto colon = text.find(':');
    m.tag = std::string(text.substr(0, colon));
    m.stat = colon == std::string_view::npos ? "avg" : std::string(text.substr(colon + 1));
    if (m.tag.empty()) return make_error("'" + std::string(text) + "': expected TAG[:STAT]");
    static const char* const known[] = {"avg", "min", "max", "p1",  "p5",  "p10", "p25",
                                        "p50", "p75", "p90", "p95", "p99", "std"};
    for (const char* k : known) {
        if (m.stat == k) return m;
    }
    return make_error("'" + std::string(text) + "': unknown statistic '" + m.stat +
                      "' (avg, min, max, p1, p5, p10, p25, p50, p75, p90, p95, p99, std)");
}

int run_compare(const std::vector<std::string>& args) {
    compare_options o;
    std::vector<std::string> dirs;
    std::string json_path;
    const auto fail = [](const std::string& m) {
        std::fprintf(stderr, "ringperf compare: %s\n", m.c_str());
        return exit_usage;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            return exit_ok;
        }
        const bool takes_value = a == "--threshold" || a == "--metric" || a == "--json";
        if (takes_value && i + 1 >= args.size()) return fail(a + " needs a value");
        if (a == "--threshold") {
            if (auto r = parse_threshold(args[++i], o); !r) return fail(r.message());
        } else if (a == "--metric") {
            auto m = parse_compared_metric(args[++i]);
            if (!m) return fail("--metric " + m.message());
            o.metrics.push_back(std::move(*m));
        } else if (a == "--json") {
            json_path = args[++i];
        } else if (a.size() > 1 && a[0] == '-') {
            return fail("unknown option '" + a + "'\n\n" + usage);
        } else {
            dirs.push_back(a);
        }
    }
    if (dirs.size() != 2)
        return fail("expected BASELINE_DIR and CANDIDATE_DIR\n\n" + std::string(usage));
    auto base = read_profile(dirs[0]);
    if (!base) return fail("baseline " + base.message());
    auto cand = read_profile(dirs[1]);
    if (!cand) return fail("candidate " + cand.message());
    const auto rows = compare_profiles(*base, *cand, o);
    const std::string json = render_compare_json(rows, dirs[0], dirs[1], o.threshold_percent);
    if (json_path == "-") {
        std::fputs(json.c_str(), stdout);
    } else {
        std::fputs(render_compare_table(rows, exporter::detect_console_charset()).c_str(), stdout);
        if (!json_path.empty())
            if (auto r = write_file_atomic(json_path, json); !r) return fail(r.message());
    }
    return any_regressed(rows) ? exit_regression : exit_ok;
}

}  // namespace ringperf::cli
