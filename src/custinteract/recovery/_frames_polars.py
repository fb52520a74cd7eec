""":func:`~custinteract.frames.recovery_frame` on a polars DataFrame, without a pandas frame.

The interactions are read and checked by
:func:`custinteract._frames_polars.normalized`, put in
``(customer_id, timestamp, id)`` order (the batch's order) on integer
customer codes found in one hash pass, with each row's facts (its
sentiment's payment, its gesture's credit, whether it cancels or counts for
activity) looked up by its enum columns' codes, packed into one number; they
are handed as NumPy arrays to the same kernels as the pandas path
(:meth:`Rows.from_sorted`, the balances, losses and reason codes of the
``_frames_*`` modules), and the answer is built in polars from the
per-customer arrays, its explanations once per distinct case. Where the fast
path does not apply (``negative_memory``, a base outside the nanosecond
range, an empty base, input it does not vouch for),
:func:`recovery_frame_polars` answers None and the frame goes the general way.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone, tzinfo
from functools import partial
from typing import Any, cast

import numpy as np
import pandas as pd
import polars as pl

from .._errors import InvalidInputError
from .._frames_interop import from_pandas
from .._frames_polars import code_column, customer_codes, normalized
from .._models import GestureKind, InteractionKind, Sentiment
from .._tabular import ENUM_COLUMNS, with_why
from .._time import ensure_aware
from ._engine import REASON_CODES, RecoveryPolicy, _check_policy
from ._frames_activity import activity_of_counted
from ._frames_columns import MOMENTS, with_quiet
from ._frames_rows import (
    NO_MOMENT,
    Rows,
    credit_by_kind,
    fits_ns,
    group_order,
    order_ties_by_id,
    whole_counts,
)
from ._rules import CODED_GESTURES, SENTIMENT_PAYS
from ._state import EPS
from .frames import _churn_dates, _quiet_customers, _settled_columns

__all__ = ["recovery_frame_polars", "recovery_ledger_frame_polars"]


def recovery_frame_polars(
    frame: Any,
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
    customers: Any = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.recovery_frame`, or None (the general way).

    Any refusal also answers None, so that the general way raises it, with
    the same message and in the same order of checks as for pandas.
    """
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        return _recovery(frame, as_of, policy, columns, tz, customers)
    except InvalidInputError:
        return None


def _recovery(
    frame: pl.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy | None,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
    customers: Any,
) -> Any:
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    if policy.negative_memory is not None:
        return None  # the object path's route
    ensure_aware(as_of, "as_of")
    if isinstance(customers, pl.DataFrame):
        customers = customers.to_pandas()  # one row per customer: small beside the base
    churn = _churn_dates(customers)
    df = normalized(frame, columns, tz=tz, tz_name="tz")
    if df is None:
        return None
    df = df.filter(pl.col("timestamp") <= as_of.astimezone(timezone.utc))
    if not df.height or not fits_ns(as_of, df["timestamp"]):  # type: ignore[arg-type]
        return None
    rows, counted, names = _sorted_rows(df, policy)
    activity = None
    if policy.activity is not None:
        activity = activity_of_counted(rows, counted, as_of, policy.activity, policy.activity_model)
    columns = _settled_columns(rows, as_of, policy, churn, activity)
    quiet = _quiet_customers(churn, rows.customers)
    if quiet:  # customers with no interactions: a few rows, added as the pandas path adds them
        out = with_quiet(columns, rows.customers.tolist(), quiet, churn, as_of, policy)
        return from_pandas(with_why(out, "reason_codes", REASON_CODES), "polars")
    return _answer(columns, names)


_TEXT_COLUMNS = ("status", "lost_reason", "activity")


def _answer(columns: Mapping[str, Any], names: pl.Series) -> pl.DataFrame:
    """The polars answer from :func:`._settled_columns`' arrays, with the pandas answer's types.

    ``names`` are the customers' ids, sorted. The reason codes and their
    ``why`` are made once per distinct case of codes, then gathered.
    """
    data: dict[str, Any] = {"customer_id": names.alias("customer_id")}
    for name, values in columns.items():
        if name in MOMENTS:
            ns = np.asarray(values, dtype=np.int64)
            stamps = np.where(ns != NO_MOMENT, ns, np.iinfo(np.int64).min).view("M8[ns]")
            data[name] = pl.Series(name, stamps).dt.replace_time_zone("UTC")
        elif name in _TEXT_COLUMNS:
            data[name] = pl.Series(name, np.asarray(values).tolist(), dtype=pl.String)
        elif name != "reason_codes":
            data[name] = pl.Series(name, np.asarray(values, dtype=np.int64))
    case_of, cases = pd.factorize(columns["reason_codes"])
    worded = with_why(pd.DataFrame({"reason_codes": cases}), "reason_codes", REASON_CODES)
    data["reason_codes"] = pl.Series("reason_codes", [list(case) for case in cases]).gather(case_of)
    data["why"] = pl.Series("why", worded["why"].to_numpy(), dtype=pl.String).gather(case_of)
    return pl.DataFrame(data)


class _Facts:
    """Facts of the sorted rows looked up by their enum columns' codes, packed into one number.

    Each row's codes of the columns ``names`` (a missing value: one past the
    last code) are packed into one small integer in polars and put in
    ``order`` once; a fact of one column is then a table over the packed
    values, indexed by them.
    """

    def __init__(self, df: pl.DataFrame, names: tuple[str, ...], order: np.ndarray) -> None:
        # codes 0 .. len(members): a missing value has the last (see _by_code)
        self.bases = {name: len(_by_code(name, bool, bool)) for name in names}
        self.steps: dict[str, int] = {}
        packed = pl.lit(0, dtype=pl.UInt16)
        step = 1
        for name in names:
            code = pl.col(code_column(name)).fill_null(self.bases[name] - 1).cast(pl.UInt16)
            packed = packed + code * step
            self.steps[name] = step
            step *= self.bases[name]
        self.cells = np.arange(step)  # every packed value (below 2**16 for these enums)
        # as indexes once (NumPy would widen small integers at every lookup)
        packed_codes = df.select(packed).to_series().to_numpy()
        self.packed: np.ndarray = packed_codes.astype(np.intp)[order]

    def __call__(self, name: str, of: Callable[[Any], Any], dtype: Any) -> np.ndarray:
        """``of(member)`` of each row's member of enum column ``name`` (``of(None)`` if missing)."""
        codes = (self.cells // self.steps[name]) % self.bases[name]
        found: np.ndarray = _by_code(name, of, dtype)[codes][self.packed]
        return found


def _by_code(name: str, of: Callable[[Any], Any], dtype: Any) -> np.ndarray:
    """``of(member)`` for each code of enum column ``name``, then ``of(None)`` for a missing value."""
    members = cast(Iterable[Any], ENUM_COLUMNS[name])
    table: np.ndarray = np.array([*map(of, members), of(None)], dtype=dtype)
    return table


def _sorted_rows(
    df: pl.DataFrame, policy: RecoveryPolicy, *, activity: bool = True
) -> tuple[Rows, np.ndarray, pl.Series]:
    """The rows in ``(customer_id, timestamp, id)`` order as :class:`Rows`, which count for activity, the customers.

    The customers (``rows.customers``) come also as a polars Series. Which
    rows count for activity is found only with ``activity`` and a policy
    that judges it (else none).

    Each row's facts are looked up by the codes of its enum columns, in tables
    made from the rules (:data:`SENTIMENT_PAYS`, the policy's gesture credit).
    """
    rules = policy.activity if activity else None
    order, ts, starts, names = _order(df, df["timestamp"].dt.epoch("ns").to_numpy())
    facts = _Facts(
        df, ("sentiment", "kind", "gesture_kind", *(("direction",) if rules else ())), order
    )
    credit_of = {GestureKind(text): amount for text, amount in credit_by_kind(policy).items()}
    rows = Rows.from_sorted(
        policy,
        order=order,
        ts=ts,
        starts=starts,
        customers=np.asarray(names.to_numpy(), dtype=object),
        moods={
            "negative": facts("sentiment", lambda m: m is Sentiment.NEGATIVE, bool),
            "positive": facts("sentiment", lambda m: m is Sentiment.POSITIVE, bool),
            "cancel": facts("kind", lambda k: k is InteractionKind.CANCELLATION, bool),
        },
        credit=facts("gesture_kind", lambda g: credit_of.get(g, 0.0), float),
        pays=facts("sentiment", lambda m: SENTIMENT_PAYS.get(m, 0.0), float),
        gestures={
            coded: facts("gesture_kind", partial(operator.is_, coded), bool)
            for coded in CODED_GESTURES
        },
    )
    counted = np.zeros(0, bool)
    if rules is not None:
        counted = facts("kind", lambda k: k in rules.counted_kinds, bool) & facts(
            "direction", lambda d: d in rules.counted_directions, bool
        )
    return rows, counted, names


def _order(
    df: pl.DataFrame, ts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pl.Series]:
    """The rows' ``(customer_id, timestamp, id)`` order, their times in it, each customer's first sorted row, the customers.

    Customers are coded by their rank among the distinct ids
    (:func:`~custinteract._frames_polars.customer_codes`), so rows are ordered on two integer keys, as
    the pandas path orders them (by time, then stably by customer:
    :func:`group_order`); rows of one customer at one moment then go in id
    order, whatever order the sort left them in. Every distinct
    id has rows, so the customers are the distinct ids, sorted.
    """
    codes, names = customer_codes(df["customer_id"])
    if bool((ts[1:] >= ts[:-1]).all()):
        order = group_order(codes, len(names))
    else:  # by time (sorted by polars, on every core), then stably by customer
        by_time = pl.Series(ts).arg_sort().to_numpy()
        order = by_time[group_order(codes[by_time], len(names))]
    ts = ts[order]
    # every code has rows: the customers' runs follow from their sizes, without the codes in order
    starts = np.r_[0, np.cumsum(np.bincount(codes, minlength=len(names)))[:-1]].astype(np.int64)
    same = ts[1:] == ts[:-1]
    same[starts[1:] - 1] = False  # a customer's first row ties with no other customer's
    ties = np.flatnonzero(same)
    if len(ties):  # only the ids of tied rows are needed as Python text
        tied = np.unique(order[np.r_[ties, ties + 1]])
        ids = np.empty(len(order), dtype=object)
        ids[tied] = df["id"].gather(tied).to_list()
        order = order_ties_by_id(order, ties, ids)
    return order, ts, starts, names


def recovery_ledger_frame_polars(
    frame: Any,
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.recovery_ledger_frame`, or None (the general way).

    Any refusal also answers None, so that the general way raises it.
    """
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        return _ledger(frame, as_of, policy, columns, tz)
    except InvalidInputError:
        return None


_SENTIMENTS = pl.Series(
    [Sentiment.NEGATIVE.value, Sentiment.POSITIVE.value, Sentiment.NEUTRAL.value], dtype=pl.String
)
"""A ledger row's sentiment by its index: negative, positive, else neutral."""


def _ledger(
    frame: pl.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy | None,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
) -> pl.DataFrame | None:
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    if policy.negative_memory is not None:
        return None  # forgetting between interactions: the object path's ledger
    ensure_aware(as_of, "as_of")
    df = normalized(frame, columns, tz=tz, tz_name="tz")
    if df is None:
        return None
    df = df.filter(pl.col("timestamp") <= as_of.astimezone(timezone.utc))
    if not df.height or not fits_ns(as_of, df["timestamp"]):  # type: ignore[arg-type]
        return None
    rows, _, names = _sorted_rows(df, policy, activity=False)
    debt = np.where(rows.debt > EPS, rows.debt, 0.0)
    mood = np.where(rows.neg, 0, np.where(rows.pos, 1, 2))
    return pl.DataFrame(
        {
            "customer_id": names.gather(rows.group),
            "id": df["id"].gather(rows.order),
            "timestamp": pl.Series(rows.ts.view("M8[ns]")).dt.replace_time_zone("UTC"),
            "sentiment": _SENTIMENTS.gather(mood),
            "debt": debt,
            "positives_needed": whole_counts(np.ceil(debt - EPS).clip(min=0), "positives_needed"),
        }
    )
