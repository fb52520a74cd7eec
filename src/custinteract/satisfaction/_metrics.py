"""Satisfaction metrics from counts: which answers each metric counts, and its value and interval.

Every report, whichever path built it (objects, frames, Dask), goes through
:func:`satisfaction_from_counts`, so equal counts give equal reports. Which
answers a share counts is one table, :data:`SHARES`, read by the metrics here
and by the trend tests in :mod:`._trend`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from .._errors import InvalidInputError
from .._validators import FrozenMap, check_iterable
from ._counts import SatisfactionCounts
from ._explain import metric_reasons
from ._policy import MetricKind, NpsInterval, SatisfactionPolicy, check_policy
from ._results import Metric, SatisfactionReport
from ._stats import mean_interval, nps_interval, nps_value, wilson_interval

__all__ = ["SHARES", "metrics", "satisfaction_from_counts"]

Share = Callable[[SatisfactionCounts, SatisfactionPolicy], tuple[int, int]]

SHARES: FrozenMap[MetricKind, Share] = FrozenMap(
    {
        MetricKind.CSAT: lambda c, p: (sum(c.csat[p.csat_satisfied_from - 1 :]), sum(c.csat)),
        MetricKind.CES_EASY: lambda c, p: (sum(c.ces[p.ces_easy_from - 1 :]), sum(c.ces)),
        MetricKind.SENTIMENT_POSITIVE: lambda c, p: (c.positive, c.unrated),
        MetricKind.SENTIMENT_NEUTRAL: lambda c, p: (c.neutral, c.unrated),
        MetricKind.SENTIMENT_NEGATIVE: lambda c, p: (c.negative, c.unrated),
    }
)
"""For each share metric: (answers counted as successes, answers), from counts and policy."""

_DEFAULT_POLICY = SatisfactionPolicy()


def _empty(kind: MetricKind) -> Metric:
    return Metric(kind=kind, count=0, value=None, low=None, high=None)


def _share(kind: MetricKind, counts: SatisfactionCounts, policy: SatisfactionPolicy) -> Metric:
    successes, n = SHARES[kind](counts, policy)
    if n == 0:
        return _empty(kind)
    low, high = wilson_interval(successes, n, policy.confidence)
    return Metric(kind=kind, count=n, value=successes / n, low=low, high=high)


def _nps(kind: MetricKind, counts: SatisfactionCounts, policy: SatisfactionPolicy) -> Metric:
    n = sum(counts.nps)
    if n == 0:
        return _empty(kind)
    value = nps_value(counts.promoters, counts.detractors, n)
    adjusted = policy.nps_interval is NpsInterval.ADJUSTED_WALD
    low, high = nps_interval(
        counts.promoters, counts.detractors, n, policy.confidence, adjusted=adjusted
    )
    # Adjusted Wald is centred on the adjusted score and can miss the
    # reported NPS on tiny samples: widen it to include the point.
    return Metric(kind=kind, count=n, value=value, low=min(low, value), high=max(high, value))


def _ces_mean(kind: MetricKind, counts: SatisfactionCounts, policy: SatisfactionPolicy) -> Metric:
    n = sum(counts.ces)
    if n == 0:
        return _empty(kind)
    mean, low, high = mean_interval(counts.ces, 1, policy.confidence)
    return Metric(kind=kind, count=n, value=mean, low=low, high=high)


# How each metric that is not a share is measured (every other kind is a share).
_MEASURE: FrozenMap[
    MetricKind, Callable[[MetricKind, SatisfactionCounts, SatisfactionPolicy], Metric]
] = FrozenMap({MetricKind.NPS: _nps, MetricKind.CES: _ces_mean})


def metrics(counts: SatisfactionCounts, policy: SatisfactionPolicy) -> tuple[Metric, ...]:
    """One metric per :class:`MetricKind`, in its order."""
    return tuple(_MEASURE.get(kind, _share)(kind, counts, policy) for kind in MetricKind)


def satisfaction_from_counts(
    counts: SatisfactionCounts,
    *,
    policy: SatisfactionPolicy | None = None,
    key: Sequence[str | None] = (),
    period_start: datetime | None = None,
    period_end: datetime | None = None,
) -> SatisfactionReport:
    """The report of a set of interactions from its counts (merged counts welcome).

    >>> import custinteract as ci
    >>> counts = ci.SatisfactionCounts(nps=(0, 0, 0, 0, 0, 0, 2, 1, 2, 3, 2))
    >>> report = ci.satisfaction_from_counts(counts)
    >>> report.nps.value, report.nps.count
    (30.0, 10)
    """
    if not isinstance(counts, SatisfactionCounts):
        raise InvalidInputError("counts", counts, "a SatisfactionCounts")
    policy = check_policy(policy)
    if counts.interactions == 0:  # the common case of empty periods: shared frozen values
        values, reasons = _EMPTY_METRICS, _EMPTY_REASONS
    else:
        values = metrics(counts, policy)
        satisfied = SHARES[MetricKind.CSAT](counts, policy)[0]
        reasons = metric_reasons(counts, values, satisfied, policy)
    return SatisfactionReport(
        key=tuple(check_iterable(key, "key")),
        period_start=period_start,
        period_end=period_end,
        counts=counts,
        metrics=values,
        explanation=reasons,
    )


_EMPTY_METRICS = metrics(SatisfactionCounts(), _DEFAULT_POLICY)
_EMPTY_REASONS = metric_reasons(SatisfactionCounts(), _EMPTY_METRICS, 0, _DEFAULT_POLICY)
