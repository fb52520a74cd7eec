"""The counted interactions of a base as sorted arrays, for :func:`~custinteract.frames.recovery_frame`.

:class:`Rows` puts a frame's rows in ``(customer_id, timestamp, id)`` order
(the batch's order) and computes the debt after each row with the Lindley
recursion; the other ``_frames_*`` modules read these arrays.
"""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from .._models import GestureKind, Sentiment
from ._policy import RecoveryPolicy
from ._rules import CODED_GESTURES, SENTIMENT_PAYS
from ._state import EPS

__all__ = [
    "Rows",
    "credit_by_kind",
    "fits_ns",
    "group_max",
    "group_order",
    "order_ties_by_id",
    "stamp",
    "to_ns",
    "whole_counts",
]

_UTC = timezone.utc


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
    ``max(0, debt + x)`` written as ``S - min(0, cummin(S))`` per customer.
    """

    def __init__(self, df: pd.DataFrame, policy: RecoveryPolicy) -> None:
        n = len(df)
        labels, found = pd.factorize(df["customer_id"])
        names = np.asarray(found, dtype=object)
        rank = np.empty(len(names), dtype=np.int64)
        rank[np.argsort(names)] = np.arange(len(names))  # codes in customer_id order
        codes = rank[labels] if n else labels
        uniques = np.sort(names)
        ts = _ns(df["timestamp"])
        if n and bool((ts[1:] >= ts[:-1]).all()):
            order = group_order(codes, len(names))  # a time-ordered log: only group it
        else:
            order = np.lexsort((ts, codes))
        codes, ts = codes[order], ts[order]
        ties = np.flatnonzero((codes[1:] == codes[:-1]) & (ts[1:] == ts[:-1]))
        if len(ties):
            order = order_ties_by_id(order, ties, df["id"].to_numpy(dtype=object))
        self.order = order
        self.ts = ts
        self.neg = (df["sentiment"] == Sentiment.NEGATIVE.value).to_numpy(dtype=bool)[order]
        self.pos = (df["sentiment"] == Sentiment.POSITIVE.value).to_numpy(dtype=bool)[order]
        self.cancel = (df["kind"] == "cancellation").to_numpy(dtype=bool)[order]
        credit_of = credit_by_kind(policy)
        kinds = df["gesture_kind"].astype(object) if credit_of or CODED_GESTURES else None
        if kinds is not None and credit_of:
            credit = kinds.map(credit_of).fillna(0.0).to_numpy(dtype=float)[order]
        else:
            credit = np.zeros(n)
        # rows with a gesture of each kind that has a reason code of its own
        self.gestures = {
            kind: kinds.isin([kind.value]).to_numpy(dtype=bool)[order]
            for kind in CODED_GESTURES
            if kinds is not None
        }
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if n else np.zeros(0, int)
        customers = np.asarray(uniques, dtype=object)[codes[starts]] if n else np.zeros(0, object)
        self._settle(policy, credit, self._pays(df, order), starts, customers)

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
        rows.neg, rows.pos, rows.cancel = moods["negative"], moods["positive"], moods["cancel"]
        rows.gestures = gestures
        rows._settle(policy, credit, pays, starts, customers)
        return rows

    def _settle(
        self,
        policy: RecoveryPolicy,
        credit: np.ndarray,
        pays: np.ndarray,
        starts: np.ndarray,
        customers: np.ndarray,
    ) -> None:
        """The debt after each row and the running counts, from the sorted rows' facts."""
        n = len(self.ts)
        per = float(policy.positives_per_negative)
        # x: the change in debt (rules.opened_by for a negative, what it pays otherwise)
        x = np.where(self.neg, per - np.minimum(credit, per), -(pays + credit))
        self.adds = self.neg & (x > EPS)
        self.opened = np.where(self.adds, x, 0.0)  # what each negative opened
        self.starts = starts
        self.ends = np.r_[starts[1:], n].astype(int) if n else np.zeros(0, int)
        self.customers = customers
        self.group = np.repeat(np.arange(len(starts)), self.ends - starts)
        # the running sums in one grouped pass (the group codes are factorised once)
        sums = (
            pd.DataFrame({"x": x, "nonneg": (~self.neg).astype(np.int64), "opened": self.opened})
            .groupby(self.group, sort=False)
            .cumsum()
        )
        cum = sums["x"].to_numpy()
        low = pd.Series(cum).groupby(self.group, sort=False).cummin().to_numpy()
        self.debt = cum - np.minimum(0.0, low)
        previous = np.r_[0.0, self.debt[:-1]] if n else np.zeros(0)
        previous[starts] = 0.0
        self.previous = previous
        self.nonneg_cum = sums["nonneg"].to_numpy()
        self.opened_cum = sums["opened"].to_numpy()

    def _pays(self, df: pd.DataFrame, order: np.ndarray) -> np.ndarray:
        """What each row pays by its sentiment alone (:data:`SENTIMENT_PAYS`), in ``order``."""
        known = {Sentiment.NEGATIVE: self.neg, Sentiment.POSITIVE: self.pos}
        pays = np.zeros(len(order))
        for sentiment, amount in SENTIMENT_PAYS.items():
            if amount:
                mask = known.get(sentiment)
                if mask is None:
                    mask = (df["sentiment"] == sentiment.value).to_numpy(dtype=bool)[order]
                pays[mask] = amount
        return pays


def credit_by_kind(policy: RecoveryPolicy) -> dict[str, float]:
    """Each gesture kind's text -> its credit under ``policy``, for the kinds that earn some."""
    return {kind.value: amount for kind, amount in policy.gesture_credit.items() if amount}


def group_order(codes: np.ndarray, groups: int) -> np.ndarray:
    """``np.argsort(codes, kind="stable")``, by 16-bit digits (NumPy radix-sorts those)."""
    if groups <= 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    low = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    high = (codes[low] >> 16).astype(np.uint16 if groups <= 1 << 32 else np.int64)
    return low[np.argsort(high, kind="stable")]


def order_ties_by_id(order: np.ndarray, ties: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Within runs of equal (customer, timestamp), put rows in id order (the batch's order)."""
    order = order.copy()
    run_start = ties[0]
    previous = ties[0]
    for tie in [*ties[1:].tolist(), -2]:
        if tie != previous + 1:
            span = slice(int(run_start), int(previous) + 2)
            chunk = order[span]
            order[span] = chunk[np.argsort(ids[chunk].astype(str), kind="stable")]
            run_start = tie
        previous = tie
    return order


def group_max(values: np.ndarray, group: np.ndarray, mask: np.ndarray, groups: int) -> np.ndarray:
    out = np.full(groups, -1, dtype=np.int64)
    np.maximum.at(out, group[mask], values[mask])
    return out
