"""The morale-satisfaction feedback loop, simulated period by period.

Seed 000: fewer angry customers lift employee morale, morale drives
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

The start is the morale of the first period of the final regime (the
initial morale when no intervention starts or ends during the run). With
``noise > 0`` a Gaussian shock (sd ``noise`` morale points, from
``random.Random(seed)``, seed 0 unless given) is added each period; the
equilibrium reported is still that of the noiseless map from that start.
"""

from __future__ import annotations

import enum
import itertools
import random
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .. import _validators as v
from .._display import render_html, render_text
from .._errors import InvalidInputError
from .._models import Reason
from ._team import TeamSummary

__all__ = [
    "REASON_CODES",
    "EquilibriumStatus",
    "FeedbackLoopPolicy",
    "Intervention",
    "InterventionKind",
    "LoopPeriod",
    "LoopTrajectory",
    "Scenario",
    "ScenarioComparison",
    "compare_scenarios",
    "simulate_feedback_loop",
]

REASON_CODES: Mapping[str, str] = v.FrozenMap(
    {
        "morale.loop.gain": "the loop gain G and the multiplier 1 / (1 - G) of the regime in force",
        "morale.loop.equilibrium": "the noiseless loop has a stable equilibrium inside 0-100",
        "morale.loop.equilibrium_bound": (
            "morale settles where a limit holds it: the index at 0 or 100, or care quality or the"
            " negative rate pinned at 0 or 1 so that the target stops responding to morale"
        ),
        "morale.loop.runaway": (
            "loop gain of 1 or more and no limit holds morale inside 0-100: it runs to 0 or 100,"
            " or sits on a tipping point until the first shock"
        ),
        "morale.loop.reached": "the noiseless trajectory came within the tolerance of the equilibrium",
        "morale.loop.not_reached": "the trajectory did not come within the tolerance in time",
        "morale.loop.intervention": "an intervention in force in the final period",
        "morale.loop.noise": "random shocks were added; the equilibrium is that of the noiseless loop",
    }
)


def _num(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _number(
    *, default: float, low: float | None = 0, high: float | None = None, low_open: bool = False
) -> Any:
    return attrs.field(
        default=default,
        converter=_num,
        validator=v.finite_number(low=low, high=high, low_open=low_open),
    )


@attrs.frozen(kw_only=True)
class FeedbackLoopPolicy:
    """Reference point, elasticities and adjustment speed of the feedback loop.

    An elasticity ``e`` of y to x means a 1% change in x moves y by ``e``%.
    Only ``care_elasticity_to_morale`` is derived from a published figure (and
    reading that figure as an elasticity is itself a modelling step); the
    others are modelling choices with the sign the literature gives. Fit them
    to your own data where you can (the reference point is your current
    state).

    >>> import custinteract as ci
    >>> p = ci.FeedbackLoopPolicy()
    >>> round(p.loop_gain(), 3), round(p.multiplier(), 3)
    (0.13, 1.149)
    >>> ci.FeedbackLoopPolicy(adjustment_speed=1.5)
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: adjustment_speed: expected a finite number above 0 to 1, got 1.5

    Attributes:
        reference_morale: Morale at the reference point, m0 (0-100, above 0).
            Default 60, the :class:`MoralePolicy` baseline.
        reference_care_quality: Care quality at the reference point, q0 (0-1,
            above 0): the share of interactions handled well. Modelling choice
            (0.8): four in five, leaving room to improve before care quality
            reaches its ceiling of 1; use your own quality-review pass rate.
        reference_negative_rate: Negative interactions per interaction at the
            reference point, r0 (0-1, above 0). Modelling choice (0.1); use
            your own negative share from the satisfaction metrics.
        care_elasticity_to_morale: e_qm. Rucci, Kirn and Quinn (1998), Sears:
            a 5-unit rise in employee attitude went with a 1.3-unit rise in
            customer impression, both in survey units, not percentages.
            Reading the ratio 1.3 / 5 = 0.26 as an elasticity, with customer
            impression as the proxy for care quality, is a modelling step of
            this library, not their finding.
        negative_rate_elasticity_to_care: e_rq: how much a 1% better care
            quality cuts the negative rate, in percent. Heskett et al. (1994),
            service-profit chain: service value drives satisfaction; magnitude
            (1.0) a modelling choice.
        morale_elasticity_to_negative_rate: e_mr: how much a 1% rise in the
            negative rate lowers the morale target, in percent. Seed 000
            ("the fewer angry customers, the better the employee morale");
            Sliter et al. (2010), incivility drives exhaustion; magnitude (0.5)
            a modelling choice.
        morale_elasticity_to_workload: e_mw: how much a 1% rise in workload
            lowers the morale target, in percent. Heskett et al. (1994) count
            workload in internal service quality; magnitude (0.5) a modelling
            choice.
        adjustment_speed: s, the share of the gap to its target morale closes
            each period (0 excluded to 1). Modelling choice (0.5: half the
            gap per period). Kept at most 1 so the loop never overshoots.
        tolerance: Morale points within which the trajectory counts as having
            reached the equilibrium. Modelling choice (0.01): a hundredth of a
            point, below what any staff survey resolves.
    """

    reference_morale: float = _number(default=60.0, high=100, low_open=True)
    reference_care_quality: float = _number(default=0.8, high=1, low_open=True)
    reference_negative_rate: float = _number(default=0.1, high=1, low_open=True)
    care_elasticity_to_morale: float = _number(default=0.26)
    negative_rate_elasticity_to_care: float = _number(default=1.0)
    morale_elasticity_to_negative_rate: float = _number(default=0.5)
    morale_elasticity_to_workload: float = _number(default=0.5)
    adjustment_speed: float = _number(default=0.5, high=1, low_open=True)
    tolerance: float = _number(default=0.01, low_open=True)

    @classmethod
    def from_team(cls, summary: TeamSummary, **overrides: Any) -> FeedbackLoopPolicy:
        """A policy whose reference point is a team's current state.

        ``reference_morale`` becomes the team's mean morale (at least 1) and
        ``reference_negative_rate`` its negative share (kept at the default
        when the team handled no negative interaction: a rate of 0 has no
        elasticity). Other fields come from ``overrides`` or the defaults.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
        >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0, team="desk")]
        >>> calls = [ci.Interaction(id="i-1", customer_id="c-1", staff_id="s-1", timestamp=t0,
        ...                         sentiment=ci.Sentiment.NEGATIVE)]
        >>> desk = ci.assess_team_morale(staff, calls, as_of=t0).team("desk")
        >>> policy = ci.FeedbackLoopPolicy.from_team(desk, adjustment_speed=0.25)
        >>> policy.reference_morale, policy.reference_negative_rate, policy.adjustment_speed
        (29.0, 1.0, 0.25)
        """
        if not isinstance(summary, TeamSummary):
            raise InvalidInputError("summary", summary, "a TeamSummary")
        reference: dict[str, Any] = {"reference_morale": max(summary.mean_index, 1.0)}
        if summary.negative_share > 0:
            reference["reference_negative_rate"] = summary.negative_share
        return cls(**{**reference, **overrides})

    def loop_gain(self, process_cut: float = 0.0) -> float:
        """G = e_mr * e_rq * e_qm * (1 - process_cut): the strength of the loop."""
        return (
            self.morale_elasticity_to_negative_rate
            * self.negative_rate_elasticity_to_care
            * self.care_elasticity_to_morale
            * (1.0 - process_cut)
        )

    def multiplier(self, process_cut: float = 0.0) -> float:
        """1 / (1 - G): how much the loop amplifies a shift of the morale target (inf if G >= 1)."""
        gain = self.loop_gain(process_cut)
        return float("inf") if gain >= 1 else 1.0 / (1.0 - gain)


class InterventionKind(enum.Enum):
    """What a manager can change, and what ``Intervention.size`` means for each.

    * ``RECOGNITION_PROGRAMME``: seed 004, "reward them for hard work";
      ``size`` morale points added to the target while in force.
    * ``PROCESS_FIX``: fixing a cause of complaints; ``size`` is the fraction
      (0-1, 1 excluded) cut from the negative rate.
    * ``HIRING_FREEZE``: the same work for fewer people; ``size`` is the
      fractional rise in workload (0.2 = 20% more per person).
    * ``LISTENING_PROGRAMME``: seed 004, "make sure they know they can speak
      to you"; ``size`` morale points added to the target, like recognition.

    >>> import custinteract as ci
    >>> ci.InterventionKind("hiring_freeze") is ci.InterventionKind.HIRING_FREEZE
    True
    >>> [kind.value for kind in ci.InterventionKind][:2]
    ['recognition_programme', 'process_fix']
    """

    RECOGNITION_PROGRAMME = "recognition_programme"
    PROCESS_FIX = "process_fix"
    HIRING_FREEZE = "hiring_freeze"
    LISTENING_PROGRAMME = "listening_programme"


def _end_after_start(instance: Intervention, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.integer(low=0)(instance, attribute, value)
    if value <= instance.start:
        raise InvalidInputError(
            attribute.name, value, f"None or a period after start ({instance.start})"
        )


def _size_for_kind(instance: Intervention, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.kind is InterventionKind.PROCESS_FIX:
        v.finite_number(low=0, high=1, high_open=True)(instance, attribute, value)
    else:
        v.finite_number(low=0)(instance, attribute, value)


v.with_schema(_end_after_start, {"optional": True, "type": "integer", "minimum": 0})
v.with_schema(_size_for_kind, {"type": "number", "minimum": 0})


@attrs.frozen(kw_only=True)
class Intervention:
    """A change a manager makes, as data: what, from which period, until when, how big.

    In force in periods ``start <= t < end`` (``end=None``: to the end).

    >>> import custinteract as ci
    >>> ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=4, size=0.3).active(5)
    True
    >>> ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=4, size=1.5)
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: size: expected a finite number from 0 below 1, got 1.5

    Attributes:
        kind: What changes (see :class:`InterventionKind` for ``size``).
        start: First period in force (0 is the first period).
        end: First period no longer in force, or None.
        size: How big (unit set by ``kind``).
    """

    kind: InterventionKind = attrs.field(validator=v.enum_member(InterventionKind))
    start: int = attrs.field(default=0, validator=v.integer(low=0))
    end: int | None = attrs.field(default=None, validator=_end_after_start)
    size: float = attrs.field(converter=_num, validator=_size_for_kind)

    def active(self, period: int) -> bool:
        """True when in force in ``period``."""
        return self.start <= period and (self.end is None or period < self.end)


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


@attrs.frozen(kw_only=True)
class LoopPeriod:
    """The state of the loop in one period.

    >>> import custinteract as ci
    >>> first = ci.simulate_feedback_loop(periods=2, initial_morale=50).periods[0]
    >>> first.period, first.morale, round(first.care_quality, 4), round(first.target, 2)
    (0, 50.0, 0.7653, 58.7)

    Attributes:
        period: 0 for the first.
        morale: Morale at the start of the period (0-100).
        care_quality: Care quality it gives (0-1).
        negative_rate: Negative interactions per interaction it gives (0-1).
        target: The morale target that period sets (0-100).
    """

    period: int = attrs.field(validator=v.integer(low=0))
    morale: float = attrs.field(converter=_num, validator=v.finite_number(low=0, high=100))
    care_quality: float = attrs.field(converter=_num, validator=v.finite_number(low=0, high=1))
    negative_rate: float = attrs.field(converter=_num, validator=v.finite_number(low=0, high=1))
    target: float = attrs.field(converter=_num, validator=v.finite_number(low=0, high=100))


@attrs.frozen(kw_only=True)
class LoopTrajectory:
    """A simulated run of the loop, with the equilibrium of its final regime.

    >>> import custinteract as ci
    >>> run = ci.simulate_feedback_loop(periods=30, initial_morale=50, name="calm week")
    >>> run.name, run.status.value, run.equilibrium_morale, len(run.periods)
    ('calm week', 'stable', 60.0, 30)
    >>> run.final.period, run.explanation[0].code
    (29, 'morale.loop.gain')

    Attributes:
        name: The scenario's name.
        interventions: The interventions simulated.
        noise: Shock size (sd in morale points); 0 is deterministic.
        seed: The seed of the shocks (0 unless given; unused when noise is 0).
        periods: One :class:`LoopPeriod` per period.
        status: Whether the final regime has an equilibrium.
        loop_gain: G of the final regime.
        equilibrium_morale: Morale at equilibrium (None without one).
        equilibrium_care_quality: Care quality at equilibrium (None without one).
        equilibrium_negative_rate: Negative rate at equilibrium (None without one).
        reached_at: First period from which morale stays within the tolerance
            of the equilibrium, or None.
        explanation: Gain, equilibrium, interventions in force, noise.
    """

    name: str = attrs.field(validator=v.identifier)
    interventions: tuple[Intervention, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(Intervention))
    )
    noise: float = attrs.field(converter=_num, validator=v.finite_number(low=0))
    seed: int = attrs.field(validator=v.integer())
    periods: tuple[LoopPeriod, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(LoopPeriod))
    )
    status: EquilibriumStatus = attrs.field(validator=v.enum_member(EquilibriumStatus))
    loop_gain: float = attrs.field(converter=_num, validator=v.finite_number(low=0))
    equilibrium_morale: float | None = attrs.field(
        converter=_num, validator=v.optional(v.finite_number(low=0, high=100))
    )
    equilibrium_care_quality: float | None = attrs.field(
        converter=_num, validator=v.optional(v.finite_number(low=0, high=1))
    )
    equilibrium_negative_rate: float | None = attrs.field(
        converter=_num, validator=v.optional(v.finite_number(low=0, high=1))
    )
    reached_at: int | None = attrs.field(validator=v.optional(v.integer(low=0)))
    explanation: tuple[Reason, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(Reason))
    )

    @property
    def final(self) -> LoopPeriod:
        """The last period simulated."""
        return self.periods[-1]

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


@attrs.frozen(kw_only=True)
class Scenario:
    """A named set of interventions to compare with others.

    >>> import custinteract as ci
    >>> fix = ci.Scenario(name="process fix", interventions=[
    ...     ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=2, size=0.3)])
    >>> fix.name, len(fix.interventions)
    ('process fix', 1)

    Attributes:
        name: Shown in tables and plots.
        interventions: What the manager does in this scenario.
    """

    name: str = attrs.field(validator=v.identifier)
    interventions: tuple[Intervention, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(v.instance(Intervention))
    )


@attrs.frozen(kw_only=True)
class ScenarioComparison:
    """Trajectories of several scenarios under one policy, start and seed.

    >>> import custinteract as ci
    >>> both = ci.compare_scenarios([ci.Scenario(name="as is"), ci.Scenario(name="freeze",
    ...     interventions=[ci.Intervention(kind=ci.InterventionKind.HIRING_FREEZE, size=0.2)])],
    ...     periods=40)
    >>> round(both.trajectory("freeze").equilibrium_morale, 2)
    53.1
    >>> [reason.code for reason in both.explanation]
    ['morale.loop.equilibrium', 'morale.loop.equilibrium']

    Attributes:
        trajectories: One per scenario, in the order given.
        explanation: One line per scenario: its equilibrium or its runaway.
    """

    trajectories: tuple[LoopTrajectory, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(LoopTrajectory))
    )
    explanation: tuple[Reason, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(Reason))
    )

    def trajectory(self, name: str) -> LoopTrajectory:
        """The trajectory of the scenario called ``name``."""
        for trajectory in self.trajectories:
            if trajectory.name == name:
                return trajectory
        raise InvalidInputError("name", name, "the name of a compared scenario")

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


# ----------------------------------------------------------------------------- the map


@attrs.frozen(kw_only=True)
class _Regime:
    cut: float  # combined process cut, 1 - prod(1 - c_i)
    workload: float  # 1 + sum of freeze sizes
    boost: float  # morale points added to the target


def _regime(interventions: Iterable[Intervention], period: int) -> _Regime:
    keep = 1.0
    workload = 1.0
    boost = 0.0
    for item in interventions:
        if not item.active(period):
            continue
        if item.kind is InterventionKind.PROCESS_FIX:
            keep *= 1.0 - item.size
        elif item.kind is InterventionKind.HIRING_FREEZE:
            workload += item.size
        else:
            boost += item.size
    return _Regime(cut=1.0 - keep, workload=workload, boost=boost)


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


def _transfer(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> float:
    """T(m): the clipped morale target that morale ``m`` leads to in one round of the loop."""
    care = _care(policy, morale)
    return _target(policy, _negative_rate(policy, care, regime), regime)


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
        ga = _transfer(policy, regime, a) - a
        gb = _transfer(policy, regime, b) - b
        if ga == 0.0:
            found.append(a)
        if ga * gb < 0.0:
            found.append(a + ga * (b - a) / (ga - gb))
    if _transfer(policy, regime, 100.0) >= 100.0:
        found.append(100.0)
    return sorted(set(found))


_APART = 1e-9  # morale points: fixed points and cuts closer than this are one (rounding)


def _side(
    policy: FeedbackLoopPolicy, regime: _Regime, point: float, cuts: list[float]
) -> tuple[int, int]:
    """Signs of T(m) - m just below and just above a fixed ``point`` (0 outside 0-100).

    T is affine between consecutive ``cuts`` (breakpoints and fixed points), so
    the sign at the midpoint to the neighbouring cut is the sign on that side.
    """

    def sign(m: float) -> int:
        gap = _transfer(policy, regime, m) - m
        return (gap > 0.0) - (gap < 0.0)

    below = [x for x in cuts if x < point - _APART]
    above = [x for x in cuts if x > point + _APART]
    return (
        sign((below[-1] + point) / 2.0) if below and point > 0.0 else 0,
        sign((above[0] + point) / 2.0) if above and point < 100.0 else 0,
    )


def _pinned(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> str:
    """Which of care quality, negative rate and morale target sit at a limit at ``morale``."""
    care = _care(policy, morale)
    rate = _negative_rate(policy, care, regime)
    target = _target(policy, rate, regime)
    parts = [
        f"{label} at its limit {value:g}"
        for label, value, limits in (
            ("care quality", care, (0.0, 1.0)),
            ("the negative rate", rate, (0.0, 1.0)),
            ("the morale target", target, (0.0, 100.0)),
        )
        if value in limits
    ]
    return " and ".join(parts) or "morale at its limit"


def _equilibrium(
    policy: FeedbackLoopPolicy, regime: _Regime, start: float
) -> tuple[EquilibriumStatus, float | None, float, str, str]:
    """Status, equilibrium morale, gain, and the reason (code, message), derived analytically.

    The noiseless map is monotone (every elasticity is at least 0), so from
    ``start`` morale moves steadily to the nearest fixed point of T in the
    direction T(start) - start points, and stays if that is 0.

    * G < 1: T(m) - m strictly decreases, so there is exactly one fixed point,
      reached from every start: ``m0 + shift / (1 - G)`` when nothing
      saturates there, else the root of T(m) = m on the piece where it
      changes sign.
    * G >= 1: where nothing saturates, T(m) - m grows with m, so the
      unsaturated fixed point (if any) is a tipping point that repels. Morale
      runs from it to the nearest fixed point beyond: STABLE when that lies
      inside 0-100 (held by care quality or the negative rate at a limit),
      NONE when morale runs to 0 or 100, or when it starts on a tipping point
      (it stays only until the first shock).
    """
    p = policy
    gain = p.loop_gain(regime.cut)
    m0 = p.reference_morale
    shift = (
        m0
        * (
            p.morale_elasticity_to_negative_rate * regime.cut
            - p.morale_elasticity_to_workload * (regime.workload - 1.0)
        )
        + regime.boost
    )
    points = _fixed_points(p, regime, gain, shift)
    if gain < 1.0:
        closed_form = m0 + shift / (1.0 - gain)
        morale = points[0]
        if abs(morale - closed_form) <= 1e-9 * max(1.0, abs(closed_form)):
            return (
                EquilibriumStatus.STABLE,
                closed_form,
                gain,
                "morale.loop.equilibrium",
                f"stable equilibrium at morale {closed_form:.1f} (reference {m0:.1f},"
                f" target shift {shift:+.2f}"
                f" amplified {1.0 / (1.0 - gain):.3g} times)",
            )
        return (
            EquilibriumStatus.STABLE,
            morale,
            gain,
            "morale.loop.equilibrium_bound",
            f"the unbounded equilibrium {closed_form:.1f} is out of reach:"
            f" with {_pinned(p, regime, morale)}, morale settles at {morale:.1f}",
        )
    cuts = sorted({*_breakpoints(p, regime, gain, shift), *points, start})
    drift = _transfer(p, regime, start) - start
    amplify = f"loop gain {gain:.3g} >= 1: each round amplifies the last"
    if abs(drift) <= _APART * 1e-3:  # on a fixed point, up to rounding
        below, above = _side(p, regime, start, cuts)
        if 0.0 < start < 100.0 and below > 0 and above < 0:
            return _held(p, regime, gain, start, start, amplify)
        if start in (0.0, 100.0):
            return (
                EquilibriumStatus.NONE,
                None,
                gain,
                "morale.loop.runaway",
                f"{amplify}, no equilibrium inside 0-100; morale stays at {start:g}",
            )
        away = []
        if above > 0:
            away.append(f"up to {_reached(p, regime, start, 1, points, cuts):.3g}")
        if below < 0:
            away.append(f"down to {_reached(p, regime, start, -1, points, cuts):.3g}")
        kind = "a tipping point" if away else "a neutral point"
        fate = (
            f"the first shock sends it {' or '.join(away)}"
            if away
            else "a shock moves it and nothing pulls it back"
        )
        return (
            EquilibriumStatus.NONE,
            None,
            gain,
            "morale.loop.runaway",
            f"{amplify}, no stable equilibrium; morale sits on {kind} at {start:.3g}: {fate}",
        )
    direction = 1 if drift > 0.0 else -1
    settle = _reached(p, regime, start, direction, points, cuts)
    behind = sorted(
        (x for x in points if (x - start) * direction <= _APART),
        key=lambda x: abs(x - start),
    )
    origin = ""
    if behind and _side(p, regime, behind[0], cuts)[0 if direction < 0 else 1] == direction:
        side = "above" if direction > 0 else "below"
        origin = f" (it starts {side} the tipping point {behind[0]:.3g})"
    if 0.0 < settle < 100.0:
        return _held(p, regime, gain, start, settle, amplify)
    return (
        EquilibriumStatus.NONE,
        None,
        gain,
        "morale.loop.runaway",
        f"{amplify}, no equilibrium inside 0-100; morale runs to {settle:.3g}{origin}",
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


def _held(
    policy: FeedbackLoopPolicy,
    regime: _Regime,
    gain: float,
    start: float,
    settle: float,
    amplify: str,
) -> tuple[EquilibriumStatus, float | None, float, str, str]:
    """A runaway loop stopped inside 0-100 by care quality or the negative rate at a limit."""
    return (
        EquilibriumStatus.STABLE,
        settle,
        gain,
        "morale.loop.equilibrium_bound",
        f"{amplify}, but with {_pinned(policy, regime, settle)} the target stops responding:"
        f" from {start:.1f} morale settles at {settle:.1f}",
    )


def _describe(item: Intervention) -> str:
    until = "on" if item.end is None else f"until period {item.end}"
    return f"{item.kind.value} of size {item.size:g} from period {item.start} {until}"


def simulate_feedback_loop(
    policy: FeedbackLoopPolicy = FeedbackLoopPolicy(),
    *,
    periods: int,
    interventions: Iterable[Intervention] = (),
    initial_morale: float | None = None,
    noise: float = 0.0,
    seed: int = 0,
    name: str = "baseline",
) -> LoopTrajectory:
    """Simulate the loop for ``periods`` periods; report the equilibrium or its absence.

    ``initial_morale`` defaults to the policy's reference morale (a team's
    mean from :func:`assess_team_morale` is a natural start). Shocks come
    only from ``random.Random(seed)``, seed 0 unless given, so the same inputs
    always give the same trajectory; with ``noise=0`` it is fully
    deterministic and, when the status is ``STABLE``, converges to the
    equilibrium derived in the module documentation.

    >>> import custinteract as ci
    >>> fix = ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=2, size=0.3)
    >>> run = ci.simulate_feedback_loop(periods=40, interventions=[fix], initial_morale=45)
    >>> run.status.value, round(run.equilibrium_morale, 2), round(run.final.morale, 2)
    ('stable', 69.9, 69.9)
    >>> round(run.final.negative_rate, 4), run.reached_at is not None
    (0.067, True)

    A loop gain of 1 or more amplifies each round, but care quality pinned at
    1 can still hold morale (here at 75); below the tipping point 60 it runs
    to 0:

    >>> strong = ci.FeedbackLoopPolicy(care_elasticity_to_morale=1.5,
    ...     negative_rate_elasticity_to_care=2.0, morale_elasticity_to_negative_rate=0.5)
    >>> up = ci.simulate_feedback_loop(strong, periods=60, initial_morale=65)
    >>> up.loop_gain, up.status.value, up.equilibrium_morale, up.final.care_quality
    (1.5, 'stable', 75.0, 1.0)
    >>> ci.simulate_feedback_loop(strong, periods=60, initial_morale=55).status.value
    'none'
    """
    if not isinstance(policy, FeedbackLoopPolicy):
        raise InvalidInputError("policy", policy, "a FeedbackLoopPolicy")
    if not isinstance(periods, int) or isinstance(periods, bool) or not 1 <= periods <= 1_000_000:
        raise InvalidInputError("periods", periods, "an integer from 1 to 1000000")
    items = tuple(interventions)
    for index, item in enumerate(items):
        if not isinstance(item, Intervention):
            raise InvalidInputError(f"interventions[{index}]", item, "an Intervention")
    if initial_morale is None:
        initial_morale = policy.reference_morale
    if not v.is_finite_number(initial_morale) or not 0 <= initial_morale <= 100:
        raise InvalidInputError(
            "initial_morale", initial_morale, "None or a finite number from 0 to 100"
        )
    if not v.is_finite_number(noise) or noise < 0:
        raise InvalidInputError("noise", noise, "a finite number of at least 0")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInputError("seed", seed, "an integer (shocks come only from a seed)")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError("name", name, "a non-blank string")
    rng = random.Random(seed)
    s = policy.adjustment_speed
    morale = float(initial_morale)
    rows: list[LoopPeriod] = []
    final_regime = _regime(items, periods - 1)
    settled_from = 0  # first period of the final regime: where the equilibrium is sought from
    for t in range(periods):
        regime = _regime(items, t)
        if regime != final_regime:
            settled_from = t + 1
        care = _care(policy, morale)
        rate = _negative_rate(policy, care, regime)
        target = _target(policy, rate, regime)
        rows.append(
            LoopPeriod(
                period=t, morale=morale, care_quality=care, negative_rate=rate, target=target
            )
        )
        following = (1.0 - s) * morale + s * target
        if noise:
            following += rng.gauss(0.0, noise)
        morale = min(100.0, max(0.0, following))
    status, eq_morale, gain, code, message = _equilibrium(
        policy, final_regime, rows[settled_from].morale
    )
    explanation = [
        Reason(
            code="morale.loop.gain",
            message=f"loop gain {gain:.3g}"
            + ("" if gain >= 1 else f", multiplier {1.0 / (1.0 - gain):.3g}"),
        ),
        Reason(code=code, message=message),
    ]
    eq_care = eq_rate = None
    reached_at = None
    if eq_morale is not None:
        eq_care = _care(policy, eq_morale)
        eq_rate = _negative_rate(policy, eq_care, final_regime)
        for row in reversed(rows):
            if abs(row.morale - eq_morale) > policy.tolerance:
                break
            reached_at = row.period
        if reached_at is None:
            explanation.append(
                Reason(
                    code="morale.loop.not_reached",
                    message=f"not within {policy.tolerance:g} of it after {periods} periods",
                )
            )
        else:
            explanation.append(
                Reason(
                    code="morale.loop.reached",
                    message=f"within {policy.tolerance:g} from period {reached_at}",
                )
            )
    explanation += [
        Reason(code="morale.loop.intervention", message=_describe(item))
        for item in items
        if item.active(periods - 1)
    ]
    if noise:
        explanation.append(
            Reason(
                code="morale.loop.noise",
                message=f"shocks of sd {noise:g} morale points (seed {seed})",
            )
        )
    return LoopTrajectory(
        name=name,
        interventions=items,
        noise=noise,
        seed=seed,
        periods=tuple(rows),
        status=status,
        loop_gain=gain,
        equilibrium_morale=eq_morale,
        equilibrium_care_quality=eq_care,
        equilibrium_negative_rate=eq_rate,
        reached_at=reached_at,
        explanation=tuple(explanation),
    )


def compare_scenarios(
    scenarios: Iterable[Scenario],
    *,
    periods: int,
    policy: FeedbackLoopPolicy = FeedbackLoopPolicy(),
    initial_morale: float | None = None,
    noise: float = 0.0,
    seed: int = 0,
) -> ScenarioComparison:
    """Simulate each scenario from the same start with the same shocks, side by side.

    Every scenario uses ``random.Random(seed)`` afresh (common random numbers),
    so differences between trajectories come from the interventions alone.

    >>> import custinteract as ci
    >>> both = ci.compare_scenarios(
    ...     [ci.Scenario(name="do nothing"),
    ...      ci.Scenario(name="recognition", interventions=[
    ...          ci.Intervention(kind=ci.InterventionKind.RECOGNITION_PROGRAMME,
    ...                          start=3, size=5)])],
    ...     periods=30, initial_morale=50)
    >>> [(t.name, round(t.equilibrium_morale, 2)) for t in both.trajectories]
    [('do nothing', 60.0), ('recognition', 65.75)]
    """
    items = tuple(scenarios)
    names = set()
    for index, scenario in enumerate(items):
        if not isinstance(scenario, Scenario):
            raise InvalidInputError(f"scenarios[{index}]", scenario, "a Scenario")
        if scenario.name in names:
            raise InvalidInputError(
                f"scenarios[{index}].name", scenario.name, "a name not used by another scenario"
            )
        names.add(scenario.name)
    if not items:
        raise InvalidInputError("scenarios", items, "at least one Scenario")
    trajectories = tuple(
        simulate_feedback_loop(
            policy,
            periods=periods,
            interventions=scenario.interventions,
            initial_morale=initial_morale,
            noise=noise,
            seed=seed,
            name=scenario.name,
        )
        for scenario in items
    )
    explanation = tuple(
        Reason(code=t.explanation[1].code, message=f"{t.name}: {t.explanation[1].message}")
        for t in trajectories
    )
    return ScenarioComparison(trajectories=trajectories, explanation=explanation)
