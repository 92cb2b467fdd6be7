// profile_export.jsonl: one JSON object per request, in AIPerf's MetricRecordInfo shape:
//
//   {"metadata":{"session_num":..,"x_request_id":..,"x_correlation_id":..,
//     "conversation_id":..,"turn_index":..,"request_start_ns":..,"request_ack_ns":..,
//     "request_end_ns":..,"worker_id":"worker_<n>","record_processor_id":"worker_<n>",
//     "benchmark_phase":"profiling"|"warmup","was_cancelled":..,"cancellation_time_ns":..},
//    "metrics":{"<tag>":{"value":<v>,"unit":"<display unit>"},...},
//    "error":null|{"code":..,"type":..,"message":..}}
//
// Runs once per finished request, on the thread that writes that worker's records (a
// counting thread): it appends into a caller-owned string (reuse it; it allocates only to grow),
// uses no iostreams and cannot fail. The text is built in a stack buffer and appended in
// pieces of up to 2 KiB.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ringperf/base/clock.h"
#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::exporter {

// Which record metrics the JSONL carries, with their tags and display units; built once
// per run from the catalogue. Holds pointers into `catalogue`, which must outlive it
// (metrics::all_metrics() is static). Read-only after construction: share it freely
// between threads.
class record_metric_table {
  public:
    // Metrics absent from `catalogue` or flagged no_individual_records are never written.
    explicit record_metric_table(std::span<const metrics::metric_info> catalogue);
    // nullptr when the metric is not written.
    const metrics::metric_info* find(metrics::metric_id id) const {
        return by_id_[static_cast<std::size_t>(id)];
    }
    // k when the metric's display_divisor is exactly 10^k (0..9), else -1.
    int divisor_exponent(metrics::metric_id id) const {
        return exponent_[static_cast<std::size_t>(id)];
    }
    // The JSON text around a written metric's value, escaped once here rather than per
    // request: `,"<tag>":{"value":` and `,"unit":"<display unit>"}` (json_append_string's
    // escaping). Empty when the metric is not written. Valid as long as the table.
    std::string_view value_prefix(metrics::metric_id id) const { return text(prefix_[index(id)]); }
    std::string_view unit_suffix(metrics::metric_id id) const { return text(suffix_[index(id)]); }

  private:
    struct span_of_text {
        std::uint32_t at = 0, size = 0;
    };
    static std::size_t index(metrics::metric_id id) { return static_cast<std::size_t>(id); }
    std::string_view text(span_of_text t) const { return {text_.data() + t.at, t.size}; }

    std::array<const metrics::metric_info*, metrics::metric_count> by_id_{};
    std::array<int, metrics::metric_count> exponent_{};
    std::string text_;  // every prefix and suffix, back to back
    std::array<span_of_text, metrics::metric_count> prefix_{}, suffix_{};
};

// Appends one line (ending in '\n') for `r` to `out`.
//
// metadata: session_num = r.index; x_request_id / x_correlation_id = the record's UUID
// text (null when unset); conversation_id = `conversation_id` when non-empty, else the
// dataset entry index r.conversation in decimal ("17") — pass the id inputs.json uses
// when there is one; request_start_ns / request_ack_ns / request_end_ns = t_start /
// t_headers / t_end mapped to epoch ns through `clock` (null when 0); worker_id and
// record_processor_id = "worker_<r.worker_id>" (each worker's records have one writer);
// cancellation_time_ns = epoch ns of r.cancel_ns when cancelled, else null.
//
// metrics: the values present in `v`, divided by each metric's display_divisor (ns ->
// ms), written as Python writes the float (shortest round-trip text, "5.0" for integral
// values); token counts stay integers; inter_chunk_latency is a list. Pass an empty
// record_values for a failed request: its line carries no metrics (send lag included), as
// AIPerf's failed records carry none; the summary still counts its send lag.
//
// error: null when r.ok(), else {"code": r.error_code (null when 0), "type": r.error_type
// (null when empty), "message": r.error_message}.
void append_record_jsonl(std::string& out, const metrics::request_record& r,
                         const metrics::record_values& v, const wall_clock_map& clock,
                         const record_metric_table& table, std::string_view conversation_id = {});

// append_record_jsonl's "metadata" object and "error" value alone, for the other
// per-request files (profile_export_raw.jsonl, outputs.json).
void append_record_metadata(std::string& out, const metrics::request_record& r,
                            const wall_clock_map& clock, std::string_view conversation_id = {});
void append_record_error(std::string& out, const metrics::request_record& r);

// `v` in decimal, formatted on the stack (no allocation beyond `out`'s growth).
void append_json_int(std::string& out, std::int64_t v);
// The epoch ns of monotonic `t` through `clock`, or null when `t` is 0.
void append_json_epoch_or_null(std::string& out, mono_ns t, const wall_clock_map& clock);

}  // namespace ringperf::exporter
