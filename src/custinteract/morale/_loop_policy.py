"""The feedback loop's policy: reference point, elasticities, speed; and the interventions.

Every number the loop uses is a :class:`FeedbackLoopPolicy` field or an
:class:`Intervention`'s size; every reason code it can give is in
:data:`REASON_CODES`. The loop itself is described in :mod:`._loop_rules`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

import attrs

from .. import _validators as v
from .._errors import InvalidInputError
from ._fields import number_spec
from ._team import TeamSummary

if TYPE_CHECKING:  # typing_extensions is read by type checkers only (Unpack is 3.11+)
    from typing_extensions import Unpack

__all__ = ["REASON_CODES", "FeedbackLoopPolicy", "Intervention", "InterventionKind"]

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


def _number(
    *, default: float, low: float | None = 0, high: float | None = None, low_open: bool = False
) -> Any:
    return attrs.field(default=default, **number_spec(low=low, high=high, low_open=low_open))


class _LoopOverrides(TypedDict, total=False):
    """The fields :meth:`FeedbackLoopPolicy.from_team` may set, with their types (for type checkers)."""

    reference_morale: float
    reference_care_quality: float
    reference_negative_rate: float
    care_elasticity_to_morale: float
    negative_rate_elasticity_to_care: float
    morale_elasticity_to_negative_rate: float
    morale_elasticity_to_workload: float
    adjustment_speed: float
    tolerance: float


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
    custinteract.InvalidInputError: adjustment_speed: expected a finite number above 0 to 1, got 1.5

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
            negative rate lowers the morale target, in percent. “Why Customer Interaction Should Be on Top of Your Priority List”
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
    def from_team(
        cls, summary: TeamSummary, **overrides: Unpack[_LoopOverrides]
    ) -> FeedbackLoopPolicy:
        """A policy whose reference point is a team's current state.

        ``reference_morale`` becomes the team's mean morale (at least 1) and
        ``reference_negative_rate`` its negative share (kept at the default
        when the team handled no negative interaction: a rate of 0 has no
        elasticity). Other fields come from ``overrides`` (each a field of the
        policy: another name is an :class:`~custinteract.InvalidInputError`) or
        the defaults.

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
        known = [field.name for field in attrs.fields(cls)]
        for name, value in overrides.items():
            if name not in known:
                raise InvalidInputError(
                    name, value, "a FeedbackLoopPolicy field: " + ", ".join(known)
                )
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

    * ``RECOGNITION_PROGRAMME``: “What You Need to Know About Customer Interaction”, "reward them for hard work";
      ``size`` morale points added to the target while in force.
    * ``PROCESS_FIX``: fixing a cause of complaints; ``size`` is the fraction
      (0-1, 1 excluded) cut from the negative rate.
    * ``HIRING_FREEZE``: the same work for fewer people; ``size`` is the
      fractional rise in workload (0.2 = 20% more per person).
    * ``LISTENING_PROGRAMME``: “What You Need to Know About Customer Interaction”, "make sure they know they can speak
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
    custinteract.InvalidInputError: size: expected a finite number from 0 below 1, got 1.5

    Attributes:
        kind: What changes (see :class:`InterventionKind` for ``size``).
        start: First period in force (0 is the first period).
        end: First period no longer in force, or None.
        size: How big (unit set by ``kind``).
    """

    kind: InterventionKind = attrs.field(validator=v.enum_member(InterventionKind))
    start: int = attrs.field(default=0, validator=v.integer(low=0))
    end: int | None = attrs.field(default=None, validator=_end_after_start)
    size: float = attrs.field(converter=v.number_to_float, validator=_size_for_kind)

    def active(self, period: int) -> bool:
        """True when in force in ``period``."""
        return self.start <= period and (self.end is None or period < self.end)
