"""Statuses, probabilities and explanation codes of summarised customers, vectorised.

The rhythm's and the model's rules as :mod:`._engine` applies them, and the
codes :func:`~custinteract.activity._explain.explain` gives, from a table of
every possible tuple.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._tabular import with_why
from ._bgnbd import BgNbdModel
from ._explain import REASON_CODES
from ._frames_model import expected_returns, p_alive, summary_arrays
from ._policy import ActivityPolicy, ActivityStatus

__all__ = ["base_gap", "score"]


def base_gap(summary: pd.DataFrame, policy: ActivityPolicy) -> float:
    """The base's gap in days: the policy's, else the median gap of the customers who returned."""
    if policy.base_gap_days is not None:
        return policy.base_gap_days
    x = summary["frequency"].to_numpy(dtype=np.float64)
    keep = x > 0
    if "seen" in summary:
        keep &= summary["seen"].to_numpy(dtype=bool)
    if not keep.any():
        return policy.fallback_gap_days
    return float(np.median(summary["recency"].to_numpy(dtype=np.float64)[keep] / x[keep]))


_STATUS_OF = np.array(
    [s.value for s in (ActivityStatus.ACTIVE, ActivityStatus.LAPSING, ActivityStatus.LAPSED)],
    dtype=object,
)


def score(
    summary: pd.DataFrame, gap_of_base: float, policy: ActivityPolicy, model: BgNbdModel | None
) -> pd.DataFrame:
    """The assessment columns of summarised customers (``seen`` False: UNSEEN)."""
    x, t_x, age = summary_arrays(summary)
    seen = summary["seen"].to_numpy(dtype=bool) if "seen" in summary else np.ones(len(x), bool)
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
                model.params, policy.horizon_days, x[seen], t_x[seen], age[seen]
            )
        alive = np.where(seen, alive, np.nan)
        status = np.where(
            alive >= policy.active_p_alive, 0, np.where(alive >= policy.lapsed_p_alive, 1, 2)
        )
    unseen = ActivityStatus.UNSEEN.value
    codes = _codes(seen, x, k, rhythm, status, model is not None)
    index = pd.Index(summary.index, dtype=object, name="customer_id")
    out: pd.DataFrame = pd.DataFrame(
        {
            "status": pd.Series(np.where(seen, _STATUS_OF[status], unseen), index, object),
            "rhythm_status": pd.Series(np.where(seen, _STATUS_OF[rhythm], unseen), index, object),
            "frequency": pd.array(np.where(seen, x, 0).astype(np.int64), dtype="Int64"),
            "recency": np.where(seen, t_x, np.nan),
            "age": np.where(seen, age, np.nan),
            "base_gap_days": np.full(len(x), gap_of_base),
            "typical_gap_days": np.where(seen, gap, np.nan),
            "silence_ratio": np.where(seen, ratio, np.nan),
            "p_alive": alive,
            "expected_returns": expected,
        },
        index=index,
    )
    out.loc[~seen, "frequency"] = pd.NA
    out["reason_codes"] = pd.Series(codes, index, object)
    return with_why(out, "reason_codes", REASON_CODES)


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


def _codes(
    seen: np.ndarray,
    x: np.ndarray,
    prior: float,
    rhythm: np.ndarray,
    status: np.ndarray,
    modelled: bool,
) -> np.ndarray:
    """Each row's explanation codes: a table of the 37 possible tuples, indexed per row."""
    table = np.empty(37, dtype=object)
    table[0] = _code_tuple(False, False, False, 0, 0, modelled)
    for no_return in (0, 1):
        for few in (0, 1):
            for rh in range(3):
                for st in range(3):
                    key = 1 + ((no_return * 2 + few) * 3 + rh) * 3 + st
                    table[key] = _code_tuple(True, bool(no_return), bool(few), rh, st, modelled)
    first = (x == 0).astype(np.int64)
    thin = ((x > 0) & (x < prior)).astype(np.int64)
    keys = np.where(seen, 1 + ((first * 2 + thin) * 3 + rhythm) * 3 + status, 0)
    out: np.ndarray = table[keys]
    return out
