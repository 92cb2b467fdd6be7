#include "ringperf/workload/fixed_schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace ringperf::workload;
using ringperf::dataset::conversation;
using ringperf::dataset::conversation_set;
using ringperf::dataset::turn;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

turn at(double ts_ms) {
    turn t;
    t.text = "t" + std::to_string(ts_ms);
    t.timestamp_ms = ts_ms;
    return t;
}

turn after(double delay_ms) {
    turn t;
    t.text = "d" + std::to_string(delay_ms);
    t.delay_ms = delay_ms;
    return t;
}

turn plain() {
    turn t;
    t.text = "plain";
    return t;
}

conversation conv(std::string id, std::vector<turn> turns) {
    return {std::move(id), "", std::move(turns)};
}

// One single-turn conversation per timestamp, named c0, c1, ...
conversation_set trace(const std::vector<double>& ts) {
    conversation_set set;
    for (std::size_t i = 0; i < ts.size(); ++i)
        set.conversations.push_back(conv("c" + std::to_string(i), {at(ts[i])}));
    return set;
}

fixed_schedule make_ok(conversation_set& set, const fixed_schedule_options& o = {}) {
    auto s = fixed_schedule::make(set, o);
    EXPECT_TRUE(s.ok()) << s.message();
    return *s;
}

std::string make_error_of(conversation_set set, const fixed_schedule_options& o = {}) {
    auto s = fixed_schedule::make(set, o);
    EXPECT_FALSE(s.ok());
    return s.ok() ? "" : s.message();
}

std::vector<std::string> ids(const conversation_set& set) {
    std::vector<std::string> out;
    for (const auto& c : set.conversations)
        out.push_back(c.session_id);
    return out;
}

}  // namespace

TEST(FixedSchedule, WithoutOffsetOptionsTimestampsAreOffsetsFromZero) {
    auto set = trace({60000, 61000.25});
    const auto s = make_ok(set);
    EXPECT_EQ(s.origin_ms(), 0.0);
    EXPECT_EQ(s.starts(), (std::vector<fixed_start>{{0, 60'000'000'000}, {1, 61'000'250'000}}));
    EXPECT_EQ(s.last_offset_ns(), 61'000'250'000);
    EXPECT_TRUE(set.timestamped);
}

TEST(FixedSchedule, AutoOffsetMakesTheFirstTimestampTheOrigin) {
    auto set = trace({5000, 3000, 4000});
    fixed_schedule_options o;
    o.auto_offset = true;
    const auto s = make_ok(set, o);
    EXPECT_EQ(s.origin_ms(), 3000.0);
    EXPECT_EQ(s.starts(),
              (std::vector<fixed_start>{{1, 0}, {2, 1'000'000'000}, {0, 2'000'000'000}}));
}

TEST(FixedSchedule, AutoOffsetIsExactForEpochTimestamps) {
    auto set = trace({1.7e12 + 1, 1.7e12});
    fixed_schedule_options o;
    o.auto_offset = true;
    const auto s = make_ok(set, o);
    EXPECT_EQ(s.starts(), (std::vector<fixed_start>{{1, 0}, {0, 1'000'000}}));
    EXPECT_EQ(s.offset_ns(1.7e12 + 86'400'000), 86'400'000'000'000);
}

TEST(FixedSchedule, StartOffsetIsTheOrigin) {
    auto set = trace({1000, 2000, 3500});
    fixed_schedule_options o;
    o.start_offset_ms = 2000;
    const auto s = make_ok(set, o);
    EXPECT_EQ(s.origin_ms(), 2000.0);
    EXPECT_EQ(ids(set), (std::vector<std::string>{"c1", "c2"}));
    EXPECT_EQ(s.starts(), (std::vector<fixed_start>{{0, 0}, {1, 1'500'000'000}}));
}

TEST(FixedSchedule, SpeedupTwoHalvesOffsetsAndDelays) {
    auto set = trace({0, 1000, 3001});
    fixed_schedule_options o;
    o.speedup = 2;
    const auto s = make_ok(set, o);
    EXPECT_EQ(s.speedup(), 2.0);
    EXPECT_EQ(s.starts(), (std::vector<fixed_start>{{0, 0}, {1, 500'000'000}, {2, 1'500'500'000}}));
    EXPECT_EQ(s.delay_ns(250), 125'000'000);
    EXPECT_EQ(s.offset_ns(7), 3'500'000);
}

TEST(FixedSchedule, OffsetsRoundToTheNearestNanosecond) {
    auto set = trace({0});
    fixed_schedule_options o;
    o.speedup = 3;
    const auto s = make_ok(set, o);
    EXPECT_EQ(s.offset_ns(1), 333'333);  // 333333.33
    EXPECT_EQ(s.offset_ns(2), 666'667);  // 666666.67
    EXPECT_EQ(s.delay_ns(2), 666'667);
    o.speedup = 200'000;
    auto set2 = trace({0});
    const auto h = make_ok(set2, o);
    EXPECT_EQ(h.offset_ns(0.5), 3);  // 2.5 rounds away from zero
    EXPECT_EQ(h.offset_ns(1.5), 8);  // 7.5
    EXPECT_EQ(h.offset_ns(0.3), 2);  // 1.5
}

TEST(FixedSchedule, OffsetsAreNeverNegativeAndSaturate) {
    auto set = trace({5000});
    fixed_schedule_options o;
    o.auto_offset = true;
    const auto s = make_ok(set, o);
    EXPECT_EQ(s.offset_ns(4000), 0);
    EXPECT_EQ(s.delay_ns(-3), 0);
    EXPECT_EQ(s.delay_ns(nan_v), 0);
    EXPECT_EQ(s.offset_ns(1e300), std::int64_t{1} << 62);
}

TEST(FixedSchedule, WindowIsInclusiveAtBothEnds) {
    auto set = trace({999, 1000, 1500, 2000, 2001});
    fixed_schedule_options o;
    o.start_offset_ms = 1000;
    o.end_offset_ms = 2000;
    const auto s = make_ok(set, o);
    EXPECT_EQ(ids(set), (std::vector<std::string>{"c1", "c2", "c3"}));
    EXPECT_EQ(s.starts(), (std::vector<fixed_start>{{0, 0}, {1, 500'000'000}, {2, 1'000'000'000}}));
}

TEST(FixedSchedule, EndOffsetAloneKeepsTheOriginAtZero) {
    auto set = trace({100, 200, 300});
    fixed_schedule_options o;
    o.end_offset_ms = 200;
    const auto s = make_ok(set, o);
    EXPECT_EQ(ids(set), (std::vector<std::string>{"c0", "c1"}));
    EXPECT_EQ(s.origin_ms(), 0.0);
    EXPECT_EQ(s.last_offset_ns(), 200'000'000);
}

TEST(FixedSchedule, UntimedTurnsFollowTheTurnBeforeThem) {
    conversation_set set;
    set.conversations.push_back(
        conv("a", {at(500), after(10), at(1500), after(20), plain(), at(2500), after(5)}));
    set.conversations.push_back(conv("b", {at(100), after(10), plain()}));
    set.conversations.push_back(conv("c", {at(1200), after(30)}));
    set.conversations[2].system = "sys";
    fixed_schedule_options o;
    o.start_offset_ms = 1000;
    o.end_offset_ms = 2000;
    const auto s = make_ok(set, o);
    ASSERT_EQ(ids(set), (std::vector<std::string>{"a", "c"}));
    const auto& a = set.conversations[0].turns;
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0].timestamp_ms, 1500.0);
    EXPECT_EQ(a[1].delay_ms, 20.0);
    EXPECT_EQ(a[2].text, "plain");
    EXPECT_EQ(set.conversations[1].turns.size(), 2u);
    EXPECT_EQ(set.conversations[1].system, "sys");
    EXPECT_EQ(s.starts(), (std::vector<fixed_start>{{1, 200'000'000}, {0, 500'000'000}}));
}

TEST(FixedSchedule, TiesKeepDatasetOrder) {
    auto set = trace({100, 50, 100, 50});
    const auto s = make_ok(set);
    EXPECT_EQ(s.starts(),
              (std::vector<fixed_start>{
                  {1, 50'000'000}, {3, 50'000'000}, {0, 100'000'000}, {2, 100'000'000}}));
}

TEST(FixedSchedule, LaterTurnsKeepTheirTimestamps) {
    conversation_set set;
    set.conversations.push_back(conv("a", {at(10), at(10), at(40)}));
    const auto s = make_ok(set);
    EXPECT_EQ(s.starts().size(), 1u);
    EXPECT_EQ(s.offset_ns(*set.conversations[0].turns[2].timestamp_ms), 40'000'000);
}

TEST(FixedSchedule, AnEmptyWindowIsAnErrorAndLeavesTheSetAlone) {
    auto set = trace({100, 200});
    fixed_schedule_options o;
    o.start_offset_ms = 5000;
    o.end_offset_ms = 6000;
    auto s = fixed_schedule::make(set, o);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message(),
              "fixed schedule: no turn's timestamp lies in the window [5000, 6000] ms");
    EXPECT_EQ(ids(set), (std::vector<std::string>{"c0", "c1"}));
    o.end_offset_ms.reset();
    EXPECT_EQ(make_error_of(trace({100}), o),
              "fixed schedule: no turn's timestamp lies in the window from 5000 ms on");
    o.start_offset_ms.reset();
    o.end_offset_ms = 50;
    EXPECT_EQ(make_error_of(trace({100}), o),
              "fixed schedule: no turn's timestamp lies in the window up to 50 ms");
}

TEST(FixedSchedule, RejectsBadOptions) {
    fixed_schedule_options o;
    for (double v : {0.0, -1.0, nan_v, inf_v}) {
        o.speedup = v;
        EXPECT_EQ(make_error_of(trace({0}), o)
                      .rfind("fixed schedule: speedup must be finite and > 0, got ", 0),
                  0u);
    }
    o.speedup = 0;
    EXPECT_EQ(make_error_of(trace({0}), o),
              "fixed schedule: speedup must be finite and > 0, got 0");
    o.speedup = 1;
    o.auto_offset = true;
    o.start_offset_ms = 10;
    EXPECT_EQ(make_error_of(trace({0}), o),
              "fixed schedule: auto offset cannot be combined with a start offset (10 ms)");
    o.auto_offset = false;
    o.end_offset_ms = 9;
    EXPECT_EQ(make_error_of(trace({0}), o),
              "fixed schedule: the window is inverted: start offset 10 ms is after end offset "
              "9 ms");
}

TEST(FixedSchedule, RejectsBadData) {
    EXPECT_EQ(make_error_of(conversation_set{}),
              "fixed schedule: the dataset has no conversations");
    conversation_set set;
    set.conversations.push_back(conv("a", {at(0)}));
    set.conversations.push_back(conv("b", {after(5), at(10)}));
    EXPECT_EQ(make_error_of(set),
              "fixed schedule: session \"b\" turn 0: no timestamp; every conversation's first "
              "turn needs one");
    set.conversations[1] = conv("b", {at(1), at(-2)});
    EXPECT_EQ(make_error_of(set),
              "fixed schedule: session \"b\" turn 1: timestamp -2 ms is negative");
    set.conversations[1] = conv("b", {at(1), after(2), at(nan_v)});
    EXPECT_EQ(make_error_of(set), "fixed schedule: session \"b\" turn 2: timestamp is not finite");
    set.conversations[1] = conv("b", {at(inf_v)});
    EXPECT_EQ(make_error_of(set), "fixed schedule: session \"b\" turn 0: timestamp is not finite");
    set.conversations[1] = conv("b", {at(30), after(1), at(20)});
    EXPECT_EQ(make_error_of(set),
              "fixed schedule: session \"b\" turn 2: timestamp 20 ms is before the previous "
              "turn's 30 ms");
    turn both = at(5);
    both.delay_ms = 1;
    set.conversations[1] = conv("b", {at(1), both});
    EXPECT_EQ(make_error_of(set),
              "fixed schedule: session \"b\" turn 1: has both a timestamp and a delay");
    set.conversations[1] = conv("b", {});
    EXPECT_EQ(make_error_of(set), "fixed schedule: session \"b\" has no turns");
}

TEST(FixedSchedule, DataIsCheckedOutsideTheWindowToo) {
    conversation_set set;
    set.conversations.push_back(conv("a", {at(0), at(-1)}));
    set.conversations.push_back(conv("b", {at(100)}));
    fixed_schedule_options o;
    o.start_offset_ms = 50;
    EXPECT_EQ(make_error_of(set, o),
              "fixed schedule: session \"a\" turn 1: timestamp -1 ms is negative");
}
