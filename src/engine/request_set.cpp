#include "ringperf/engine/request_set.h"

#include <strings.h>

#include <cstring>

namespace ringperf::engine {

namespace {

bool user_sets(const head_options& h, std::string_view name) {
    for (const auto& [k, v] : h.headers)
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0)
            return true;
    return false;
}

}  // namespace

std::string make_head(const head_options& h, std::size_t body_len) {
    std::string s;
    s.reserve(256);
    s += "POST ";
    s += h.path;
    s += " HTTP/1.1\r\n";
    if (!user_sets(h, "Host")) s += "Host: " + h.authority + "\r\n";
    if (!user_sets(h, "User-Agent")) s += "User-Agent: ringperf/" RINGPERF_VERSION "\r\n";
    if (!user_sets(h, "Content-Type")) s += "Content-Type: application/json\r\n";
    if (!h.api_key.empty() && !user_sets(h, "Authorization"))
        s += "Authorization: Bearer " + h.api_key + "\r\n";
    for (const auto& [k, v] : h.headers)
        s += k + ": " + v + "\r\n";
    s += "Content-Length: " + std::to_string(body_len) + "\r\n";
    s += "X-Request-ID: ";
    return s;
}

prepared_request prepare_request(std::span<const head_options> urls, std::string body,
                                 std::int64_t input_tokens) {
    prepared_request r;
    for (const auto& h : urls)
        r.heads.push_back(make_head(h, body.size()));
    r.body = std::move(body);
    r.input_tokens = input_tokens;
    return r;
}

void write_request_tail(char* out, const char* request_id, const char* correlation_id) {
    static constexpr char mid[] = "\r\nX-Correlation-ID: ";
    std::memcpy(out, request_id, 36);
    std::memcpy(out + 36, mid, 20);
    std::memcpy(out + 56, correlation_id, 36);
    std::memcpy(out + 92, "\r\n\r\n", 4);
}

}  // namespace ringperf::engine
