#include "ringperf/export/gates.h"

#include <array>
#include <charconv>
#include <cmath>

#include "ringperf/export/format.h"
#include "text_table.h"

namespace ringperf::exporter {
namespace {

constexpr std::string_view error_rate_tag = "error_rate";
constexpr std::array<std::string_view, 13> stat_names{
    "avg", "min", "max", "p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "std"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

// What a gate's metric name refers to.
struct target {
    const metrics::metric_info* info = nullptr;  // a catalogue metric
    std::optional<metrics::definition_set> set;  // a definitions-set metric
    metrics::definition_metric def_metric = metrics::definition_metric::ttft;
    bool error_rate = false;

    bool has_stats() const {
        if (error_rate) return false;
        if (set) return true;
        return info->kind == metrics::metric_kind::record;
    }
    std::string display_unit() const {
        if (error_rate) return "%";
        if (set) return metrics::info(def_metric).display_unit;
        return info->display_unit;
    }
};

std::optional<target> find_target(std::string_view name) {
    target t;
    if (name == error_rate_tag) {
        t.error_rate = true;
        return t;
    }
    if (const auto dot = name.find('.'); dot != std::string_view::npos) {
        const auto set = metrics::parse_definition_set(name.substr(0, dot));
        const auto m = metrics::parse_definition_metric(name.substr(dot + 1));
        if (!set || !m) return std::nullopt;
        t.set = set;
        t.def_metric = *m;
        return t;
    }
    for (const auto& m : metrics::all_metrics()) {
        if (name == m.tag) {
            t.info = &m;
            return t;
        }
    }
    return std::nullopt;
}

// Factor from `unit` to the display unit `display` ("ms" or "sec"); nullopt when `unit` is
// not a time unit or the metric is not a time.
std::optional<double> time_factor(std::string_view unit, std::string_view display) {
    double in_ns = 0;
    if (unit == "us") {
        in_ns = 1e3;
    } else if (unit == "ms") {
        in_ns = 1e6;
    } else if (unit == "s" || unit == "sec") {
        in_ns = 1e9;
    } else {
        return std::nullopt;
    }
    if (display == "ms") return in_ns / 1e6;
    if (display == "sec") return in_ns / 1e9;
    return std::nullopt;
}

struct cursor {
    std::string_view whole;
    std::size_t pos;  // in `whole`
    std::size_t end;  // end of this expression in `whole`

    void skip_spaces() {
        while (pos < end && is_space(whole[pos]))
            ++pos;
    }
    bool done() const { return pos >= end; }
    char peek() const { return pos < end ? whole[pos] : '\0'; }
};

error fail(const cursor&, std::string_view expr, std::size_t at, const std::string& what) {
    return error{"--fail-on (output.fail_on): '" + std::string(expr) + "' at column " +
                 std::to_string(at + 1) + ": " + what};
}

std::string_view take_name(cursor& c) {
    const std::size_t start = c.pos;
    while (c.pos < c.end && is_name_char(c.whole[c.pos]))
        ++c.pos;
    return c.whole.substr(start, c.pos - start);
}

result<gate_op> take_op(cursor& c, std::string_view expr) {
    const std::size_t at = c.pos;
    const char a = c.peek();
    if (a != '<' && a != '>') return fail(c, expr, at, "expected one of < <= > >=");
    ++c.pos;
    const bool eq = c.peek() == '=';
    if (eq) ++c.pos;
    if (a == '<') return eq ? gate_op::le : gate_op::lt;
    return eq ? gate_op::ge : gate_op::gt;
}

result<gate> parse_one(std::string_view whole, std::size_t begin, std::size_t end) {
    cursor c{whole, begin, end};
    c.skip_spaces();
    std::size_t last = end;
    while (last > c.pos && is_space(whole[last - 1]))
        --last;
    const std::string_view expr = whole.substr(c.pos, last - c.pos);
    if (expr.empty()) return fail(c, "", begin, "empty expression");
    gate g;
    g.text = std::string(expr);

    const std::size_t name_at = c.pos;
    g.metric = std::string(take_name(c));
    if (g.metric.empty()) return fail(c, expr, name_at, "expected a metric name");
    const auto t = find_target(g.metric);
    if (!t) return fail(c, expr, name_at, "unknown metric '" + g.metric + "'");
    c.skip_spaces();
    if (c.peek() == ':') {
        ++c.pos;
        c.skip_spaces();
        const std::size_t stat_at = c.pos;
        g.stat = std::string(take_name(c));
        bool known = false;
        for (auto s : stat_names)
            known = known || s == g.stat;
        if (!known)
            return fail(c, expr, stat_at,
                        "unknown statistic '" + g.stat +
                            "' (expected avg, min, max, p1, p5, p10, p25, p50, p75, p90, p95, "
                            "p99 or std)");
        if (!t->has_stats() && g.stat != "avg")
            return fail(c, expr, stat_at, g.metric + " has a single value: no statistic");
        c.skip_spaces();
    }
    auto op = take_op(c, expr);
    if (!op) return op.err();
    g.op = *op;
    c.skip_spaces();

    const std::size_t num_at = c.pos;
    double v = 0;
    const auto [p, ec] = std::from_chars(whole.data() + c.pos, whole.data() + c.end, v);
    if (ec != std::errc() || !std::isfinite(v)) return fail(c, expr, num_at, "expected a number");
    c.pos = static_cast<std::size_t>(p - whole.data());
    c.skip_spaces();
    const std::size_t unit_at = c.pos;
    std::string unit;
    while (!c.done() && !is_space(c.peek()))
        unit += whole[c.pos++];
    c.skip_spaces();
    if (!c.done()) return fail(c, expr, c.pos, "unexpected text after the value");

    g.unit = t->display_unit();
    if (unit.empty()) {
        g.threshold = v;
    } else if (t->error_rate) {
        if (unit != "%") return fail(c, expr, unit_at, "error_rate takes % or no unit");
        g.threshold = v;
    } else if (const auto f = time_factor(unit, g.unit)) {
        g.threshold = v * *f;
    } else {
        return fail(c, expr, unit_at,
                    "unit '" + unit + "' does not fit " + g.metric + " (in " + g.unit + ")" +
                        (time_factor("ms", g.unit) ? "; use us, ms or s" : "; give no unit"));
    }
    return g;
}

double stat_of(const metrics::stats& s, std::string_view name) {
    const std::array<double, 13> v{s.avg, s.min, s.max, s.p1,  s.p5,  s.p10, s.p25,
                                   s.p50, s.p75, s.p90, s.p95, s.p99, s.std};
    for (std::size_t i = 0; i < stat_names.size(); ++i) {
        if (stat_names[i] == name) return v[i];
    }
    return s.avg;
}

const metrics::metric_result* find_result(std::span<const metrics::metric_result> results,
                                          std::string_view tag) {
    for (const auto& r : results) {
        if (r.info && tag == r.info->tag) return &r;
    }
    return nullptr;
}

std::optional<double> error_rate(std::span<const metrics::metric_result> results) {
    const auto* ok = find_result(results, "request_count");
    const auto* bad = find_result(results, "error_request_count");
    const double n_ok = ok ? ok->value : 0;
    const double n_bad = bad ? bad->value : 0;
    if (n_ok + n_bad <= 0) return std::nullopt;
    return n_bad * 100.0 / (n_ok + n_bad);
}

std::optional<double> measure(const gate& g, const gate_inputs& in) {
    const auto t = find_target(g.metric);
    if (!t) return std::nullopt;
    const std::string stat = g.stat.empty() ? "avg" : g.stat;
    if (t->error_rate) return error_rate(in.results);
    if (t->set) {
        for (const auto& d : in.definitions) {
            if (d.set != *t->set) continue;
            for (const auto& m : d.metrics) {
                if (m.metric == t->def_metric) return stat_of(m.s, stat);
            }
        }
        return std::nullopt;
    }
    const auto* r = find_result(in.results, g.metric);
    if (!r) return std::nullopt;
    return r->has_stats ? stat_of(r->s, stat) : r->value;
}

bool holds(gate_op op, double measured, double threshold) {
    switch (op) {
        case gate_op::lt:
            return measured < threshold;
        case gate_op::le:
            return measured <= threshold;
        case gate_op::gt:
            return measured > threshold;
        case gate_op::ge:
            return measured >= threshold;
    }
    return false;
}

std::string with_unit(double v, const std::string& unit) {
    std::string out = format_grouped(v, unit == "%" ? 3 : 2);
    if (unit == "%") return out + "%";
    if (!unit.empty()) out += " " + unit;
    return out;
}

}  // namespace

const char* gate_op_text(gate_op op) {
    switch (op) {
        case gate_op::lt:
            return "<";
        case gate_op::le:
            return "<=";
        case gate_op::gt:
            return ">";
        case gate_op::ge:
            return ">=";
    }
    return "?";
}

result<std::vector<gate>> parse_gates(std::string_view text) {
    std::vector<gate> out;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
    std::size_t begin = 0;
    for (;;) {
        std::size_t end = text.find(',', begin);
        if (end == std::string_view::npos) end = text.size();
        auto g = parse_one(text, begin, end);
        if (!g) return g.err();
        out.push_back(std::move(*g));
        if (end == text.size()) return out;
        begin = end + 1;
    }
}

std::vector<gate_outcome> evaluate_gates(std::span<const gate> gates, const gate_inputs& in) {
    std::vector<gate_outcome> out;
    for (const gate& g : gates) {
        gate_outcome o;
        o.g = g;
        o.measured = measure(g, in);
        o.passed = o.measured && holds(g.op, *o.measured, g.threshold);
        out.push_back(std::move(o));
    }
    return out;
}

bool all_passed(std::span<const gate_outcome> outcomes) {
    for (const auto& o : outcomes) {
        if (!o.passed) return false;
    }
    return true;
}

std::string render_gate_table(std::span<const gate_outcome> outcomes, console_charset cs) {
    if (outcomes.empty()) return {};
    std::vector<detail::table_column> columns{
        {"Metric", false}, {"Stat", false}, {"Threshold"}, {"Measured"}, {"Result", false}};
    std::vector<std::vector<std::string>> rows;
    std::size_t failed = 0;
    for (const auto& o : outcomes) {
        const bool single = o.g.metric == error_rate_tag || !find_target(o.g.metric)->has_stats();
        const std::string stat = o.g.stat.empty() ? (single ? "value" : "avg") : o.g.stat;
        rows.push_back(
            {o.g.metric, stat,
             std::string(gate_op_text(o.g.op)) + " " + with_unit(o.g.threshold, o.g.unit),
             o.measured ? with_unit(*o.measured, o.g.unit) : "not measured",
             o.passed ? "PASS" : "FAIL"});
        if (!o.passed) ++failed;
    }
    std::string out = detail::render_text_table("ringperf | SLO Gates", columns, rows, cs);
    out += "SLO gates: " + std::to_string(outcomes.size() - failed) + " passed, " +
           std::to_string(failed) + " failed\n";
    return out;
}

}  // namespace ringperf::exporter
