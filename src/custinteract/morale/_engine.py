"""The morale index of one member: its results, and the engine that gathers, scores and explains.

The rule itself is in :mod:`._rules` (facts and points), its sentences in
:mod:`._explain`, its numbers in :class:`MoralePolicy`. :func:`score` turns one
member's facts into the itemised assessment; :func:`assess_morale`, the team
view and the frames path all end there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol, TypeVar

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Interaction, Reason, StaffEvent, StaffMember, explanation_spec
from .._time import ensure_aware
from ._explain import explanation, factor_reasons
from ._fields import count_spec, find, number_spec, optional_number_spec
from ._policy import MoraleBand, MoraleFactor, MoralePolicy
from ._rules import POINTS, SCALAR, _Facts, band, clip, count_interactions, gather_facts

__all__ = [
    "MoraleAssessment",
    "MoraleContribution",
    "assess_member",
    "assess_morale",
    "checked_as_of",
    "score",
    "unique_by_id",
]


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Identified)


def _morale_contribution_tuple(
    value: Iterable[MoraleContribution],
) -> tuple[MoraleContribution, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class MoraleContribution:
    """One itemised line of a morale index: the factor, its points and why.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0 - timedelta(days=90))
    >>> call = ci.Interaction(id="i-1", customer_id="c-1", staff_id="s-1",
    ...                       timestamp=t0 - timedelta(days=2), sentiment=ci.Sentiment.NEGATIVE)
    >>> line = ci.assess_morale(ada, [call], as_of=t0).contributions[2]
    >>> line.factor.value, line.points, line.reason.code
    ('exposure_count', -1.0, 'morale.exposure.count')

    Attributes:
        factor: Which part of the rule this line is.
        points: Signed points added to the index (before clipping).
        reason: The stable code and a sentence saying how the points came about.
    """

    factor: MoraleFactor = attrs.field(validator=v.enum_member(MoraleFactor))
    points: float = attrs.field(**number_spec())
    reason: Reason = attrs.field(validator=v.instance(Reason))


@attrs.frozen(kw_only=True)
class MoraleAssessment(Displayed):
    """One staff member's morale at ``as_of``: the index, each contribution, and why.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0 - timedelta(days=90), team="desk")
    >>> calls = [ci.Interaction(id=f"i-{n}", customer_id="c-1", staff_id="s-1",
    ...          timestamp=t0 - timedelta(days=n),
    ...          sentiment=ci.Sentiment.NEGATIVE if n < 3 else ci.Sentiment.POSITIVE)
    ...          for n in range(1, 5)]
    >>> a = ci.assess_morale(ada, calls, as_of=t0)
    >>> a.index, a.band.value, a.interactions_handled, a.negatives_handled, a.negative_share
    (43.0, 'moderate', 4, 2, 0.5)
    >>> a.explanation[0].code
    'morale.baseline'

    Attributes:
        staff_id: The member assessed.
        team: Their team (None when they have none).
        as_of: The moment of the assessment.
        index: The morale index, 0-100 (the sum of contributions, clipped).
        band: Low, moderate or high (see :class:`MoralePolicy`).
        contributions: One line per :class:`MoraleFactor`, in rule order.
        interactions_handled: Interactions the member handled in the window.
        negatives_handled: Negative ones among them.
        negative_share: ``negatives_handled / interactions_handled`` (0 when none).
        team_median_workload: The median the workload was compared with, or None.
        open_concerns: Concerns raised and still open at ``as_of``.
        explanation: The contributions' reasons, then clipping and the band.
    """

    staff_id: str = attrs.field(validator=v.identifier)
    team: str | None = attrs.field(validator=v.optional(v.identifier))
    as_of: datetime = attrs.field(validator=v.aware)
    index: float = attrs.field(**number_spec(low=0, high=100))
    band: MoraleBand = attrs.field(validator=v.enum_member(MoraleBand))
    contributions: tuple[MoraleContribution, ...] = attrs.field(
        converter=_morale_contribution_tuple, validator=v.tuple_of(v.instance(MoraleContribution))
    )
    interactions_handled: int = attrs.field(**count_spec())
    negatives_handled: int = attrs.field(**count_spec())
    negative_share: float = attrs.field(**number_spec(low=0, high=1))
    team_median_workload: float | None = attrs.field(**optional_number_spec(low=0))
    open_concerns: int = attrs.field(**count_spec())
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def points(self, factor: MoraleFactor) -> float:
        """The points of one factor.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> hired = datetime(2024, 1, 1, tzinfo=timezone.utc)
        >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=hired)
        >>> a = ci.assess_morale(ada, [], as_of=datetime(2026, 3, 1, tzinfo=timezone.utc))
        >>> a.points(ci.MoraleFactor.BASELINE)
        60.0
        """
        line = find(self.contributions, "factor", factor, "a MoraleFactor")
        return line.points


# ----------------------------------------------------------------------------- inputs


def unique_by_id(
    items: Iterable[T],
    kind: type[T],
    *,
    name: str,
    expected: str,
    noun: str,
    error: type[InvalidInputError] = InvalidInputError,
) -> list[T]:
    """``items`` with identical repeats dropped; a different item under a used id is refused.

    ``name`` is the argument (``interactions``), ``expected`` what each item
    must be (``an Interaction``), ``noun`` what a duplicate is called.
    """
    seen: dict[str, T] = {}
    for index, item in enumerate(v.check_iterable(items, name)):
        if not isinstance(item, kind):
            raise InvalidInputError(f"{name}[{index}]", item, expected)
        known = seen.get(item.id)
        if known is None:
            seen[item.id] = item
        elif known != item:
            raise error(f"{name}[{index}].id", item.id, f"an id not used by a different {noun}")
    return list(seen.values())


def unique_events(events: Iterable[StaffEvent]) -> list[StaffEvent]:
    """Staff events unique by id (a different event under a used id is refused)."""
    return unique_by_id(events, StaffEvent, name="events", expected="a StaffEvent", noun="event")


def unique_interactions(interactions: Iterable[Interaction]) -> list[Interaction]:
    """Interactions unique by id (:class:`DuplicateInteractionError` for a different one)."""
    return unique_by_id(
        interactions,
        Interaction,
        name="interactions",
        expected="an Interaction",
        noun="interaction",
        error=DuplicateInteractionError,
    )


_DEFAULT_POLICY = MoralePolicy()  # built once: a policy is a frozen value


def checked_as_of(as_of: Any, policy: Any) -> datetime:
    """``as_of`` as an aware datetime, once ``policy`` is known to be a :class:`MoralePolicy` or None."""
    moment = ensure_aware(as_of, "as_of")
    if policy is not None and not isinstance(policy, MoralePolicy):
        raise InvalidInputError("policy", policy, "a MoralePolicy or None (the defaults)")
    return moment


def policy_or_default(policy: MoralePolicy | None) -> MoralePolicy:
    """``policy``, or the default :class:`MoralePolicy` for None."""
    return _DEFAULT_POLICY if policy is None else policy


# ----------------------------------------------------------------------------- scoring

_POINTS = tuple(POINTS.items())  # the table read once, in rule order


def score(
    staff_id: str,
    team: str | None,
    as_of: datetime,
    facts: _Facts,
    team_median: float | None,
    policy: MoralePolicy,
) -> MoraleAssessment:
    """Turn gathered facts into the itemised, explained assessment."""
    reasons = factor_reasons(facts, team_median, policy, as_of)
    lines = tuple(
        MoraleContribution(
            factor=factor, points=points(facts, team_median, policy, SCALAR) + 0.0, reason=reason
        )
        for (factor, points), reason in zip(_POINTS, reasons, strict=True)
    )
    raw = math.fsum(line.points for line in lines)
    index = clip(raw)
    verdict = band(index, policy)
    return MoraleAssessment(
        staff_id=staff_id,
        team=team,
        as_of=as_of,
        index=index,
        band=verdict,
        contributions=lines,
        interactions_handled=facts.handled,
        negatives_handled=facts.negatives,
        negative_share=facts.negative_share,
        team_median_workload=team_median,
        open_concerns=facts.open_concerns,
        explanation=explanation((line.reason for line in lines), raw, index, verdict),
    )


def assess_member(
    member: StaffMember,
    interactions: list[Interaction],
    events: list[StaffEvent],
    as_of: datetime,
    policy: MoralePolicy,
    team_median: float | None,
) -> MoraleAssessment:
    """Assess one member from their own (unique) interactions and events."""
    handled, negatives = count_interactions(interactions, as_of, policy)
    facts = gather_facts(handled, negatives, events, as_of, policy)
    return score(member.id, member.team, as_of, facts, team_median, policy)


def assess_morale(
    staff_member: StaffMember,
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    events: Iterable[StaffEvent] = (),
    policy: MoralePolicy | None = None,
    team_median_workload: float | None = None,
) -> MoraleAssessment:
    """Assess one staff member's morale at ``as_of``, itemised and explained.

    ``interactions`` and ``events`` may hold other members' records: only those
    whose ``staff_id`` is this member's count (so a whole base can be passed).
    An identical repeated interaction is ignored; a different one under a used
    id raises :class:`~custinteract.DuplicateInteractionError`. Give
    ``team_median_workload`` (interactions per member of the team in the
    window) to score workload, or use :func:`assess_team_morale`, which
    computes it.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0 - timedelta(days=400), team="support")
    >>> calls = [ci.Interaction(id=f"i-{n}", customer_id=f"c-{n}", staff_id="s-1",
    ...          timestamp=t0 - timedelta(days=n),
    ...          sentiment=ci.Sentiment.NEGATIVE if n % 4 == 0 else ci.Sentiment.POSITIVE)
    ...          for n in range(1, 21)]
    >>> thanks = [ci.StaffEvent(id="e-1", staff_id="s-1", kind=ci.StaffEventKind.RECOGNITION,
    ...                         timestamp=t0 - timedelta(days=30))]
    >>> a = ci.assess_morale(ada, calls, as_of=t0, events=thanks, team_median_workload=20)
    >>> round(a.index, 1), a.band.value
    (49.5, 'moderate')
    >>> [(c.factor.value, round(c.points, 1)) for c in a.contributions if c.points]
    [('baseline', 60.0), ('exposure_share', -7.5), ('exposure_count', -5.0), ('recognition', 2.0)]
    """
    as_of = checked_as_of(as_of, policy)
    policy = policy_or_default(policy)
    if not isinstance(staff_member, StaffMember):
        raise InvalidInputError("staff_member", staff_member, "a StaffMember")
    if team_median_workload is not None and not (
        v.is_finite_number(team_median_workload) and team_median_workload >= 0
    ):
        raise InvalidInputError(
            "team_median_workload", team_median_workload, "None or a finite number of at least 0"
        )
    own = [i for i in unique_interactions(interactions) if i.staff_id == staff_member.id]
    own_events = [e for e in unique_events(events) if e.staff_id == staff_member.id]
    median = None if team_median_workload is None else float(team_median_workload)
    return assess_member(staff_member, own, own_events, as_of, policy, median)
