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

from .._models import Direction, InteractionKind
from ._policy import ActivityPolicy

__all__ = ["US_PER_DAY", "Summaries", "counted_rows", "holdout_of_rows", "summary_of_rows"]

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

    Each counted row becomes one integer key, its customer then its day;
    the distinct keys, sorted, hold every customer's days in order, so the
    first, the last and the count of each customer's days are read at the
    bounds of its run.
    """
    who, day = who[counted], days[counted]
    first = last = distinct = np.zeros(customers, dtype=np.int64)
    if len(day):
        low = int(day.min())
        span = int(day.max()) - low + 1
        pairs = _distinct_sorted(who, day - low, span, customers)
        owner = pairs // span
        distinct = np.bincount(owner, minlength=customers)
        ends = np.cumsum(distinct)
        present = np.flatnonzero(distinct)
        first, last = np.zeros(customers, dtype=np.int64), np.zeros(customers, dtype=np.int64)
        first[present] = (
            pairs[(ends - distinct)[present]] - owner[(ends - distinct)[present]] * span
        )
        last[present] = pairs[ends[present] - 1] - owner[ends[present] - 1] * span
        first += low
        last += low
    seen = distinct > 0
    return Summaries(
        seen=seen,
        frequency=np.where(seen, distinct - 1, 0).astype(np.int64),
        recency=np.where(seen, last - first, 0).astype(np.float64),
        age=np.where(seen, today - first, 0).astype(np.float64),
    )


def _distinct_sorted(who: np.ndarray, day: np.ndarray, span: int, customers: int) -> np.ndarray:
    """The distinct keys ``who * span + day`` (``day`` from 0 to ``span - 1``), sorted, as int64.

    Keys that fit 32 bits are sorted by their 16-bit digits, low digit first
    (NumPy's stable sort of 16-bit integers is a radix sort: a few linear
    passes); wider keys by a general sort.
    """
    if customers * span > np.iinfo(np.int32).max:
        wide = who.astype(np.int64) * span + day.astype(np.int64)
        return np.unique(wide)
    keys = who.astype(np.int32) * np.int32(span) + day.astype(np.int32)
    top = customers * span - 1
    shift = 0
    while top >> shift:
        digit = (keys >> shift).astype(np.uint16) if shift else keys.astype(np.uint16)
        keys = keys[np.argsort(digit, kind="stable")]
        shift += 16
    fresh = np.empty(len(keys), dtype=bool)
    fresh[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
    pairs: np.ndarray = keys[fresh].astype(np.int64)
    return pairs


def holdout_of_rows(
    who: np.ndarray,
    customers: int,
    days: np.ndarray,
    counted: np.ndarray,
    calibrated: np.ndarray,
    today: int,
) -> tuple[Summaries, np.ndarray]:
    """The calibration's summaries and each customer's counted days after its last day.

    ``calibrated`` marks the rows at or before the calibration's end (its
    day is ``today``); the rows given end with the hold-out. A day observed
    is a counted day after the calibration's day, counted once.
    """
    calibration = summary_of_rows(who, customers, days, counted & calibrated, today)
    after = summary_of_rows(who, customers, days, counted & (days > today), today)
    observed = np.where(after.seen, after.frequency + 1, 0)
    return calibration, observed
