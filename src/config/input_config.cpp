// The resolved run as JSON shaped like AIPerf's input_config: endpoint, tokenizer, input (with
// conversation and fixed-schedule settings), loadgen (with warmup, user-centric,
// cancellation, sweep and multi-run settings), output, service, and ringperf's engine.
#include <cmath>

#include "convert.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/config/config.h"

namespace ringperf::config {

namespace {

template <typename T>
void optional_value(json_writer& w, const std::optional<T>& v) {
    if (v) {
        w.value(*v);
    } else {
        w.null();
    }
}

void number(json_writer& w, double d) {
    if (std::isinf(d)) {
        w.value("inf");
    } else if (std::floor(d) == d && std::fabs(d) < 9e15) {
        w.value(static_cast<std::int64_t>(d));
    } else {
        w.value(d);
    }
}

void optional_number(json_writer& w, const std::optional<double>& d) {
    if (d) {
        number(w, *d);
    } else {
        w.null();
    }
}

void optional_count(json_writer& w, const std::optional<std::uint64_t>& n) {
    optional_value(w, n);
}

template <typename T>
void sweep(json_writer& w, const std::vector<T>& values) {
    if (values.empty()) {
        w.null();
        return;
    }
    w.begin_array();
    for (const T v : values)
        number(w, static_cast<double>(v));
    w.end_array();
}

void endpoint_json(json_writer& w, const run_plan& p) {
    const auto& e = p.endpoint;
    w.key("endpoint").begin_object();
    w.key("model_names").begin_array();
    for (const auto& m : e.models)
        w.value(m);
    w.end_array();
    w.key("type").value(e.type == api::endpoint_type::completions ? "completions" : "chat");
    w.key("custom_endpoint");
    optional_value(w, e.custom_endpoint.empty() ? std::nullopt : std::optional(e.custom_endpoint));
    w.key("streaming").value(e.streaming);
    w.key("url").value(e.urls.empty() ? std::string() : e.urls.front());
    w.key("urls").begin_array();
    for (const auto& u : e.urls)
        w.value(u);
    w.end_array();
    w.key("timeout_seconds");
    number(w, p.engine.request_timeout_s);
    w.key("api_key");
    if (e.api_key.empty()) {
        w.null();
    } else {
        w.value("<redacted>");
    }
    w.key("use_legacy_max_tokens").value(e.use_legacy_max_tokens);
    w.key("use_server_token_count").value(e.use_server_token_count);
    w.end_object();
}

void tokenizer_json(json_writer& w, const run_plan& p) {
    const auto& t = p.tokenizer;
    w.key("tokenizer").begin_object();
    w.key("name");
    optional_value(w, t.name.empty() ? std::nullopt : std::optional(t.name));
    w.key("revision").value(t.revision);
    w.key("trust_remote_code").value(t.trust_remote_code);
    w.end_object();
}

std::string_view dataset_type_name(dataset::dataset_type t) {
    switch (t) {
        case dataset::dataset_type::multi_turn:
            return "multi_turn";
        case dataset::dataset_type::random_pool:
            return "random_pool";
        case dataset::dataset_type::mooncake_trace:
            return "mooncake_trace";
        case dataset::dataset_type::single_turn:
            break;
    }
    return "single_turn";
}

void prompt_json(json_writer& w, const dataset::synthetic_options& in) {
    w.key("prompt").begin_object();
    w.key("input_tokens").begin_object().key("mean");
    number(w, in.isl_mean);
    w.key("stddev");
    number(w, in.isl_stddev);
    w.key("block_size").value(std::uint64_t{in.isl_block_size});
    w.end_object();
    w.key("output_tokens").begin_object().key("mean");
    optional_number(w, in.osl_mean);
    w.key("stddev");
    number(w, in.osl_stddev);
    w.end_object();
    w.key("sequence_distribution");
    optional_value(w, in.seq_dist.empty() ? std::nullopt
                                          : std::optional(dataset::format_seq_dist(in.seq_dist)));
    w.key("batch_size").value(std::uint64_t{in.prompt_batch_size});
    w.key("prefix_prompt").begin_object();
    w.key("pool_size").value(std::uint64_t{in.num_prefix_prompts});
    w.key("length").value(std::uint64_t{in.prefix_prompt_length});
    const auto widen = [](std::optional<std::uint32_t> v) {
        return v ? std::optional<std::uint64_t>(*v) : std::nullopt;
    };
    w.key("shared_system_prompt_length");
    optional_value(w, widen(in.shared_system_prompt_length));
    w.key("user_context_prompt_length");
    optional_value(w, widen(in.user_context_prompt_length));
    w.end_object().end_object();
}

void conversation_json(json_writer& w, const run_plan& p) {
    const auto& in = p.input;
    w.key("conversation").begin_object();
    w.key("num");
    optional_count(w, p.load.num_sessions);
    w.key("turn").begin_object().key("mean");
    number(w, in.turn_mean);
    w.key("stddev");
    number(w, in.turn_stddev);
    w.key("delay").begin_object().key("mean");
    number(w, in.turn_delay_mean_ms);
    w.key("stddev");
    number(w, in.turn_delay_stddev_ms);
    w.key("ratio");
    number(w, in.turn_delay_ratio);
    w.end_object().end_object().end_object();
}

void dataset_file_json(json_writer& w, const run_plan& p) {
    const auto& in = p.input;
    const auto& fs = p.load.fixed_schedule;
    const bool file = !in.input_file.empty();
    w.key("file");
    optional_value(w, file ? std::optional(in.input_file) : std::nullopt);
    const bool sharegpt = in.public_set == dataset::public_dataset::sharegpt;
    w.key("custom_dataset_type");
    optional_value(
        w, file && !sharegpt ? std::optional(dataset_type_name(in.file_type)) : std::nullopt);
    w.key("public_dataset");
    optional_value(w, sharegpt ? std::optional(std::string_view("sharegpt")) : std::nullopt);
    w.key("dataset_sampling_strategy").value(dataset::to_string(dataset::effective_sampling(in)));
    w.key("fixed_schedule");
    optional_value(w, fs.enabled);
    w.key("fixed_schedule_auto_offset").value(fs.auto_offset);
    w.key("fixed_schedule_start_offset");
    optional_value(w, fs.start_offset_ms);
    w.key("fixed_schedule_end_offset");
    optional_value(w, fs.end_offset_ms);
    w.key("fixed_schedule_speedup");
    number(w, fs.speedup);
}

void input_json(json_writer& w, const run_plan& p) {
    const auto& in = p.input;
    w.key("input").begin_object();
    w.key("extra").begin_object();
    for (const auto& [k, json] : p.endpoint.extra_inputs)
        w.key(k).raw(json);
    w.end_object();
    w.key("headers").begin_object();
    for (const auto& [k, v] : p.endpoint.headers)
        w.key(k).value(detail::is_credential_header(k) ? std::string("<redacted>") : v);
    w.end_object();
    w.key("random_seed");
    optional_value(w, in.random_seed);
    w.key("num_dataset_entries").value(std::uint64_t{in.num_dataset_entries});
    prompt_json(w, in);
    conversation_json(w, p);
    dataset_file_json(w, p);
    w.end_object();
}

void rate_json(json_writer& w, const workload::load_options& l) {
    w.key("concurrency");
    optional_count(w, l.concurrency);
    w.key("concurrency_sweep");
    sweep(w, l.concurrency_sweep);
    w.key("prefill_concurrency");
    optional_count(w, l.prefill_concurrency);
    w.key("concurrency_ramp_duration");
    optional_number(w, l.concurrency_ramp_duration_s);
    w.key("prefill_concurrency_ramp_duration");
    optional_number(w, l.prefill_concurrency_ramp_duration_s);
    w.key("request_rate");
    optional_number(w, l.request_rate);
    w.key("request_rate_sweep");
    sweep(w, l.request_rate_sweep);
    w.key("request_rate_ramp_duration");
    optional_number(w, l.request_rate_ramp_duration_s);
    w.key("arrival_pattern").value(workload::to_string(l.pattern));
    w.key("arrival_smoothness");
    number(w, l.arrival_smoothness);
    w.key("concurrency_overflow")
        .value(l.overflow == workload::overflow_policy::queue ? "queue" : "skip");
    w.key("user_centric_rate");
    optional_number(w, l.user_centric_rate);
    w.key("num_users");
    optional_count(w, l.num_users);
}

void stop_json(json_writer& w, const workload::load_options& l) {
    w.key("request_count");
    optional_value(w, l.request_count);
    w.key("benchmark_duration");
    optional_number(w, l.benchmark_duration_s);
    w.key("benchmark_grace_period");
    number(w, l.grace_period_s);
    w.key("failed_request_threshold");
    optional_number(w, l.failed_request_threshold);
    w.key("request_cancellation_rate");
    optional_number(w, l.cancellation_rate_percent);
    w.key("request_cancellation_delay");
    number(w, l.cancellation_delay_s);
}

void warmup_json(json_writer& w, const workload::warmup_options& wu) {
    w.key("warmup_request_count");
    optional_value(w, wu.request_count);
    w.key("warmup_duration");
    optional_number(w, wu.duration_s);
    w.key("num_warmup_sessions");
    optional_value(w, wu.num_sessions);
    w.key("warmup_concurrency");
    optional_count(w, wu.concurrency);
    w.key("warmup_prefill_concurrency");
    optional_count(w, wu.prefill_concurrency);
    w.key("warmup_request_rate");
    optional_number(w, wu.request_rate);
    w.key("warmup_arrival_pattern");
    optional_value(w, wu.pattern ? std::optional(workload::to_string(*wu.pattern)) : std::nullopt);
    w.key("warmup_grace_period");
    optional_number(w, wu.grace_period_s);
    w.key("warmup_concurrency_ramp_duration");
    optional_number(w, wu.concurrency_ramp_duration_s);
    w.key("warmup_prefill_concurrency_ramp_duration");
    optional_number(w, wu.prefill_concurrency_ramp_duration_s);
    w.key("warmup_request_rate_ramp_duration");
    optional_number(w, wu.request_rate_ramp_duration_s);
}

void runs_json(json_writer& w, const workload::load_options& l) {
    w.key("num_profile_runs").value(std::uint64_t{l.num_profile_runs});
    w.key("profile_run_cooldown_seconds");
    number(w, l.profile_run_cooldown_s);
    w.key("confidence_level");
    number(w, l.confidence_level);
    w.key("profile_run_disable_warmup_after_first").value(l.disable_warmup_after_first);
    w.key("parameter_sweep_cooldown_seconds");
    number(w, l.sweep_cooldown_s);
    w.key("parameter_sweep_same_seed").value(l.sweep_same_seed);
}

void loadgen_json(json_writer& w, const run_plan& p) {
    w.key("loadgen").begin_object();
    rate_json(w, p.load);
    stop_json(w, p.load);
    warmup_json(w, p.load.warmup);
    runs_json(w, p.load);
    w.end_object();
}

void output_json(json_writer& w, const run_plan& p) {
    const auto& o = p.output;
    w.key("output").begin_object();
    w.key("artifact_directory").value(o.artifact_dir);
    w.key("profile_export_prefix");
    optional_value(
        w, o.profile_export_prefix.empty() ? std::nullopt : std::optional(o.profile_export_prefix));
    w.key("slice_duration");
    optional_value(w, o.slice_duration_s);
    w.end_object();
    std::string level = o.log_level;
    for (auto& c : level)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    w.key("service").begin_object();
    w.key("log_level").value(level);
    w.key("ui_type").value(o.ui == exporter::ui_type::none ? "none" : "simple");
    w.end_object();
}

void engine_json(json_writer& w, const run_plan& p) {
    const auto& e = p.engine;
    w.key("engine").begin_object();
    w.key("workers").value(std::uint64_t{e.workers});
    w.key("connect_timeout_seconds");
    optional_number(w, e.connect_timeout_s);
    w.key("stream_idle_timeout_seconds");
    optional_number(w, e.stream_idle_timeout_s);
    w.key("pin_workers").value(e.pin_workers);
    w.key("tls_verify").value(e.tls_verify);
    w.key("tls_ca_file");
    optional_value(w, e.tls_ca_file.empty() ? std::nullopt : std::optional(e.tls_ca_file));
    w.key("recv_buffers").value(std::uint64_t{e.recv_buffers});
    w.key("recv_buffer_size").value(std::uint64_t{e.recv_buffer_size});
    w.end_object();
}

}  // namespace

std::string to_json(const run_plan& p) {
    std::string out;
    json_writer w(out);
    w.begin_object();
    endpoint_json(w, p);
    tokenizer_json(w, p);
    input_json(w, p);
    loadgen_json(w, p);
    output_json(w, p);
    engine_json(w, p);
    w.key("config_file");
    optional_value(w, p.config_path.empty() ? std::nullopt : std::optional(p.config_path));
    w.key("cli_command").value(p.cli_command);
    w.end_object();
    return out;
}

}  // namespace ringperf::config
