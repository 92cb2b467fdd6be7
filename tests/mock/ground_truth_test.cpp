#include "ringperf/mock/ground_truth.h"

#include <gtest/gtest.h>

#include "ringperf/base/file.h"

namespace ringperf::mock {
namespace {

TEST(GroundTruth, WritesHeaderAndOneLinePerTokenStampedAtCommit) {
    const std::string path = ::testing::TempDir() + "ground_truth_unit.csv";
    auto w = ground_truth_writer::open(path);
    ASSERT_TRUE(w.ok()) << (w.ok() ? "" : w.message());
    const wall_clock_map map = wall_clock_map::capture();
    ground_truth_buffer b(w->get(), map);
    EXPECT_TRUE(b.enabled());
    b.add("req-1", 0, 2);
    b.add("a,b \"c\"", 5, 1);
    EXPECT_TRUE(b.has_pending());
    b.commit(1000);
    EXPECT_FALSE(b.has_pending());
    b.add("req-1", 2, 1);
    b.commit(2000);
    b.flush();
    ASSERT_TRUE((*w)->close().ok());
    const auto text = read_file(path);
    ASSERT_TRUE(text.ok());
    const std::string w1 = std::to_string(map.to_wall(1000));
    const std::string w2 = std::to_string(map.to_wall(2000));
    EXPECT_EQ(*text,
              "x_request_id,token_index,mono_ns,wall_ns\n"
              "req-1,0,1000," +
                  w1 +
                  "\n"
                  "req-1,1,1000," +
                  w1 +
                  "\n"
                  "\"a,b \"\"c\"\"\",5,1000," +
                  w1 +
                  "\n"
                  "req-1,2,2000," +
                  w2 + "\n");
}

TEST(GroundTruth, BufferWithoutWriterIgnoresTokens) {
    ground_truth_buffer b(nullptr, wall_clock_map::capture());
    EXPECT_FALSE(b.enabled());
    b.add("x", 0, 3);
    EXPECT_FALSE(b.has_pending());
    b.commit(1);
    b.flush();
}

TEST(GroundTruth, OpenNamesTheFileThatCannotBeCreated) {
    auto w = ground_truth_writer::open("/nonexistent-dir/gt.csv");
    ASSERT_FALSE(w.ok());
    EXPECT_NE(w.message().find("/nonexistent-dir/gt.csv"), std::string::npos);
}

}  // namespace
}  // namespace ringperf::mock
