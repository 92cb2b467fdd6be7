#include "ringperf/api/endpoint.h"

namespace ringperf::api {

const char* endpoint_type_name(endpoint_type t) {
    switch (t) {
        case endpoint_type::chat:
            return "chat";
        case endpoint_type::completions:
            return "completions";
    }
    return "unknown";
}

const char* endpoint_default_path(endpoint_type t) {
    switch (t) {
        case endpoint_type::chat:
            return "/v1/chat/completions";
        case endpoint_type::completions:
            return "/v1/completions";
    }
    return "/";
}

}  // namespace ringperf::api
