"""Each customer's balance and reason codes, from the sorted rows (losses come from ``_frames_losses``).

The status comes from :data:`~._rules.STATUS_BY` and the codes from the one
explanation function, called once per distinct shape of state.
"""

from __future__ import annotations

import numpy as np

from ._explain import Representatives, gesture_column
from ._frames_kernels import last_where, segment_count
from ._frames_losses import _Events
from ._frames_rows import NO_MOMENT, Rows, whole_counts
from ._policy import LossReason, RecoveryPolicy
from ._rules import STATUS_BY
from ._state import EPS, TAIL

__all__ = ["STATUS_LOOKUP", "balances", "reason_codes"]

STATUS_LOOKUP = np.array(
    [
        STATUS_BY[lost, owing, paying].value
        for lost in (False, True)
        for owing in (False, True)
        for paying in (False, True)
    ],
    dtype=object,
)
""":data:`STATUS_BY` as an array indexed by ``4 * lost + 2 * owing + paying``."""


def balances(rows: Rows) -> dict[str, np.ndarray]:
    """Per customer: the debt, the open negatives and the counts, as arrays (losses aside)."""
    n = len(rows.ts)
    groups = len(rows.starts)
    debt, group, ts, starts, ends = rows.debt, rows.group, rows.ts, rows.starts, rows.ends
    owing = debt > EPS
    owed_before = np.r_[False, owing[:-1]] if n else owing  # owing before each row
    owed_before[starts] = False

    def per_group(flags: np.ndarray) -> np.ndarray:
        return segment_count(flags, starts, ends)

    def moment(row: np.ndarray) -> np.ndarray:
        return np.where(row >= 0, ts[np.maximum(row, 0)] if n else 0, NO_MOMENT)

    last_neg = last_where(rows.neg, group, groups)
    last_zero = last_where(~owing, group, groups)
    final = debt[ends - 1] if n else np.zeros(0)
    # oldest first: a negative is open while the newer ones opened less than the final debt
    adds = np.flatnonzero(rows.adds)
    owner = group[adds]
    still_open = (adds > last_zero[owner]) & (rows.newer < final[owner] - EPS)
    opened = np.where(final > EPS, np.bincount(owner[still_open], minlength=groups), 0)
    opened = opened.astype(np.int64)
    owed_row = np.maximum(last_zero + 1, starts)
    positives = np.cumsum(rows.pos, dtype=np.int64)
    return {
        "wasted": per_group(rows.pos & ~owed_before),
        "recovered": per_group(owed_before & ~owing),
        "pos_since": np.where(
            last_neg >= 0, positives[ends - 1] - positives[np.maximum(last_neg, 0)], 0
        ).astype(np.int64)
        if n
        else np.zeros(0, dtype=np.int64),
        "open_negatives": opened,
        "positives_needed": whole_counts(
            np.where(opened > 0, np.ceil(final - EPS), 0), "positives_needed"
        ),
        "owed_since": np.where(
            opened > 0, ts[np.minimum(owed_row, max(n - 1, 0))] if n else 0, NO_MOMENT
        ),
        "last_negative_at": moment(last_neg),
        "last_positive_at": moment(last_where(rows.pos, group, groups)),
        **{gesture_column(kind): per_group(rows.gestures[kind]) for kind in rows.gestures},
    }


def reason_codes(
    state: dict[str, np.ndarray],
    status_index: np.ndarray,
    rows: Rows,
    events: _Events,
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
    customers = events.customers
    if len(customers):
        ranks = _moment_ranks(customers, state, rows)
        reasons = state["lost_reason"][customers].tolist()
        keys = np.column_stack(
            [signature[customers], [_REASON_KEY[reason] for reason in reasons], ranks]
        )
        _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        by_shape = np.empty(len(first), dtype=object)
        for k, row in enumerate(first.tolist()):
            g = int(customers[row])
            shape = (
                int(signature[g]),
                tuple(r for r in ranks[row].tolist() if r != _UNUSED),
                reasons[row],
            )
            by_shape[k] = representatives.codes(g, shape)
        codes[customers] = by_shape[inverse.reshape(-1)]
    return codes


_UNUSED = -2  # a rank cell past a customer's moments
_REASON_KEY: dict[str | None, int] = {
    None: 0,
    **{reason.value: k + 1 for k, reason in enumerate(LossReason)},
}


def _moment_ranks(customers: np.ndarray, state: dict[str, np.ndarray], rows: Rows) -> np.ndarray:
    """Per customer: the ranks of its dated moments, as :data:`._explain.Shape` orders them.

    The moments are the shown open negatives (the latest ``min(open, TAIL)``,
    oldest first), the latest positive, the loss and the comeback; an absent
    one (-1) ranks -1, the present ones by their order (equal moments share a
    rank), and cells past a customer's moments hold ``_UNUSED``.
    """
    size = len(customers)
    count = np.minimum(state["open_negatives"][customers], TAIL)
    moments = np.full((size, TAIL + 3), NO_MOMENT, dtype=np.int64)
    # the shown negatives: each customer's latest rows that opened a debt
    adds = np.flatnonzero(rows.adds)
    owner = rows.group[adds]
    slot = np.full(len(rows.starts), -1, dtype=np.int64)
    slot[customers] = np.arange(size)
    mine = slot[owner]
    back = np.searchsorted(owner, owner, side="right") - 1 - np.arange(len(adds))
    keep = (mine >= 0) & (back < np.where(mine >= 0, count[mine], 0))
    column = count[mine[keep]] - 1 - back[keep]
    moments[mine[keep], column] = rows.ts[adds[keep]]
    line = np.arange(size)
    for offset, name in enumerate(("last_positive_at", "lost_at", "came_back_at")):
        moments[line, count + offset] = state[name][customers]
    used = np.arange(TAIL + 3) < (count + 3)[:, None]
    present = used & (moments != NO_MOMENT)
    who, when = np.nonzero(present)
    values = moments[who, when]
    order = np.lexsort((values, who))
    who_sorted, values_sorted = who[order], values[order]
    opens = np.r_[True, who_sorted[1:] != who_sorted[:-1]] if len(order) else np.zeros(0, bool)
    fresh = opens | np.r_[True, values_sorted[1:] != values_sorted[:-1]][: len(order)]
    dense = np.cumsum(fresh) - 1
    rank = dense - np.maximum.accumulate(np.where(opens, dense, 0)) if len(order) else dense
    ranks = np.where(used, -1, _UNUSED)
    ranks[who[order], when[order]] = rank
    return ranks


def _pack(columns: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Small non-negative integer columns (each below its bound) packed into one int64."""
    packed = np.zeros(len(columns[0][0]), dtype=np.int64)
    for values, bound in columns:
        packed = packed * bound + values.astype(np.int64)
    return packed
