"""The fixed points of the morale-satisfaction feedback loop: where ``T(m) = m``, and which way morale moves.

``T(m)``, the clipped morale target that morale ``m`` leads to in one round,
is piecewise affine (slope G where nothing is saturated, 0 where care
quality, the negative rate or the target is pinned at a limit) and
non-decreasing. Its fixed points are found exactly on each affine piece
(:func:`_fixed_points`), the one root for G < 1 by bisection
(:func:`_root`), and the sign of ``T(m) - m`` on each side of a point tells
where the noiseless map carries a start (:func:`_reached`). The tolerances
that keep rounding from flipping a status are here; see
:mod:`custinteract.morale._loop_rules` for the whole loop.
"""

from __future__ import annotations

import itertools

from ._loop_policy import FeedbackLoopPolicy
from ._loop_round import _Regime, _transfer, step

__all__ = ["CLOSED_FORM_TOLERANCE", "FIXED_TOLERANCE", "GAIN_TOLERANCE"]


GAIN_TOLERANCE = 1e-9
"""A loop gain within this of 1 counts as exactly 1 (rounding in the elasticities' product)."""

FIXED_TOLERANCE = 1e-6
"""Morale points: where ``|T(m) - m|`` is at most this, ``m`` counts as a fixed point."""


def _gap_sign(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> int:
    """The sign of T(m) - m, 0 within ``FIXED_TOLERANCE``: which way morale moves from ``m``."""
    gap = _transfer(policy, regime, morale) - morale
    return 0 if abs(gap) <= FIXED_TOLERANCE else (1 if gap > 0.0 else -1)


CLOSED_FORM_TOLERANCE = 1e-9
"""Morale points: G < 1 and ``|T(m*) - m*|`` at most this, the closed form m* is the equilibrium."""


def _closed_form_holds(policy: FeedbackLoopPolicy, regime: _Regime, closed_form: float) -> bool:
    """Whether the closed form m* is the fixed point: inside 0-100 and no limit moves T(m*)."""
    return (
        0.0 <= closed_form <= 100.0
        and abs(_transfer(policy, regime, closed_form) - closed_form) <= CLOSED_FORM_TOLERANCE
    )


def _breakpoints(
    policy: FeedbackLoopPolicy, regime: _Regime, gain: float, shift: float
) -> list[float]:
    """Morale values in 0-100 where T changes slope (q, r or the target reach a limit).

    Between consecutive points T is affine: its slope is G where nothing is
    saturated and 0 where care quality, the negative rate or the target is
    pinned at a limit. Extra points are harmless; none may be missing.
    """
    p = policy
    m0, q0 = p.reference_morale, p.reference_care_quality
    points = {0.0, 100.0}
    e_qm, e_rq = p.care_elasticity_to_morale, p.negative_rate_elasticity_to_care
    if e_qm > 0:
        qualities = [0.0, 1.0]
        keep = 1.0 - regime.cut
        if e_rq > 0 and keep > 0:
            qualities += [
                q0 * (1.0 + 1.0 / e_rq),  # r reaches 0
                q0 * (1.0 + (1.0 - 1.0 / (p.reference_negative_rate * keep)) / e_rq),  # r reaches 1
            ]
        points.update(m0 * (1.0 + (q / q0 - 1.0) / e_qm) for q in qualities)
    if gain > 0:  # the unsaturated target A + G (m - m0) reaches 0 or 100
        points.update(m0 + (limit - m0 - shift) / gain for limit in (0.0, 100.0))
    return sorted(x for x in points if 0.0 <= x <= 100.0)


def _fixed_points(
    policy: FeedbackLoopPolicy, regime: _Regime, gain: float, shift: float
) -> list[float]:
    """Every isolated m in 0-100 with T(m) = m, solved exactly on each affine piece of T.

    Where T(m) = m on a whole piece (gain exactly 1 and no shift) its ends are
    listed; the points between are fixed too (neutral).
    """
    found: list[float] = []
    cuts = _breakpoints(policy, regime, gain, shift)
    for a, b in itertools.pairwise(cuts):
        sa, sb = _gap_sign(policy, regime, a), _gap_sign(policy, regime, b)
        if sa == 0:
            found.append(a)
        if sa * sb < 0:
            ga = _transfer(policy, regime, a) - a
            gb = _transfer(policy, regime, b) - b
            found.append(a + ga * (b - a) / (ga - gb))
    if _gap_sign(policy, regime, 100.0) >= 0:
        found.append(100.0)
    return sorted(set(found))


def _root(policy: FeedbackLoopPolicy, regime: _Regime) -> float:
    """The one m in 0-100 with T(m) = m when G < 1, by bisection.

    T(m) - m strictly decreases (slope -(1 - G) or -1), is at least 0 at 0
    and at most 0 at 100, so halving the interval until it stops shrinking
    finds the root to the last bit, whatever the slope.
    """
    low, high = 0.0, 100.0
    while True:
        middle = (low + high) / 2.0
        if middle in (low, high):
            return (
                low
                if abs(_transfer(policy, regime, low) - low)
                <= abs(_transfer(policy, regime, high) - high)
                else high
            )
        if _transfer(policy, regime, middle) - middle > 0.0:
            low = middle
        else:
            high = middle


_APART = 1e-9  # morale points: fixed points and cuts closer than this are one (rounding)


def _side(
    policy: FeedbackLoopPolicy, regime: _Regime, point: float, cuts: list[float]
) -> tuple[int, int]:
    """Signs of T(m) - m just below and just above a fixed ``point`` (0 outside 0-100).

    T is affine between consecutive ``cuts`` (breakpoints and fixed points), so
    the sign at the midpoint to the neighbouring cut is the sign on that side.
    """

    def sign(m: float) -> int:
        return _gap_sign(policy, regime, m)

    below = [x for x in cuts if x < point - _APART]
    above = [x for x in cuts if x > point + _APART]
    return (
        sign((below[-1] + point) / 2.0) if below and point > 0.0 else 0,
        sign((above[0] + point) / 2.0) if above and point < 100.0 else 0,
    )


def _reached(
    policy: FeedbackLoopPolicy,
    regime: _Regime,
    start: float,
    direction: int,
    points: list[float],
    cuts: list[float],
) -> float:
    """The fixed point the noiseless map carries ``start`` to, moving up (1) or down (-1).

    The nearest fixed point ahead that morale approaches from behind: T(m) - m
    has the sign of the motion on the near side of it (this skips a copy of
    the start's own tipping point that rounding put just ahead of it).
    """
    ahead = sorted(
        (x for x in points if (x - start) * direction > 0.0), key=lambda x: (x - start) * direction
    )
    for point in ahead:
        below, above = _side(policy, regime, point, cuts)
        if (below if direction > 0 else above) == direction:
            return point
    return 100.0 if direction > 0 else 0.0


def _limits(
    policy: FeedbackLoopPolicy, regime: _Regime, morale: float
) -> tuple[tuple[str, float], ...]:
    """Which of care quality, negative rate and morale target sit at a limit at ``morale``."""
    care, rate, target = step(policy, regime, morale)
    return tuple(
        (quantity, value)
        for quantity, value, limits in (
            ("care_quality", care, (0.0, 1.0)),
            ("negative_rate", rate, (0.0, 1.0)),
            ("target", target, (0.0, 100.0)),
        )
        if value in limits
    )
