// The options of `ringperf profile`: AIPerf's flag names and aliases first, then ringperf's
// own engine options. Row order is the order of --help and of the dumps. The [endpoint],
// [engine] and [output] rows are here; rows.h names the files of the others.
#include <algorithm>
#include <bit>
#include <charconv>

#include "fields.h"
#include "ringperf/http/url.h"
#include "ringperf/net/source.h"
#include "ringperf/ring/probe.h"
#include "rows.h"

namespace ringperf::config {

namespace {

using detail::get_in;
using detail::set_in;
using R = run_plan;
namespace api = ringperf::api;
namespace en = ringperf::engine;
namespace ex = ringperf::exporter;

std::string check_url(std::string_view item) {
    auto u = http::parse_url(item);
    return u ? std::string() : u.message();
}

// The shape of --goodput only ("tag:number" items); the tags are checked against the metric
// catalogue when the run starts (metrics::parse_goodput).
std::string check_goodput(std::string_view text) {
    constexpr std::string_view separators = " \t\n,";
    for (std::size_t i = text.find_first_not_of(separators); i != std::string_view::npos;
         i = text.find_first_not_of(separators, i)) {
        const std::size_t end = std::min(text.find_first_of(separators, i), text.size());
        const std::string_view item = text.substr(i, end - i);
        const std::size_t colon = item.find(':');
        double number = 0;
        const char* last = item.data() + item.size();
        if (colon == 0 || colon == std::string_view::npos ||
            std::from_chars(item.data() + colon + 1, last, number).ptr != last ||
            colon + 1 == item.size()) {
            std::string why(1, '\'');  // appended piecewise: g++ 12 misreads "lit" + string
            why.append(item).append("' is not tag:value (e.g. request_latency:250)");
            return why;
        }
        i = end;
    }
    return {};
}

bool power_of_two(const value& v) {
    return v.integer > 0 && std::has_single_bit(static_cast<std::uint64_t>(v.integer));
}

void set_type(R& p, value&& v) {
    p.endpoint.type =
        v.text == "completions" ? api::endpoint_type::completions : api::endpoint_type::chat;
}
std::optional<value> get_type(const R& p) {
    return detail::load(
        std::string(p.endpoint.type == api::endpoint_type::completions ? "completions" : "chat"));
}

void set_artifact_dir(R& p, value&& v) {
    p.output.artifact_dir = std::move(v.text);
    p.output.artifact_dir_explicit = true;
}
// A default directory stays implicit: dumped and loaded again, the run still gets its
// per-run subdirectory.
std::optional<value> get_artifact_dir(const R& p) {
    if (!p.output.artifact_dir_explicit) return std::nullopt;
    return detail::load(p.output.artifact_dir);
}

void set_ui(R& p, value&& v) {
    p.output.ui = v.text == "none" ? ex::ui_type::none : ex::ui_type::simple;
    p.output.ui_explicit = true;
}
std::optional<value> get_ui(const R& p) {
    if (!p.output.ui_explicit) return std::nullopt;
    return detail::load(std::string(p.output.ui == ex::ui_type::none ? "none" : "simple"));
}

void set_export_level(R& p, value&& v) {
    p.output.level = v.text == "summary" ? ex::export_level::summary
                     : v.text == "raw"   ? ex::export_level::raw
                                         : ex::export_level::records;
}
std::optional<value> get_export_level(const R& p) {
    return detail::load(std::string(p.output.level == ex::export_level::summary ? "summary"
                                    : p.output.level == ex::export_level::raw   ? "raw"
                                                                                : "records"));
}

detail::profile_rows endpoint_rows() {
    return {
        {{.key = "endpoint.models",
          .name = "model-names",
          .aliases = {"model"},
          .short_name = "m",
          .kind = value_kind::list,
          .group = "Endpoint",
          .metavar = "NAME",
          .help = "Model name(s) to benchmark; repeat the flag or give a comma list. The first "
                  "names the artifact directory.",
          .split_commas = true,
          .required = true},
         set_in<&R::endpoint, &api::endpoint_options::models>,
         get_in<&R::endpoint, &api::endpoint_options::models>},
        {{.key = "endpoint.type",
          .name = "endpoint-type",
          .kind = value_kind::choice,
          .group = "Endpoint",
          .metavar = "TYPE",
          .help = "API to call: chat (/v1/chat/completions) or completions (/v1/completions).",
          .choices = {{"chat", "chat"}, {"completions", "completions"}}},
         set_type,
         get_type},
        {{.key = "endpoint.custom_endpoint",
          .name = "custom-endpoint",
          .aliases = {"endpoint"},
          .kind = value_kind::text,
          .group = "Endpoint",
          .metavar = "PATH",
          .help = "URL path to call instead of the endpoint type's default, e.g. /v1/custom.",
          .default_note = "the endpoint type's path"},
         set_in<&R::endpoint, &api::endpoint_options::custom_endpoint>,
         get_in<&R::endpoint, &api::endpoint_options::custom_endpoint>},
        {{.key = "endpoint.streaming",
          .name = "streaming",
          .kind = value_kind::flag,
          .group = "Endpoint",
          .help = "Request a Server-Sent-Events stream (needed for TTFT and inter-token latency).",
          .negatable = true},
         set_in<&R::endpoint, &api::endpoint_options::streaming>,
         get_in<&R::endpoint, &api::endpoint_options::streaming>},
        {{.key = "endpoint.urls",
          .name = "url",
          .short_name = "u",
          .kind = value_kind::list,
          .group = "Endpoint",
          .metavar = "URL",
          .help = "Base URL of a server (http:// assumed without a scheme); repeat the flag "
                  "or give a comma list to spread the requests round-robin over several.",
          .split_commas = true,
          .check_item = check_url},
         set_in<&R::endpoint, &api::endpoint_options::urls>,
         get_in<&R::endpoint, &api::endpoint_options::urls>},
        {{.key = "endpoint.request_timeout_seconds",
          .name = "request-timeout-seconds",
          .kind = value_kind::number,
          .group = "Endpoint",
          .metavar = "SECONDS",
          .help = "A request still unfinished this long after it started fails as a timeout.",
          .min_number = 0,
          .min_exclusive = true},
         set_in<&R::engine, &en::engine_options::request_timeout_s>,
         get_in<&R::engine, &en::engine_options::request_timeout_s>},
        {{.key = "endpoint.api_key",
          .name = "api-key",
          .kind = value_kind::text,
          .group = "Endpoint",
          .metavar = "KEY",
          .help = "Sent as 'Authorization: Bearer KEY'. Never written to exports or dumps.",
          .secret = true,
          .default_note = "$OPENAI_API_KEY"},
         set_in<&R::endpoint, &api::endpoint_options::api_key>,
         get_in<&R::endpoint, &api::endpoint_options::api_key>},
        {{.key = "endpoint.headers",
          .name = "header",
          .short_name = "H",
          .kind = value_kind::pairs,
          .group = "Endpoint",
          .metavar = "NAME:VALUE",
          .help = "Extra HTTP header, 'Name:Value' or a JSON object of them; repeatable. "
                  "Authorization values are redacted in exports.",
          .pairs = pair_style::header},
         set_in<&R::endpoint, &api::endpoint_options::headers>,
         get_in<&R::endpoint, &api::endpoint_options::headers>},
        {{.key = "endpoint.extra_inputs",
          .name = "extra-inputs",
          .kind = value_kind::pairs,
          .group = "Endpoint",
          .metavar = "KEY:VALUE",
          .help = "Extra request body field, 'key:value' (the value is JSON when it parses as "
                  "JSON, e.g. ignore_eos:true, temperature:0.7, else a string) or a JSON "
                  "object; repeatable.",
          .pairs = pair_style::json},
         set_in<&R::endpoint, &api::endpoint_options::extra_inputs>,
         get_in<&R::endpoint, &api::endpoint_options::extra_inputs>},
        {{.key = "endpoint.use_legacy_max_tokens",
          .name = "use-legacy-max-tokens",
          .kind = value_kind::flag,
          .group = "Endpoint",
          .help = "Chat: send max_tokens instead of max_completion_tokens.",
          .negatable = true},
         set_in<&R::endpoint, &api::endpoint_options::use_legacy_max_tokens>,
         get_in<&R::endpoint, &api::endpoint_options::use_legacy_max_tokens>},
        {{.key = "endpoint.use_server_token_count",
          .name = "use-server-token-count",
          .kind = value_kind::flag,
          .group = "Endpoint",
          .help = "Take token counts from the response's usage (asks for it when streaming).",
          .negatable = true},
         set_in<&R::endpoint, &api::endpoint_options::use_server_token_count>,
         get_in<&R::endpoint, &api::endpoint_options::use_server_token_count>},
    };
}

std::string check_source_address(std::string_view item) {
    const std::vector<std::string> one{std::string(item)};
    auto r = net::parse_source_addresses(one);
    return r ? std::string() : r.message();
}

std::string check_port_range(std::string_view text) {
    if (text.empty()) return {};
    auto r = net::parse_port_range(text);
    return r ? std::string() : r.message();
}

std::string check_uring_feature(std::string_view item) {
    for (auto n : ring::switchable_features())
        if (n == item) return {};
    std::string known;
    for (auto n : ring::switchable_features())
        known += (known.empty() ? "" : ", ") + std::string(n);
    return "unknown io_uring feature '" + std::string(item) + "' (known: " + known + ")";
}

detail::profile_rows engine_rows() {
    return {
        {{.key = "engine.workers",
          .name = "workers",
          .kind = value_kind::integer,
          .group = "Engine",
          .metavar = "N",
          .help = "Worker threads, each with its own io_uring; 0 = one per online core.",
          .min_int = 0,
          .max_int = 4096},
         set_in<&R::engine, &en::engine_options::workers>,
         get_in<&R::engine, &en::engine_options::workers>},
        {{.key = "engine.connect_timeout_seconds",
          .name = "connect-timeout-seconds",
          .kind = value_kind::number,
          .group = "Engine",
          .metavar = "SECONDS",
          .help = "Limit for establishing a connection.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "the request timeout"},
         set_in<&R::engine, &en::engine_options::connect_timeout_s>,
         get_in<&R::engine, &en::engine_options::connect_timeout_s>},
        {{.key = "engine.stream_idle_timeout_seconds",
          .name = "stream-idle-timeout-seconds",
          .kind = value_kind::number,
          .group = "Engine",
          .metavar = "SECONDS",
          .help = "Fail a response when no byte arrives for this long.",
          .min_number = 0,
          .min_exclusive = true,
          .default_note = "none"},
         set_in<&R::engine, &en::engine_options::stream_idle_timeout_s>,
         get_in<&R::engine, &en::engine_options::stream_idle_timeout_s>},
        {{.key = "engine.pin_workers",
          .name = "pin-workers",
          .kind = value_kind::flag,
          .group = "Engine",
          .help = "Pin each worker thread to its own core.",
          .negatable = true},
         set_in<&R::engine, &en::engine_options::pin_workers>,
         get_in<&R::engine, &en::engine_options::pin_workers>},
        {{.key = "engine.busy_poll",
          .name = "busy-poll",
          .kind = value_kind::flag,
          .group = "Engine",
          .help = "Workers poll their io_uring instead of sleeping: each keeps a core fully "
                  "busy, and response times no longer include waking a sleeping thread.",
          .negatable = true},
         set_in<&R::engine, &en::engine_options::busy_poll>,
         get_in<&R::engine, &en::engine_options::busy_poll>},
        {{.key = "engine.tls_verify",
          .name = "tls-verify",
          .kind = value_kind::flag,
          .group = "Engine",
          .help = "For https URLs, check the server's certificate chain and that it names the "
                  "host; --no-tls-verify accepts any certificate (self-signed test servers).",
          .negatable = true},
         set_in<&R::engine, &en::engine_options::tls_verify>,
         get_in<&R::engine, &en::engine_options::tls_verify>},
        {{.key = "engine.tls_ca_file",
          .name = "tls-ca-file",
          .kind = value_kind::text,
          .group = "Engine",
          .metavar = "FILE",
          .help = "PEM file of CA certificates to trust instead of the system's.",
          .default_note = "the system's CAs"},
         set_in<&R::engine, &en::engine_options::tls_ca_file>,
         get_in<&R::engine, &en::engine_options::tls_ca_file>},
        {{.key = "engine.recv_buffers",
          .name = "recv-buffers",
          .kind = value_kind::integer,
          .group = "Engine",
          .metavar = "N",
          .help = "Receive buffers per worker, shared by all its connections.",
          .min_int = 1,
          .max_int = 32768,
          .expect = "a power of two between 1 and 32768",
          .valid = power_of_two},
         set_in<&R::engine, &en::engine_options::recv_buffers>,
         get_in<&R::engine, &en::engine_options::recv_buffers>},
        {{.key = "engine.recv_buffer_size",
          .name = "recv-buffer-size",
          .kind = value_kind::integer,
          .group = "Engine",
          .metavar = "BYTES",
          .help = "Size of each receive buffer (1 KiB to 1 MiB).",
          .min_int = 1024,
          .max_int = 1 << 20},
         set_in<&R::engine, &en::engine_options::recv_buffer_size>,
         get_in<&R::engine, &en::engine_options::recv_buffer_size>},
        {{.key = "engine.source_address",
          .name = "source-address",
          .kind = value_kind::list,
          .group = "Engine",
          .metavar = "ADDR",
          .help = "Make connections from these local addresses in rotation, each with the whole "
                  "local port range (IP_BIND_ADDRESS_NO_PORT): an address or a FIRST-LAST "
                  "range, e.g. 127.0.0.2-127.0.0.200 on loopback or this host's own addresses; "
                  "repeat the flag or give a comma list. Loopback targets get enough "
                  "addresses chosen automatically.",
          .split_commas = true,
          .default_note = "the kernel's choice",
          .check_item = check_source_address},
         set_in<&R::engine, &en::engine_options::source_addresses>,
         get_in<&R::engine, &en::engine_options::source_addresses>},
        {{.key = "engine.local_port_range",
          .name = "local-port-range",
          .kind = value_kind::text,
          .group = "Engine",
          .metavar = "LOW-HIGH",
          .help = "Local ports connections may take (IP_LOCAL_PORT_RANGE, Linux 6.3 or later); "
                  "workers sharing a source address get disjoint slices of it.",
          .default_note = "net.ipv4.ip_local_port_range",
          .check_item = check_port_range},
         set_in<&R::engine, &en::engine_options::local_port_range>,
         get_in<&R::engine, &en::engine_options::local_port_range>},
        {{.key = "engine.connect_concurrency",
          .name = "connect-concurrency",
          .kind = value_kind::integer,
          .group = "Engine",
          .metavar = "N",
          .help = "Connections being established (TCP and TLS handshakes) at once, over all "
                  "workers; the others wait their turn, so a burst of connections stays within "
                  "the server's listen backlog.",
          .min_int = 1,
          .max_int = 1 << 20},
         set_in<&R::engine, &en::engine_options::connect_concurrency>,
         get_in<&R::engine, &en::engine_options::connect_concurrency>},
        {{.key = "engine.io_uring_disable",
          .name = "io-uring-disable",
          .kind = value_kind::list,
          .group = "Engine",
          .metavar = "FEATURE",
          .help = "io_uring features not to use even where the kernel has them, to measure "
                  "their effect or avoid a kernel bug: single_issuer, defer_taskrun, "
                  "coop_taskrun, multishot_recv, buf_ring, direct_descriptors, batching "
                  "(comma list).",
          .split_commas = true,
          .default_note = "none",
          .check_item = check_uring_feature},
         set_in<&R::engine, &en::engine_options::io_uring_disable>,
         get_in<&R::engine, &en::engine_options::io_uring_disable>},
    };
}

std::string check_definition_set(std::string_view item) {
    std::string w(item);
    for (char& c : w)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (w == "aiperf" || w == "vllm" || w == "sglang" || w == "guidellm") return {};
    return "unknown definition set '" + std::string(item) +
           "' (expected aiperf, vllm, sglang or guidellm)";
}

void set_metric_definitions(R& p, value&& v) {
    p.output.metric_definitions.clear();
    for (auto& item : v.items) {
        for (char& c : item)
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        bool seen = false;
        for (const auto& d : p.output.metric_definitions)
            seen = seen || d == item;
        if (!seen) p.output.metric_definitions.push_back(std::move(item));
    }
}

detail::profile_rows output_rows() {
    return {
        {{.key = "output.artifact_dir",
          .name = "output-artifact-dir",
          .aliases = {"artifact-dir"},
          .kind = value_kind::text,
          .group = "Output",
          .metavar = "DIR",
          .help = "Directory for the run's files. Given explicitly it is used as is; by default "
                  "the files go to artifacts/<model>-<service>-<endpoint>-<stimulus>/.",
          .non_empty = true,
          .default_note = "artifacts/<run name>"},
         set_artifact_dir,
         get_artifact_dir},
        {{.key = "output.profile_export_prefix",
          .name = "profile-export-prefix",
          .aliases = {"profile-export-file"},
          .kind = value_kind::text,
          .group = "Output",
          .metavar = "NAME",
          .help = "Base name for the export files (NAME.json, NAME.csv, NAME.jsonl).",
          .default_note = "profile_export"},
         set_in<&R::output, &ex::output_options::profile_export_prefix>,
         get_in<&R::output, &ex::output_options::profile_export_prefix>},
        {{.key = "output.ui_type",
          .name = "ui-type",
          .aliases = {"ui"},
          .kind = value_kind::choice,
          .group = "Output",
          .metavar = "UI",
          .help = "Live view: simple (a progress line when stdout is a terminal) or none.",
          .choices = {{"simple", "simple"},
                      {"none", "none"},
                      {"dashboard", "", "is not available in this version; use simple or none"}},
          .default_note = "simple on a terminal"},
         set_ui,
         get_ui},
        {{.key = "output.export_level",
          .name = "export-level",
          .aliases = {"profile-export-level"},
          .kind = value_kind::choice,
          .group = "Output",
          .metavar = "LEVEL",
          .help = "summary: the CSV and JSON summaries only; records: also one JSON line per "
                  "request (profile_export.jsonl); raw: also each request's bytes and every "
                  "response message as received (profile_export_raw.jsonl) and outputs.json.",
          .choices = {{"summary", "summary"}, {"records", "records"}, {"raw", "raw"}}},
         set_export_level,
         get_export_level},
        {{.key = "output.export_outputs_json",
          .name = "export-outputs-json",
          .kind = value_kind::flag,
          .group = "Output",
          .help = "Write outputs.json: the generated text of every request (the raw export "
                  "level writes it too).",
          .negatable = true},
         set_in<&R::output, &ex::output_options::export_outputs_json>,
         get_in<&R::output, &ex::output_options::export_outputs_json>},
        {{.key = "output.slice_duration",
          .name = "slice-duration",
          .kind = value_kind::number,
          .group = "Output",
          .metavar = "SECONDS",
          .help = "Also write statistics per window of this many seconds of the profiling "
                  "phase (profile_export_aiperf_timeslices.csv and .json).",
          .min_number = 0,
          .min_exclusive = true},
         set_in<&R::output, &ex::output_options::slice_duration_s>,
         get_in<&R::output, &ex::output_options::slice_duration_s>},
        {{.key = "output.log_level",
          .name = "log-level",
          .kind = value_kind::choice,
          .group = "Output",
          .metavar = "LEVEL",
          .help = "Least severe messages shown: trace, debug, info, warning or error (AIPerf's "
                  "notice and success mean info, critical means error).",
          .choices = {{"trace", "trace"},
                      {"debug", "debug"},
                      {"info", "info"},
                      {"warning", "warning"},
                      {"error", "error"},
                      {"warn", "warning"},
                      {"notice", "info"},
                      {"success", "info"},
                      {"critical", "error"}}},
         set_in<&R::output, &ex::output_options::log_level>,
         get_in<&R::output, &ex::output_options::log_level>},
        {{.key = "output.hlog_interval",
          .name = "hlog-interval",
          .kind = value_kind::number,
          .group = "Output",
          .metavar = "SECONDS",
          .help = "Length of each interval of the HdrHistogram logs (hlog/<metric>.hlog); 0 "
                  "writes one interval covering the whole run.",
          .min_number = 0,
          .max_number = 86400},
         set_in<&R::output, &ex::output_options::hlog_interval_s>,
         get_in<&R::output, &ex::output_options::hlog_interval_s>},
        {{.key = "output.goodput",
          .name = "goodput",
          .kind = value_kind::text,
          .group = "Goodput",
          .metavar = "SLOS",
          .help = "Per-request SLOs \"tag:value tag:value\" in each metric's display unit, e.g. "
                  "\"request_latency:250 inter_token_latency:10\"; adds goodput (good "
                  "requests/sec), good_request_count and good_request_fraction.",
          .default_note = "none",
          .check_item = check_goodput},
         set_in<&R::output, &ex::output_options::goodput>,
         get_in<&R::output, &ex::output_options::goodput>},
        {{.key = "output.export_http_trace",
          .name = "export-http-trace",
          .kind = value_kind::flag,
          .group = "HTTP Trace",
          .help = "Compute the k6-style HTTP timing metrics (http_req_waiting, ...) of every "
                  "request and add its timeline (trace_data) to profile_export.jsonl.",
          .negatable = true},
         set_in<&R::output, &ex::output_options::export_http_trace>,
         get_in<&R::output, &ex::output_options::export_http_trace>},
        {{.key = "output.show_trace_timing",
          .name = "show-trace-timing",
          .kind = value_kind::flag,
          .group = "HTTP Trace",
          .help = "Print the HTTP timing table (avg, min, med, max, p90, p95) after the run; "
                  "implies --export-http-trace.",
          .negatable = true},
         set_in<&R::output, &ex::output_options::show_trace_timing>,
         get_in<&R::output, &ex::output_options::show_trace_timing>},
        {{.key = "output.network_latency_mean",
          .name = "network-latency-mean",
          .kind = value_kind::number,
          .group = "Network Latency",
          .metavar = "MS",
          .help = "A fixed network round-trip time in ms: adds network_rtt and the "
                  "network_adjusted_* latencies (value - RTT, at least 0).",
          .min_number = 0,
          .default_note = "none"},
         set_in<&R::output, &ex::output_options::network_latency_mean_ms>,
         get_in<&R::output, &ex::output_options::network_latency_mean_ms>},
        {{.key = "output.metric_definitions",
          .name = "metric-definitions",
          .kind = value_kind::list,
          .group = "Output",
          .metavar = "SET",
          .help = "Also report TTFT, ITL, TPOT, E2E latency and output tokens as other tools "
                  "define them: aiperf (the main table), vllm, sglang, guidellm; repeat the "
                  "flag or give a comma list. See docs/metrics.md, Definitions.",
          .split_commas = true,
          .check_item = check_definition_set},
         set_metric_definitions,
         get_in<&R::output, &ex::output_options::metric_definitions>},
        {{.key = "output.fail_on",
          .name = "fail-on",
          .kind = value_kind::text,
          .group = "Output",
          .metavar = "GATES",
          .help = "SLO gates checked after the run, comma-separated: "
                  "'<metric>[:<stat>] <op> <value>[unit]', e.g. 'time_to_first_token:p99<500ms, "
                  "error_rate<1%, request_throughput>=20'. A failed gate exits with code 6. See "
                  "docs/gates.md."},
         set_in<&R::output, &ex::output_options::fail_on>,
         get_in<&R::output, &ex::output_options::fail_on>},
    };
}

std::vector<option<R>> build() {
    std::vector<option<R>> rows;
    for (auto* part : {endpoint_rows, detail::tokenizer_rows, detail::input_rows, detail::load_rows,
                       detail::warmup_rows, detail::multi_run_rows, engine_rows, output_rows})
        for (auto& row : part())
            rows.push_back(std::move(row));
    return rows;
}

const std::vector<preset> presets = {
    {"verbose", "v", "output.log_level", "debug", "Same as --log-level debug."},
    {"extra-verbose", "vv", "output.log_level", "trace", "Same as --log-level trace."},
};

}  // namespace

std::span<const option<run_plan>> profile_table() {
    static const std::vector<option<run_plan>> table = build();
    return table;
}

std::span<const preset> profile_presets() {
    return presets;
}

}  // namespace ringperf::config
