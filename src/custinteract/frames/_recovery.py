"""The recovery balance over a whole customer base, from DataFrames.

:func:`recovery_frame` gives one row per customer with the same answer as
:func:`custinteract.assess_recoveries`. Without ``negative_memory`` it is
vectorised: the debt after each interaction is the Lindley recursion
``debt_n = max(0, debt_{n-1} + x_n)``, computed per customer as
``S_n - min(0, min_{k<=n} S_k)`` from a grouped cumulative sum and minimum;
losses (cancellation, churn, silence) and comebacks are then read from a few
rows per customer. With ``negative_memory`` set, forgetting depends on each
negative's age at every step, so the frame runs the object path instead
(correct first, then fast).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from .._models import Customer
from .._recovery import RecoveryAssessment, RecoveryPolicy, _check_policy, assess_recoveries
from .._recovery_rules import _EPS, _TAIL, _Tally, _Window
from .._time import ensure_aware
from ._base import apply_by_key, interactions_from_frame, normalize_interactions

__all__ = [
    "RECOVERY_COLUMNS",
    "recovery_assessments_to_frame",
    "recovery_frame",
    "recovery_ledger_frame",
]

RECOVERY_COLUMNS: tuple[str, ...] = (
    "status",
    "positives_needed",
    "open_negatives",
    "positives_since_last_negative",
    "last_negative_at",
    "owed_since",
    "lost_at",
    "lost_reason",
    "came_back_at",
    "times_recovered",
    "interactions_counted",
    "reason_codes",
)
"""The columns of :func:`recovery_frame`, one per :class:`~custinteract.RecoveryAssessment` field.

Enums are their text values, timestamps are UTC, and ``reason_codes`` is the
tuple of the explanation's codes, in order.
"""

_UTC = timezone.utc
_NS_PER_DAY = 86_400 * 10**9


def _empty() -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame(
        {
            "status": pd.Series(dtype=object),
            "positives_needed": pd.Series(dtype="int64"),
            "open_negatives": pd.Series(dtype="int64"),
            "positives_since_last_negative": pd.Series(dtype="int64"),
            "last_negative_at": pd.Series(dtype="datetime64[ns, UTC]"),
            "owed_since": pd.Series(dtype="datetime64[ns, UTC]"),
            "lost_at": pd.Series(dtype="datetime64[ns, UTC]"),
            "lost_reason": pd.Series(dtype=object),
            "came_back_at": pd.Series(dtype="datetime64[ns, UTC]"),
            "times_recovered": pd.Series(dtype="int64"),
            "interactions_counted": pd.Series(dtype="int64"),
            "reason_codes": pd.Series(dtype=object),
        }
    )
    frame.index = pd.Index([], dtype=object, name="customer_id")
    return frame


def _frame_of(rows: dict[str, dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return _empty()
    ids = sorted(rows)
    out: pd.DataFrame = pd.DataFrame(
        [rows[i] for i in ids], index=pd.Index(ids, dtype=object, name="customer_id")
    )
    out = out[list(RECOVERY_COLUMNS)]
    for name in ("last_negative_at", "owed_since", "lost_at", "came_back_at"):
        out[name] = pd.to_datetime(out[name], utc=True).astype("datetime64[ns, UTC]")
    for name in (
        "positives_needed",
        "open_negatives",
        "positives_since_last_negative",
        "times_recovered",
        "interactions_counted",
    ):
        out[name] = out[name].astype("int64")
    for name in ("status", "lost_reason", "reason_codes"):
        out[name] = out[name].astype(object)
    return out


def recovery_assessments_to_frame(assessments: Mapping[str, RecoveryAssessment]) -> pd.DataFrame:
    """The frame of :func:`recovery_frame` from object-path assessments (as the tests compare).

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> from custinteract.frames import recovery_assessments_to_frame
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id="i1", customer_id="a", timestamp=t, sentiment=ci.Sentiment.NEGATIVE)]
    >>> recovery_assessments_to_frame(ci.assess_recoveries(base, as_of=t))["status"].tolist()
    ['at_risk']
    """
    rows = {
        customer_id: {
            "status": a.status.value,
            "positives_needed": a.positives_needed,
            "open_negatives": a.open_negatives,
            "positives_since_last_negative": a.positives_since_last_negative,
            "last_negative_at": a.last_negative_at,
            "owed_since": a.owed_since,
            "lost_at": a.lost_at,
            "lost_reason": None if a.lost_reason is None else a.lost_reason.value,
            "came_back_at": a.came_back_at,
            "times_recovered": a.times_recovered,
            "interactions_counted": a.interactions_counted,
            "reason_codes": tuple(reason.code for reason in a.explanation),
        }
        for customer_id, a in assessments.items()
    }
    return _frame_of(rows)


def _churn_dates(customers: Any) -> dict[str, datetime | None]:
    """customer_id -> churned, from Customer values or a frame with customer_id and churned."""
    if customers is None:
        return {}
    if isinstance(customers, pd.DataFrame):
        for name in ("customer_id", "churned"):
            if name not in customers.columns:
                raise InvalidInputError("customers", list(customers.columns), f"a {name!r} column")
        churned = customers["churned"]
        if not isinstance(churned.dtype, pd.DatetimeTZDtype) and churned.notna().any():
            raise InvalidInputError(
                "customers.churned", str(churned.dtype), "timezone-aware datetimes"
            )
        out: dict[str, datetime | None] = {}
        for cid, when in zip(customers["customer_id"], churned, strict=True):
            if not isinstance(cid, str) or not cid.strip():
                raise InvalidInputError("customers.customer_id", cid, "a non-blank string")
            out[cid] = None if pd.isna(when) else when.to_pydatetime()
        return out
    out = {}
    for customer in customers:
        if not isinstance(customer, Customer):
            raise InvalidInputError("customers", customer, "Customer values or a DataFrame")
        out[customer.id] = customer.churned
    return out


def recovery_frame(
    frame: Any,
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    customers: Any = None,
) -> Any:
    """One row per customer, indexed by ``customer_id``: :func:`~custinteract.assess_recoveries` as a frame.

    ``frame`` holds interactions (see :data:`~custinteract.frames.INTERACTION_COLUMNS`;
    ``columns`` maps our names to yours). Only rows with ``timestamp <= as_of``
    count. ``customers`` (Customer values, or a frame with ``customer_id``
    and ``churned``) adds the churn dates and the customers with no
    interactions. The columns are :data:`RECOVERY_COLUMNS`. A Dask DataFrame
    gives a lazy Dask result (customers with no interactions are then left
    out). The input is never modified.

    >>> import pandas as pd
    >>> from datetime import datetime, timedelta, timezone
    >>> from custinteract.frames import recovery_frame
    >>> df = pd.DataFrame({
    ...     "id": ["i1", "i2", "i3"], "customer_id": ["a", "a", "b"],
    ...     "timestamp": pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-01"], utc=True),
    ...     "sentiment": ["negative", "positive", "positive"]})
    >>> out = recovery_frame(df, as_of=datetime(2026, 3, 5, tzinfo=timezone.utc))
    >>> out[["status", "positives_needed"]].to_dict("index")
    {'a': {'status': 'recovering', 'positives_needed': 5}, 'b': {'status': 'healthy', 'positives_needed': 0}}
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    churn = _churn_dates(customers)
    if isinstance(frame, pd.DataFrame):
        return _recovery_pandas(frame, as_of, policy, columns, churn, include_quiet=True)
    key = (columns or {}).get("customer_id", "customer_id")
    return apply_by_key(
        frame,
        key,
        lambda part: _recovery_pandas(part, as_of, policy, columns, churn, include_quiet=False),
    )


def _recovery_pandas(
    frame: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    columns: Mapping[str, str] | None,
    churn: Mapping[str, datetime | None],
    *,
    include_quiet: bool,
) -> pd.DataFrame:
    df = normalize_interactions(_plain_text(frame), columns)
    df = df[df["timestamp"] <= as_of]
    if policy.negative_memory is not None:
        return _object_path(df, as_of, policy, churn, include_quiet)
    return _vectorised(df, as_of, policy, churn, include_quiet)


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    """String-dtype columns (as Dask makes them) as Python objects, without touching the input."""
    text = {c: object for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)}
    return frame.astype(text) if text else frame


def _object_path(
    df: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
) -> pd.DataFrame:
    interactions = interactions_from_frame(df)
    present = {i.customer_id for i in interactions}
    known = [
        Customer(id=cid, created=datetime.min.replace(tzinfo=_UTC), churned=when)
        for cid, when in churn.items()
        if include_quiet or cid in present
    ]
    return recovery_assessments_to_frame(
        assess_recoveries(interactions, as_of=as_of, policy=policy, customers=known)
    )


def _ns(stamps: pd.Series) -> np.ndarray:
    return np.asarray(pd.DatetimeIndex(stamps).tz_convert(_UTC).as_unit("ns").asi8)


def _stamp(ns: int) -> datetime:
    value: datetime = pd.Timestamp(ns, tz=_UTC).to_pydatetime()
    return value


def _to_ns(moment: datetime) -> int:
    return int(pd.Timestamp(moment).tz_convert(_UTC).as_unit("ns").value)


class _Rows:
    """The sorted interactions of a base as numpy arrays, with the debt after each."""

    def __init__(self, df: pd.DataFrame, policy: RecoveryPolicy) -> None:
        ts = _ns(df["timestamp"])
        keys = pd.DataFrame(
            {
                "c": df["customer_id"].to_numpy(dtype=object),
                "t": ts,
                "i": df["id"].to_numpy(dtype=object),
            }
        )
        order = keys.sort_values(["c", "t", "i"]).index.to_numpy()
        self.ts = ts[order]
        self.ids = df["id"].to_numpy(dtype=object)[order]
        customer = df["customer_id"].to_numpy(dtype=object)[order]
        sentiment = df["sentiment"].to_numpy(dtype=object)[order]
        self.neg = sentiment == "negative"
        self.pos = sentiment == "positive"
        self.cancel = df["kind"].to_numpy(dtype=object)[order] == "cancellation"
        per = float(policy.positives_per_negative)
        credit_of = {kind.value: amount for kind, amount in policy.gesture_credit.items()}
        gestures = pd.Series(df["gesture_kind"].to_numpy(dtype=object)[order])
        credit = gestures.map(credit_of).fillna(0.0).to_numpy(dtype=float)
        x = np.where(
            self.neg, per - np.minimum(credit, per), np.where(self.pos, -(1.0 + credit), -credit)
        )
        self.adds = self.neg & (x > _EPS)
        n = len(x)
        starts = (
            np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]]) if n else np.array([], int)
        )
        self.starts = starts
        self.ends = np.r_[starts[1:], n] if n else np.array([], int)
        self.customers = customer[starts] if n else np.array([], dtype=object)
        group = (
            np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, n])) if n else np.array([], int)
        )
        self.group = group
        frame = pd.DataFrame({"g": group, "x": x})
        cum = frame.groupby("g", sort=False)["x"].cumsum().to_numpy()
        low = pd.Series(cum).groupby(group, sort=False).cummin().to_numpy()
        self.debt = cum - np.minimum(0.0, low)
        previous = np.r_[0.0, self.debt[:-1]] if n else np.array([], float)
        if n:
            previous[starts] = 0.0
        self.previous = previous
        self.nonneg_cum = (
            pd.Series((~self.neg).astype(np.int64)).groupby(group, sort=False).cumsum().to_numpy()
        )


def _vectorised(
    df: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
) -> pd.DataFrame:
    rows = _Rows(df, policy)
    per = policy.positives_per_negative
    n = len(rows.ts)
    as_of_ns = _to_ns(as_of)
    debt, previous, group = rows.debt, rows.previous, rows.group
    owing = debt > _EPS
    # per-customer sums and positions
    groups = len(rows.starts)
    wasted = np.bincount(group, weights=rows.pos & (previous <= _EPS), minlength=groups).astype(int)
    recovered = np.bincount(group, weights=(previous > _EPS) & ~owing, minlength=groups).astype(int)
    index = np.arange(n)
    last_neg = np.full(groups, -1)
    np.maximum.at(last_neg, group[rows.neg], index[rows.neg])
    last_zero = np.full(groups, -1)
    np.maximum.at(last_zero, group[~owing], index[~owing])
    after_neg = rows.pos & (last_neg[group] >= 0) & (index > last_neg[group])
    pos_since = np.bincount(group, weights=after_neg, minlength=groups).astype(int)
    final = debt[rows.ends - 1] if n else np.array([], float)
    # silence: rows leaving a debt open followed by a long enough gap
    next_ts = np.r_[rows.ts[1:], 0] if n else np.array([], np.int64)
    if n:
        next_ts[rows.ends - 1] = as_of_ns
    silent: dict[int, list[tuple[int, int, int, str]]] = {}
    if policy.loss_after_silence is not None and n:
        window = _Window(policy.loss_after_silence)
        gap = next_ts - rows.ts
        low_ns = window.low // timedelta(microseconds=1) * 1000
        candidates = np.flatnonzero(owing & (gap >= low_ns))
        for row in candidates.tolist():
            deadline = window.end(_stamp(int(rows.ts[row])))
            deadline_ns = _to_ns(deadline)
            if next_ts[row] >= deadline_ns:
                silent.setdefault(int(group[row]), []).append(
                    (2 * (row - int(rows.starts[group[row]])) + 2, 0, deadline_ns, "silence")
                )
    out: dict[str, dict[str, Any]] = {}
    for g in range(groups):
        cid = str(rows.customers[g])
        start, end = int(rows.starts[g]), int(rows.ends[g])
        events = list(silent.get(g, ()))
        for row in np.flatnonzero(rows.cancel[start:end]).tolist():
            events.append((2 * row + 1, 0, int(rows.ts[start + row]), "cancellation"))
        when = churn.get(cid)
        if when is not None and when <= as_of:
            when_ns = _to_ns(when)
            before = int(np.searchsorted(rows.ts[start:end], when_ns, side="left"))
            events.append((2 * before, 1, when_ns, "churned"))
        lost, lost_at, reason, came_back = _losses(events, rows, start, end)
        out[cid] = _row(
            per=per,
            debt=float(final[g]),
            count=end - start,
            wasted=int(wasted[g]),
            recovered=int(recovered[g]),
            pos_since=int(pos_since[g]),
            last_neg=None if last_neg[g] < 0 else int(rows.ts[last_neg[g]]),
            owed_since=int(rows.ts[max(int(last_zero[g]) + 1, start)]) if final[g] > _EPS else None,
            shown=_shown(rows, start, end, float(final[g]), per),
            lost=lost,
            lost_at=lost_at,
            reason=reason,
            came_back=came_back,
        )
    if include_quiet:
        for cid, when in churn.items():
            if cid in out:
                continue
            events_lost = when is not None and when <= as_of
            out[cid] = _row(
                per=per,
                debt=0.0,
                count=0,
                wasted=0,
                recovered=0,
                pos_since=0,
                last_neg=None,
                owed_since=None,
                shown=[],
                lost=events_lost,
                lost_at=_to_ns(when) if events_lost and when is not None else None,
                reason="churned" if events_lost else None,
                came_back=None,
            )
    return _frame_of(out)


def _shown(rows: _Rows, start: int, end: int, debt: float, per: int) -> list[int]:
    """Timestamps of the open negatives an explanation lists (the latest ones)."""
    if debt <= _EPS:
        return []
    keep = min(math.ceil(debt / per - _EPS), _TAIL)
    adds = np.flatnonzero(rows.adds[start:end])
    return [int(rows.ts[start + i]) for i in adds[len(adds) - keep :]]


def _losses(
    events: list[tuple[int, int, int, str]], rows: _Rows, start: int, end: int
) -> tuple[bool, int | None, str | None, int | None]:
    """Walk a customer's loss events in order, with comebacks between them."""
    lost, lost_at, reason, came_back = False, None, None, None
    nonneg = rows.nonneg_cum[start:end]
    seen = 0  # non-negative rows before the latest event

    def nonneg_before(position: int) -> int:
        last_row = (position - 1) // 2
        return 0 if last_row < 0 else int(nonneg[last_row])

    def first_nonneg_after(count: int) -> int:
        return int(rows.ts[start + int(np.searchsorted(nonneg, count + 1, side="left"))])

    for position, _, moment, kind in sorted(events):
        here = nonneg_before(position)
        if lost and here > seen:
            lost, came_back = False, first_nonneg_after(seen)
        seen = here
        if kind == "silence" and lost:
            continue
        lost, lost_at, reason, came_back = True, moment, kind, None
    total = int(nonneg[-1]) if end > start else 0
    if lost and total > seen:
        lost, came_back = False, first_nonneg_after(seen)
    return lost, lost_at, reason, came_back


def _row(
    *,
    per: int,
    debt: float,
    count: int,
    wasted: int,
    recovered: int,
    pos_since: int,
    last_neg: int | None,
    owed_since: int | None,
    shown: list[int],
    lost: bool,
    lost_at: int | None,
    reason: str | None,
    came_back: int | None,
) -> dict[str, Any]:
    open_negatives = 0 if debt <= _EPS else math.ceil(debt / per - _EPS)
    needed = 0 if open_negatives == 0 else math.ceil(debt - _EPS)
    if lost:
        status = "lost"
    elif open_negatives == 0:
        status = "healthy"
    elif pos_since:
        status = "recovering"
    else:
        status = "at_risk"
    first = []
    if wasted and open_negatives:
        first.append("recovery.goodwill_not_banked")
    if recovered:
        first.append("recovery.recovered_before")
    timed: list[tuple[int, int, str]] = []
    if open_negatives > len(shown):
        timed.append((shown[0], 0, "recovery.negatives_earlier"))
    timed += [(moment, 1, "recovery.negative") for moment in shown]
    if open_negatives and pos_since and last_neg is not None:
        timed.append((last_neg, 2, "recovery.positives_since"))
    if lost_at is not None and reason is not None:
        timed.append((lost_at, 3, f"recovery.lost.{reason}"))
    if came_back is not None:
        timed.append((came_back, 4, "recovery.comeback"))
    timed.sort(key=lambda item: (item[0], item[1]))
    codes = (*first, *(code for _, _, code in timed), f"recovery.status.{status}")

    def stamp(ns: int | None) -> pd.Timestamp | None:
        return None if ns is None else pd.Timestamp(ns, tz=_UTC)

    return {
        "status": status,
        "positives_needed": needed,
        "open_negatives": open_negatives,
        "positives_since_last_negative": pos_since,
        "last_negative_at": stamp(last_neg),
        "owed_since": stamp(owed_since if open_negatives else None),
        "lost_at": stamp(lost_at),
        "lost_reason": reason,
        "came_back_at": stamp(came_back),
        "times_recovered": recovered,
        "interactions_counted": count,
        "reason_codes": codes,
    }


def recovery_ledger_frame(
    frame: pd.DataFrame,
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The running debt after each interaction (for plots): one row per counted interaction.

    Rows are sorted by ``(customer_id, timestamp, id)`` with the columns
    ``customer_id``, ``id``, ``timestamp`` (UTC), ``sentiment``, ``debt`` (the
    positives owed after the interaction, fractional with fractional gesture
    credit) and ``positives_needed``. Forgetting under ``negative_memory``
    between interactions is applied as the ledger applies it.

    >>> import pandas as pd
    >>> from datetime import datetime, timedelta, timezone
    >>> from custinteract.frames import recovery_ledger_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2"], "customer_id": ["a", "a"],
    ...     "timestamp": pd.to_datetime(["2026-03-01", "2026-03-02"], utc=True),
    ...     "sentiment": ["negative", "positive"]})
    >>> recovery_ledger_frame(df, as_of=datetime(2026, 3, 5, tzinfo=timezone.utc))["debt"].tolist()
    [6.0, 5.0]
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    df = normalize_interactions(_plain_text(frame), columns)
    df = df[df["timestamp"] <= as_of]
    rows = _Rows(df, policy)
    debt = rows.debt if policy.negative_memory is None else _debts_with_memory(df, policy)
    sentiment = np.where(rows.neg, "negative", np.where(rows.pos, "positive", "neutral"))
    out: pd.DataFrame = pd.DataFrame(
        {
            "customer_id": rows.customers[rows.group] if len(rows.ts) else np.array([], object),
            "id": rows.ids,
            "timestamp": pd.to_datetime(rows.ts, utc=True),
            "sentiment": sentiment.astype(object),
            "debt": np.where(debt > _EPS, debt, 0.0),
        }
    )
    out["positives_needed"] = np.ceil(out["debt"].to_numpy() - _EPS).clip(min=0).astype("int64")
    return out


def _debts_with_memory(df: pd.DataFrame, policy: RecoveryPolicy) -> np.ndarray:
    interactions = sorted(
        interactions_from_frame(df), key=lambda i: (i.customer_id, i.timestamp, i.id)
    )
    debts = []
    tally: _Tally | None = None
    for interaction in interactions:
        if tally is None or tally.customer_id != interaction.customer_id:
            tally = _Tally(policy, None)
            tally.customer_id = interaction.customer_id
        tally.advance(interaction.timestamp)
        tally.apply(interaction)
        debts.append(float(tally.debt))
    return np.asarray(debts, dtype=float)
