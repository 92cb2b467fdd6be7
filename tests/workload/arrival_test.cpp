#include "ringperf/workload/arrival.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

using namespace ringperf;
using namespace ringperf::workload;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

// 200,000 gaps per statistical test. Tolerances are 5 standard errors of the estimate
// (a false failure is a 1-in-1.7-million event, and the seed is fixed anyway):
//   mean (relative):  5 * CV / sqrt(n)                       Poisson 1.1 %, k=0.5 1.6 %
//   CV (absolute):    5 * CV * sqrt((k + 1) / (2 n k))        Poisson 0.011, k=0.5 0.019
// The CV formula is the delta-method standard error of s/m for a gamma sample, using
// gamma's central moments (variance k, third 2k, fourth 3k^2 + 6k). Both are tighter
// than 2 % and 0.03.
constexpr std::size_t sample_size = 200'000;
constexpr std::uint64_t seed = 20240611;

arrival_spec spec_of(arrival_pattern p, double rate, double k = 1.0) {
    return arrival_spec{p, rate, k};
}

std::vector<double> draw_gaps(const arrival_spec& spec, std::size_t n, std::uint64_t s = seed) {
    auto gen = interval_generator::make(spec, s);
    EXPECT_TRUE(gen.ok()) << gen.message();
    std::vector<double> gaps(n);
    for (auto& g : gaps)
        g = gen->next_gap_ns();
    return gaps;
}

struct moments {
    double mean;
    double cv;
};

moments moments_of(const std::vector<double>& xs) {
    long double sum = 0;
    for (double x : xs)
        sum += x;
    const long double mean = sum / static_cast<long double>(xs.size());
    long double ss = 0;
    for (double x : xs)
        ss += (x - mean) * (x - mean);
    const long double sd = std::sqrt(ss / static_cast<long double>(xs.size() - 1));
    return {static_cast<double>(mean), static_cast<double>(sd / mean)};
}

// Kolmogorov-Smirnov D statistic of `xs` against the continuous CDF `cdf`.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
    std::sort(xs.begin(), xs.end());
    const double n = static_cast<double>(xs.size());
    double d = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double f = cdf(xs[i]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    return d;
}

// CDF of Gamma(k, 1) / k (unit mean) for the shapes with a closed form.
double unit_gamma_cdf(double k, double y) {
    if (y <= 0) return 0;
    const double z = k * y;
    if (k == 0.5) return std::erf(std::sqrt(z));
    if (k == 1.0) return -std::expm1(-z);
    if (k == 4.0) return 1.0 - std::exp(-z) * (1 + z + z * z / 2 + z * z * z / 6);
    ADD_FAILURE() << "no closed-form CDF for shape " << k;
    return 0;
}

}  // namespace

TEST(ArrivalPattern, NamesRoundTrip) {
    for (auto p : {arrival_pattern::constant, arrival_pattern::poisson, arrival_pattern::gamma,
                   arrival_pattern::concurrency_burst}) {
        auto parsed = parse_arrival_pattern(to_string(p));
        ASSERT_TRUE(parsed.ok()) << parsed.message();
        EXPECT_EQ(*parsed, p);
    }
    EXPECT_EQ(to_string(arrival_pattern::concurrency_burst), "concurrency_burst");
}

TEST(ArrivalPattern, ParsingIgnoresCase) {
    auto parsed = parse_arrival_pattern("Poisson");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, arrival_pattern::poisson);
    parsed = parse_arrival_pattern("CONCURRENCY_BURST");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, arrival_pattern::concurrency_burst);
}

TEST(ArrivalPattern, UnknownNameListsTheAcceptedOnes) {
    auto parsed = parse_arrival_pattern("uniform");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.message(),
              "unknown arrival pattern 'uniform' (expected one of constant, poisson, gamma, "
              "concurrency_burst)");
    EXPECT_FALSE(parse_arrival_pattern("").ok());
    EXPECT_FALSE(parse_arrival_pattern("poisson ").ok());
}

TEST(IntervalGenerator, ConstantGapIsExactlyOneOverRate) {
    for (double rate : {1000.0, 3.0, 7.3, 0.37, 123456.789}) {
        const auto gaps = draw_gaps(spec_of(arrival_pattern::constant, rate), 10'000);
        for (double g : gaps)
            ASSERT_EQ(g, 1e9 / rate) << "rate " << rate;
    }
}

TEST(IntervalGenerator, ConcurrencyBurstGapIsZeroAndNeedsNoRate) {
    const auto gaps = draw_gaps(spec_of(arrival_pattern::concurrency_burst, 0), 10'000);
    for (double g : gaps)
        ASSERT_EQ(g, 0.0);
}

TEST(IntervalGenerator, PoissonMeanAndCvMatchExponential) {
    const double rate = 250;
    const auto m = moments_of(draw_gaps(spec_of(arrival_pattern::poisson, rate), sample_size));
    const double n = sample_size;
    EXPECT_NEAR(m.mean / (1e9 / rate), 1.0, 5 / std::sqrt(n));
    EXPECT_NEAR(m.cv, 1.0, 5 / std::sqrt(n));
}

TEST(IntervalGenerator, PoissonGapsPassKolmogorovSmirnov) {
    const double rate = 40;
    const double mean_ns = 1e9 / rate;
    const auto gaps = draw_gaps(spec_of(arrival_pattern::poisson, rate), sample_size);
    const double d = ks_statistic(gaps, [&](double x) { return -std::expm1(-x / mean_ns); });
    EXPECT_LT(d, 1.63 / std::sqrt(static_cast<double>(sample_size)));
}

TEST(IntervalGenerator, PoissonUsesItsNamedStreamByInverseTransform) {
    auto gen = interval_generator::make(spec_of(arrival_pattern::poisson, 10), seed);
    ASSERT_TRUE(gen.ok());
    auto r = rng::derive(seed, "timing.request.poisson_interval");
    for (int i = 0; i < 1000; ++i)
        ASSERT_EQ(gen->next_gap_ns(), -std::log(1.0 - r.uniform()) * (1e9 / 10));
}

class GammaShape : public ::testing::TestWithParam<double> {};

TEST_P(GammaShape, MeanIsOneOverRateAndCvIsOneOverRootShape) {
    const double k = GetParam();
    const double rate = 12.5;
    const auto m = moments_of(draw_gaps(spec_of(arrival_pattern::gamma, rate, k), sample_size));
    const double n = sample_size;
    const double cv = 1 / std::sqrt(k);
    EXPECT_NEAR(m.mean / (1e9 / rate), 1.0, 5 * cv / std::sqrt(n));
    EXPECT_NEAR(m.cv, cv, 5 * cv * std::sqrt((k + 1) / (2 * n * k)));
}

TEST_P(GammaShape, GapsPassKolmogorovSmirnov) {
    const double k = GetParam();
    const double rate = 3;
    const double mean_ns = 1e9 / rate;
    const auto gaps = draw_gaps(spec_of(arrival_pattern::gamma, rate, k), sample_size);
    const double d = ks_statistic(gaps, [&](double x) { return unit_gamma_cdf(k, x / mean_ns); });
    EXPECT_LT(d, 1.63 / std::sqrt(static_cast<double>(sample_size)));
}

INSTANTIATE_TEST_SUITE_P(Shapes, GammaShape, ::testing::Values(0.5, 1.0, 4.0));

TEST(IntervalGenerator, GammaOfShapeOneIsNotThePoissonStream) {
    const auto gamma = draw_gaps(spec_of(arrival_pattern::gamma, 5, 1.0), 100);
    const auto poisson = draw_gaps(spec_of(arrival_pattern::poisson, 5), 100);
    EXPECT_NE(gamma, poisson);
}

TEST(IntervalGenerator, SameSeedGivesSameGapsAndOtherSeedsDiffer) {
    for (auto spec :
         {spec_of(arrival_pattern::poisson, 100), spec_of(arrival_pattern::gamma, 100, 0.3),
          spec_of(arrival_pattern::gamma, 100, 7)}) {
        const auto a = draw_gaps(spec, 10'000, 1);
        EXPECT_EQ(a, draw_gaps(spec, 10'000, 1));
        const auto b = draw_gaps(spec, 10'000, 2);
        std::size_t same = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            same += a[i] == b[i];
        EXPECT_EQ(same, 0u);
    }
}

TEST(IntervalGenerator, GapAtAnotherRateScalesTheSameDraw) {
    auto at_spec = interval_generator::make(spec_of(arrival_pattern::gamma, 10, 2), seed);
    auto at_double = interval_generator::make(spec_of(arrival_pattern::gamma, 10, 2), seed);
    ASSERT_TRUE(at_spec.ok() && at_double.ok());
    for (int i = 0; i < 1000; ++i) {
        const double g = at_spec->next_gap_ns();
        ASSERT_DOUBLE_EQ(at_double->next_gap_ns(20), g / 2);
    }
}

TEST(IntervalGenerator, CopiesContinueTheSameSequence) {
    auto gen = interval_generator::make(spec_of(arrival_pattern::gamma, 10, 0.5), seed);
    ASSERT_TRUE(gen.ok());
    gen->next_gap_ns();
    auto copy = *gen;
    for (int i = 0; i < 100; ++i)
        ASSERT_EQ(copy.next_gap_ns(), gen->next_gap_ns());
}

TEST(IntervalGenerator, VerySmallAndLargeShapesStayFiniteAndNonNegative) {
    for (double k : {1e-3, 0.999, 1e6}) {
        const auto gaps = draw_gaps(spec_of(arrival_pattern::gamma, 1, k), 10'000);
        for (double g : gaps)
            ASSERT_TRUE(std::isfinite(g) && g >= 0) << "k " << k << " gap " << g;
    }
}

TEST(IntervalGenerator, RejectsBadRates) {
    for (auto p : {arrival_pattern::constant, arrival_pattern::poisson, arrival_pattern::gamma}) {
        for (double rate : {0.0, -1.0, nan_v, inf_v, -inf_v}) {
            auto gen = interval_generator::make(spec_of(p, rate), seed);
            ASSERT_FALSE(gen.ok()) << to_string(p) << " " << rate;
            EXPECT_NE(gen.message().find("request rate must be a finite number > 0"),
                      std::string::npos)
                << gen.message();
        }
    }
    EXPECT_EQ(interval_generator::make(spec_of(arrival_pattern::poisson, -2), seed).message(),
              "request rate must be a finite number > 0 requests/s for the poisson arrival "
              "pattern, got -2");
}

TEST(IntervalGenerator, RejectsBadGammaShape) {
    for (double k : {0.0, -0.5, nan_v, inf_v}) {
        auto gen = interval_generator::make(spec_of(arrival_pattern::gamma, 10, k), seed);
        ASSERT_FALSE(gen.ok()) << k;
        EXPECT_NE(gen.message().find("arrival smoothness"), std::string::npos) << gen.message();
    }
    EXPECT_EQ(interval_generator::make(spec_of(arrival_pattern::gamma, 10, 0), seed).message(),
              "arrival smoothness (the gamma shape) must be a finite number > 0, got 0");
    EXPECT_TRUE(interval_generator::make(spec_of(arrival_pattern::poisson, 10, 0), seed).ok());
}
