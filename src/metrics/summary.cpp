#include "ringperf/metrics/summary.h"

#include <algorithm>
#include <utility>

#include "error_groups.h"

namespace ringperf::metrics {
namespace {

// Record metrics are the first ids of the catalogue, so their summaries are indexed by id.
constexpr std::size_t record_metric_count =
    static_cast<std::size_t>(metric_id::input_sequence_length) + 1;

constexpr bool is_record_metric(metric_id id) {
    return static_cast<std::size_t>(id) < record_metric_count;
}

constexpr double ns_per_sec = 1e9;

void compute_streamed(const request_record& r, record_values& v) {
    const std::vector<mono_ns>& c = r.content_ns;
    if (!c.empty()) v.time_to_first_token_ns = c[0] - r.t_start;
    if (c.size() >= 2) v.time_to_second_token_ns = c[1] - c[0];
    if (r.first_output_index >= 0 && static_cast<std::size_t>(r.first_output_index) < c.size()) {
        v.time_to_first_output_token_ns =
            c[static_cast<std::size_t>(r.first_output_index)] - r.t_start;
    }
    if (c.size() >= 2) {
        v.inter_chunk_latency_ns.reserve(c.size() - 1);
        for (std::size_t i = 1; i < c.size(); ++i)
            v.inter_chunk_latency_ns.push_back(c[i] - c[i - 1]);
    }
    const auto osl = v.output_sequence_length;
    if (v.time_to_first_token_ns && osl && *osl >= 2) {
        const auto decode_ns =
            static_cast<double>(*v.request_latency_ns - *v.time_to_first_token_ns);
        const double itl = decode_ns / static_cast<double>(*osl - 1);
        v.inter_token_latency_ns = itl;
        if (itl > 0) v.output_token_throughput_per_user = ns_per_sec / itl;
    }
}

}  // namespace

record_values compute_record_values(const request_record& r) {
    record_values v;
    if (!r.ok()) return v;
    const std::vector<mono_ns>& c = r.content_ns;
    v.request_latency_ns = (c.empty() ? r.t_end : c.back()) - r.t_start;
    if (r.usage.completion_tokens >= 0) {
        v.output_sequence_length = r.usage.completion_tokens;
    } else if (r.streaming) {
        v.output_sequence_length = static_cast<std::int64_t>(c.size());
        v.osl_estimated = true;
    }
    if (r.usage.prompt_tokens >= 0) {
        v.input_sequence_length = r.usage.prompt_tokens;
    } else if (r.input_tokens >= 0) {
        v.input_sequence_length = r.input_tokens;
    }
    if (r.streaming) compute_streamed(r, v);
    return v;
}

struct metric_set::impl {
    std::array<std::optional<summary>, record_metric_count> summaries;
    std::uint64_t ok_count = 0;
    std::uint64_t error_count = 0;
    std::uint64_t osl_estimated_count = 0;
    std::int64_t total_isl = 0;
    std::int64_t total_osl = 0;
    bool has_isl = false;
    bool has_osl = false;
    std::optional<wall_ns> min_request_ns;
    std::optional<wall_ns> max_response_ns;
    error_groups errors;

    // Histograms are created on a metric's first value: a non-streamed run never pays for
    // the streaming metrics' counters.
    summary& at(metric_id id) {
        std::optional<summary>& s = summaries[static_cast<std::size_t>(id)];
        if (!s) s.emplace(summary::create(layout_for(id)).value());
        return *s;
    }
    template <typename T>
    void record(metric_id id, const std::optional<T>& value) {
        if (value) at(id).record(static_cast<double>(*value));
    }
    void note_start(wall_ns t) {
        if (!min_request_ns || t < *min_request_ns) min_request_ns = t;
    }
    void note_end(wall_ns t) {
        if (!max_response_ns || t > *max_response_ns) max_response_ns = t;
    }
    void add_success(const record_values& v);
    std::optional<double> duration_sec() const;
    bool fill(metric_id id, metric_result& out) const;
};

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
}

metric_set::metric_set() : p_(std::make_unique<impl>()) {}
metric_set::~metric_set() = default;
metric_set::metric_set(metric_set&&) noexcept = default;
metric_set& metric_set::operator=(metric_set&&) noexcept = default;

void metric_set::add(const request_record& r, const record_values& v, const wall_clock_map& clock) {
    if (r.phase != benchmark_phase::profiling) return;
    if (r.t_start != 0) p_->note_start(clock.to_wall(r.t_start));
    if (r.t_end != 0) p_->note_end(clock.to_wall(r.t_end));
    if (r.ok()) {
        p_->add_success(v);
        return;
    }
    ++p_->error_count;
    p_->errors.add(r.error_code, r.error_type, r.error_message, r.error, 1);
}

void metric_set::merge(const metric_set& other) {
    const impl& o = *other.p_;
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
    p_->has_isl = p_->has_isl || o.has_isl;
    p_->has_osl = p_->has_osl || o.has_osl;
    if (o.min_request_ns) p_->note_start(*o.min_request_ns);
    if (o.max_response_ns) p_->note_end(*o.max_response_ns);
    p_->errors.merge(o.errors);
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

std::optional<double> metric_set::impl::duration_sec() const {
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
