#include "ringperf/base/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "ringperf/base/uuid.h"

using ringperf::rng;

TEST(Rng, SameSeedGivesSameSequence) {
    rng a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next();
        EXPECT_EQ(x, b.next());
        differs |= x != c.next();
    }
    EXPECT_TRUE(differs);
}

TEST(Rng, DerivedStreamsAreIndependentAndRepeatable) {
    rng a = rng::derive(7, "timing"), b = rng::derive(7, "timing"), c = rng::derive(7, "prompts");
    EXPECT_EQ(a.next(), b.next());
    EXPECT_NE(rng::derive(7, "timing").next(), c.next());
}

TEST(Rng, UniformAndBelowStayInRange) {
    rng r(1);
    for (int i = 0; i < 10000; ++i) {
        const double u = r.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        ASSERT_LT(r.below(7), 7u);
    }
}

TEST(Rng, NormalHasUnitMomentsOverManySamples) {
    rng r(3);
    const int n = 200000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
        const double x = r.normal();
        sum += x;
        sq += x * x;
    }
    const double mean = sum / n;
    const double var = sq / n - mean * mean;
    EXPECT_NEAR(mean, 0.0, 0.01);
    EXPECT_NEAR(var, 1.0, 0.02);
}

TEST(Uuid, HasVersionFourVariantAndDashes) {
    rng r(5);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string u = ringperf::make_uuid_v4(r);
        ASSERT_EQ(u.size(), 36u);
        EXPECT_EQ(u[8], '-');
        EXPECT_EQ(u[13], '-');
        EXPECT_EQ(u[14], '4');
        EXPECT_EQ(u[18], '-');
        EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b') << u;
        EXPECT_EQ(u[23], '-');
        seen.insert(u);
    }
    EXPECT_EQ(seen.size(), 1000u);
}
