"""The counted interactions of a base as sorted arrays, for :func:`~custinteract.frames.recovery_frame`.

:class:`Rows` puts a frame's rows in ``(customer_id, timestamp, id)`` order
(the batch's order) and computes the debt after each row with the Lindley
recursion (the array kernels are in ``_frames_kernels``); the other
``_frames_*`` modules read these arrays.
"""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd

from .._columns import factorize_text
from .._errors import InvalidInputError
from .._models import GestureKind, Sentiment
from ._frames_kernels import (
    group_order,
    lindley_debts,
    running_sums,
    segment_bounds,
    segment_cumsum,
    tie_runs,
)
from ._policy import RecoveryPolicy
from ._rules import CODED_GESTURES, SENTIMENT_PAYS
from ._state import EPS

__all__ = [
    "NO_MOMENT",
    "Rows",
    "credit_by_kind",
    "fits_ns",
    "group_order",
    "order_ties_by_id",
    "stamp",
    "to_ns",
    "whole_counts",
]

_UTC = timezone.utc
NO_MOMENT = -1
"""A moment column's "none" (never a timestamp's: those are whole microseconds, 1000 ns apart)."""
_EXACT = 2.0**52  # sums of whole numbers below this are exact in float64 and int64


def _ns(stamps: pd.Series) -> np.ndarray:
    return np.asarray(pd.DatetimeIndex(stamps).tz_convert(_UTC).as_unit("ns").asi8)


_NS_FIRST = pd.Timestamp.min.ceil("us").tz_localize(_UTC).to_pydatetime()
_NS_LAST = pd.Timestamp.max.floor("us").tz_localize(_UTC).to_pydatetime()


def fits_ns(as_of: datetime, stamps: pd.Series) -> bool:
    """True when ``as_of`` and every timestamp (none later than it) are in nanosecond range.

    The arrays here count time in nanoseconds (1677-09-21 to 2262-04-11);
    a base or ``as_of`` outside that range goes through the object path.
    """
    if not _NS_FIRST < as_of < _NS_LAST:
        return False
    return not len(stamps) or bool(stamps.min() > _NS_FIRST)


_INT64_LIMIT = float(2**63)


def whole_counts(values: np.ndarray, name: str) -> np.ndarray:
    """Whole numbers (floats already rounded) as int64, refusing one the column cannot hold.

    NumPy would wrap such a value to -9223372036854775808 with only a
    warning; the object path's Python int has no such limit, so the frame
    says what happened instead.
    """
    if len(values) and not bool((values < _INT64_LIMIT).all()):
        raise InvalidInputError(
            name,
            float(values.max()),
            "a count the frame's int64 column holds (below 2**63); this base owes more:"
            " assess it with assess_recoveries, or use a smaller positives_per_negative",
        )
    return values.astype(np.int64)


def stamp(ns: int) -> datetime:
    value: datetime = pd.Timestamp(ns, tz=_UTC).to_pydatetime()
    return value


def to_ns(moment: datetime) -> int:
    return int(pd.Timestamp(moment).tz_convert(_UTC).as_unit("ns").value)


class Rows:
    """The counted interactions of a base in ``(customer_id, timestamp, id)`` order, as arrays.

    ``debt`` is the debt after each interaction: the Lindley recursion
    ``max(0, debt + x)`` written as ``S - min(0, cummin(S))`` per customer
    (:func:`._frames_kernels.lindley_debts`).
    """

    def __init__(self, df: pd.DataFrame, policy: RecoveryPolicy) -> None:
        n = len(df)
        labels, names = _factorized(df["customer_id"])
        rank = np.empty(len(names), dtype=np.int64)
        rank[np.argsort(names)] = np.arange(len(names))  # codes in customer_id order
        codes = rank[labels] if n else labels
        del labels
        ts = _ns(df["timestamp"])
        if n and bool((ts[1:] >= ts[:-1]).all()):
            order = group_order(codes, len(names))  # a time-ordered log: only group it
        else:  # by time, then (stably) by customer
            by_time = np.argsort(ts, kind="stable")
            order = by_time[group_order(codes[by_time], len(names))]
        codes, ts = codes[order], ts[order]
        ties = tie_runs(codes, ts)
        if len(ties):
            order = order_ties_by_id(order, ties, df["id"])
        self.order = order
        self.ts = ts
        starts, ends, group = segment_bounds(codes)
        self.starts, self.ends, self.group = starts, ends, group
        self.customers = np.sort(names)[codes[starts]] if n else np.zeros(0, object)
        del codes
        # one gather of packed flags instead of one per flag
        sentiment = df["sentiment"]
        flags = (sentiment == Sentiment.NEGATIVE.value).to_numpy(dtype=np.uint8)
        flags |= (sentiment == Sentiment.POSITIVE.value).to_numpy(dtype=np.uint8) << 1
        flags |= (df["kind"] == "cancellation").to_numpy(dtype=np.uint8) << 2
        flags = flags[order]
        self.neg = (flags & 1).astype(bool)
        self.pos = (flags & 2).astype(bool)
        self.cancel = (flags & 4).astype(bool)
        del flags
        credit_of = credit_by_kind(policy)
        kinds = df["gesture_kind"].astype(object) if credit_of or CODED_GESTURES else None
        # rows with a gesture of each kind that has a reason code of its own
        self.gestures = {
            kind: kinds.isin([kind.value]).to_numpy(dtype=bool)[order]
            for kind in CODED_GESTURES
            if kinds is not None
        }
        credit = None
        if kinds is not None and credit_of:
            credit = kinds.map(credit_of).fillna(0.0).to_numpy(dtype=float)[order]
        x = self._steps(df, order, policy, credit, _whole(policy, credit_of, n))
        del credit
        self._settle(x)

    @classmethod
    def from_sorted(
        cls,
        policy: RecoveryPolicy,
        *,
        order: np.ndarray,
        ts: np.ndarray,
        starts: np.ndarray,
        customers: np.ndarray,
        moods: dict[str, np.ndarray],
        credit: np.ndarray,
        pays: np.ndarray,
        gestures: dict[GestureKind, np.ndarray],
    ) -> Rows:
        """Rows already in ``(customer_id, timestamp, id)`` order, as arrays (a polars frame's).

        ``order`` the source frame's row of each, ``ts`` in nanoseconds,
        ``starts`` each customer's first row, ``customers`` their ids; ``moods``
        the ``negative``, ``positive`` and ``cancel`` masks, ``credit`` each
        row's gesture credit (:func:`credit_by_kind`), ``pays`` what it pays by
        its sentiment (:data:`SENTIMENT_PAYS`), ``gestures`` the rows of each
        gesture kind with a reason code of its own.
        """
        rows = cls.__new__(cls)
        rows.order = order
        rows.ts = ts
        n = len(ts)
        ends = np.r_[starts[1:], n].astype(np.int64) if n else np.zeros(0, np.int64)
        rows.starts, rows.ends = np.asarray(starts, dtype=np.int64), ends
        rows.group = np.repeat(np.arange(len(starts), dtype=np.int64), ends - rows.starts)
        rows.customers = customers
        rows.neg, rows.pos, rows.cancel = moods["negative"], moods["positive"], moods["cancel"]
        rows.gestures = gestures
        per = float(policy.positives_per_negative)
        # x: the change in debt (rules.opened_by for a negative, what it pays otherwise)
        x = np.where(rows.neg, per - np.minimum(credit, per), -(pays + credit))
        if _whole(policy, credit_by_kind(policy), n):
            x = x.astype(np.int64)
        rows._settle(x)
        return rows

    def _settle(self, x: np.ndarray) -> None:
        """The debt after each row and the running counts, from each row's change in debt."""
        starts, ends, group = self.starts, self.ends, self.group
        self.adds = self.neg & (x > EPS)
        self.newer = self._newer(x, starts, ends, group)
        self.debt = lindley_debts(x, starts, ends, group, self._grouped)
        self.nonneg_cum = segment_cumsum((~self.neg).astype(np.int64), starts, ends)

    def _newer(
        self, x: np.ndarray, starts: np.ndarray, ends: np.ndarray, group: np.ndarray
    ) -> np.ndarray:
        """At each row that opened a debt: what the customer's later negatives opened."""
        adds = np.flatnonzero(self.adds)
        if x.dtype.kind in "iu":  # exact: summed over those rows only, latest first
            opened = x[adds][::-1]
            owner = group[adds][::-1]
            first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(adds) else adds
            last = np.r_[first[1:], len(adds)].astype(np.int64)
            later = segment_cumsum(opened, first, last) - opened
            return np.asarray(later[::-1], dtype=np.float64)
        running = running_sums(np.where(self.adds, x, 0.0), starts, ends, self._grouped)
        out: np.ndarray = running[ends - 1][group[adds]] - running[adds]
        return out

    def _grouped(self, values: np.ndarray, how: str) -> np.ndarray:
        """Each customer's running ``how`` ("cumsum" or "cummin") of fractional ``values``."""
        grouped = pd.Series(values).groupby(self.group, sort=False)
        out: np.ndarray = getattr(grouped, how)().to_numpy()
        return out

    def _steps(
        self,
        df: pd.DataFrame,
        order: np.ndarray,
        policy: RecoveryPolicy,
        credit: np.ndarray | None,
        whole: bool,
    ) -> np.ndarray:
        """x: each row's change in debt, int64 when ``whole``.

        :func:`~._rules.opened_by` for a negative, what the row pays by its
        sentiment alone (:data:`SENTIMENT_PAYS`) and its credit otherwise.
        """
        known = {Sentiment.NEGATIVE: self.neg, Sentiment.POSITIVE: self.pos}
        per = policy.positives_per_negative
        x = np.zeros(len(order), dtype=np.int64 if whole else np.float64)
        for sentiment, amount in SENTIMENT_PAYS.items():
            if amount:
                mask = known.get(sentiment)
                if mask is None:
                    mask = (df["sentiment"] == sentiment.value).to_numpy(dtype=bool)[order]
                x[mask] = -amount
        if credit is None:
            x[self.neg] = per
            return x
        x -= credit.astype(x.dtype)
        x[self.neg] = (per - np.minimum(credit, float(per)))[self.neg].astype(x.dtype)
        return x


def _whole(policy: RecoveryPolicy, credit_of: dict[str, float], rows: int) -> bool:
    """Whether every step is a whole number and every running sum of them is exact in int64."""
    pays = [float(amount) for amount in SENTIMENT_PAYS.values()]
    credits = [float(amount) for amount in credit_of.values()]
    per = float(policy.positives_per_negative)
    if not all(value.is_integer() for value in (per, *pays, *credits)):
        return False
    step = max(per, max(pays, default=0.0) + max(credits, default=0.0))
    return step * max(rows, 1) < _EXACT


def credit_by_kind(policy: RecoveryPolicy) -> dict[str, float]:
    """Each gesture kind's text -> its credit under ``policy``, for the kinds that earn some."""
    return {kind.value: amount for kind, amount in policy.gesture_credit.items() if amount}


def _factorized(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (int64) and distinct values (as objects) of a text column without missing values."""
    labels, names = factorize_text(values.array)
    return labels.astype(np.int64, copy=False), np.asarray(names, dtype=object)


def order_ties_by_id(
    order: np.ndarray, ties: np.ndarray, ids: pd.Series | np.ndarray
) -> np.ndarray:
    """Within runs of equal (customer, timestamp), put rows in id order (the batch's order).

    Only the tied rows' ids are read; ids are unique here, and text sorts by
    code point in Arrow as in Python.
    """
    tied = np.zeros(len(order), dtype=bool)
    tied[ties] = True
    members = tied.copy()
    members[ties + 1] = True
    positions = np.flatnonzero(members)
    # a member opens a run unless the row before it is tied to it
    run = np.cumsum((positions == 0) | ~tied[np.maximum(positions - 1, 0)])
    rows = order[positions]
    chosen = ids.iloc[rows].array if isinstance(ids, pd.Series) else ids[rows].astype(str)
    by_id = np.asarray(chosen.argsort(kind="stable"))
    rank = np.empty(len(rows), dtype=np.int64)
    rank[by_id] = np.arange(len(rows))
    order = order.copy()
    order[positions] = rows[np.lexsort((rank, run))]
    return order
