#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "ringperf/metrics/hdr_histogram.h"

namespace ringperf::metrics {
namespace {

// The counters of a 1 ns .. 1 day histogram at 3 significant figures: 311,296 bytes.
constexpr std::size_t large = 38'912;
constexpr std::size_t small = 100;

std::size_t resident_pages(const counter_array& a) {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t bytes = a.size() * sizeof(std::int64_t);
    std::vector<unsigned char> v((bytes + page - 1) / page);
    // Mappings start on a page boundary.
    std::int64_t* start = &const_cast<counter_array&>(a)[0];
    if (::mincore(start, bytes, v.data()) != 0) return SIZE_MAX;
    std::size_t n = 0;
    for (unsigned char c : v)
        n += c & 1;
    return n;
}

TEST(CounterArray, StartsAtZero) {
    for (std::size_t n : {small, large}) {
        const counter_array a(n);
        ASSERT_EQ(a.size(), n);
        for (std::size_t i = 0; i < n; i += 97)
            EXPECT_EQ(a[i], 0) << n << " " << i;
        EXPECT_EQ(a[n - 1], 0);
    }
}

TEST(CounterArray, LargeArrayTouchesOnlyThePagesItsCountsLandOn) {
    counter_array a(large);
    EXPECT_EQ(resident_pages(a), 0u);
    a[5] += 1;
    a[6] += 1;
    EXPECT_EQ(resident_pages(a), 1u);
    a[large - 1] += 3;
    EXPECT_EQ(resident_pages(a), 2u);
    const counter_array copy(a);  // copies only the pages that hold counts
    EXPECT_EQ(resident_pages(copy), 2u);
    EXPECT_EQ(copy[5], 1);
    EXPECT_EQ(copy[large - 1], 3);
    a.clear();
    EXPECT_EQ(resident_pages(a), 0u);
    EXPECT_EQ(a[5], 0);
}

TEST(CounterArray, CopiesAndAssignmentsAreDeep) {
    for (std::size_t n : {small, large}) {
        counter_array a(n);
        for (std::size_t i = 0; i < n; i += 7)
            a[i] = static_cast<std::int64_t>(i);
        counter_array b(a);
        counter_array c(1);
        c = a;
        a[0] = -1;
        a[7] = -1;
        for (std::size_t i = 0; i < n; ++i) {
            const auto expected = i % 7 == 0 ? static_cast<std::int64_t>(i) : 0;
            ASSERT_EQ(b[i], expected) << n << " " << i;
            ASSERT_EQ(c[i], expected) << n << " " << i;
        }
    }
}

TEST(CounterArray, MovesLeaveTheSourceEmpty) {
    counter_array a(large);
    a[100] = 9;
    counter_array b(std::move(a));
    EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(b[100], 9);
    counter_array c(small);
    c = std::move(b);
    EXPECT_EQ(c.size(), large);
    EXPECT_EQ(c[100], 9);
}

TEST(CounterArray, ClearZeroesSmallArrays) {
    counter_array a(small);
    a[3] = 4;
    a.clear();
    EXPECT_EQ(a[3], 0);
    EXPECT_EQ(a.size(), small);
}

}  // namespace
}  // namespace ringperf::metrics
