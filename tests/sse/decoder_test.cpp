// Decoder behaviour beyond the event log: where views point, buffer reuse by the caller,
// counters, reset and the sticky error. The event-stream rules themselves are covered by the
// golden cases (golden_test.cpp).
#include "ringperf/sse/decoder.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using ringperf::sse::decode_error;
using ringperf::sse::decoder;
using ringperf::sse::status;

bool points_into(std::string_view part, std::string_view whole) {
    return !part.empty() && part.data() >= whole.data() &&
           part.data() + part.size() <= whole.data() + whole.size();
}

TEST(SseDecoder, DataOfAWholeSingleLineEventPointsIntoTheInput) {
    const std::string buf = "event: delta\ndata: {\"x\":1}\n\n";
    decoder d;
    std::string_view in = buf;
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "{\"x\":1}");
    EXPECT_EQ(d.current().type, "delta");
    EXPECT_TRUE(points_into(d.current().data, buf));
    EXPECT_TRUE(points_into(d.current().type, buf));
    EXPECT_TRUE(in.empty());
}

TEST(SseDecoder, StopsAfterEachEventAndResumesWithTheRest) {
    const std::string buf = "data: a\n\ndata: b\n\n: tail";
    decoder d;
    std::string_view in = buf;
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "a");
    EXPECT_EQ(in, "data: b\n\n: tail");
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "b");
    EXPECT_EQ(in, ": tail");
    EXPECT_EQ(d.feed(in), status::need_more);
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(d.events(), 2u);
}

TEST(SseDecoder, CopiesALineSplitAcrossFeedsSoTheCallerMayReuseItsBuffer) {
    decoder d;
    std::string buf = "data: hel";
    std::string_view in = buf;
    ASSERT_EQ(d.feed(in), status::need_more);
    buf.assign("lo\n\n");
    in = buf;
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "hello");
    EXPECT_FALSE(points_into(d.current().data, buf));
}

TEST(SseDecoder, CopiesDataWhoseBlankLineArrivesInALaterFeed) {
    decoder d;
    std::string buf = "event: t\ndata: whole line\n";
    std::string_view in = buf;
    ASSERT_EQ(d.feed(in), status::need_more);
    buf.assign(buf.size(), '#');
    std::string_view blank = "\n";
    ASSERT_EQ(d.feed(blank), status::event);
    EXPECT_EQ(d.current().data, "whole line");
    EXPECT_EQ(d.current().type, "t");
}

TEST(SseDecoder, JoinsMultiLineDataWithNewlineInOwnedStorage) {
    const std::string buf = "data: a\ndata: b\n\n";
    decoder d;
    std::string_view in = buf;
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "a\nb");
    EXPECT_FALSE(points_into(d.current().data, buf));
}

TEST(SseDecoder, IdAndRetryPersistAcrossEvents) {
    decoder d;
    std::string_view in = "id: 7\nretry: 1500\ndata: a\n\ndata: b\n\n";
    ASSERT_EQ(d.feed(in), status::event);
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "b");
    EXPECT_EQ(d.current().id, "7");
    EXPECT_EQ(d.current().retry, std::optional<std::uint64_t>(1500));
}

TEST(SseDecoder, FinishDispatchesThePendingEventOnce) {
    decoder d;
    std::string_view in = "data: last";
    ASSERT_EQ(d.feed(in), status::need_more);
    ASSERT_EQ(d.finish(), status::event);
    EXPECT_EQ(d.current().data, "last");
    EXPECT_EQ(d.finish(), status::need_more);
    EXPECT_EQ(d.events(), 1u);
}

TEST(SseDecoder, ResetForgetsStreamStateButNotTheLimit) {
    decoder d(24);
    std::string_view in =
        "id: 1\nretry: 5\ndata: a\n\n\xEF\xBB\xBF"
        "data: partial";
    ASSERT_EQ(d.feed(in), status::event);
    ASSERT_EQ(d.feed(in), status::need_more);
    d.reset();
    EXPECT_EQ(d.events(), 0u);
    EXPECT_EQ(d.current().data, "");

    // A BOM is skipped again at the new stream's start; no id, retry or partial line survives.
    in = "\xEF\xBB\xBF"
         "data: b\n\n";
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data, "b");
    EXPECT_EQ(d.current().id, "");
    EXPECT_FALSE(d.current().retry.has_value());
    EXPECT_EQ(d.events(), 1u);

    in = "data: 0123456789abcdefghij\n\n";
    EXPECT_EQ(d.feed(in), status::error);
}

TEST(SseDecoder, TooLargeEventIsAStickyErrorUntilReset) {
    decoder d(32);
    std::string_view in = "data: ok\n\ndata: 0123456789012345678901234567890123456789\n\n";
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.error(), decode_error::none);
    EXPECT_EQ(d.feed(in), status::error);
    EXPECT_EQ(d.error(), decode_error::event_too_large);
    std::string_view more = "data: x\n\n";
    EXPECT_EQ(d.feed(more), status::error);
    EXPECT_EQ(d.finish(), status::error);

    d.reset();
    EXPECT_EQ(d.error(), decode_error::none);
    more = "data: x\n\n";
    ASSERT_EQ(d.feed(more), status::event);
    EXPECT_EQ(d.current().data, "x");
}

TEST(SseDecoder, UnterminatedLineIsBoundedWhileItGrows) {
    decoder d(1024);
    const std::string piece(512, 'x');
    std::string_view in = piece;
    ASSERT_EQ(d.feed(in), status::need_more);
    in = piece;
    ASSERT_EQ(d.feed(in), status::need_more);
    in = "y";
    EXPECT_EQ(d.feed(in), status::error);
    EXPECT_EQ(d.error(), decode_error::event_too_large);
}

TEST(SseDecoder, DefaultLimitAcceptsALargeEvent) {
    const std::string big = "data: " + std::string(4u << 20, 'z') + "\n\n";
    decoder d;
    std::string_view in = big;
    ASSERT_EQ(d.feed(in), status::event);
    EXPECT_EQ(d.current().data.size(), 4u << 20);
}

TEST(SseDecoder, CurrentIsEmptyBeforeTheFirstEvent) {
    decoder d;
    EXPECT_EQ(d.current().data, "");
    EXPECT_EQ(d.current().type, "");
    EXPECT_EQ(d.current().id, "");
    EXPECT_FALSE(d.current().retry.has_value());
    EXPECT_EQ(d.events(), 0u);
    EXPECT_EQ(d.error(), decode_error::none);
}

}  // namespace
