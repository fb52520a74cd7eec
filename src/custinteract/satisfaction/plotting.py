"""Pictures of satisfaction: a metric over time with its interval band, and per group."""

from __future__ import annotations

import math
from datetime import datetime

import attrs
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from .._errors import InvalidInputError
from .._figures import new_axes
from .._time import Frequency
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


@attrs.frozen
class _Line:
    """What a trend picture draws, read from a trend or from a trend frame."""

    metric: MetricKind
    frequency: Frequency
    group: str
    starts: list[datetime]
    values: list[float]
    lows: list[float]
    highs: list[float]
    directions: list[TrendDirection | None]


def _trend_line(trend: SatisfactionTrend | pd.DataFrame) -> _Line:
    if isinstance(trend, SatisfactionTrend):
        points = trend.points
        return _Line(
            trend.metric,
            trend.frequency,
            trend.label if trend.key else "",
            [p.period_start for p in points],
            [_nan_if_none(p.metric.value) for p in points],
            [_nan_if_none(p.metric.low) for p in points],
            [_nan_if_none(p.metric.high) for p in points],
            [p.direction for p in points],
        )
    if not isinstance(trend, pd.DataFrame):
        raise InvalidInputError("trend", trend, "a SatisfactionTrend or a satisfaction_trend_frame")
    metric, frequency = trend.attrs.get("metric"), trend.attrs.get("frequency")
    if (
        not isinstance(metric, MetricKind)
        or not isinstance(frequency, Frequency)
        or not {"value", "low", "high", "trend"} <= set(trend.columns)
    ):
        raise InvalidInputError(
            "trend",
            list(trend.columns),
            "a satisfaction_trend_frame result (with value, low, high and trend columns,"
            " and its metric and frequency in frame.attrs)",
        )
    if trend.index.nlevels != 1:
        raise InvalidInputError(
            "trend",
            list(trend.index.names),
            "one trend, indexed by period_start (select a group with frame.xs(key))",
        )
    directions = {d.value: d for d in TrendDirection}
    return _Line(
        metric,
        frequency,
        "",
        [t.to_pydatetime() for t in pd.to_datetime(trend.index, utc=True)],
        [float(x) for x in trend["value"]],
        [float(x) for x in trend["low"]],
        [float(x) for x in trend["high"]],
        [None if pd.isna(d) else directions[str(d)] for d in trend["trend"]],
    )


def plot_satisfaction_trend(
    trend: SatisfactionTrend | pd.DataFrame, *, ax: Axes | None = None
) -> Axes:
    """One metric per period with its confidence band; significant moves marked.

    Empty periods leave a gap (no value, no band) rather than a zero.
    Periods the trend calls UP or DOWN get a green upward or red downward
    triangle. ``trend`` may also be the frame
    :func:`~custinteract.frames.satisfaction_trend_frame` returns for one
    trend (without ``by``; pick a group of one with ``by`` with
    ``frame.xs(key)``), which keeps its metric and frequency in ``frame.attrs``.

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_satisfaction_trend
    >>> trend = ci.satisfaction_trend([], frequency=ci.Frequency.MONTH)
    >>> plot_satisfaction_trend(trend).get_ylabel()
    'CSAT (share of 4-5)'
    """
    line = _trend_line(trend)
    axes = new_axes(ax)
    starts = mdates.date2num(line.starts)  # type: ignore[no-untyped-call]
    axes.fill_between(
        starts, line.lows, line.highs, alpha=0.25, linewidth=0, label="confidence interval"
    )
    axes.plot(starts, line.values, marker="o", label=line.metric.value.upper())
    for direction, marker, colour in (
        (TrendDirection.UP, "^", _UP),
        (TrendDirection.DOWN, "v", _DOWN),
    ):
        chosen = [k for k, d in enumerate(line.directions) if d is direction]
        if chosen:
            axes.scatter(
                [starts[k] for k in chosen],
                [line.values[k] for k in chosen],
                marker=marker,
                s=120,
                color=colour,
                zorder=3,
                label=f"significant {direction.value}",
            )
    _scale(axes, line.metric)
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_xlabel(f"period ({line.frequency.value})")
    group = f" ({line.group})" if line.group else ""
    axes.set_title(f"{_LABELS[line.metric]} per {line.frequency.value}{group}")
    axes.legend(loc="best", fontsize="small")
    axes.grid(alpha=0.3)
    return axes


def plot_satisfaction_by(
    breakdown: SatisfactionBreakdown | pd.DataFrame,
    *,
    metric: MetricKind = MetricKind.CSAT,
    ax: Axes | None = None,
) -> Axes:
    """One horizontal bar per group with its interval as an error bar.

    Meant for a breakdown without a frequency (one report per group); groups
    with no answers for ``metric`` are listed with no bar. ``breakdown`` may
    also be the frame :func:`~custinteract.frames.satisfaction_frame` returns
    (its ``<metric>``, ``<metric>_low``, ``_high`` and ``_count`` columns).

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_satisfaction_by
    >>> breakdown = ci.satisfaction_by([], by="channel")
    >>> plot_satisfaction_by(breakdown, metric=ci.MetricKind.NPS).get_xlabel()
    'NPS (points)'
    """
    if not isinstance(metric, MetricKind):
        raise InvalidInputError("metric", metric, f"one of {[m.name for m in MetricKind]}")
    by, labels, bars = _bars(breakdown, metric)
    axes = new_axes(ax)
    values = [value for value, _, _, _ in bars]
    errors = [
        [value - low for value, low, _, _ in bars],
        [high - value for value, _, high, _ in bars],
    ]
    positions = list(range(len(labels)))
    low, high = _LIMITS.get(metric, (0.0, 1.0))
    axes.barh(positions, values, xerr=errors, left=0.0, capsize=4, alpha=0.8)
    axes.set_yticks(positions, labels)
    axes.set_xlim(low, high)
    if metric.is_share:
        axes.xaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    for position, (_, _, _, count) in zip(positions, bars, strict=True):
        axes.annotate(
            f"n={count}",
            (low, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    axes.set_xlabel(_LABELS[metric])
    axes.set_title(f"{_LABELS[metric]} by {', '.join(by) or 'group'}")
    axes.grid(axis="x", alpha=0.3)
    return axes


_Bar = tuple[float, float, float, int]


def _bars(
    breakdown: SatisfactionBreakdown | pd.DataFrame, metric: MetricKind
) -> tuple[tuple[str, ...], list[str], list[_Bar]]:
    """The grouping, each group's label and (value, low, high, count), from objects or a frame."""
    if isinstance(breakdown, SatisfactionBreakdown):
        metrics: list[Metric] = [report.metric(metric) for report in breakdown.reports]
        return (
            breakdown.by,
            [report.label for report in breakdown.reports],
            [
                (_nan_if_none(m.value), _nan_if_none(m.low), _nan_if_none(m.high), m.count)
                for m in metrics
            ],
        )
    if not isinstance(breakdown, pd.DataFrame):
        raise InvalidInputError(
            "breakdown", breakdown, "a SatisfactionBreakdown or a satisfaction_frame result"
        )
    value, low, high, count = (
        metric.value,
        f"{metric.value}_low",
        f"{metric.value}_high",
        f"{metric.value}_count",
    )
    if not {value, low, high, count} <= set(breakdown.columns):
        raise InvalidInputError(
            "breakdown",
            list(breakdown.columns),
            f"a satisfaction_frame result (with {value}, {low}, {high} and {count} columns)",
        )
    names = [str(n) for n in breakdown.index.names]
    labels = []
    for key in breakdown.index:
        parts = key if isinstance(key, tuple) else (key,)
        text = [
            part.date().isoformat()
            if name == "period_start" and isinstance(part, datetime)
            else ("-" if pd.isna(part) else str(part))
            for name, part in zip(names, parts, strict=True)
        ]
        labels.append(" / ".join(text))
    by = tuple(n for n in names if n not in ("group", "period_start"))
    bars = [
        (float(a), float(b), float(c), int(d))
        for a, b, c, d in zip(
            breakdown[value], breakdown[low], breakdown[high], breakdown[count], strict=True
        )
    ]
    return by, labels, bars
