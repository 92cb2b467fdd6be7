// A reader of response objects that builds no DOM (private to the api module).
//
// scan_body() reads the same fields as read_body() straight from the JSON text, with
// json_scanner: it accepts what json_scanner accepts, except that integers read as counts or
// codes must not be negative and an "error" member must be null. Anything else returns false,
// and the caller reads the text with simdjson's DOM instead. When it returns true, `f` and
// `tools` hold exactly what read_body() would have put there.
#pragma once

#include <cstddef>
#include <string>

#include "json_scanner.h"
#include "response_fields.h"

namespace ringperf::api::detail {

// `json` is a json_scanner text of `size` bytes; the views in `f` point into it. `f` must be
// default-constructed; tool-call text is appended to `tools`; `record`, when given, collects
// the values read. On false, `f`, `tools`, `record` and the text are left in an unspecified
// state.
bool scan_body(char* json, std::size_t size, body_fields& f, std::string& tools,
               scan_record* record = nullptr) noexcept;

}  // namespace ringperf::api::detail
