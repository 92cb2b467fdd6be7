#include "ringperf/mock/token_clock.h"

#include <gtest/gtest.h>

namespace ringperf::mock {
namespace {

TEST(TokenClock, DeadlinesAreAbsoluteFromT0WithoutJitter) {
    token_clock c;
    c.start(clock_params::from_ms(20, 5, 0, 0), 1'000'000'000, 1);
    for (std::uint64_t k = 0; k < 100; ++k) {
        EXPECT_EQ(c.index(), k);
        EXPECT_EQ(c.deadline(),
                  1'000'000'000 + 20'000'000 + static_cast<std::int64_t>(k) * 5'000'000);
        c.advance();
    }
    EXPECT_EQ(c.deadline_of(9), 1'000'000'000 + 20'000'000 + 9 * 5'000'000);
}

TEST(TokenClock, JitterStaysInBoundsKeepsOrderAndRepeatsForASeed) {
    const auto p = clock_params::from_ms(10, 2, 3, 1.5);
    token_clock a;
    token_clock b;
    a.start(p, 0, 77);
    b.start(p, 0, 77);
    mono_ns first = a.deadline();
    EXPECT_GE(first, 7'000'000 - 1'500'000);
    EXPECT_LE(first, 13'000'000 + 1'500'000);
    mono_ns prev = 0;
    bool varied = false;
    for (std::int64_t k = 0; k < 1000; ++k) {
        EXPECT_EQ(a.deadline(), b.deadline());
        EXPECT_GE(a.deadline(), prev);
        EXPECT_GE(a.deadline(), 0);
        varied = varied || a.deadline() != first + k * 2'000'000;
        prev = a.deadline();
        a.advance();
        b.advance();
    }
    EXPECT_TRUE(varied);
    token_clock c;
    c.start(p, 0, 78);
    EXPECT_NE(c.deadline(), first);
}

TEST(TokenClock, NegativeJitterNeverPrecedesT0) {
    token_clock c;
    c.start(clock_params::from_ms(0, 0, 5, 5), 100, 3);
    for (int k = 0; k < 100; ++k) {
        EXPECT_GE(c.deadline(), 100);
        c.advance();
    }
}

}  // namespace
}  // namespace ringperf::mock
