// Deterministic pseudo-random numbers, identical on every platform and standard library
// (std:: distributions are implementation-defined, so they are not used for anything
// that must repeat from a seed).
#pragma once

#include <cstdint>

namespace ringperf {

// SplitMix64: seeds other generators and derives independent named streams.
std::uint64_t splitmix64(std::uint64_t& state) noexcept;

// xoshiro256**: fast, 256-bit state. Not for cryptography.
class rng {
  public:
    explicit rng(std::uint64_t seed) noexcept;
    // A generator for a named sub-stream of `seed`: the same (seed, name) always gives the
    // same sequence, and different names give unrelated sequences.
    static rng derive(std::uint64_t seed, const char* name) noexcept;

    std::uint64_t next() noexcept;
    // Uniform in [0, 1).
    double uniform() noexcept;
    // Uniform integer in [0, bound), bound > 0, without modulo bias.
    std::uint64_t below(std::uint64_t bound) noexcept;
    // Standard normal (mean 0, sd 1), by the polar Box-Muller method.
    double normal() noexcept;

  private:
    std::uint64_t s_[4];
    double spare_ = 0;
    bool has_spare_ = false;
};

// A fresh seed from the operating system's entropy source.
std::uint64_t entropy_seed() noexcept;

}  // namespace ringperf
