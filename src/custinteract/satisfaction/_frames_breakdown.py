"""The satisfaction frames' count: an interactions frame (pandas or Dask) to a breakdown.

The frame is reduced, partition by partition, to the engine's sufficient
statistics: how many rows fall in each (group, period, rating cell), plus the
identical repeats the reading dropped. Counts add up, so Dask partitions are
counted separately and summed; :func:`breakdown_of_counts` then turns the
small table of counts into the breakdown through the very same code as
:func:`custinteract.satisfaction_by`. The public functions of
:mod:`.frames` and the polars path (which feeds its own codes to
:func:`breakdown_of_counts`) call these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone, tzinfo
from typing import Any, cast

import numpy as np
import pandas as pd

from .._columns import factorize_text, ids_as_text
from .._errors import InvalidInputError
from .._frames_parallel import OneThread
from .._tabular import normalize_with_repeats
from .._time import Frequency
from ._counts import CELLS, SatisfactionCounts, counts_from_cells
from ._engine import Cell, breakdown_from_counts
from ._frames_counting import (
    _CELL,
    _N,
    _OUTSIDE,
    _PERIOD,
    _REPEATS,
    _as_keys,
    _cells,
    _factorised,
    _labelled,
    _local_days,
    _period_codes,
    _tally,
)
from ._inputs import CUSTOMER_PREFIX, Scope, check_scope
from ._policy import SatisfactionPolicy
from ._results import SatisfactionBreakdown

__all__ = ["breakdown_of_counts"]

_UTC = timezone.utc
_SLICE_ROWS = 1 << 20
"""Rows counted at once: the row arrays of a count are those of a slice this long."""
_DENSE_FROM = 1 << 62
"""Key combinations from which the groups of a count are renumbered densely, key by key."""


def _is_dask(frame: Any) -> bool:
    if isinstance(frame, pd.DataFrame):
        return False
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        return False
    return isinstance(frame, dd.DataFrame)


def _segments(customers: pd.DataFrame | None, scope: Scope) -> pd.DataFrame | None:
    """The customer attributes grouped by, indexed by customer id (None when there are none)."""
    wanted = scope.segments
    if not wanted:
        return None
    if customers is None:
        raise InvalidInputError(
            "customers", None, f"a customers frame, to group by {list(scope.by)}"
        )
    if not isinstance(customers, pd.DataFrame):
        raise InvalidInputError("customers", type(customers).__name__, "a pandas DataFrame")
    id_column = "customer_id" if "customer_id" in customers.columns else "id"
    if id_column not in customers.columns:
        raise InvalidInputError(
            "customers", list(customers.columns), "a 'customer_id' or 'id' column"
        )
    ids = ids_as_text(customers[id_column])  # integer ids, as the interactions frame reads them
    repeated = ids.duplicated().to_numpy()
    if repeated.any():
        row = int(np.argmax(repeated))
        raise InvalidInputError(
            f"customers.{id_column}[{row}]", ids.iloc[row], "unique customer ids"
        )
    table = pd.DataFrame(index=pd.Index(ids.astype(object), name="customer_id"))
    for attribute in wanted:
        column = (
            customers[attribute]
            if attribute in customers.columns
            else pd.Series(None, index=customers.index)
        )
        table[CUSTOMER_PREFIX + attribute] = _as_keys(column).to_numpy()
    return cast(pd.DataFrame, table)


def _keys(scope: Scope) -> list[str]:
    """The columns a count is keyed by: the groups, then the period when there is one."""
    return [*scope.by, *([_PERIOD] if scope.frequency is not None else [])]


def _empty_counts(scope: Scope, repeats: int = 0) -> pd.DataFrame:
    """Long counts without rows; with ``repeats``, the one row that counts the identical repeats."""
    rows = 1 if repeats else 0
    columns: dict[str, pd.Series] = {
        name: pd.Series([None] * rows, dtype=object) for name in scope.by
    }
    if scope.frequency is not None:
        columns[_PERIOD] = pd.Series([None] * rows, dtype="datetime64[us]")
    columns[_CELL] = pd.Series([_REPEATS] * rows, dtype="int64")
    columns[_N] = pd.Series([repeats] * rows, dtype="int64")
    return cast(pd.DataFrame, pd.DataFrame(columns))


def _customer_rows(
    frame: pd.DataFrame, name: str, segments: pd.DataFrame | None
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each row's customer as a code, and each code's row in ``segments``; an unknown customer raises.

    The customer ids are factorised once, so each distinct id is looked up
    in the customers once; ``name`` is the ``"customer.<attribute>"`` group
    that needs them (named in the error).
    """
    if segments is None:  # pragma: no cover - built whenever customer.* is asked for
        raise InvalidInputError("customers", None, f"a customers frame, for {name!r}")
    codes, ids = factorize_text(frame["customer_id"].array)
    where = segments.index.get_indexer(pd.Index(ids, dtype=object))
    unknown = where < 0
    if unknown.any():
        row = frame.index[int(np.argmax(unknown[codes]))]
        raise InvalidInputError(
            f"customer_id[{row!r}]",
            frame.at[row, "customer_id"],
            f"a customer id present in customers (needed to group by {name!r})",
        )
    return codes, where


def _segment_factorised(
    customers: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]], attribute: pd.Series
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Codes and values of a customer attribute, as :func:`_factorised` gives them for a column.

    ``customers`` is :func:`_customer_rows`; ``attribute`` a column of the
    customers table: it is read once per distinct customer, not once per row.
    """
    codes, where = customers
    return _labelled(*factorize_text(attribute.to_numpy(dtype=object)[where]), rows=codes)


def _partition_counts(
    part: pd.DataFrame,
    *,
    scope: Scope,
    segments: pd.DataFrame | None,
    columns: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Long counts of one partition: group keys, period, cell (-1 = outside the range), n.

    The partition is normalised (and its ids checked) as a whole, then
    counted in slices of :data:`_SLICE_ROWS` rows, whose counts add up: the
    arrays of the count are those of one slice, whatever the partition's
    size. When a slice is refused, the whole partition is checked at once,
    so that the error is the one its checks meet first, as without slices.
    """
    if len(part) == 0:
        return _empty_counts(scope)
    frame, repeated = normalize_with_repeats(part, columns)
    if len(frame) <= _SLICE_ROWS:
        counts = [_row_counts(frame, scope, segments)]
    else:
        refused: InvalidInputError | None = None
        try:
            counts = [
                _row_counts(frame.iloc[start : start + _SLICE_ROWS], scope, segments)
                for start in range(0, len(frame), _SLICE_ROWS)
            ]
        except InvalidInputError as error:
            refused = error
        if refused is not None:
            _row_counts(frame, scope, segments)  # raises the partition's first error
            raise refused  # pragma: no cover - the whole refuses what a slice refused
        counts = [_summed(pd.concat(counts, ignore_index=True), scope)]
    if len(repeated):  # counted once: the object path's repeats, in a row of their own
        counts.append(_empty_counts(scope, len(repeated)))
    return counts[0] if len(counts) == 1 else pd.concat(counts, ignore_index=True)


def _summed(counted: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Long counts with one row per key and cell: the rows of the same key and cell added up."""
    keys = _keys(scope)
    if keys:
        return counted.groupby([*keys, _CELL], dropna=False, sort=False)[_N].sum().reset_index()
    return counted.groupby(_CELL)[_N].sum().reset_index()


def _row_counts(frame: pd.DataFrame, scope: Scope, segments: pd.DataFrame | None) -> pd.DataFrame:
    """Long counts of normalised rows (see :func:`_partition_counts`)."""
    stamps = frame["timestamp"]
    cells = _cells(frame)
    if scope.since is not None or scope.until is not None:
        moments = stamps.array
        outside = np.zeros(len(frame), dtype=bool)
        if scope.since is not None:
            outside |= np.asarray(moments < pd.Timestamp(scope.since), dtype=bool)
        if scope.until is not None:
            outside |= np.asarray(moments >= pd.Timestamp(scope.until), dtype=bool)
        cells[outside] = _OUTSIDE
    keys: list[tuple[str, np.ndarray[Any, Any], Any]] = []
    customers = None
    for name in scope.by:
        if not name.startswith(CUSTOMER_PREFIX):
            keys.append((name, *_factorised(frame[name])))
            continue
        if customers is None:
            customers = _customer_rows(frame, name, segments)
        keys.append((name, *_segment_factorised(customers, cast(pd.DataFrame, segments)[name])))
    if scope.frequency is not None:
        days = _local_days(stamps, scope.tz)
        keys.append((_PERIOD, *_period_codes(days, scope.frequency)))
        del days
    cells -= _OUTSIDE  # codes from 0: the cell -1 (outside the range) first
    keys.append((_CELL, cells, np.arange(_OUTSIDE, CELLS)))
    return _tally(keys)


def _count_frame(
    frame: Any, scope: Scope, customers: pd.DataFrame | None, columns: Mapping[str, str] | None
) -> pd.DataFrame:
    """Long counts of a whole pandas or Dask frame, one row per key and cell (Dask: per partition, then summed)."""
    options: dict[str, Any] = {
        "scope": scope,
        "segments": _segments(customers, scope),
        "columns": columns,
    }
    if isinstance(frame, pd.DataFrame):
        return _partition_counts(frame, **options)
    if not _is_dask(frame):
        raise InvalidInputError("frame", type(frame).__name__, "a pandas or Dask DataFrame")
    # Every row of an id in one partition, so that ids are checked over the whole
    # frame as pandas checks them: a replay counted once, another interaction refused.
    id_column = dict(columns or {}).get("id", "id")
    if id_column not in frame.columns:
        raise InvalidInputError("frame", list(frame.columns), f"a column named {id_column!r}")
    meta = _partition_counts(frame._meta, **options)
    by_id = frame.shuffle(on=id_column)
    # each partition's checks on its task's thread: Dask runs a task per worker thread already
    count = OneThread(_partition_counts)
    counted: pd.DataFrame = by_id.map_partitions(count, **options, meta=meta).compute()
    return _summed(counted, scope)  # the partitions' counts of one key, added up


def _breakdown_from_frame(
    frame: Any,
    *,
    by: str | Sequence[str],
    frequency: Frequency | None,
    customers: pd.DataFrame | None,
    since: datetime | None,
    until: datetime | None,
    policy: SatisfactionPolicy | None,
    tz: tzinfo,
    columns: Mapping[str, str] | None,
) -> SatisfactionBreakdown:
    scope = check_scope(by=by, frequency=frequency, since=since, until=until, policy=policy, tz=tz)
    return breakdown_of_counts(_count_frame(frame, scope, customers, columns), scope)


def breakdown_of_counts(
    totals: pd.DataFrame, scope: Scope, *, repeats: int = 0
) -> SatisfactionBreakdown:
    """The breakdown of long counts with one row per key and cell (as :func:`_tally` gives).

    Columns: the group keys, the period, the cell (-1 = outside the range,
    -2 = identical repeats ignored, keys missing) and ``n``; ``repeats`` more
    repeats, counted elsewhere.
    """
    cell = totals[_CELL].to_numpy()
    n = totals[_N].to_numpy()
    outside = int(n[cell == _OUTSIDE].sum())
    repeats += int(n[cell == _REPEATS].sum())
    counted = cell >= 0
    # each (group, period) once: its rows' cells added up in one histogram of the cells
    parts = [_distinct_keys(totals[name], counted) for name in scope.by]
    if scope.frequency is not None:
        parts.append(_distinct_periods(totals[_PERIOD], counted, scope.tz))
    combined, size = np.zeros(int(counted.sum()), dtype=np.int64), 1
    for codes, values in parts:
        if size * len(values) >= _DENSE_FROM:  # too many combinations for one integer: made dense
            combined = np.unique(combined, return_inverse=True)[1].reshape(-1)
            size = int(combined.max()) + 1
        combined *= len(values)
        combined += codes
        size *= len(values)
    _, first, group = np.unique(combined, return_index=True, return_inverse=True)
    histograms = np.bincount(
        group.reshape(-1) * CELLS + cell[counted], weights=n[counted], minlength=len(first) * CELLS
    )
    labels = [[values[code] for code in codes[first].tolist()] for codes, values in parts]
    if scope.frequency is None:
        labels.append([None] * len(first))
    periods = labels.pop()
    keys = list(zip(*labels, strict=True)) if labels else [()] * len(first)
    cells: dict[Cell, SatisfactionCounts] = {
        (key, period): counts_from_cells(histogram)
        for key, period, histogram in zip(
            keys, periods, histograms.reshape(-1, CELLS).astype(np.int64).tolist(), strict=True
        )
    }
    return breakdown_from_counts(cells, scope, repeats=repeats, outside=outside)


def _distinct_keys(
    values: pd.Series, rows: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], list[Any]]:
    """Codes of a key column's ``rows`` and the distinct keys they index (missing as None)."""
    codes, distinct = pd.factorize(values[rows], use_na_sentinel=False)
    return codes, _as_keys(pd.Series(distinct, dtype=object)).tolist()


def _distinct_periods(
    starts: pd.Series, rows: np.ndarray[Any, Any], zone: tzinfo
) -> tuple[np.ndarray[Any, Any], list[Any]]:
    """Codes of the period starts of ``rows`` and each distinct start as an aware midnight in ``zone``."""
    codes, distinct = pd.factorize(starts[rows])
    return codes, [datetime(stamp.year, stamp.month, stamp.day, tzinfo=zone) for stamp in distinct]
