// The decoder allocates nothing per event once its buffers have grown to the stream's needs.
// allocation_counter.cpp replaces global operator new in this executable to count calls.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "../support/allocation_counter.h"
#include "ringperf/base/rng.h"
#include "ringperf/sse/decoder.h"

namespace {

using ringperf::sse::decoder;
using ringperf::sse::status;

// A chat stream with every shape of event: borrowed single lines, lines split across pieces,
// multi-line data, named events, ids and keep-alive comments.
std::string make_stream(int events) {
    std::string s;
    for (int i = 0; i < events; ++i) {
        if (i % 7 == 0) s += ":\n\n";
        if (i % 5 == 0) s += "id: " + std::to_string(i % 3) + "\r\n";
        if (i % 4 == 0) s += "event: content_block_delta\n";
        s += "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok" +
             std::to_string(i % 10) + "\"}}]}\n";
        if (i % 6 == 0) s += "data: second line\n";
        s += "\n";
    }
    return s;
}

std::vector<std::string_view> cut(std::string_view s, std::uint64_t seed) {
    ringperf::rng r(seed);
    std::vector<std::string_view> pieces;
    while (!s.empty()) {
        const std::size_t n = std::min<std::size_t>(s.size(), 1 + r.below(300));
        pieces.push_back(s.substr(0, n));
        s.remove_prefix(n);
    }
    return pieces;
}

std::uint64_t decode_all(decoder& d, const std::vector<std::string_view>& pieces) {
    std::uint64_t bytes = 0;
    for (std::string_view in : pieces)
        while (d.feed(in) == status::event)
            bytes += d.current().data.size();
    return bytes;
}

TEST(SseDecoderAlloc, NoAllocationPerEventInSteadyState) {
    const std::string stream = make_stream(2000);
    const auto warm = cut(stream, 1);
    const auto measured = cut(stream, 2);
    decoder d;
    ASSERT_GT(decode_all(d, warm), 0u);
    const std::uint64_t before = d.events();

    const auto allocations_before = ringperf::test_support::allocation_count();
    const std::uint64_t bytes = decode_all(d, measured);
    const auto allocations = ringperf::test_support::allocation_count() - allocations_before;

    EXPECT_GT(bytes, 0u);
    EXPECT_EQ(d.events() - before, 2000u);
    EXPECT_EQ(allocations, 0u);
}

TEST(SseDecoderAlloc, CountsAllocations) {
    const auto before = ringperf::test_support::allocation_count();
    auto* p = new std::string(100, 'x');
    const auto allocations = ringperf::test_support::allocation_count() - before;
    delete p;
    EXPECT_GE(allocations, 1u);
}

}  // namespace
