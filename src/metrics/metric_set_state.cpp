// metric_set::save_state / load_state (summary.h). Record metrics are found by iterating the
// catalogue, so a metric added there is saved without a change here; the set's counters are
// listed one by one below and must follow any counter added to metric_set::impl.
#include <simdjson.h>

#include "error_groups.h"
#include "metric_set_impl.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/metrics/hdr_encoding.h"
#include "url_breakdown.h"

namespace ringperf::metrics {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

void write_summary(json_writer& w, const summary& s) {
    const summary_layout& l = s.layout();
    w.begin_object();
    w.key("lowest").value(l.lowest_discernible);
    w.key("highest").value(l.highest_trackable);
    w.key("significant_figures").value(l.significant_figures);
    w.key("units_per_value").value(l.units_per_value);
    w.key("value_offset").value(l.value_offset);
    const summary::exact_state e = s.exact();
    w.key("count").value(e.count);
    w.key("min").value(e.min);
    w.key("max").value(e.max);
    w.key("sum").value(e.sum);
    w.key("mean").value(e.mean);
    w.key("m2").value(e.m2);
    w.key("out_of_range").value(e.out_of_range);
    w.key("histogram").value(encode_v2_base64(s.histogram()).value());
    w.end_object();
}

void write_optional_summary(json_writer& w, const std::optional<summary>& s) {
    if (s) {
        write_summary(w, *s);
    } else {
        w.null();
    }
}

template <typename T>
void write_optional(json_writer& w, const std::optional<T>& v) {
    if (v) {
        w.value(static_cast<std::int64_t>(*v));
    } else {
        w.null();
    }
}

// Reading: each helper names the field it could not read.
struct reader {
    std::string error;

    bool fail(std::string_view what) {
        if (error.empty())
            error = "bad or missing \"" + std::string(what) + "\" in the metric state";
        return false;
    }
    template <typename T>
    bool get(element e, std::string_view key, T& out) {
        if (e[key].get(out)) return fail(key);
        return true;
    }
    bool get_double(element e, std::string_view key, double& out) {
        // Integral doubles may have been written without a fraction.
        auto v = e[key];
        if (!v.get(out)) return true;
        std::int64_t i = 0;
        if (!v.get(i)) {
            out = static_cast<double>(i);
            return true;
        }
        return fail(key);
    }
    template <typename T>
    bool get_optional(element e, std::string_view key, std::optional<T>& out) {
        auto v = e[key];
        if (v.error()) return fail(key);
        if (v.is_null()) {
            out.reset();
            return true;
        }
        std::int64_t i = 0;
        if (v.get(i)) return fail(key);
        out = static_cast<T>(i);
        return true;
    }
};

}  // namespace

struct metric_set_state {
    static result<summary> read_summary(element e, std::string_view what) {
        reader rd;
        summary_layout l;
        std::int64_t sf = 0;
        summary::exact_state x;
        std::string_view hist;
        if (!rd.get(e, "lowest", l.lowest_discernible) ||
            !rd.get(e, "highest", l.highest_trackable) || !rd.get(e, "significant_figures", sf) ||
            !rd.get_double(e, "units_per_value", l.units_per_value) ||
            !rd.get_double(e, "value_offset", l.value_offset) || !rd.get(e, "count", x.count) ||
            !rd.get_double(e, "min", x.min) || !rd.get_double(e, "max", x.max) ||
            !rd.get_double(e, "sum", x.sum) || !rd.get_double(e, "mean", x.mean) ||
            !rd.get_double(e, "m2", x.m2) || !rd.get(e, "out_of_range", x.out_of_range) ||
            !rd.get(e, "histogram", hist))
            return make_error(std::string(what) + ": " + rd.error);
        l.significant_figures = static_cast<int>(sf);
        auto h = decode_histogram_base64(hist);
        if (!h) return make_error(std::string(what) + ": " + h.message());
        auto s = summary::restore(l, *h, x);
        if (!s) return make_error(std::string(what) + ": " + s.message());
        return s;
    }

    static result<void> read_optional_summary(element e, std::string_view key,
                                              std::optional<summary>& out, std::string_view what) {
        auto v = e[key];
        if (v.error())
            return make_error(std::string(what) + ": missing \"" + std::string(key) + "\"");
        if (v.is_null()) return {};
        auto s = read_summary(v.value(), what);
        if (!s) return s.err();
        out = std::move(*s);
        return {};
    }

    static void write_errors(json_writer& w, const error_groups& g) {
        w.begin_array();
        for (const auto& grp : g.groups_) {
            w.begin_object();
            w.key("code").value(grp.e.code);
            w.key("type").value(grp.e.type);
            w.key("message").value(grp.e.message);
            w.key("kind").value(error_kind_name(grp.e.kind));
            w.key("count").value(grp.e.count);
            w.key("level").value(static_cast<int>(grp.lvl));
            w.end_object();
        }
        w.end_array();
    }

    static result<void> read_errors(element e, error_groups& g) {
        simdjson::dom::array arr;
        if (e.get(arr)) return make_error("bad \"errors\" in the metric state");
        for (element item : arr) {
            reader rd;
            std::int64_t code = 0, lvl = 0;
            std::uint64_t count = 0;
            std::string_view type, message, kind_name;
            if (!rd.get(item, "code", code) || !rd.get(item, "type", type) ||
                !rd.get(item, "message", message) || !rd.get(item, "kind", kind_name) ||
                !rd.get(item, "count", count) || !rd.get(item, "level", lvl) || lvl < 0 || lvl > 2)
                return make_error("error group: " + (rd.error.empty() ? "bad level" : rd.error));
            std::optional<error_kind> kind;
            for (int k = 0; k <= static_cast<int>(error_kind::cancelled); ++k) {
                if (kind_name == error_kind_name(static_cast<error_kind>(k)))
                    kind = static_cast<error_kind>(k);
            }
            if (!kind)
                return make_error("error group: unknown kind '" + std::string(kind_name) + "'");
            g.add_at(static_cast<error_groups::level>(lvl), static_cast<std::int32_t>(code), type,
                     message, *kind, count);
        }
        return {};
    }

    static void write_options(json_writer& w, bool configured, const metric_options& o) {
        w.begin_object();
        w.key("configured").value(configured);
        w.key("http_trace").value(o.http_trace);
        w.key("network_rtt_ns");
        write_optional(w, o.network_rtt_ns);
        w.key("goodput").begin_array();
        for (const goodput_slo& g : o.goodput) {
            w.begin_object();
            w.key("metric").value(info(g.id).tag);
            w.key("threshold").value(g.threshold);
            w.end_object();
        }
        w.end_array();
        w.key("osl_mismatch_pct").value(o.osl_mismatch.pct);
        w.key("osl_mismatch_max_tokens").value(o.osl_mismatch.max_tokens);
        w.key("fixed_schedule").value(o.fixed_schedule);
        w.end_object();
    }

    static result<void> read_options(element e, bool& configured, metric_options& o) {
        reader rd;
        simdjson::dom::array goodput;
        if (!rd.get(e, "configured", configured) || !rd.get(e, "http_trace", o.http_trace) ||
            !rd.get_optional(e, "network_rtt_ns", o.network_rtt_ns) ||
            !rd.get(e, "goodput", goodput) ||
            !rd.get_double(e, "osl_mismatch_pct", o.osl_mismatch.pct) ||
            !rd.get_double(e, "osl_mismatch_max_tokens", o.osl_mismatch.max_tokens) ||
            !rd.get(e, "fixed_schedule", o.fixed_schedule))
            return make_error("options: " + rd.error);
        for (element item : goodput) {
            std::string_view tag;
            goodput_slo g;
            if (!rd.get(item, "metric", tag) || !rd.get_double(item, "threshold", g.threshold))
                return make_error("options: " + rd.error);
            std::optional<metric_id> id;
            for (const metric_info& m : all_metrics())
                if (tag == m.tag) id = m.id;
            if (!id)
                return make_error("options: unknown goodput metric '" + std::string(tag) + "'");
            g.id = *id;
            o.goodput.push_back(g);
        }
        return {};
    }

    template <typename Totals, typename Has>
    static result<void> read_usage(element counters, Totals& usage_totals, Has& has_usage) {
        simdjson::dom::array totals, has;
        if (counters["usage_totals"].get(totals) || counters["has_usage"].get(has) ||
            totals.size() != usage_totals.size() || has.size() != has_usage.size())
            return make_error(
                "bad or missing \"usage_totals\" / \"has_usage\" in the metric state");
        std::size_t i = 0;
        for (element t : totals)
            if (t.get(usage_totals[i++])) return make_error("bad \"usage_totals\"");
        i = 0;
        for (element b : has)
            if (b.get(has_usage[i++])) return make_error("bad \"has_usage\"");
        return {};
    }

    static void write_urls(json_writer& w, const url_breakdown& u) {
        w.begin_object();
        w.key("sole");
        write_optional(w, u.sole_);
        w.key("entries").begin_array();
        for (const auto& en : u.entries_) {
            w.begin_object();
            w.key("url").value(std::uint64_t{en.url});
            w.key("ok").value(en.ok);
            w.key("errors").value(en.errors);
            w.key("latency");
            write_optional_summary(w, en.latency);
            w.key("ttft");
            write_optional_summary(w, en.ttft);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }

    static result<void> read_urls(element e, url_breakdown& u) {
        reader rd;
        simdjson::dom::array arr;
        if (!rd.get_optional(e, "sole", u.sole_) || !rd.get(e, "entries", arr))
            return make_error("urls: " + rd.error);
        for (element item : arr) {
            url_breakdown::entry en;
            std::uint64_t url = 0;
            if (!rd.get(item, "url", url) || !rd.get(item, "ok", en.ok) ||
                !rd.get(item, "errors", en.errors))
                return make_error("urls: " + rd.error);
            en.url = static_cast<std::uint32_t>(url);
            if (auto r = read_optional_summary(item, "latency", en.latency, "urls latency"); !r)
                return r;
            if (auto r = read_optional_summary(item, "ttft", en.ttft, "urls ttft"); !r) return r;
            u.entries_.push_back(std::move(en));
        }
        return {};
    }
};

summary::exact_state summary::exact() const noexcept {
    return {count_, min_, max_, sum_, mean_, m2_, out_of_range_};
}

result<summary> summary::restore(const summary_layout& layout, const hdr_histogram& h,
                                 const exact_state& s) {
    auto out = create(layout);
    if (!out) return out.err();
    if (out->histogram_.add(h) > 0)
        return make_error("histogram values lie outside the metric's layout");
    out->count_ = s.count;
    out->min_ = s.min;
    out->max_ = s.max;
    out->sum_ = s.sum;
    out->mean_ = s.mean;
    out->m2_ = s.m2;
    out->out_of_range_ = s.out_of_range;
    return out;
}

std::optional<double> metric_set::benchmark_duration_s() const {
    return p_->duration_sec();
}

void metric_set::set_benchmark_duration(std::optional<double> seconds) {
    p_->duration_override_s = seconds;
}

std::string metric_set::save_state() const {
    const impl& p = *p_;
    std::string out;
    json_writer w(out);
    w.begin_object();
    w.key("records").begin_object();
    for (const metric_info& m : all_metrics()) {
        const auto i = static_cast<std::size_t>(m.id);
        if (m.kind != metric_kind::record || i >= p.summaries.size() || !p.summaries[i]) continue;
        w.key(m.tag);
        write_summary(w, *p.summaries[i]);
    }
    w.end_object();
    w.key("counters").begin_object();
    w.key("ok_count").value(p.ok_count);
    w.key("error_count").value(p.error_count);
    w.key("osl_estimated_count").value(p.osl_estimated_count);
    w.key("total_isl").value(p.total_isl);
    w.key("total_osl").value(p.total_osl);
    w.key("total_output").value(p.total_output);
    w.key("total_reasoning").value(p.total_reasoning);
    w.key("has_isl").value(p.has_isl);
    w.key("has_osl").value(p.has_osl);
    w.key("has_output").value(p.has_output);
    w.key("has_reasoning").value(p.has_reasoning);
    w.key("good_count").value(p.good_count);
    w.key("usage_totals").begin_array();
    for (std::int64_t t : p.usage_totals)
        w.value(t);
    w.end_array();
    w.key("has_usage").begin_array();
    for (bool b : p.has_usage)
        w.value(b);
    w.end_array();
    w.key("total_error_isl").value(p.total_error_isl);
    w.key("has_error_isl").value(p.has_error_isl);
    w.key("usage_discrepancy_count").value(p.usage_discrepancy_count);
    w.key("has_usage_diff").value(p.has_usage_diff);
    w.key("osl_mismatch_count").value(p.osl_mismatch_count);
    w.key("has_osl_request").value(p.has_osl_request);
    w.end_object();
    w.key("options");
    metric_set_state::write_options(w, p.configured, p.options);
    w.key("min_request_ns");
    write_optional(w, p.min_request_ns);
    w.key("max_response_ns");
    write_optional(w, p.max_response_ns);
    w.key("duration_override_s");
    if (p.duration_override_s) {
        w.value(*p.duration_override_s);
    } else {
        w.null();
    }
    w.key("sends").begin_object();
    w.key("sent").value(p.sends.sent);
    w.key("first_write_ns").value(static_cast<std::int64_t>(p.sends.first_write_ns));
    w.key("last_write_ns").value(static_cast<std::int64_t>(p.sends.last_write_ns));
    w.key("intended").value(p.sends.intended);
    w.key("first_intended_ns").value(static_cast<std::int64_t>(p.sends.first_intended_ns));
    w.key("last_intended_ns").value(static_cast<std::int64_t>(p.sends.last_intended_ns));
    w.end_object();
    w.key("errors");
    metric_set_state::write_errors(w, p.errors);
    w.key("urls");
    metric_set_state::write_urls(w, p.urls);
    w.end_object();
    return out;
}

result<metric_set> metric_set::load_state(std::string_view json) {
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(json).get(doc); e)
        return make_error(std::string("metric state is not JSON: ") + simdjson::error_message(e));
    metric_set set;
    impl& p = *set.p_;
    object records;
    if (doc["records"].get(records)) return make_error("metric state without \"records\"");
    for (auto [key, value] : records) {
        std::optional<metric_id> id;
        for (const metric_info& m : all_metrics())
            if (m.kind == metric_kind::record && key == m.tag) id = m.id;
        if (!id || static_cast<std::size_t>(*id) >= p.summaries.size())
            return make_error("unknown record metric '" + std::string(key) +
                              "' (written by another version of ringperf?)");
        auto s = metric_set_state::read_summary(value, key);
        if (!s) return s.err();
        p.summaries[static_cast<std::size_t>(*id)] = std::move(*s);
    }
    element counters;
    if (doc["counters"].get(counters)) return make_error("metric state without \"counters\"");
    reader rd;
    if (!rd.get(counters, "ok_count", p.ok_count) ||
        !rd.get(counters, "error_count", p.error_count) ||
        !rd.get(counters, "osl_estimated_count", p.osl_estimated_count) ||
        !rd.get(counters, "total_isl", p.total_isl) ||
        !rd.get(counters, "total_osl", p.total_osl) ||
        !rd.get(counters, "total_output", p.total_output) ||
        !rd.get(counters, "total_reasoning", p.total_reasoning) ||
        !rd.get(counters, "has_isl", p.has_isl) || !rd.get(counters, "has_osl", p.has_osl) ||
        !rd.get(counters, "has_output", p.has_output) ||
        !rd.get(counters, "has_reasoning", p.has_reasoning) ||
        !rd.get(counters, "good_count", p.good_count) ||
        !rd.get(counters, "total_error_isl", p.total_error_isl) ||
        !rd.get(counters, "has_error_isl", p.has_error_isl) ||
        !rd.get(counters, "usage_discrepancy_count", p.usage_discrepancy_count) ||
        !rd.get(counters, "has_usage_diff", p.has_usage_diff) ||
        !rd.get(counters, "osl_mismatch_count", p.osl_mismatch_count) ||
        !rd.get(counters, "has_osl_request", p.has_osl_request))
        return make_error(rd.error);
    if (auto r = metric_set_state::read_usage(counters, p.usage_totals, p.has_usage); !r)
        return r.err();
    element options;
    if (doc["options"].get(options)) return make_error("metric state without \"options\"");
    if (auto r = metric_set_state::read_options(options, p.configured, p.options); !r)
        return r.err();
    element sends, urls, errors;
    std::int64_t t[4] = {};
    if (!rd.get_optional(doc, "min_request_ns", p.min_request_ns) ||
        !rd.get_optional(doc, "max_response_ns", p.max_response_ns) ||
        !rd.get(doc, "sends", sends) || !rd.get(sends, "sent", p.sends.sent) ||
        !rd.get(sends, "first_write_ns", t[0]) || !rd.get(sends, "last_write_ns", t[1]) ||
        !rd.get(sends, "intended", p.sends.intended) || !rd.get(sends, "first_intended_ns", t[2]) ||
        !rd.get(sends, "last_intended_ns", t[3]) || !rd.get(doc, "errors", errors) ||
        !rd.get(doc, "urls", urls))
        return make_error(rd.error);
    p.sends.first_write_ns = t[0];
    p.sends.last_write_ns = t[1];
    p.sends.first_intended_ns = t[2];
    p.sends.last_intended_ns = t[3];
    auto dur = doc["duration_override_s"];
    if (dur.error()) return make_error("metric state without \"duration_override_s\"");
    if (!dur.is_null()) {
        double d = 0;
        if (!rd.get_double(doc, "duration_override_s", d)) return make_error(rd.error);
        p.duration_override_s = d;
    }
    if (auto r = metric_set_state::read_errors(errors, p.errors); !r) return r.err();
    if (auto r = metric_set_state::read_urls(urls, p.urls); !r) return r.err();
    return set;
}

}  // namespace ringperf::metrics
