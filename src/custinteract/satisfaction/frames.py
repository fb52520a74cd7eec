"""Satisfaction over an interactions DataFrame (pandas or Dask), equal to the object path.

The frame is reduced, partition by partition, to the engine's sufficient
statistics: how many rows fall in each (group, period, rating cell), where
the 26 cells are the 5 CSAT values, the 11 NPS values, the 7 CES values and
the 3 sentiments of unrated rows. Counts add up, so Dask partitions are
counted separately and summed; the small table of counts then goes through
the very same code as :func:`custinteract.satisfaction_by`, which is why the
two paths agree exactly.

The count (:mod:`._frames_breakdown`) works on factorised integer codes in
whole-column NumPy passes, slice by slice of rows, with the kernels of
:mod:`._frames_counting` (which the polars path feeds with its own codes);
this module holds the public functions and the breakdown's frames.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any, cast

import numpy as np
import pandas as pd

from .._columns import localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import with_why
from .._time import Frequency
from ._explain import REASON_CODES
from ._frames_breakdown import _UTC, _breakdown_from_frame
from ._frames_counting import (
    _PERIOD,
    _as_keys,
)
from ._inputs import check_frequency
from ._policy import MetricKind, SatisfactionPolicy, check_metric, check_policy
from ._results import SatisfactionBreakdown, SatisfactionReport, SatisfactionTrend, TrendPoint
from ._trend import trends_of

__all__ = [
    "satisfaction_frame",
    "satisfaction_to_frame",
    "satisfaction_trend_frame",
    "satisfaction_trends_to_frame",
]


def satisfaction_to_frame(breakdown: SatisfactionBreakdown) -> pd.DataFrame:
    """A :class:`~custinteract.SatisfactionBreakdown` as a DataFrame, one row per report.

    The index is the ``by`` fields, then ``period_start`` when the breakdown
    has a frequency (a single row labelled ``"all"`` when it has neither).
    Columns: ``period_end`` (with a frequency), ``interactions``, then for
    each :class:`~custinteract.MetricKind` ``k``: ``k``, ``k_low``, ``k_high``
    and ``k_count`` (values NaN where the metric is empty), and
    ``explanation``, the tuple of reason codes of each row, and ``why``, their
    meanings (from :data:`~custinteract.SATISFACTION_REASON_CODES`) joined by ``"; "``.
    ``attrs["explanation"]`` keeps the breakdown's own explanation: what was
    counted, the identical repeats counted once and the interactions outside
    the range (a polars or Arrow answer has no ``attrs``).

    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_to_frame
    >>> table = ci.satisfaction_by([], frequency=ci.Frequency.MONTH)
    >>> satisfaction_to_frame(table).empty
    True
    """
    if not isinstance(breakdown, SatisfactionBreakdown):
        raise InvalidInputError("breakdown", breakdown, "a SatisfactionBreakdown")
    index = [*breakdown.by, *([_PERIOD] if breakdown.frequency is not None else [])]
    columns = [
        *index,
        *(["period_end"] if breakdown.frequency is not None else []),
        "interactions",
        *(column for kind in MetricKind for column in _metric_columns(kind)),
        "explanation",
    ]
    labels = [*index, *(["period_end"] if breakdown.frequency is not None else []), "explanation"]
    rows = [_report_labels(breakdown, report) for report in breakdown.reports]
    texts = pd.DataFrame(rows, columns=labels)
    for name in breakdown.by:
        texts[name] = _as_keys(texts[name])
    numbers = _report_numbers(breakdown.reports)
    out = pd.DataFrame({name: texts[name] if name in labels else numbers[name] for name in columns})
    out = with_why(out, "explanation", REASON_CODES)
    if not index:
        out.index = pd.Index(["all"] * len(out), name="group")
    else:
        out = out.set_index(index)
    out.attrs["explanation"] = breakdown.explanation  # what was counted, and what left out
    return cast(pd.DataFrame, out)


def _metric_columns(kind: MetricKind) -> tuple[str, str, str, str]:
    """The columns of one metric: value, interval low and high, count."""
    return kind.value, f"{kind.value}_low", f"{kind.value}_high", f"{kind.value}_count"


_METRIC_COLUMNS = {kind: _metric_columns(kind) for kind in MetricKind}


def _report_labels(breakdown: SatisfactionBreakdown, report: SatisfactionReport) -> dict[str, Any]:
    """The columns of a report that are not numbers: its key, period and reason codes."""
    row: dict[str, Any] = dict(zip(breakdown.by, report.key, strict=True))
    if breakdown.frequency is not None:
        row[_PERIOD] = report.period_start
        row["period_end"] = report.period_end
    row["explanation"] = tuple(reason.code for reason in report.explanation)
    return row


def _report_numbers(reports: Sequence[SatisfactionReport]) -> dict[str, np.ndarray[Any, Any]]:
    """The number columns of the reports, column by column: counts as int64, the rest float64 (NaN for None)."""
    columns: dict[str, list[Any]] = {
        "interactions": [report.counts.interactions for report in reports]
    }
    for names in _METRIC_COLUMNS.values():
        for name in names:
            columns[name] = []
    for report in reports:
        for metric in report.metrics:
            value, low, high, count = _METRIC_COLUMNS[metric.kind]
            columns[value].append(metric.value)
            columns[low].append(metric.low)
            columns[high].append(metric.high)
            columns[count].append(metric.count)
    integers = {"interactions", *(names[3] for names in _METRIC_COLUMNS.values())}
    return {
        name: np.array(items, dtype=np.int64 if name in integers else np.float64)
        for name, items in columns.items()
    }


def _on_polars() -> Any:
    from ._frames_polars import satisfaction_frame_polars

    return satisfaction_frame_polars


@same_kind_out("frame", "customers", polars=_on_polars)
def satisfaction_frame(
    frame: Any,
    *,
    by: str | Sequence[str] = (),
    frequency: Frequency | None = None,
    customers: pd.DataFrame | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
    columns: Mapping[str, str] | None = None,
    timestamps_tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """:func:`custinteract.satisfaction_by` over an interactions DataFrame, as a DataFrame.

    ``frame`` has the :data:`~custinteract.frames.INTERACTION_COLUMNS`
    (``columns`` maps ours to yours). ``customers``, needed for
    ``"customer.<attribute>"`` groups, is a frame with a ``customer_id`` (or
    ``id``) column and one column per attribute. The result is
    :func:`satisfaction_to_frame` of exactly the breakdown the object path
    gives: a row equal in every column to an earlier one is a repeat of the
    same interaction, counted once and said in ``attrs["explanation"]``
    (``satisfaction.repeats_ignored``); another interaction under a used id
    is refused.

    A Dask DataFrame is first shuffled by interaction id, so that ids are
    checked over the whole frame exactly as in pandas (an identical replay
    in another partition is counted once, another interaction under a used
    id is refused); it is then counted partition by partition (counts are
    mergeable), the partial counts summed, and the small result returned as
    a pandas DataFrame.

    ``timestamps_tz`` is the zone naive timestamps were recorded in (what
    ``tz=`` is to the other frame functions; here ``tz`` is the calendar's
    zone): it localizes them as :func:`~custinteract.frames.normalize_interactions`
    does, and leaves aware ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2", "i3"], "customer_id": ["c1", "c2", "c3"],
    ...     "timestamp": pd.to_datetime(["2026-01-05T10:00Z", "2026-01-20T10:00Z",
    ...                                  "2026-03-02T10:00Z"]),
    ...     "sentiment": ["positive", "negative", "positive"],
    ...     "channel": ["phone", "chat", "phone"],
    ...     "rating_value": [5, 2, 4], "rating_scale": ["csat", "csat", "csat"]})
    >>> out = satisfaction_frame(df, by="channel", frequency=ci.Frequency.MONTH)
    >>> out["csat"].round(2).tolist()
    [0.0, nan, nan, 1.0, nan, 1.0]
    >>> out.index.names
    FrozenList(['channel', 'period_start'])
    """
    frame = localized(frame, columns, timestamps_tz, "timestamps_tz")
    breakdown = _breakdown_from_frame(
        frame,
        by=by,
        frequency=frequency,
        customers=customers,
        since=since,
        until=until,
        policy=policy,
        tz=tz,
        columns=columns,
    )
    return satisfaction_to_frame(breakdown)


def satisfaction_trends_to_frame(trends: Sequence[SatisfactionTrend]) -> pd.DataFrame:
    """Satisfaction trends as one DataFrame, one row per group and period.

    Indexed by the trends' ``by`` fields (if any) and ``period_start``;
    columns ``period_end``, ``value``, ``low``, ``high``, ``count``,
    ``trend`` (``"up"``, ``"down"``, ``"same"`` or None), ``change``,
    ``p_value`` (NaN where there is none), ``explanation`` (reason codes) and
    ``why`` (their meanings, joined by ``"; "``).
    ``attrs`` keeps the ``metric`` and ``frequency`` (for
    :func:`~custinteract.plotting.plot_satisfaction_trend`) and the trends'
    ``explanation`` (what was counted and what was left out).

    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_trends_to_frame
    >>> satisfaction_trends_to_frame([ci.satisfaction_trend([])]).empty
    True
    """
    if isinstance(trends, SatisfactionTrend) or not all(
        isinstance(trend, SatisfactionTrend) for trend in trends
    ):
        raise InvalidInputError("trends", trends, "a sequence of SatisfactionTrend values")
    by = trends[0].by if trends else ()
    points = [(trend, point) for trend in trends for point in trend.points]
    labels = [*by, _PERIOD, "period_end", "trend", "explanation"]
    rows = [
        {
            **dict(zip(by, trend.key, strict=True)),
            _PERIOD: point.period_start,
            "period_end": point.period_end,
            "trend": None if point.direction is None else point.direction.value,
            "explanation": tuple(reason.code for reason in point.explanation),
        }
        for trend, point in points
    ]
    texts = pd.DataFrame(rows, columns=labels)
    for name in (*by, "trend"):
        texts[name] = _as_keys(texts[name])
    numbers = _trend_numbers(points)
    columns_out = [
        *by,
        _PERIOD,
        "period_end",
        "value",
        "low",
        "high",
        "count",
        "trend",
        "change",
        "p_value",
        "explanation",
    ]
    out = pd.DataFrame(
        {name: texts[name] if name in labels else numbers[name] for name in columns_out}
    )
    out = with_why(out, "explanation", REASON_CODES).set_index([*by, _PERIOD])
    if trends:  # for plot_satisfaction_trend, and what was counted and left out
        out.attrs.update(
            metric=trends[0].metric,
            frequency=trends[0].frequency,
            explanation=trends[0].explanation,
        )
    return cast(pd.DataFrame, out)


def _trend_numbers(
    points: Sequence[tuple[SatisfactionTrend, TrendPoint]],
) -> dict[str, np.ndarray[Any, Any]]:
    """The number columns of trend points, in order: value, low, high, count, change, p_value."""
    metrics = [point.metric for _, point in points]
    return {
        "value": np.array([metric.value for metric in metrics], dtype=np.float64),
        "low": np.array([metric.low for metric in metrics], dtype=np.float64),
        "high": np.array([metric.high for metric in metrics], dtype=np.float64),
        "count": np.array([metric.count for metric in metrics], dtype=np.int64),
        "change": np.array([point.change for _, point in points], dtype=np.float64),
        "p_value": np.array([point.p_value for _, point in points], dtype=np.float64),
    }


def _trend_on_polars() -> Any:
    from ._frames_polars import satisfaction_trend_frame_polars

    return satisfaction_trend_frame_polars


@same_kind_out("frame", "customers", polars=_trend_on_polars)
def satisfaction_trend_frame(
    frame: Any,
    *,
    by: str | Sequence[str] = (),
    metric: MetricKind = MetricKind.CSAT,
    frequency: Frequency = Frequency.MONTH,
    customers: pd.DataFrame | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
    columns: Mapping[str, str] | None = None,
    timestamps_tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """:func:`custinteract.satisfaction_trend` (or, with ``by``, ``satisfaction_trends``) over a frame.

    The layout is that of :func:`satisfaction_trends_to_frame`; ``frame``, ``customers``
    and ``columns`` are as for :func:`satisfaction_frame` (pandas or Dask).

    ``timestamps_tz`` is the zone naive timestamps were recorded in (what
    ``tz=`` is to the other frame functions; here ``tz`` is the calendar's
    zone): it localizes them as :func:`~custinteract.frames.normalize_interactions`
    does, and leaves aware ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_trend_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2"], "customer_id": ["c1", "c2"],
    ...     "timestamp": pd.to_datetime(["2026-01-05T10:00Z", "2026-02-20T10:00Z"]),
    ...     "sentiment": ["positive", "negative"]})
    >>> trend = satisfaction_trend_frame(df, metric=ci.MetricKind.SENTIMENT_POSITIVE)
    >>> trend[["value", "count", "trend"]].to_dict("list")
    {'value': [1.0, 0.0], 'count': [1, 1], 'trend': [None, 'same']}
    """
    frame = localized(frame, columns, timestamps_tz, "timestamps_tz")
    kind = check_metric(metric)
    freq = check_frequency(frequency)
    breakdown = _breakdown_from_frame(
        frame,
        by=by,
        frequency=freq,
        customers=customers,
        since=since,
        until=until,
        policy=policy,
        tz=tz,
        columns=columns,
    )
    return satisfaction_trends_to_frame(trends_of(breakdown, kind, check_policy(policy)))
