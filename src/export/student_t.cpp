#include "ringperf/export/student_t.h"

#include <math.h>  // lgamma_r

#include <algorithm>
#include <cmath>
#include <limits>

namespace ringperf::exporter {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// std::lgamma() writes the global `signgam`, which would make these functions racy.
double log_gamma(double x) noexcept {
    int sign = 0;
    return ::lgamma_r(x, &sign);
}

// Lentz's method divides by running terms that can vanish; nudging them off zero keeps the
// recurrence finite without changing the limit.
double off_zero(double v) noexcept {
    constexpr double tiny = 1e-300;
    return std::fabs(v) < tiny ? tiny : v;
}

// The continued fraction 1 / (1 + d1 / (1 + d2 / (1 + ...))) of I_x(a, b) with
// d(2m) = m (b - m) x / ((a + 2m - 1)(a + 2m)) and
// d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)), evaluated front to back by the
// modified Lentz method. It converges quickly for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) noexcept {
    constexpr double eps = 1e-15;
    constexpr int max_terms = 100000;
    double c = 1.0;
    double d = 1.0 / off_zero(1.0 - (a + b) * x / (a + 1.0));
    double f = d;
    for (int i = 1; i <= max_terms; ++i) {
        const double m = i;
        const double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
        d = 1.0 / off_zero(1.0 + even * d);
        c = off_zero(1.0 + even / c);
        f *= d * c;
        const double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
        d = 1.0 / off_zero(1.0 + odd * d);
        c = off_zero(1.0 + odd / c);
        const double step = d * c;
        f *= step;
        if (std::fabs(step - 1.0) < eps) return f;
    }
    return not_a_number;
}

// ln Gamma(a + b) - ln Gamma(a) for a >= 50 from Stirling's series, written so that the
// large, nearly equal terms cancel analytically: subtracting two lgamma() values near
// 1e6 would leave only ~10 significant digits of the difference.
double log_gamma_ratio_large(double a, double b) noexcept {
    auto tail = [](double z) {
        const double z2 = z * z;
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * z2)) / z2) / z2) / z;
    };
    return (a - 0.5) * std::log1p(b / a) + b * std::log(a + b) - b + (tail(a + b) - tail(a));
}

double log_beta(double a, double b) noexcept {
    const double big = std::max(a, b);
    const double small = std::min(a, b);
    if (big < 50) return log_gamma(a) + log_gamma(b) - log_gamma(a + b);
    return log_gamma(small) - log_gamma_ratio_large(big, small);
}

// I_x(a, b) with y = 1 - x passed separately: callers that know both (the t distribution)
// keep the digits that computing 1 - x would cancel, and ln x of an x near 1 comes from
// log1p(-y).
double incomplete_beta(double a, double b, double x, double y) noexcept {
    if (x <= 0) return 0;
    if (y <= 0) return 1;
    const double log_x = x > 0.5 ? std::log1p(-y) : std::log(x);
    const double log_y = y > 0.5 ? std::log1p(-x) : std::log(y);
    const double front = std::exp(a * log_x + b * log_y - log_beta(a, b));
    // The symmetry I_x(a, b) = 1 - I_y(b, a) keeps the fraction in its fast region.
    if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
    return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

// P(T > t) for t >= 0: (1/2) I_{dof/(dof+t^2)}(dof/2, 1/2).
double upper_tail(double t, double dof) noexcept {
    const double t2 = t * t;
    if (std::isinf(t2)) return 0;
    const double x = dof / (dof + t2);
    const double y = t2 / (dof + t2);
    return 0.5 * incomplete_beta(dof / 2, 0.5, x, y);
}

// Gamma((dof+1)/2) / (sqrt(dof pi) Gamma(dof/2)) (1 + t^2/dof)^(-(dof+1)/2).
double density(double t, double dof) noexcept {
    const double log_norm = -log_beta(dof / 2, 0.5) - 0.5 * std::log(dof);
    return std::exp(log_norm - (dof + 1) / 2 * std::log1p(t * t / dof));
}

// The t >= 0 with upper_tail(t) == q, 0 < q < 1/2. upper_tail falls monotonically from 1/2,
// so doubling finds a bracket; Newton steps converge fast from inside it, and a step that
// leaves the bracket is replaced by bisection, so the search cannot diverge.
double upper_tail_inverse(double q, double dof) noexcept {
    double lo = 0;
    double hi = 1;
    while (upper_tail(hi, dof) > q) {
        lo = hi;
        hi *= 2;
        if (std::isinf(hi)) return hi;
    }
    double t = 0.5 * (lo + hi);
    for (int i = 0; i < 400; ++i) {
        const double g = upper_tail(t, dof) - q;
        if (g == 0) return t;
        if (g > 0) {
            lo = t;
        } else {
            hi = t;
        }
        double next = t + g / density(t, dof);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (std::fabs(next - t) <= 1e-14 * std::max(1.0, t)) return next;
        t = next;
    }
    return t;
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) noexcept {
    if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1) || std::isinf(a) || std::isinf(b))
        return not_a_number;
    return incomplete_beta(a, b, x, 1.0 - x);
}

double t_cdf(double t, double dof) noexcept {
    if (!(dof > 0) || std::isinf(dof) || std::isnan(t)) return not_a_number;
    return t >= 0 ? 1.0 - upper_tail(t, dof) : upper_tail(-t, dof);
}

double t_quantile(double p, double dof) noexcept {
    if (!(p > 0 && p < 1) || !(dof >= 1) || std::isinf(dof)) return not_a_number;
    if (p == 0.5) return 0;
    // For p > 1/2, 1 - p is exact (Sterbenz), so the tail solved for is exactly 1 - p.
    const double t = upper_tail_inverse(p < 0.5 ? p : 1.0 - p, dof);
    return p < 0.5 ? -t : t;
}

}  // namespace ringperf::exporter
