""":func:`~custinteract.frames.satisfaction_frame` on a polars DataFrame, without a pandas frame.

The interactions are read and checked by
:func:`custinteract._frames_polars.normalized`, which drops identical repeats
(and nothing else: the rows it drops are the repeats the answer reports) and
codes the enum columns. Each row's rating cell (the layout of
``_counts.SCALE_OFFSET`` and ``SENTIMENT_CELL``, ratings checked against their
scale) comes from the pandas path's own table kernel, fed with those codes;
the period starts from the pandas path's own calendar on the timestamp column
alone; and the rows are counted by the pandas path's own tally, a block of
rows at a time (the blocks' counts added up as the pandas path adds its
slices'). The small table of counts then goes through the very code the
pandas path ends with (:func:`~._frames_breakdown.breakdown_of_counts`), so
the answers agree exactly; the answer is built in polars from the results
(:mod:`._frames_polars_answer`), column for column the pandas answer
converted. Grouping by customer attributes, an empty
frame, or input the fast path does not vouch for answer None: the frame then
goes the general way, which also raises any refusal with its message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, cast

import attrs
import numpy as np
import pandas as pd
import polars as pl

from .._errors import InvalidInputError
from .._frames_interop import from_pandas
from .._frames_polars import as_text, code_column, normalized
from .._tabular import ENUM_COLUMNS
from .._time import Frequency
from ._counts import CELLS
from ._frames_breakdown import _summed, breakdown_of_counts
from ._frames_counting import (
    _CELL,
    _OUTSIDE,
    _PERIOD,
    _period_codes,
    _table_cells,
    _tally,
)
from ._frames_polars_answer import breakdown_frame, trends_frame
from ._inputs import Scope, check_frequency, check_scope
from ._policy import MetricKind, SatisfactionPolicy, check_metric, check_policy
from ._results import SatisfactionBreakdown
from ._trend import trends_of
from .frames import satisfaction_to_frame, satisfaction_trends_to_frame

__all__ = ["satisfaction_frame_polars", "satisfaction_trend_frame_polars"]

_UTC = timezone.utc


def satisfaction_frame_polars(
    frame: Any,
    *,
    by: str | Sequence[str] = (),
    frequency: Frequency | None = None,
    customers: Any = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
    columns: Mapping[str, str] | None = None,
    timestamps_tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.satisfaction_frame`, or None (the general way)."""
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        scope = check_scope(
            by=by, frequency=frequency, since=since, until=until, policy=policy, tz=tz
        )
        breakdown = _breakdown(frame, scope, columns, timestamps_tz)
    except InvalidInputError:
        return None
    if breakdown is None:
        return None
    answer = breakdown_frame(breakdown, scope.tz)  # built in polars, or converted
    return from_pandas(satisfaction_to_frame(breakdown), "polars") if answer is None else answer


def satisfaction_trend_frame_polars(
    frame: Any,
    *,
    by: str | Sequence[str] = (),
    metric: MetricKind = MetricKind.CSAT,
    frequency: Frequency = Frequency.MONTH,
    customers: Any = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
    columns: Mapping[str, str] | None = None,
    timestamps_tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.satisfaction_trend_frame`, or None."""
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        kind = check_metric(metric)
        freq = check_frequency(frequency)
        scope = check_scope(by=by, frequency=freq, since=since, until=until, policy=policy, tz=tz)
        breakdown = _breakdown(frame, scope, columns, timestamps_tz)
        if breakdown is None:
            return None
        trends = trends_of(breakdown, kind, check_policy(policy))
    except InvalidInputError:
        return None
    answer = trends_frame(trends, scope.tz)  # built in polars, or converted
    return from_pandas(satisfaction_trends_to_frame(trends), "polars") if answer is None else answer


def _breakdown(
    frame: pl.DataFrame,
    scope: Scope,
    columns: Mapping[str, str] | None,
    timestamps_tz: tzinfo | str | None,
) -> SatisfactionBreakdown | None:
    if scope.segments:  # customer attributes: the general way
        return None
    df = normalized(frame, columns, tz=timestamps_tz, tz_name="timestamps_tz")
    if df is None or not df.height:
        return None
    keys: list[tuple[str, np.ndarray, Any]] = []
    for name in scope.by:
        if name in ENUM_COLUMNS:  # coded while checked
            keys.append((name, *_enum_codes(df, name)))
            continue
        text = as_text(df[name])
        if text is None:  # keys of another type: the general way keeps them as they are
            return None
        keys.append((name, *_factorised(text)))
    rows = _rows(df, scope)
    if rows is None:
        return None
    if scope.frequency is not None and rows.days is None:  # a zone of changing offsets:
        rows.days = _local_days(df["timestamp"], scope.tz)  # its wall times as pandas reads them
    counts = []
    for start in range(0, df.height, _BLOCK_ROWS):  # small arrays, whatever the frame's size
        block = slice(start, start + _BLOCK_ROWS)
        cells = rows.cells(block)
        if cells is None:
            return None
        counted = [(name, codes[block], labels) for name, codes, labels in keys]
        if rows.days is not None:
            counted.append(
                (_PERIOD, *_period_codes(rows.days[block], cast(Frequency, scope.frequency)))
            )
        counted.append((_CELL, cells - _OUTSIDE, np.arange(_OUTSIDE, CELLS)))
        counts.append(_tally(counted))
    totals = counts[0] if len(counts) == 1 else _summed(pd.concat(counts, ignore_index=True), scope)
    # the reader drops identical repeats and nothing else: the object path's repeats
    return breakdown_of_counts(totals, scope, repeats=frame.height - df.height)


_BLOCK_ROWS = 1 << 20
"""Rows counted at once: the arrays of a count are those of a block this long."""


def _enum_codes(df: pl.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """An enum column's codes (missing: the last) and its values (then None), as for ``_tally``."""
    values = [member.value for member in ENUM_COLUMNS[name]]
    labels = np.array([*values, None], dtype=object)
    codes = df[code_column(name)].fill_null(len(values)).to_numpy()  # small: the tally widens
    return codes, labels


def _factorised(text: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a text key column and its distinct values (missing as None, last).

    As the pandas path's ``_factorised``: only the distinct values become Python objects.
    """
    distinct = text.drop_nulls().unique()
    labels = np.empty(len(distinct) + 1, dtype=object)
    labels[: len(distinct)] = distinct.to_list()
    labels[len(distinct)] = None
    codes = text.cast(pl.Enum(distinct)).to_physical().fill_null(len(distinct))
    return codes.to_numpy().astype(np.int64), labels


_US_PER_DAY = 86_400 * 10**6


def _day(zone: tzinfo) -> pl.Expr | None:
    """Each timestamp's day on the calendar of a fixed-offset ``zone`` (Int32), else None."""
    if not isinstance(zone, timezone):
        return None
    shift = zone.utcoffset(None) // timedelta(microseconds=1)
    return ((pl.col("timestamp").dt.epoch("us") + shift) // _US_PER_DAY).cast(pl.Int32)


def _local_days(stamps: pl.Series, zone: tzinfo) -> np.ndarray:
    """Each timestamp's day on the calendar of ``zone``, as days since 1970-01-01.

    Another zone's wall times than a fixed offset's (:func:`_day`) come from
    pandas on this one column, as the pandas path reads them.
    """
    local = stamps.to_pandas().dt.tz_convert(zone).dt.tz_localize(None)
    micros = local.to_numpy(dtype="datetime64[us]").astype(np.int64)
    return np.asarray(micros // _US_PER_DAY)


def _inside(scope: Scope) -> pl.Expr | None:
    """True for the rows inside the range (None when there is no range)."""
    if scope.since is None and scope.until is None:
        return None
    stamps = pl.col("timestamp")
    inside = pl.lit(True)
    if scope.since is not None:
        inside = inside & (stamps >= scope.since.astimezone(_UTC))
    if scope.until is not None:
        inside = inside & (stamps < scope.until.astimezone(_UTC))
    return inside


@attrs.define
class _Rows:
    """The columns a count reads, one value per row: rating codes, values, range and local day."""

    scales: np.ndarray
    moods: np.ndarray
    numbers: np.ndarray
    inside: np.ndarray | None
    days: np.ndarray | None

    def cells(self, rows: slice) -> np.ndarray | None:
        """The cells of ``rows`` (``_OUTSIDE`` out of the range), or None for a refused rating.

        From the pandas path's own kernel (:func:`~._frames_counting._table_cells`): the
        cells of ``_counts.SCALE_OFFSET`` and ``SENTIMENT_CELL``, ratings checked on their scale.
        """
        cells = _table_cells(self.scales[rows], self.numbers[rows], self.moods[rows])
        if cells is not None and self.inside is not None:
            cells[~self.inside[rows]] = _OUTSIDE
        return cells


def _rows(df: pl.DataFrame, scope: Scope) -> _Rows | None:
    """The columns a count reads; None for a rating the fast path does not vouch for.

    The enum codes the reader found, the rating values, the range and, on a
    fixed-offset calendar with a frequency, each row's local day (days since
    1970-01-01), taken from polars in one ``select`` (its columns made side
    by side, 8-bit codes and 32-bit days).
    """
    scale = pl.col(code_column("rating_scale"))
    column = df["rating_value"]
    if df.select((pl.col("rating_value").is_not_null() & scale.is_null()).any()).item():
        return None  # a value without a scale (a scale without a value was cleared)
    value = pl.col("rating_value")
    if not column.dtype.is_float():
        value = value.cast(pl.Int64)
    day = _day(scope.tz) if scope.frequency is not None else None
    inside = _inside(scope)
    codes = df.select(
        scale.cast(pl.Int8).fill_null(-1).alias("scale"),
        pl.col(code_column("sentiment")).cast(pl.Int8).fill_null(-1).alias("mood"),
        value.fill_null(0),
        *([] if day is None else [day.alias("day")]),
        *([] if inside is None else [inside.alias("inside")]),
    )
    number = codes["rating_value"].to_numpy()
    scales = codes["scale"].to_numpy()
    if number.dtype.kind == "f":
        if ((scales >= 0) & (number != np.round(number))).any():
            return None
        number = number.astype(np.int64)  # whole numbers (or off every scale: refused below)
    return _Rows(
        scales=scales,
        moods=codes["mood"].to_numpy(),
        numbers=number,
        inside=None if inside is None else codes["inside"].to_numpy(),
        days=None if day is None else codes["day"].to_numpy(),
    )
