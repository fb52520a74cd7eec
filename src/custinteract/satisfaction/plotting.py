"""Pictures of satisfaction: a metric over time with its interval band, and per group."""

from __future__ import annotations

import math

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from .._errors import InvalidInputError
from .._figures import new_axes
from .._validators import FrozenMap
from ._results import (
    Metric,
    MetricKind,
    SatisfactionBreakdown,
    SatisfactionTrend,
    TrendDirection,
)

__all__ = ["plot_satisfaction_by", "plot_satisfaction_trend"]

_LIMITS: FrozenMap[MetricKind, tuple[float, float]] = FrozenMap(
    {MetricKind.NPS: (-100.0, 100.0), MetricKind.CES: (1.0, 7.0)}
)
_LABELS: FrozenMap[MetricKind, str] = FrozenMap(
    {
        MetricKind.CSAT: "CSAT (share of 4-5)",
        MetricKind.NPS: "NPS (points)",
        MetricKind.CES: "CES (mean, 1-7)",
        MetricKind.CES_EASY: "CES: share of 5 or more",
        MetricKind.SENTIMENT_POSITIVE: "positive share (unrated)",
        MetricKind.SENTIMENT_NEUTRAL: "neutral share (unrated)",
        MetricKind.SENTIMENT_NEGATIVE: "negative share (unrated)",
    }
)
_UP, _DOWN = "#2e7d32", "#c62828"


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else value


def _scale(ax: Axes, kind: MetricKind) -> None:
    low, high = _LIMITS.get(kind, (0.0, 1.0))
    pad = (high - low) * 0.04
    ax.set_ylim(low - pad, high + pad)
    if kind.is_share:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    ax.set_ylabel(_LABELS[kind])


def plot_satisfaction_trend(trend: SatisfactionTrend, *, ax: Axes | None = None) -> Axes:
    """One metric per period with its confidence band; significant moves marked.

    Empty periods leave a gap (no value, no band) rather than a zero.
    Periods the trend calls UP or DOWN get a green upward or red downward
    triangle.

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_satisfaction_trend
    >>> trend = ci.satisfaction_trend([], frequency=ci.Frequency.MONTH)
    >>> plot_satisfaction_trend(trend).get_ylabel()
    'CSAT (share of 4-5)'
    """
    if not isinstance(trend, SatisfactionTrend):
        raise InvalidInputError("trend", trend, "a SatisfactionTrend")
    axes = new_axes(ax)
    starts = mdates.date2num([point.period_start for point in trend.points])  # type: ignore[no-untyped-call]
    values = [_nan_if_none(point.metric.value) for point in trend.points]
    lows = [_nan_if_none(point.metric.low) for point in trend.points]
    highs = [_nan_if_none(point.metric.high) for point in trend.points]
    axes.fill_between(starts, lows, highs, alpha=0.25, linewidth=0, label="confidence interval")
    axes.plot(starts, values, marker="o", label=trend.metric.value.upper())
    for direction, marker, colour in (
        (TrendDirection.UP, "^", _UP),
        (TrendDirection.DOWN, "v", _DOWN),
    ):
        chosen = [p for p in trend.points if p.direction is direction]
        if chosen:
            axes.scatter(
                mdates.date2num([p.period_start for p in chosen]),  # type: ignore[no-untyped-call]
                [_nan_if_none(p.metric.value) for p in chosen],
                marker=marker,
                s=120,
                color=colour,
                zorder=3,
                label=f"significant {direction.value}",
            )
    _scale(axes, trend.metric)
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_xlabel(f"period ({trend.frequency.value})")
    group = f" ({trend.label})" if trend.key else ""
    axes.set_title(f"{_LABELS[trend.metric]} per {trend.frequency.value}{group}")
    axes.legend(loc="best", fontsize="small")
    axes.grid(alpha=0.3)
    return axes


def plot_satisfaction_by(
    breakdown: SatisfactionBreakdown,
    *,
    metric: MetricKind = MetricKind.CSAT,
    ax: Axes | None = None,
) -> Axes:
    """One horizontal bar per group with its interval as an error bar.

    Meant for a breakdown without a frequency (one report per group); groups
    with no answers for ``metric`` are listed with no bar.

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_satisfaction_by
    >>> breakdown = ci.satisfaction_by([], by="channel")
    >>> plot_satisfaction_by(breakdown, metric=ci.MetricKind.NPS).get_xlabel()
    'NPS (points)'
    """
    if not isinstance(breakdown, SatisfactionBreakdown):
        raise InvalidInputError("breakdown", breakdown, "a SatisfactionBreakdown")
    if not isinstance(metric, MetricKind):
        raise InvalidInputError("metric", metric, f"one of {[m.name for m in MetricKind]}")
    axes = new_axes(ax)
    labels = [report.label for report in breakdown.reports]
    metrics: list[Metric] = [report.metric(metric) for report in breakdown.reports]
    values = [_nan_if_none(m.value) for m in metrics]
    errors = [
        [_nan_if_none(m.value) - _nan_if_none(m.low) for m in metrics],
        [_nan_if_none(m.high) - _nan_if_none(m.value) for m in metrics],
    ]
    positions = list(range(len(labels)))
    low, high = _LIMITS.get(metric, (0.0, 1.0))
    axes.barh(positions, values, xerr=errors, left=0.0, capsize=4, alpha=0.8)
    axes.set_yticks(positions, labels)
    axes.set_xlim(low, high)
    if metric.is_share:
        axes.xaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    for position, m in zip(positions, metrics, strict=True):
        axes.annotate(
            f"n={m.count}",
            (low, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    axes.set_xlabel(_LABELS[metric])
    axes.set_title(f"{_LABELS[metric]} by {', '.join(breakdown.by) or 'group'}")
    axes.grid(axis="x", alpha=0.3)
    return axes
