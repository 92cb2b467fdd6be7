// What record_outputs::write makes of seeded random records, byte for byte against
// tests/data/cli/record_outputs_golden.txt: two workers' JSONL spools joined (its length and
// FNV-1a hash: the lines themselves are pinned by the export tests), their metric sets merged
// (the whole saved state) and the .hlog interval logs. The counting threads' path is tuned
// for speed (the interval logs are read off the workers' metric sets, the spools written past
// the page cache), and none of it may change a byte of what a run writes.
//
// RINGPERF_WRITE_GOLDEN=1 rewrites the file (only when the output is meant to change).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../metrics/random_records.h"
#include "hlog_recorder.h"
#include "record_sink.h"
#include "ringperf/export/record_spool.h"

namespace {

using namespace ringperf;
namespace fs = std::filesystem;
namespace rr = random_records;

constexpr std::uint64_t record_count = 1500;

std::string golden_path() {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return std::string(d ? d : "tests/data") + "/cli/record_outputs_golden.txt";
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string fnv1a64(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s)
        h = (h ^ c) * 0x100000001b3ULL;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// Every output of the records, as one text: sections headed "== <name>".
std::string outputs_of_random_records(const fs::path& dir) {
    fs::remove_all(dir);
    const wall_clock_map clock;  // offset 0: epoch ns equal the monotonic ones
    metrics::metric_options o;
    o.http_trace = true;
    o.network_rtt_ns = 300'000;
    cli::record_outputs outs(clock, (dir / ".spool").string());
    outs.set_metric_options(o);
    cli::hlog_recorder hlog((dir / "hlog").string(), 0.05, clock);
    outs.attach_hlog(&hlog);
    cli::worker_output* workers[] = {&outs.open(0), &outs.open(1)};
    rng g(31337);
    std::string line;
    const metrics::token_source sources[] = {metrics::token_source::estimate,
                                             metrics::token_source::tokenizer};
    for (std::uint64_t i = 0; i < record_count; ++i) {
        metrics::request_record r = rr::make_record(g, i);
        r.worker_id %= 2;
        outs.write(*workers[r.worker_id], r, sources[i % 2], line);
    }
    metrics::metric_set merged;
    std::vector<std::string> spools;
    for (cli::worker_output* w : workers) {
        cli::record_outputs::close(*w);
        merged.merge(w->metrics);
        spools.push_back(w->spool_path);
    }
    EXPECT_TRUE(exporter::record_spool::finalize(spools, (dir / "records.jsonl").string()).ok());
    EXPECT_TRUE(hlog.write_files("golden").ok());
    const std::string jsonl = read_all(dir / "records.jsonl");
    std::string all = "== records.jsonl: " + std::to_string(jsonl.size()) + " bytes, fnv1a64 " +
                      fnv1a64(jsonl) + "\n";
    all += "== metric state\n" + merged.save_state() + "\n";
    std::vector<fs::path> logs;
    for (const auto& e : fs::directory_iterator(dir / "hlog"))
        logs.push_back(e.path());
    std::sort(logs.begin(), logs.end());
    for (const fs::path& p : logs)
        all += "== " + p.filename().string() + "\n" + read_all(p);
    fs::remove_all(dir);
    return all;
}

}  // namespace

TEST(RecordOutputsGolden, RandomRecordsGiveTheGoldenFiles) {
    const std::string all =
        outputs_of_random_records(fs::temp_directory_path() / "ringperf-record-outputs-golden");
    EXPECT_NE(all.find("== request_latency.hlog\n"), std::string::npos);
    EXPECT_NE(all.find("== send_lag.hlog\n"), std::string::npos);
    if (std::getenv("RINGPERF_WRITE_GOLDEN") != nullptr) {
        std::ofstream(golden_path(), std::ios::binary) << all;
        GTEST_SKIP() << "rewrote " << golden_path();
    }
    const std::string expected = read_all(golden_path());
    ASSERT_FALSE(expected.empty()) << "cannot read " << golden_path();
    std::size_t line = 1, at = 0;
    while (at < all.size() && at < expected.size() && all[at] == expected[at]) {
        if (all[at] == '\n') ++line;
        ++at;
    }
    EXPECT_EQ(at, std::max(all.size(), expected.size()))
        << "first difference on line " << line << ":\n  got      " << all.substr(at, 80)
        << "\n  expected " << expected.substr(at, 80);
}
