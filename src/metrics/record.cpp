#include "ringperf/metrics/record.h"

#include <utility>

namespace ringperf::metrics {

const char* error_kind_name(error_kind k) {
    switch (k) {
        case error_kind::none:
            return "none";
        case error_kind::connect:
            return "connect";
        case error_kind::tls:
            return "tls";
        case error_kind::write:
            return "write";
        case error_kind::read:
            return "read";
        case error_kind::http_status:
            return "http_status";
        case error_kind::protocol:
            return "protocol";
        case error_kind::stream_error:
            return "stream_error";
        case error_kind::response_invalid:
            return "response_invalid";
        case error_kind::timeout_connect:
            return "timeout_connect";
        case error_kind::timeout_first_byte:
            return "timeout_first_byte";
        case error_kind::timeout_idle:
            return "timeout_idle";
        case error_kind::timeout_total:
            return "timeout_total";
        case error_kind::cancelled:
            return "cancelled";
    }
    return "unknown";
}

const char* benchmark_phase_name(benchmark_phase p) {
    switch (p) {
        case benchmark_phase::warmup:
            return "warmup";
        case benchmark_phase::profiling:
            return "profiling";
    }
    return "unknown";
}

void usage_counts::merge_latest(const usage_counts& later) {
    for (auto field :
         {&usage_counts::prompt_tokens, &usage_counts::completion_tokens,
          &usage_counts::total_tokens, &usage_counts::reasoning_tokens,
          &usage_counts::prompt_cache_read_tokens, &usage_counts::prompt_cache_write_tokens,
          &usage_counts::prompt_cache_miss_tokens, &usage_counts::prompt_audio_tokens,
          &usage_counts::completion_audio_tokens, &usage_counts::accepted_prediction_tokens,
          &usage_counts::rejected_prediction_tokens}) {
        if (later.*field >= 0) this->*field = later.*field;
    }
}

void request_record::clear() {
    // Records are reused per request on the worker; keeping the buffers avoids an
    // allocation per request once they have grown to the run's typical size.
    std::vector<mono_ns> content = std::move(content_ns);
    std::string output = std::move(output_text);
    std::string reasoning = std::move(reasoning_text);
    std::string finish = std::move(finish_reason);
    std::string type = std::move(error_type);
    std::string message = std::move(error_message);
    *this = request_record{};
    content.clear();
    output.clear();
    reasoning.clear();
    finish.clear();
    type.clear();
    message.clear();
    content_ns = std::move(content);
    output_text = std::move(output);
    reasoning_text = std::move(reasoning);
    finish_reason = std::move(finish);
    error_type = std::move(type);
    error_message = std::move(message);
}

}  // namespace ringperf::metrics
