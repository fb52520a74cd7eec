"""The BG/NBD model over numpy arrays: probability alive and expected returns, row by row.

The array twins of :func:`~custinteract.activity._bgnbd.p_alive` and
:func:`~custinteract.activity._bgnbd.conditional_expected_returns`, with the
same series and stopping rule, for the optional module ``frames.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from ._bgnbd import SERIES_MAX_TERMS, SERIES_REFUSAL

__all__ = ["SUMMARY", "expected_returns", "p_alive", "summary_arrays"]

SUMMARY = ("frequency", "recency", "age")


def summary_arrays(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    missing = [c for c in SUMMARY if c not in summary.columns]
    if missing:
        raise InvalidInputError("summaries", list(summary.columns), f"columns {list(SUMMARY)}")
    x = summary["frequency"].to_numpy(dtype=np.float64)
    t_x = summary["recency"].to_numpy(dtype=np.float64)
    age = summary["age"].to_numpy(dtype=np.float64)
    bad = ~np.isfinite(x) | (x < 0) | (x != np.floor(x)) | (t_x < 0) | (t_x > age)
    bad |= ~np.isfinite(t_x) | ~np.isfinite(age) | ((x == 0) & (t_x != 0))
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError(
            f"summaries[{summary.index[row]!r}]",
            (x[row], t_x[row], age[row]),
            "a whole frequency of at least 0 and 0 <= recency <= age (recency 0 without a return)",
        )
    return x, t_x, age


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
    """:func:`custinteract.activity._bgnbd.scaled_series_tail` over arrays of ``c`` and ``z``, term by term."""
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
        if not np.isfinite(s).all():
            break
        term[idx], total[idx] = t, s
        bound = np.maximum(np.abs(ratio), zi)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            tail = np.abs(t) * bound / (1.0 - bound)
        done = (t == 0.0) | ((k >= settled[idx]) & (bound < 1.0) & (tail <= 1e-16 * np.abs(s)))
        open_[idx[done]] = False
    if open_.any():
        raise InvalidInputError("z", float(z[open_][0]), SERIES_REFUSAL)
    return total


def expected_returns(
    params: tuple[float, ...], period: float, x: np.ndarray, t_x: np.ndarray, age: np.ndarray
) -> np.ndarray:
    """:func:`custinteract.activity._bgnbd.conditional_expected_returns` over arrays."""
    r, alpha, a, b = params
    if period == 0.0:
        return np.zeros_like(x)
    z = period / (alpha + age + period)
    if not (z < 1.0).all():
        raise InvalidInputError(
            "period", period, "a period the model's alpha plus the age does not round away"
        )
    e = a - 1.0
    c = a + b + x - 1.0
    log_rest = np.log1p(-z)
    lead = -log_rest if e == 0.0 else -np.expm1(e * log_rest) / e
    try:
        tail = _series_tail(a + b - 1.0 - r, e, c, z)
    except InvalidInputError as error:
        raise InvalidInputError("model", tuple(params), SERIES_REFUSAL) from error
    unconditional = c * lead - np.exp(e * log_rest) * tail
    expected: np.ndarray = np.maximum(unconditional, 0.0) * p_alive(params, x, t_x, age)
    return expected
