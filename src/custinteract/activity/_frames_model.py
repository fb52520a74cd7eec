"""The BG/NBD model over numpy arrays: probability alive and expected returns, row by row.

The array twins of :func:`~custinteract.activity._bgnbd.p_alive` and
:func:`~custinteract.activity._bgnbd.conditional_expected_returns`, with the
same series and stopping rule, for the optional module ``frames.py``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from ._bgnbd import (
    BETA_MIN_SHAPE,
    BETA_NODES,
    SERIES_MAX_TERMS,
    SERIES_REFUSAL,
    BgNbdModel,
    fit_with,
    start_point,
)

__all__ = [
    "SUMMARY",
    "bad_summaries",
    "expected_returns",
    "fit_arrays",
    "p_alive",
    "summary_arrays",
]

SUMMARY = ("frequency", "recency", "age")


def summary_arrays(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    missing = [c for c in SUMMARY if c not in summary.columns]
    if missing:
        raise InvalidInputError("summaries", list(summary.columns), f"columns {list(SUMMARY)}")
    x = summary["frequency"].to_numpy(dtype=np.float64)
    t_x = summary["recency"].to_numpy(dtype=np.float64)
    age = summary["age"].to_numpy(dtype=np.float64)
    bad = bad_summaries(x, t_x, age)
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError(
            f"summaries[{summary.index[row]!r}]",
            (x[row], t_x[row], age[row]),
            "a whole frequency of at least 0 and 0 <= recency <= age (recency 0 without a return)",
        )
    return x, t_x, age


def bad_summaries(x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Which summaries break the rules :func:`summary_arrays` refuses (as floats)."""
    bad: np.ndarray = ~np.isfinite(x) | (x < 0) | (x != np.floor(x)) | (t_x < 0) | (t_x > age)
    bad |= ~np.isfinite(t_x) | ~np.isfinite(age) | ((x == 0) & (t_x != 0))
    return bad


def fit_arrays(
    x: np.ndarray, t_x: np.ndarray, age: np.ndarray, max_evaluations: int, tolerance: float
) -> BgNbdModel:
    """:func:`~custinteract.frames.fit_bgnbd_frame` over checked summary arrays (at least one).

    The likelihood is summed with numpy over distinct histories; the
    optimiser, its start and its stopping rule are the pure fit's.
    """
    rows, counts = np.unique(np.column_stack([x, t_x, age]), axis=0, return_counts=True)
    ux, ut, ua = rows[:, 0], rows[:, 1], rows[:, 2]
    xs, x_at = np.unique(ux, return_inverse=True)
    weights = counts.astype(np.float64)
    total = int(counts.sum())
    repeat = ux > 0
    b_minus = np.where(repeat, ux - 1, 0.0)

    def objective(log_params: Any) -> float:
        if any(abs(value) > 30.0 for value in log_params):
            return math.inf
        r, alpha, a, b = (math.exp(value) for value in log_params)
        base = -math.lgamma(r) + r * math.log(alpha) + math.lgamma(a + b) - math.lgamma(b)
        heads = np.array(
            [
                base + math.lgamma(r + xv) + math.lgamma(b + xv) - math.lgamma(a + b + xv)
                for xv in xs.tolist()
            ]
        )
        alive = -(r + ux) * np.log(alpha + ua)
        gone = math.log(a) - np.log(b + b_minus) - (r + ux) * np.log(alpha + ut)
        mixed = np.where(repeat, np.logaddexp(alive, gone), alive)
        return -float(np.sum(weights * (heads[x_at] + mixed))) / total

    return fit_with(objective, start_point(age.tolist()), total, max_evaluations, tolerance)


def p_alive(
    params: tuple[float, ...], x: np.ndarray, t_x: np.ndarray, age: np.ndarray
) -> np.ndarray:
    r, alpha, a, b = params
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_odds = (
            math.log(a)
            - np.log(b + (x - 1))
            + (r + x) * (np.log(alpha + age) - np.log(alpha + t_x))
        )
        odds = np.exp(-np.abs(log_odds))
        p = np.where(log_odds > 0, odds / (1.0 + odds), 1.0 / (1.0 + odds))
    return np.where(x == 0, 1.0, p)


def _series_tail(a: float, b: float, c: np.ndarray, z: np.ndarray) -> np.ndarray:
    """:func:`custinteract.activity._bgnbd.scaled_series_tail` over arrays of ``c`` and ``z``, term by term.

    NaN where the series overflows or does not converge within the terms allowed.
    """
    term: np.ndarray = a * z
    total: np.ndarray = term.copy()
    open_ = term != 0.0
    settled = abs(a) + abs(b) + np.abs(c) + 1.0
    for k in range(1, SERIES_MAX_TERMS):
        if not open_.any():
            return total
        idx = np.flatnonzero(open_)
        zi = z[idx]
        ratio = (a + k) * (b + k) / ((c[idx] + k) * (k + 1)) * zi
        with np.errstate(over="ignore", invalid="ignore"):
            t = term[idx] * ratio
            s = total[idx] + t
        finite = np.isfinite(s)
        term[idx], total[idx] = t, s
        bound = np.maximum(np.abs(ratio), zi)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            tail = np.abs(t) * bound / (1.0 - bound)
        done = (t == 0.0) | ((k >= settled[idx]) & (bound < 1.0) & (tail <= 1e-16 * np.abs(s)))
        total[idx[~finite]] = np.nan
        open_[idx[done | ~finite]] = False
    total[open_] = np.nan
    return total


def _beta_expectation(
    params: tuple[float, ...], period: float, x: np.ndarray, age: np.ndarray
) -> np.ndarray:
    """:func:`custinteract.activity._bgnbd.beta_expectation` over arrays: NaN where it gives None."""
    r, alpha, a, b = params
    b_post = b + x
    total_shape = a + b_post
    mean = a / total_shape
    spread = 12.0 * np.sqrt(a * b_post / (total_shape * total_shape * (total_shape + 1.0)))
    low, high = mean - spread, mean + spread
    usable = (np.minimum(a, b_post) >= BETA_MIN_SHAPE) & (low > 0.0) & (high < 1.0)
    low, high = np.where(usable, low, 0.25), np.where(usable, high, 0.75)
    steps = np.arange(BETA_NODES + 1) / BETA_NODES
    points = low[:, None] + (high - low)[:, None] * steps[None, :]
    logs = (a - 1.0) * np.log(points) + (b_post[:, None] - 1.0) * np.log1p(-points)
    weights = np.exp(logs - logs.max(axis=1, keepdims=True))
    weights[:, 0] *= 0.5
    weights[:, -1] *= 0.5
    scale, shape = period / (alpha + age), r + x
    values = -np.expm1(-shape[:, None] * np.log1p(points * scale[:, None])) / points
    out = (weights * values).sum(axis=1) / weights.sum(axis=1)
    return np.where(usable, out, np.nan)


def expected_returns(
    params: tuple[float, ...],
    period: float,
    x: np.ndarray,
    t_x: np.ndarray,
    age: np.ndarray,
    alive: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`custinteract.activity._bgnbd.conditional_expected_returns` over arrays.

    The unconditional expectation depends on the frequency and the age only:
    it is computed once per distinct pair (its series is the costly part),
    then spread to the rows; each value is the one its row alone would give.
    ``alive`` is :func:`p_alive` of the rows, where already known.
    """
    if period == 0.0:
        return np.zeros_like(x)
    pairs = np.empty(len(x), dtype=np.complex128)
    pairs.real, pairs.imag = x, age
    case_of, cases = pd.factorize(pairs)
    unconditional = _unconditional(params, period, cases.real.copy(), cases.imag.copy())
    if alive is None:
        alive = p_alive(params, x, t_x, age)
    expected: np.ndarray = unconditional[case_of] * alive
    return expected


def _unconditional(
    params: tuple[float, ...], period: float, x: np.ndarray, age: np.ndarray
) -> np.ndarray:
    """The expected returns over ``period`` of customers still alive, for frequencies and ages."""
    r, alpha, a, b = params
    z = period / (alpha + age + period)
    if not (z < 1.0).all():
        raise InvalidInputError(
            "period", period, "a period the model's alpha plus the age does not round away"
        )
    e = a - 1.0
    c = a + b + x - 1.0
    log_rest = np.log1p(-z)
    lead = -log_rest if e == 0.0 else -np.expm1(e * log_rest) / e
    tail = _series_tail(a + b - 1.0 - r, e, c, z)
    with np.errstate(invalid="ignore"):
        unconditional = np.maximum(c * lead - np.exp(e * log_rest) * tail, 0.0)
    failed = np.isnan(tail)
    if failed.any():
        unconditional[failed] = _beta_expectation(params, period, x[failed], age[failed])
        if np.isnan(unconditional).any():
            raise InvalidInputError("model", tuple(params), SERIES_REFUSAL)
    result: np.ndarray = unconditional
    return result
