"""The result frame of :func:`~custinteract.frames.recovery_frame`: its dtypes, order and quiet customers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ..activity import ActivityStatus
from ._explain import REPRESENTATIVE, explain
from ._frames_rows import NO_MOMENT, to_ns, whole_counts
from ._policy import LossReason, RecoveryPolicy
from ._rules import status_of
from ._state import Standing

__all__ = ["MOMENTS", "assemble", "empty_frame", "typed", "with_quiet"]

MOMENTS = ("last_negative_at", "owed_since", "lost_at", "came_back_at")
_NAT = np.iinfo(np.int64).min
_COUNTS = (
    "positives_needed",
    "open_negatives",
    "positives_since_last_negative",
    "times_recovered",
    "interactions_counted",
)


def empty_frame() -> pd.DataFrame:
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


def typed(out: pd.DataFrame) -> pd.DataFrame:
    """The count columns as int64, the text ones as objects (timestamps already set)."""
    for name in _COUNTS:
        whole_counts(out[name].to_numpy(dtype=float), name)  # never wrap around
        out[name] = out[name].astype("int64")
    for name in ("status", "lost_reason", "activity", "reason_codes"):
        out[name] = out[name].astype(object)
    return out


def with_quiet(
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
            "last_negative_at": NO_MOMENT,
            "owed_since": NO_MOMENT,
            "lost_at": to_ns(when) if lost and when is not None else NO_MOMENT,
            "lost_reason": None if state.lost_reason is None else state.lost_reason.value,
            "came_back_at": NO_MOMENT,
            "times_recovered": 0,
            "interactions_counted": 0,
            "activity": None if policy.activity is None else ActivityStatus.UNSEEN.value,
            "reason_codes": tuple(reason.code for reason in explain(state, policy)),
        }
        for name in columns:
            extra[name].append(values[name])
    merged = {name: _joined(columns[name], extra[name]) for name in columns}
    return assemble(merged, [*ids, *quiet])


def _joined(values: Any, more: list[Any]) -> np.ndarray:
    """A column's values followed by ``more`` (objects stay objects, tuples stay whole)."""
    head = np.asarray(values)
    tail = np.empty(len(more), dtype=object)
    tail[:] = more
    if head.dtype != object:
        tail = tail.astype(head.dtype)
    return np.concatenate([head, tail])


def assemble(columns: Mapping[str, Any], ids: Any, *, ordered: bool = False) -> pd.DataFrame:
    """The result frame from per-customer columns (moments in ns, :data:`NO_MOMENT` for none).

    Rows are sorted by customer id unless ``ordered`` says they already are.
    """
    if not len(ids):
        return empty_frame()
    data: dict[str, Any] = {}
    for name, values in columns.items():
        if name in MOMENTS:
            ns = np.asarray(values, dtype=np.int64)
            data[name] = pd.DatetimeIndex(
                np.where(ns != NO_MOMENT, ns, _NAT).view("M8[ns]"), tz="UTC"
            ).array
        elif name == "reason_codes":
            codes = np.empty(len(ids), dtype=object)
            codes[:] = list(values)
            data[name] = codes
        else:
            data[name] = np.asarray(values)
    names = np.asarray(ids, dtype=object)
    out = typed(pd.DataFrame(data, index=pd.Index(names, dtype=object, name="customer_id")))
    if ordered:
        return out
    found: pd.DataFrame = out.iloc[np.argsort(names, kind="stable")]
    return found
