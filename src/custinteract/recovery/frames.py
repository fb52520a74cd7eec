"""The recovery balance over a whole customer base, from DataFrames.

:func:`recovery_frame` gives one row per customer with the same answer as
:func:`custinteract.assess_recoveries`. Without ``negative_memory`` it is
vectorised: the debt after each interaction is the Lindley recursion
``debt_n = max(0, debt_{n-1} + x_n)``, computed per customer as
``S_n - min(0, min_{k<=n} S_k)`` from a grouped cumulative sum and minimum.
Payments settle the oldest negative first, so the negatives still open are
the latest ones of the last stretch of debt whose amounts add up to more than
the final debt minus what the newer ones opened: one more grouped cumulative
sum. Losses (cancellation, churn, silence) and comebacks are then read from a
few rows per customer. With ``negative_memory`` set, forgetting depends on
each negative's age at every step, so the frame runs the object path instead
(correct first, then fast); the tests compare both routes with the object path.

Every number, status and code comes from the rules' tables (what each
sentiment pays, each gesture's credit, the status table, the gesture kinds
with a code of their own), and the reason codes come from the one explanation
function, called once per distinct shape of state on a representative one.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from .._models import Customer, Sentiment
from .._tabular import (
    apply_by_key,
    empty_text_as_objects,
    ids_as_text,
    interactions_from_frame,
    normalize_interactions,
)
from .._time import ensure_aware
from ..activity import ActivityStatus
from ._engine import RecoveryAssessment, RecoveryPolicy, _check_policy, assess_recoveries
from ._explain import REPRESENTATIVE, Representatives, explain, gesture_column
from ._frames_activity import activity_of_rows, activity_statuses, with_activity
from ._policy import LossReason
from ._rules import CODED_GESTURES, SENTIMENT_PAYS, STATUS_BY, running_debts, status_of
from ._state import EPS, TAIL, Standing, Window

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
    "activity",
    "reason_codes",
)
"""The columns of :func:`recovery_frame`, one per :class:`~custinteract.RecoveryAssessment` field.

Enums are their text values, timestamps are UTC, and ``reason_codes`` is the
tuple of the explanation's codes, in order.
"""

_UTC = timezone.utc
_NS_PER_DAY = 86_400 * 10**9

_Event = tuple[int, int, int, LossReason]
"""A loss event of one customer: (position, order, moment in ns, reason); see :func:`_loss_events`."""


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
            "activity": pd.Series(dtype=object),
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
    for name in _MOMENTS:
        out[name] = pd.to_datetime(out[name], utc=True).astype("datetime64[ns, UTC]")
    return _typed(out)


_MOMENTS = ("last_negative_at", "owed_since", "lost_at", "came_back_at")
_COUNTS = (
    "positives_needed",
    "open_negatives",
    "positives_since_last_negative",
    "times_recovered",
    "interactions_counted",
)


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    """The count columns as int64, the text ones as objects (timestamps already set)."""
    for name in _COUNTS:
        out[name] = out[name].astype("int64")
    for name in ("status", "lost_reason", "activity", "reason_codes"):
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
            "activity": None if a.activity is None else a.activity.value,
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
        ids = ids_as_text(customers["customer_id"])  # as the interactions frame reads them
        for cid, when in zip(ids, churned, strict=True):
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
    activity = None
    if policy.activity is not None:  # the base's gap is measured over all partitions
        try:
            activity = activity_statuses(frame, as_of, policy, columns).compute()
        except InvalidInputError:
            # the lazy graph below refuses the same input when computed, as it always did
            activity = None
    return apply_by_key(
        frame,
        key,
        lambda part: _recovery_pandas(
            part, as_of, policy, columns, churn, include_quiet=False, activity=activity
        ),
        id_column=(columns or {}).get("id", "id"),
    )


def _recovery_pandas(
    frame: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    columns: Mapping[str, str] | None,
    churn: Mapping[str, datetime | None],
    *,
    include_quiet: bool,
    activity: pd.Series | None = None,
) -> pd.DataFrame:
    df = normalize_interactions(empty_text_as_objects(frame), columns)
    df = empty_text_as_objects(df[df["timestamp"] <= as_of])
    if policy.negative_memory is not None:
        return _object_path(df, as_of, policy, churn, include_quiet)
    return _vectorised(df, as_of, policy, churn, include_quiet, activity)


def _object_path(
    df: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
) -> pd.DataFrame:
    interactions = interactions_from_frame(df)
    present = {i.customer_id for i in interactions}
    start = datetime.min.replace(tzinfo=_UTC)
    known = [
        Customer(id=cid, created=start, became_customer=start, churned=when)
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
            order = _group_order(codes, len(names))  # a time-ordered log: only group it
        else:
            order = np.lexsort((ts, codes))
        codes, ts = codes[order], ts[order]
        ties = np.flatnonzero((codes[1:] == codes[:-1]) & (ts[1:] == ts[:-1]))
        if len(ties):
            order = _order_ties_by_id(order, ties, df["id"].to_numpy(dtype=object))
        self.order = order
        self.ts = ts
        self.neg = (df["sentiment"] == Sentiment.NEGATIVE.value).to_numpy(dtype=bool)[order]
        self.pos = (df["sentiment"] == Sentiment.POSITIVE.value).to_numpy(dtype=bool)[order]
        self.cancel = (df["kind"] == "cancellation").to_numpy(dtype=bool)[order]
        per = float(policy.positives_per_negative)
        credit_of = {kind.value: amount for kind, amount in policy.gesture_credit.items() if amount}
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
        # x: the change in debt (rules.opened_by for a negative, what it pays otherwise)
        pays = self._pays(df, order)
        x = np.where(self.neg, per - np.minimum(credit, per), -(pays + credit))
        self.adds = self.neg & (x > EPS)
        self.opened = np.where(self.adds, x, 0.0)  # what each negative opened
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if n else np.zeros(0, int)
        self.starts = starts
        self.ends = np.r_[starts[1:], n].astype(int) if n else np.zeros(0, int)
        self.customers = (
            np.asarray(uniques, dtype=object)[codes[starts]] if n else np.zeros(0, object)
        )
        self.group = np.repeat(np.arange(len(starts)), self.ends - starts)
        cum = pd.Series(x).groupby(self.group, sort=False).cumsum().to_numpy()
        low = pd.Series(cum).groupby(self.group, sort=False).cummin().to_numpy()
        self.debt = cum - np.minimum(0.0, low)
        previous = np.r_[0.0, self.debt[:-1]] if n else np.zeros(0)
        previous[starts] = 0.0
        self.previous = previous
        nonneg = pd.Series((~self.neg).astype(np.int64))
        self.nonneg_cum = nonneg.groupby(self.group, sort=False).cumsum().to_numpy()
        self.opened_cum = pd.Series(self.opened).groupby(self.group, sort=False).cumsum().to_numpy()

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


def _group_order(codes: np.ndarray, groups: int) -> np.ndarray:
    """``np.argsort(codes, kind="stable")``, by 16-bit digits (NumPy radix-sorts those)."""
    if groups <= 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    low = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    high = (codes[low] >> 16).astype(np.uint16 if groups <= 1 << 32 else np.int64)
    return low[np.argsort(high, kind="stable")]


def _order_ties_by_id(order: np.ndarray, ties: np.ndarray, ids: np.ndarray) -> np.ndarray:
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


def _group_max(values: np.ndarray, group: np.ndarray, mask: np.ndarray, groups: int) -> np.ndarray:
    out = np.full(groups, -1, dtype=np.int64)
    np.maximum.at(out, group[mask], values[mask])
    return out


def _vectorised(
    df: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
    activity: pd.Series | None,
) -> pd.DataFrame:
    rows = _Rows(df, policy)
    if activity is None and policy.activity is not None:
        activity = activity_of_rows(rows, df, as_of, policy.activity, policy.activity_model)
    state = _balances(rows)
    events = _loss_events(rows, policy, _to_ns(as_of), churn, as_of)
    lost = _apply_losses(state, rows, events)
    status_index = 4 * lost + 2 * (state["open_negatives"] > 0) + (state["pos_since"] > 0)
    state["status"] = _STATUS_LOOKUP[status_index]
    codes = _reason_codes(state, status_index, rows, events, policy)
    ids = list(rows.customers)
    statuses = with_activity(codes, state["status"], ids, activity)
    columns: dict[str, Any] = {
        "status": state["status"],
        "positives_needed": state["positives_needed"],
        "open_negatives": state["open_negatives"],
        "positives_since_last_negative": state["pos_since"],
        "last_negative_at": state["last_negative_at"],
        "owed_since": state["owed_since"],
        "lost_at": state["lost_at"],
        "lost_reason": state["lost_reason"],
        "came_back_at": state["came_back_at"],
        "times_recovered": state["recovered"],
        "interactions_counted": (rows.ends - rows.starts).astype(np.int64),
        "activity": statuses,
        "reason_codes": codes,
    }
    if include_quiet:
        present = set(ids)
        quiet = sorted(cid for cid in churn if cid not in present)
        if quiet:
            return _with_quiet(columns, ids, quiet, churn, as_of, policy)
    return _assemble(columns, ids)


_STATUS_LOOKUP = np.array(
    [
        STATUS_BY[lost, owing, paying].value
        for lost in (False, True)
        for owing in (False, True)
        for paying in (False, True)
    ],
    dtype=object,
)
""":data:`STATUS_BY` as an array indexed by ``4 * lost + 2 * owing + paying``."""


def _balances(rows: _Rows) -> dict[str, np.ndarray]:
    """Per customer: the debt, the open negatives and the counts, as arrays (losses aside)."""
    n = len(rows.ts)
    groups = len(rows.starts)
    debt, previous, group, ts = rows.debt, rows.previous, rows.group, rows.ts
    owing = debt > EPS
    index = np.arange(n, dtype=np.int64)

    def per_group(flags: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=flags, minlength=groups).astype(np.int64)

    def moment(row: np.ndarray) -> np.ndarray:
        return np.where(row >= 0, ts[np.maximum(row, 0)] if n else 0, -1)

    last_neg = _group_max(index, group, rows.neg, groups)
    last_zero = _group_max(index, group, ~owing, groups)
    final = debt[rows.ends - 1] if n else np.zeros(0)
    # oldest first: a negative is open while the newer ones opened less than the final debt
    newer = (rows.opened_cum[rows.ends - 1] if n else np.zeros(0))[group] - rows.opened_cum
    still_open = rows.adds & (index > last_zero[group]) & (newer < final[group] - EPS)
    opened = np.where(final > EPS, per_group(still_open), 0).astype(np.int64)
    owed_row = np.maximum(last_zero + 1, rows.starts)
    return {
        "wasted": per_group(rows.pos & (previous <= EPS)),
        "recovered": per_group((previous > EPS) & ~owing),
        "pos_since": per_group(rows.pos & (last_neg[group] >= 0) & (index > last_neg[group])),
        "open_negatives": opened,
        "positives_needed": np.where(opened > 0, np.ceil(final - EPS), 0).astype(np.int64),
        "owed_since": np.where(opened > 0, ts[np.minimum(owed_row, max(n - 1, 0))] if n else 0, -1),
        "last_negative_at": moment(last_neg),
        "last_positive_at": moment(_group_max(index, group, rows.pos, groups)),
        **{gesture_column(kind): per_group(rows.gestures[kind]) for kind in rows.gestures},
    }


def _apply_losses(
    state: dict[str, np.ndarray], rows: _Rows, events: dict[int, list[_Event]]
) -> np.ndarray:
    """Walk each customer's loss events (a few rows each); set the loss columns, return ``lost``."""
    groups = len(rows.starts)
    lost = np.zeros(groups, dtype=bool)
    lost_at = np.full(groups, -1, dtype=np.int64)
    reason = np.full(groups, None, dtype=object)
    came_back = np.full(groups, -1, dtype=np.int64)
    for g, found in events.items():
        lost[g], at, why, back = _losses(found, rows, int(rows.starts[g]), int(rows.ends[g]))
        reason[g] = None if why is None else why.value
        lost_at[g] = -1 if at is None else at
        came_back[g] = -1 if back is None else back
    state["lost_at"], state["lost_reason"], state["came_back_at"] = lost_at, reason, came_back
    return lost


def _reason_codes(
    state: dict[str, np.ndarray],
    status_index: np.ndarray,
    rows: _Rows,
    events: dict[int, list[_Event]],
    policy: RecoveryPolicy,
) -> np.ndarray:
    """Each customer's reason codes, from :func:`._explain.explain` on a representative state.

    Customers whose states differ only in what the codes do not show (how
    many positives, which days) share codes: those without loss events are
    grouped by a packed signature of what the codes show, with every dated
    reason at one moment (their order then follows from the explanation's
    own rule); those with loss events also by the order of their moments.
    """
    groups = len(rows.starts)
    if not groups:
        return np.empty(0, dtype=object)
    signature = _pack(
        [
            (state["wasted"] > 0, 2),
            (state["recovered"] > 0, 2),
            (np.minimum(state["open_negatives"], TAIL + 1), TAIL + 2),
            (state["pos_since"] > 0, 2),
            (status_index, 8),
            *((state[gesture_column(kind)] > 0, 2) for kind in rows.gestures),
        ]
    )
    representatives = Representatives(state, list(rows.gestures), policy)
    unique, first, inverse = np.unique(signature, return_index=True, return_inverse=True)
    shared = np.empty(len(unique), dtype=object)
    for k, g in enumerate(first.tolist()):
        shared[k] = representatives.codes(g, None)
    codes: np.ndarray = shared[inverse.reshape(-1)]
    for g in events:
        start, end = int(rows.starts[g]), int(rows.ends[g])
        moments = [
            *_shown(rows, start, end, min(int(state["open_negatives"][g]), TAIL)),
            int(state["last_positive_at"][g]),
            int(state["lost_at"][g]),
            int(state["came_back_at"][g]),
        ]
        # absent moments (-1) stay -1; the present ones by their order
        rank = {moment: k for k, moment in enumerate(sorted(set(moments) - {-1}))}
        ranks = tuple(rank.get(moment, -1) for moment in moments)
        shape = (int(signature[g]), ranks, state["lost_reason"][g])
        codes[g] = representatives.codes(g, shape)
    return codes


def _pack(columns: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Small non-negative integer columns (each below its bound) packed into one int64."""
    packed = np.zeros(len(columns[0][0]), dtype=np.int64)
    for values, bound in columns:
        packed = packed * bound + values.astype(np.int64)
    return packed


def _with_quiet(
    columns: dict[str, Any],
    ids: list[str],
    quiet: list[str],
    churn: Mapping[str, datetime | None],
    as_of: datetime,
    policy: RecoveryPolicy,
) -> pd.DataFrame:
    """Add customers with no interactions: healthy, or lost at their churn date."""
    extra: dict[str, list[Any]] = {name: [] for name in columns}
    healthy = Standing(status=status_of(False, 0, 0), needed=0, open_negatives=0)
    churned = Standing(
        status=status_of(True, 0, 0),
        needed=0,
        open_negatives=0,
        lost_at=REPRESENTATIVE,
        lost_reason=LossReason.CHURNED,
    )
    for cid in quiet:
        when = churn[cid]
        lost = when is not None and when <= as_of
        state = churned if lost else healthy
        values = {
            "status": state.status.value,
            "positives_needed": 0,
            "open_negatives": 0,
            "positives_since_last_negative": 0,
            "last_negative_at": -1,
            "owed_since": -1,
            "lost_at": _to_ns(when) if lost and when is not None else -1,
            "lost_reason": None if state.lost_reason is None else state.lost_reason.value,
            "came_back_at": -1,
            "times_recovered": 0,
            "interactions_counted": 0,
            "activity": None if policy.activity is None else ActivityStatus.UNSEEN.value,
            "reason_codes": tuple(reason.code for reason in explain(state, policy)),
        }
        for name in columns:
            extra[name].append(values[name])
    merged = {name: [*list(columns[name]), *extra[name]] for name in columns}
    return _assemble(merged, [*ids, *quiet])


def _assemble(columns: Mapping[str, Any], ids: list[str]) -> pd.DataFrame:
    if not ids:
        return _empty()
    out: pd.DataFrame = pd.DataFrame(
        {
            name: np.asarray(values) if name != "reason_codes" else None
            for name, values in columns.items()
        },
        index=pd.Index(np.asarray(ids, dtype=object), dtype=object, name="customer_id"),
    )
    codes = np.empty(len(ids), dtype=object)
    codes[:] = list(columns["reason_codes"])
    out["reason_codes"] = codes
    for name in _MOMENTS:
        ns = np.asarray(columns[name], dtype=np.int64)
        stamps = pd.to_datetime(np.where(ns >= 0, ns, np.iinfo(np.int64).min), utc=True)
        out[name] = pd.Series(stamps, index=out.index).astype("datetime64[ns, UTC]")
    out = _typed(out)
    order = np.argsort(np.asarray(ids, dtype=object), kind="stable")
    ordered: pd.DataFrame = out.iloc[order]
    return ordered


def _loss_events(
    rows: _Rows,
    policy: RecoveryPolicy,
    as_of_ns: int,
    churn: Mapping[str, datetime | None],
    as_of: datetime,
) -> dict[int, list[_Event]]:
    """Per customer (group number): loss events as (position, order, moment in ns, reason).

    Row ``r`` of a customer sits at position ``2r + 1``; the time after it
    (silence, churn) at ``2r + 2``; a comeback at row ``r`` happens before its
    own cancellation.
    """
    events: dict[int, list[_Event]] = {}
    n = len(rows.ts)
    if not n:
        return events
    relative = np.arange(n) - rows.starts[rows.group]
    for row in np.flatnonzero(rows.cancel).tolist():
        events.setdefault(int(rows.group[row]), []).append(
            (2 * int(relative[row]) + 1, 0, int(rows.ts[row]), LossReason.CANCELLATION)
        )
    if policy.loss_after_silence is not None:
        window = Window(policy.loss_after_silence)
        next_ts = np.r_[rows.ts[1:], 0]
        next_ts[rows.ends - 1] = as_of_ns
        gap = next_ts - rows.ts
        owing = rows.debt > EPS
        if window.fixed is not None:
            fixed_ns = window.fixed // timedelta(microseconds=1) * 1000
            for row in np.flatnonzero(owing & (gap >= fixed_ns)).tolist():
                events.setdefault(int(rows.group[row]), []).append(
                    (
                        2 * int(relative[row]) + 2,
                        0,
                        int(rows.ts[row]) + fixed_ns,
                        LossReason.SILENCE,
                    )
                )
        else:
            low_ns = window.low // timedelta(microseconds=1) * 1000
            for row in np.flatnonzero(owing & (gap >= low_ns)).tolist():
                deadline_ns = _to_ns(window.end(_stamp(int(rows.ts[row]))))
                if next_ts[row] >= deadline_ns:
                    events.setdefault(int(rows.group[row]), []).append(
                        (2 * int(relative[row]) + 2, 0, deadline_ns, LossReason.SILENCE)
                    )
    if churn:
        position = {cid: g for g, cid in enumerate(rows.customers.tolist())}
        for cid, when in churn.items():
            g = position.get(cid)
            if g is None or when is None or when > as_of:
                continue
            when_ns = _to_ns(when)
            start, end = int(rows.starts[g]), int(rows.ends[g])
            before = int(np.searchsorted(rows.ts[start:end], when_ns, side="left"))
            events.setdefault(g, []).append((2 * before, 1, when_ns, LossReason.CHURNED))
    return events


def _shown(rows: _Rows, start: int, end: int, count: int) -> list[int]:
    """Timestamps of the open negatives an explanation lists (the latest ``count`` ones)."""
    if not count:
        return []
    adds = np.flatnonzero(rows.adds[start:end])
    return [int(rows.ts[start + i]) for i in adds[len(adds) - count :]]


def _losses(
    events: list[_Event], rows: _Rows, start: int, end: int
) -> tuple[bool, int | None, LossReason | None, int | None]:
    """Walk a customer's loss events in order, with comebacks between them."""
    lost: bool = False
    lost_at: int | None = None
    reason: LossReason | None = None
    came_back: int | None = None
    nonneg = rows.nonneg_cum[start:end]
    seen = 0  # non-negative rows before the latest event

    def nonneg_before(position: int) -> int:
        last_row = (position - 1) // 2
        return 0 if last_row < 0 else int(nonneg[last_row])

    def first_nonneg_after(count: int) -> int:
        return int(rows.ts[start + int(np.searchsorted(nonneg, count + 1, side="left"))])

    for position, _, moment, kind in sorted(events, key=lambda event: event[:3]):
        here = nonneg_before(position)
        if lost and here > seen:
            lost, came_back = False, first_nonneg_after(seen)
        seen = here
        if kind is LossReason.SILENCE and lost:
            continue
        lost, lost_at, reason, came_back = True, moment, kind, None
    total = int(nonneg[-1]) if end > start else 0
    if lost and total > seen:
        lost, came_back = False, first_nonneg_after(seen)
    return lost, lost_at, reason, came_back


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
    df = normalize_interactions(empty_text_as_objects(frame), columns)
    df = empty_text_as_objects(df[df["timestamp"] <= as_of])
    rows = _Rows(df, policy)
    debt = rows.debt if policy.negative_memory is None else _debts_with_memory(df, policy)
    sentiment = np.where(rows.neg, "negative", np.where(rows.pos, "positive", "neutral"))
    out: pd.DataFrame = pd.DataFrame(
        {
            "customer_id": rows.customers[rows.group] if len(rows.ts) else np.array([], object),
            "id": df["id"].to_numpy(dtype=object)[rows.order],
            "timestamp": pd.to_datetime(rows.ts, utc=True),
            "sentiment": sentiment.astype(object),
            "debt": np.where(debt > EPS, debt, 0.0),
        }
    )
    out["positives_needed"] = np.ceil(out["debt"].to_numpy() - EPS).clip(min=0).astype("int64")
    return out


def _debts_with_memory(df: pd.DataFrame, policy: RecoveryPolicy) -> np.ndarray:
    interactions = sorted(
        interactions_from_frame(df), key=lambda i: (i.customer_id, i.timestamp, i.id)
    )
    debts = []
    for _, items in itertools.groupby(interactions, key=lambda i: i.customer_id):
        debts += running_debts(items, policy)
    return np.asarray(debts, dtype=float)
