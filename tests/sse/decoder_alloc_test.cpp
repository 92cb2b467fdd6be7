// The decoder allocates nothing per event once its buffers have grown to the stream's needs.
// Global operator new is replaced in this executable only, to count allocations.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "ringperf/base/rng.h"
#include "ringperf/sse/decoder.h"

namespace {

bool counting = false;
std::size_t allocations = 0;

void* counted_alloc(std::size_t n) {
    if (counting) ++allocations;
    return std::malloc(n == 0 ? 1 : n);
}

}  // namespace

void* operator new(std::size_t n) {
    if (void* p = counted_alloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = counted_alloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    return counted_alloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return counted_alloc(n);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

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

    allocations = 0;
    counting = true;
    const std::uint64_t bytes = decode_all(d, measured);
    counting = false;

    EXPECT_GT(bytes, 0u);
    EXPECT_EQ(d.events() - before, 2000u);
    EXPECT_EQ(allocations, 0u);
}

TEST(SseDecoderAlloc, CountsAllocations) {
    allocations = 0;
    counting = true;
    auto* p = new std::string(100, 'x');
    counting = false;
    delete p;
    EXPECT_GE(allocations, 1u);
}

}  // namespace
