// A metric_set's complete state (every summary's exact statistics and histogram, every
// counter) after seeded random records, byte for byte against
// tests/data/metrics/metric_set_golden.json: recording is tuned for speed, and none of it may
// change a value any export shows. The records cover every record metric, failures, warmup,
// several URLs and the option-driven metrics.
//
// RINGPERF_WRITE_GOLDEN=1 rewrites the file (only when the results are meant to change).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "random_records.h"
#include "ringperf/metrics/summary.h"

namespace {

using namespace ringperf::metrics;
using ringperf::rng;
using ringperf::wall_clock_map;
namespace rr = random_records;

constexpr std::uint64_t record_count = 1000;

std::string golden_path() {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return std::string(d ? d : "tests/data") + "/metrics/metric_set_golden.json";
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

metric_options all_options() {
    metric_options o;
    o.http_trace = true;
    o.network_rtt_ns = 300'000;
    o.goodput = {{metric_id::request_latency, 150'000'000}, {metric_id::time_to_first_token, 5e6}};
    o.fixed_schedule = true;
    return o;
}

// Half the records carry the values compute_record_values gives them, half random values.
std::string state_after_random_records() {
    const wall_clock_map clock;
    const metric_options o = all_options();
    metric_set set(o);
    rng g(112358);
    const token_source sources[] = {token_source::estimate, token_source::tokenizer,
                                    token_source::server};
    for (std::uint64_t i = 0; i < record_count; ++i) {
        const request_record r = rr::make_record(g, i);
        record_values v = compute_record_values(r, sources[i % 3], o);
        if (r.ok() && rr::coin(g)) v = rr::make_values(g);
        set.add(r, v, clock);
    }
    return set.save_state();
}

}  // namespace

TEST(MetricSetGolden, RandomRecordsGiveTheGoldenState) {
    const std::string state = state_after_random_records();
    if (std::getenv("RINGPERF_WRITE_GOLDEN") != nullptr) {
        std::ofstream(golden_path(), std::ios::binary) << state << '\n';
        GTEST_SKIP() << "rewrote " << golden_path();
    }
    std::string expected = read_all(golden_path());
    ASSERT_FALSE(expected.empty()) << "cannot read " << golden_path();
    expected.pop_back();
    std::size_t at = 0;
    while (at < state.size() && at < expected.size() && state[at] == expected[at])
        ++at;
    EXPECT_EQ(state, expected) << "first difference at byte " << at << ": got "
                               << state.substr(at > 40 ? at - 40 : 0, 120);
}

TEST(MetricSetGolden, TheGoldenRecordsReachEveryRecordMetric) {
    const wall_clock_map clock;
    const metric_options o = all_options();
    metric_set set(o);
    rng g(112358);
    for (std::uint64_t i = 0; i < record_count; ++i) {
        const request_record r = rr::make_record(g, i);
        record_values v = compute_record_values(r, token_source::estimate, o);
        if (r.ok() && rr::coin(g)) v = rr::make_values(g);
        set.add(r, v, clock);
    }
    for (std::size_t i = 0; i < record_metric_count; ++i)
        EXPECT_NE(set.find_summary(static_cast<metric_id>(i)), nullptr)
            << info(static_cast<metric_id>(i)).tag;
}
