"""The demo report: every engine over one dataset, as one value, and its text rendering.

:func:`build_demo_report` composes the engines (it sits above them in the
layers) and returns a frozen :class:`DemoReport`, which serialises with
:func:`~custinteract.to_dict` like any result; :func:`render_demo_report`
turns it into text for a person who has never seen the library. Neither
prints: ``python -m custinteract demo`` does.

The text is written from the results' fields (counts, values, intervals,
enums), never by reading the engines' messages, so it keeps its sense when
an engine's wording changes; where an engine's own sentence is the clearest
answer (the playbook's evidence, the funnel) it is quoted as it is.
"""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs
from dateutil.relativedelta import relativedelta

from .._dataset import Dataset
from .._errors import InvalidInputError
from .._models import Interaction, Reason
from .._time import Frequency, ensure_aware, period_start
from .._validators import FrozenMap
from .._wording import counted, words
from ..leads._engine import LeadAssessment, assess_lead
from ..leads._funnel import LeadFunnel, lead_funnel
from ..leads._ranking import CallPlan, call_sheets, prioritize_leads
from ..leads._rules import LeadTemperature, OutreachAdvice, ScoreComponent
from ..morale._engine import MoraleAssessment, MoraleBand, MoraleFactor, MoralePolicy
from ..morale._enps import ENps, employee_nps
from ..morale._loop import (
    EquilibriumStatus,
    FeedbackLoopPolicy,
    Intervention,
    InterventionKind,
    LoopTrajectory,
    Scenario,
    ScenarioComparison,
    compare_scenarios,
)
from ..morale._team import TeamMorale, TeamSummary, assess_team_morale
from ..recovery._engine import (
    OwedCustomer,
    RecoverySummary,
    assess_recoveries,
    summarize_recoveries,
)
from ..recovery._learning import learn_playbook
from ..recovery._playbook import PlaybookAdvice, PlaybookEntry
from ..recovery._policy import RecoveryPolicy, RecoveryStatus
from ..satisfaction._engine import measure_satisfaction, satisfaction_by, satisfaction_trend
from ..satisfaction._results import (
    Metric,
    MetricKind,
    SatisfactionBreakdown,
    SatisfactionReport,
    SatisfactionTrend,
    TrendDirection,
)
from ..word_of_mouth._engine import (
    WordOfMouthEstimate,
    WordOfMouthSource,
    estimate_word_of_mouth,
    word_of_mouth_sources,
)

__all__ = ["REASON_CODES", "DemoReport", "build_demo_report", "render_demo_report"]

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        "report.scope": "what the report covers: how many customers, interactions and staff, as of when",
        "report.leads": "how many customers and leads have each temperature and each outreach advice",
        "report.trend_window": "the CSAT trend covers whole calendar quarters; a quarter still running is marked",
        "report.outlook": "the feedback-loop outlook starts from the measured state of the team that handles the most contacts",
        "report.no_callers": "the base has no staff: no call sheets, every lead to contact is left over",
        "report.outlook_default": "no team handled a contact: the outlook starts from the default reference point",
    }
)

_CALL_LIST_LENGTH = 10
_CALLS_PER_DAY = 5
_WORD_OF_MOUTH_WINDOW = relativedelta(days=90)
_OUTLOOK_PERIODS = 24
_WIDTH = 100  # characters per line of the text report
_SHOWN = 5  # rows shown per list in the text, before "... and K more"


@attrs.frozen(kw_only=True)
class DemoReport:
    """Every engine's answer over one dataset, as of one moment.

    Built by :func:`build_demo_report`; ``python -m custinteract demo`` prints
    it with :func:`render_demo_report`, or as JSON with ``--json``. In a
    notebook it shows as the same text.

    Attributes:
        as_of: The moment the base is seen from.
        customers: Customers and leads in the base.
        interactions: Interactions up to ``as_of``.
        staff: Staff members.
        satisfaction: Satisfaction over the last 12 months.
        satisfaction_by_channel: The same, per channel.
        csat_trend: CSAT per whole calendar quarter (the last may still be running).
        recovery: Customers per recovery status and every customer owed positives.
        playbook: The recovery playbook's advice per complaint category.
        word_of_mouth: Expected word of mouth of the last 90 days.
        word_of_mouth_sources: The five customers spreading the most bad word of mouth.
        call_list: Today's call list: the first leads to contact, in order.
        call_plan: The call list dealt to the sales team's daily sheets.
        funnel: Lead temperatures at the start and end of the last 3 months.
        morale: Every staff member's morale and the team roll-ups.
        enps: Staff survey eNPS over the last 6 months.
        outlook_start: The team whose measured state starts the outlook (None: the
            default reference point, when no team handled a contact).
        outlook_policy: The feedback-loop policy used, calibrated on that team.
        outlook: The feedback-loop scenarios, side by side.
        explanation: What the report covers and how its parts were chosen.

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract import build_demo_report
    >>> report = build_demo_report(sample_dataset(customers=40, staff=3, seed=2), as_of=SAMPLE_AS_OF)
    >>> report._repr_html_().startswith("<pre>custinteract demo report")
    True
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
    outlook_start: TeamSummary | None
    outlook_policy: FeedbackLoopPolicy
    outlook: ScenarioComparison
    explanation: tuple[Reason, ...]

    def __str__(self) -> str:
        return render_demo_report(self)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(render_demo_report(self)) + "</pre>"


def _in_window(
    interactions: Sequence[Interaction], since: datetime, until: datetime
) -> list[Interaction]:
    return [i for i in interactions if since < i.timestamp <= until]


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


def build_demo_report(dataset: Dataset, *, as_of: datetime, seed: int = 0) -> DemoReport:
    """Run every engine over ``dataset`` as of ``as_of`` with default policies.

    The feedback-loop outlook is calibrated on the team that handled the most
    interactions in the morale window (:meth:`~custinteract.FeedbackLoopPolicy.from_team`):
    its mean morale and negative share are the reference point and the start.
    ``seed`` is passed to the scenario comparison; with no noise, the report is
    the same for every seed. The call sheets go to the ``sales`` team (else the
    first member of staff); a base without staff gets none. Every interaction's
    customer must be in ``dataset.customers`` (the recovery engine counts the
    customers without interactions too, and refuses an unknown one).

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract import build_demo_report
    >>> report = build_demo_report(sample_dataset(customers=60, seed=2), as_of=SAMPLE_AS_OF)
    >>> report.customers, report.outlook_start.team
    (60, 'support')
    >>> [t.name for t in report.outlook.trajectories]
    ['as is', 'recognition programme', 'process fix', 'hiring freeze']
    """
    as_of = ensure_aware(as_of, "as_of")
    if not isinstance(dataset, Dataset):
        raise InvalidInputError("dataset", dataset, "a Dataset")
    interactions = [i for i in dataset.interactions if i.timestamp <= as_of]
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

    assessments = assess_recoveries(interactions, as_of=as_of, customers=dataset.customers)
    recovery = summarize_recoveries(assessments, limit=None)
    playbook = learn_playbook(interactions, as_of=as_of, customers=dataset.customers)
    categories = sorted({i.category for i in interactions if i.category is not None})
    advice = tuple(playbook.recommend(category) for category in categories)

    recent = _in_window(interactions, as_of - _WORD_OF_MOUTH_WINDOW, as_of)
    word_of_mouth = estimate_word_of_mouth(recent)
    sources = word_of_mouth_sources(recent, limit=5)

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
    funnel = lead_funnel(
        dataset.customers, interactions, start=as_of - relativedelta(months=3), end=as_of
    )

    morale = assess_team_morale(
        dataset.staff, interactions, as_of=as_of, events=dataset.staff_events
    )
    enps = employee_nps(dataset.staff_events, as_of=as_of, window=relativedelta(months=6))
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
        _scenarios(), periods=_OUTLOOK_PERIODS, policy=loop_policy, seed=seed
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
                ", ".join(
                    counted(temperatures[t], _TEMPERATURE_WORDS[t])
                    for t in reversed(LeadTemperature)
                    if temperatures[t]
                )
                + "; advice: "
                + ", ".join(f"{words(a.value)} {advices[a]}" for a in OutreachAdvice if advices[a])
                if leads
                else "no customers or leads"
            ),
        ),
        Reason(
            code="report.trend_window",
            message=(
                f"CSAT by quarter from {first_quarter.date().isoformat()}: whole quarters;"
                " the last may still be running"
            ),
        ),
        calibration,
        *notes,
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
        outlook_start=team,
        outlook_policy=loop_policy,
        outlook=outlook,
        explanation=explanation,
    )


# --- words ---------------------------------------------------------------------------------------


def _signed(value: float) -> str:
    """``+12``, ``-3``, ``0`` (never ``+0`` or ``-0``)."""
    return "0" if round(value) == 0 else f"{value:+.0f}"


def _pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{100 * value:.{digits}f}%"


def _interval(metric: Metric, shown: str = "pct", words: bool = True) -> str:
    if metric.low is None or metric.high is None:
        return "no interval"
    if shown == "pct":
        span = f"{_pct(metric.low)} to {_pct(metric.high)}"
    elif shown == "nps":
        span = f"{metric.low:+.0f} to {metric.high:+.0f}"
    else:
        span = f"{metric.low:.2f} to {metric.high:.2f}"
    return f"95% interval {span}" if words else span


def _heading(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def _more(total: int, shown: int, indent: str) -> list[str]:
    return [f"{indent}... and {total - shown} more"] if total > shown else []


_STATUS_WORDS = {
    RecoveryStatus.HEALTHY: "doing fine (owed nothing)",
    RecoveryStatus.RECOVERING: "recovering",
    RecoveryStatus.AT_RISK: "at risk",
    RecoveryStatus.LOST: "lost",
}
_FACTOR_WORDS = {
    MoraleFactor.EXPOSURE_SHARE: "share of angry customers",
    MoraleFactor.EXPOSURE_COUNT: "number of angry customers",
    MoraleFactor.RECOGNITION: "recognition",
    MoraleFactor.REWARD: "rewards",
    MoraleFactor.ONE_TO_ONE: "one-to-ones",
    MoraleFactor.CONCERNS_RESOLVED: "concerns fixed",
    MoraleFactor.CONCERNS_OPEN: "open concerns",
    MoraleFactor.WORKLOAD: "workload",
}
_TEMPERATURE_WORDS = {
    LeadTemperature.CURRENT: "customer",
    LeadTemperature.QUALIFIED: "qualified lead",
    LeadTemperature.WARM: "warm lead",
    LeadTemperature.COLD: "cold lead",
}
_QUARTER_NAMES = ("Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec")


def _quarter(start: datetime) -> str:
    return f"{_QUARTER_NAMES[(start.month - 1) // 3]} {start.year}"


def _date(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


# --- sections ------------------------------------------------------------------------------------


def _satisfaction(report: DemoReport) -> list[str]:
    sat = report.satisfaction
    counts = sat.counts
    lines = _heading("How satisfied are customers? (last 12 months)")
    csat, nps, ces = sat.csat, sat.nps, sat.ces
    if csat.value is None:
        lines.append("  CSAT  no ratings in the last 12 months")
    else:
        lines.append(
            f"  CSAT  {_pct(csat.value)} of {counted(csat.count, 'rating')} were 4 or 5 out of 5"
            f" ({_interval(csat)})"
        )
    if nps.value is None:
        lines.append("  NPS   no survey answers in the last 12 months")
    else:
        lines.append(
            f"  NPS   {_signed(nps.value)} from {counted(nps.count, 'answer')} to 'would you recommend us?':"
            f" {_pct(counts.promoters / nps.count, 0)} promoters (9-10) minus"
            f" {_pct(counts.detractors / nps.count, 0)} detractors (0-6) ({_interval(nps, 'nps')})"
        )
    if ces.value is None:
        lines.append("  CES   no effort ratings in the last 12 months")
    else:
        easy = sat.metric(MetricKind.CES_EASY).value
        lines.append(
            f"  CES   {ces.value:.2f} out of 7 for how easy it was, from {counted(ces.count, 'rating')}"
            f" ({_interval(ces, 'mean')}); {_pct(easy, 0)} said easy (5 or more)"
        )
    unrated = counts.positive + counts.neutral + counts.negative
    if unrated:
        lines.append(
            f"  {counted(unrated, 'interaction')} without a rating count by how they felt:"
            f" {_pct(counts.positive / unrated, 0)} positive, {_pct(counts.neutral / unrated, 0)}"
            f" neutral, {_pct(counts.negative / unrated, 0)} negative."
        )
    lines.append(
        "  A 95% interval is where the true figure most likely lies, given how many answered."
    )
    lines.append("  CSAT by channel (ratings, 95% interval):")
    if not report.satisfaction_by_channel.reports:
        lines.append("    no interactions")
    for group in report.satisfaction_by_channel.reports:
        metric = group.csat
        name = ", ".join(words(str(part)) for part in group.key) or "all"
        if metric.value is None:
            lines.append(f"    {name:<10} no ratings")
        else:
            lines.append(
                f"    {name:<10} {_pct(metric.value):>6}  ({metric.count:,},"
                f" {_interval(metric, words=False)})"
            )
    lines.append(
        "  CSAT by quarter (ratings, 95% interval), each compared with the quarter before:"
    )
    points = report.csat_trend.points
    labels = [
        _quarter(p.period_start)
        + (f" (to {report.as_of.day} {report.as_of:%b})" if p.period_end > report.as_of else "")
        for p in points
    ]
    width = max((len(label) for label in labels), default=0)
    for index, (point, label) in enumerate(zip(points, labels, strict=True)):
        metric = point.metric
        if metric.value is None:
            lines.append(f"    {label.ljust(width)}  no ratings")
            continue
        if point.direction is TrendDirection.UP:
            change = "  up: a real rise, too big to be chance"
        elif point.direction is TrendDirection.DOWN:
            change = "  down: a real fall, too big to be chance"
        elif point.direction is TrendDirection.SAME:
            change = "  no clear change (could be chance)"
        else:
            change = "" if index else "  the first quarter shown"
        lines.append(
            f"    {label.ljust(width)}  {_pct(metric.value):>6}  ({metric.count:,},"
            f" {_interval(metric, words=False)}){change}"
        )
    return lines


def _owed_rows(rows: Sequence[OwedCustomer]) -> list[str]:
    shown = rows[:_SHOWN]
    lines = [
        f"    {row.customer_id}: owed {counted(row.positives_needed, 'good experience')},"
        f" for {counted(round(row.days_owed), 'day')}"
        for row in shown
    ]
    return lines + _more(len(rows), len(shown), "    ")


def _recovery(report: DemoReport) -> list[str]:
    summary = report.recovery
    needed = RecoveryPolicy().positives_per_negative
    lines = _heading(
        f"Customers who may leave: it takes {needed} good experiences to make up for a bad one"
    )
    parts = ", ".join(
        f"{summary.by_status[status]:,} {_STATUS_WORDS.get(status, words(status.value))}"
        for status in RecoveryStatus
    )
    lines.append(f"  Of {counted(summary.customers, 'customer')}: {parts}.")
    owed = len(summary.at_risk)
    lines.append(
        f"  {counted(owed, 'customer')} not lost {'is' if owed == 1 else 'are'} owed"
        f" {counted(summary.total_positives_needed, 'good experience')} in all."
    )
    at_risk = [row for row in summary.at_risk if row.status is RecoveryStatus.AT_RISK]
    recovering = [row for row in summary.at_risk if row.status is RecoveryStatus.RECOVERING]
    lines.append(
        f"  At risk, nothing good since their last bad experience ({len(at_risk):,}), most owed first:"
    )
    lines += _owed_rows(at_risk) or ["    nobody"]
    lines.append(
        f"  Recovering, some good experiences since but not yet enough ({len(recovering):,}):"
    )
    lines += _owed_rows(recovering) or ["    nobody"]
    return lines


def _entry(entry: PlaybookEntry) -> str:
    if entry.recovery_rate is None:
        return f"{counted(entry.negatives, 'case')}, no outcome yet"
    text = (
        f"won back {entry.recovered} of {entry.decided}"
        f" ({_pct(entry.recovery_rate, 0)}, 95% interval {_pct(entry.rate_low, 0)}"
        f" to {_pct(entry.rate_high, 0)})"
    )
    if entry.median_days_to_recovery is not None:
        text += f", in about {entry.median_days_to_recovery:.0f} days"
    return text


def _gesture(entry: PlaybookEntry) -> str:
    return "no gesture" if entry.gesture is None else words(entry.gesture.value)


def _playbook(report: DemoReport) -> list[str]:
    lines = _heading("What wins upset customers back? The playbook, by complaint category")
    lines.append(
        "  Learned from past complaints whose outcome is known (the customer was won back or lost):"
    )
    if not report.playbook:
        lines.append("  no complaints with a category yet")
    for advice in report.playbook:
        if advice.best is None:
            lines.append(f"  {advice.category}: no gesture tried yet")
        elif advice.gesture is not None and advice.enough_evidence:
            lines.append(
                f"  {advice.category}: offer {_gesture(advice.best)}; {_entry(advice.best)}"
            )
        elif advice.no_gesture_better:
            lines.append(
                f"  {advice.category}: answer without a gesture; it did as well as the best"
                f" one tried, {_gesture(advice.best)} ({_entry(advice.best)})"
            )
        else:
            lines.append(
                f"  {advice.category}: too few cases to be sure yet; so far the best is"
                f" {_gesture(advice.best)}; {_entry(advice.best)}"
            )
        if advice.baseline is not None and advice.baseline.decided:
            lines.append(f"      with no gesture: {_entry(advice.baseline)}")
    return lines


def _word_of_mouth(report: DemoReport) -> list[str]:
    wom = report.word_of_mouth
    lines = _heading("Word of mouth (last 90 days): bad news travels further")
    lines.append(
        f"  {counted(wom.positives, 'good experience')}, {counted(wom.negatives, 'bad one')} and"
        f" {wom.neutrals:,} neutral."
    )
    if wom.positives and wom.negatives:
        lines.append(
            f"  Each good one reaches about {wom.positive_reach / wom.positives:.0f} people, each"
            f" bad one about {wom.negative_reach / wom.negatives:.0f}: about"
            f" {wom.positive_reach:,.0f} people heard something good and"
            f" {wom.negative_reach:,.0f} something bad."
        )
    else:
        lines.append(
            f"  About {wom.positive_reach:,.0f} people heard something good and"
            f" {wom.negative_reach:,.0f} something bad."
        )
    if round(wom.net_reach) == 0:
        lines.append("  Good and bad news are level: as many people heard each.")
    elif wom.net_reach > 0:
        lines.append(f"  Good news is ahead: {wom.net_reach:,.0f} more people heard good than bad.")
    else:
        lines.append(f"  Bad news is ahead: {-wom.net_reach:,.0f} more people heard bad than good.")
    if wom.negatives and wom.positives_to_offset is not None:
        gap = wom.positives_to_offset - wom.positives
        lines.append(
            f"  To drown out {counted(wom.negatives, 'bad experience')} takes"
            f" {counted(wom.positives_to_offset, 'good one')}; there were {wom.positives:,}"
            + (f", so {gap:,} more are needed." if gap > 0 else ", enough so far.")
        )
    if report.word_of_mouth_sources:
        lines.append("  Customers spreading the most bad news:")
        for source in report.word_of_mouth_sources:
            lines.append(
                f"    {source.customer_id}: {counted(source.negatives, 'bad experience')},"
                f" heard by about {source.negative_reach:,.0f} people"
            )
    return lines


def _calls(report: DemoReport) -> list[str]:
    lines = _heading(
        "Who to call today: customers first, then qualified and warm leads, never cold"
    )
    lines.append(
        "  Score 0-100: points for where the lead came from, how well it fits, and its contacts"
        " (recent ones count most, bad ones count against)."
    )
    for rank, lead in enumerate(report.call_list, start=1):
        parts = [
            f"{words(component.value)} {lead.points_of(component):+.0f}"
            for component in ScoreComponent
            if lead.points_of(component)
        ]
        capped = f" (capped from {lead.raw_score:.0f})" if lead.raw_score > lead.score else ""
        lines.append(
            f"  {rank:>2}. {lead.customer_id}  {_TEMPERATURE_WORDS[lead.temperature]}"
            f" {lead.score:.0f}{capped}: {', '.join(parts) or 'no points'}{_last_seen(lead)}"
        )
    if not report.call_list:
        lines.append("  nobody to call today")
    tied = len(report.call_list) - len(
        {(lead.temperature, lead.score) for lead in report.call_list}
    )
    if tied:
        lines.append("  Leads with the same temperature and score are listed by customer id.")
    for sheet in report.call_plan.sheets:
        lines.append(
            f"  Call sheet for {sheet.staff_id}: {', '.join(sheet.customer_ids) or 'nobody'}"
        )
    waiting = len(report.call_plan.unassigned)
    if not report.call_plan.sheets and waiting:
        lines.append(f"  No staff to make the calls: {counted(waiting, 'lead')} to contact.")
    elif waiting:
        lines.append(f"  {counted(waiting, 'more lead')} to contact on later days.")
    lines.append(f"  The whole base: {report.explanation[1].message}.")
    lines.append("  " + _funnel(report.funnel))
    return lines


def _funnel(funnel: LeadFunnel) -> str:
    hotter = sum(step.count for step in funnel.steps if step.end > step.start)
    cooler = sum(step.count for step in funnel.steps if step.end < step.start)
    text = (
        f"The last 3 months: {hotter:,} got hotter, {cooler:,} cooled down and"
        f" {funnel.entered:,} {'was' if funnel.entered == 1 else 'were'} new"
    )
    warm = funnel.at_start(LeadTemperature.WARM)
    won = funnel.conversion(LeadTemperature.WARM, LeadTemperature.QUALIFIED)
    if won is not None:
        text += (
            f"; of the {counted(warm, 'warm lead')} at the start, {_pct(won, 0)}"
            " were qualified or customers by the end"
        )
    return text + "."


def _last_seen(lead: LeadAssessment) -> str:
    if lead.last_purchase is not None:
        return f"; bought {_date(lead.last_purchase)}"
    if lead.qualified_since is not None:
        return f"; asked for a quote or demo {_date(lead.qualified_since)}"
    if lead.last_inbound is not None:
        return f"; last in touch {_date(lead.last_inbound)}"
    return ""


def _drivers(member: MoraleAssessment) -> str:
    moves = sorted(
        (
            c
            for c in member.contributions
            if c.factor is not MoraleFactor.BASELINE and abs(c.points) >= 0.5
        ),
        key=lambda c: -abs(c.points),
    )[:3]
    return ", ".join(
        f"{_FACTOR_WORDS.get(c.factor, words(c.factor.value))} {c.points:+.0f}" for c in moves
    )


def _morale(report: DemoReport) -> list[str]:
    policy = MoralePolicy()
    lines = _heading("Staff morale: happy staff make happy customers")
    lines.append(
        f"  Index 0-100 from {policy.baseline:.0f}: under {policy.low_below:.0f} is low,"
        f" {policy.high_from:.0f} or more high. Its biggest effects, and the negative contacts"
        " of the last 30 days:"
    )
    width = max((len(m.team or "no team") for m in report.morale.members), default=0)
    for member in report.morale.members:
        band = member.band.value + ("!" if member.band is MoraleBand.LOW else "")
        lines.append(
            f"  {member.staff_id} {(member.team or 'no team').ljust(width)} {member.index:3.0f}"
            f" {band:<8} {_drivers(member) or 'no signals'};"
            f" {member.negatives_handled} of {member.interactions_handled:,} negative"
        )
    enps = report.enps
    if enps.score is None:
        lines.append("  Staff survey: no answers in the last 6 months.")
    else:
        lines.append(
            f"  Staff survey (would you recommend working here?): {counted(enps.promoters, 'promoter')}"
            f" and {counted(enps.detractors, 'detractor')} among {counted(enps.respondents, 'answer')}:"
            f" eNPS {_signed(enps.score)}"
        )
    return lines


def _describe(item: Intervention) -> str:
    size = item.size
    described = {
        InterventionKind.RECOGNITION_PROGRAMME: f"thank and reward staff, worth {size:g} morale points",
        InterventionKind.LISTENING_PROGRAMME: (
            f"listen to staff and act on concerns, worth {size:g} morale points"
        ),
        InterventionKind.PROCESS_FIX: (
            f"fix a cause of complaints, so {_pct(size, 0)} fewer contacts go wrong"
        ),
        InterventionKind.HIRING_FREEZE: f"stop hiring: {_pct(size, 0)} more work per person",
    }
    until = "" if item.end is None else f" to month {item.end}"
    what = described.get(item.kind, f"{words(item.kind.value)} of size {size:g}")
    return f"{what}, from month {item.start}{until}"


def _outcome(run: LoopTrajectory, base: LoopTrajectory | None) -> str:
    final = run.final
    if run.status is EquilibriumStatus.NONE or run.equilibrium_morale is None:
        way = "falling" if final.morale < run.periods[0].morale else "rising"
        return (
            f"no resting point: each turn of the loop makes it worse, morale keeps {way}"
            f" (month {final.period}: {final.morale:.0f})"
        )
    text = (
        f"morale settles at {run.equilibrium_morale:.0f} and"
        f" {_pct(run.equilibrium_negative_rate)} of contacts go wrong"
    )
    if base is None or base is run or base.equilibrium_morale is None:
        return text + " (the loop stays where it is)"
    shift = run.equilibrium_morale - base.equilibrium_morale
    boost = sum(
        item.size
        for item in run.interventions
        if item.kind
        in (InterventionKind.RECOGNITION_PROGRAMME, InterventionKind.LISTENING_PROGRAMME)
        and item.active(final.period)
    )
    text += f": {abs(shift):.1f} points {'above' if shift >= 0 else 'below'} doing nothing"
    if boost and shift > boost:
        text += (
            f", of which {shift - boost:.1f} come from the loop itself (happier staff, better"
            " care, fewer angry customers)"
        )
    return text


def _outlook(report: DemoReport) -> list[str]:
    policy = report.outlook_policy
    lines = _heading(f"What next? The staff-customer feedback loop over {_OUTLOOK_PERIODS} months")
    start = report.outlook_start
    who = "the default reference point (no team handled a contact)"
    if start is not None:
        who = "staff without a team" if start.team is None else f"the {start.team} team"
        who += " today"
    lines.append(
        f"  Starting from {who}: morale {policy.reference_morale:.0f},"
        f" {_pct(policy.reference_negative_rate)} of contacts negative."
    )
    gain = policy.loop_gain()
    lines.append(
        "  The loop: fewer angry customers lift morale, better morale means better care, and"
        " better care means fewer angry customers."
    )
    if gain < 1:
        lines.append(
            f"  Each turn passes on {_pct(gain, 0)} of a change, so a lasting change in morale"
            f" grows by about {_pct(policy.multiplier() - 1, 0)} in the end."
        )
    else:
        lines.append("  Each turn passes on all of a change or more: the loop runs away.")
    trajectories = report.outlook.trajectories
    base = next((t for t in trajectories if not t.interventions), None)
    for run in trajectories:
        plan = "; ".join(_describe(item) for item in run.interventions) or "change nothing"
        lines.append(f"  - {run.name} ({plan}):")
        lines.append(f"      {_outcome(run, base)}.")
    lines.append(
        "  (A model with assumed effect sizes, not a forecast: see the feedback-loop docs.)"
    )
    return lines


def render_demo_report(report: DemoReport) -> str:
    """The demo report as text for a person who has never seen the library.

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract import build_demo_report, render_demo_report
    >>> text = render_demo_report(build_demo_report(sample_dataset(customers=40), as_of=SAMPLE_AS_OF))
    >>> print(text.splitlines()[0])
    custinteract demo report
    """
    if not isinstance(report, DemoReport):
        raise InvalidInputError("report", report, "a DemoReport")
    lines = [
        "custinteract demo report",
        "========================",
        f"A made-up business on {_date(report.as_of)}:"
        f" {counted(report.customers, 'customer or lead', 'customers and leads')},"
        f" {counted(report.interactions, 'interaction')}, {report.staff:,} staff.",
        "Every figure below is computed by the library from that record of interactions.",
    ]
    lines += _satisfaction(report)
    lines += _recovery(report)
    lines += _playbook(report)
    lines += _word_of_mouth(report)
    lines += _calls(report)
    lines += _morale(report)
    lines += _outlook(report)
    lines.append("")
    lines.append("Run with --json for the full report, with every reason code.")
    return "\n".join(_wrap(line) for line in lines)


def _wrap(line: str) -> str:
    """A line longer than the page, wrapped with its continuation indented 4 more spaces."""
    if len(line) <= _WIDTH or not line.startswith(" "):
        return line
    indent = " " * (len(line) - len(line.lstrip()) + 4)
    return textwrap.fill(line, width=_WIDTH, subsequent_indent=indent, break_on_hyphens=False)
