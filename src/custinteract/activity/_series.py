"""The Gaussian hypergeometric function ``2F1`` by its series, with a convergence guard.

The BG/NBD conditional expectation (equation 10, see
:func:`custinteract.activity._bgnbd.conditional_expected_returns`) needs
``2F1(a, b; c; z)`` for ``0 <= z < 1``. It is summed here term by term in
pure Python, with ``b`` (and, in :func:`scaled_series_tail`, ``c``) taken
out of the sum so that it stays accurate near 0, until the rest of the series
is below ``1e-16`` of the sum; a series that does not converge within
:data:`SERIES_MAX_TERMS` terms, or overflows, is refused rather than summed
into a wrong number.
"""

from __future__ import annotations

import math

from .._errors import InvalidInputError

__all__ = ["SERIES_MAX_TERMS", "hyp2f1", "scaled_series_tail", "series_tail"]

SERIES_MAX_TERMS = 100_000
"""The convergence guard of :func:`series_tail`: a series not converged after this many terms is refused."""

_SERIES_TOLERANCE = 1e-16


def scaled_series_tail(a: float, b: float, c: float, z: float) -> float:
    """``c * series_tail(a, b, c, z)``, summed without dividing by ``c`` (so also at ``c = 0``).

    ``(c)_k = c (c+1)_(k-1)``, so the terms are ``(a)_k (b+1)_(k-1) z**k / ((c+1)_(k-1) k!)``,
    with the ratios and the stopping rule of :func:`series_tail`. A sum that
    stops being finite (parameters so large that the terms overflow before they
    shrink) is refused with :class:`~custinteract.InvalidInputError` as soon
    as it happens.
    """
    if not 0.0 <= z < 1.0:
        raise InvalidInputError("z", z, "a number from 0 to below 1")
    term = a * z
    total = term
    settled = abs(a) + abs(b) + abs(c) + 1.0
    for k in range(1, SERIES_MAX_TERMS):
        if term == 0.0:
            return total
        ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        term *= ratio
        total += term
        if not math.isfinite(total):
            break
        bound = max(abs(ratio), z)
        converged = abs(term) * bound <= _SERIES_TOLERANCE * abs(total) * (1.0 - bound)
        if k >= settled and bound < 1.0 and converged:
            return total
    raise InvalidInputError(
        "z", z, f"a value for which the 2F1 series converges within {SERIES_MAX_TERMS:,} terms"
    )


def series_tail(a: float, b: float, c: float, z: float) -> float:
    """``S`` with ``2F1(a, b; c; z) = 1 + b * S``: the sum over ``k >= 1`` of ``(a)_k (b+1)_(k-1) z**k / ((c)_k k!)``.

    Taking ``b`` out keeps the sum accurate when ``b`` is near 0, where the
    expectation below needs it. The terms are summed until the rest of the
    series, bounded by a geometric tail with ratio ``max(|t[k+1]/t[k]|, z)``
    once ``k`` is past ``|a| + |b| + |c| + 1`` (from where the ratios head
    steadily towards ``z``), is below ``1e-16`` of the sum. The convergence
    guard: after :data:`SERIES_MAX_TERMS` terms without converging, or when
    the terms overflow, the call raises :class:`~custinteract.InvalidInputError`
    instead of returning a wrong number (it happens only for ``z`` very close
    to 1 or huge parameters). ``c`` must not be 0 (see :func:`scaled_series_tail`).
    """
    if c == 0.0:
        raise InvalidInputError("c", c, "a number other than 0")
    return scaled_series_tail(a, b, c, z) / c


def hyp2f1(a: float, b: float, c: float, z: float) -> float:
    """The Gaussian hypergeometric function ``2F1(a, b; c; z)`` for ``0 <= z < 1``, by its series.

    ``1 + b * series_tail(a, b, c, z)``; see :func:`series_tail` for the
    stopping rule and the convergence guard.

    >>> round(hyp2f1(1.0, 1.0, 2.0, 0.5), 12) == round(-math.log(0.5) / 0.5, 12)
    True
    """
    return 1.0 + b * series_tail(a, b, c, z)
