"""The sample base's staff: who they are, and a year of being thanked, heard and surveyed.

Half the team (a seeded half) is supported: thanked often, heard in regular
one-to-ones, their concerns fixed quickly. The other half is not. The
numbers are invented for illustration; nothing here is a measurement.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from .._models import StaffEvent, StaffEventKind, StaffMember
from .._validators import FrozenMap

__all__ = ["staff_events", "staff_members"]

_STAFF_NAMES = ("Ada", "Ben", "Chloe", "Dev", "Eun-ji", "Femi", "Gus", "Hana", "Ivo", "Jun")
# Mean days between staff events, for staff who are supported (thanked, heard, their
# concerns fixed) and for staff who are not (invented).
_EVENT_GAPS: Mapping[bool, tuple[tuple[StaffEventKind, float], ...]] = FrozenMap(
    {
        True: (
            (StaffEventKind.RECOGNITION, 14),
            (StaffEventKind.REWARD, 60),
            (StaffEventKind.ONE_TO_ONE, 21),
            (StaffEventKind.CONCERN_RAISED, 90),
        ),
        False: (
            (StaffEventKind.RECOGNITION, 120),
            (StaffEventKind.REWARD, 400),
            (StaffEventKind.ONE_TO_ONE, 150),
            (StaffEventKind.CONCERN_RAISED, 70),
        ),
    }
)
# A raised concern's chance of being fixed and the slowest fix in days, by support.
_CONCERN_FIX: Mapping[bool, tuple[float, int]] = FrozenMap({True: (0.9, 20), False: (0.4, 60)})


def staff_members(rng: random.Random, staff: int, start: datetime) -> tuple[StaffMember, ...]:
    """``staff`` members, three in four in support (at least one), the rest in sales."""
    return tuple(
        StaffMember(
            id=f"s-{n + 1:02d}",
            name=_STAFF_NAMES[n % len(_STAFF_NAMES)] + ("" if n < len(_STAFF_NAMES) else f" {n}"),
            team="support" if n < max(1, (staff * 3) // 4) else "sales",
            hired=start - timedelta(days=rng.randint(30, 1500)),
        )
        for n in range(staff)
    )


class _Diary:
    """Accumulates the staff events from ``start`` to ``as_of``, numbered in the order drawn."""

    def __init__(self, rng: random.Random, start: datetime, as_of: datetime) -> None:
        self.rng = rng
        self.start = start
        self.as_of = as_of
        self.events: list[StaffEvent] = []

    def add(
        self, member: StaffMember, when: datetime, kind: StaffEventKind, **more: object
    ) -> None:
        self.events.append(
            StaffEvent(
                id=f"e-{len(self.events) + 1:05d}",
                staff_id=member.id,
                timestamp=when,
                kind=kind,
                **more,  # type: ignore[arg-type]
            )
        )

    def recurring(
        self, member: StaffMember, kind: StaffEventKind, mean_days: float, supported: bool
    ) -> None:
        """Events of one kind about ``mean_days`` apart; a raised concern is fixed or left open."""
        rng = self.rng
        when = self.start
        while True:
            when += timedelta(days=rng.expovariate(1 / mean_days))
            if when > self.as_of:
                return
            self.add(member, when, kind)
            if kind is StaffEventKind.CONCERN_RAISED:
                chance, slowest = _CONCERN_FIX[supported]
                if rng.random() < chance:
                    resolved_at = when + timedelta(days=rng.randint(2, slowest))
                    if resolved_at <= self.as_of:
                        self.add(
                            member,
                            resolved_at,
                            StaffEventKind.CONCERN_RESOLVED,
                            resolves=self.events[-1].id,
                        )

    def surveys(self, member: StaffMember, care: float, supported: bool) -> None:
        """A quarterly survey answer (0-10): higher for caring and for supported staff."""
        rng = self.rng
        for quarter in range(4):
            when = self.as_of - timedelta(days=90 * quarter + rng.randint(1, 20))
            if when >= self.start:
                score = round(1 + 8 * care + (1.5 if supported else -1.5) + rng.uniform(-1.5, 1.5))
                self.add(member, when, StaffEventKind.SURVEY, score=min(10, max(0, score)))


def staff_events(
    rng: random.Random,
    members: tuple[StaffMember, ...],
    care: Mapping[str, float],
    start: datetime,
    as_of: datetime,
) -> tuple[StaffEvent, ...]:
    """Every member's recognition, rewards, one-to-ones, concerns and surveys, in time order."""
    diary = _Diary(rng, start, as_of)
    supported_ids = {m.id for m in rng.sample(members, (len(members) + 1) // 2)}
    for member in members:
        supported = member.id in supported_ids
        for kind, mean_days in _EVENT_GAPS[supported]:
            diary.recurring(member, kind, mean_days, supported)
        diary.surveys(member, care[member.id], supported)
    return tuple(sorted(diary.events, key=lambda e: (e.timestamp, e.id)))
