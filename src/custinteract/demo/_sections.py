"""The demo report's parts: one function per section, each running one engine with its defaults.

Each function takes the interactions up to ``as_of`` (and what else its
engine needs) and returns the section's results, plus the :class:`Reason`
that says how the section was chosen where the report explains it. The demo
sits above the engines, so it composes them; it imports each engine only
through its package's public names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from .._dataset import Dataset
from .._models import Interaction, Reason
from .._time import Frequency, period_start
from .._wording import counted, words
from ..activity import ActivityAssessment, ActivityStatus, assess_activities
from ..leads import (
    CallPlan,
    LeadAssessment,
    LeadFunnel,
    LeadTemperature,
    OutreachAdvice,
    assess_lead,
    call_sheets,
    lead_funnel,
    prioritize_leads,
)
from ..morale import (
    ENps,
    FeedbackLoopPolicy,
    Intervention,
    InterventionKind,
    Scenario,
    ScenarioComparison,
    TeamMorale,
    TeamSummary,
    assess_team_morale,
    compare_scenarios,
    employee_nps,
)
from ..recovery import (
    PlaybookAdvice,
    RecoveryPolicy,
    RecoveryStatus,
    RecoverySummary,
    assess_recoveries,
    learn_playbook,
    summarize_recoveries,
)
from ..satisfaction import (
    MetricKind,
    SatisfactionBreakdown,
    SatisfactionReport,
    SatisfactionTrend,
    measure_satisfaction,
    satisfaction_by,
    satisfaction_trend,
)
from ..word_of_mouth import (
    WordOfMouthEstimate,
    WordOfMouthSource,
    estimate_word_of_mouth,
    word_of_mouth_sources,
)
from ._words import TEMPERATURE_WORDS

__all__ = [
    "OUTLOOK_PERIODS",
    "Leads",
    "Satisfaction",
    "leads_part",
    "leads_reason",
    "morale_part",
    "outlook_part",
    "recovery_part",
    "satisfaction_part",
    "scope_reason",
    "word_of_mouth_part",
]

OUTLOOK_PERIODS = 24
"""Months of the feedback-loop outlook."""
_CALL_LIST_LENGTH = 10
_CALLS_PER_DAY = 5
_WORD_OF_MOUTH_WINDOW = relativedelta(days=90)
_SOURCES_SHOWN = 5
_ENPS_WINDOW = relativedelta(months=6)


class Satisfaction(NamedTuple):
    """The satisfaction section: the last 12 months overall, by channel, and CSAT by quarter."""

    overall: SatisfactionReport
    by_channel: SatisfactionBreakdown
    trend: SatisfactionTrend
    trend_window: Reason


class Leads(NamedTuple):
    """The leads section: every assessment, the call list and its sheets, the funnel."""

    assessed: list[LeadAssessment]
    call_list: tuple[LeadAssessment, ...]
    call_plan: CallPlan
    funnel: LeadFunnel
    notes: list[Reason]


def satisfaction_part(interactions: Sequence[Interaction], as_of: datetime) -> Satisfaction:
    """Satisfaction over the last 12 months, by channel, and CSAT per whole calendar quarter."""
    year_ago = as_of - relativedelta(years=1)
    overall = measure_satisfaction(interactions, since=year_ago, until=as_of)
    by_channel = satisfaction_by(interactions, by="channel", since=year_ago, until=as_of)
    first_quarter = period_start(year_ago, Frequency.QUARTER)
    if first_quarter < year_ago:
        first_quarter += Frequency.QUARTER.step
    trend = satisfaction_trend(
        interactions,
        metric=MetricKind.CSAT,
        frequency=Frequency.QUARTER,
        since=first_quarter,
        until=as_of,
    )
    window = Reason(
        code="report.trend_window",
        message=(
            f"CSAT by quarter from {first_quarter.date().isoformat()}: whole quarters;"
            " the last may still be running"
        ),
    )
    return Satisfaction(overall, by_channel, trend, window)


_QUIET = (ActivityStatus.LAPSED, ActivityStatus.LAPSING)


def recovery_part(
    interactions: Sequence[Interaction], as_of: datetime, dataset: Dataset
) -> tuple[RecoverySummary, tuple[PlaybookAdvice, ...], tuple[ActivityAssessment, ...]]:
    """Customers per recovery status, the playbook's advice per complaint category, who went quiet.

    Who went quiet: the customers who owe nothing (HEALTHY) but whose activity
    is LAPSED or LAPSING, lapsed first, then the longest silent (in their own
    usual gaps), then by id. Their activity is :func:`~custinteract.assess_activities`'s
    with the recovery policy's activity rules, over the same base.
    """
    policy = RecoveryPolicy()
    assessments = assess_recoveries(
        interactions, as_of=as_of, customers=dataset.customers, policy=policy
    )
    recovery = summarize_recoveries(assessments, limit=None)
    playbook = learn_playbook(interactions, as_of=as_of, customers=dataset.customers)
    categories = sorted({i.category for i in interactions if i.category is not None})
    activity = assess_activities(interactions, as_of=as_of, policy=policy.activity)
    quiet = [
        activity[cid]
        for cid, a in assessments.items()
        if a.status is RecoveryStatus.HEALTHY and a.activity in _QUIET
    ]
    quiet.sort(key=lambda a: (-a.status.severity, -(a.silence_ratio or 0.0), a.customer_id or ""))
    advice = tuple(playbook.recommend(category) for category in categories)
    return recovery, advice, tuple(quiet)


def word_of_mouth_part(
    interactions: Sequence[Interaction], as_of: datetime
) -> tuple[WordOfMouthEstimate, tuple[WordOfMouthSource, ...]]:
    """Word of mouth of the last 90 days, and the customers spreading the most bad news."""
    since = as_of - _WORD_OF_MOUTH_WINDOW
    recent = [i for i in interactions if since < i.timestamp <= as_of]
    return estimate_word_of_mouth(recent), word_of_mouth_sources(recent, limit=_SOURCES_SHOWN)


def leads_part(dataset: Dataset, interactions: Sequence[Interaction], as_of: datetime) -> Leads:
    """Every lead assessed, today's call list dealt to the sales team, the 3-month funnel.

    The sheets go to the ``sales`` team, else the first member of staff; a base
    without staff gets none, and a note says so.
    """
    by_customer = dataset.interactions_by_customer()
    leads = [assess_lead(c, by_customer.get(c.id, ()), as_of=as_of) for c in dataset.customers]
    call_list = prioritize_leads(leads, limit=_CALL_LIST_LENGTH, advice={OutreachAdvice.CONTACT})
    sales = [member.id for member in dataset.staff if member.team == "sales"] or [
        member.id for member in dataset.staff[:1]
    ]
    notes: list[Reason] = []
    if sales:
        plan = call_sheets(leads, capacity=dict.fromkeys(sales, _CALLS_PER_DAY), days=1)
    else:
        ranked = prioritize_leads(leads, advice={OutreachAdvice.CONTACT})
        plan = CallPlan(unassigned=tuple(lead.customer_id for lead in ranked))
        notes.append(
            Reason(
                code="report.no_callers",
                message=f"no staff to make calls: {len(ranked)} leads to contact left unassigned",
            )
        )
    # A Dataset may hold interactions of customers it does not list: the funnel follows the listed.
    listed = {customer.id for customer in dataset.customers}
    funnel = lead_funnel(
        dataset.customers,
        [i for i in interactions if i.customer_id in listed],
        start=as_of - relativedelta(months=3),
        end=as_of,
    )
    return Leads(leads, call_list, plan, funnel, notes)


def morale_part(
    dataset: Dataset, interactions: Sequence[Interaction], as_of: datetime
) -> tuple[TeamMorale, ENps]:
    """Every staff member's morale with the team roll-ups, and the staff survey's eNPS."""
    morale = assess_team_morale(
        dataset.staff, interactions, as_of=as_of, events=dataset.staff_events
    )
    return morale, employee_nps(dataset.staff_events, as_of=as_of, window=_ENPS_WINDOW)


def _busiest_team(morale: TeamMorale) -> TeamSummary | None:
    """The team whose members handled the most interactions in the window (by name on a tie)."""
    handled: Counter[str | None] = Counter()
    for member in morale.members:
        handled[member.team] += member.interactions_handled
    busy = [summary for summary in morale.teams if handled[summary.team] > 0]
    if not busy:
        return None
    return max(busy, key=lambda s: (handled[s.team], s.team is not None, s.team or ""))


def _scenarios() -> tuple[Scenario, ...]:
    return (
        Scenario(name="as is", interventions=()),
        Scenario(
            name="recognition programme",
            interventions=(
                Intervention(kind=InterventionKind.RECOGNITION_PROGRAMME, start=3, size=10.0),
            ),
        ),
        Scenario(
            name="process fix",
            interventions=(Intervention(kind=InterventionKind.PROCESS_FIX, start=3, size=0.3),),
        ),
        Scenario(
            name="hiring freeze",
            interventions=(Intervention(kind=InterventionKind.HIRING_FREEZE, start=3, size=0.2),),
        ),
    )


def outlook_part(
    morale: TeamMorale, seed: int
) -> tuple[TeamSummary | None, FeedbackLoopPolicy, ScenarioComparison, Reason]:
    """The feedback-loop scenarios, calibrated on the busiest team (or the default reference)."""
    team = _busiest_team(morale)
    if team is None:
        loop_policy = FeedbackLoopPolicy()
        calibration = Reason(
            code="report.outlook_default",
            message="no team handled a contact in the morale window: default reference point",
        )
    else:
        loop_policy = FeedbackLoopPolicy.from_team(team)
        calibration = Reason(
            code="report.outlook",
            message=(
                f"outlook starts from team {team.team or '(no team)'}: mean morale"
                f" {team.mean_index:.1f}, negative share {100 * team.negative_share:.1f}%"
            ),
        )
    outlook = compare_scenarios(
        _scenarios(), periods=OUTLOOK_PERIODS, policy=loop_policy, seed=seed
    )
    return team, loop_policy, outlook, calibration


def scope_reason(dataset: Dataset, interactions: Sequence[Interaction], as_of: datetime) -> Reason:
    """What the report covers: how many customers, interactions and staff, as of when."""
    return Reason(
        code="report.scope",
        message=(
            f"{len(dataset.customers)} customers and leads, {len(interactions)} interactions and"
            f" {len(dataset.staff)} staff, seen as of {as_of.date().isoformat()}"
        ),
    )


def leads_reason(leads: Sequence[LeadAssessment]) -> Reason:
    """How many customers and leads have each temperature and each outreach advice."""
    temperatures = Counter(lead.temperature for lead in leads)
    advices = Counter(lead.advice for lead in leads)
    return Reason(
        code="report.leads",
        message=(
            ", ".join(
                counted(temperatures[t], TEMPERATURE_WORDS[t])
                for t in reversed(LeadTemperature)
                if temperatures[t]
            )
            + "; advice: "
            + ", ".join(f"{words(a.value)} {advices[a]}" for a in OutreachAdvice if advices[a])
            if leads
            else "no customers or leads"
        ),
    )
