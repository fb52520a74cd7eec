"""Frequency, recency and age of every customer, from NumPy columns of their interactions.

The kernel the pandas and polars paths of :func:`~custinteract.frames.activity_frame`
share: each path reads the interactions its own way into customer codes,
days and which rows count, then :func:`summary_of_rows` reduces them with
NumPy, in vectorised passes over integer codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._models import Direction, InteractionKind
from ._policy import ActivityPolicy

__all__ = ["US_PER_DAY", "Summaries", "counted_rows", "summary_of_rows"]

US_PER_DAY = 86_400_000_000
"""Microseconds in a day: a day number is microseconds since 1970-01-01 over this, floored."""


class Summaries(NamedTuple):
    """Each customer's ``seen`` (a counted row), frequency, recency and age (0 when unseen)."""

    seen: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    age: np.ndarray


def counted_rows(
    policy: ActivityPolicy, equal: Callable[[str, str], np.ndarray], rows: int
) -> np.ndarray:
    """Which rows count for the policy: a counted kind in a counted direction.

    ``equal(column, value)`` is the reader's own test of a text column
    against one enum value; each column is tested on the shorter of the
    values counted and the values left out (none when every value counts).
    """
    counted = np.ones(rows, dtype=bool)
    rules: tuple[tuple[str, Iterable[Any], Iterable[Any]], ...] = (
        ("kind", policy.counted_kinds, InteractionKind),
        ("direction", policy.counted_directions, Direction),
    )
    for column, chosen, members in rules:
        taken = {member.value for member in chosen}
        left = [member.value for member in members if member.value not in taken]
        if not left:
            continue
        if len(left) < len(taken):
            for value in left:
                counted &= ~equal(column, value)
        else:
            among = np.zeros(rows, dtype=bool)
            for value in sorted(taken):
                among |= equal(column, value)
            counted &= among
    return counted


def summary_of_rows(
    who: np.ndarray, customers: int, days: np.ndarray, counted: np.ndarray, today: int
) -> Summaries:
    """The BG/NBD summaries of ``customers`` coded 0.. from rows (customer code, day, counted).

    ``today`` is the day of ``as_of``. Frequency is the number of distinct
    counted days less one, recency the days from the first to the last,
    age the days from the first to today.
    """
    who, day = who[counted], days[counted]
    seen = np.bincount(who, minlength=customers) > 0
    first = np.full(customers, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(customers, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first, who, day)
    np.maximum.at(last, who, day)
    distinct = np.zeros(customers, dtype=np.int64)
    if len(day):  # distinct (customer, day) pairs, counted per customer
        low = int(day.min())
        span = int(day.max()) - low + 1
        # 32-bit keys where they fit: a hash table of half the width, about twice as fast
        width = np.int32 if customers * span <= np.iinfo(np.int32).max else np.int64
        pairs = _distinct(who.astype(width) * width(span) + (day - low).astype(width))
        distinct = np.bincount(pairs // span, minlength=customers)
    return Summaries(
        seen=seen,
        frequency=np.where(seen, distinct - 1, 0).astype(np.int64),
        recency=np.where(seen, last - first, 0).astype(np.float64),
        age=np.where(seen, today - first, 0).astype(np.float64),
    )


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, in no particular order (a hash pass)."""
    unique: np.ndarray = pd.unique(keys)
    return unique
