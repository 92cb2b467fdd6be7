#include "ringperf/export/student_t.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace ringperf::exporter;

namespace {

struct known_quantile {
    double p;
    double dof;
    double t;
};

// Critical values computed with 50-digit arithmetic for the double nearest each p (the
// first rows are the familiar table entries).
constexpr known_quantile known[] = {
    {0.975, 1, 12.706204736174693},    {0.975, 2, 4.3026527297494618},
    {0.975, 3, 3.1824463052837084},    {0.975, 4, 2.7764451051977935},
    {0.975, 5, 2.5705818356363148},    {0.975, 9, 2.262157162798205},
    {0.995, 9, 3.2498355415921257},    {0.95, 1, 6.3137515146750374},
    {0.95, 2, 2.9199855803537242},     {0.95, 30, 1.6972608865939574},
    {0.975, 1000, 1.9623390808264081}, {0.999999, 1, 318309.88617359026},
};

}  // namespace

TEST(TQuantile, MatchesTabulatedCriticalValues) {
    for (const auto& k : known) {
        const double tolerance = 1e-10 * std::max(1.0, k.t);
        EXPECT_NEAR(t_quantile(k.p, k.dof), k.t, tolerance) << "p=" << k.p << " dof=" << k.dof;
    }
}

TEST(TQuantile, MatchesTheBriefsRoundedValues) {
    EXPECT_NEAR(t_quantile(0.975, 1), 12.706204736, 1e-9);
    EXPECT_NEAR(t_quantile(0.975, 2), 4.302652730, 1e-9);
    EXPECT_NEAR(t_quantile(0.975, 4), 2.776445105, 1e-9);
    EXPECT_NEAR(t_quantile(0.975, 9), 2.262157163, 1e-9);
    EXPECT_NEAR(t_quantile(0.995, 9), 3.249835541, 1e-9);
    EXPECT_NEAR(t_quantile(0.95, 30), 1.697260887, 1e-9);
    EXPECT_NEAR(t_quantile(0.975, 1000), 1.962339, 1e-6);
}

TEST(TQuantile, ClosedFormsForOneAndTwoDegreesOfFreedom) {
    // dof 1 is the Cauchy distribution: tan(pi (p - 1/2)); dof 2: (2p - 1) / sqrt(2 p (1 - p)).
    const double pi = std::acos(-1.0);
    for (double p : {0.001, 0.1, 0.3, 0.55, 0.8, 0.99, 0.9999}) {
        const double cauchy = std::tan(pi * (p - 0.5));
        EXPECT_NEAR(t_quantile(p, 1), cauchy, 1e-10 * std::max(1.0, std::fabs(cauchy))) << p;
        const double two = (2 * p - 1) / std::sqrt(2 * p * (1 - p));
        EXPECT_NEAR(t_quantile(p, 2), two, 1e-10 * std::max(1.0, std::fabs(two))) << p;
    }
}

TEST(TQuantile, IsAntisymmetricAroundOneHalf) {
    for (double dof : {1.0, 2.0, 7.0, 50.0, 1e5}) {
        for (double p : {0.6, 0.9, 0.975, 0.995}) {
            const double upper = t_quantile(p, dof);
            EXPECT_GT(upper, 0);
            EXPECT_NEAR(t_quantile(1 - p, dof), -upper, 1e-12 * std::max(1.0, upper));
        }
        EXPECT_EQ(t_quantile(0.5, dof), 0.0);
    }
}

TEST(TQuantile, ApproachesTheNormalQuantileForLargeDof) {
    EXPECT_NEAR(t_quantile(0.975, 1e6), 1.9599663568141067, 1e-10);
    EXPECT_NEAR(t_quantile(0.975, 1e5), 1.9599877075346093, 1e-10);
    EXPECT_GT(t_quantile(0.975, 1e5), t_quantile(0.975, 1e6));
}

TEST(TQuantile, InvertsTheCdf) {
    for (double dof : {1.0, 3.0, 9.0, 42.5}) {
        for (double p : {1e-6, 0.01, 0.2, 0.7, 0.999}) {
            EXPECT_NEAR(t_cdf(t_quantile(p, dof), dof), p, 1e-13) << "p=" << p << " dof=" << dof;
        }
    }
}

TEST(TQuantile, RejectsOutOfRangeArguments) {
    EXPECT_TRUE(std::isnan(t_quantile(0, 5)));
    EXPECT_TRUE(std::isnan(t_quantile(1, 5)));
    EXPECT_TRUE(std::isnan(t_quantile(-0.1, 5)));
    EXPECT_TRUE(std::isnan(t_quantile(NAN, 5)));
    EXPECT_TRUE(std::isnan(t_quantile(0.975, 0.5)));
    EXPECT_TRUE(std::isnan(t_quantile(0.975, 0)));
    EXPECT_TRUE(std::isnan(t_quantile(0.975, INFINITY)));
    EXPECT_TRUE(std::isnan(t_quantile(0.975, NAN)));
}

TEST(TCdf, KnownValuesAndTails) {
    EXPECT_EQ(t_cdf(0, 3), 0.5);
    // dof 1: 1/2 + atan(t) / pi.
    EXPECT_NEAR(t_cdf(1, 1), 0.75, 1e-15);
    EXPECT_NEAR(t_cdf(-3, 1), 0.5 + std::atan(-3.0) / std::acos(-1.0), 1e-15);
    EXPECT_NEAR(t_cdf(2.262157162798205, 9), 0.975, 1e-14);
    EXPECT_EQ(t_cdf(INFINITY, 4), 1.0);
    EXPECT_EQ(t_cdf(-INFINITY, 4), 0.0);
    EXPECT_TRUE(std::isnan(t_cdf(NAN, 4)));
    EXPECT_TRUE(std::isnan(t_cdf(1, 0)));
}

TEST(IncompleteBeta, ClosedForms) {
    for (double x : {0.0, 1e-9, 0.2, 0.5, 0.77, 0.999, 1.0}) {
        EXPECT_NEAR(regularized_incomplete_beta(1, 1, x), x, 1e-15);
        EXPECT_NEAR(regularized_incomplete_beta(3.5, 1, x), std::pow(x, 3.5), 1e-14);
        EXPECT_NEAR(regularized_incomplete_beta(1, 4, x), 1 - std::pow(1 - x, 4), 1e-14);
    }
    // Large equal parameters are the hardest case: the prefactor's logarithm (~ -970 for
    // a = 700) cancels against ln B(a, a), leaving a few hundred ulps.
    for (double a : {0.5, 2.0, 30.0, 700.0})
        EXPECT_NEAR(regularized_incomplete_beta(a, a, 0.5), 0.5, 1e-12) << a;
}

TEST(IncompleteBeta, SatisfiesTheReflectionIdentity) {
    for (double x : {0.01, 0.3, 0.6, 0.95}) {
        const double sum =
            regularized_incomplete_beta(2.5, 7, x) + regularized_incomplete_beta(7, 2.5, 1 - x);
        EXPECT_NEAR(sum, 1.0, 1e-14) << x;
    }
}

TEST(IncompleteBeta, RejectsOutOfRangeArguments) {
    EXPECT_TRUE(std::isnan(regularized_incomplete_beta(0, 1, 0.5)));
    EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, -1, 0.5)));
    EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 1, 1.5)));
    EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 1, NAN)));
    EXPECT_TRUE(std::isnan(regularized_incomplete_beta(INFINITY, 1, 0.5)));
}
