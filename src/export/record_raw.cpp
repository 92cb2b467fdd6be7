#include "ringperf/export/record_raw.h"

#include <strings.h>

#include <algorithm>
#include <utility>

#include "ringperf/base/json_writer.h"
#include "ringperf/export/record_jsonl.h"
#include "ringperf/export/record_spool.h"

namespace ringperf::exporter {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// "Name: value" lines separated by `eol` into a JSON object; credentials are redacted.
// Lines without a colon (the request line) are skipped.
void append_header_object(std::string& out, std::string_view block, std::string_view eol) {
    out += '{';
    bool first = true;
    while (!block.empty()) {
        const auto end = block.find(eol);
        const std::string_view line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view() : block.substr(end + eol.size());
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (!first) out += ',';
        first = false;
        json_append_string(out, name);
        out += ':';
        const bool secret = iequals(name, "authorization") || iequals(name, "x-api-key");
        json_append_string(out, secret ? std::string_view("<redacted>") : value);
    }
    out += '}';
}

// The body verbatim when it is a JSON object or array (its line breaks, which valid JSON
// has only between tokens, become spaces so the line stays one line), else a JSON string.
void append_payload(std::string& out, std::string_view body) {
    const std::string_view t = trim(body);
    if (t.empty()) {
        out += "null";
        return;
    }
    if (t.front() != '{' && t.front() != '[') {
        json_append_string(out, body);
        return;
    }
    const std::size_t at = out.size();
    out.append(t);
    for (std::size_t i = at; i < out.size(); ++i)
        if (out[i] == '\n' || out[i] == '\r') out[i] = ' ';
}

void append_id_or_null(std::string& out, const char (&id)[36]) {
    if (id[0] == '\0') {
        out += "null";
        return;
    }
    json_append_string(out, std::string_view(id, sizeof id));
}

void append_responses(std::string& out, const metrics::raw_exchange& raw) {
    out += '[';
    for (std::size_t i = 0; i < raw.messages.size(); ++i) {
        const auto& m = raw.messages[i];
        if (i > 0) out += ',';
        out += "{\"perf_ns\":";
        append_json_int(out, m.perf_ns);
        const std::string_view texts(raw.texts);
        if (m.type_len > 0) {
            out += ",\"event\":";
            json_append_string(out, texts.substr(m.offset, m.type_len));
        }
        out += ",\"text\":";
        json_append_string(out, texts.substr(m.offset + m.type_len, m.data_len));
        out += '}';
    }
    out += ']';
}

}  // namespace

void append_raw_jsonl(std::string& out, const metrics::request_record& r,
                      const wall_clock_map& clock) {
    const auto& raw = r.raw;
    out += "{\"metadata\":";
    append_record_metadata(out, r, clock);
    out += ",\"start_perf_ns\":";
    append_json_int(out, r.t_start);
    const std::string_view request(raw.request);
    out += ",\"payload\":";
    append_payload(out,
                   request.substr(std::min<std::size_t>(raw.request_head_len, request.size())));
    out += ",\"request_headers\":";
    if (raw.request_head_len == 0) {
        out += "null";
    } else {
        append_header_object(out, request.substr(0, raw.request_head_len), "\r\n");
    }
    out += ",\"status\":";
    if (r.status != 0) {
        append_json_int(out, r.status);
    } else {
        out += "null";
    }
    out += ",\"response_headers\":";
    if (r.status == 0) {
        out += "null";
    } else {
        append_header_object(out, raw.response_head, "\n");
    }
    out += ",\"responses\":";
    append_responses(out, raw);
    out += ",\"error\":";
    append_record_error(out, r);
    if (raw.dropped_messages > 0) {
        out += ",\"responses_truncated\":{\"dropped_responses\":";
        append_json_int(out, raw.dropped_messages);
        out += ",\"dropped_bytes\":";
        append_json_int(out, static_cast<std::int64_t>(raw.dropped_bytes));
        out += '}';
    }
    out += "}\n";
}

void append_output_entry(std::string& out, const metrics::request_record& r) {
    out += "{\"session_num\":";
    append_json_int(out, static_cast<std::int64_t>(r.index));
    out += ",\"x_request_id\":";
    append_id_or_null(out, r.x_request_id);
    out += ",\"x_correlation_id\":";
    append_id_or_null(out, r.x_correlation_id);
    out += ",\"turn_index\":";
    append_json_int(out, r.turn_index);
    out += ",\"benchmark_phase\":";
    json_append_string(out, metrics::benchmark_phase_name(r.phase));
    out += ",\"output_text\":";
    json_append_string(out, r.output_text);
    out += ",\"reasoning_text\":";
    json_append_string(out, r.reasoning_text);
    out += ",\"error\":";
    append_record_error(out, r);
    out += "},\n";
}

result<void> finalize_outputs_json(std::span<const std::string> spool_paths,
                                   const std::string& final_path) {
    // Every entry ends in ",\n"; the last one's is replaced by the closing tail.
    return record_spool::finalize(spool_paths, final_path,
                                  {.head = "{\"outputs\":[\n", .tail = "\n]}\n", .trim_last = 2});
}

void append_trace_data(std::string& line, const metrics::request_record& r,
                       const wall_clock_map& clock) {
    if (line.size() < 2 || line.compare(line.size() - 2, 2, "}\n") != 0) return;
    line.resize(line.size() - 2);
    line += ",\"trace_data\":{";
    const std::pair<const char*, mono_ns> times[] = {{"\"start_ns\":", r.t_start},
                                                     {",\"connected_ns\":", r.t_connected},
                                                     {",\"write_start_ns\":", r.t_write_start},
                                                     {",\"write_end_ns\":", r.t_write_end},
                                                     {",\"first_byte_ns\":", r.t_first_byte},
                                                     {",\"headers_ns\":", r.t_headers},
                                                     {",\"end_ns\":", r.t_end}};
    for (const auto& [key, t] : times) {
        line += key;
        append_json_epoch_or_null(line, t, clock);
    }
    line += ",\"bytes_sent\":";
    append_json_int(line, static_cast<std::int64_t>(r.bytes_sent));
    line += ",\"bytes_received\":";
    append_json_int(line, static_cast<std::int64_t>(r.bytes_received));
    line += ",\"chunks_sent\":";
    append_json_int(line, r.chunks_sent);
    line += ",\"chunks_received\":";
    append_json_int(line, r.chunks_received);
    line += ",\"connection_reused\":";
    line += r.connection_reused ? "true" : "false";
    line += "}}\n";
}

}  // namespace ringperf::exporter
