"""The demo report as text: one function per section, written from the results' fields.

The text is written from the results' fields (counts, values, intervals,
enums), never by reading the engines' messages, so it keeps its sense when
an engine's wording changes; where an engine's own sentence is the clearest
answer (the playbook's evidence, the funnel) it is quoted as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .._validators import FrozenMap
from .._wording import counted, words
from ..leads import LeadAssessment, LeadFunnel, LeadTemperature, ScoreComponent
from ..recovery import OwedCustomer, PlaybookEntry, RecoveryPolicy, RecoveryStatus
from ..satisfaction import MetricKind, TrendDirection
from ._render_staff import _morale, _outlook
from ._words import (
    SHOWN,
    STATUS_WORDS,
    TEMPERATURE_WORDS,
    date,
    heading,
    interval,
    more,
    pct,
    quarter,
    signed,
)

if TYPE_CHECKING:
    from ._report import DemoReport

__all__ = ["report_lines"]


def report_lines(report: DemoReport, subject: str = "A made-up business") -> list[str]:
    """The report's lines, section by section, before wrapping to the page."""
    lines = [
        "custinteract demo report",
        "========================",
        f"{subject} on {date(report.as_of)}:"
        f" {counted(report.customers, 'customer or lead', 'customers and leads')},"
        f" {counted(report.interactions, 'interaction')}, {report.staff:,} staff.",
        "Every figure below is computed by the library from that record of interactions.",
    ]
    lines += _satisfaction(report)
    lines += _recovery(report)
    lines += _gone_quiet(report)
    lines += _playbook(report)
    lines += _word_of_mouth(report)
    lines += _calls(report)
    lines += _morale(report)
    lines += _outlook(report)
    lines.append("")
    lines.append("Run with --json for the full report, with every reason code.")
    return lines


_CHANGE_WORDS: Mapping[TrendDirection, str] = FrozenMap(
    {
        TrendDirection.UP: "  up: a real rise, too big to be chance",
        TrendDirection.DOWN: "  down: a real fall, too big to be chance",
        TrendDirection.SAME: "  no clear change (could be chance)",
    }
)


def _satisfaction(report: DemoReport) -> list[str]:
    lines = heading("How satisfied are customers? (last 12 months)")
    lines += _scores(report)
    lines.append(
        "  A 95% interval is where the true figure most likely lies, given how many answered."
    )
    lines += _by_channel(report)
    lines += _by_quarter(report)
    return lines


def _scores(report: DemoReport) -> list[str]:
    sat = report.satisfaction
    counts = sat.counts
    csat, nps, ces = sat.csat, sat.nps, sat.ces
    lines: list[str] = []
    if csat.value is None:
        lines.append("  CSAT  no ratings in the last 12 months")
    else:
        lines.append(
            f"  CSAT  {pct(csat.value)} of {counted(csat.count, 'rating')} were 4 or 5 out of 5"
            f" ({interval(csat)})"
        )
    if nps.value is None:
        lines.append("  NPS   no survey answers in the last 12 months")
    else:
        lines.append(
            f"  NPS   {signed(nps.value)} from {counted(nps.count, 'answer')} to 'would you recommend us?':"
            f" {pct(counts.promoters / nps.count, 0)} promoters (9-10) minus"
            f" {pct(counts.detractors / nps.count, 0)} detractors (0-6) ({interval(nps, 'nps')})"
        )
    if ces.value is None:
        lines.append("  CES   no effort ratings in the last 12 months")
    else:
        easy = sat.metric(MetricKind.CES_EASY).value
        lines.append(
            f"  CES   {ces.value:.2f} out of 7 for how easy it was, from {counted(ces.count, 'rating')}"
            f" ({interval(ces, 'mean')}); {pct(easy, 0)} said easy (5 or more)"
        )
    unrated = counts.positive + counts.neutral + counts.negative
    if unrated:
        lines.append(
            f"  {counted(unrated, 'interaction')} without a rating count by how they felt:"
            f" {pct(counts.positive / unrated, 0)} positive, {pct(counts.neutral / unrated, 0)}"
            f" neutral, {pct(counts.negative / unrated, 0)} negative."
        )
    return lines


def _by_channel(report: DemoReport) -> list[str]:
    lines = ["  CSAT by channel (ratings, 95% interval):"]
    if not report.satisfaction_by_channel.reports:
        lines.append("    no interactions")
    for group in report.satisfaction_by_channel.reports:
        metric = group.csat
        name = ", ".join(words(str(part)) for part in group.key) or "all"
        if metric.value is None:
            lines.append(f"    {name:<10} no ratings")
        else:
            lines.append(
                f"    {name:<10} {pct(metric.value):>6}  ({metric.count:,},"
                f" {interval(metric, words=False)})"
            )
    return lines


def _by_quarter(report: DemoReport) -> list[str]:
    lines = ["  CSAT by quarter (ratings, 95% interval), each compared with the quarter before:"]
    points = report.csat_trend.points
    labels = [
        quarter(p.period_start)
        + (f" (to {report.as_of.day} {report.as_of:%b})" if p.period_end > report.as_of else "")
        for p in points
    ]
    width = max((len(label) for label in labels), default=0)
    for index, (point, label) in enumerate(zip(points, labels, strict=True)):
        metric = point.metric
        if metric.value is None:
            lines.append(f"    {label.ljust(width)}  no ratings")
            continue
        if point.direction is None:
            change = "" if index else "  the first quarter shown"
        else:
            change = _CHANGE_WORDS[point.direction]
        lines.append(
            f"    {label.ljust(width)}  {pct(metric.value):>6}  ({metric.count:,},"
            f" {interval(metric, words=False)}){change}"
        )
    return lines


def _owed_rows(rows: Sequence[OwedCustomer]) -> list[str]:
    shown = rows[:SHOWN]
    lines = [
        f"    {row.customer_id}: owed {counted(row.positives_needed, 'good experience')},"
        f" for {counted(round(row.days_owed), 'day')}"
        for row in shown
    ]
    return lines + more(len(rows), len(shown), "    ")


def _recovery(report: DemoReport) -> list[str]:
    summary = report.recovery
    needed = RecoveryPolicy().positives_per_negative
    lines = heading(
        f"Customers who may leave: it takes {needed} good experiences to make up for a bad one"
    )
    parts = ", ".join(
        f"{summary.by_status[status]:,} {STATUS_WORDS.get(status, words(status.value))}"
        for status in RecoveryStatus
    )
    lines.append(f"  Of {counted(summary.customers, 'customer')}: {parts}.")
    owed = len(summary.owed)
    lines.append(
        f"  {counted(owed, 'customer')} not lost {'is' if owed == 1 else 'are'} owed"
        f" {counted(summary.total_positives_needed, 'good experience')} in all."
    )
    at_risk = [row for row in summary.owed if row.status is RecoveryStatus.AT_RISK]
    recovering = [row for row in summary.owed if row.status is RecoveryStatus.RECOVERING]
    lines.append(
        f"  At risk, nothing good since their last bad experience ({len(at_risk):,}), most owed first:"
    )
    lines += _owed_rows(at_risk) or ["    nobody"]
    lines.append(
        f"  Recovering, some good experiences since but not yet enough ({len(recovering):,}):"
    )
    lines += _owed_rows(recovering) or ["    nobody"]
    return lines


def _gone_quiet(report: DemoReport) -> list[str]:
    summary = report.recovery
    healthy = summary.by_status[RecoveryStatus.HEALTHY]
    lines = heading("Who has gone quiet: customers who owe nothing but stopped coming back")
    lines.append(
        f"  Of {counted(healthy, 'customer')} owing nothing, {summary.lapsed:,} lapsed"
        f" (silent far beyond their usual rhythm) and {summary.lapsing:,} lapsing"
        " (silent for longer than usual). Nothing is owed because they stopped coming,"
        " not because all is well."
    )
    rows = report.gone_quiet
    shown = rows[:SHOWN]
    for row in shown:
        silence = 0 if row.summary is None else round(row.summary.silence)
        gap = round(row.typical_gap_days or 0.0)
        lines.append(
            f"    {row.customer_id}: {row.status.value}, silent for {counted(silence, 'day')},"
            f" {row.silence_ratio or 0.0:.1f} times their usual gap of {counted(gap, 'day')}"
        )
    return lines + (more(len(rows), len(shown), "    ") if rows else ["    nobody"])


def _entry(entry: PlaybookEntry) -> str:
    if entry.recovery_rate is None:
        return f"{counted(entry.negatives, 'case')}, no outcome yet"
    text = (
        f"won back {entry.recovered} of {entry.decided}"
        f" ({pct(entry.recovery_rate, 0)}, 95% interval {pct(entry.rate_low, 0)}"
        f" to {pct(entry.rate_high, 0)})"
    )
    if entry.median_days_to_recovery is not None:
        text += f", in about {entry.median_days_to_recovery:.0f} days"
    return text


def _gesture(entry: PlaybookEntry) -> str:
    return "no gesture" if entry.gesture is None else words(entry.gesture.value)


def _playbook(report: DemoReport) -> list[str]:
    lines = heading("What wins upset customers back? The playbook, by complaint category")
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
    lines = heading("Word of mouth (last 90 days): bad news travels further")
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
    lines = heading("Who to call today: customers first, then qualified and warm leads, never cold")
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
            f"  {rank:>2}. {lead.customer_id}  {TEMPERATURE_WORDS[lead.temperature]}"
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
            f"; of the {counted(warm, 'warm lead')} at the start, {pct(won, 0)}"
            " were qualified or customers by the end"
        )
    return text + "."


def _last_seen(lead: LeadAssessment) -> str:
    if lead.last_purchase is not None:
        return f"; bought {date(lead.last_purchase)}"
    if lead.qualified_since is not None:
        return f"; asked for a quote or demo {date(lead.qualified_since)}"
    if lead.last_inbound is not None:
        return f"; last in touch {date(lead.last_inbound)}"
    return ""
