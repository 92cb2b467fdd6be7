#include "ringperf/workload/fixed_schedule.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "describe.h"

namespace ringperf::workload {

namespace {

constexpr double max_offset_ns = 0x1p62;

std::int64_t scaled_ns(double ms, double speedup) noexcept {
    const double ns = ms * 1e6 / speedup;
    if (!(ns > 0)) return 0;
    if (ns >= max_offset_ns) return static_cast<std::int64_t>(max_offset_ns);
    return std::llround(ns);
}

error fail(std::string what) {
    return make_error("fixed schedule: " + what);
}

std::string where(const dataset::conversation& c, std::size_t turn) {
    return "session \"" + c.session_id + "\" turn " + std::to_string(turn) + ": ";
}

result<void> check_options(const fixed_schedule_options& o) {
    if (!std::isfinite(o.speedup) || o.speedup <= 0)
        return fail("speedup must be finite and > 0, got " + describe_number(o.speedup));
    if (o.auto_offset && o.start_offset_ms)
        return fail("auto offset cannot be combined with a start offset (" +
                    std::to_string(*o.start_offset_ms) + " ms)");
    if (o.start_offset_ms && o.end_offset_ms && *o.start_offset_ms > *o.end_offset_ms)
        return fail("the window is inverted: start offset " + std::to_string(*o.start_offset_ms) +
                    " ms is after end offset " + std::to_string(*o.end_offset_ms) + " ms");
    return {};
}

result<void> check_conversation(const dataset::conversation& c) {
    if (c.turns.empty()) return fail("session \"" + c.session_id + "\" has no turns");
    if (!c.turns.front().timestamp_ms)
        return fail(where(c, 0) + "no timestamp; every conversation's first turn needs one");
    std::optional<double> previous;
    for (std::size_t i = 0; i < c.turns.size(); ++i) {
        const dataset::turn& t = c.turns[i];
        if (!t.timestamp_ms) continue;
        const double ts = *t.timestamp_ms;
        if (!std::isfinite(ts)) return fail(where(c, i) + "timestamp is not finite");
        if (ts < 0)
            return fail(where(c, i) + "timestamp " + describe_number(ts) + " ms is negative");
        if (t.delay_ms) return fail(where(c, i) + "has both a timestamp and a delay");
        if (previous && ts < *previous)
            return fail(where(c, i) + "timestamp " + describe_number(ts) +
                        " ms is before the previous turn's " + describe_number(*previous) + " ms");
        previous = ts;
    }
    return {};
}

// The conversation's turns that the window keeps (see the header's Window).
std::vector<dataset::turn> kept_turns(const dataset::conversation& c,
                                      const fixed_schedule_options& o) {
    std::vector<dataset::turn> kept;
    bool keep = true;
    for (const dataset::turn& t : c.turns) {
        if (t.timestamp_ms) {
            const double ts = *t.timestamp_ms;
            keep = (!o.start_offset_ms || ts >= static_cast<double>(*o.start_offset_ms)) &&
                   (!o.end_offset_ms || ts <= static_cast<double>(*o.end_offset_ms));
        }
        if (keep) kept.push_back(t);
    }
    return kept;
}

std::string describe_window(const fixed_schedule_options& o) {
    if (o.start_offset_ms && o.end_offset_ms)
        return "[" + std::to_string(*o.start_offset_ms) + ", " + std::to_string(*o.end_offset_ms) +
               "] ms";
    if (o.start_offset_ms) return "from " + std::to_string(*o.start_offset_ms) + " ms on";
    return "up to " + std::to_string(*o.end_offset_ms) + " ms";
}

}  // namespace

result<fixed_schedule> fixed_schedule::make(dataset::conversation_set& set,
                                            const fixed_schedule_options& options) {
    if (auto r = check_options(options); !r) return r.err();
    if (set.conversations.empty()) return fail("the dataset has no conversations");
    if (set.conversations.size() > std::numeric_limits<std::uint32_t>::max())
        return fail("too many conversations (" + std::to_string(set.conversations.size()) + ")");
    for (const auto& c : set.conversations)
        if (auto r = check_conversation(c); !r) return r.err();

    std::vector<dataset::conversation> kept;
    for (auto& c : set.conversations) {
        auto turns = kept_turns(c, options);
        if (turns.empty()) continue;
        kept.push_back({c.session_id, c.system, std::move(turns)});
    }
    if (kept.empty())
        return fail("no turn's timestamp lies in the window " + describe_window(options));

    fixed_schedule s;
    s.speedup_ = options.speedup;
    std::vector<std::uint32_t> order(kept.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto first_ts = [&kept](std::uint32_t i) { return *kept[i].turns.front().timestamp_ms; };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return first_ts(a) < first_ts(b); });
    if (options.auto_offset)
        s.origin_ms_ = first_ts(order.front());
    else if (options.start_offset_ms)
        s.origin_ms_ = static_cast<double>(*options.start_offset_ms);
    s.starts_.reserve(order.size());
    for (std::uint32_t i : order)
        s.starts_.push_back({i, s.offset_ns(first_ts(i))});
    set.conversations = std::move(kept);
    set.timestamped = true;
    return s;
}

std::int64_t fixed_schedule::offset_ns(double timestamp_ms) const noexcept {
    return scaled_ns(timestamp_ms - origin_ms_, speedup_);
}

std::int64_t fixed_schedule::delay_ns(double delay_ms) const noexcept {
    return scaled_ns(delay_ms, speedup_);
}

std::int64_t fixed_schedule::last_offset_ns() const noexcept {
    return starts_.empty() ? 0 : starts_.back().offset_ns;
}

}  // namespace ringperf::workload
