#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "ringperf/base/file.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/export/aggregate.h"
#include "ringperf/export/format.h"
#include "text_table.h"

#ifndef RINGPERF_VERSION
#define RINGPERF_VERSION "unknown"
#endif

namespace ringperf::exporter {
namespace {

constexpr const char* eol = "\r\n";
constexpr std::size_t console_error_width = 120;

// Appends JSON with Python's json.dumps(indent=2) layout: one member per line, empty
// containers as "{}" and "[]".
class indented_json {
  public:
    void open(char bracket) {
        out_ += bracket;
        ++depth_;
        empty_ = true;
    }
    void close(char bracket) {
        --depth_;
        if (!empty_) new_line();
        out_ += bracket;
        empty_ = false;
    }
    // Starts an array element.
    indented_json& element() {
        if (!empty_) out_ += ',';
        new_line();
        empty_ = false;
        return *this;
    }
    // Starts an object member.
    indented_json& member(std::string_view key) {
        element();
        json_append_string(out_, key);
        out_ += ": ";
        return *this;
    }
    void string(std::string_view s) { json_append_string(out_, s); }
    void integer(std::size_t n) { out_ += std::to_string(n); }
    void number(std::optional<double> v) {
        out_ += v && std::isfinite(*v) ? format_json_float(*v) : "null";
    }
    std::string take() { return std::move(out_); }

  private:
    void new_line() {
        out_ += '\n';
        out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    }
    std::string out_;
    int depth_ = 0;
    bool empty_ = true;
};

void string_array(indented_json& j, const std::vector<std::string>& items) {
    j.open('[');
    for (const auto& s : items)
        j.element().string(s);
    j.close(']');
}

void metadata(indented_json& j, const run_aggregate& a) {
    j.open('{');
    j.member("aggregation_type").string("confidence");
    j.member("num_profile_runs").integer(a.num_profile_runs);
    j.member("num_successful_runs").integer(a.num_successful_runs);
    j.member("failed_runs").open('[');
    for (const auto& f : a.failed_runs) {
        j.element().open('{');
        j.member("label").string(f.label);
        j.member("error").string(f.error);
        j.close('}');
    }
    j.close(']');
    j.member("confidence_level").number(a.confidence_level);
    j.member("cooldown_seconds").number(a.cooldown_seconds);
    j.member("run_labels");
    string_array(j, a.run_labels);
    j.member("omitted_metrics");
    string_array(j, a.omitted_metrics);
    j.close('}');
}

void metric_block(indented_json& j, const aggregate_metric& m) {
    j.member(m.key).open('{');
    const std::pair<const char*, std::optional<double>> fields[] = {
        {"mean", m.mean},     {"std", m.std},         {"min", m.min},
        {"max", m.max},       {"cv", m.cv},           {"se", m.se},
        {"ci_low", m.ci_low}, {"ci_high", m.ci_high}, {"t_critical", m.t_critical},
    };
    for (const auto& [name, v] : fields)
        j.member(name).number(v);
    j.member("unit").string(m.info->display_unit);
    j.close('}');
}

std::string fixed_or_empty(std::optional<double> v, int decimals) {
    return v ? format_fixed(*v, decimals) : std::string();
}

// Python's repr() of a str: single quotes unless the text holds one and no double quote.
std::string python_repr(std::string_view s) {
    const char quote =
        s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos ? '"'
                                                                                        : '\'';
    std::string out(1, quote);
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\\' || c == quote) {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    out += quote;
    return out;
}

std::string python_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ", ";
        out += python_repr(items[i]);
    }
    out += ']';
    return out;
}

void csv_metric_row(std::string& out, const aggregate_metric& m) {
    append_csv_cell(out, m.key);
    const std::pair<std::optional<double>, int> cells[] = {
        {m.mean, 2}, {m.std, 2},    {m.min, 2},     {m.max, 2},        {m.cv, 4},
        {m.se, 4},   {m.ci_low, 2}, {m.ci_high, 2}, {m.t_critical, 4},
    };
    for (const auto& [v, decimals] : cells) {
        out += ',';
        out += fixed_or_empty(v, decimals);
    }
    out += ',';
    append_csv_cell(out, m.info->display_unit);
    out += eol;
}

void csv_metadata_row(std::string& out, std::string_view name, std::string_view value) {
    append_csv_cell(out, name);
    out += ',';
    append_csv_cell(out, value);
    out += eol;
}

// "95" for 0.95, "97.5" for 0.975: the level as a percentage without trailing zeros.
std::string percent_text(double level) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", level * 100);
    return buf;
}

const aggregate_metric* find_key(const run_aggregate& a, const std::string& key) {
    const auto it =
        std::lower_bound(a.metrics.begin(), a.metrics.end(), key,
                         [](const aggregate_metric& m, const std::string& k) { return m.key < k; });
    return it != a.metrics.end() && it->key == key ? &*it : nullptr;
}

std::string console_cell(const aggregate_metric* m, console_charset cs) {
    if (m == nullptr) return "N/A";
    std::string cell = format_grouped(m->mean, 2);
    if (const auto half = m->half_width()) {
        cell += cs == console_charset::unicode ? " ± " : " +/- ";
        cell += format_grouped(*half, 2);
    }
    return cell;
}

// The console metrics the aggregate has a key for, in display order.
std::vector<const metrics::metric_info*> console_metrics(const run_aggregate& a) {
    std::vector<const metrics::metric_info*> shown;
    for (const auto& m : a.metrics) {
        if (!metrics::on_console(*m.info)) continue;
        const bool seen = std::any_of(shown.begin(), shown.end(), [&](const auto* i) {
            return std::string_view(i->tag) == m.info->tag;
        });
        if (!seen) shown.push_back(m.info);
    }
    std::stable_sort(shown.begin(), shown.end(), [](const auto* x, const auto* y) {
        return x->display_order < y->display_order;
    });
    return shown;
}

std::string console_title(const run_aggregate& a) {
    const std::size_t n = a.num_successful_runs;
    std::string title =
        "ringperf | Aggregate over " + std::to_string(n) + (n == 1 ? " run" : " runs");
    if (n > 1) title += " (" + percent_text(a.confidence_level) + "% CI)";
    return title;
}

}  // namespace

std::string render_aggregate_json(const run_aggregate& a) {
    indented_json j;
    j.open('{');
    j.member("schema_version").string(aggregate_schema_version);
    j.member("ringperf_version").string(RINGPERF_VERSION);
    j.member("metadata");
    metadata(j, a);
    j.member("metrics").open('{');
    for (const auto& m : a.metrics)
        metric_block(j, m);
    j.close('}');
    j.close('}');
    std::string out = j.take();
    out += '\n';
    return out;
}

std::string render_aggregate_csv(const run_aggregate& a) {
    std::string out = "metric,mean,std,min,max,cv,se,ci_low,ci_high,t_critical,unit";
    out += eol;
    for (const auto& m : a.metrics)
        csv_metric_row(out, m);
    out += eol;
    std::vector<std::string> failed;
    for (const auto& f : a.failed_runs)
        failed.push_back(f.label);
    csv_metadata_row(out, "Aggregation Type", "confidence");
    csv_metadata_row(out, "Total Runs", std::to_string(a.num_profile_runs));
    csv_metadata_row(out, "Successful Runs", std::to_string(a.num_successful_runs));
    csv_metadata_row(out, "Failed Runs", python_list(failed));
    csv_metadata_row(out, "Confidence Level", format_json_float(a.confidence_level));
    csv_metadata_row(out, "Cooldown Seconds", format_json_float(a.cooldown_seconds));
    csv_metadata_row(out, "Run Labels", python_list(a.run_labels));
    csv_metadata_row(out, "Omitted Metrics", python_list(a.omitted_metrics));
    return out;
}

std::string render_aggregate_console(const run_aggregate& a, console_charset cs) {
    std::vector<detail::table_column> columns{{"Metric"}, {"avg"}, {"p50"}, {"p99"}};
    std::vector<std::vector<std::string>> rows;
    for (const auto* info : console_metrics(a)) {
        std::vector<std::string> row{std::string(info->header) + " (" + info->display_unit + ")"};
        for (summary_stat st : {summary_stat::avg, summary_stat::p50, summary_stat::p99})
            row.push_back(console_cell(
                find_key(a, std::string(info->tag) + "_" + summary_stat_name(st)), cs));
        rows.push_back(std::move(row));
    }
    std::string out = detail::render_text_table(console_title(a), columns, rows, cs);
    for (const auto& f : a.failed_runs)
        out += "Note: " + f.label + " failed: " + truncate_display(f.error, console_error_width) +
               "\n";
    return out;
}

result<void> write_aggregate_files(const run_aggregate& a, const aggregate_paths& paths) {
    if (auto r = make_dirs(paths.dir); !r) return r;
    if (auto r = write_file_atomic(paths.json, render_aggregate_json(a)); !r) return r;
    return write_file_atomic(paths.csv, render_aggregate_csv(a));
}

}  // namespace ringperf::exporter
