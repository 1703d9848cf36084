"""Exact McNemar test for paired accuracies, and an interval for the accuracy difference.

Only discordant pairs carry information: b = baseline right and candidate wrong, c = candidate
right and baseline wrong. Under H0 (equal accuracy) c ~ Binomial(b + c, 1/2); the exact two-sided
p-value doubles the smaller tail. The interval for Δ accuracy = (c − b)/n is the Clopper–Pearson
interval for π = c/(b + c), mapped through Δ = (b + c)/n · (2π − 1) (conditional on the number of
discordant pairs), so it excludes 0 exactly when the exact test rejects at the same level.
Everything is computed with the regularised incomplete beta function (log-gamma and a continued
fraction), so scipy is not needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b) for a, b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X ≤ k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return betainc(n - k, k + 1, 1.0 - p)


def beta_quantile(q: float, a: float, b: float) -> float:
    """x with I_x(a, b) = q, by bisection (monotone in x)."""
    low, high = 0.0, 1.0
    for _ in range(200):
        mid = (low + high) / 2
        if betainc(a, b, mid) < q:
            low = mid
        else:
            high = mid
        if high - low < 1e-15:
            break
    return (low + high) / 2


@dataclass(frozen=True)
class McNemarResult:
    n: int
    baseline_only: int  # b: baseline right, candidate wrong
    candidate_only: int  # c: candidate right, baseline wrong
    difference: float  # accuracy candidate − baseline = (c − b) / n
    p_value: float  # exact, two-sided

    def interval(self, confidence: float) -> tuple[float, float]:
        discordant = self.baseline_only + self.candidate_only
        if discordant == 0:
            return 0.0, 0.0
        alpha = 1.0 - confidence
        c = self.candidate_only
        low = 0.0 if c == 0 else beta_quantile(alpha / 2, c, discordant - c + 1)
        high = 1.0 if c == discordant else beta_quantile(1 - alpha / 2, c + 1, discordant - c)
        scale = discordant / self.n
        return scale * (2 * low - 1), scale * (2 * high - 1)


def mcnemar(candidate_correct_only: int, baseline_correct_only: int, n: int) -> McNemarResult:
    discordant = candidate_correct_only + baseline_correct_only
    if discordant == 0:
        p_value = 1.0
    else:
        smaller = min(candidate_correct_only, baseline_correct_only)
        p_value = min(1.0, 2.0 * binomial_cdf(smaller, discordant, 0.5))
    return McNemarResult(
        n=n,
        baseline_only=baseline_correct_only,
        candidate_only=candidate_correct_only,
        difference=(candidate_correct_only - baseline_correct_only) / n if n else 0.0,
        p_value=p_value,
    )
