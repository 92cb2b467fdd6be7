// Latency from the intended send time, send lag and schedule lag, on hand-built records.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>

#include "ringperf/metrics/record.h"
#include "ringperf/metrics/summary.h"

namespace ringperf::metrics {
namespace {

constexpr mono_ns t0 = 7'000'000'000;

// A successful streamed request issued at t0, `late_ns` after its intended time, on an open
// connection, its first byte written 2 us after the issue; content at t0 + offsets.
request_record on_schedule(mono_ns late_ns, std::initializer_list<mono_ns> offsets_ns) {
    request_record r;
    r.streaming = true;
    r.t_intended = t0 - late_ns;
    r.t_start = t0;
    r.t_connected = t0;
    r.connection_reused = true;
    r.t_write_start = t0 + 2'000;
    for (mono_ns o : offsets_ns)
        r.content_ns.push_back(t0 + o);
    r.first_output_index = r.content_ns.empty() ? -1 : 0;
    r.t_end = (r.content_ns.empty() ? t0 : r.content_ns.back()) + 700;
    r.status = 200;
    return r;
}

TEST(IntendedStart, TtftAndLatencyFromIntendedAddTheIssueDelay) {
    const request_record r = on_schedule(3'000'000, {40'000'000, 45'000'000, 52'000'000});
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.time_to_first_token_ns, 40'000'000);
    EXPECT_EQ(v.time_to_first_token_from_intended_ns, 43'000'000);
    EXPECT_EQ(v.request_latency_ns, 52'000'000);
    EXPECT_EQ(v.request_latency_from_intended_ns, 55'000'000);
    EXPECT_EQ(v.send_lag_ns, 3'002'000);
    EXPECT_EQ(v.schedule_lag_ns, 3'002'000);
}

TEST(IntendedStart, LatencyFromIntendedEndsWhereRequestLatencyEnds) {
    // Without content responses both run to t_end.
    request_record r = on_schedule(500, {});
    r.streaming = false;
    r.t_end = t0 + 9'000'000;
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.request_latency_ns, 9'000'000);
    EXPECT_EQ(v.request_latency_from_intended_ns, 9'000'500);
    EXPECT_FALSE(v.time_to_first_token_from_intended_ns);  // TTFT needs a stream
    EXPECT_FALSE(v.time_to_first_token_ns);
}

TEST(IntendedStart, NonStreamedRequestHasNoTtftFromIntended) {
    request_record r = on_schedule(1'000, {30'000});
    r.streaming = false;
    const record_values v = compute_record_values(r);
    EXPECT_FALSE(v.time_to_first_token_from_intended_ns);
    EXPECT_EQ(v.request_latency_from_intended_ns, 31'000);
}

TEST(IntendedStart, AbsentWithoutAnIntendedTime) {
    request_record r = on_schedule(0, {100, 200});
    r.t_intended = 0;
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.time_to_first_token_ns, 100);
    EXPECT_FALSE(v.time_to_first_token_from_intended_ns);
    EXPECT_FALSE(v.request_latency_from_intended_ns);
    EXPECT_FALSE(v.send_lag_ns);
    EXPECT_FALSE(v.schedule_lag_ns);
}

TEST(IntendedStart, OnTimeRequestDiffersOnlyByTheWriteDelay) {
    const record_values v = compute_record_values(on_schedule(0, {10'000}));
    EXPECT_EQ(v.time_to_first_token_from_intended_ns, v.time_to_first_token_ns);
    EXPECT_EQ(v.request_latency_from_intended_ns, v.request_latency_ns);
    EXPECT_EQ(v.send_lag_ns, 2'000);
}

TEST(SendLag, NewConnectionCountsInSendLagButNotInScheduleLag) {
    request_record r = on_schedule(4'000, {1'000'000});
    r.connection_reused = false;
    r.t_connected = t0 + 80'000;     // TCP connect
    r.t_write_start = t0 + 250'000;  // after the TLS handshake
    const send_lags l = compute_send_lags(r);
    EXPECT_EQ(l.send_lag_ns, 254'000);
    EXPECT_EQ(l.schedule_lag_ns, 4'000);
    const record_values v = compute_record_values(r);
    EXPECT_EQ(v.send_lag_ns, 254'000);
    EXPECT_EQ(v.schedule_lag_ns, 4'000);
}

TEST(SendLag, RetriedRequestRunsToTheRetrysWrite) {
    // A stale keep-alive connection: resent on a fresh one, which clears connection_reused.
    request_record r = on_schedule(1'000, {5'000'000});
    r.connection_reused = false;
    r.retries = 1;
    r.t_write_start = t0 + 900'000;
    const send_lags l = compute_send_lags(r);
    EXPECT_EQ(l.send_lag_ns, 901'000);
    EXPECT_EQ(l.schedule_lag_ns, 1'000);
}

TEST(SendLag, FailedRequestsHaveLagsButNoRecordValues) {
    request_record r = on_schedule(6'000, {});
    r.error = error_kind::http_status;
    r.error_code = 503;
    const send_lags l = compute_send_lags(r);
    EXPECT_EQ(l.send_lag_ns, 8'000);
    EXPECT_EQ(l.schedule_lag_ns, 8'000);
    const record_values v = compute_record_values(r);
    EXPECT_FALSE(v.send_lag_ns);
    EXPECT_FALSE(v.request_latency_from_intended_ns);
}

TEST(SendLag, RequestThatNeverWroteHasOnlyAScheduleLag) {
    request_record r = on_schedule(12'000, {});
    r.connection_reused = false;
    r.t_write_start = 0;  // the connect failed
    r.error = error_kind::connect;
    const send_lags l = compute_send_lags(r);
    EXPECT_FALSE(l.send_lag_ns);
    EXPECT_EQ(l.schedule_lag_ns, 12'000);
}

}  // namespace
}  // namespace ringperf::metrics
