"""A lead's interaction history as the rules read it, the lead windows, and the input checks.

Shared inside the lead package: the engine, the funnel and conversion check
their inputs here; the engine and the frames path read windows with the
same :func:`window_adder` and :func:`window_start`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Direction, Interaction, InteractionKind, Sentiment
from .._time import shift

__all__ = [
    "Event",
    "History",
    "exact_step",
    "history_of",
    "is_calendar",
    "window_adder",
    "window_start",
]


class Event(NamedTuple):
    """The facts of one interaction the engine reads."""

    timestamp: datetime
    id: str
    kind: InteractionKind
    direction: Direction
    sentiment: Sentiment
    budget: bool


def _event_of(interaction: Interaction, budget_key: str) -> Event:
    budget = interaction.metadata.get(budget_key, "").strip() != ""
    return Event(
        interaction.timestamp,
        interaction.id,
        interaction.kind,
        interaction.direction,
        interaction.sentiment,
        budget,
    )


class History(NamedTuple):
    """A customer's interactions up to as_of in (timestamp, id) order, and what was left out."""

    events: list[Event]
    future: int
    duplicates: int


def history_of(
    customer_id: str, interactions: Iterable[Interaction], as_of: datetime, budget_key: str
) -> History:
    """The history the rules read: later interactions and identical repeats left out (counted).

    A different interaction under a used id raises
    :class:`~custinteract.DuplicateInteractionError`; another customer's
    interaction raises :class:`~custinteract.InvalidInputError`.
    """
    seen: dict[str, Interaction] = {}
    future = duplicates = 0
    events: list[Event] = []
    for index, interaction in enumerate(v.check_iterable(interactions, "interactions")):
        if not isinstance(interaction, Interaction):
            raise InvalidInputError(f"interactions[{index}]", interaction, "an Interaction")
        if interaction.customer_id != customer_id:
            raise InvalidInputError(
                f"interactions[{index}].customer_id",
                interaction.customer_id,
                f"the assessed customer's id {customer_id!r}",
            )
        previous = seen.get(interaction.id)
        if previous is not None:
            if previous != interaction:
                raise DuplicateInteractionError(
                    f"interactions[{index}].id",
                    interaction.id,
                    "an id not used by a different interaction",
                )
            duplicates += 1
            continue
        seen[interaction.id] = interaction
        if interaction.timestamp > as_of:
            future += 1
            continue
        events.append(_event_of(interaction, budget_key))
    events.sort(key=_event_order)
    return History(events, future, duplicates)


def _event_order(event: Event) -> tuple[datetime, str]:
    return (event.timestamp, event.id)


# --------------------------------------------------------------------------- windows

_UTC = timezone.utc


def is_calendar(window: relativedelta) -> bool:
    """True when the window moves the calendar (has months or years)."""
    return bool(window.years or window.months)


def exact_step(window: relativedelta) -> timedelta:
    """The exact duration of a window's days, hours, minutes and seconds."""
    return timedelta(
        days=window.days,
        hours=window.hours,
        minutes=window.minutes,
        seconds=window.seconds,
        microseconds=window.microseconds,
    )


def window_adder(window: relativedelta, zone: tzinfo | None) -> Callable[[datetime], datetime]:
    """``t + window`` as the engine reads windows: calendar windows move dates in ``zone``."""
    if is_calendar(window):
        return lambda t: shift(t.astimezone(zone), window)
    step = exact_step(window)
    return lambda t: shift(t.astimezone(_UTC), step)


def window_start(as_of: datetime, window: relativedelta) -> datetime:
    """``as_of - window`` as the engine reads windows."""
    if is_calendar(window):
        return shift(as_of, window, back=True)
    return shift(as_of.astimezone(_UTC), exact_step(window), back=True)
