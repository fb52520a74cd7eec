"""The rules of the morale-satisfaction feedback loop: one round of the map, and where it settles.

“Why Customer Interaction Should Be on Top of Your Priority List”: fewer angry customers lift employee morale, morale drives
motivation and so better care, "a positive feedback cycle". The loop, with
``m`` morale (0-100), ``q`` care quality (0-1) and ``r`` the rate of negative
interactions (0-1), each measured against a reference point
(:class:`FeedbackLoopPolicy`) and linked by elasticities:

* care quality follows morale: ``q = q0 * (1 + e_qm * (m / m0 - 1))``;
* the negative rate follows care quality, cut by process fixes ``c``:
  ``r = r0 * (1 - e_rq * (q / q0 - 1)) * (1 - c)``;
* morale moves each period a share ``s`` of the way to its target, which the
  negative rate, workload ``w`` (1 = normal) and recognition ``b`` points set:
  ``target = m0 * (1 - e_mr * (r / r0 - 1) - e_mw * (w - 1)) + b``, clipped to 0-100,
  and ``m' = (1 - s) * m + s * target``.

Substituting, the target is affine in morale: ``target = A + G * (m - m0)``
with the **loop gain** ``G = e_mr * e_rq * e_qm * (1 - c)`` and
``A = m0 * (1 + e_mr * c - e_mw * (w - 1)) + b``. The composed map
``m -> m'`` has slope ``1 - s * (1 - G)``:

* ``G < 1`` (slope in ``[0, 1)``): one stable equilibrium,
  ``m* = m0 + (A - m0) / (1 - G)``, reached monotonically.
  ``1 / (1 - G)`` is the loop's *multiplier*: an intervention that moves the
  target by ``x`` points moves the equilibrium by ``x / (1 - G)``.
* ``G >= 1`` (slope ``>= 1``): the unsaturated fixed point
  ``m0 + (A - m0) / (1 - G)`` (if any) is a *tipping point*: each round
  amplifies the last and morale runs away from it, up or down, until a
  limit stops it.

``0 < s <= 1`` is enforced, so the map never overshoots (no oscillation).
``q`` and ``r`` are clipped to ``[0, 1]`` and the target to 0-100: where
one of them is pinned at its limit the target stops responding to morale, so
``T(m)`` is piecewise affine (slope G or 0) and non-decreasing. The noiseless
map is then monotone: from any start morale moves steadily to the nearest
fixed point of ``T`` in the direction ``T(m) - m`` points, found exactly on
the affine pieces, flat ones included. The status says where that is:

* ``G < 1``: ``STABLE`` at the single fixed point, the same from every start
  (``morale.loop.equilibrium``, or ``morale.loop.equilibrium_bound`` when a
  limit holds it short of the unbounded value);
* ``G >= 1`` and the start is carried to a point inside 0-100 held by care
  quality or the negative rate at a limit: ``STABLE`` there
  (``morale.loop.equilibrium_bound``). Another start may run elsewhere;
* ``G >= 1`` otherwise: ``NONE`` (``morale.loop.runaway``): morale runs to 0
  or 100, or sits on a tipping point until the first shock.

Tolerances, so that rounding cannot flip the status. A gain within
``GAIN_TOLERANCE`` (1e-9) of 1 counts as exactly 1 (the ``G >= 1`` rules);
``T(m) - m`` within ``FIXED_TOLERANCE`` (1e-6 morale points) of 0 counts as
0, so ``m`` is a fixed point (morale would move by less than that in a
round). At gain 1 with no shift every unsaturated morale is such a point,
a *neutral* one: a start there stays (``NONE``, morale sits on a neutral
point until the first shock), and a start beyond the point where care
quality reaches 1 comes back to that point and is held there (``STABLE``).
For ``G < 1`` the closed form m* is the equilibrium whenever it lies in
0-100 and ``|T(m*) - m*|`` is at most ``CLOSED_FORM_TOLERANCE`` (1e-9 morale
points: no limit bends the target there); otherwise the one root of
``T(m) = m``, found by bisection. Neither depends on how flat ``T(m) - m``
is, so a gain just below 1 reports m* itself.

The start is the morale of the first period of the final regime (the
initial morale when no intervention starts or ends during the run). With
``noise > 0`` a Gaussian shock (sd ``noise`` morale points, from
``random.Random(seed)``, seed 0 unless given) is added each period; the
equilibrium reported is still that of the noiseless map from that start.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable
from typing import NamedTuple

import attrs

from .. import _validators as v
from ._loop_policy import FeedbackLoopPolicy, Intervention, InterventionKind

__all__ = [
    "CLOSED_FORM_TOLERANCE",
    "FIXED_TOLERANCE",
    "GAIN_TOLERANCE",
    "STATUS",
    "EquilibriumStatus",
    "Outcome",
    "equilibrium",
    "follow",
    "regime",
    "step",
]


class EquilibriumStatus(enum.Enum):
    """Whether the noiseless loop settles (``STABLE``) or runs away (``NONE``).

    ``STABLE``: morale converges to ``LoopTrajectory.equilibrium_morale``.
    ``NONE``: a loop gain of 1 or more and no limit holds morale inside
    0-100: it runs to 0 or 100, or sits on a tipping point.

    >>> import custinteract as ci
    >>> ci.simulate_feedback_loop(periods=3).status
    <EquilibriumStatus.STABLE: 'stable'>
    >>> ci.EquilibriumStatus("none")
    <EquilibriumStatus.NONE: 'none'>
    """

    STABLE = "stable"
    NONE = "none"


# ----------------------------------------------------------------------------- one round


@attrs.frozen(kw_only=True)
class _Regime:
    """The interventions in force in one period, combined."""

    cut: float = 0.0  # combined process cut, 1 - prod(1 - c_i)
    workload: float = 1.0  # 1 + sum of freeze sizes
    boost: float = 0.0  # morale points added to the target


@attrs.frozen(kw_only=True)
class _Levers:
    keep: float = 1.0  # prod(1 - c_i): the share of the negative rate process fixes keep
    workload: float = 1.0
    boost: float = 0.0


_EFFECTS: v.FrozenMap[InterventionKind, Callable[[_Levers, float], _Levers]] = v.FrozenMap(
    {
        InterventionKind.RECOGNITION_PROGRAMME: lambda r, size: attrs.evolve(
            r, boost=r.boost + size
        ),
        InterventionKind.PROCESS_FIX: lambda r, size: attrs.evolve(r, keep=r.keep * (1.0 - size)),
        InterventionKind.HIRING_FREEZE: lambda r, size: attrs.evolve(r, workload=r.workload + size),
        InterventionKind.LISTENING_PROGRAMME: lambda r, size: attrs.evolve(r, boost=r.boost + size),
    }
)
"""What each kind of intervention in force changes (see :class:`InterventionKind`)."""


def regime(interventions: Iterable[Intervention], period: int) -> _Regime:
    """The interventions in force in ``period``, combined."""
    levers = _Levers()
    for item in interventions:
        if item.active(period):
            levers = _EFFECTS[item.kind](levers, item.size)
    return _Regime(cut=1.0 - levers.keep, workload=levers.workload, boost=levers.boost)


def _care(policy: FeedbackLoopPolicy, morale: float) -> float:
    p = policy
    q = p.reference_care_quality * (
        1.0 + p.care_elasticity_to_morale * (morale / p.reference_morale - 1.0)
    )
    return min(1.0, max(0.0, q))


def _negative_rate(policy: FeedbackLoopPolicy, care: float, regime: _Regime) -> float:
    p = policy
    base = 1.0 - p.negative_rate_elasticity_to_care * (care / p.reference_care_quality - 1.0)
    return min(1.0, max(0.0, p.reference_negative_rate * base * (1.0 - regime.cut)))


def _target(policy: FeedbackLoopPolicy, rate: float, regime: _Regime) -> float:
    p = policy
    relative = (
        1.0
        - p.morale_elasticity_to_negative_rate * (rate / p.reference_negative_rate - 1.0)
        - p.morale_elasticity_to_workload * (regime.workload - 1.0)
    )
    return min(100.0, max(0.0, p.reference_morale * relative + regime.boost))


def step(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> tuple[float, float, float]:
    """Care quality, negative rate and morale target that ``morale`` gives in one round."""
    care = _care(policy, morale)
    rate = _negative_rate(policy, care, regime)
    return care, rate, _target(policy, rate, regime)


def follow(policy: FeedbackLoopPolicy, morale: float, target: float, shock: float) -> float:
    """Next period's morale: a share ``adjustment_speed`` of the way to the target, plus a shock."""
    s = policy.adjustment_speed
    following = (1.0 - s) * morale + s * target
    if shock:
        following += shock
    return min(100.0, max(0.0, following))


def _transfer(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> float:
    """T(m): the clipped morale target that morale ``m`` leads to in one round of the loop."""
    return step(policy, regime, morale)[2]


# ----------------------------------------------------------------------------- fixed points

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


# ----------------------------------------------------------------------------- where it settles


class Outcome(enum.Enum):
    """How the noiseless map ends from a start: the classification the status and reason read."""

    EQUILIBRIUM = "equilibrium"  # G < 1, the closed-form fixed point inside 0-100
    BOUND = "bound"  # G < 1, a limit holds morale short of the closed form
    HELD = "held"  # G >= 1, a limit stops the runaway inside 0-100
    AT_LIMIT = "at_limit"  # G >= 1, morale starts and stays at 0 or 100
    ON_POINT = "on_point"  # G >= 1, morale sits on a tipping (or neutral) point
    RUNS = "runs"  # G >= 1, morale runs to 0 or 100


STATUS: v.FrozenMap[Outcome, EquilibriumStatus] = v.FrozenMap(
    {
        Outcome.EQUILIBRIUM: EquilibriumStatus.STABLE,
        Outcome.BOUND: EquilibriumStatus.STABLE,
        Outcome.HELD: EquilibriumStatus.STABLE,
        Outcome.AT_LIMIT: EquilibriumStatus.NONE,
        Outcome.ON_POINT: EquilibriumStatus.NONE,
        Outcome.RUNS: EquilibriumStatus.NONE,
    }
)
"""Whether each outcome is a stable equilibrium."""


@attrs.frozen(kw_only=True)
class _Equilibrium:
    """Where the noiseless map carries ``start`` under one regime, and what the reason reads."""

    outcome: Outcome
    gain: float
    start: float
    settle: float  # where morale ends (for ON_POINT and AT_LIMIT: the start)
    unbounded: float | None = None  # G < 1: m0 + shift / (1 - G)
    shift: float = 0.0  # how far the regime moves the target at the reference morale
    limits: tuple[tuple[str, float], ...] = ()  # quantities pinned at a limit at ``settle``
    away: tuple[tuple[int, float], ...] = ()  # ON_POINT: where a shock up (1) or down (-1) ends
    tipping: float | None = None  # RUNS: the tipping point the start is beyond, if any
    direction: int = 0  # RUNS: 1 up, -1 down

    @property
    def status(self) -> EquilibriumStatus:
        return STATUS[self.outcome]

    @property
    def morale(self) -> float | None:
        """The equilibrium morale, or None without one."""
        return self.settle if self.status is EquilibriumStatus.STABLE else None


def equilibrium(policy: FeedbackLoopPolicy, regime: _Regime, start: float) -> _Equilibrium:
    """Where the noiseless map settles from ``start``, derived analytically.

    The noiseless map is monotone (every elasticity is at least 0), so from
    ``start`` morale moves steadily to the nearest fixed point of T in the
    direction T(start) - start points, and stays if that is 0.

    * G < 1: T(m) - m strictly decreases, so there is exactly one fixed point,
      reached from every start: ``m0 + shift / (1 - G)`` when nothing
      saturates there, else the root of T(m) = m on the piece where it
      changes sign.
    * G >= 1: where nothing saturates, T(m) - m grows with m, so the
      unsaturated fixed point (if any) is a tipping point that repels. Morale
      runs from it to the nearest fixed point beyond: held inside 0-100 by
      care quality or the negative rate at a limit, or run to 0 or 100, or
      sitting on a tipping point (it stays only until the first shock).
    """
    p = policy
    gain = p.loop_gain(regime.cut)
    shift = (
        p.reference_morale
        * (
            p.morale_elasticity_to_negative_rate * regime.cut
            - p.morale_elasticity_to_workload * (regime.workload - 1.0)
        )
        + regime.boost
    )
    if gain < 1.0 - GAIN_TOLERANCE:
        closed_form = p.reference_morale + shift / (1.0 - gain)
        unbounded = _closed_form_holds(p, regime, closed_form)
        morale = min(100.0, max(0.0, closed_form)) if unbounded else _root(p, regime)
        return _Equilibrium(
            outcome=Outcome.EQUILIBRIUM if unbounded else Outcome.BOUND,
            gain=gain,
            start=start,
            settle=morale,
            unbounded=closed_form,
            shift=shift,
            limits=() if unbounded else _limits(p, regime, morale),
        )
    points = _fixed_points(p, regime, gain, shift)
    cuts = sorted({*_breakpoints(p, regime, gain, shift), *points, start})
    loop = _Map(policy=p, regime=regime, gain=gain, points=points, cuts=cuts)
    if _gap_sign(p, regime, start) == 0:  # on a fixed point
        return _on_fixed_point(loop, start)
    return _runaway(loop, start)


class _Map(NamedTuple):
    """The noiseless map of one regime: its gain, fixed points and cuts (G >= 1)."""

    policy: FeedbackLoopPolicy
    regime: _Regime
    gain: float
    points: list[float]
    cuts: list[float]

    def side(self, point: float) -> tuple[int, int]:
        return _side(self.policy, self.regime, point, self.cuts)

    def reached(self, start: float, direction: int) -> float:
        return _reached(self.policy, self.regime, start, direction, self.points, self.cuts)

    def held(self, start: float, settle: float) -> _Equilibrium:
        """A runaway loop stopped inside 0-100 by care quality or the negative rate at a limit."""
        return _Equilibrium(
            outcome=Outcome.HELD,
            gain=self.gain,
            start=start,
            settle=settle,
            limits=_limits(self.policy, self.regime, settle),
        )


def _on_fixed_point(loop: _Map, start: float) -> _Equilibrium:
    """G >= 1 and morale starts on a fixed point: held there, at a limit, or on a tipping point."""
    below, above = loop.side(start)
    if 0.0 < start < 100.0 and below > 0 and above < 0:
        return loop.held(start, start)
    if start in (0.0, 100.0):
        return _Equilibrium(outcome=Outcome.AT_LIMIT, gain=loop.gain, start=start, settle=start)
    away = []
    if above > 0:
        away.append((1, loop.reached(start, 1)))
    if below < 0:
        away.append((-1, loop.reached(start, -1)))
    return _Equilibrium(
        outcome=Outcome.ON_POINT, gain=loop.gain, start=start, settle=start, away=tuple(away)
    )


def _runaway(loop: _Map, start: float) -> _Equilibrium:
    """G >= 1 and morale moves: to a point held by a limit, or to 0 or 100."""
    direction = _gap_sign(loop.policy, loop.regime, start)
    settle = loop.reached(start, direction)
    if 0.0 < settle < 100.0:
        return loop.held(start, settle)
    behind = sorted(
        (x for x in loop.points if (x - start) * direction <= _APART),
        key=lambda x: abs(x - start),
    )
    tipping = None
    if behind and loop.side(behind[0])[0 if direction < 0 else 1] == direction:
        tipping = behind[0]
    return _Equilibrium(
        outcome=Outcome.RUNS,
        gain=loop.gain,
        start=start,
        settle=settle,
        tipping=tipping,
        direction=direction,
    )
