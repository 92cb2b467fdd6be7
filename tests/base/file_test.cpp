#include "ringperf/base/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace {

std::string temp_dir() {
    char tmpl[] = "/tmp/ringperf_file_test_XXXXXX";
    const char* d = mkdtemp(tmpl);
    return d ? d : "";
}

}  // namespace

TEST(File, WritesAtomicallyAndReadsBack) {
    const std::string dir = temp_dir();
    ASSERT_FALSE(dir.empty());
    const std::string path = dir + "/a/b/out.txt";
    ASSERT_TRUE(ringperf::make_dirs(dir + "/a/b").ok());
    ASSERT_TRUE(ringperf::write_file_atomic(path, "hello").ok());
    ASSERT_TRUE(ringperf::write_file_atomic(path, "replaced").ok());
    auto r = ringperf::read_file(path);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(*r, "replaced");
}

TEST(File, ReportsMissingFileWithItsPath) {
    auto r = ringperf::read_file("/nonexistent/ringperf/x.toml");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("/nonexistent/ringperf/x.toml"), std::string::npos);
}

TEST(File, MakeDirsRejectsAPathThroughAFile) {
    const std::string dir = temp_dir();
    ASSERT_TRUE(ringperf::write_file_atomic(dir + "/f", "x").ok());
    EXPECT_FALSE(ringperf::make_dirs(dir + "/f/sub").ok());
}
