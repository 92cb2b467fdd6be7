// The per-request files beyond profile_export.jsonl, written from the same records on the
// counting threads through per-worker spools (record_spool.h):
//
// profile_export_raw.jsonl (--export-level raw), one line per request, AIPerf's
// RawRecordInfo shape:
//   {"metadata":{...as profile_export.jsonl...},
//    "start_perf_ns":<t_start, CLOCK_MONOTONIC ns>,
//    "payload":<the request body, verbatim JSON>,
//    "request_headers":{"Name":"value",...},   Authorization and X-Api-Key: "<redacted>"
//    "status":<HTTP status>|null,
//    "response_headers":{"name":"value",...}|null,
//    "responses":[{"perf_ns":<mono ns>,"text":"<SSE data>"},...],
//    "error":null|{"code":..,"type":..,"message":..}}
// plus "responses_truncated":{"dropped_responses":n,"dropped_bytes":b} when the capture cap
// was reached. A streamed response has one entry per SSE event as received: "text" is the
// event's data (several data lines joined with "\n"), and an event with an `event:` field
// also has "event":"<type>". A non-streamed (or error) response has one entry, the whole body,
// at the time the response completed.
//
// outputs.json (--export-outputs-json or --export-level raw):
//   {"outputs":[{"session_num":..,"x_request_id":..,"x_correlation_id":..,"turn_index":..,
//     "benchmark_phase":..,"output_text":"..","reasoning_text":"..","error":null|{...}},...]}
// one entry per request in the order of profile_export.jsonl.
//
// The append functions run per request on a counting thread: they append to a caller-owned
// string (reused: no allocation once grown), use no iostreams and cannot fail.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "ringperf/base/clock.h"
#include "ringperf/base/result.h"
#include "ringperf/metrics/record.h"

namespace ringperf::exporter {

// One profile_export_raw.jsonl line (ending in '\n') for `r`, whose raw exchange the engine
// captured (engine::run_spec::keep_raw); a record without one has null payload and headers.
void append_raw_jsonl(std::string& out, const metrics::request_record& r,
                      const wall_clock_map& clock);

// One outputs.json entry for `r` as a spool line: the object followed by ",\n".
// finalize_outputs_json() turns the spools into the file.
void append_output_entry(std::string& out, const metrics::request_record& r);

// Joins the spools of append_output_entry() lines, in order, into `final_path` as
// {"outputs":[...]} (through a temporary file renamed over it), then removes the spools.
// A missing spool is an error naming it; on error the spools are kept.
result<void> finalize_outputs_json(std::span<const std::string> spool_paths,
                                   const std::string& final_path);

// profile_export.jsonl with --export-http-trace: inserts
//   ,"trace_data":{"start_ns":..,"connected_ns":..,"write_start_ns":..,"write_end_ns":..,
//     "first_byte_ns":..,"headers_ns":..,"end_ns":..,"bytes_sent":..,"bytes_received":..,
//     "chunks_sent":..,"chunks_received":..,"connection_reused":..}
// before the closing brace of the record line `line` ends with ("}\n"). The *_ns fields are
// epoch ns through `clock` (null when the phase was not reached).
void append_trace_data(std::string& line, const metrics::request_record& r,
                       const wall_clock_map& clock);

}  // namespace ringperf::exporter
