#include "ringperf/ring/probe.h"

#include <gtest/gtest.h>

#include "ringperf/ring/ring.h"

using namespace ringperf::ring;

TEST(Probe, FindsIoUringAndNamesWhatIsMissing) {
    const features f = probe();
    if (!f.available) GTEST_SKIP() << "io_uring unavailable here: " << f.unavailable_reason;
    EXPECT_GT(f.last_op, 0u);
    EXPECT_GT(f.rlimit_nofile, 0u);
    EXPECT_NE(f.describe().find("multishot_recv"), std::string::npos);
    for (const auto& m : f.missing_required())
        ADD_FAILURE() << "engine requirement missing: " << m;
}

TEST(Ring, InitRegistersFixedFilesAndABufferRing) {
    const features f = probe();
    if (!f.missing_required().empty()) GTEST_SKIP() << "kernel lacks required io_uring features";
    uring r;
    ASSERT_TRUE(r.init({256, 1024, 64}, f).ok());
    EXPECT_EQ(r.fixed_files(), 64u);
    buffer_ring br;
    ASSERT_TRUE(br.init(r, 0, 64, 4096).ok());
    EXPECT_EQ(br.count(), 64u);
    EXPECT_FALSE(br.init(r, 1, 100, 4096).ok());  // not a power of two
}
