"""Satisfaction trends: each period against the one before, by the policy's significance rule.

Part of the satisfaction engine (see :mod:`custinteract.satisfaction`); the tests are in
:mod:`._stats`, the messages in :mod:`._explain`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .._errors import InvalidInputError
from .._models import Reason
from .._time import Frequency
from .._validators import FrozenMap
from ._counts import SatisfactionCounts
from ._explain import PARTIAL, TREND_CODE, trend_reason
from ._metrics import SHARES
from ._policy import MetricKind, NpsInterval, SatisfactionPolicy, TrendDirection, TrendTest
from ._results import (
    Metric,
    SatisfactionBreakdown,
    SatisfactionReport,
    SatisfactionTrend,
    TrendPoint,
)
from ._stats import mean_test, nps_test, proportion_test

__all__ = ["trend_from_breakdown", "trends_from_breakdown", "trends_of"]

Period = tuple[SatisfactionCounts, Metric]
Verdict = tuple[TrendDirection | None, float | None, float | None, Reason]


def _nps_test(
    kind: MetricKind, before: SatisfactionCounts, after: SatisfactionCounts, p: SatisfactionPolicy
) -> float:
    return nps_test(
        (before.promoters, before.detractors, sum(before.nps)),
        (after.promoters, after.detractors, sum(after.nps)),
        adjusted=p.nps_interval is NpsInterval.ADJUSTED_WALD,
    )


def _mean_test(
    kind: MetricKind, before: SatisfactionCounts, after: SatisfactionCounts, p: SatisfactionPolicy
) -> float:
    return mean_test(before.ces, after.ces, 1)


def _share_test(
    kind: MetricKind, before: SatisfactionCounts, after: SatisfactionCounts, p: SatisfactionPolicy
) -> float:
    return proportion_test(*SHARES[kind](before, p), *SHARES[kind](after, p))


Test = Callable[[MetricKind, SatisfactionCounts, SatisfactionCounts, SatisfactionPolicy], float]
# The z-test of each metric that is not a share (every other kind is a share).
_TEST: FrozenMap[MetricKind, Test] = FrozenMap(
    {MetricKind.NPS: _nps_test, MetricKind.CES: _mean_test}
)


def _apart(before: Metric, after: Metric) -> bool:
    """True when the two intervals do not overlap."""
    if None in (before.low, before.high, after.low, after.high):
        return False
    return bool(after.low > before.high or after.high < before.low)  # type: ignore[operator]


def _significance(
    previous: Period, current: Period, policy: SatisfactionPolicy
) -> tuple[float | None, bool]:
    """(the z-test's p-value or None, whether the change is significant) by the policy's rule."""
    (before_counts, before), (counts, metric) = previous, current
    if policy.trend_test is TrendTest.Z_TEST:
        test = _TEST.get(metric.kind, _share_test)
        p_value = test(metric.kind, before_counts, counts, policy)
        return p_value, p_value < 1.0 - policy.confidence
    return None, _apart(before, metric)


def _compare(previous: Period | None, current: Period, policy: SatisfactionPolicy) -> Verdict:
    """Direction, change, p-value and reason of one period against the one before."""
    metric = current[1]
    if previous is None:
        return None, None, None, trend_reason("satisfaction.trend.first", None, metric, policy)
    before = previous[1]
    if metric.value is None or before.value is None:
        why = trend_reason("satisfaction.trend.no_data", before, metric, policy)
        return None, None, None, why
    change = metric.value - before.value
    needed = max(policy.minimum_count, 2 if metric.kind is MetricKind.CES else 1)
    if min(metric.count, before.count) < needed:
        why = trend_reason("satisfaction.trend.too_few", before, metric, policy, needed=needed)
        return TrendDirection.SAME, change, None, why
    p_value, significant = _significance(previous, current, policy)
    direction = TrendDirection.SAME
    if significant:
        direction = TrendDirection.UP if change > 0 else TrendDirection.DOWN
    why = trend_reason(
        TREND_CODE[direction], before, metric, policy, p_value=p_value, significant=significant
    )
    return direction, change, p_value, why


def _stepped_over(
    metric: Metric, since: datetime | None, skipped: int, policy: SatisfactionPolicy
) -> Reason:
    gap = "period" if skipped == 1 else f"{skipped} periods"
    when = since.date().isoformat() if since is not None else "?"
    return trend_reason(
        "satisfaction.trend.skipped_empty", None, metric, policy, since=when, gap=gap
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
    # Each period is compared with the last one that had answers, so that a
    # series with empty periods in between (a semester's data by quarter) still
    # has trends; the reason says when empty periods were stepped over.
    before: Period | None = None  # the period just before
    answered: Period | None = None  # the last period with answers
    answered_start: datetime | None = None
    skipped = 0  # empty periods since the last with answers
    for report in reports:
        current = (report.counts, report.metric(metric))
        previous = answered if answered is not None else before
        direction, change, p_value, why = _compare(previous, current, policy)
        if report.period_start is None or report.period_end is None:  # pragma: no cover
            raise InvalidInputError("breakdown", report, "reports with periods")
        partial = tuple(r for r in report.explanation if r.code == PARTIAL)
        if skipped and answered is not None and current[1].value is not None:
            partial = (_stepped_over(current[1], answered_start, skipped, policy), *partial)
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
        before = current
        if current[1].value is not None:
            answered, answered_start, skipped = current, report.period_start, 0
        elif answered is not None:
            skipped += 1
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


def trends_of(
    breakdown: SatisfactionBreakdown, metric: MetricKind, policy: SatisfactionPolicy
) -> tuple[SatisfactionTrend, ...]:
    """The trends of a breakdown by period: one per group, or the one trend when ungrouped."""
    if not breakdown.by:
        return (trend_from_breakdown(breakdown, metric, policy),)
    return trends_from_breakdown(breakdown, metric, policy)
