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

One round of the map is :mod:`custinteract.morale._loop_round` and the fixed
points of ``T``, with the tolerances, :mod:`custinteract.morale._loop_fixed_points`;
this module classifies where the map settles, and the rest of the package
imports all of it from here.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

import attrs

from .. import _validators as v
from ._loop_fixed_points import (
    _APART,
    CLOSED_FORM_TOLERANCE,
    FIXED_TOLERANCE,
    GAIN_TOLERANCE,
    _breakpoints,
    _closed_form_holds,
    _fixed_points,
    _gap_sign,
    _limits,
    _reached,
    _root,
    _side,
)
from ._loop_policy import FeedbackLoopPolicy
from ._loop_round import _EFFECTS as _EFFECTS
from ._loop_round import _Regime as _Regime
from ._loop_round import follow, regime, step

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
