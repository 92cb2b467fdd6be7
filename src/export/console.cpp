#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "ringperf/export/definitions_report.h"
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

std::string optional_grouped(std::optional<double> v, int decimals) {
    return v ? format_grouped(*v, decimals) : "N/A";
}

std::string signed_percent(double v) {
    std::string out(v >= 0 ? "+" : "");  // appended piecewise: g++ 12 misreads "lit" + string
    return out.append(format_grouped(v, 2)).append("%");
}

// "request_rate: target 10,000.00 req/s, achieved 9,986.95 req/s, -0.13%".
std::string rate_part(const self_check_report& r) {
    const metrics::self_check_figures& f = r.figures;
    const bool open = metrics::is_open_loop(f.mode);
    std::string out = metrics::load_mode_name(f.mode);
    out += ": ";
    std::optional<double> error;
    if (f.target_rate_per_s) {
        out += "target " + format_grouped(*f.target_rate_per_s, 2) + " req/s, ";
        error = r.rate_error_percent;
    } else if (open) {
        out += "scheduled " + optional_grouped(f.scheduled_rate_per_s, 2) + " req/s, ";
        error = r.rate_error_vs_schedule_percent;
    }
    out += "achieved " + optional_grouped(f.achieved_rate_per_s, 2) + " req/s";
    if (error) out += ", " + signed_percent(*error);
    return out;
}

std::string lag_part(const std::optional<metrics::lag_figures>& lag) {
    if (!lag) return "schedule lag N/A";
    return "schedule lag p50 " + format_grouped(lag->p50_ms, 3) + " ms, p99 " +
           format_grouped(lag->p99_ms, 3) + " ms, max " + format_grouped(lag->max_ms, 3) + " ms";
}

bool is_from_intended(const metric_result& r) {
    const auto id = r.info->id;
    return id == metrics::metric_id::time_to_first_token_from_intended ||
           id == metrics::metric_id::request_latency_from_intended;
}

std::string metrics_table(const run_summary& s, console_charset cs) {
    if (!s.self_check || metrics::is_open_loop(s.self_check->figures.mode))
        return render_console_table(s.results, s.metrics_title, cs);
    std::vector<metric_result> shown;
    for (const auto& r : s.results) {
        if (!is_from_intended(r)) shown.push_back(r);
    }
    return render_console_table(shown, s.metrics_title, cs);
}

std::string notes(const run_summary& s) {
    std::string out;
    if (s.osl_estimated_count > 0) {
        out += "Note: the server sent no token usage for " + format_grouped(s.osl_estimated_count) +
               (s.osl_estimated_count == 1 ? " request" : " requests") +
               "; output sequence length was estimated from the number of streamed chunks.\n";
    }
    if (s.osl_mismatch_count > 0)
        out +=
            "Warning: " + osl_mismatch_warning(s.osl_mismatch_count, s.osl_length_requested) + "\n";
    if (s.was_cancelled) out += "Note: the run was cancelled; these results are partial.\n";
    return out;
}

bool is_trace_timing(metrics::metric_id id) {
    return id >= metrics::metric_id::http_req_blocked && id <= metrics::metric_id::http_req_total;
}

}  // namespace

std::string osl_mismatch_warning(std::uint64_t count, bool length_requested) {
    std::string out = format_grouped(count) + (count == 1 ? " request" : " requests") +
                      " returned an output length that differs from the requested one (see "
                      "osl_mismatch_count)";
    if (!length_requested)
        return out +
               "; to make the server generate exactly the requested tokens, add "
               "--extra-inputs ignore_eos:true or min_tokens:<n>";
    return out +
           " although the requests ask for it (ignore_eos/min_tokens): either the server does "
           "not honour those fields, or it counts tokens differently from the client's tokenizer "
           "(set --tokenizer to the served model's, or --use-server-token-count)";
}

std::string render_trace_timing_table(std::span<const metric_result> results, console_charset cs) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : results) {
        if (!r.has_stats || !is_trace_timing(r.info->id)) continue;
        std::vector<std::string> row{std::string(r.info->tag) + " (" + r.info->display_unit + ")"};
        for (double v : {r.s.avg, r.s.min, r.s.p50, r.s.max, r.s.p90, r.s.p95})
            row.push_back(format_grouped(v, 2));
        rows.push_back(std::move(row));
    }
    if (rows.empty()) return {};
    std::vector<detail::table_column> columns{{"Metric"}, {"avg"}, {"min"}, {"med"},
                                              {"max"},    {"p90"}, {"p95"}};
    return detail::render_text_table("ringperf | HTTP Trace Timing", columns, rows, cs);
}

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

std::string render_self_check_line(const self_check_report& r) {
    std::string out = "Self-check: ";
    out += metrics::self_check_outcome_text(r.verdict.outcome);
    out += " (" + rate_part(r) + "; " + lag_part(r.figures.schedule_lag) + ")\n";
    for (const auto& reason : r.verdict.reasons)
        out += "  - " + reason + "\n";
    return out;
}

std::string render_console_report(const run_summary& s, const export_paths& paths,
                                  console_charset cs) {
    std::string out = metrics_table(s, cs);
    if (s.self_check) out += render_self_check_line(*s.self_check);
    if (s.show_trace_timing) {
        const std::string trace = render_trace_timing_table(s.results, cs);
        if (!trace.empty()) out += '\n' + trace;
    }
    out += render_definitions_tables(s.definitions, cs);
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
