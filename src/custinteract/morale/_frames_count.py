"""The interactions each member handled in the window, and the negative ones, counted in columns.

The morale frames count a base's interactions per member with one pass of
integer keys: the window is compared on integer ticks, each row finds its
member by :func:`~custinteract.morale._frames_staff.member_positions`, the
negative rows are told by the sentiment's codes read from the Arrow buffers
(:func:`~custinteract._frames_arrow.checked_text_codes`, the column being
checked already), and one ``bincount`` counts both, a block of rows at a time.
A Dask frame is counted per staff key through
:func:`~custinteract.frames.apply_by_key`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from .._columns import arrow_text
from .._errors import InvalidInputError
from .._frames_arrow import checked_text_codes, text_buffers
from .._models import Sentiment
from .._tabular import apply_by_key, normalize_then, normalize_with_repeats
from ._frames_events import micros_since_epoch
from ._frames_staff import arrow_ids, member_positions

__all__ = ["Counter", "count_interactions"]


def _inside(frame: pd.DataFrame, start: datetime, as_of: datetime) -> np.ndarray:
    """Rows of a normalised frame in the window (as ``in_window``: both ends included)."""
    first, last, ticks = _window_ticks(frame, start, as_of)
    inside: np.ndarray = (ticks >= first) & (ticks <= last)
    return inside


def _window_ticks(frame: pd.DataFrame, start: datetime, as_of: datetime) -> tuple[int, int, Any]:
    """The window's first and last tick of the timestamps' unit, and the timestamps' ticks.

    Rows are compared on integer ticks, with the start rounded up to a tick
    of the column's unit and ``as_of`` down, exactly.
    """
    stamps = frame["timestamp"]
    ticks = stamps.array.asi8  # a missing time (none after normalising) is the least
    first = _ticks(start, stamps.dt.unit, up=True)
    return first, _ticks(as_of, stamps.dt.unit, up=False), ticks


_BLOCK = 1 << 20
"""Rows counted at a time: each block's arrays stay in the caches, and their memory is reused."""


_TICKS_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _ticks(moment: datetime, unit: str, *, up: bool) -> int:
    """``moment`` in ticks of ``unit`` since the epoch, rounded up or down, within int64.

    The least int64 (a missing time) stays below every result.
    """
    exact = micros_since_epoch(moment) * _TICKS_PER_SECOND[unit]
    ticks = -(-exact // 1_000_000) if up else exact // 1_000_000
    bounds = np.iinfo(np.int64)
    return min(max(ticks, bounds.min + 1), bounds.max)


def _negative(sentiments: pd.Series, keep: np.ndarray | None = None) -> np.ndarray:
    """Rows (where ``keep`` is true, or all) whose sentiment is negative.

    A normalized column holds only sentiments, so on Arrow text each row's
    sentiment is told by its length and first byte
    (:func:`~custinteract._frames_arrow.checked_text_codes`); other text is
    compared value by value.
    """
    codes = checked_text_codes(sentiments, _SENTIMENTS)
    if codes is not None:
        if keep is not None:
            codes = np.compress(keep, codes)
        negative: np.ndarray = codes == _SENTIMENTS.index(Sentiment.NEGATIVE.value)
        return negative
    column = arrow_text(sentiments)
    if column is not None:
        negative = np.concatenate(
            [_equal_text(chunk, Sentiment.NEGATIVE.value) for chunk in column.chunks]
            or [np.zeros(0, dtype=bool)]
        )
        return negative if keep is None else negative[keep]
    if keep is not None:
        sentiments = sentiments[keep]
    values: np.ndarray = (sentiments == Sentiment.NEGATIVE.value).to_numpy(
        dtype=bool, na_value=False
    )
    return values


_SENTIMENTS = [sentiment.value for sentiment in Sentiment]


def _equal_text(chunk: Any, value: str) -> np.ndarray:
    """Rows of an Arrow string chunk equal to ``value``, read from its offsets and bytes.

    The candidates are the rows of the value's length that start with its
    first byte; a candidate is equal when its bytes are the value's, read as
    one 64-bit word for a value of at most eight bytes (else byte by byte).
    A missing row is never equal. Cheaper than comparing every text.
    """
    wanted = value.encode()
    equal = np.zeros(len(chunk), dtype=bool)
    bounds, text = text_buffers(chunk)
    if len(text) < len(wanted):
        return equal
    starts = bounds[:-1]
    fits = bounds[1:] - starts == len(wanted)
    if wanted:  # a row of that length starting at the end has no bytes: never compared
        fits &= text[np.minimum(starts, len(text) - 1)] == wanted[0]
    if chunk.null_count:
        fits &= np.asarray(chunk.is_valid(), dtype=bool)
    rows = np.flatnonzero(fits)
    if len(wanted) <= 8 and len(text) >= 8:
        words = np.ndarray((len(text) - 7,), dtype="<u8", buffer=text, strides=(1,))
        whole = starts[rows] + 8 <= len(text)  # all but (at most) the last few
        mask = np.uint64((1 << (8 * len(wanted))) - 1)
        target = np.uint64(int.from_bytes(wanted, "little"))
        equal[rows[whole]] = (words[starts[rows[whole]]] & mask) == target
        rows = rows[~whole]
    for row in rows.tolist():
        equal[row] = bytes(text[starts[row] : starts[row] + len(wanted)]) == wanted
    return equal


def _counter(start: datetime, as_of: datetime, columns: Mapping[str, str] | None) -> Any:
    """Per partition of a Dask frame: interactions in the window and negative ones, per staff id."""

    def count(part: pd.DataFrame) -> pd.DataFrame:
        if len(part) == 0:  # Dask's meta and empty partitions: nothing to validate or count
            empty: pd.DataFrame = pd.DataFrame(
                {
                    "handled": pd.Series([], dtype="int64"),
                    "negatives": pd.Series([], dtype="int64"),
                },
                index=pd.Index([], dtype=object, name="staff_id"),
            )
            return empty
        frame = normalize_with_repeats(part, columns, defaults=False)[0]
        inside = _inside(frame, start, as_of)
        negative = inside & _negative(frame["sentiment"])
        # one pass of integer codes: staff ids factorised, nobody ("") after the last
        codes, staff_ids = pd.factorize(frame["staff_id"])
        keys = np.where(codes < 0, len(staff_ids), codes)
        width = len(staff_ids) + 1
        handled = np.bincount(keys[inside], minlength=width)
        negatives = np.bincount(keys[negative], minlength=width)
        labels = pd.Index([*np.asarray(staff_ids, dtype=object).tolist(), ""], dtype=object)
        seen = handled > 0
        out: pd.DataFrame = pd.DataFrame(
            {
                "handled": handled[seen].astype("int64"),
                "negatives": negatives[seen].astype("int64"),
            },
            index=labels[seen],
        )
        if not out.index.is_unique:  # an id written as "" joins nobody, as before
            out = out.groupby(level=0).sum()
        out = out.sort_index()
        out.index.name = "staff_id"
        return out

    return count


def count_interactions(
    interactions: Any,
    ids: pd.Index,
    start: datetime,
    as_of: datetime,
    columns: Mapping[str, str] | None,
) -> tuple[np.ndarray, int]:
    """Interactions handled in the window and negative ones per member of ``ids`` (rows), and
    how many in the window nobody in ``ids`` handled."""
    if isinstance(interactions, pd.DataFrame):
        # counted while the ids' distinctness is still being learnt
        count = partial(_count_frame, ids=ids, start=start, as_of=as_of)
        counted: tuple[np.ndarray, int] = normalize_then(
            interactions, columns, count, defaults=False
        )[0]
        return counted
    try:
        import dask.dataframe as dd

        is_dask = isinstance(interactions, dd.DataFrame)
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        is_dask = False
    if not is_dask:
        raise InvalidInputError(
            "interactions", type(interactions).__name__, "a pandas or Dask DataFrame"
        )
    key = dict(columns or {}).get("staff_id", "staff_id")
    id_column = dict(columns or {}).get("id", "id")
    if key not in interactions.columns or id_column not in interactions.columns:
        raise InvalidInputError(
            "interactions", list(interactions.columns), f"columns {id_column!r} and {key!r}"
        )
    filled = interactions.assign(**{key: interactions[key].fillna("")})
    count = _counter(start, as_of, columns)
    totals = apply_by_key(filled, key, count, id_column=id_column).compute()
    totals = totals.groupby(level=0).sum()
    aligned = totals.reindex(ids, fill_value=0)
    counts = np.stack(
        [aligned["handled"].to_numpy(dtype="int64"), aligned["negatives"].to_numpy(dtype="int64")]
    )
    return counts, int(totals["handled"].sum()) - int(counts[0].sum())


def _count_frame(
    frame: pd.DataFrame, ids: pd.Index, start: datetime, as_of: datetime
) -> tuple[np.ndarray, int]:
    """:func:`count_interactions` of a normalized pandas frame."""
    first, last, ticks = _window_ticks(frame, start, as_of)
    staff, sentiments = frame["staff_id"], frame["sentiment"]
    n = len(ids)
    column = arrow_text(staff)
    wanted = None if column is None or not n else arrow_ids(ids, column.type)
    counts = np.zeros(2 * n + 2, dtype="int64")
    for begin in range(0, len(ticks), _BLOCK):  # blocks that stay in the caches
        rows = slice(begin, begin + _BLOCK)
        inside = (ticks[rows] >= first) & (ticks[rows] <= last)
        if not inside.any():
            continue
        keys = member_positions(staff.iloc[rows], ids, inside, wanted=wanted)
        # one count per (member, negative): nobody after the last member
        keys[keys < 0] = n
        keys *= 2
        keys += _negative(sentiments.iloc[rows], inside)
        counts += np.bincount(keys, minlength=2 * n + 2)
    pairs = counts.reshape(n + 1, 2)
    handled = pairs.sum(axis=1)
    return np.stack([handled[:n], pairs[:n, 1]]), int(handled[n])


Counter = Callable[
    [Any, pd.Index, datetime, datetime, Mapping[str, str] | None], tuple[np.ndarray, int]
]
"""Counts a base's interactions per member: ``count(interactions, ids, start, as_of, columns)``
gives the interactions handled in the window (``start`` to ``as_of``, both
included) and the negative ones, one row each, a column per member of
``ids``, and how many in the window nobody in ``ids`` handled."""
