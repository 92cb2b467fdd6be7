#include "ringperf/export/record_spool.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/export/artifacts.h"

using namespace ringperf::exporter;

namespace {

std::string temp_dir() {
    char tmpl[] = "/tmp/ringperf_spool_test_XXXXXX";
    const char* d = mkdtemp(tmpl);
    return d ? d : "";
}

bool exists(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
}

std::string read_all(const std::string& p) {
    auto r = ringperf::read_file(p);
    EXPECT_TRUE(r.ok()) << r.message();
    return r.ok() ? *r : std::string();
}

std::string numbered_lines(std::uint32_t worker, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        s += "{\"w";
        s += std::to_string(worker);
        s += "\":";
        s += std::to_string(i);
        s += "}\n";
    }
    return s;
}

}  // namespace

TEST(RecordSpool, BuffersUntilFullAndWritesOnFlush) {
    const std::string dir = temp_dir();
    const auto paths = make_export_paths(dir, "");
    auto spool = record_spool::open(spool_path(paths.spool_dir, 0));
    ASSERT_TRUE(spool.ok()) << spool.message();
    ASSERT_TRUE(spool->append("{\"a\":1}\n").ok());
    EXPECT_EQ(read_all(spool->path()), "") << "small appends stay buffered";
    ASSERT_TRUE(spool->flush().ok());
    EXPECT_EQ(read_all(spool->path()), "{\"a\":1}\n");

    // Fill past the buffer: the buffered bytes are written before they would overflow.
    const std::string line(1000, 'x');
    std::string expected = "{\"a\":1}\n";
    for (int i = 0; i < 300; ++i) {
        ASSERT_TRUE(spool->append(line + "\n").ok());
        expected += line + "\n";
    }
    const std::string on_disk = read_all(spool->path());
    EXPECT_GT(on_disk.size(), 8u);
    EXPECT_LT(on_disk.size(), expected.size());
    EXPECT_EQ(on_disk, expected.substr(0, on_disk.size()));
    ASSERT_TRUE(spool->flush().ok());
    EXPECT_EQ(read_all(spool->path()), expected);
    EXPECT_EQ(spool->bytes_appended(), expected.size());
}

TEST(RecordSpool, WritesBlocksLargerThanTheBufferDirectly) {
    const std::string dir = temp_dir();
    auto spool = record_spool::open(dir + "/w.jsonl");
    ASSERT_TRUE(spool.ok());
    const std::string big(record_spool::buffer_bytes + 10, 'y');
    ASSERT_TRUE(spool->append("head\n").ok());
    ASSERT_TRUE(spool->append(big).ok());
    EXPECT_EQ(read_all(dir + "/w.jsonl"), "head\n" + big);
}

TEST(RecordSpool, FinalizeConcatenatesInOrderAndRemovesTheSpools) {
    const std::string dir = temp_dir();
    const auto paths = make_export_paths(dir, "");
    std::vector<std::string> spools;
    std::string expected;
    for (std::uint32_t w = 0; w < 3; ++w) {
        spools.push_back(spool_path(paths.spool_dir, w));
        auto s = record_spool::open(spools.back());
        ASSERT_TRUE(s.ok()) << s.message();
        const std::string lines = numbered_lines(w, 1000 * static_cast<int>(w));
        ASSERT_TRUE(s->append(lines).ok());
        expected += lines;
        // The destructor flushes the last two; the first is closed explicitly.
        if (w == 0) {
            ASSERT_TRUE(s->close().ok());
        }
    }
    const auto r = record_spool::finalize(spools, paths.records_jsonl);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(read_all(paths.records_jsonl), expected);
    for (const auto& s : spools)
        EXPECT_FALSE(exists(s)) << s;
    EXPECT_FALSE(exists(paths.spool_dir));
}

TEST(RecordSpool, FinalizeNamesAMissingSpoolAndKeepsTheOthers) {
    const std::string dir = temp_dir();
    const std::string present = dir + "/.spool/worker-0.jsonl";
    {
        auto s = record_spool::open(present);
        ASSERT_TRUE(s.ok());
        ASSERT_TRUE(s->append("{}\n").ok());
    }
    const std::vector<std::string> spools{present, dir + "/.spool/worker-1.jsonl"};
    const auto r = record_spool::finalize(spools, dir + "/profile_export.jsonl");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("worker-1.jsonl"), std::string::npos) << r.message();
    EXPECT_TRUE(exists(present));
    EXPECT_FALSE(exists(dir + "/profile_export.jsonl"));
}

TEST(RecordSpool, OpenNamesThePathItCannotCreate) {
    const std::string dir = temp_dir();
    ASSERT_TRUE(ringperf::write_file_atomic(dir + "/file", "x").ok());
    auto s = record_spool::open(dir + "/file/worker-0.jsonl");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find(dir + "/file"), std::string::npos) << s.message();
}

TEST(RecordSpool, AppendAfterCloseFailsNamingTheSpool) {
    const std::string dir = temp_dir();
    auto s = record_spool::open(dir + "/w.jsonl");
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(s->close().ok());
    const auto r = s->append("{}\n");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find(dir + "/w.jsonl"), std::string::npos);
}

TEST(RecordSpool, ReportsAFailedWriteWithThePath) {
    if (!exists("/dev/full")) GTEST_SKIP() << "/dev/full not available";
    auto s = record_spool::open("/dev/full");
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_TRUE(s->append("{}\n").ok());
    const auto r = s->flush();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("/dev/full"), std::string::npos) << r.message();
    EXPECT_FALSE(s->append("{}\n").ok()) << "a broken spool stays broken";
}

TEST(RecordSpool, KeepsEveryByteInOrderThroughManyFullBuffers) {
    // Lines of every length up to 3000 bytes, several megabytes: full buffers cycle through
    // the writer many times and lines straddle buffer ends; a flush() halfway (an unaligned
    // write) and a block larger than the buffer change how the rest is written, not what.
    const std::string dir = temp_dir();
    auto s = record_spool::open(dir + "/w.jsonl");
    ASSERT_TRUE(s.ok()) << s.message();
    std::string expected;
    for (int i = 0; i < 6000; ++i) {
        std::string line =
            std::to_string(i) + ":" +
            std::string(static_cast<std::size_t>(i % 3000), 'a' + static_cast<char>(i % 26)) + "\n";
        ASSERT_TRUE(s->append(line).ok());
        expected += line;
        if (i == 3000) {
            ASSERT_TRUE(s->flush().ok());
            EXPECT_EQ(read_all(dir + "/w.jsonl"), expected);
        }
        if (i == 4500) {
            const std::string big(record_spool::buffer_bytes * 2 + 7, 'B');
            ASSERT_TRUE(s->append(big).ok());
            expected += big;
        }
    }
    EXPECT_EQ(s->bytes_appended(), expected.size());
    ASSERT_TRUE(s->close().ok());
    EXPECT_EQ(read_all(dir + "/w.jsonl"), expected);
    std::filesystem::remove_all(dir);
}

TEST(RecordSpool, WholeBuffersReachTheFileWithoutAFlush) {
    const std::string dir = temp_dir();
    auto s = record_spool::open(dir + "/w.jsonl");
    ASSERT_TRUE(s.ok()) << s.message();
    const std::string line(999, 'z');
    std::string expected;
    while (expected.size() < 8U << 20) {
        ASSERT_TRUE(s->append(line + "\n").ok());
        expected += line + "\n";
    }
    // Full buffers may be written in the background: wait for most of them through the
    // file's size. What is there is a prefix of whole 4 KiB blocks.
    std::string on_disk;
    for (int i = 0; i < 500 && on_disk.size() < expected.size() / 2; ++i) {
        on_disk = read_all(dir + "/w.jsonl");
        if (on_disk.size() < expected.size() / 2) ::usleep(10'000);
    }
    EXPECT_GE(on_disk.size(), expected.size() / 2);
    EXPECT_EQ(on_disk.size() % 4096, 0u);
    EXPECT_EQ(on_disk, expected.substr(0, on_disk.size()));
    ASSERT_TRUE(s->close().ok());
    EXPECT_EQ(read_all(dir + "/w.jsonl"), expected);
    std::filesystem::remove_all(dir);
}

TEST(RecordSpool, FinalizeOfOneSpoolMovesItWithoutACopy) {
    const std::string dir = temp_dir();
    const auto paths = make_export_paths(dir, "");
    const std::string spool = spool_path(paths.spool_dir, 0);
    {
        auto s = record_spool::open(spool);
        ASSERT_TRUE(s.ok());
        ASSERT_TRUE(s->append(numbered_lines(0, 5000)).ok());
    }
    struct stat before {};
    ASSERT_EQ(::stat(spool.c_str(), &before), 0);
    const std::vector<std::string> spools{spool};
    ASSERT_TRUE(record_spool::finalize(spools, paths.records_jsonl).ok());
    struct stat after {};
    ASSERT_EQ(::stat(paths.records_jsonl.c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << "the spool itself became the file";
    EXPECT_EQ(read_all(paths.records_jsonl), numbered_lines(0, 5000));
    EXPECT_FALSE(exists(spool));
    EXPECT_FALSE(exists(paths.spool_dir));
    std::filesystem::remove_all(dir);
}

TEST(RecordSpool, FinalizeThatCannotWriteTheFileKeepsEverySpoolIntact) {
    const std::string dir = temp_dir();
    std::vector<std::string> spools;
    for (std::uint32_t w = 0; w < 2; ++w) {
        spools.push_back(dir + "/.spool/worker-" + std::to_string(w) + ".jsonl");
        auto s = record_spool::open(spools.back());
        ASSERT_TRUE(s.ok());
        ASSERT_TRUE(s->append(numbered_lines(w, 100)).ok());
    }
    // The final file's place is taken by a directory that is not empty: the last rename fails.
    const std::string final_path = dir + "/profile_export.jsonl";
    ASSERT_EQ(::mkdir(final_path.c_str(), 0755), 0);
    ASSERT_TRUE(ringperf::write_file_atomic(final_path + "/x", "x").ok());
    const auto r = record_spool::finalize(spools, final_path);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("cannot rename"), std::string::npos) << r.message();
    for (std::uint32_t w = 0; w < 2; ++w)
        EXPECT_EQ(read_all(spools[w]), numbered_lines(w, 100)) << spools[w];
    EXPECT_EQ(read_all(final_path + "/x"), "x");
    std::filesystem::remove_all(dir);
}
