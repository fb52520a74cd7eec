"""Satisfaction trends: each period against the one before, by the policy's significance rule.

Part of the satisfaction engine (see :mod:`custinteract._satisfaction`).
"""

from __future__ import annotations

from .._errors import InvalidInputError
from .._models import Reason
from .._time import Frequency
from ._counts import SatisfactionCounts
from ._metrics import pct, reason
from ._results import (
    Metric,
    MetricKind,
    NpsInterval,
    SatisfactionBreakdown,
    SatisfactionPolicy,
    SatisfactionReport,
    SatisfactionTrend,
    TrendDirection,
    TrendPoint,
    TrendTest,
)
from ._stats import mean_test, nps_test, proportion_test

__all__ = ["trend_from_breakdown", "trends_from_breakdown"]


def _successes(kind: MetricKind, counts: SatisfactionCounts, policy: SatisfactionPolicy) -> int:
    if kind is MetricKind.CSAT:
        return sum(counts.csat[policy.csat_satisfied_from - 1 :])
    if kind is MetricKind.CES_EASY:
        return sum(counts.ces[policy.ces_easy_from - 1 :])
    if kind is MetricKind.SENTIMENT_POSITIVE:
        return counts.positive
    if kind is MetricKind.SENTIMENT_NEUTRAL:
        return counts.neutral
    return counts.negative


def _p_value(
    kind: MetricKind,
    before: SatisfactionCounts,
    after: SatisfactionCounts,
    n_before: int,
    n_after: int,
    policy: SatisfactionPolicy,
) -> float:
    if kind is MetricKind.NPS:
        adjusted = policy.nps_interval is NpsInterval.ADJUSTED_WALD
        return nps_test(
            (before.promoters, before.detractors, n_before),
            (after.promoters, after.detractors, n_after),
            adjusted=adjusted,
        )
    if kind is MetricKind.CES:
        return mean_test(before.ces, after.ces, 1)
    return proportion_test(
        _successes(kind, before, policy), n_before, _successes(kind, after, policy), n_after
    )


def _describe(metric: Metric) -> str:
    value = metric.value
    if value is None:
        return "-"
    if metric.kind is MetricKind.NPS:
        return f"{value:+.1f}"
    if metric.kind is MetricKind.CES:
        return f"{value:.2f}"
    return pct(value)


def _apart(before: Metric, after: Metric) -> bool:
    """True when the two intervals do not overlap."""
    if None in (before.low, before.high, after.low, after.high):
        return False
    return bool(after.low > before.high or after.high < before.low)  # type: ignore[operator]


def _compare(
    previous: tuple[SatisfactionCounts, Metric] | None,
    current: tuple[SatisfactionCounts, Metric],
    policy: SatisfactionPolicy,
) -> tuple[TrendDirection | None, float | None, float | None, Reason]:
    counts, metric = current
    name = metric.kind.value.upper().replace("_", " ")
    if previous is None:
        return (
            None,
            None,
            None,
            reason(
                "satisfaction.trend.first",
                f"{name}: first period of the range, nothing to compare with.",
            ),
        )
    before_counts, before = previous
    if metric.value is None or before.value is None:
        return (
            None,
            None,
            None,
            reason(
                "satisfaction.trend.no_data",
                f"{name}: this period has {metric.count} answers and the previous {before.count}:"
                " no trend without answers on both sides.",
            ),
        )
    change = metric.value - before.value
    needed = max(policy.minimum_count, 2 if metric.kind is MetricKind.CES else 1)
    if min(metric.count, before.count) < needed:
        return (
            TrendDirection.SAME,
            change,
            None,
            reason(
                "satisfaction.trend.too_few",
                f"{name} went from {_describe(before)} to {_describe(metric)} on {before.count}"
                f" and {metric.count} answers, fewer than {needed}: too few to call a change,"
                " reported as same.",
            ),
        )
    p_value: float | None = None
    if policy.trend_test is TrendTest.Z_TEST:
        p_value = _p_value(metric.kind, before_counts, counts, before.count, metric.count, policy)
        significant = p_value < 1.0 - policy.confidence
        alpha = 1.0 - policy.confidence
        rule = f"p = {p_value:.3g}, {'below' if significant else 'not below'} {alpha:.3g}"
    else:
        significant = _apart(before, metric)
        rule = "the intervals " + ("do not overlap" if significant else "overlap")
    move = f"{name} went from {_describe(before)} to {_describe(metric)} ({rule})"
    if not significant:
        return (
            TrendDirection.SAME,
            change,
            p_value,
            reason("satisfaction.trend.same", f"{move}: no significant change."),
        )
    if change > 0:
        return TrendDirection.UP, change, p_value, reason("satisfaction.trend.up", f"{move}: up.")
    return (
        TrendDirection.DOWN,
        change,
        p_value,
        reason("satisfaction.trend.down", f"{move}: down."),
    )


def _trend(
    reports: list[SatisfactionReport],
    *,
    metric: MetricKind,
    frequency: Frequency,
    policy: SatisfactionPolicy,
    by: tuple[str, ...],
    explanation: tuple[Reason, ...],
) -> SatisfactionTrend:
    points: list[TrendPoint] = []
    previous: tuple[SatisfactionCounts, Metric] | None = None
    for report in reports:
        current = (report.counts, report.metric(metric))
        direction, change, p_value, why = _compare(previous, current, policy)
        if report.period_start is None or report.period_end is None:  # pragma: no cover
            raise InvalidInputError("breakdown", report, "reports with periods")
        partial = tuple(r for r in report.explanation if r.code == "satisfaction.partial_period")
        points.append(
            TrendPoint(
                period_start=report.period_start,
                period_end=report.period_end,
                metric=current[1],
                direction=direction,
                change=change,
                p_value=p_value,
                explanation=(why, *partial),
            )
        )
        previous = current
    return SatisfactionTrend(
        metric=metric,
        frequency=frequency,
        by=by,
        key=reports[0].key if reports else (),
        points=tuple(points),
        explanation=explanation,
    )


def trends_from_breakdown(
    breakdown: SatisfactionBreakdown, metric: MetricKind, policy: SatisfactionPolicy
) -> tuple[SatisfactionTrend, ...]:
    """One trend per group of a breakdown by period (shared with frames)."""
    if breakdown.frequency is None:
        raise InvalidInputError("breakdown", breakdown.frequency, "a breakdown by period")
    groups: dict[tuple[str | None, ...], list[SatisfactionReport]] = {}
    for report in breakdown.reports:
        groups.setdefault(report.key, []).append(report)
    return tuple(
        _trend(
            reports,
            metric=metric,
            frequency=breakdown.frequency,
            policy=policy,
            by=breakdown.by,
            explanation=breakdown.explanation,
        )
        for reports in groups.values()
    )


def trend_from_breakdown(
    breakdown: SatisfactionBreakdown, metric: MetricKind, policy: SatisfactionPolicy
) -> SatisfactionTrend:
    """The trend of one metric over the periods of a breakdown by period only (no groups)."""
    if breakdown.frequency is None or breakdown.by:
        raise InvalidInputError("breakdown", breakdown.by, "a breakdown by period only")
    return _trend(
        list(breakdown.reports),
        metric=metric,
        frequency=breakdown.frequency,
        policy=policy,
        by=(),
        explanation=breakdown.explanation,
    )
