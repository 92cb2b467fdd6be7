// profile_export.jsonl lines of seeded random records, byte for byte against
// tests/data/export/record_jsonl_golden.jsonl: the per-request writer is tuned for speed
// (pre-encoded keys and units, hand-rolled number text), and nothing of that may change a
// byte of the file AIPerf's tools read. Every metric of the catalogue, errors and ids that
// need escaping, tiny, huge and negative values occur in it.
//
// RINGPERF_WRITE_GOLDEN=1 rewrites the file (only when the output is meant to change).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "../metrics/random_records.h"
#include "ringperf/export/record_jsonl.h"

namespace {

using ringperf::rng;
using ringperf::wall_clock_map;
using ringperf::exporter::record_metric_table;
namespace rr = random_records;

constexpr std::uint64_t record_count = 40;

std::string golden_path() {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return std::string(d ? d : "tests/data") + "/export/record_jsonl_golden.jsonl";
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string lines_of_random_records() {
    const wall_clock_map clock;  // offset 0: epoch ns equal the monotonic ones
    const record_metric_table table(ringperf::metrics::all_metrics());
    rng g(20261123);
    std::string out;
    for (std::uint64_t i = 0; i < record_count; ++i) {
        const auto r = rr::make_record(g, i);
        auto v = rr::make_values(g);
        if (!r.ok() && rr::coin(g)) v = {};
        ringperf::exporter::append_record_jsonl(out, r, v, clock, table,
                                                rr::make_conversation_id(g));
    }
    return out;
}

}  // namespace

TEST(RecordJsonlGolden, RandomRecordsGiveTheGoldenBytes) {
    const std::string lines = lines_of_random_records();
    if (std::getenv("RINGPERF_WRITE_GOLDEN") != nullptr) {
        std::ofstream(golden_path(), std::ios::binary) << lines;
        GTEST_SKIP() << "rewrote " << golden_path();
    }
    const std::string expected = read_all(golden_path());
    ASSERT_FALSE(expected.empty()) << "cannot read " << golden_path();
    std::size_t line = 1, at = 0;
    while (at < lines.size() && at < expected.size() && lines[at] == expected[at]) {
        if (lines[at] == '\n') ++line;
        ++at;
    }
    ASSERT_EQ(lines.size(), expected.size()) << "first difference on line " << line;
    EXPECT_EQ(at, lines.size()) << "first difference on line " << line << ", byte " << at
                                << ":\n  got      " << lines.substr(at, 80) << "\n  expected "
                                << expected.substr(at, 80);
}

TEST(RecordJsonlGolden, EveryWrittenMetricOccursInTheGoldenRecords) {
    const std::string lines = lines_of_random_records();
    for (const auto& m : ringperf::metrics::all_metrics()) {
        if (m.kind != ringperf::metrics::metric_kind::record ||
            (m.flags & ringperf::metrics::flag::no_individual_records) != 0)
            continue;
        EXPECT_NE(lines.find("\"" + std::string(m.tag) + "\":{\"value\":"), std::string::npos)
            << m.tag;
    }
}
