// Random (version 4) UUIDs in their 36-character text form.
#pragma once

#include <string>

#include "ringperf/base/rng.h"

namespace ringperf {

inline constexpr std::size_t uuid_text_len = 36;

// Writes 36 characters (no terminator) into `out`.
void write_uuid_v4(rng& r, char* out) noexcept;
std::string make_uuid_v4(rng& r);

}  // namespace ringperf
