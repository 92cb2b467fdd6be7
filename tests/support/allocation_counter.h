// A test executable that links allocation_counter.cpp has its global operator new and
// delete replaced by versions that count allocations, so a test can assert that a hot path
// allocates nothing once warm: compare allocation_count() before and after.
#pragma once

#include <cstdint>

namespace ringperf::test_support {

// Calls to any operator new in this process so far (all threads).
std::uint64_t allocation_count();

}  // namespace ringperf::test_support
