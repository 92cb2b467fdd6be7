#include "ringperf/export/record_jsonl.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <type_traits>
#include <vector>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/format.h"

namespace ringperf::exporter {

// Numbers are formatted into stack buffers: this runs per request on the worker thread.
void append_json_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, p);
}

void append_json_epoch_or_null(std::string& out, mono_ns t, const wall_clock_map& clock) {
    if (t == 0) {
        out += "null";
        return;
    }
    append_json_int(out, clock.to_wall(t));
}

namespace {

using metrics::metric_id;
using metrics::metric_info;

// As Python's json writes the float ("5.0", "1e-06").
void append_float(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[python_float_max_chars];
    out.append(buf, write_python_float(buf, v));
}

constexpr std::int64_t pow10[] = {1,      10,      100,      1000,      10000,
                                  100000, 1000000, 10000000, 100000000, 1000000000};

// The exact decimal text of v / 10^k ("255.880123", "5.0", "-0.5"), built from integers:
// several times faster than formatting the double. It parses back to the same double as
// v / 10^k, and is Python's text for it whenever v has at most 15 significant digits
// (every such decimal round-trips through a double, so it is the shortest form).
void append_scaled(std::string& out, std::int64_t v, int k) {
    const std::uint64_t mag =
        v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    const auto scale = static_cast<std::uint64_t>(pow10[k]);
    char buf[48];
    char* p = buf;
    if (v < 0) *p++ = '-';
    p = std::to_chars(p, buf + sizeof buf, mag / scale).ptr;
    *p++ = '.';
    std::uint64_t frac = mag % scale;
    int digits = k;
    while (digits > 1 && frac % 10 == 0) {
        frac /= 10;
        --digits;
    }
    for (int i = digits - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    p += digits > 0 ? digits : 0;
    if (k == 0) *p++ = '0';
    out.append(buf, p);
}

// A base-unit integer in display units. Below 1e-4 Python switches to exponent notation
// ("1e-06"); such values take the double path to read the same.
void append_display(std::string& out, std::int64_t v, int k, double divisor) {
    const bool tiny = k > 4 && v != 0 && v > -pow10[k - 4] && v < pow10[k - 4];
    if (k >= 0 && !tiny) {
        append_scaled(out, v, k);
    } else {
        append_float(out, static_cast<double>(v) / divisor);
    }
}

void append_uuid_or_null(std::string& out, const char (&id)[36]) {
    if (id[0] == '\0') {
        out += "null";
        return;
    }
    json_append_string(out, std::string_view(id, sizeof id));
}

const char* phase_name(metrics::benchmark_phase p) {
    return p == metrics::benchmark_phase::warmup ? "warmup" : "profiling";
}

// Opens `"tag":{"value":` for a metric the table writes; false when it is not written.
bool open_metric(std::string& out, bool& first, const metric_info* m) {
    if (m == nullptr) return false;
    if (!first) out += ',';
    first = false;
    json_append_string(out, m->tag);
    out += ":{\"value\":";
    return true;
}

void close_metric(std::string& out, const metric_info* m) {
    out += ",\"unit\":";
    json_append_string(out, m->display_unit);
    out += '}';
}

// A value measured in base units; integral values shown in their base unit stay integers.
template <typename T>
void metric(std::string& out, bool& first, const record_metric_table& t, metric_id id,
            const std::optional<T>& v) {
    const metric_info* m = t.find(id);
    if (!v || !open_metric(out, first, m)) return;
    if constexpr (std::is_integral_v<T>) {
        const int k = t.divisor_exponent(id);
        if (k == 0) {
            append_json_int(out, *v);
        } else {
            append_display(out, *v, k, m->display_divisor);
        }
    } else {
        append_float(out, static_cast<double>(*v) / m->display_divisor);
    }
    close_metric(out, m);
}

void list_metric(std::string& out, bool& first, const record_metric_table& t, metric_id id,
                 const std::vector<std::int64_t>& values) {
    const metric_info* m = t.find(id);
    if (values.empty() || !open_metric(out, first, m)) return;
    const int k = t.divisor_exponent(id);
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        append_display(out, values[i], k, m->display_divisor);
    }
    out += ']';
    close_metric(out, m);
}

void append_metadata(std::string& out, const metrics::request_record& r,
                     const wall_clock_map& clock, std::string_view conversation_id) {
    out += "{\"session_num\":";
    append_json_int(out, static_cast<std::int64_t>(r.index));
    out += ",\"x_request_id\":";
    append_uuid_or_null(out, r.x_request_id);
    out += ",\"x_correlation_id\":";
    append_uuid_or_null(out, r.x_correlation_id);
    out += ",\"conversation_id\":";
    if (!conversation_id.empty()) {
        json_append_string(out, conversation_id);
    } else {
        out += '"';
        append_json_int(out, r.conversation);
        out += '"';
    }
    out += ",\"turn_index\":";
    append_json_int(out, r.turn_index);
    out += ",\"request_start_ns\":";
    append_json_epoch_or_null(out, r.t_start, clock);
    out += ",\"request_ack_ns\":";
    append_json_epoch_or_null(out, r.t_headers, clock);
    out += ",\"request_end_ns\":";
    append_json_epoch_or_null(out, r.t_end, clock);
    for (const char* key : {",\"worker_id\":\"worker_", ",\"record_processor_id\":\"worker_"}) {
        out += key;
        append_json_int(out, r.worker_id);
        out += '"';
    }
    out += ",\"benchmark_phase\":\"";
    out += phase_name(r.phase);
    out += "\",\"was_cancelled\":";
    out += r.was_cancelled ? "true" : "false";
    out += ",\"cancellation_time_ns\":";
    append_json_epoch_or_null(out, r.was_cancelled ? r.cancel_ns : 0, clock);
    out += '}';
}

void append_http_trace(std::string& out, bool& first, const metrics::http_trace_values& h,
                       const record_metric_table& t) {
    const std::int64_t values[] = {
        h.blocked_ns,  h.dns_lookup_ns,  h.connecting_ns, h.sending_ns,
        h.waiting_ns,  h.receiving_ns,   h.duration_ns,   h.connection_overhead_ns,
        h.total_ns,    h.data_sent,      h.data_received, h.connection_reused,
        h.chunks_sent, h.chunks_received};
    const auto base = static_cast<std::size_t>(metric_id::http_req_blocked);
    for (std::size_t i = 0; i < std::size(values); ++i)
        metric(out, first, t, static_cast<metric_id>(base + i),
               std::optional<std::int64_t>(values[i]));
}

// The catalogue's record metrics after the lags, in catalogue (metric_id) order.
void append_catalogue_extras(std::string& out, bool& first, const metrics::record_values& v,
                             const record_metric_table& t) {
    metric(out, first, t, metric_id::decode_duration, v.decode_duration_ns);
    metric(out, first, t, metric_id::full_response_inter_token_latency,
           v.full_response_inter_token_latency_ns);
    metric(out, first, t, metric_id::prefill_throughput_per_user, v.prefill_throughput_per_user);
    metric(out, first, t, metric_id::e2e_output_token_throughput, v.e2e_output_token_throughput);
    const std::optional<std::int64_t>* usage[] = {&v.usage_prompt_tokens,
                                                  &v.usage_completion_tokens,
                                                  &v.usage_total_tokens,
                                                  &v.usage_reasoning_tokens,
                                                  &v.usage_prompt_cache_read_tokens,
                                                  &v.usage_prompt_cache_write_tokens,
                                                  &v.usage_prompt_cache_miss_tokens,
                                                  &v.usage_prompt_audio_tokens,
                                                  &v.usage_completion_audio_tokens,
                                                  &v.usage_accepted_prediction_tokens,
                                                  &v.usage_rejected_prediction_tokens};
    const auto usage_base = static_cast<std::size_t>(metric_id::usage_prompt_tokens);
    for (std::size_t i = 0; i < std::size(usage); ++i)
        metric(out, first, t, static_cast<metric_id>(usage_base + i), *usage[i]);
    metric(out, first, t, metric_id::usage_prompt_tokens_diff_pct, v.usage_prompt_tokens_diff_pct);
    metric(out, first, t, metric_id::usage_completion_tokens_diff_pct,
           v.usage_completion_tokens_diff_pct);
    metric(out, first, t, metric_id::usage_reasoning_tokens_diff_pct,
           v.usage_reasoning_tokens_diff_pct);
    metric(out, first, t, metric_id::osl_mismatch_diff_pct, v.osl_mismatch_diff_pct);
    metric(out, first, t, metric_id::error_isl, v.error_isl);
    metric(out, first, t, metric_id::network_adjusted_request_latency,
           v.network_adjusted_request_latency_ns);
    metric(out, first, t, metric_id::network_adjusted_time_to_first_token,
           v.network_adjusted_time_to_first_token_ns);
    metric(out, first, t, metric_id::network_adjusted_time_to_first_output_token,
           v.network_adjusted_time_to_first_output_token_ns);
    if (v.http_trace) append_http_trace(out, first, *v.http_trace, t);
}

void append_metrics(std::string& out, const metrics::record_values& v,
                    const record_metric_table& t) {
    bool first = true;
    out += '{';
    metric(out, first, t, metric_id::time_to_first_token, v.time_to_first_token_ns);
    metric(out, first, t, metric_id::time_to_first_token_from_intended,
           v.time_to_first_token_from_intended_ns);
    metric(out, first, t, metric_id::time_to_second_token, v.time_to_second_token_ns);
    metric(out, first, t, metric_id::time_to_first_output_token, v.time_to_first_output_token_ns);
    metric(out, first, t, metric_id::request_latency, v.request_latency_ns);
    metric(out, first, t, metric_id::request_latency_from_intended,
           v.request_latency_from_intended_ns);
    metric(out, first, t, metric_id::inter_token_latency, v.inter_token_latency_ns);
    list_metric(out, first, t, metric_id::inter_chunk_latency, v.inter_chunk_latency_ns);
    metric(out, first, t, metric_id::output_token_throughput_per_user,
           v.output_token_throughput_per_user);
    metric(out, first, t, metric_id::output_sequence_length, v.output_sequence_length);
    metric(out, first, t, metric_id::input_sequence_length, v.input_sequence_length);
    metric(out, first, t, metric_id::output_token_count, v.output_token_count);
    metric(out, first, t, metric_id::reasoning_token_count, v.reasoning_token_count);
    metric(out, first, t, metric_id::send_lag, v.send_lag_ns);
    metric(out, first, t, metric_id::schedule_lag, v.schedule_lag_ns);
    append_catalogue_extras(out, first, v, t);
    out += '}';
}

void append_error(std::string& out, const metrics::request_record& r) {
    if (r.ok()) {
        out += "null";
        return;
    }
    out += "{\"code\":";
    if (r.error_code != 0) {
        append_json_int(out, r.error_code);
    } else {
        out += "null";
    }
    out += ",\"type\":";
    if (!r.error_type.empty()) {
        json_append_string(out, r.error_type);
    } else {
        out += "null";
    }
    out += ",\"message\":";
    json_append_string(out, r.error_message);
    out += '}';
}

}  // namespace

void append_record_metadata(std::string& out, const metrics::request_record& r,
                            const wall_clock_map& clock, std::string_view conversation_id) {
    append_metadata(out, r, clock, conversation_id);
}

void append_record_error(std::string& out, const metrics::request_record& r) {
    append_error(out, r);
}

record_metric_table::record_metric_table(std::span<const metric_info> catalogue) {
    exponent_.fill(-1);
    for (const auto& m : catalogue) {
        const auto i = static_cast<std::size_t>(m.id);
        if (i >= by_id_.size() || (m.flags & metrics::flag::no_individual_records) != 0) continue;
        by_id_[i] = &m;
        double scale = 1;
        for (int k = 0; k <= 9; ++k, scale *= 10) {
            if (m.display_divisor == scale) exponent_[i] = k;
        }
    }
}

void append_record_jsonl(std::string& out, const metrics::request_record& r,
                         const metrics::record_values& v, const wall_clock_map& clock,
                         const record_metric_table& table, std::string_view conversation_id) {
    out += "{\"metadata\":";
    append_metadata(out, r, clock, conversation_id);
    out += ",\"metrics\":";
    append_metrics(out, v, table);
    out += ",\"error\":";
    append_error(out, r);
    out += "}\n";
}

}  // namespace ringperf::exporter
