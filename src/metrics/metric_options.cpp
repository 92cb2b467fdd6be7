#include <charconv>
#include <cmath>
#include <cstdlib>

#include "ringperf/metrics/goodput.h"

namespace ringperf::metrics {
namespace {

bool goodput_capable(const metric_info& m) {
    return is_record_metric(m.id) && (m.flags & (flag::list_valued | flag::error_only)) == 0;
}

std::optional<double> parse_number(std::string_view text) {
    double v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
    return v;
}

result<goodput_slo> parse_item(std::string_view item) {
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos)
        return make_error("goodput item '" + std::string(item) +
                          "' is not tag:value; valid tags: " + goodput_tags());
    const std::string_view tag = item.substr(0, colon);
    const metric_info* m = find_metric(tag);
    if (m == nullptr)
        return make_error("unknown goodput metric '" + std::string(tag) +
                          "'; valid tags: " + goodput_tags());
    if (!goodput_capable(*m))
        return make_error("goodput metric '" + std::string(tag) +
                          "' is not a per-request metric with one value per request; valid "
                          "tags: " +
                          goodput_tags());
    const auto value = parse_number(item.substr(colon + 1));
    if (!value)
        return make_error("goodput threshold of '" + std::string(tag) + "' is not a number: '" +
                          std::string(item.substr(colon + 1)) + "'");
    return goodput_slo{m->id, *value * m->display_divisor};
}

}  // namespace

std::string goodput_tags() {
    std::string out;
    for (const metric_info& m : all_metrics()) {
        if (!goodput_capable(m)) continue;
        if (!out.empty()) out += ", ";
        out += m.tag;
    }
    return out;
}

result<std::vector<goodput_slo>> parse_goodput(std::string_view text) {
    std::vector<goodput_slo> out;
    constexpr std::string_view separators = " \t\n,";
    std::size_t i = 0;
    while (i < text.size()) {
        i = text.find_first_not_of(separators, i);
        if (i == std::string_view::npos) break;
        const std::size_t end = std::min(text.find_first_of(separators, i), text.size());
        auto slo = parse_item(text.substr(i, end - i));
        if (!slo) return slo.err();
        out.push_back(*slo);
        i = end;
    }
    return out;
}

bool is_good(const record_values& v, std::span<const goodput_slo> slos) {
    for (const goodput_slo& slo : slos) {
        const std::optional<double> value = record_value(v, slo.id);
        if (!value) return false;
        const bool larger = (info(slo.id).flags & flag::larger_is_better) != 0;
        if (larger ? *value < slo.threshold : *value > slo.threshold) return false;
    }
    return true;
}

result<osl_mismatch_thresholds> osl_mismatch_thresholds_from_env(
    const char* (*getenv)(const char*)) {
    osl_mismatch_thresholds t;
    const std::pair<const char*, double*> vars[] = {
        {"AIPERF_METRICS_OSL_MISMATCH_PCT_THRESHOLD", &t.pct},
        {"AIPERF_METRICS_OSL_MISMATCH_MAX_TOKEN_THRESHOLD", &t.max_tokens},
    };
    for (const auto& [name, slot] : vars) {
        const char* text = getenv(name);
        if (text == nullptr || *text == '\0') continue;
        const auto v = parse_number(text);
        if (!v || *v < 0)
            return make_error(std::string(name) + ": expected a number >= 0, got '" + text + "'");
        *slot = *v;
    }
    return t;
}

result<metric_options> make_metric_options(std::string_view goodput,
                                           std::optional<double> network_rtt_ms, bool http_trace,
                                           const char* (*getenv)(const char*)) {
    metric_options o;
    auto slos = parse_goodput(goodput);
    if (!slos) return make_error("--goodput: " + slos.message());
    o.goodput = std::move(*slos);
    auto thresholds = osl_mismatch_thresholds_from_env(getenv);
    if (!thresholds) return thresholds.err();
    o.osl_mismatch = *thresholds;
    if (network_rtt_ms) o.network_rtt_ns = std::llround(*network_rtt_ms * 1e6);
    o.http_trace = http_trace;
    return o;
}

}  // namespace ringperf::metrics
