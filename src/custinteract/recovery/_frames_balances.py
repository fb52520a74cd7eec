"""Each customer's balance and reason codes, from the sorted rows (losses come from ``_frames_losses``).

The status comes from :data:`~._rules.STATUS_BY` and the codes from the one
explanation function, called once per distinct shape of state.
"""

from __future__ import annotations

import numpy as np

from ._explain import Representatives, gesture_column
from ._frames_kernels import last_where
from ._frames_losses import Event, shown
from ._frames_rows import Rows, whole_counts
from ._policy import RecoveryPolicy
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
    debt, previous, group, ts = rows.debt, rows.previous, rows.group, rows.ts
    owing = debt > EPS
    index = np.arange(n, dtype=np.int64)

    def per_group(flags: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=flags, minlength=groups).astype(np.int64)

    def moment(row: np.ndarray) -> np.ndarray:
        return np.where(row >= 0, ts[np.maximum(row, 0)] if n else 0, -1)

    last_neg = last_where(rows.neg, group, groups)
    last_zero = last_where(~owing, group, groups)
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
        "positives_needed": whole_counts(
            np.where(opened > 0, np.ceil(final - EPS), 0), "positives_needed"
        ),
        "owed_since": np.where(opened > 0, ts[np.minimum(owed_row, max(n - 1, 0))] if n else 0, -1),
        "last_negative_at": moment(last_neg),
        "last_positive_at": moment(last_where(rows.pos, group, groups)),
        **{gesture_column(kind): per_group(rows.gestures[kind]) for kind in rows.gestures},
    }


def reason_codes(
    state: dict[str, np.ndarray],
    status_index: np.ndarray,
    rows: Rows,
    events: dict[int, list[Event]],
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
            *shown(rows, start, end, min(int(state["open_negatives"][g]), TAIL)),
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
