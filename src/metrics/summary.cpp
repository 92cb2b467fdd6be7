#include "ringperf/metrics/summary.h"

#include <algorithm>
#include <utility>

#include "error_groups.h"
#include "metric_set_impl.h"
#include "record_fields.h"
#include "ringperf/metrics/goodput.h"
#include "url_breakdown.h"

namespace ringperf::metrics {
namespace {

constexpr double ns_per_sec = 1e9;
constexpr double ns_per_ms = 1e6;
constexpr double replay_degraded_p99_ns = 500 * ns_per_ms;

std::size_t usage_slot(metric_id id) {
    return static_cast<std::size_t>(id) - static_cast<std::size_t>(metric_id::usage_prompt_tokens);
}

std::optional<double> rate_per_s(std::uint64_t n, mono_ns first, mono_ns last) {
    if (n < 2 || last <= first) return std::nullopt;
    return static_cast<double>(n - 1) * ns_per_sec / static_cast<double>(last - first);
}

}  // namespace

std::optional<double> send_accounting::achieved_rate_per_s() const {
    return rate_per_s(sent, first_write_ns, last_write_ns);
}

std::optional<double> send_accounting::scheduled_rate_per_s() const {
    return rate_per_s(intended, first_intended_ns, last_intended_ns);
}

void send_accounting::merge(const send_accounting& o) {
    if (o.sent > 0) {
        first_write_ns = sent > 0 ? std::min(first_write_ns, o.first_write_ns) : o.first_write_ns;
        last_write_ns = sent > 0 ? std::max(last_write_ns, o.last_write_ns) : o.last_write_ns;
        sent += o.sent;
    }
    if (o.intended > 0) {
        first_intended_ns =
            intended > 0 ? std::min(first_intended_ns, o.first_intended_ns) : o.first_intended_ns;
        last_intended_ns =
            intended > 0 ? std::max(last_intended_ns, o.last_intended_ns) : o.last_intended_ns;
        intended += o.intended;
    }
}

void metric_set::impl::add_success(const record_values& v) {
    ++ok_count;
    if (v.osl_estimated) ++osl_estimated_count;
    for (const fields::int_field& f : fields::success_ints) {
        if (const std::optional<std::int64_t>& x = v.*f.member)
            at(f.id).record(static_cast<double>(*x));
    }
    for (const fields::double_field& f : fields::success_doubles) {
        if (const std::optional<double>& x = v.*f.member) at(f.id).record(*x);
    }
    if (v.http_trace) {
        const auto http = static_cast<std::size_t>(metric_id::http_req_blocked);
        for (std::size_t i = 0; i < std::size(fields::http_members); ++i)
            at(static_cast<metric_id>(http + i))
                .record(static_cast<double>((*v.http_trace).*fields::http_members[i]));
    }
    add_extras(v);
    if (!v.inter_chunk_latency_ns.empty()) {
        summary& icl = at(metric_id::inter_chunk_latency);
        for (std::int64_t gap : v.inter_chunk_latency_ns)
            icl.record(static_cast<double>(gap));
    }
    if (v.input_sequence_length) {
        total_isl += *v.input_sequence_length;
        has_isl = true;
    }
    if (v.output_sequence_length) {
        total_osl += *v.output_sequence_length;
        has_osl = true;
    }
    if (v.output_token_count) {
        total_output += *v.output_token_count;
        has_output = true;
    }
    if (v.reasoning_token_count) {
        total_reasoning += *v.reasoning_token_count;
        has_reasoning = true;
    }
}

void metric_set::impl::add_extras(const record_values& v) {
    if (!options.goodput.empty() && is_good(v, options.goodput)) ++good_count;
    for (std::size_t i = 0; i < usage_metric_count; ++i) {
        if (const std::optional<std::int64_t>& u = v.*fields::usage_members[i]) {
            // Through a double, as the totals were always summed (exact below 2^53).
            usage_totals[i] += static_cast<std::int64_t>(static_cast<double>(*u));
            has_usage[i] = true;
        }
    }
    if (v.usage_prompt_tokens_diff_pct || v.usage_completion_tokens_diff_pct ||
        v.usage_reasoning_tokens_diff_pct)
        has_usage_diff = true;
    if (v.usage_discrepancy) ++usage_discrepancy_count;
    if (v.osl_mismatch_diff_pct) has_osl_request = true;
    if (v.osl_mismatch) ++osl_mismatch_count;
}

void metric_set::impl::merge_extras(const impl& o) {
    if (!configured && o.configured) {
        options = o.options;
        configured = true;
    }
    good_count += o.good_count;
    for (std::size_t i = 0; i < usage_metric_count; ++i) {
        usage_totals[i] += o.usage_totals[i];
        has_usage[i] = has_usage[i] || o.has_usage[i];
    }
    total_error_isl += o.total_error_isl;
    has_error_isl = has_error_isl || o.has_error_isl;
    usage_discrepancy_count += o.usage_discrepancy_count;
    has_usage_diff = has_usage_diff || o.has_usage_diff;
    osl_mismatch_count += o.osl_mismatch_count;
    has_osl_request = has_osl_request || o.has_osl_request;
}

metric_set::metric_set() : p_(std::make_unique<impl>()) {}
metric_set::metric_set(const metric_options& o) : p_(std::make_unique<impl>()) {
    p_->options = o;
    p_->configured = true;
}
metric_set::~metric_set() = default;
metric_set::metric_set(metric_set&&) noexcept = default;
metric_set& metric_set::operator=(metric_set&&) noexcept = default;

// Send accounting: a request counts as sent once its write started, whatever its outcome.
void metric_set::impl::note_send(const request_record& r) {
    const send_lags lags = compute_send_lags(r);
    record(metric_id::send_lag, lags.send_lag_ns);
    record(metric_id::schedule_lag, lags.schedule_lag_ns);
    if (r.t_write_start == 0) return;
    send_accounting one;
    one.sent = 1;
    one.first_write_ns = one.last_write_ns = r.t_write_start;
    if (r.t_intended != 0) {
        one.intended = 1;
        one.first_intended_ns = one.last_intended_ns = r.t_intended;
    }
    sends.merge(one);
}

url_breakdown::totals metric_set::impl::url_totals() const {
    const auto& latency = summaries[static_cast<std::size_t>(metric_id::request_latency)];
    const auto& ttft = summaries[static_cast<std::size_t>(metric_id::time_to_first_token)];
    return {ok_count, error_count, latency ? &*latency : nullptr, ttft ? &*ttft : nullptr};
}

void metric_set::add(const request_record& r, const record_values& v, const wall_clock_map& clock) {
    if (r.phase != benchmark_phase::profiling) return;
    p_->urls.add(r.url_index, r.ok(), v, p_->url_totals());
    if (r.t_start != 0) p_->note_start(clock.to_wall(r.t_start));
    if (r.t_end != 0) p_->note_end(clock.to_wall(r.t_end));
    p_->note_send(r);
    if (r.ok()) {
        p_->add_success(v);
        return;
    }
    ++p_->error_count;
    p_->errors.add(r.error_code, r.error_type, r.error_message, r.error, 1);
    if (v.error_isl) {
        p_->record(metric_id::error_isl, v.error_isl);
        p_->total_error_isl += *v.error_isl;
        p_->has_error_isl = true;
    }
}

void metric_set::merge(const metric_set& other) {
    const impl& o = *other.p_;
    p_->urls.merge(o.urls, p_->url_totals(), o.url_totals());
    for (std::size_t i = 0; i < record_metric_count; ++i) {
        if (!o.summaries[i]) continue;
        std::optional<summary>& mine = p_->summaries[i];
        if (mine) {
            mine->merge(*o.summaries[i]);
        } else {
            mine = o.summaries[i];
        }
    }
    p_->ok_count += o.ok_count;
    p_->error_count += o.error_count;
    p_->osl_estimated_count += o.osl_estimated_count;
    p_->total_isl += o.total_isl;
    p_->total_osl += o.total_osl;
    p_->total_output += o.total_output;
    p_->total_reasoning += o.total_reasoning;
    p_->has_isl = p_->has_isl || o.has_isl;
    p_->has_osl = p_->has_osl || o.has_osl;
    p_->has_output = p_->has_output || o.has_output;
    p_->has_reasoning = p_->has_reasoning || o.has_reasoning;
    if (o.min_request_ns) p_->note_start(*o.min_request_ns);
    if (o.max_response_ns) p_->note_end(*o.max_response_ns);
    p_->errors.merge(o.errors);
    p_->sends.merge(o.sends);
    p_->merge_extras(o);
}

std::uint64_t metric_set::request_count() const {
    return p_->ok_count;
}

std::uint64_t metric_set::error_count() const {
    return p_->error_count;
}

std::uint64_t metric_set::osl_estimated_count() const {
    return p_->osl_estimated_count;
}

std::uint64_t metric_set::out_of_range_count() const {
    std::uint64_t n = 0;
    for (const auto& s : p_->summaries) {
        if (s) n += s->out_of_range_count();
    }
    return n;
}

std::optional<wall_ns> metric_set::min_request_timestamp_ns() const {
    return p_->min_request_ns;
}

std::optional<wall_ns> metric_set::max_response_timestamp_ns() const {
    return p_->max_response_ns;
}

const summary* metric_set::find_summary(metric_id id) const {
    if (!is_record_metric(id)) return nullptr;
    const std::optional<summary>& s = p_->summaries[static_cast<std::size_t>(id)];
    return s && s->count() > 0 ? &*s : nullptr;
}

const send_accounting& metric_set::sends() const {
    return p_->sends;
}

std::vector<url_result> metric_set::url_results() const {
    return p_->urls.results();
}

std::optional<double> metric_set::impl::duration_sec() const {
    if (duration_override_s) return duration_override_s;
    if (!min_request_ns || !max_response_ns) return std::nullopt;
    return static_cast<double>(*max_response_ns - *min_request_ns) / ns_per_sec;
}

// Sets `out.value` for a single-valued metric; false when it has no value in this set.
bool metric_set::impl::fill(metric_id id, metric_result& out) const {
    const std::optional<double> duration = duration_sec();
    const bool positive_duration = duration && *duration > 0;
    switch (id) {
        case metric_id::request_count:
            out.value = static_cast<double>(ok_count);
            return true;
        case metric_id::error_request_count:
            out.value = static_cast<double>(error_count);
            return error_count > 0;
        case metric_id::min_request_timestamp:
            out.value = static_cast<double>(min_request_ns.value_or(0));
            return min_request_ns.has_value();
        case metric_id::max_response_timestamp:
            out.value = static_cast<double>(max_response_ns.value_or(0));
            return max_response_ns.has_value();
        case metric_id::benchmark_duration:
            out.value = duration.value_or(0);
            return duration.has_value();
        case metric_id::request_throughput:
            if (!positive_duration) return false;
            out.value = static_cast<double>(ok_count) / *duration;
            return true;
        case metric_id::output_token_throughput:
            if (!positive_duration || !has_osl) return false;
            out.value = static_cast<double>(total_osl) / *duration;
            return true;
        case metric_id::total_input_sequence_length:
            out.value = static_cast<double>(total_isl);
            return has_isl;
        case metric_id::total_output_sequence_length:
            out.value = static_cast<double>(total_osl);
            return has_osl;
        case metric_id::total_output_tokens:
            out.value = static_cast<double>(total_output);
            return has_output;
        case metric_id::total_reasoning_tokens:
            out.value = static_cast<double>(total_reasoning);
            return has_reasoning;
        case metric_id::total_token_throughput:
            if (!positive_duration || !(has_isl || has_osl)) return false;
            out.value = static_cast<double>(total_isl + total_osl) / *duration;
            return true;
        case metric_id::goodput:
            if (options.goodput.empty() || !positive_duration) return false;
            out.value = static_cast<double>(good_count) / *duration;
            return true;
        default:
            return fill_extra(id, out);
    }
}

// Percentile p of the schedule lag minus its minimum (the least-late request), in ms.
std::optional<double> metric_set::impl::replay_lag_ms(double p) const {
    const auto& lag = summaries[static_cast<std::size_t>(metric_id::schedule_lag)];
    if (!options.fixed_schedule || !lag || lag->count() == 0) return std::nullopt;
    return (lag->percentile(p) - lag->min()) / ns_per_ms;
}

bool metric_set::impl::fill_extra(metric_id id, metric_result& out) const {
    using enum metric_id;
    if (id >= total_usage_prompt_tokens && id <= total_usage_rejected_prediction_tokens) {
        const std::size_t i =
            static_cast<std::size_t>(id) - static_cast<std::size_t>(total_usage_prompt_tokens);
        out.value = static_cast<double>(usage_totals[i]);
        return has_usage[i];
    }
    std::optional<double> v;
    switch (id) {
        case good_request_count:
            if (!options.goodput.empty()) v = static_cast<double>(good_count);
            break;
        case good_request_fraction:
            if (!options.goodput.empty() && ok_count + error_count > 0)
                v = static_cast<double>(good_count) / static_cast<double>(ok_count + error_count);
            break;
        case total_error_isl:
            if (has_error_isl) v = static_cast<double>(this->total_error_isl);
            break;
        case overall_usage_prompt_cache_read_pct: {
            const std::size_t read = usage_slot(usage_prompt_cache_read_tokens);
            const std::size_t prompt = usage_slot(usage_prompt_tokens);
            if (has_usage[read] && usage_totals[prompt] > 0)
                v = static_cast<double>(usage_totals[read]) /
                    static_cast<double>(usage_totals[prompt]) * 100.0;
            break;
        }
        case usage_discrepancy_count:
            if (has_usage_diff) v = static_cast<double>(this->usage_discrepancy_count);
            break;
        case osl_mismatch_count:
            if (has_osl_request) v = static_cast<double>(this->osl_mismatch_count);
            break;
        case network_rtt:
            if (options.network_rtt_ns)
                v = static_cast<double>(*options.network_rtt_ns) / ns_per_ms;
            break;
        case replay_sched_lag_p50:
            v = replay_lag_ms(50);
            break;
        case replay_sched_lag_p90:
            v = replay_lag_ms(90);
            break;
        case replay_sched_lag_p99:
            v = replay_lag_ms(99);
            break;
        case replay_sched_degraded:
            if (const auto p99 = replay_lag_ms(99))
                v = *p99 * ns_per_ms > replay_degraded_p99_ns ? 1.0 : 0.0;
            break;
        default:
            break;
    }
    if (!v) return false;
    out.value = *v;
    return true;
}

std::vector<metric_result> metric_set::summarize() const {
    std::vector<metric_result> out;
    for (metric_id id : catalogue_order()) {
        metric_result m;
        m.info = &info(id);
        if (is_record_metric(id)) {
            const summary* s = find_summary(id);
            if (s == nullptr) continue;
            m.has_stats = true;
            m.s = s->compute(m.info->display_divisor);
        } else if (!p_->fill(id, m)) {
            continue;
        }
        out.push_back(m);
    }
    return out;
}

std::vector<error_summary_entry> metric_set::error_summary() const {
    return p_->errors.entries();
}

std::uint64_t metric_set::osl_mismatch_count() const {
    return p_->osl_mismatch_count;
}

const metric_options& metric_set::options() const {
    return p_->options;
}

}  // namespace ringperf::metrics
