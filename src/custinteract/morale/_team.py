"""Team roll-ups of the morale index: every member assessed against their team's median.

Part of the morale engine (see :mod:`custinteract.morale._rules` for the rule).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Protocol

import attrs

from .. import _validators as v
from .._display import Displayed
from .._models import (
    Interaction,
    Reason,
    StaffEvent,
    StaffEventKind,
    StaffMember,
    explanation_spec,
)
from ._engine import (
    MoraleAssessment,
    assess_member,
    checked_as_of,
    policy_or_default,
    unique_by_id,
    unique_events,
    unique_interactions,
)
from ._enps import ENps, employee_nps
from ._fields import count_spec, find, number_spec, optional_number_spec
from ._policy import MoraleBand, MoralePolicy
from ._rules import count_interactions

__all__ = [
    "TeamMorale",
    "TeamSummary",
    "assess_team_morale",
    "summarise_teams",
    "surveys_up_to",
    "team_medians",
]


# ----------------------------------------------------------------------------- teams


def _morale_assessment_tuple(value: Iterable[MoraleAssessment]) -> tuple[MoraleAssessment, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _team_summary_tuple(value: Iterable[TeamSummary]) -> tuple[TeamSummary, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class TeamSummary(Displayed):
    """A team's morale in one line: mean, median, lowest, and how many are low.

    Members without a team are summarised together under ``team=None``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0, team="desk"),
    ...          ci.StaffMember(id="s-2", name="Bo", hired=t0)]
    >>> call = ci.Interaction(id="i-1", customer_id="c-1", staff_id="s-1", timestamp=t0,
    ...                       sentiment=ci.Sentiment.NEGATIVE)
    >>> desk, nobody = ci.assess_team_morale(staff, [call], as_of=t0).teams
    >>> desk.team, desk.members, desk.mean_index, desk.negative_share, nobody.team
    ('desk', 1, 29.0, 1.0, None)

    Attributes:
        team: The team name, or None for members without a team.
        members: How many members were assessed.
        mean_index: Mean morale index of the members.
        median_index: Median morale index.
        lowest_index: The lowest index in the team.
        lowest_staff_id: Who has it (the first by id on a tie).
        low_members: How many members are in the low band.
        median_workload: Median interactions handled per member in the window.
        negative_share: Share of the team's interactions in the window that were
            negative (0 when none): the team's current negative rate, a natural
            ``reference_negative_rate`` for :class:`FeedbackLoopPolicy`.
        enps: eNPS of the members' latest survey answers at ``as_of`` (None
            when nobody answered); see :func:`employee_nps`.
        explanation: Why: the summary and the low-band members.
    """

    team: str | None = attrs.field(validator=v.optional(v.identifier))
    members: int = attrs.field(validator=v.integer(low=1))
    mean_index: float = attrs.field(**number_spec(low=0, high=100))
    median_index: float = attrs.field(**number_spec(low=0, high=100))
    lowest_index: float = attrs.field(**number_spec(low=0, high=100))
    lowest_staff_id: str = attrs.field(validator=v.identifier)
    low_members: int = attrs.field(**count_spec())
    median_workload: float = attrs.field(**number_spec(low=0))
    negative_share: float = attrs.field(**number_spec(low=0, high=1))
    enps: float | None = attrs.field(**optional_number_spec(low=-100, high=100))
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())


@attrs.frozen(kw_only=True)
class TeamMorale(Displayed):
    """Every member's assessment and a roll-up per team.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0, team="desk")]
    >>> stray = ci.Interaction(id="i-1", customer_id="c-1", timestamp=t0,
    ...                        sentiment=ci.Sentiment.POSITIVE)
    >>> result = ci.assess_team_morale(staff, [stray], as_of=t0)
    >>> result.member("s-1").index, result.team("desk").members, result.unassigned_interactions
    (60.0, 1, 1)

    Attributes:
        as_of: The moment of the assessment.
        members: One assessment per staff member, sorted by staff id.
        teams: One summary per team, sorted by team name (no team last).
        unassigned_interactions: Interactions in the window handled by nobody
            in the staff given (no ``staff_id``, or someone else's); not scored.
        enps: eNPS of the whole staff (each member's latest survey answer).
        explanation: One reason per team, and the unassigned count.
    """

    as_of: datetime = attrs.field(validator=v.aware)
    members: tuple[MoraleAssessment, ...] = attrs.field(
        converter=_morale_assessment_tuple, validator=v.tuple_of(v.instance(MoraleAssessment))
    )
    teams: tuple[TeamSummary, ...] = attrs.field(
        converter=_team_summary_tuple, validator=v.tuple_of(v.instance(TeamSummary))
    )
    unassigned_interactions: int = attrs.field(**count_spec())
    enps: ENps = attrs.field(validator=v.instance(ENps))
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def member(self, staff_id: str) -> MoraleAssessment:
        """The assessment of one member (raises :class:`InvalidInputError` if unknown)."""
        return find(self.members, "staff_id", staff_id, "the id of an assessed staff member")

    def team(self, name: str | None) -> TeamSummary:
        """The summary of one team (None: members without a team)."""
        return find(self.teams, "team", name, "the name of an assessed team")


def _unique_staff(staff: Iterable[StaffMember]) -> list[StaffMember]:
    members = unique_by_id(
        staff, StaffMember, name="staff", expected="a StaffMember", noun="member"
    )
    return sorted(members, key=lambda m: m.id)


def team_medians(
    handled: Mapping[str, int], teams: Iterable[tuple[str, str | None]]
) -> dict[str | None, float]:
    """Median interactions handled per team, from ``(staff_id, team)`` pairs.

    Members without a team form one group; a member missing from ``handled``
    handled none.
    """
    counts: dict[str | None, list[int]] = defaultdict(list)
    for staff_id, team in teams:
        counts[team].append(handled.get(staff_id, 0))
    return {team: float(statistics.median(values)) for team, values in counts.items()}


def surveys_up_to(
    events: Iterable[StaffEvent], as_of: datetime, staff_ids: Collection[str]
) -> list[StaffEvent]:
    """The ``SURVEY`` events of the staff given, at or before ``as_of`` (for eNPS)."""
    return [
        e
        for e in events
        if e.kind is StaffEventKind.SURVEY and e.timestamp <= as_of and e.staff_id in staff_ids
    ]


class Scored(Protocol):
    """What a team roll-up reads of a member's assessment (a :class:`MoraleAssessment` has it)."""

    @property
    def staff_id(self) -> str: ...
    @property
    def team(self) -> str | None: ...
    @property
    def index(self) -> float: ...
    @property
    def band(self) -> MoraleBand: ...
    @property
    def interactions_handled(self) -> int: ...
    @property
    def negatives_handled(self) -> int: ...


def summarise_teams(
    assessments: Iterable[Scored],
    policy: MoralePolicy,
    medians: Mapping[str | None, float],
    surveys: Iterable[StaffEvent] = (),
) -> tuple[TeamSummary, ...]:
    """Roll assessments up per team; ``surveys`` are events up to ``as_of`` for eNPS."""
    answers: dict[str, list[StaffEvent]] = defaultdict(list)
    for event in surveys:
        answers[event.staff_id].append(event)
    groups: dict[str | None, list[Scored]] = defaultdict(list)
    for assessment in assessments:
        groups[assessment.team].append(assessment)
    summaries = []
    for team in sorted(groups, key=lambda t: (t is None, t or "")):
        members = sorted(groups[team], key=lambda a: a.staff_id)
        indices = [a.index for a in members]
        lowest = min(members, key=lambda a: (a.index, a.staff_id))
        low = [a.staff_id for a in members if a.band is MoraleBand.LOW]
        handled = sum(a.interactions_handled for a in members)
        negatives = sum(a.negatives_handled for a in members)
        name = team if team is not None else "(no team)"
        reasons = [
            Reason(
                code="morale.team.summary",
                message=f"{name}: {len(members)} members,"
                f" mean morale {statistics.fmean(indices):.1f},"
                f" lowest {lowest.index:.1f} ({lowest.staff_id})",
            )
        ]
        if low:
            reasons.append(
                Reason(
                    code="morale.team.low_members",
                    message=f"{len(low)} below {policy.low_below:g}: {', '.join(low)}",
                )
            )
        summaries.append(
            TeamSummary(
                team=team,
                members=len(members),
                mean_index=statistics.fmean(indices),
                median_index=float(statistics.median(indices)),
                lowest_index=lowest.index,
                lowest_staff_id=lowest.staff_id,
                low_members=len(low),
                median_workload=medians[team],
                negative_share=(negatives / handled) if handled else 0.0,
                enps=employee_nps([e for a in members for e in answers[a.staff_id]]).score,
                explanation=tuple(reasons),
            )
        )
    return tuple(summaries)


def _split_by_staff(
    interactions: Iterable[Interaction], staff_ids: Collection[str]
) -> tuple[dict[str, list[Interaction]], list[Interaction]]:
    """Interactions per member of the staff given, and those handled by nobody in it."""
    by_staff: dict[str, list[Interaction]] = defaultdict(list)
    unassigned: list[Interaction] = []
    for interaction in interactions:
        if interaction.staff_id in staff_ids:
            by_staff[str(interaction.staff_id)].append(interaction)
        else:
            unassigned.append(interaction)
    return by_staff, unassigned


def assess_team_morale(
    staff: Iterable[StaffMember],
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    events: Iterable[StaffEvent] = (),
    policy: MoralePolicy | None = None,
) -> TeamMorale:
    """Assess every member, comparing workload with their own team's median.

    The team median is the median, over the team's members, of interactions
    handled in the window (members who handled none count as zero). Each
    member's assessment equals :func:`assess_morale` given that median.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id=f"s-{k}", name=f"N{k}", hired=t0 - timedelta(days=900),
    ...                         team="desk") for k in (1, 2, 3)]
    >>> calls = [ci.Interaction(id=f"i-{k}-{n}", customer_id="c-1", staff_id=f"s-{k}",
    ...          timestamp=t0 - timedelta(hours=n + 1), sentiment=ci.Sentiment.NEUTRAL)
    ...          for k in (1, 2, 3) for n in range(10 * k)]
    >>> team = ci.assess_team_morale(staff, calls, as_of=t0)
    >>> [round(m.index, 1) for m in team.members], team.team("desk").median_workload
    ([60.0, 60.0, 54.0], 20.0)
    """
    as_of = checked_as_of(as_of, policy)
    policy = policy_or_default(policy)
    members = _unique_staff(staff)
    ids = {m.id for m in members}
    by_staff, unassigned = _split_by_staff(unique_interactions(interactions), ids)
    known_events = unique_events(events)  # read once: a one-shot iterator is fine
    events_by_staff: dict[str, list[StaffEvent]] = defaultdict(list)
    for event in known_events:
        events_by_staff[event.staff_id].append(event)
    handled = {m.id: count_interactions(by_staff[m.id], as_of, policy)[0] for m in members}
    medians = team_medians(handled, [(m.id, m.team) for m in members])
    assessments = tuple(
        assess_member(m, by_staff[m.id], events_by_staff[m.id], as_of, policy, medians[m.team])
        for m in members
    )
    surveys = surveys_up_to(known_events, as_of, ids)
    teams = summarise_teams(assessments, policy, medians, surveys)
    unassigned_count = count_interactions(unassigned, as_of, policy)[0]
    explanation = [reason for summary in teams for reason in summary.explanation[:1]]
    if unassigned_count:
        explanation.append(
            Reason(
                code="morale.team.unassigned",
                message=f"{unassigned_count} interactions in the window handled by nobody here",
            )
        )
    return TeamMorale(
        as_of=as_of,
        members=assessments,
        teams=teams,
        unassigned_interactions=unassigned_count,
        enps=employee_nps(surveys),
        explanation=tuple(explanation),
    )
