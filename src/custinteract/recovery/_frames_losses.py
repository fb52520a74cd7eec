"""Losses over the sorted rows: cancellations, silence and churn, with the comebacks between them.

The loss events of all customers are found with array masks and walked
together, as the ledger walks each customer's: after any event the customer
is lost, so a silence counts only where a non-negative interaction (a
comeback) came since the previous event; the last event that counted gives
the loss, and a non-negative interaction after the last event the comeback.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs
import numpy as np

from ._frames_rows import NO_MOMENT, Rows, stamp, to_ns
from ._policy import LossReason, RecoveryPolicy
from ._state import EPS, Window

__all__ = ["_Events", "apply_losses", "loss_events"]

_REASONS = tuple(LossReason)
_CANCELLATION = _REASONS.index(LossReason.CANCELLATION)
_SILENCE = _REASONS.index(LossReason.SILENCE)
_CHURNED = _REASONS.index(LossReason.CHURNED)
_REASON_TEXT = np.array([reason.value for reason in _REASONS], dtype=object)


@attrs.frozen(kw_only=True)
class _Events:
    """The loss events of a base as arrays, sorted by customer then by when they happen.

    Row ``r`` of a customer sits at position ``2r + 1``; the time after it
    (silence, churn) at ``2r + 2``; a comeback at row ``r`` happens before its
    own cancellation. ``order`` breaks ties at one position (a silence before
    a churn); ``reason`` indexes ``tuple(LossReason)``.
    """

    group: np.ndarray
    position: np.ndarray
    order: np.ndarray
    moment: np.ndarray
    reason: np.ndarray

    @property
    def customers(self) -> np.ndarray:
        """The customers (group numbers) with at least one event, ascending."""
        return np.unique(self.group)


def loss_events(
    rows: Rows,
    policy: RecoveryPolicy,
    as_of_ns: int,
    churn: Mapping[str, datetime | None],
    as_of: datetime,
) -> _Events:
    """The loss events of every customer: cancellations, silences and churn dates."""
    n = len(rows.ts)
    relative = np.arange(n) - np.repeat(rows.starts, rows.ends - rows.starts)
    cancelled = np.flatnonzero(rows.cancel)
    parts = [
        _part(
            rows.group[cancelled], 2 * relative[cancelled] + 1, 0, rows.ts[cancelled], _CANCELLATION
        )
    ]
    if policy.loss_after_silence is not None and n:
        window = Window(policy.loss_after_silence)
        next_ts = np.r_[rows.ts[1:], 0]
        next_ts[rows.ends - 1] = as_of_ns
        gap = next_ts - rows.ts
        owing = rows.debt > EPS
        if window.fixed is not None:
            fixed_ns = window.fixed // timedelta(microseconds=1) * 1000
            silent = np.flatnonzero(owing & (gap >= fixed_ns))
            deadline = rows.ts[silent] + fixed_ns
        else:
            low_ns = window.low // timedelta(microseconds=1) * 1000
            maybe = np.flatnonzero(owing & (gap >= low_ns))
            ends = np.array(
                [to_ns(window.end(stamp(t))) for t in rows.ts[maybe].tolist()], dtype=np.int64
            )
            reached = next_ts[maybe] >= ends
            silent, deadline = maybe[reached], ends[reached]
        parts.append(_part(rows.group[silent], 2 * relative[silent] + 2, 0, deadline, _SILENCE))
    if churn and n:
        number = {cid: g for g, cid in enumerate(rows.customers.tolist())}
        found: list[tuple[int, int, int]] = []
        for cid, when in churn.items():
            g = number.get(cid)
            if g is None or when is None or when > as_of:
                continue
            when_ns = to_ns(when)
            start, end = int(rows.starts[g]), int(rows.ends[g])
            before = int(np.searchsorted(rows.ts[start:end], when_ns, side="left"))
            found.append((g, 2 * before, when_ns))
        table = np.array(found, dtype=np.int64).reshape(-1, 3)
        parts.append(_part(table[:, 0], table[:, 1], 1, table[:, 2], _CHURNED))
    group, position, order, moment, reason = (
        np.concatenate(column) for column in zip(*parts, strict=True)
    )
    sort = np.lexsort((moment, order, position, group))
    return _Events(
        group=group[sort],
        position=position[sort],
        order=order[sort],
        moment=moment[sort],
        reason=reason[sort],
    )


def _part(
    group: np.ndarray, position: np.ndarray, order: int, moment: np.ndarray, reason: int
) -> tuple[np.ndarray, ...]:
    """Events of one kind as int64 columns (group, position, order, moment, reason)."""
    size = len(group)
    return (
        np.asarray(group, dtype=np.int64),
        np.asarray(position, dtype=np.int64),
        np.full(size, order, dtype=np.int64),
        np.asarray(moment, dtype=np.int64),
        np.full(size, reason, dtype=np.int64),
    )


def apply_losses(state: dict[str, np.ndarray], rows: Rows, events: _Events) -> np.ndarray:
    """Walk every customer's loss events at once; set the loss columns, return ``lost``."""
    groups = len(rows.starts)
    lost = np.zeros(groups, dtype=bool)
    lost_at = np.full(groups, NO_MOMENT, dtype=np.int64)
    reason = np.full(groups, None, dtype=object)
    came_back = np.full(groups, NO_MOMENT, dtype=np.int64)
    state["lost_at"], state["lost_reason"], state["came_back_at"] = lost_at, reason, came_back
    group = events.group
    if not len(group):
        return lost
    # non-negative interactions of the customer before each event
    last_row = (events.position - 1) // 2
    seen = np.where(last_row >= 0, rows.nonneg_cum[rows.starts[group] + np.maximum(last_row, 0)], 0)
    opens = np.r_[True, group[1:] != group[:-1]]
    closes = np.r_[opens[1:], True]
    # after any event the customer is lost: a silence counts only after a comeback
    still_lost = ~opens & (seen == np.r_[0, seen[:-1]])
    counts = ~((events.reason == _SILENCE) & still_lost)
    counted = np.flatnonzero(counts)
    final = counted[np.r_[group[counted][1:] != group[counted][:-1], True]]
    owner = group[final]
    lost_at[owner] = events.moment[final]
    reason[owner] = _REASON_TEXT[events.reason[final]]
    # a non-negative interaction after the last event brings the customer back
    last = np.flatnonzero(closes)
    owner = group[last]
    total = rows.nonneg_cum[rows.ends[owner] - 1]
    back = total > seen[last]
    lost[owner] = ~back
    nonneg = np.flatnonzero(~rows.neg)
    first = np.searchsorted(nonneg, rows.starts[owner[back]])
    came_back[owner[back]] = rows.ts[nonneg[first + seen[last][back]]]
    return lost
