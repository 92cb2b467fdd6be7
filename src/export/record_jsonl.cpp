#include "ringperf/export/record_jsonl.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <type_traits>
#include <vector>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/format.h"

namespace ringperf::exporter {

namespace {

using metrics::metric_id;
using metrics::metric_info;

// Whether json_append_string would escape a byte of `s`: control characters, '"', '\\' and
// DEL. Eight bytes at a time (the ids are 36).
bool needs_escape(std::string_view s) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        // A byte below 0x20 (bytes of 0x80 and above never need escaping), or one of the
        // three: each test is exact for the word as a whole.
        const bool below_space = ((w - 0x20 * ones) & ~w & highs) != 0;
        if (below_space || has_zero(w ^ ('"' * ones)) || has_zero(w ^ ('\\' * ones)) ||
            has_zero(w ^ (0x7f * ones)))
            return true;
    }
    for (; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) return true;
    }
    return false;
}

// A line is about a hundred small pieces; appended to the std::string one by one, each is an
// out-of-line call with its own capacity check. They go into this stack buffer instead, through
// a pointer, and reach the string in a few large appends.
class line_buffer {
  public:
    static constexpr std::size_t capacity = 2048;

    explicit line_buffer(std::string& out) noexcept : out_(out) {}
    line_buffer(const line_buffer&) = delete;
    line_buffer& operator=(const line_buffer&) = delete;

    // Where up to `n` (<= capacity) bytes may be written; then commit() their end.
    char* room(std::size_t n) {
        if (static_cast<std::size_t>(buf_ + capacity - p_) < n) flush();
        return p_;
    }
    void commit(char* end) noexcept { p_ = end; }

    void put(char c) {
        char* p = room(1);
        *p = c;
        p_ = p + 1;
    }
    void put(std::string_view s) {
        if (s.size() > capacity) {
            flush();
            out_.append(s);
            return;
        }
        char* p = room(s.size());
        std::memcpy(p, s.data(), s.size());
        p_ = p + s.size();
    }
    // A string literal: its length is a constant, so the copy is a few moves.
    template <std::size_t N>
    void lit(const char (&s)[N]) {
        put(std::string_view(s, N - 1));
    }
    void integer(std::int64_t v) {
        char* p = room(20);
        commit(std::to_chars(p, p + 20, v).ptr);
    }
    // json_append_string's text; strings that need no escaping are copied directly.
    void json_string(std::string_view s) {
        if (s.size() + 2 > capacity || needs_escape(s)) {
            flush();
            json_append_string(out_, s);
            return;
        }
        char* p = room(s.size() + 2);
        *p++ = '"';
        std::memcpy(p, s.data(), s.size());
        p += s.size();
        *p++ = '"';
        p_ = p;
    }
    void flush() {
        out_.append(buf_, static_cast<std::size_t>(p_ - buf_));
        p_ = buf_;
    }

  private:
    std::string& out_;
    char buf_[capacity];
    char* p_ = buf_;
};

void put_epoch_or_null(line_buffer& b, mono_ns t, const wall_clock_map& clock) {
    if (t == 0) {
        b.lit("null");
        return;
    }
    b.integer(clock.to_wall(t));
}

// As Python's json writes the float ("5.0", "1e-06").
void put_float(line_buffer& b, double v) {
    if (!std::isfinite(v)) {
        b.lit("null");
        return;
    }
    char* p = b.room(python_float_max_chars);
    b.commit(p + write_python_float(p, v));
}

constexpr std::int64_t pow10[] = {1,      10,      100,      1000,      10000,
                                  100000, 1000000, 10000000, 100000000, 1000000000};

// The exact decimal text of v / 10^k ("255.880123", "5.0", "-0.5"), built from integers:
// several times faster than formatting the double. It parses back to the same double as
// v / 10^k, and is Python's text for it whenever v has at most 15 significant digits
// (every such decimal round-trips through a double, so it is the shortest form).
void put_scaled(line_buffer& b, std::int64_t v, int k) {
    const std::uint64_t mag =
        v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    const auto scale = static_cast<std::uint64_t>(pow10[k]);
    char* const start = b.room(48);
    char* p = start;
    if (v < 0) *p++ = '-';
    p = std::to_chars(p, start + 48, mag / scale).ptr;
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
    b.commit(p);
}

// A base-unit integer in display units. Below 1e-4 Python switches to exponent notation
// ("1e-06"); such values take the double path to read the same.
void put_display(line_buffer& b, std::int64_t v, int k, double divisor) {
    const bool tiny = k > 4 && v != 0 && v > -pow10[k - 4] && v < pow10[k - 4];
    if (k >= 0 && !tiny) {
        put_scaled(b, v, k);
    } else {
        put_float(b, static_cast<double>(v) / divisor);
    }
}

void put_uuid_or_null(line_buffer& b, const char (&id)[36]) {
    if (id[0] == '\0') {
        b.lit("null");
        return;
    }
    b.json_string(std::string_view(id, sizeof id));
}

// Opens `"tag":{"value":` for a metric the table writes; false when it is not written.
bool open_metric(line_buffer& b, bool& first, const record_metric_table& t, metric_id id) {
    if (t.find(id) == nullptr) return false;
    const std::string_view prefix = t.value_prefix(id);
    b.put(first ? prefix.substr(1) : prefix);
    first = false;
    return true;
}

// A value measured in base units; integral values shown in their base unit stay integers.
template <typename T>
void metric(line_buffer& b, bool& first, const record_metric_table& t, metric_id id,
            const std::optional<T>& v) {
    if (!v || !open_metric(b, first, t, id)) return;
    if constexpr (std::is_integral_v<T>) {
        const int k = t.divisor_exponent(id);
        if (k == 0) {
            b.integer(*v);
        } else {
            put_display(b, *v, k, t.find(id)->display_divisor);
        }
    } else {
        put_float(b, static_cast<double>(*v) / t.find(id)->display_divisor);
    }
    b.put(t.unit_suffix(id));
}

void list_metric(line_buffer& b, bool& first, const record_metric_table& t, metric_id id,
                 const std::vector<std::int64_t>& values) {
    if (values.empty() || !open_metric(b, first, t, id)) return;
    const int k = t.divisor_exponent(id);
    const double divisor = t.find(id)->display_divisor;
    b.put('[');
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) b.put(',');
        put_display(b, values[i], k, divisor);
    }
    b.put(']');
    b.put(t.unit_suffix(id));
}

const char* phase_name(metrics::benchmark_phase p) {
    return p == metrics::benchmark_phase::warmup ? "warmup" : "profiling";
}

void put_metadata(line_buffer& b, const metrics::request_record& r, const wall_clock_map& clock,
                  std::string_view conversation_id) {
    b.lit("{\"session_num\":");
    b.integer(static_cast<std::int64_t>(r.index));
    b.lit(",\"x_request_id\":");
    put_uuid_or_null(b, r.x_request_id);
    b.lit(",\"x_correlation_id\":");
    put_uuid_or_null(b, r.x_correlation_id);
    b.lit(",\"conversation_id\":");
    if (!conversation_id.empty()) {
        b.json_string(conversation_id);
    } else {
        b.put('"');
        b.integer(r.conversation);
        b.put('"');
    }
    b.lit(",\"turn_index\":");
    b.integer(r.turn_index);
    b.lit(",\"request_start_ns\":");
    put_epoch_or_null(b, r.t_start, clock);
    b.lit(",\"request_ack_ns\":");
    put_epoch_or_null(b, r.t_headers, clock);
    b.lit(",\"request_end_ns\":");
    put_epoch_or_null(b, r.t_end, clock);
    b.lit(",\"worker_id\":\"worker_");
    b.integer(r.worker_id);
    b.lit("\",\"record_processor_id\":\"worker_");
    b.integer(r.worker_id);
    b.lit("\",\"benchmark_phase\":\"");
    b.put(phase_name(r.phase));
    if (r.was_cancelled) {
        b.lit("\",\"was_cancelled\":true,\"cancellation_time_ns\":");
        put_epoch_or_null(b, r.cancel_ns, clock);
    } else {
        b.lit("\",\"was_cancelled\":false,\"cancellation_time_ns\":null");
    }
    b.put('}');
}

void put_http_trace(line_buffer& b, bool& first, const metrics::http_trace_values& h,
                    const record_metric_table& t) {
    const std::int64_t values[] = {
        h.blocked_ns,  h.dns_lookup_ns,  h.connecting_ns, h.sending_ns,
        h.waiting_ns,  h.receiving_ns,   h.duration_ns,   h.connection_overhead_ns,
        h.total_ns,    h.data_sent,      h.data_received, h.connection_reused,
        h.chunks_sent, h.chunks_received};
    const auto base = static_cast<std::size_t>(metric_id::http_req_blocked);
    for (std::size_t i = 0; i < std::size(values); ++i)
        metric(b, first, t, static_cast<metric_id>(base + i),
               std::optional<std::int64_t>(values[i]));
}

// The catalogue's record metrics after the lags, in catalogue (metric_id) order.
void put_catalogue_extras(line_buffer& b, bool& first, const metrics::record_values& v,
                          const record_metric_table& t) {
    metric(b, first, t, metric_id::decode_duration, v.decode_duration_ns);
    metric(b, first, t, metric_id::full_response_inter_token_latency,
           v.full_response_inter_token_latency_ns);
    metric(b, first, t, metric_id::prefill_throughput_per_user, v.prefill_throughput_per_user);
    metric(b, first, t, metric_id::e2e_output_token_throughput, v.e2e_output_token_throughput);
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
        metric(b, first, t, static_cast<metric_id>(usage_base + i), *usage[i]);
    metric(b, first, t, metric_id::usage_prompt_tokens_diff_pct, v.usage_prompt_tokens_diff_pct);
    metric(b, first, t, metric_id::usage_completion_tokens_diff_pct,
           v.usage_completion_tokens_diff_pct);
    metric(b, first, t, metric_id::usage_reasoning_tokens_diff_pct,
           v.usage_reasoning_tokens_diff_pct);
    metric(b, first, t, metric_id::osl_mismatch_diff_pct, v.osl_mismatch_diff_pct);
    metric(b, first, t, metric_id::error_isl, v.error_isl);
    metric(b, first, t, metric_id::network_adjusted_request_latency,
           v.network_adjusted_request_latency_ns);
    metric(b, first, t, metric_id::network_adjusted_time_to_first_token,
           v.network_adjusted_time_to_first_token_ns);
    metric(b, first, t, metric_id::network_adjusted_time_to_first_output_token,
           v.network_adjusted_time_to_first_output_token_ns);
    if (v.http_trace) put_http_trace(b, first, *v.http_trace, t);
}

void put_metrics(line_buffer& b, const metrics::record_values& v, const record_metric_table& t) {
    bool first = true;
    b.put('{');
    metric(b, first, t, metric_id::time_to_first_token, v.time_to_first_token_ns);
    metric(b, first, t, metric_id::time_to_first_token_from_intended,
           v.time_to_first_token_from_intended_ns);
    metric(b, first, t, metric_id::time_to_second_token, v.time_to_second_token_ns);
    metric(b, first, t, metric_id::time_to_first_output_token, v.time_to_first_output_token_ns);
    metric(b, first, t, metric_id::request_latency, v.request_latency_ns);
    metric(b, first, t, metric_id::request_latency_from_intended,
           v.request_latency_from_intended_ns);
    metric(b, first, t, metric_id::inter_token_latency, v.inter_token_latency_ns);
    list_metric(b, first, t, metric_id::inter_chunk_latency, v.inter_chunk_latency_ns);
    metric(b, first, t, metric_id::output_token_throughput_per_user,
           v.output_token_throughput_per_user);
    metric(b, first, t, metric_id::output_sequence_length, v.output_sequence_length);
    metric(b, first, t, metric_id::input_sequence_length, v.input_sequence_length);
    metric(b, first, t, metric_id::output_token_count, v.output_token_count);
    metric(b, first, t, metric_id::reasoning_token_count, v.reasoning_token_count);
    metric(b, first, t, metric_id::send_lag, v.send_lag_ns);
    metric(b, first, t, metric_id::schedule_lag, v.schedule_lag_ns);
    put_catalogue_extras(b, first, v, t);
    b.put('}');
}

void put_error(line_buffer& b, const metrics::request_record& r) {
    if (r.ok()) {
        b.lit("null");
        return;
    }
    b.lit("{\"code\":");
    if (r.error_code != 0) {
        b.integer(r.error_code);
    } else {
        b.lit("null");
    }
    b.lit(",\"type\":");
    if (!r.error_type.empty()) {
        b.json_string(r.error_type);
    } else {
        b.lit("null");
    }
    b.lit(",\"message\":");
    b.json_string(r.error_message);
    b.put('}');
}

// `,"<tag>":{"value":` and `,"unit":"<unit>"}`, escaped as json_append_string escapes.
std::string value_prefix_of(const metric_info& m) {
    std::string out(1, ',');
    json_append_string(out, m.tag);
    out.append(":{\"value\":");
    return out;
}

std::string unit_suffix_of(const metric_info& m) {
    std::string out(",\"unit\":");
    json_append_string(out, m.display_unit);
    out.push_back('}');
    return out;
}

}  // namespace

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

void append_record_metadata(std::string& out, const metrics::request_record& r,
                            const wall_clock_map& clock, std::string_view conversation_id) {
    line_buffer b(out);
    put_metadata(b, r, clock, conversation_id);
    b.flush();
}

void append_record_error(std::string& out, const metrics::request_record& r) {
    line_buffer b(out);
    put_error(b, r);
    b.flush();
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
        const std::string prefix = value_prefix_of(m);
        const std::string suffix = unit_suffix_of(m);
        prefix_[i] = {static_cast<std::uint32_t>(text_.size()),
                      static_cast<std::uint32_t>(prefix.size())};
        text_ += prefix;
        suffix_[i] = {static_cast<std::uint32_t>(text_.size()),
                      static_cast<std::uint32_t>(suffix.size())};
        text_ += suffix;
    }
}

void append_record_jsonl(std::string& out, const metrics::request_record& r,
                         const metrics::record_values& v, const wall_clock_map& clock,
                         const record_metric_table& table, std::string_view conversation_id) {
    line_buffer b(out);
    b.lit("{\"metadata\":");
    put_metadata(b, r, clock, conversation_id);
    b.lit(",\"metrics\":");
    put_metrics(b, v, table);
    b.lit(",\"error\":");
    put_error(b, r);
    b.lit("}\n");
    b.flush();
}

}  // namespace ringperf::exporter
