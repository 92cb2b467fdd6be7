#include "ringperf/metrics/summary.h"

#include <algorithm>
#include <utility>

#include "error_groups.h"
#include "metric_set_impl.h"
#include "url_breakdown.h"

namespace ringperf::metrics {
namespace {

constexpr bool is_record_metric(metric_id id) {
    return static_cast<std::size_t>(id) < record_metric_count;
}

constexpr double ns_per_sec = 1e9;

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
    record(metric_id::time_to_first_token, v.time_to_first_token_ns);
    record(metric_id::time_to_second_token, v.time_to_second_token_ns);
    record(metric_id::time_to_first_output_token, v.time_to_first_output_token_ns);
    record(metric_id::request_latency, v.request_latency_ns);
    record(metric_id::inter_token_latency, v.inter_token_latency_ns);
    record(metric_id::output_token_throughput_per_user, v.output_token_throughput_per_user);
    record(metric_id::output_sequence_length, v.output_sequence_length);
    record(metric_id::input_sequence_length, v.input_sequence_length);
    record(metric_id::output_token_count, v.output_token_count);
    record(metric_id::reasoning_token_count, v.reasoning_token_count);
    record(metric_id::time_to_first_token_from_intended, v.time_to_first_token_from_intended_ns);
    record(metric_id::request_latency_from_intended, v.request_latency_from_intended_ns);
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

metric_set::metric_set() : p_(std::make_unique<impl>()) {}
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
        default:
            return false;
    }
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

}  // namespace ringperf::metrics
