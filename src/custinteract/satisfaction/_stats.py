"""The arithmetic behind the satisfaction metrics: intervals and two-sample tests.

Plain functions of counts and floats, no models: every satisfaction number the
library reports is computed here, once, so that the object path and the
frames path cannot disagree. Formulas (``z`` is the two-sided normal quantile
of the confidence level, 1.96 at 95%):

* **Wilson score interval** for a share ``p = x / n`` (Wilson 1927)::

      centre = (p + z²/2n) / (1 + z²/n)
      half   = z / (1 + z²/n) * sqrt(p(1 - p)/n + z²/4n²)

* **NPS**, in points from -100 to 100: each answer scores +1 (promoter),
  0 (passive) or -1 (detractor); NPS is 100 times their mean. The per-answer
  variance is ``p_pro + p_det - (p_pro - p_det)²`` (the trinomial variance).
  *Wald*: ``NPS ± 100 z sqrt(var / n)``. *Adjusted Wald* (Rocks 2016: variations on
  it, with an iterative score test, performed best of the methods compared): add 3/4 of a promoter and 3/4 of
  a detractor and 3 to ``n``, then the Wald formula on the adjusted shares.
* **Mean of a rating scale** (CES): ``mean ± t s / sqrt(n)`` with the sample
  standard deviation ``s`` and ``t`` the two-sided quantile of Student's t
  with ``n - 1`` degrees of freedom (2.776 at 95% for n = 5, 2.262 for
  n = 10; the normal 1.96 covers too little on small samples). With fewer
  than two answers the spread is unknown and the interval is the whole scale.
  The quantile (:func:`two_sided_t`) solves ``A(t | df) = confidence`` for the
  two-sided mass ``A`` of Student's t, written as the exact finite sum of
  Abramowitz and Stegun 26.7.3 / 26.7.4 (closed forms for df = 1 and 2), by
  Newton's method from the Cornish-Fisher estimate; above df = 200 the
  Cornish-Fisher expansion (A&S 26.7.5, terms to ``1/df⁴``) alone, whose
  next term is below 1e-8 there.
* **Trend tests** (two-sided, normal approximation): the pooled two-proportion
  z-test for shares; for NPS the difference of the two scores over
  ``sqrt(var1/n1 + var2/n2)`` with each side's variance as for its interval;
  for a mean, Welch's ``(m2 - m1) / sqrt(s1²/n1 + s2²/n2)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

__all__ = [
    "mean_interval",
    "mean_test",
    "nps_interval",
    "nps_test",
    "nps_value",
    "proportion_test",
    "two_sided_t",
    "two_sided_z",
    "wilson_interval",
]

_NORMAL = NormalDist()
_NPS_ADJUST = 0.75  # Rocks (2016): 3/4 of a promoter and 3/4 of a detractor
_NPS_ADJUST_N = 3.0  # ... and 3 to the sample size


def two_sided_z(confidence: float) -> float:
    """The normal quantile ``z`` with ``confidence`` of the mass within ``±z``.

    The quantile is read from the lower tail, which keeps its precision for a
    confidence just below 1 (``1 - (1 - c) / 2`` rounds to 1.0 there):

    >>> round(two_sided_z(0.95), 4)
    1.96
    >>> round(two_sided_z(0.9999999999999999), 2)
    8.29
    """
    return -_NORMAL.inv_cdf((1.0 - confidence) / 2.0)


_T_SERIES_ABOVE = 200  # degrees of freedom above which the Cornish-Fisher expansion is used alone


def _cornish_fisher(z: float, df: int) -> float:
    """Student's t quantile from the normal one, A&S 26.7.5 (terms to 1/df^4)."""
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


def _t_mass(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with ``df`` >= 1 degrees of freedom (A&S 26.7.3, 26.7.4)."""
    theta = math.atan(t / math.sqrt(df))
    sine, cosine = math.sin(theta), math.cos(theta)
    c2 = cosine * cosine
    if df % 2:  # odd: (2/pi) (theta + sin cos (1 + 2/3 cos² + 2·4/(3·5) cos⁴ + ...))
        term = total = 0.0
        if df > 1:
            term = total = cosine
            for k in range(1, (df - 1) // 2):
                term *= c2 * (2 * k) / (2 * k + 1)
                total += term
        return 2.0 / math.pi * (theta + sine * total)
    term = total = 1.0  # even: sin (1 + 1/2 cos² + 1·3/(2·4) cos⁴ + ...)
    for k in range(1, df // 2):
        term *= c2 * (2 * k - 1) / (2 * k)
        total += term
    return sine * total


def _t_density(t: float, df: int) -> float:
    log_norm = math.lgamma((df + 1) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1) / 2.0 * math.log1p(t * t / df))


def two_sided_t(confidence: float, df: int) -> float:
    """Student's t quantile ``t`` with ``confidence`` of the mass within ``±t`` (``df`` >= 1).

    Exact closed forms for 1 and 2 degrees of freedom; up to 200, Newton's
    method on the exact two-sided mass (concave in ``t``, so after the first
    step it climbs to the root from below) until the step is below 1e-14 of
    ``t``; above 200, the Cornish-Fisher expansion.

    >>> round(two_sided_t(0.95, 4), 4), round(two_sided_t(0.95, 9), 4)
    (2.7764, 2.2622)
    >>> round(two_sided_t(0.95, 1), 4), round(two_sided_t(0.95, 2), 4)
    (12.7062, 4.3027)
    """
    if df == 1:
        return math.tan(math.pi * confidence / 2.0)
    if df == 2:
        return confidence * math.sqrt(2.0 / (1.0 - confidence * confidence))
    estimate = _cornish_fisher(two_sided_z(confidence), df)
    if df > _T_SERIES_ABOVE:
        return estimate
    t = estimate
    for _ in range(100):
        step = (_t_mass(t, df) - confidence) / (2.0 * _t_density(t, df))
        following = t - step
        if following <= 0.0:  # never leave the positive half-line
            following = t / 2.0
        if abs(following - t) <= 1e-14 * t:
            return following
        t = following
    return t


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def wilson_interval(successes: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson score interval of the share ``successes / n`` (``n`` > 0).

    >>> low, high = wilson_interval(8, 10, 0.95)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    """
    z = two_sided_z(confidence)
    p = successes / n
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    # Exact at the edges (a share of 0 has low 0, of 1 has high 1), whatever the rounding.
    low = 0.0 if successes == 0 else _clamp(centre - half, 0.0, p)
    high = 1.0 if successes == n else _clamp(centre + half, p, 1.0)
    return low, high


def nps_value(promoters: int, detractors: int, n: int) -> float:
    """NPS in points: ``100 * (promoters - detractors) / n`` (``n`` > 0).

    >>> nps_value(5, 2, 10)
    30.0
    """
    return 100.0 * (promoters - detractors) / n


def _nps_moments(
    promoters: int, detractors: int, n: int, adjusted: bool
) -> tuple[float, float, float]:
    """(mean score in -1..1, per-answer variance, effective n) for NPS."""
    if adjusted:
        size = n + _NPS_ADJUST_N
        p_pro = (promoters + _NPS_ADJUST) / size
        p_det = (detractors + _NPS_ADJUST) / size
    else:
        size = float(n)
        p_pro = promoters / size
        p_det = detractors / size
    mean = p_pro - p_det
    variance = max(p_pro + p_det - mean * mean, 0.0)
    return mean, variance, size


def nps_interval(
    promoters: int, detractors: int, n: int, confidence: float, *, adjusted: bool
) -> tuple[float, float]:
    """Confidence interval of NPS in points, Wald or adjusted Wald (``n`` > 0).

    The interval is clipped to -100..100.

    >>> low, high = nps_interval(5, 2, 10, 0.95, adjusted=False)
    >>> round(low, 2), round(high, 2)
    (-18.41, 78.41)
    """
    z = two_sided_z(confidence)
    mean, variance, size = _nps_moments(promoters, detractors, n, adjusted)
    half = z * math.sqrt(variance / size)
    return _clamp(100.0 * (mean - half), -100.0, 100.0), _clamp(
        100.0 * (mean + half), -100.0, 100.0
    )


def _moments(counts: Sequence[int], low: int) -> tuple[int, float, float]:
    """(n, mean, sample variance) of a histogram whose first cell is the value ``low``."""
    n = sum(counts)
    total = sum(count * (low + offset) for offset, count in enumerate(counts))
    mean = total / n
    if n < 2:
        return n, mean, 0.0
    squares = sum(count * (low + offset - mean) ** 2 for offset, count in enumerate(counts))
    return n, mean, squares / (n - 1)


def mean_interval(counts: Sequence[int], low: int, confidence: float) -> tuple[float, float, float]:
    """(mean, interval low, interval high) of a rating histogram (``sum(counts)`` > 0).

    ``counts[i]`` is the number of answers with value ``low + i``. The interval
    is ``mean ± t s / sqrt(n)`` with Student's t on ``n - 1`` degrees of
    freedom, clipped to the scale; with one answer it is the whole scale.

    >>> mean, lo, hi = mean_interval([0, 0, 0, 1, 1, 0, 2], 1, 0.95)
    >>> mean, round(lo, 3), round(hi, 3)
    (5.75, 3.363, 7.0)
    """
    high_value = low + len(counts) - 1
    n, mean, variance = _moments(counts, low)
    if n < 2:
        return mean, float(low), float(high_value)
    half = two_sided_t(confidence, n - 1) * math.sqrt(variance / n)
    return mean, _clamp(mean - half, float(low), mean), _clamp(mean + half, mean, float(high_value))


def _p_value(difference: float, standard_error: float) -> float:
    if standard_error <= 0.0:
        return 1.0 if difference == 0.0 else 0.0
    z = abs(difference) / standard_error
    return 2.0 * (1.0 - _NORMAL.cdf(z))


def proportion_test(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (both ``n`` > 0).

    >>> round(proportion_test(40, 100, 60, 100), 4)
    0.0047
    """
    pooled = (x1 + x2) / (n1 + n2)
    standard_error = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return _p_value(x2 / n2 - x1 / n1, standard_error)


def nps_test(first: tuple[int, int, int], second: tuple[int, int, int], *, adjusted: bool) -> float:
    """Two-sided p-value for a change of NPS; each side is ``(promoters, detractors, n)``.

    >>> round(nps_test((30, 30, 100), (50, 20, 100), adjusted=False), 4)
    0.0064
    """
    mean1, variance1, size1 = _nps_moments(*first, adjusted)
    mean2, variance2, size2 = _nps_moments(*second, adjusted)
    return _p_value(mean2 - mean1, math.sqrt(variance1 / size1 + variance2 / size2))


def mean_test(first: Sequence[int], second: Sequence[int], low: int) -> float:
    """Two-sided p-value of Welch's z-test between two rating histograms (each ``n`` >= 2).

    >>> mean_test([0, 0, 0, 1, 1, 0, 2], [0, 0, 0, 1, 1, 0, 2], 1)
    1.0
    """
    n1, mean1, variance1 = _moments(first, low)
    n2, mean2, variance2 = _moments(second, low)
    return _p_value(mean2 - mean1, math.sqrt(variance1 / n1 + variance2 / n2))
