"""The polars answers of the satisfaction frames, built from the results without a pandas frame.

:func:`breakdown_frame` is ``from_pandas(satisfaction_to_frame(breakdown),
"polars")`` and :func:`trends_frame` the same of
:func:`~.frames.satisfaction_trends_to_frame`, column for column: the same
names, order and values (text keys as ``String``, periods as ``Datetime`` in
the calendar's zone, counts as ``Int64``, figures as ``Float64`` with null
where pandas has NaN, the reason codes as ``List(String)``, their meanings
worded by the pandas path's own :func:`~custinteract._frames_results.with_why`).
The numbers come from the pandas path's own column readers. Where the
layout is not written here (no rows, a calendar zone other than UTC or a
named zone), they answer None and the caller converts the pandas answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl

from .._frames_results import with_why
from ._explain import REASON_CODES
from ._frames_counting import _PERIOD
from ._results import SatisfactionBreakdown, SatisfactionTrend
from .frames import _report_numbers, _trend_numbers

__all__ = ["breakdown_frame", "trends_frame"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _zone_name(zone: tzinfo) -> str | None:
    """The polars name of a calendar zone as pandas gives it (None where not written here)."""
    if zone is timezone.utc:
        return "UTC"
    if isinstance(zone, ZoneInfo):
        return zone.key
    return None


def _moments(name: str, values: Sequence[datetime | None], zone: str) -> pl.Series:
    """Aware datetimes as a polars ``Datetime`` column in microseconds, in ``zone``."""
    micros = [None if value is None else (value - _EPOCH) // _MICROSECOND for value in values]
    utc: pl.Series = pl.Series(name, micros, dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))
    if zone != "UTC":
        utc = utc.dt.convert_time_zone(zone)
    return utc


_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=timezone.utc) - _EPOCH


def _texts(name: str, values: Sequence[Any]) -> pl.Series | None:
    """Keys (texts or None) as a ``String`` column; None when one is not a text, or none is."""
    if not all(value is None or isinstance(value, str) for value in values) or all(
        value is None for value in values
    ):
        return None
    return pl.Series(name, values, dtype=pl.String)


def _explained(columns: list[pl.Series], codes: list[tuple[str, ...]]) -> pl.DataFrame:
    """``columns``, then ``explanation`` (the reason codes) and ``why`` (their meanings)."""
    why = with_why(
        pd.DataFrame({"explanation": pd.Series(codes, dtype=object)}), "explanation", REASON_CODES
    )
    return pl.DataFrame(
        [
            *columns,
            pl.Series("explanation", [list(row) for row in codes], dtype=pl.List(pl.String)),
            pl.Series("why", why["why"].tolist(), dtype=pl.String),
        ]
    )


def _numbers(columns: dict[str, np.ndarray[Any, Any]]) -> list[pl.Series]:
    """Number columns as polars: integers as they are, floats with null for NaN (as ``pl.from_pandas``)."""
    return [pl.Series(name, values, nan_to_null=True) for name, values in columns.items()]


def breakdown_frame(breakdown: SatisfactionBreakdown, tz: tzinfo) -> pl.DataFrame | None:
    """``satisfaction_to_frame(breakdown)`` as polars, its index first; None where not written here.

    ``tz`` is the calendar's zone, that of the period starts and ends.
    """
    reports = breakdown.reports
    zone = _zone_name(tz)
    if not reports or zone is None:
        return None
    columns: list[pl.Series] = []
    for position, name in enumerate(breakdown.by):
        keys = _texts(name, [report.key[position] for report in reports])
        if keys is None:
            return None
        columns.append(keys)
    if breakdown.frequency is not None:
        columns.append(_moments(_PERIOD, [report.period_start for report in reports], zone))
        columns.append(_moments("period_end", [report.period_end for report in reports], zone))
    elif not breakdown.by:
        columns.append(pl.Series("group", ["all"] * len(reports), dtype=pl.String))
    columns.extend(_numbers(_report_numbers(reports)))
    codes = [tuple(reason.code for reason in report.explanation) for report in reports]
    return _explained(columns, codes)


def trends_frame(trends: Sequence[SatisfactionTrend], tz: tzinfo) -> pl.DataFrame | None:
    """``satisfaction_trends_to_frame(trends)`` as polars, its index first; None where not written here.

    ``tz`` is the calendar's zone, that of the period starts and ends.
    """
    points = [(trend, point) for trend in trends for point in trend.points]
    zone = _zone_name(tz)
    if not points or zone is None:
        return None
    columns: list[pl.Series] = []
    for position, name in enumerate(trends[0].by):
        keys = _texts(name, [trend.key[position] for trend, _ in points])
        if keys is None:
            return None
        columns.append(keys)
    columns.append(_moments(_PERIOD, [point.period_start for _, point in points], zone))
    columns.append(_moments("period_end", [point.period_end for _, point in points], zone))
    numbers = _numbers(_trend_numbers(points))
    directions = [None if point.direction is None else point.direction.value for _, point in points]
    trend = pl.Series("trend", directions, dtype=pl.String)
    columns.extend([*numbers[:4], trend, *numbers[4:]])  # value, low, high, count; change, p_value
    codes = [tuple(reason.code for reason in point.explanation) for _, point in points]
    return _explained(columns, codes)
