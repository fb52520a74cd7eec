"""Losses over the sorted rows: cancellations, silence and churn, with the comebacks between them.

Each customer's loss events are few, so they are found with array masks and
then walked one customer at a time, as the ledger walks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import numpy as np

from ._frames_rows import NO_MOMENT, Rows, stamp, to_ns
from ._policy import LossReason, RecoveryPolicy
from ._state import EPS, Window

__all__ = ["Event", "apply_losses", "loss_events"]

Event = tuple[int, int, int, LossReason]
"""A loss event of one customer: (position, order, moment in ns, reason); see :func:`loss_events`."""


def loss_events(
    rows: Rows,
    policy: RecoveryPolicy,
    as_of_ns: int,
    churn: Mapping[str, datetime | None],
    as_of: datetime,
) -> dict[int, list[Event]]:
    """Per customer (group number): loss events as (position, order, moment in ns, reason).

    Row ``r`` of a customer sits at position ``2r + 1``; the time after it
    (silence, churn) at ``2r + 2``; a comeback at row ``r`` happens before its
    own cancellation.
    """
    events: dict[int, list[Event]] = {}
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
                deadline_ns = to_ns(window.end(stamp(int(rows.ts[row]))))
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
            when_ns = to_ns(when)
            start, end = int(rows.starts[g]), int(rows.ends[g])
            before = int(np.searchsorted(rows.ts[start:end], when_ns, side="left"))
            events.setdefault(g, []).append((2 * before, 1, when_ns, LossReason.CHURNED))
    return events


def apply_losses(
    state: dict[str, np.ndarray], rows: Rows, events: dict[int, list[Event]]
) -> np.ndarray:
    """Walk each customer's loss events (a few rows each); set the loss columns, return ``lost``."""
    groups = len(rows.starts)
    lost = np.zeros(groups, dtype=bool)
    lost_at = np.full(groups, NO_MOMENT, dtype=np.int64)
    reason = np.full(groups, None, dtype=object)
    came_back = np.full(groups, NO_MOMENT, dtype=np.int64)
    for g, found in events.items():
        lost[g], at, why, back = _losses(found, rows, int(rows.starts[g]), int(rows.ends[g]))
        reason[g] = None if why is None else why.value
        lost_at[g] = NO_MOMENT if at is None else at
        came_back[g] = NO_MOMENT if back is None else back
    state["lost_at"], state["lost_reason"], state["came_back_at"] = lost_at, reason, came_back
    return lost


def _losses(
    events: list[Event], rows: Rows, start: int, end: int
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
