"""The values the recovery rules move: windows, open negatives, and the state summary.

:class:`Standing` is what an explanation reads: every path (batch, ledger,
frames) hands one to :func:`._explain.explain`. The rules that change the
state live in :mod:`._rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

from dateutil.relativedelta import relativedelta

from .._models import GestureKind, Interaction
from .._time import shift
from ._policy import LossReason, RecoveryStatus

__all__ = ["EPS", "TAIL", "Standing", "Window"]

EPS = 1e-9
"""Debts are floats when gestures carry fractional credit: below this, nothing is owed."""
TAIL = 5
"""Open negatives described one by one in an explanation (the rest are counted)."""
_UTC = timezone.utc


class Window:
    """A window added in UTC, with fast bounds to avoid relativedelta arithmetic."""

    __slots__ = ("delta", "fixed", "high", "low")

    def __init__(self, window: relativedelta) -> None:
        self.delta = window
        rest = timedelta(
            days=window.days,
            hours=window.hours,
            minutes=window.minutes,
            seconds=window.seconds,
            microseconds=window.microseconds,
        )
        months = 12 * window.years + window.months
        self.fixed: timedelta | None = rest if months == 0 else None
        self.low = rest + timedelta(days=28 * months)
        self.high = rest + timedelta(days=31 * months)

    def end(self, start: datetime) -> datetime:
        """``start`` (in UTC) plus the window; the calendar's end when it would run past it."""
        start = start if start.tzinfo is _UTC else start.astimezone(_UTC)
        return shift(start, self.delta if self.fixed is None else self.fixed)

    def reached(self, start: datetime, moment: datetime) -> bool:
        """True when ``moment`` is at or after the end of the window from ``start``."""
        elapsed = (moment if moment.tzinfo is _UTC else moment.astimezone(_UTC)) - (
            start if start.tzinfo is _UTC else start.astimezone(_UTC)
        )
        if elapsed < self.low:
            return False
        if elapsed >= self.high:
            return True
        return moment >= self.end(start)


class Negative:
    """An open negative: what it opened, when it is forgotten, what answered it (immutable)."""

    __slots__ = ("amount", "expires", "gestures", "interaction")

    def __init__(
        self,
        interaction: Interaction,
        amount: float,
        expires: datetime | None,
        gestures: tuple[GestureKind, ...] = (),
    ) -> None:
        self.interaction = interaction
        self.amount = amount
        self.expires = expires
        self.gestures = gestures

    def answered(self, kind: GestureKind) -> Negative:
        return Negative(self.interaction, self.amount, self.expires, (*self.gestures, kind))


def own_list(items: list[Negative], start: int, end: int) -> tuple[list[Negative], int, int]:
    """``items`` ready for an append at ``end``: itself if nobody appended past ``end``, else a copy.

    A ledger shares its lists with the ledgers recorded from it; each reads
    only ``items[start:end]``. Appending in place is safe only for the tally
    whose ``end`` is the list's length.
    """
    if start == end:
        return [], 0, 0
    if len(items) != end:
        return items[start:end], 0, end - start
    return items, start, end


def find(tail: tuple[Negative, ...] | list[Negative], answers: str) -> int:
    """The index in ``tail`` of the negative with id ``answers`` (latest first), or -1."""
    for i in range(len(tail) - 1, -1, -1):
        if tail[i].interaction.id == answers:
            return i
    return -1


class Standing:
    """One customer's state at ``as_of``, summed up: all an explanation reads.

    Attributes:
        status: The status (see :func:`._rules.status_of`).
        needed: Positives still owed, rounded up (0 when nothing is open).
        open_negatives: Negatives with something still owed.
        shown: The latest open negatives (at most :data:`TAIL`), oldest first.
        head_paid: What has been paid off the first of ``shown`` when it is
            the oldest open negative (else 0).
        wasted: Positives that came while nothing was owed.
        recovered: Times a debt was paid off to zero.
        forgotten: Negatives forgotten under ``negative_memory``.
        pos_since: Positives since the last negative.
        last_positive_at: The latest positive, if any.
        lost_at: When the customer was last lost, if ever.
        lost_reason: Why.
        came_back_at: When they came back after it (None if still lost).
        gestures: Gestures received per kind, for the kinds with a reason code of their own.

    A plain slotted class, built once per assessment: it is internal and
    valid by construction, and the batch path makes one per customer.
    """

    __slots__ = (
        "came_back_at",
        "forgotten",
        "gestures",
        "head_paid",
        "last_positive_at",
        "lost_at",
        "lost_reason",
        "needed",
        "open_negatives",
        "pos_since",
        "recovered",
        "shown",
        "status",
        "wasted",
    )

    def __init__(
        self,
        *,
        status: RecoveryStatus,
        needed: int,
        open_negatives: int,
        shown: tuple[Negative, ...] = (),
        head_paid: float = 0.0,
        wasted: int = 0,
        recovered: int = 0,
        forgotten: int = 0,
        pos_since: int = 0,
        last_positive_at: datetime | None = None,
        lost_at: datetime | None = None,
        lost_reason: LossReason | None = None,
        came_back_at: datetime | None = None,
        gestures: Mapping[GestureKind, int] | None = None,
    ) -> None:
        self.status = status
        self.needed = needed
        self.open_negatives = open_negatives
        self.shown = shown
        self.head_paid = head_paid
        self.wasted = wasted
        self.recovered = recovered
        self.forgotten = forgotten
        self.pos_since = pos_since
        self.last_positive_at = last_positive_at
        self.lost_at = lost_at
        self.lost_reason = lost_reason
        self.came_back_at = came_back_at
        self.gestures: Mapping[GestureKind, int] = gestures or {}
