// Student's t distribution for the confidence intervals of multi-run aggregates: the
// distribution function through the regularised incomplete beta function, and its inverse.
//
// Pure functions of their arguments, safe to call from any thread; no allocation.
// Accuracy (checked against 40-digit arithmetic): the incomplete beta within ~1e-12
// relative for a, b up to 1000, t_cdf() within ~1e-13, t_quantile() within 1e-10 relative
// to max(1, |t|) for dof up to 1e6.
#pragma once

namespace ringperf::exporter {

// I_x(a, b), the regularised incomplete beta function, for a > 0, b > 0, 0 <= x <= 1.
// NaN when an argument is out of range or not finite.
double regularized_incomplete_beta(double a, double b, double x) noexcept;

// P(T <= t) for T with `dof` degrees of freedom; dof > 0 and finite, t may be +-infinity.
// NaN for an invalid dof or a NaN t.
double t_cdf(double t, double dof) noexcept;

// The p-quantile: the t with t_cdf(t, dof) == p, for 0 < p < 1 and finite dof >= 1
// (t_quantile(0.975, 2) = 4.3026527...). Antisymmetric: t_quantile(p, dof) ==
// -t_quantile(1 - p, dof) up to the rounding of 1 - p. p == 0.5 gives 0. NaN when p or dof
// is out of range.
double t_quantile(double p, double dof) noexcept;

}  // namespace ringperf::exporter
