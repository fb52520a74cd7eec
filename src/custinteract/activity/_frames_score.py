"""Statuses, probabilities and explanation codes of summarised customers, vectorised.

The rhythm's and the model's rules as :mod:`._engine` applies them, and the
codes :func:`~custinteract.activity._explain.explain` gives, from a table of
every possible tuple.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._tabular import with_why
from ._bgnbd import BgNbdModel
from ._explain import REASON_CODES
from ._frames_model import expected_returns, p_alive, summary_arrays
from ._policy import ActivityPolicy, ActivityStatus

__all__ = [
    "CASES",
    "STATUS_VALUES",
    "Scored",
    "base_gap",
    "base_gap_of",
    "case_tables",
    "score",
    "score_arrays",
    "scored_frame",
]


def base_gap(summary: pd.DataFrame, policy: ActivityPolicy) -> float:
    """The base's gap in days: the policy's, else the median gap of the customers who returned."""
    if policy.base_gap_days is not None:
        return policy.base_gap_days
    x = summary["frequency"].to_numpy(dtype=np.float64)
    seen = summary["seen"].to_numpy(dtype=bool) if "seen" in summary else np.ones(len(x), bool)
    return base_gap_of(x, summary["recency"].to_numpy(dtype=np.float64), seen, policy)


def base_gap_of(
    x: np.ndarray, recency: np.ndarray, seen: np.ndarray, policy: ActivityPolicy
) -> float:
    """:func:`base_gap` over summary arrays (frequency as floats, ``seen`` customers only)."""
    if policy.base_gap_days is not None:
        return policy.base_gap_days
    keep = (x > 0) & seen
    if not keep.any():
        return policy.fallback_gap_days
    return float(np.median(recency[keep] / x[keep]))


_STATUS_OF = np.array(
    [s.value for s in (ActivityStatus.ACTIVE, ActivityStatus.LAPSING, ActivityStatus.LAPSED)],
    dtype=object,
)


class Scored(NamedTuple):
    """The assessment columns of summarised customers as NumPy arrays, before any frame is made.

    ``status`` and ``rhythm`` are indexes into :data:`STATUS_VALUES`; ``cases``
    each row's explanation case, an index into the tables of :func:`case_tables`;
    the numbers are missing (NaN) where a customer is unseen.
    """

    seen: np.ndarray
    status: np.ndarray
    rhythm: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    age: np.ndarray
    base_gap: np.ndarray
    typical_gap: np.ndarray
    silence_ratio: np.ndarray
    p_alive: np.ndarray
    expected_returns: np.ndarray
    cases: np.ndarray


STATUS_VALUES: tuple[str, ...] = (*_STATUS_OF.tolist(), ActivityStatus.UNSEEN.value)
"""Each status code's text: ACTIVE, LAPSING, LAPSED, then UNSEEN (``Scored.status``)."""


def score_arrays(
    x: np.ndarray,
    t_x: np.ndarray,
    age: np.ndarray,
    seen: np.ndarray,
    gap_of_base: float,
    policy: ActivityPolicy,
    model: BgNbdModel | None,
) -> Scored:
    """The rules of :func:`score` over checked summary arrays (``seen`` False: UNSEEN)."""
    k = policy.prior_gaps
    weight = k + x
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(weight == 0, gap_of_base, (k * gap_of_base + t_x) / weight)
    gap = np.maximum(gap, 1.0)
    ratio = (age - t_x) / gap
    rhythm = np.where(ratio < policy.lapsing_ratio, 0, np.where(ratio < policy.lapsed_ratio, 1, 2))
    status = rhythm
    alive = expected = np.full(len(x), np.nan)
    if model is not None:
        alive = p_alive(model.params, x, t_x, age)
        expected = np.full(len(x), np.nan)
        if seen.any():
            expected[seen] = expected_returns(
                model.params, policy.horizon_days, x[seen], t_x[seen], age[seen], alive[seen]
            )
        alive = np.where(seen, alive, np.nan)
        status = np.where(
            alive >= policy.active_p_alive, 0, np.where(alive >= policy.lapsed_p_alive, 1, 2)
        )
    cases = _cases(seen, x, k, rhythm, status)
    unseen = len(STATUS_VALUES) - 1
    return Scored(
        seen=seen,
        status=np.where(seen, status, unseen),
        rhythm=np.where(seen, rhythm, unseen),
        frequency=np.where(seen, x, 0).astype(np.int64),
        recency=np.where(seen, t_x, np.nan),
        age=np.where(seen, age, np.nan),
        base_gap=np.full(len(x), gap_of_base),
        typical_gap=np.where(seen, gap, np.nan),
        silence_ratio=np.where(seen, ratio, np.nan),
        p_alive=alive,
        expected_returns=expected,
        cases=cases,
    )


def score(
    summary: pd.DataFrame, gap_of_base: float, policy: ActivityPolicy, model: BgNbdModel | None
) -> pd.DataFrame:
    """The assessment columns of summarised customers (``seen`` False: UNSEEN)."""
    x, t_x, age = summary_arrays(summary)
    seen = summary["seen"].to_numpy(dtype=bool) if "seen" in summary else np.ones(len(x), bool)
    return scored_frame(
        score_arrays(x, t_x, age, seen, gap_of_base, policy, model),
        pd.Index(summary.index, dtype=object, name="customer_id"),
        model is not None,
    )


def scored_frame(scored: Scored, index: pd.Index, modelled: bool) -> pd.DataFrame:
    """The pandas frame of :data:`~.frames.ACTIVITY_COLUMNS` for ``scored`` rows, indexed by ``index``."""
    codes, why = case_tables(modelled)
    statuses = np.array(STATUS_VALUES, dtype=object)
    frequency = pd.arrays.IntegerArray(scored.frequency, ~scored.seen)
    # every column is a fresh array (the case tables are gathered, not shared): no copy
    out: pd.DataFrame = pd.DataFrame(
        {
            "status": _objects(statuses[scored.status], index),
            "rhythm_status": _objects(statuses[scored.rhythm], index),
            "frequency": pd.Series(frequency, index, copy=False),
            "recency": scored.recency,
            "age": scored.age,
            "base_gap_days": scored.base_gap,
            "typical_gap_days": scored.typical_gap,
            "silence_ratio": scored.silence_ratio,
            "p_alive": scored.p_alive,
            "expected_returns": scored.expected_returns,
            "reason_codes": _objects(codes[scored.cases], index),
            "why": _objects(why[scored.cases], index),
        },
        index=index,
        copy=False,
    )
    return out


def _objects(values: np.ndarray, index: pd.Index) -> pd.Series:
    """A column of Python objects (text stays objects, as the object path's frames hold it)."""
    column: pd.Series = pd.Series(values, index, object, copy=False)
    return column


def _code_tuple(
    seen: bool, no_return: bool, few: bool, rhythm: int, status: int, modelled: bool
) -> tuple[str, ...]:
    """One row's codes, as :func:`custinteract.activity._explain.explain` gives them."""
    if not seen:
        return ("activity.unseen",)
    parts = ["activity.no_return" if no_return else "activity.rhythm"]
    if few:
        parts.append("activity.few_returns")
    if modelled:
        parts.append("activity.model")
        if rhythm != status:
            parts.append("activity.rhythm_differs")
    parts.append(f"activity.{_STATUS_OF[status]}")
    return tuple(parts)


CASES = 37
"""The explanation cases: UNSEEN, then (first or not, few returns or not, rhythm, status)."""


def _cases(
    seen: np.ndarray, x: np.ndarray, prior: float, rhythm: np.ndarray, status: np.ndarray
) -> np.ndarray:
    """Each row's explanation case, an index into the tables of :func:`case_tables`."""
    first = (x == 0).astype(np.int64)
    thin = ((x > 0) & (x < prior)).astype(np.int64)
    cases: np.ndarray = np.where(seen, 1 + ((first * 2 + thin) * 3 + rhythm) * 3 + status, 0)
    return cases


@functools.cache
def case_tables(modelled: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each case's codes (a tuple) and their meanings (``why``), each worded once.

    The codes are :func:`~custinteract.activity._explain.explain`'s; the
    meanings are worded by :func:`~custinteract._tabular.with_why` from
    :data:`REASON_CODES`. Read-only arrays, shared by every call.
    """
    table = np.empty(CASES, dtype=object)
    table[0] = _code_tuple(False, False, False, 0, 0, modelled)
    for no_return in (0, 1):
        for few in (0, 1):
            for rh in range(3):
                for st in range(3):
                    key = 1 + ((no_return * 2 + few) * 3 + rh) * 3 + st
                    table[key] = _code_tuple(True, bool(no_return), bool(few), rh, st, modelled)
    worded = with_why(pd.DataFrame({"reason_codes": table}), "reason_codes", REASON_CODES)
    why = worded["why"].to_numpy(dtype=object).copy()
    table.flags.writeable = False
    why.flags.writeable = False
    return table, why
