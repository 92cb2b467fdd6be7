#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "ringperf/export/format.h"
#include "ringperf/export/summary_report.h"
#include "text_table.h"

namespace ringperf::exporter {
namespace {

using metrics::metric_result;

constexpr std::size_t error_message_width = 60;

bool shown_on_console(const metric_result& r) {
    const auto& m = *r.info;
    return m.display_order >= 0 &&
           (m.flags & (metrics::flag::no_console | metrics::flag::error_only)) == 0;
}

std::vector<std::string> console_row(const metric_result& r) {
    std::vector<std::string> row;
    row.push_back(std::string(r.info->header) + " (" + r.info->display_unit + ")");
    if (!r.has_stats) {
        row.push_back(format_grouped(r.value, 2));
        row.resize(8, "N/A");
        return row;
    }
    const auto& s = r.s;
    for (double v : {s.avg, s.min, s.max, s.p99, s.p90, s.p50, s.std})
        row.push_back(format_grouped(v, 2));
    return row;
}

bool names_utf8(const char* locale) {
    std::string s(locale);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s.find("utf-8") != std::string::npos || s.find("utf8") != std::string::npos;
}

std::string benchmark_duration_line(const run_summary& s) {
    for (const auto& r : s.results) {
        if (r.info->id == metrics::metric_id::benchmark_duration && !r.has_stats)
            return "Benchmark Duration: " + format_grouped(r.value, 2) + " " +
                   r.info->display_unit + "\n";
    }
    if (s.end_ns > s.start_ns && s.start_ns > 0) {
        const double sec = static_cast<double>(s.end_ns - s.start_ns) / 1e9;
        return "Benchmark Duration: " + format_grouped(sec, 2) + " sec\n";
    }
    return {};
}

std::string notes(const run_summary& s) {
    std::string out;
    if (s.osl_estimated_count > 0) {
        out += "Note: the server sent no token usage for " + format_grouped(s.osl_estimated_count) +
               (s.osl_estimated_count == 1 ? " request" : " requests") +
               "; output sequence length was estimated from the number of streamed chunks.\n";
    }
    if (s.was_cancelled) out += "Note: the run was cancelled; these results are partial.\n";
    return out;
}

}  // namespace

console_charset charset_from_locale(const char* lc_all, const char* lc_ctype, const char* lang) {
    for (const char* v : {lc_all, lc_ctype, lang}) {
        if (v == nullptr || *v == '\0') continue;
        return names_utf8(v) ? console_charset::unicode : console_charset::ascii;
    }
    return console_charset::unicode;
}

console_charset detect_console_charset() {
    return charset_from_locale(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"));
}

std::string render_console_table(std::span<const metric_result> results, std::string_view title,
                                 console_charset cs) {
    std::vector<const metric_result*> shown;
    for (const auto& r : results) {
        if (shown_on_console(r)) shown.push_back(&r);
    }
    std::stable_sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) {
        return a->info->display_order < b->info->display_order;
    });
    std::vector<detail::table_column> columns{{"Metric"}, {"avg"}, {"min"}, {"max"},
                                              {"p99"},    {"p90"}, {"p50"}, {"std"}};
    std::vector<std::vector<std::string>> rows;
    for (const auto* r : shown)
        rows.push_back(console_row(*r));
    return detail::render_text_table("ringperf | " + std::string(title), columns, rows, cs);
}

std::string render_error_table(std::span<const metrics::error_summary_entry> errors,
                               console_charset cs) {
    if (errors.empty()) return {};
    std::vector<const metrics::error_summary_entry*> sorted;
    for (const auto& e : errors)
        sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto* a, const auto* b) { return a->count > b->count; });
    std::vector<detail::table_column> columns{
        {"Code", true}, {"Type", true}, {"Message", false}, {"Count", true}};
    std::vector<std::vector<std::string>> rows;
    for (const auto* e : sorted) {
        rows.push_back({e->code != 0 ? std::to_string(e->code) : "N/A",
                        e->type.empty() ? "N/A" : truncate_display(e->type, error_message_width),
                        truncate_display(e->message, error_message_width),
                        format_grouped(e->count)});
    }
    return detail::render_text_table("ringperf | Error Summary", columns, rows, cs);
}

std::string render_console_report(const run_summary& s, const export_paths& paths,
                                  console_charset cs) {
    std::string out = render_console_table(s.results, s.metrics_title, cs);
    if (!s.errors.empty()) {
        out += '\n';
        out += render_error_table(s.errors, cs);
    }
    const std::string n = notes(s);
    if (!n.empty()) {
        out += '\n';
        out += n;
    }
    out += '\n';
    if (!s.cli_command.empty()) out += "CLI Command: " + s.cli_command + "\n";
    out += benchmark_duration_line(s);
    out += "CSV Export: " + paths.csv + "\n";
    out += "JSON Export: " + paths.json + "\n";
    out += "Log File: " + paths.log_file + "\n";
    return out;
}

}  // namespace ringperf::exporter
