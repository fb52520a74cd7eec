"""The lead engine's wording: the message each reason code gives, from an assessment's facts.

The codes and their order come from ``_rules`` (:func:`~custinteract.leads._rules.explanation_codes`);
this module turns them into sentences with :data:`WORDING`, one entry per code, so that
:func:`explanation` is the one builder of an assessment's reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from .._models import Customer, Reason
from .._validators import FrozenMap
from .._wording import counted
from ._enums import LeadTemperature
from ._rules import (
    FIT_MATCHED,
    SOURCE_CASES,
    FitRule,
    Story,
    cold_source,
    explanation_codes,
    source_case,
)

if TYPE_CHECKING:
    from ._policy import LeadPolicy

__all__ = ["WORDING", "Facts", "explanation"]


class Facts(NamedTuple):
    """The numbers an assessment's messages quote."""

    as_of: datetime
    customer: Customer
    policy: LeadPolicy
    temperature: LeadTemperature
    score: float
    raw: float
    source_points: float
    fits: tuple[FitRule, ...]
    engaged: int  # engagement items
    engagement_points: float
    negatives: int
    unanswered: int
    future: int
    duplicates: int
    last_purchase: datetime | None
    qualified_since: datetime | None
    negative_requests: int
    streak: int
    recent: int


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _day(timestamp: datetime | None, as_of: datetime) -> str:
    # Dates in messages are read in as_of's zone, whatever zone the data came in.
    if timestamp is None:
        return "?"
    return timestamp.astimezone(as_of.tzinfo).date().isoformat()


def _held_words(f: Facts) -> str:
    return cold_source(f.customer.source, f.customer.consent)


def _source_words(f: Facts) -> str:
    label = SOURCE_CASES[source_case(f.customer.source, f.customer.consent)].label(f.customer)
    return f"{label}: {_fmt(f.source_points)} points"


def _stop(f: Facts) -> int:
    return f.policy.stop_after_unanswered[f.temperature]


def _cap(f: Facts) -> int:
    return f.policy.max_touches[f.temperature]


WORDING: FrozenMap[str, Callable[[Facts], str]] = FrozenMap(
    {
        "lead.temperature.current": lambda f: (
            f"customer: last purchase {_day(f.last_purchase, f.as_of)}"
        ),
        "lead.temperature.qualified.event": lambda f: (
            f"qualifying request on {_day(f.qualified_since, f.as_of)}"
        ),
        "lead.temperature.cold.unengaged": lambda f: (
            f"score {_fmt(f.score)}, but {_held_words(f)} stays cold until it gets in touch"
        ),
        "lead.temperature.qualified.score": lambda f: (
            f"score {_fmt(f.score)} >= {_fmt(f.policy.qualified_threshold)}"
        ),
        "lead.temperature.warm": lambda f: (
            f"score {_fmt(f.score)} >= {_fmt(f.policy.warm_threshold)}"
        ),
        "lead.temperature.cold": lambda f: (
            f"score {_fmt(f.score)} < {_fmt(f.policy.warm_threshold)}"
        ),
        "lead.current.churned": lambda f: "churned after the last purchase",
        "lead.current.lapsed": lambda f: (
            f"last purchase {_day(f.last_purchase, f.as_of)} is too old"
        ),
        "lead.qualified.cooled": lambda f: "qualification cooled after silence",
        "lead.qualified.negative": lambda f: (
            f"{counted(f.negative_requests, 'negative request')} did not qualify"
        ),
        **{case.code: _source_words for case in SOURCE_CASES},
        "lead.engagement.points": lambda f: (
            f"{f.engaged} interactions give {_fmt(f.engagement_points)} points after decay"
        ),
        "lead.engagement.negative": lambda f: (
            f"{f.negatives} negative interactions subtract points"
        ),
        "lead.engagement.unanswered": lambda f: f"{f.unanswered} outbound touches got no answer",
        "lead.history.future_ignored": lambda f: f"{f.future} interactions after as_of ignored",
        "lead.history.duplicate_ignored": lambda f: f"{f.duplicates} repeated interactions ignored",
        "lead.score.clamped": lambda f: f"total {_fmt(f.raw)} clamped to {_fmt(f.score)}",
        "lead.advice.do_not_contact.flag": lambda f: "the customer asked not to be contacted",
        "lead.advice.do_not_contact.consent": lambda f: "no consent, and consent is required",
        "lead.advice.hold.unanswered": lambda f: (
            f"{f.streak} touches in a row without an answer"
            f" (stop after {_stop(f)} when {f.temperature.value})"
        ),
        "lead.advice.hold.fatigue": lambda f: (
            f"{f.recent} unanswered touches in the touch window"
            f" (cap {_cap(f)} when {f.temperature.value})"
        ),
        "lead.advice.nurture.unengaged": lambda f: (
            f"{_held_words(f)} that has not got in touch: low-touch nurture only, never contact"
        ),
        "lead.advice.contact": lambda f: f"{f.temperature.value}: contact",
        "lead.advice.nurture": lambda f: (
            f"{f.temperature.value}: low-touch nurture only, no personal outreach"
        ),
    }
)
"""The message of each code an assessment gives (fit rules: :data:`FIT_MATCHED`, one per rule)."""


def explanation(story: Story, facts: Facts) -> tuple[Reason, ...]:
    """An assessment's reasons: :func:`explanation_codes` with the messages :data:`WORDING` gives."""
    fits = iter(facts.fits)
    reasons: list[Reason] = []
    for code in explanation_codes(story):
        if code == FIT_MATCHED:
            rule = next(fits)
            message = f"fit {rule.describe()}: {_fmt(rule.points)} points"
        else:
            message = WORDING[code](facts)
        reasons.append(Reason(code=code, message=message))
    return tuple(reasons)
