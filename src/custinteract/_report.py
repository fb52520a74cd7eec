"""The demo report: every engine over one dataset, as one value, and its text rendering.

:func:`build_demo_report` composes the engines (it sits above them in the
layers) and returns a frozen :class:`DemoReport`, which serialises with
:func:`~custinteract.to_dict` like any result; :func:`render_demo_report`
turns it into text for a person. Neither prints: ``python -m custinteract
demo`` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs
from dateutil.relativedelta import relativedelta

from ._dataset import Dataset
from ._display import render_html
from ._leads import LeadAssessment, assess_lead
from ._leads_funnel import LeadFunnel, lead_funnel
from ._leads_ranking import CallPlan, call_sheets, prioritize_leads
from ._models import Interaction, Reason
from ._morale_enps import ENps, employee_nps
from ._morale_loop import (
    Intervention,
    InterventionKind,
    Scenario,
    ScenarioComparison,
    compare_scenarios,
)
from ._morale_team import TeamMorale, assess_team_morale
from ._playbook import PlaybookAdvice, learn_playbook
from ._recovery import RecoverySummary, assess_recoveries, summarize_recoveries
from ._satisfaction import measure_satisfaction, satisfaction_by, satisfaction_trend
from ._satisfaction_results import (
    MetricKind,
    SatisfactionBreakdown,
    SatisfactionReport,
    SatisfactionTrend,
)
from ._time import Frequency, ensure_aware
from ._word_of_mouth import (
    WordOfMouthEstimate,
    WordOfMouthSource,
    estimate_word_of_mouth,
    word_of_mouth_sources,
)

__all__ = ["REASON_CODES", "DemoReport", "build_demo_report", "render_demo_report"]

REASON_CODES: Mapping[str, str] = {
    "report.scope": "what the report covers: how many customers, interactions and staff, as of when",
    "report.leads": "how many customers and leads have each temperature and each outreach advice",
}

_CALL_LIST_LENGTH = 10
_WORD_OF_MOUTH_WINDOW = relativedelta(days=90)
_OUTLOOK_PERIODS = 24


@attrs.frozen(kw_only=True)
class DemoReport:
    """Every engine's answer over one dataset, as of one moment.

    Built by :func:`build_demo_report`; ``python -m custinteract demo`` prints
    it with :func:`render_demo_report`, or as JSON with ``--json``.
    """

    as_of: datetime
    customers: int
    interactions: int
    staff: int
    satisfaction: SatisfactionReport
    satisfaction_by_channel: SatisfactionBreakdown
    csat_trend: SatisfactionTrend
    recovery: RecoverySummary
    playbook: tuple[PlaybookAdvice, ...]
    word_of_mouth: WordOfMouthEstimate
    word_of_mouth_sources: tuple[WordOfMouthSource, ...]
    call_list: tuple[LeadAssessment, ...]
    call_plan: CallPlan
    funnel: LeadFunnel
    morale: TeamMorale
    enps: ENps
    outlook: ScenarioComparison
    explanation: tuple[Reason, ...]

    def __str__(self) -> str:
        return render_demo_report(self)

    def _repr_html_(self) -> str:
        return render_html(self)


def _in_window(
    interactions: Sequence[Interaction], since: datetime, until: datetime
) -> list[Interaction]:
    return [i for i in interactions if since < i.timestamp <= until]


def build_demo_report(dataset: Dataset, *, as_of: datetime, seed: int = 0) -> DemoReport:
    """Run every engine over ``dataset`` as of ``as_of`` with default policies.

    ``seed`` is used only to make the feedback-loop scenarios' names and the
    report deterministic; every engine here is deterministic already.

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract._report import build_demo_report
    >>> report = build_demo_report(sample_dataset(customers=60, seed=2), as_of=SAMPLE_AS_OF)
    >>> report.customers
    60
    """
    as_of = ensure_aware(as_of, "as_of")
    interactions = [i for i in dataset.interactions if i.timestamp <= as_of]
    year_ago = as_of - relativedelta(years=1)

    overall = measure_satisfaction(interactions, since=year_ago, until=as_of)
    by_channel = satisfaction_by(interactions, by="channel", since=year_ago, until=as_of)
    trend = satisfaction_trend(
        interactions,
        metric=MetricKind.CSAT,
        frequency=Frequency.QUARTER,
        since=year_ago,
        until=as_of,
    )

    assessments = assess_recoveries(interactions, as_of=as_of, customers=dataset.customers)
    recovery = summarize_recoveries(assessments, limit=10)
    playbook = learn_playbook(interactions, as_of=as_of, customers=dataset.customers)
    categories = sorted({i.category for i in interactions if i.category is not None})
    advice = tuple(playbook.recommend(category) for category in categories)

    recent = _in_window(interactions, as_of - _WORD_OF_MOUTH_WINDOW, as_of)
    word_of_mouth = estimate_word_of_mouth(recent)
    sources = word_of_mouth_sources(
        interactions, since=as_of - _WORD_OF_MOUTH_WINDOW, until=as_of, limit=5
    )

    by_customer = dataset.interactions_by_customer()
    leads = [assess_lead(c, by_customer.get(c.id, ()), as_of=as_of) for c in dataset.customers]
    call_list = prioritize_leads(leads, limit=_CALL_LIST_LENGTH)
    sales = [member.id for member in dataset.staff if member.team == "sales"] or [
        dataset.staff[0].id
    ]
    plan = call_sheets(leads, capacity=dict.fromkeys(sales, 5), days=1)
    funnel = lead_funnel(
        dataset.customers, interactions, start=as_of - relativedelta(months=3), end=as_of
    )

    morale = assess_team_morale(
        dataset.staff, interactions, as_of=as_of, events=dataset.staff_events
    )
    enps = employee_nps(dataset.staff_events, as_of=as_of, window=relativedelta(months=6))
    outlook = compare_scenarios(
        (
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
        ),
        periods=_OUTLOOK_PERIODS,
        seed=seed,
    )
    temperatures = Counter(lead.temperature for lead in leads)
    advices = Counter(lead.advice for lead in leads)
    explanation = (
        Reason(
            code="report.scope",
            message=(
                f"{len(dataset.customers)} customers and leads, {len(interactions)} interactions and"
                f" {len(dataset.staff)} staff, seen as of {as_of.date().isoformat()}"
            ),
        ),
        Reason(
            code="report.leads",
            message=(
                "temperatures: "
                + ", ".join(
                    f"{temperatures[t]} {t.value}" for t in sorted(temperatures, reverse=True)
                )
                + "; advice: "
                + ", ".join(
                    f"{count} {advice.value}"
                    for advice, count in sorted(advices.items(), key=lambda kv: kv[0].value)
                )
            ),
        ),
    )
    return DemoReport(
        as_of=as_of,
        customers=len(dataset.customers),
        interactions=len(interactions),
        staff=len(dataset.staff),
        satisfaction=overall,
        satisfaction_by_channel=by_channel,
        csat_trend=trend,
        recovery=recovery,
        playbook=advice,
        word_of_mouth=word_of_mouth,
        word_of_mouth_sources=sources,
        call_list=call_list,
        call_plan=plan,
        funnel=funnel,
        morale=morale,
        enps=enps,
        outlook=outlook,
        explanation=explanation,
    )


def _heading(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render_demo_report(report: DemoReport) -> str:
    """The demo report as text for a person who has never seen the library."""
    lines = [
        "custinteract demo report",
        "========================",
        report.explanation[0].message + ".",
        "Every figure below comes with the reason the library gives for it.",
    ]

    lines += _heading("Satisfaction (last 12 months): every interaction is a data point")
    lines += [f"  {reason.message}" for reason in report.satisfaction.explanation]
    lines.append("  by channel:")
    for group in report.satisfaction_by_channel.reports:
        csat = next((m for m in group.metrics if m.kind is MetricKind.CSAT), None)
        if csat is not None and csat.value is not None:
            name = ", ".join(str(part) for part in group.key) or "all"
            lines.append(f"    {name:<10} CSAT {_pct(csat.value)} from {csat.count} ratings")
    lines.append("  CSAT by quarter:")
    for point in report.csat_trend.points:
        value = "empty" if point.metric.value is None else _pct(point.metric.value)
        direction = "-" if point.direction is None else point.direction.value
        lines.append(f"    {point.period_start.date().isoformat()}  {value:<6} {direction}")

    lines += _heading(
        "Customers at risk: one negative can lose them, 6 positives to make up for it"
    )
    lines += [f"  {reason.message}" for reason in report.recovery.explanation]
    for owed in report.recovery.at_risk:
        lines.append(
            f"    {owed.customer_id}: {owed.status.value}, {owed.positives_needed} positives needed,"
            f" owed for {owed.days_owed:.0f} days"
        )

    lines += _heading("Recovery playbook: what won customers back, by complaint category")
    for advice in report.playbook:
        lines.append(
            f"  {advice.category}: "
            + (advice.explanation[0].message if advice.explanation else "no data")
        )

    lines += _heading("Word of mouth (last 90 days): bad news travels twice as far")
    wom = report.word_of_mouth
    lines.append(
        f"  {wom.positives} positive and {wom.negatives} negative experiences reach about"
        f" {wom.positive_reach:.0f} and {wom.negative_reach:.0f} people: net {wom.net_reach:+.0f}"
    )
    lines += [f"  {reason.message}" for reason in wom.explanation[-2:]]
    if report.word_of_mouth_sources:
        lines.append("  loudest sources of bad word of mouth:")
        for source in report.word_of_mouth_sources:
            lines.append(
                f"    {source.customer_id}: {source.negatives} negatives, told to about {source.negative_reach:.0f}"
            )

    lines += _heading(
        "Today's call list: current customers and qualified leads first, never the cold"
    )
    for lead in report.call_list:
        why = lead.explanation[0].message if lead.explanation else ""
        lines.append(
            f"  {lead.customer_id}: {lead.temperature.value}, score {lead.score:.0f}, {lead.advice.value} - {why}"
        )
    for sheet in report.call_plan.sheets:
        lines.append(
            f"  call sheet for {sheet.staff_id}: {', '.join(sheet.customer_ids) or 'nobody'}"
        )
    lines.append(f"  {report.explanation[1].message}")
    lines.append("  the funnel over the last 3 months:")
    lines += [f"    {reason.message}" for reason in report.funnel.explanation]

    lines += _heading("Staff morale: happy staff make happy customers")
    for member in report.morale.members:
        lines.append(
            f"  {member.staff_id} ({member.team or 'no team'}): morale {member.index:.0f} ({member.band.value}),"
            f" {member.negatives_handled} of {member.interactions_handled} contacts negative in the window"
        )
    lines += [f"  {reason.message}" for reason in report.enps.explanation[:1]]

    lines += _heading(f"Feedback-loop outlook over {_OUTLOOK_PERIODS} periods")
    for trajectory in report.outlook.trajectories:
        last = trajectory.periods[-1]
        lines.append(
            f"  {trajectory.name:<24} morale {last.morale:.0f}, negative rate {_pct(last.negative_rate)},"
            f" {trajectory.status.value}"
        )
    lines += [f"  {reason.message}" for reason in report.outlook.explanation[:2]]
    lines.append("")
    lines.append("Run with --json for the full report with every reason code.")
    return "\n".join(lines)
