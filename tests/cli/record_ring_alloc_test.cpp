// Once every slot of a record ring has held a record, a worker filling the record it gets
// back with a request's texts and timestamps allocates nothing: the buffers go round.
#include <gtest/gtest.h>

#include "allocation_counter.h"
#include "record_ring.h"

using ringperf::cli::record_ring;
using ringperf::metrics::request_record;

namespace {

// One request's worth of work on the worker's record: 64 events of text and timestamps.
void fill(request_record& r, std::uint64_t i) {
    r.clear();
    r.index = i;
    for (int e = 0; e < 64; ++e) {
        r.content_ns.push_back(e);
        r.output_text.append(" token");
        r.reasoning_text.append(" why");
    }
    r.finish_reason.assign("length");
}

TEST(RecordRingAlloc, RecycledRecordsKeepTheirBuffers) {
    record_ring q(8);
    request_record worker;
    std::uint64_t i = 0;
    auto one_round = [&] {
        for (int k = 0; k < 8; ++k) {
            fill(worker, i++);
            ASSERT_TRUE(q.try_push(worker));
        }
        ASSERT_EQ(q.available(), 8u);
        q.release(8);
    };
    for (int warm = 0; warm < 3; ++warm)
        one_round();
    const std::uint64_t before = ringperf::test_support::allocation_count();
    for (int round = 0; round < 100; ++round)
        one_round();
    EXPECT_EQ(ringperf::test_support::allocation_count(), before);
}

}  // namespace
