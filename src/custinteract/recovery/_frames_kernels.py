"""NumPy kernels of the recovery frames: grouping, segmented sums and minima, the Lindley debt.

Array functions on NumPy arrays (no frames), so that every columnar path
(pandas, polars, Arrow) can reuse them: rows are grouped by customer with a counting
sort on integer codes, and the running sums and minima are taken over whole
arrays with an offset per customer, exact in integers. Fractional amounts
(a gesture credit of 0.5) take a grouped ``fallback`` the caller gives.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

try:  # pandas' counting sort (what its groupby uses): linear, five times the radix below
    from pandas._libs.algos import (  # type: ignore[import-not-found]
        groupsort_indexer as _groupsort,
    )
except ImportError:  # pragma: no cover - an older or newer pandas without it
    _groupsort = None

__all__ = [
    "group_order",
    "last_where",
    "Fallback",
    "lindley_debts",
    "running_sums",
    "segment_bounds",
    "segment_count",
    "segment_cumsum",
    "tie_runs",
    "whole_steps",
]

_EXACT = 2.0**52  # sums of integers below this are exact in float64 and int64
_INT64_ROOM = 2**62


def group_order(codes: np.ndarray, groups: int) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` for codes in ``[0, groups)``, in linear time.

    A counting sort where pandas has one, else by 16-bit digits (NumPy
    radix-sorts those).
    """
    if _groupsort is not None and len(codes):
        order, _ = _groupsort(np.asarray(codes, dtype=np.intp), groups)
        return np.asarray(order, dtype=np.int64)
    if groups <= 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    low = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    high = (codes[low] >> 16).astype(np.uint16 if groups <= 1 << 32 else np.int64)
    return low[np.argsort(high, kind="stable")]


def segment_bounds(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For sorted codes: each run's first row, one past its last, and each row's run number."""
    n = len(codes)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], n].astype(np.int64)
    group = np.repeat(np.arange(len(starts), dtype=np.int64), ends - starts)
    return starts, ends, group


def tie_runs(codes: np.ndarray, ts: np.ndarray) -> np.ndarray:
    """Positions ``p`` of sorted rows where rows ``p`` and ``p + 1`` share customer and moment."""
    return np.flatnonzero((codes[1:] == codes[:-1]) & (ts[1:] == ts[:-1]))


def segment_cumsum(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The running sum of integer ``values`` within each run (one cumulative sum, less each run's offset)."""
    if not len(values):
        return np.zeros(0, dtype=values.dtype)
    total = np.cumsum(values)
    before = total[starts] - values[starts]
    out: np.ndarray = total - np.repeat(before, ends - starts)
    return out


def segment_count(flags: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many of each run's rows have ``flags`` set (one cumulative count)."""
    if not len(flags):
        return np.zeros(len(starts), dtype=np.int64)
    total = np.cumsum(flags, dtype=np.int64)
    out: np.ndarray = total[ends - 1] - np.where(starts > 0, total[starts - 1], 0)
    return out


def _segment_cummin(values: np.ndarray, group: np.ndarray) -> np.ndarray | None:
    """The running minimum of int64 ``values`` within each run, or None where int64 lacks room.

    Each run is lowered below every earlier one by ``group * span`` (span:
    more than the values' range), so one running minimum never crosses a run.
    """
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    span = int(values.max()) - int(values.min()) + 1
    top = int(group[-1])
    if top * span + int(np.abs(values).max()) >= _INT64_ROOM:
        return None
    shift = group * span
    low: np.ndarray = np.minimum.accumulate(values - shift) + shift
    return low


def whole_steps(values: np.ndarray) -> np.ndarray | None:
    """``values`` as int64 when they are whole and every sum of them is exact, else None."""
    if not len(values):
        return values.astype(np.int64)
    if not float(np.abs(values).sum()) < _EXACT or not bool(np.all(np.floor(values) == values)):
        return None
    return values.astype(np.int64)


Fallback = Callable[[np.ndarray, str], np.ndarray]
"""``fallback(values, "cumsum" | "cummin")``: each run's running sum or minimum of float values."""


def running_sums(
    values: np.ndarray, starts: np.ndarray, ends: np.ndarray, fallback: Fallback
) -> np.ndarray:
    """Each run's running sum as float64: exact in int64 for integer ``values``, else ``fallback``."""
    if values.dtype.kind in "iu":
        return segment_cumsum(values, starts, ends).astype(np.float64)
    return fallback(values, "cumsum")


def lindley_debts(
    x: np.ndarray, starts: np.ndarray, ends: np.ndarray, group: np.ndarray, fallback: Fallback
) -> np.ndarray:
    """The debt after each row, per run: the Lindley recursion ``max(0, debt + x)``.

    Written as ``S - min(0, min(S))`` over each run's running sum ``S``.
    Integer steps (whose sums the caller knows fit, see :func:`whole_steps`)
    are summed exactly in int64; float steps take ``fallback`` (a grouped
    pandas or polars operation), as does a run whose offsets int64 cannot hold.
    """
    if x.dtype.kind in "iu":
        cum = segment_cumsum(x, starts, ends)
        low = _segment_cummin(cum, group)
        if low is not None:
            debt: np.ndarray = (cum - np.minimum(0, low)).astype(np.float64)
            return debt
        x = x.astype(np.float64)
    cum_f = fallback(x, "cumsum")
    out: np.ndarray = cum_f - np.minimum(0.0, fallback(cum_f, "cummin"))
    return out


def last_where(mask: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Per run (rows sorted by run): the last row where ``mask`` holds, or -1."""
    out = np.full(groups, -1, dtype=np.int64)
    rows = np.flatnonzero(mask)
    if len(rows):
        owner = group[rows]
        last = np.r_[owner[1:] != owner[:-1], True]
        out[owner[last]] = rows[last]
    return out
