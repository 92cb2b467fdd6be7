// When sessions start and when their turns go: the timing modes, the concurrency and
// prefill limits (with their ramps), the stop conditions, and think times.
//
// A session holds one unit of concurrency from its first turn to its end. Its turns go
// through pending_, which sends them as the prefill limit and the connection pool allow.
#include <algorithm>
#include <cmath>

#include "worker.h"

namespace ringperf::engine {

bool worker::may_issue() const {
    return !stopping_ && !issuing_over_ && issued_ < request_quota_ && now_ < issue_until_;
}

bool worker::may_start_session() const {
    return may_issue() && sessions_started_ < session_quota_;
}

std::uint32_t worker::session_limit() const {
    const phase_spec& ph = phase();
    if (ph.concurrency == 0) return UINT32_MAX;
    const std::uint64_t global =
        ph.concurrency_ramp ? ph.concurrency_ramp->limit_at(now_ - start_ns_) : ph.concurrency;
    return static_cast<std::uint32_t>(share_.share_of(global));
}

std::uint32_t worker::prefill_limit() const {
    const phase_spec& ph = phase();
    if (ph.prefill_concurrency == 0) return UINT32_MAX;
    const std::uint64_t global =
        ph.prefill_ramp ? ph.prefill_ramp->limit_at(now_ - start_ns_) : ph.prefill_concurrency;
    // While the ramp is below the worker count some workers wait for their first place.
    return static_cast<std::uint32_t>(share_.share_of(global));
}

bool worker::has_session_room() const {
    return live_sessions_ < session_limit();
}

// More sessions may still start in this phase (now or later).
bool worker::more_starts() const {
    if (!may_start_session()) return false;
    switch (phase().mode) {
        case timing_mode::closed_loop:
            return session_limit() > 0 || phase().concurrency_ramp.has_value();
        case timing_mode::request_rate:
        case timing_mode::fixed_schedule:
            return next_start_.has_value() || !start_queue_.empty();
        case timing_mode::user_centric:
            return next_user_.has_value() || !start_queue_.empty();
    }
    return false;
}

bool worker::finished() const {
    if (busy_ > 0) return false;
    if (stopping_ || now_ >= drop_at_) return true;
    if (live_sessions_ > 0) return false;
    return !more_starts();
}

mono_ns worker::next_wakeup() const {
    if (stopping_) return INT64_MAX;
    mono_ns t = session_timers_.next_deadline();
    if (!issuing_over_ && issue_until_ != INT64_MAX) t = std::min(t, issue_until_);
    const phase_spec& ph = phase();
    if (next_start_) t = std::min(t, start_ns_ + next_start_->offset_ns);
    if (next_user_) t = std::min(t, start_ns_ + next_user_->offset_ns);
    for (const auto* ramp : {&ph.concurrency_ramp, &ph.prefill_ramp}) {
        if (!*ramp) continue;
        if (auto next = (*ramp)->next_change_ns(now_ - start_ns_))
            t = std::min(t, start_ns_ + *next);
    }
    return t;
}

void worker::pump() {
    now_ = now_mono_ns();
    for (const std::uint32_t i : freed_) {
        slot& s = *slots_[i];
        if (!s.busy) idle_[s.url].push_back(i);
    }
    freed_.clear();
    std::uint32_t id = 0;
    while (session_timers_.pop_due(now_, id))
        on_session_due(id);
    start_due_sessions();
    if (!issuing_over_ && !may_issue()) {
        issuing_over_ = true;
        abandon_waiting();
    } else if (ticks_over()) {
        // Rate mode serves continuation turns with ticks: once the ticks are over, a turn
        // still to come can never go.
        std::uint32_t waiting = 0;
        while (session_timers_.pop_due(INT64_MAX, waiting))
            end_session(waiting);
        for (const std::uint32_t i : continuations_)
            end_session(i);
        continuations_.clear();
    }
    drain_pending();
}

void worker::start_due_sessions() {
    if (!share_.takes_part() || stopping_) return;
    switch (phase().mode) {
        case timing_mode::closed_loop:
            while (has_session_room() && may_start_session()) {
                const std::uint64_t n = share_.position + sessions_started_ * share_.active;
                // A closed-loop session is meant to start when it is issued: the burst
                // that fills the concurrency at the start takes the client a while to
                // issue, and that is the load's shape, not lateness. A stall between
                // issuing and writing still shows in the schedule lag.
                start_session(n, conversation_for(n), 0, when_issued);
            }
            return;
        case timing_mode::request_rate:
            while (next_start_ && start_ns_ + next_start_->offset_ns <= now_) {
                on_tick(*next_start_);
                next_start_ = cursor_->next();
            }
            break;
        case timing_mode::fixed_schedule:
        case timing_mode::user_centric:
            start_scheduled(now_);
            break;
    }
    // Starts held back by the cap go as sessions end; their intended time stays theirs.
    while (!start_queue_.empty() && has_session_room() && may_start_session()) {
        const held_start h = start_queue_.front();
        start_queue_.pop_front();
        const bool fixed = phase().mode == timing_mode::fixed_schedule;
        const auto conv =
            fixed ? phase().fixed->starts()[h.number].conversation : conversation_for(h.number);
        start_session(h.number, conv, h.max_turns, start_ns_ + h.offset_ns);
    }
}

void worker::on_tick(const workload::scheduled_request& r) {
    const mono_ns intended = start_ns_ + r.offset_ns;
    // A tick goes to a waiting continuation turn first (AIPerf's credit order).
    if (!continuations_.empty()) {
        const std::uint32_t id = continuations_.front();
        continuations_.pop_front();
        sessions_[id].intended = intended;
        pending_.push_back(id);
        return;
    }
    if (!may_start_session()) return;
    if (has_session_room()) {
        start_session(r.index, conversation_for(r.index), 0, intended);
    } else if (phase().overflow == workload::overflow_policy::queue) {
        start_queue_.push_back({r.index, r.offset_ns, 0});
        ++rep().queued;
    } else {
        ++rep().skipped;
    }
}

// Fixed schedule and user-centric starts: sent when due, held while the cap is reached.
void worker::start_scheduled(mono_ns now) {
    const bool fixed = phase().mode == timing_mode::fixed_schedule;
    for (;;) {
        if (fixed ? !next_start_ : !next_user_) {
            fixed ? advance_fixed() : advance_users();
            if (fixed ? !next_start_ : !next_user_) return;
        }
        const std::int64_t offset = fixed ? next_start_->offset_ns : next_user_->offset_ns;
        if (start_ns_ + offset > now || !may_start_session()) return;
        if (fixed) {
            const workload::scheduled_request r = *next_start_;
            next_start_.reset();
            if (has_session_room() && start_queue_.empty()) {
                start_session(r.index, phase().fixed->starts()[r.index].conversation, 0,
                              start_ns_ + r.offset_ns);
            } else {
                start_queue_.push_back({r.index, r.offset_ns, 0});
                ++rep().queued;
            }
        } else {
            const workload::user_start u = *next_user_;
            next_user_.reset();
            // Users are not capped unless --concurrency says so; a capped user waits.
            if (has_session_room() && start_queue_.empty()) {
                start_session(u.user, conversation_for(u.user), u.max_turns.value_or(0),
                              start_ns_ + u.offset_ns);
            } else {
                start_queue_.push_back({u.user, u.offset_ns, u.max_turns.value_or(0)});
                ++rep().queued;
            }
        }
    }
}

void worker::advance_fixed() {
    const auto& starts = phase().fixed->starts();
    const std::uint64_t k = share_.position + start_position_ * share_.active;
    if (k >= starts.size()) return;
    ++start_position_;
    next_start_ = workload::scheduled_request{k, starts[k].offset_ns};
}

void worker::advance_users() {
    const workload::user_centric_plan& plan = *phase().users;
    const auto& initial = plan.initial();
    const std::uint64_t k = share_.position + start_position_ * share_.active;
    if (k < initial.size()) {
        ++start_position_;
        next_user_ = initial[k];
        return;
    }
    next_user_ = plan.replacement(share_.position + replacements_ * share_.active);
    ++replacements_;
}

std::uint32_t worker::conversation_for(std::uint64_t number) {
    const std::size_t n = spec_.conversations->conversations.size();
    // Orders are pure functions of the seed, the phase and the session number, the same on
    // every worker; warmup draws its own.
    const std::uint64_t salt =
        phase().phase == metrics::benchmark_phase::warmup ? 0x5741524d55500000ULL : 0;
    if (spec_.sampling != dataset::sampling_strategy::shuffle)
        return static_cast<std::uint32_t>(
            dataset::sampled_index(spec_.sampling, spec_.seed, salt, number, n));
    const std::uint64_t epoch = number / n;
    // The cached pass is keyed by phase too: warmup and profiling both start at epoch 0.
    if ((epoch ^ salt) != perm_epoch_ || perm_.size() != n) {
        dataset::shuffled_pass(spec_.seed, salt, epoch, static_cast<std::uint32_t>(n), perm_);
        perm_epoch_ = epoch ^ salt;
    }
    return perm_[number % n];
}

void worker::start_session(std::uint64_t number, std::uint32_t conversation,
                           std::uint32_t max_turns, mono_ns intended) {
    std::uint32_t id = 0;
    if (!free_sessions_.empty()) {
        id = free_sessions_.back();
        free_sessions_.pop_back();
    } else {
        id = static_cast<std::uint32_t>(sessions_.size());
        sessions_.emplace_back();
        session_timers_.grow(id + 1);
    }
    session& ss = sessions_[id];
    const auto turns =
        static_cast<std::uint32_t>(spec_.conversations->conversations[conversation].turns.size());
    ss.number = number;
    ss.conversation = conversation;
    ss.end_turn = max_turns > 0 ? std::min(turns, max_turns) : turns;
    ss.turn = 0;
    ss.intended = ss.last_intended = intended;
    ss.replies.clear();
    ss.history_tokens = 0;
    ss.live = true;
    ++live_sessions_;
    ++sessions_started_;
    pending_.push_back(id);
}

void worker::turn_done(std::uint32_t id, bool ok) {
    session& ss = sessions_[id];
    ++ss.turn;
    // A failed turn ends its session: the next turn would need the reply it did not get.
    if (!ok || ss.turn >= ss.end_turn || !may_issue() || ticks_over()) {
        end_session(id);
        return;
    }
    const phase_spec& ph = phase();
    const dataset::turn& t = spec_.conversations->conversations[ss.conversation].turns[ss.turn];
    mono_ns due = now_;
    switch (ph.mode) {
        case timing_mode::closed_loop:
        case timing_mode::request_rate:
            due = now_ + seconds_to_ns(std::max(t.delay_ms.value_or(0), 0.0) / 1e3);
            break;
        case timing_mode::fixed_schedule:
            if (t.timestamp_ms)
                due = std::max(now_, start_ns_ + ph.fixed->offset_ns(*t.timestamp_ms));
            else
                due = now_ + ph.fixed->delay_ns(t.delay_ms.value_or(0));
            break;
        case timing_mode::user_centric:
            // The user's next turn: one gap after its last, or now if the answer came
            // later than that (no catch-up).
            due = std::max(now_, ss.last_intended + ph.users->turn_gap_ns());
            break;
    }
    ss.intended = due;
    if (due > now_) {
        session_timers_.set(id, due);
    } else {
        on_session_due(id);
    }
}

void worker::on_session_due(std::uint32_t id) {
    if (phase().mode == timing_mode::request_rate)
        continuations_.push_back(id);
    else
        pending_.push_back(id);
}

void worker::end_session(std::uint32_t id) {
    session& ss = sessions_[id];
    if (!ss.live) return;
    ss.live = false;
    ss.replies.clear();
    session_timers_.remove(id);
    --live_sessions_;
    free_sessions_.push_back(id);
}

// Ends every session not in flight and forgets held starts: nothing more will be sent.
void worker::abandon_waiting() {
    rep().dropped += start_queue_.size();
    start_queue_.clear();
    next_start_.reset();
    next_user_.reset();
    std::uint32_t id = 0;
    while (session_timers_.pop_due(INT64_MAX, id))
        end_session(id);
    for (const std::uint32_t i : pending_)
        end_session(i);
    pending_.clear();
    for (const std::uint32_t i : continuations_)
        end_session(i);
    continuations_.clear();
}

void worker::drain_pending() {
    while (!pending_.empty() && may_issue()) {
        if (prefill_busy_ >= prefill_limit()) return;
        const std::uint32_t id = pending_.front();
        session& ss = sessions_[id];
        const auto url = static_cast<std::uint32_t>((ss.number + ss.turn) % spec_.urls.size());
        slot* s = acquire_slot(url);
        if (s == nullptr) return;  // every connection busy: a finishing request frees one
        pending_.pop_front();
        issue(*s, ss);
    }
}

}  // namespace ringperf::engine
