// The single-producer single-consumer record queue: order, fullness, buffer recycling, and
// two threads passing records through it.
#include "record_ring.h"

#include <gtest/gtest.h>

#include <thread>

using ringperf::cli::record_ring;
using ringperf::metrics::request_record;

namespace {

request_record numbered(std::uint64_t i) {
    request_record r;
    r.index = i;
    return r;
}

TEST(RecordRing, CapacityRoundsUpToAPowerOfTwo) {
    EXPECT_EQ(record_ring(0).capacity(), 2u);
    EXPECT_EQ(record_ring(3).capacity(), 4u);
    EXPECT_EQ(record_ring(1024).capacity(), 1024u);
    EXPECT_EQ(record_ring(1025).capacity(), 2048u);
}

TEST(RecordRing, PassesRecordsInPushOrder) {
    record_ring q(4);
    for (std::uint64_t i = 0; i < 3; ++i) {
        request_record r = numbered(i);
        ASSERT_TRUE(q.try_push(r));
        EXPECT_EQ(r.index, 0u);  // handed back a fresh record
    }
    ASSERT_EQ(q.available(), 3u);
    EXPECT_EQ(q.size_now(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(q.at(i).index, i);
    q.release(2);
    ASSERT_EQ(q.available(), 1u);
    EXPECT_EQ(q.at(0).index, 2u);
}

TEST(RecordRing, AFullRingRefusesAndLeavesTheRecordAlone) {
    record_ring q(2);
    for (std::uint64_t i = 0; i < 2; ++i) {
        request_record r = numbered(i);
        ASSERT_TRUE(q.try_push(r));
    }
    request_record r = numbered(7);
    r.output_text = "kept";
    EXPECT_FALSE(q.try_push(r));
    EXPECT_EQ(r.index, 7u);
    EXPECT_EQ(r.output_text, "kept");
    q.release(1);
    EXPECT_TRUE(q.try_push(r));
    EXPECT_EQ(q.size_now(), 2u);
}

TEST(RecordRing, ReleasedSlotsHandTheirBuffersBackToTheProducer) {
    record_ring q(2);
    for (int round = 0; round < 2; ++round) {
        request_record r;
        r.output_text.assign(4096, 'x');
        r.content_ns.resize(512);
        ASSERT_TRUE(q.try_push(r));
    }
    q.release(2);
    // The next pushes land in the released slots and take back their cleared buffers.
    for (int round = 0; round < 2; ++round) {
        request_record r = numbered(9);
        ASSERT_TRUE(q.try_push(r));
        EXPECT_EQ(r.index, 0u);
        EXPECT_TRUE(r.output_text.empty());
        EXPECT_GE(r.output_text.capacity(), 4096u);
        EXPECT_TRUE(r.content_ns.empty());
        EXPECT_GE(r.content_ns.capacity(), 512u);
    }
}

TEST(RecordRing, TwoThreadsPassEveryRecordOnceInOrder) {
    constexpr std::uint64_t n = 200'000;
    record_ring q(64);
    std::thread producer([&] {
        for (std::uint64_t i = 0; i < n; ++i) {
            request_record r = numbered(i);
            r.output_text.assign(i % 64, 'a');
            while (!q.try_push(r))
                std::this_thread::yield();
        }
    });
    std::uint64_t next = 0;
    bool in_order = true;
    while (next < n) {
        const std::size_t k = q.available();
        if (k == 0) {
            std::this_thread::yield();
            continue;
        }
        for (std::size_t i = 0; i < k; ++i) {
            const request_record& r = q.at(i);
            in_order = in_order && r.index == next && r.output_text.size() == next % 64;
            ++next;
        }
        q.release(k);
    }
    producer.join();
    EXPECT_TRUE(in_order);
    EXPECT_EQ(next, n);
    EXPECT_EQ(q.available(), 0u);
}

}  // namespace
