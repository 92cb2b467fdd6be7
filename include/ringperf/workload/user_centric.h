// User-centric timing (AIPerf's --user-centric-rate Q --num-users U): U simulated users,
// each sending the turns of its own session, so that the aggregate is Q requests per second
// in steady state from the first second on. With T = the sessions' turn count (the mean,
// rounded, when it varies):
//
// Spacing. stagger = 1/Q s between consecutive users' first sends; turn_gap = U/Q s between
// consecutive turns of one user. All times below are whole multiples of the stagger ("slots"),
// converted to ns once each: round(slots * 1e9 / Q), nearest, halves away from zero.
//
// Virtual history. The run starts as if users had been arriving for ever: with session
// lifetime L = T - 1 (in turn gaps), initial user i (0 <= i < U) is treated as having been
// active for virtual_age = (U - i) * L gaps and has max_turns = L - virtual_age / U
// (integer division) turns left. User 0 always has 0 left (it finished before the start) and
// does not appear; users 1 .. U-1 all have between 1 and L. Each sends turns 0, 1, ... of
// its conversation, at most max_turns of them (AIPerf starts them at the first turn too, so
// every request carries a well-formed history; the engine caps max_turns at the
// conversation's length).
//
// Start order. Initial user i >= 1 fires at slot U - s_i, where s_i = virtual_age mod U when
// gcd(U, L) = 1 (then the s_i are exactly 1 .. U-1), and otherwise s_i = (i * step) mod U with
// step the smallest integer in [2, U) coprime to U (1 when U <= 2), which again makes them a
// permutation of 1 .. U-1. A fresh user, number U, replaces user 0: it fires at slot 0 and
// sends its whole conversation. So the initial users fire at slots 0 .. U-1, one each.
//
// Replacements. Every user started at slot a with n turns to send is followed, at slot
// a + n * U (n turn gaps later), by a replacement user: a new session from turn 0 that sends
// its whole conversation, and is itself replaced n' * U slots after its own start. This is
// open loop: spawns never wait for responses. Here every fresh or replacement session counts
// as T turns (AIPerf uses each sampled conversation's length; with fixed-length sessions the
// two agree), so the U chains have one period P = T * U slots and never interleave: the k-th
// replacement (k = 0, 1, ...) in time order is user U + 1 + k, spawned at slot
// c[k mod U] + (k / U) * P, where c is the sorted list of the chains' first spawn slots.
// When gcd(U, L) = 1 these are c[j] = U + (j + 1) * L.
//
// Turn pacing (applied by the engine, not computed here): a user's next turn is due at
// max(its previous turn's due time + turn_gap, the previous response's arrival); a late
// response moves that user's baseline to the arrival (no catch-up).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ringperf/base/result.h"

namespace ringperf::workload {

struct user_start {
    std::uint64_t user;      // user number: initial users 1 .. U (U is the fresh one), then
                             // replacements from U + 1 on
    std::int64_t offset_ns;  // first send, from the phase start
    // Virtual-history users: send at most this many turns, from turn 0. None: the whole
    // conversation (the fresh user and replacements).
    std::optional<std::uint32_t> max_turns;

    friend bool operator==(const user_start&, const user_start&) = default;
};

// Immutable once made; safe to share between threads. Memory: O(users).
class user_centric_plan {
  public:
    // qps finite, > 0 and at most 1e9; users >= 1; turns >= 2 (user-centric timing needs
    // multi-turn sessions); one replacement period (turns * users slots) must stay below
    // 2^62 ns. Errors start with "user-centric rate: " and name the parameter and value.
    static result<user_centric_plan> make(double qps, std::uint32_t users, std::uint32_t turns);

    std::int64_t turn_gap_ns() const noexcept { return turn_gap_ns_; }
    std::int64_t stagger_ns() const noexcept { return stagger_ns_; }
    // The initial users (the fresh one included), in firing order: slot 0, 1, ..., U - 1.
    const std::vector<user_start>& initial() const noexcept { return initial_; }
    // Replacement k = 0, 1, ... in spawn order (see Replacements). Offsets saturate at
    // 2^62 ns for absurdly large k.
    user_start replacement(std::uint64_t k) const noexcept;

  private:
    std::int64_t slots_to_ns(std::uint64_t slots) const noexcept;

    double qps_ = 1;
    std::uint64_t users_ = 1;
    std::uint64_t period_slots_ = 0;
    std::int64_t turn_gap_ns_ = 0;
    std::int64_t stagger_ns_ = 0;
    std::vector<std::uint64_t> chain_slots_;  // c: first spawn slot of each chain, sorted
    std::vector<user_start> initial_;
};

}  // namespace ringperf::workload
