"""The activity column of :func:`~custinteract.frames.recovery_frame`, vectorised.

The frames twin of :mod:`._activity`: each customer's activity status from
:func:`~custinteract.frames.score_activity_frame`, and a HEALTHY customer's
``recovery.lapsing`` or ``recovery.lapsed`` code before the closing status code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from .._models import Direction, InteractionKind
from ..activity import ActivityPolicy, ActivityStatus, BgNbdModel
from ..activity.frames import activity_frame, score_activity_frame
from ._explain import QUIET_CODES
from ._policy import RecoveryPolicy
from ._rules import STATUS_BY

__all__ = ["activity_of_counted", "activity_of_rows", "activity_statuses", "with_activity"]

_UTC = timezone.utc
_NS_PER_DAY = 86_400 * 10**9


def activity_statuses(
    frame: Any, as_of: datetime, policy: RecoveryPolicy, columns: Mapping[str, str] | None
) -> Any:
    """customer_id -> activity status text, from :func:`~custinteract.frames.activity_frame`."""
    found = activity_frame(
        frame, as_of=as_of, policy=policy.activity, model=policy.activity_model, columns=columns
    )
    return found["status"]


_UNSEEN = ActivityStatus.UNSEEN.value
_QUIET = {status.value: code for status, code in QUIET_CODES.items()}
_HEALTHY = STATUS_BY[False, False, False].value


_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC).toordinal()


def activity_of_rows(
    rows: Any, df: pd.DataFrame, as_of: datetime, rules: ActivityPolicy, model: BgNbdModel | None
) -> pd.Series:
    """customer_id -> activity status text, from ``rows`` (the frame's sorted arrays, in (customer, time) order).

    The summaries of :func:`~custinteract.frames.activity_summary_frame` (counted
    UTC days: the first, the last, how many) made from the recovery's own sorted
    arrays, scored by :func:`~custinteract.frames.score_activity_frame`: reading
    the base again through :func:`~custinteract.frames.activity_frame` cost as
    much as the recovery rules themselves at 100k interactions.
    """
    counted = (
        _among(df["kind"], rules.counted_kinds, InteractionKind)
        & _among(df["direction"], rules.counted_directions, Direction)
    )[rows.order]
    return activity_of_counted(rows, counted, as_of, rules, model)


def activity_of_counted(
    rows: Any, counted: np.ndarray, as_of: datetime, rules: ActivityPolicy, model: BgNbdModel | None
) -> pd.Series:
    """:func:`activity_of_rows` given which sorted rows count (their kind and direction)."""
    group = rows.group[counted]
    day = rows.ts[counted] // _NS_PER_DAY
    groups = len(rows.starts)
    if not len(group):
        return pd.Series([], index=pd.Index([], dtype=object), dtype=object)
    new_group = np.r_[True, group[1:] != group[:-1]]
    new_day = new_group | np.r_[True, day[1:] != day[:-1]]
    distinct = np.bincount(group[new_day], minlength=groups)
    first = np.zeros(groups, dtype=np.int64)
    last = np.zeros(groups, dtype=np.int64)
    first[group[new_group]] = day[new_group]
    last_row = np.r_[new_group[1:], True]
    last[group[last_row]] = day[last_row]
    seen = distinct > 0
    today = as_of.astimezone(_UTC).toordinal() - _EPOCH
    summary = pd.DataFrame(
        {
            "frequency": (distinct - 1)[seen].astype(np.int64),
            "recency": (last - first)[seen].astype(np.float64),
            "age": (today - first)[seen].astype(np.float64),
        },
        index=pd.Index(rows.customers[seen], dtype=object, name="customer_id"),
    )
    scored = score_activity_frame(summary, policy=rules, model=model)
    found: pd.Series = scored["status"]
    return found


def _among(values: pd.Series, chosen: Iterable[Enum], members: Iterable[Enum]) -> np.ndarray:
    """Where a normalized enum column (every value a member's) holds one of ``chosen``.

    Compared with the fewer of the chosen and the other members: a text
    comparison costs a fraction of a set lookup.
    """
    wanted = {member.value for member in chosen}
    others = {member.value for member in members} - wanted
    keep = len(wanted) <= len(others)
    found = np.zeros(len(values), dtype=bool)
    for value in sorted(wanted if keep else others):
        found |= (values == value).to_numpy(dtype=bool)
    return found if keep else ~found


def with_activity(
    codes: np.ndarray, status: np.ndarray, ids: np.ndarray, activity: pd.Series | None
) -> np.ndarray:
    """The activity column; a HEALTHY customer's quiet code goes before the closing status code."""
    if activity is None:
        return np.full(len(ids), None, dtype=object)
    found = activity.reindex(pd.Index(ids, dtype=object)).to_numpy(dtype=object, na_value=_UNSEEN)
    quiet = np.flatnonzero((status == _HEALTHY) & np.isin(found, list(_QUIET)))
    for g in quiet.tolist():
        own = codes[g]
        codes[g] = (*own[:-1], _QUIET[found[g]], own[-1])
    return found
