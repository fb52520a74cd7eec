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
from datetime import datetime, timezone, tzinfo
from typing import Any

import numpy as np
import pandas as pd

from .._columns import ids_as_text, localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._frames_values import interactions_from_frame
from .._models import Customer
from .._tabular import apply_by_key, empty_text_as_objects, normalize_interactions, with_why
from .._time import EARLIEST_YEAR, ensure_aware
from ._engine import (
    REASON_CODES,
    RecoveryAssessment,
    RecoveryPolicy,
    _check_policy,
    assess_recoveries,
)
from ._frames_activity import activity_of_rows, activity_statuses, with_activity
from ._frames_balances import STATUS_LOOKUP, balances, reason_codes
from ._frames_columns import MOMENTS, assemble, empty_frame, typed, with_quiet
from ._frames_losses import apply_losses, loss_events
from ._frames_rows import Rows, fits_ns, to_ns, whole_counts
from ._rules import running_debts
from ._state import EPS

__all__ = [
    "RECOVERY_COLUMNS",
    "recovery_assessments_to_frame",
    "recovery_frame",
    "recovery_ledger_frame",
]

_FIELDS: tuple[str, ...] = (
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
RECOVERY_COLUMNS: tuple[str, ...] = (*_FIELDS, "why")
"""The columns of :func:`recovery_frame`, one per :class:`~custinteract.RecoveryAssessment` field, and ``why``.

Enums are their text values, timestamps are UTC, ``reason_codes`` is the
tuple of the explanation's codes, in order, and ``why`` their meanings
(from :data:`~custinteract.RECOVERY_REASON_CODES`) joined by ``"; "``.
"""

_UTC = timezone.utc
_READ = ("id", "customer_id", "timestamp", "sentiment", "kind", "direction", "gesture_kind")
"""The normalized columns the vectorised path reads (the rules' and the activity's)."""


def _frame_of(rows: dict[str, dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return empty_frame()
    ids = sorted(rows)
    out: pd.DataFrame = pd.DataFrame(
        [rows[i] for i in ids], index=pd.Index(ids, dtype=object, name="customer_id")
    )
    out = out[list(_FIELDS)]
    for name in MOMENTS:
        try:
            out[name] = pd.to_datetime(out[name], utc=True).astype("datetime64[ns, UTC]")
        except pd.errors.OutOfBoundsDatetime as exc:
            value = next(t for t in out[name] if t is not None and not fits_ns(t, out[name][:0]))
            raise InvalidInputError(
                name,
                value,
                "a date in the range of the frame's nanosecond timestamp columns"
                " (1677-09-22 to 2262-04-11); assess such dates with assess_recoveries",
            ) from exc
    return typed(out)


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
    out = with_why(_frame_of(rows), "reason_codes", REASON_CODES)
    moments = {a.as_of for a in assessments.values()}
    if len(moments) == 1:
        out.attrs["as_of"] = moments.pop()
    return out


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


def _on_polars() -> Any:
    from ._frames_polars import recovery_frame_polars

    return recovery_frame_polars


@same_kind_out("frame", "customers", polars=_on_polars)
def recovery_frame(
    frame: Any,
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
    customers: Any = None,
) -> Any:
    """One row per customer, indexed by ``customer_id``: :func:`~custinteract.assess_recoveries` as a frame.

    ``frame`` holds interactions (see :data:`~custinteract.frames.INTERACTION_COLUMNS`;
    ``columns`` maps our names to yours). Only rows with ``timestamp <= as_of``
    count. ``customers`` (Customer values, or a frame with ``customer_id``
    and ``churned``) adds the churn dates and the customers with no
    interactions. The columns are :data:`RECOVERY_COLUMNS`; ``attrs["as_of"]``
    keeps ``as_of`` for :func:`~custinteract.summarize_recoveries` and
    :func:`~custinteract.plotting.plot_recovery_summary`. A Dask DataFrame
    gives a lazy Dask result (customers with no interactions are then left
    out). The input is never modified.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

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
    frame = localized(frame, columns, tz, "tz")
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    churn = _churn_dates(customers)
    if isinstance(frame, pd.DataFrame):
        out = with_why(
            _recovery_pandas(frame, as_of, policy, columns, churn, include_quiet=True),
            "reason_codes",
            REASON_CODES,
        )
        out.attrs["as_of"] = as_of  # for summarize_recoveries and the plots
        return out
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
        lambda part: with_why(
            _recovery_pandas(
                part, as_of, policy, columns, churn, include_quiet=False, activity=activity
            ),
            "reason_codes",
            REASON_CODES,
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
    counted = (df["timestamp"] <= as_of).to_numpy(dtype=bool)
    every = bool(counted.all())
    stamps = df["timestamp"] if every else df["timestamp"][counted]
    if policy.negative_memory is not None or not fits_ns(as_of, stamps):
        return _object_path(empty_text_as_objects(df[counted]), as_of, policy, churn, include_quiet)
    df = df[list(_READ)]  # the arrays read only these: no copy of the others
    if not every:
        df = df[counted]
    return _vectorised(empty_text_as_objects(df), as_of, policy, churn, include_quiet, activity)


def _object_path(
    df: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
) -> pd.DataFrame:
    interactions = interactions_from_frame(df)
    present = {i.customer_id for i in interactions}
    start = datetime(EARLIEST_YEAR, 1, 1, tzinfo=_UTC)  # before every timestamp a frame holds
    known = [
        Customer(id=cid, created=start, became_customer=start, churned=when)
        for cid, when in churn.items()
        if include_quiet or cid in present
    ]
    return recovery_assessments_to_frame(
        assess_recoveries(interactions, as_of=as_of, policy=policy, customers=known)
    )


def _vectorised(
    df: pd.DataFrame,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
    activity: pd.Series | None,
) -> pd.DataFrame:
    rows = Rows(df, policy)
    if activity is None and policy.activity is not None:
        activity = activity_of_rows(rows, df, as_of, policy.activity, policy.activity_model)
    return _settled(rows, as_of, policy, churn, include_quiet, activity)


def _settled(
    rows: Rows,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    include_quiet: bool,
    activity: pd.Series | None,
) -> pd.DataFrame:
    """The result frame (without ``why``) from the sorted rows: balances, losses, codes."""
    columns = _settled_columns(rows, as_of, policy, churn, activity)
    ids = rows.customers  # sorted
    quiet = _quiet_customers(churn, ids) if include_quiet else []
    if quiet:
        return with_quiet(columns, ids.tolist(), quiet, churn, as_of, policy)
    return assemble(columns, ids, ordered=True)


def _quiet_customers(churn: Mapping[str, datetime | None], ids: np.ndarray) -> list[str]:
    """The customers of ``churn`` with no row among ``ids``, sorted."""
    if not churn:
        return []
    present = set(ids.tolist())
    return sorted(cid for cid in churn if cid not in present)


def _settled_columns(
    rows: Rows,
    as_of: datetime,
    policy: RecoveryPolicy,
    churn: Mapping[str, datetime | None],
    activity: pd.Series | None,
) -> dict[str, Any]:
    """The result's columns but ``why``, one value per customer of ``rows.customers``, as arrays.

    Moments are in nanoseconds (:data:`NO_MOMENT` for none), ``reason_codes``
    an object array of tuples.
    """
    state = balances(rows)
    events = loss_events(rows, policy, to_ns(as_of), churn, as_of)
    lost = apply_losses(state, rows, events)
    status_index = 4 * lost + 2 * (state["open_negatives"] > 0) + (state["pos_since"] > 0)
    state["status"] = STATUS_LOOKUP[status_index]
    codes = reason_codes(state, status_index, rows, events, policy)
    statuses = with_activity(codes, state["status"], rows.customers, activity)
    return {
        "status": state["status"],
        "positives_needed": state["positives_needed"],
        "open_negatives": state["open_negatives"],
        "positives_since_last_negative": state["pos_since"],
        "last_negative_at": state["last_negative_at"],
        "owed_since": state["owed_since"],
        "lost_at": state["lost_at"],
        # a reason only where the customer is lost (the explanation keeps an earlier loss)
        "lost_reason": np.where(lost, state["lost_reason"], np.array(None, dtype=object)),
        "came_back_at": state["came_back_at"],
        "times_recovered": state["recovered"],
        "interactions_counted": (rows.ends - rows.starts).astype(np.int64),
        "activity": statuses,
        "reason_codes": codes,
    }


def _ledger_on_polars() -> Any:
    from ._frames_polars import recovery_ledger_frame_polars

    return recovery_ledger_frame_polars


@same_kind_out("frame", polars=_ledger_on_polars)
def recovery_ledger_frame(
    frame: pd.DataFrame,
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """The running debt after each interaction (for plots): one row per counted interaction.

    Rows are sorted by ``(customer_id, timestamp, id)`` with the columns
    ``customer_id``, ``id``, ``timestamp`` (UTC), ``sentiment``, ``debt`` (the
    positives owed after the interaction, fractional with fractional gesture
    credit) and ``positives_needed``. Forgetting under ``negative_memory``
    between interactions is applied as the ledger applies it.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> from datetime import datetime, timedelta, timezone
    >>> from custinteract.frames import recovery_ledger_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2"], "customer_id": ["a", "a"],
    ...     "timestamp": pd.to_datetime(["2026-03-01", "2026-03-02"], utc=True),
    ...     "sentiment": ["negative", "positive"]})
    >>> recovery_ledger_frame(df, as_of=datetime(2026, 3, 5, tzinfo=timezone.utc))["debt"].tolist()
    [6.0, 5.0]
    """
    frame = localized(frame, columns, tz, "tz")
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    df = normalize_interactions(empty_text_as_objects(frame), columns)
    df = empty_text_as_objects(df[df["timestamp"] <= as_of])
    rows = Rows(df, policy)
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
    out["positives_needed"] = whole_counts(
        np.ceil(out["debt"].to_numpy() - EPS).clip(min=0), "positives_needed"
    )
    return out


def _debts_with_memory(df: pd.DataFrame, policy: RecoveryPolicy) -> np.ndarray:
    interactions = sorted(
        interactions_from_frame(df), key=lambda i: (i.customer_id, i.timestamp, i.id)
    )
    debts = []
    for _, items in itertools.groupby(interactions, key=lambda i: i.customer_id):
        debts += running_debts(items, policy)
    return np.asarray(debts, dtype=float)
