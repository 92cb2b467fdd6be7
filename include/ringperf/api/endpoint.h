// Endpoint configuration shared by request building and response interpretation.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ringperf::api {

enum class endpoint_type { chat, completions };

// "chat" / "completions".
const char* endpoint_type_name(endpoint_type t);
// Default URL path: "/v1/chat/completions" or "/v1/completions".
const char* endpoint_default_path(endpoint_type t);

struct endpoint_options {
    std::vector<std::string> urls{"http://localhost:8000"};  // base URLs (path appended)
    std::string custom_endpoint;  // overrides the default path when non-empty
    endpoint_type type = endpoint_type::chat;
    bool streaming = false;
    std::vector<std::string> models;  // --model; the first names the artifact directory
    std::string api_key;              // sent as Authorization: Bearer <key>
    // -H/--header, in order given.
    std::vector<std::pair<std::string, std::string>> headers;
    // --extra-inputs: key and an already-serialized JSON value, merged (shallowly, last
    // wins) into every request body.
    std::vector<std::pair<std::string, std::string>> extra_inputs;
    bool use_legacy_max_tokens = false;   // chat: max_tokens instead of max_completion_tokens
    bool use_server_token_count = false;  // token counts from `usage` only
};

}  // namespace ringperf::api
