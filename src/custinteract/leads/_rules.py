"""The lead rules as tables: fit-rule kinds, sources, temperatures, advices, reason codes.

Rule 1: every rule of the lead engine that is a mapping lives here as a
table, and so does the one builder of an explanation's codes (their messages
live in ``_explain``). The object path (``_engine``) and the frames path
(``frames`` and its ``_frames_*`` helpers) both read these tables: a new :class:`FitRuleKind` is one :data:`FIT_KINDS`
entry (and one vectorised matcher beside the frames path); a missing entry is
an error at import, never a silent fallback. The numbers live in
:class:`~custinteract.LeadPolicy` (``_policy``).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import attrs

from .. import _validators as v
from .._errors import InvalidInputError
from .._models import Customer, LeadSource
from .._validators import FrozenMap
from ._enums import FitRuleKind, LeadTemperature, OutreachAdvice, ScoreComponent

if TYPE_CHECKING:
    from ._policy import LeadPolicy

__all__ = [
    "ADVICE_CASES",
    "FIT_KINDS",
    "FIT_MATCHED",
    "LIFE_CASES",
    "REASON_CODES",
    "SCORE_FLAGS",
    "SOURCE_CASES",
    "TEMPERATURE_CASES",
    "FitKind",
    "FitRule",
    "FitRuleKind",
    "LeadTemperature",
    "OutreachAdvice",
    "ScoreComponent",
    "SourceCase",
    "Story",
    "cold_source",
    "complete_table",
    "explanation_codes",
    "first_case",
    "fit_number",
    "held_cold",
    "source_case",
]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

# --------------------------------------------------------------------------- reason codes

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        # temperature
        "lead.temperature.current": (
            "a purchase lies within the current window (or, with current_activity, the"
            " customer has not lapsed) and no churn since"
        ),
        "lead.temperature.qualified.event": "an explicit qualifying event is live (not cooled)",
        "lead.temperature.qualified.score": "the score reaches the qualified threshold",
        "lead.temperature.warm": "the score reaches the warm threshold",
        "lead.temperature.cold": "the score is below the warm threshold",
        "lead.temperature.cold.unengaged": (
            "a cold-source lead (purchased list without consent, cold outreach) stays cold,"
            " whatever its score, until it gets in touch"
        ),
        "lead.current.lapsed": (
            "was a customer, but the last purchase is older than the current window"
            " (or, with current_activity, the customer has lapsed)"
        ),
        "lead.current.churned": "was a customer, but churned after the last purchase",
        "lead.qualified.cooled": "was qualified, but the qualification cooled after silence",
        "lead.qualified.negative": "a quote, demo or budget request with negative sentiment did not qualify",
        # score
        "lead.source.points": "points for where the lead came from",
        "lead.source.purchased_list.consented": "purchased list with opt-in consent: starts warm",
        "lead.source.purchased_list.no_consent": "purchased list without consent: starts cold",
        "lead.fit.matched": "a fit rule matched the customer's attributes",
        "lead.engagement.points": "interactions give points, each decayed by its half-life",
        "lead.engagement.negative": "negative interactions subtract points",
        "lead.engagement.unanswered": "outbound touches with no answer earn (almost) nothing",
        "lead.score.clamped": "the itemised total was clamped into 0-100",
        "lead.history.future_ignored": "interactions after as_of are ignored",
        "lead.history.duplicate_ignored": "a repeated identical interaction is counted once",
        # advice
        "lead.advice.contact": "warm enough to contact",
        "lead.advice.nurture": "too cold to contact: low-touch nurture only",
        "lead.advice.nurture.unengaged": (
            "a cold-source lead that has not got in touch: low-touch nurture only, never contact"
        ),
        "lead.advice.hold.fatigue": "too many unanswered touches in the touch window",
        "lead.advice.hold.unanswered": "stopped after several unanswered touches in a row",
        "lead.advice.do_not_contact.flag": "the customer asked not to be contacted",
        "lead.advice.do_not_contact.consent": "no consent, and the policy requires consent",
        # call sheets, funnel, conversion (in the _leads_* modules)
        "lead.callsheet.assigned": "leads dealt round-robin to staff within their daily capacity",
        "lead.callsheet.unassigned": "leads left over beyond the capacity of the days planned",
        "lead.funnel.period": "temperatures at the start and end of the period compared",
        "lead.funnel.entered": "customers created during the period entered at their creation",
        "lead.conversion.prior": "the base rate of won leads, smoothed",
        "lead.conversion.attribute": "an attribute value's won/lost frequencies moved the odds",
        "lead.conversion.low_support": "an attribute value seen too rarely to count",
        "lead.conversion.unseen": "an attribute value never seen in the history",
        "lead.conversion.clamped": (
            "the probability (or the base rate) was kept away from 0 and 1, so it never shows as"
            " 0 % or 100 %"
        ),
        "lead.conversion.learned": "frequency tables learned from won and lost leads",
    }
)
"""Every reason code the lead engine can emit, with its one-line meaning."""


def complete_table(members: type[E], table: Mapping[E, T], what: str) -> FrozenMap[E, T]:
    """``table`` frozen, after checking that every member of ``members`` has an entry.

    A rule table keyed by an enum must be complete: a member without an entry
    is a programming error, raised when the module is imported.
    """
    missing = [member.value for member in members if member not in table]
    if missing:
        raise TypeError(f"{what}: no entry for {members.__name__} {missing}")
    return FrozenMap(table)


def first_case(conditions: Sequence[bool]) -> int:
    """The index of the first true condition, ``len(conditions)`` when none is (the default case)."""
    for index, condition in enumerate(conditions):
        if condition:
            return index
    return len(conditions)


# --------------------------------------------------------------------------- fit rules


def fit_number(text: str) -> float | None:
    """The finite number a text parses as (Python's ``float``), else None: what ``range`` compares."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class FitKind(NamedTuple):
    """What a :class:`FitRuleKind` means: the fields it reads, its check, its matcher, its words."""

    uses: tuple[str, ...]  # of value, values, low, high; the others must be left unset
    check: Callable[[FitRule], None]  # raises InvalidInputError for a rule missing its fields
    matches: Callable[[FitRule, str], bool]  # does the attribute's text match?
    describe: Callable[[FitRule], str]


def _needs_value(rule: FitRule) -> None:
    if rule.value is None:
        raise InvalidInputError("value", None, f"a string to compare with (kind {rule.kind.value})")


def _needs_values(rule: FitRule) -> None:
    if not rule.values:
        raise InvalidInputError(
            "values", rule.values, f"at least one string (kind {rule.kind.value})"
        )


def _needs_bounds(rule: FitRule) -> None:
    if rule.low is None and rule.high is None:
        raise InvalidInputError("low", None, f"a bound: low, high or both (kind {rule.kind.value})")
    if rule.low is not None and rule.high is not None and rule.low > rule.high:
        raise InvalidInputError("high", rule.high, f"a number of at least low={rule.low:g}")


def _in_range(rule: FitRule, text: str) -> bool:
    number = fit_number(text)
    return (
        number is not None
        and (rule.low is None or number >= rule.low)
        and (rule.high is None or number <= rule.high)
    )


def _range_words(rule: FitRule) -> str:
    low = "-inf" if rule.low is None else f"{rule.low:g}"
    high = "inf" if rule.high is None else f"{rule.high:g}"
    return f"{rule.attribute} in [{low}, {high}]"


FIT_KINDS: FrozenMap[FitRuleKind, FitKind] = complete_table(
    FitRuleKind,
    {
        FitRuleKind.EQUALS: FitKind(
            ("value",),
            _needs_value,
            lambda rule, text: text == rule.value,
            lambda rule: f"{rule.attribute} = {rule.value}",
        ),
        FitRuleKind.ONE_OF: FitKind(
            ("values",),
            _needs_values,
            lambda rule, text: text in rule.values,
            lambda rule: f"{rule.attribute} one of {', '.join(rule.values)}",
        ),
        FitRuleKind.RANGE: FitKind(("low", "high"), _needs_bounds, _in_range, _range_words),
    },
    "FIT_KINDS",
)
"""Each fit-rule kind's meaning; the frames path keeps a vectorised matcher per kind beside it."""

_FIT_FIELDS = ("value", "values", "low", "high")


@attrs.frozen(kw_only=True)
class FitRule:
    """Points for a customer attribute, as in explicit (demographic/firmographic) scoring.

    * ``equals``: ``attributes[attribute] == value``;
    * ``one_of``: the attribute is one of ``values``;
    * ``range``: the attribute parses as a number ``x`` with ``low <= x <= high``
      (either bound may be None for open-ended); text that is not a number
      does not match.

    A customer without the attribute never matches. ``points`` may be negative
    (a poor fit).

    >>> import custinteract as ci
    >>> rule = ci.FitRule(attribute="employees", kind=ci.FitRuleKind.RANGE, low=50, points=15)
    >>> rule.matches({"employees": "120"}), rule.matches({"employees": "12"})
    (True, False)
    >>> ci.FitRule(attribute="region", kind=ci.FitRuleKind.EQUALS, points=5)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: value: expected a string to compare with ...
    """

    attribute: str = attrs.field(validator=v.identifier)
    kind: FitRuleKind = attrs.field(validator=v.enum_member(FitRuleKind))
    points: float = attrs.field(
        converter=v.number_to_float, validator=v.finite_number(low=-100, high=100)
    )
    value: str | None = attrs.field(default=None, validator=v.optional(v.text))
    values: tuple[str, ...] = attrs.field(
        default=(), converter=v.str_tuple, validator=v.tuple_of(v.text)
    )
    low: float | None = attrs.field(
        default=None, converter=v.optional_number_to_float, validator=v.optional(v.finite_number())
    )
    high: float | None = attrs.field(
        default=None, converter=v.optional_number_to_float, validator=v.optional(v.finite_number())
    )

    def __attrs_post_init__(self) -> None:
        meaning = FIT_KINDS[self.kind]
        meaning.check(self)
        for name in _FIT_FIELDS:
            given = getattr(self, name)
            if name not in meaning.uses and given not in (None, ()):
                raise InvalidInputError(name, given, f"nothing (kind {self.kind.value})")

    def matches(self, attributes: Mapping[str, str]) -> bool:
        """True when this rule applies to a customer with these attributes."""
        found = attributes.get(self.attribute)
        return found is not None and FIT_KINDS[self.kind].matches(self, found)

    def describe(self) -> str:
        """The rule in words: ``"employees in [50, inf]"``."""
        return FIT_KINDS[self.kind].describe(self)


# --------------------------------------------------------------------------- sources


def held_cold(source: LeadSource, consent: bool, policy: LeadPolicy) -> bool:
    """A lead whose source keeps it COLD until it gets in touch itself."""
    return source in policy.cold_until_engaged or (
        source is LeadSource.PURCHASED_LIST and not consent
    )


def cold_source(source: LeadSource, consent: bool) -> str:
    """The words for a cold-source lead: ``"a purchased-list lead without consent"``."""
    if source is LeadSource.PURCHASED_LIST and not consent:
        return "a purchased-list lead without consent"
    return f"a {source.value} lead"


class SourceCase(NamedTuple):
    """How a lead's source scores: its reason code, its label, its points."""

    code: str
    label: Callable[[Customer], str]
    points: Callable[[LeadPolicy, LeadSource], float]


def _by_source(policy: LeadPolicy, source: LeadSource) -> float:
    return policy.source_points.get(source, 0.0)


def _list_name(customer: Customer) -> str:
    return repr(customer.list_name or "unnamed")


SOURCE_CASES: tuple[SourceCase, ...] = (
    SourceCase("lead.source.points", lambda c: f"source {c.source.value}", _by_source),
    SourceCase(
        "lead.source.purchased_list.consented",
        lambda c: f"opted-in purchased list {_list_name(c)}",
        _by_source,
    ),
    SourceCase(
        "lead.source.purchased_list.no_consent",
        lambda c: f"purchased list {_list_name(c)} without consent",
        lambda policy, source: policy.unconsented_list_points,
    ),
)
"""Indexed by :func:`source_case`."""


def source_case(source: LeadSource, consent: bool) -> int:
    """Which :data:`SOURCE_CASES` entry scores a lead: any source, or a purchased list with or without consent."""
    if source is not LeadSource.PURCHASED_LIST:
        return 0
    return 1 if consent else 2


# --------------------------------------------------------------------------- cases, in the order they are tried

TEMPERATURE_CASES: tuple[tuple[str, LeadTemperature], ...] = (
    ("lead.temperature.current", LeadTemperature.CURRENT),
    ("lead.temperature.qualified.event", LeadTemperature.QUALIFIED),
    ("lead.temperature.cold.unengaged", LeadTemperature.COLD),
    ("lead.temperature.qualified.score", LeadTemperature.QUALIFIED),
    ("lead.temperature.warm", LeadTemperature.WARM),
    ("lead.temperature.cold", LeadTemperature.COLD),
)
"""The first case whose condition holds decides the temperature (the last is the default):
current; a live qualifying event; a held cold source at a warm score; the qualified
threshold; the warm threshold; cold."""

ADVICE_CASES: tuple[tuple[str, OutreachAdvice], ...] = (
    ("lead.advice.do_not_contact.flag", OutreachAdvice.DO_NOT_CONTACT),
    ("lead.advice.do_not_contact.consent", OutreachAdvice.DO_NOT_CONTACT),
    ("lead.advice.hold.unanswered", OutreachAdvice.HOLD),
    ("lead.advice.hold.fatigue", OutreachAdvice.HOLD),
    ("lead.advice.nurture.unengaged", OutreachAdvice.NURTURE),
    ("lead.advice.contact", OutreachAdvice.CONTACT),
    ("lead.advice.nurture", OutreachAdvice.NURTURE),
)
"""The first case whose condition holds decides the advice (the last is the default): the
do-not-contact flag; no consent where required; the unanswered streak; the fatigue cap; a
held cold source from ``contact_from``; ``contact_from``; nurture."""

LIFE_CASES: tuple[tuple[str, ...], ...] = ((), ("lead.current.churned",), ("lead.current.lapsed",))
"""What became of a past customer who is not CURRENT: nothing to say, churned, or lapsed."""

FIT_MATCHED = "lead.fit.matched"

SCORE_FLAGS: tuple[str, ...] = (
    "lead.engagement.points",
    "lead.engagement.negative",
    "lead.engagement.unanswered",
    "lead.history.future_ignored",
    "lead.history.duplicate_ignored",
    "lead.score.clamped",
)
"""Score reasons given when their count is not zero, in this order."""


class Story(NamedTuple):
    """The facts that decide which reasons an assessment gives, and in which order."""

    temperature: int  # index into TEMPERATURE_CASES
    life: int  # index into LIFE_CASES
    cooled: bool
    refused: bool  # a qualifying request was negative
    source: int  # index into SOURCE_CASES
    fits: int  # fit rules matched
    flags: tuple[bool, ...]  # one per SCORE_FLAGS
    advice: int  # index into ADVICE_CASES


def explanation_codes(story: Story) -> tuple[str, ...]:
    """The reason codes of an assessment, in order: temperature, score, advice."""
    codes = [*LIFE_CASES[story.life], TEMPERATURE_CASES[story.temperature][0]]
    if story.cooled:
        codes.append("lead.qualified.cooled")
    if story.refused:
        codes.append("lead.qualified.negative")
    codes.append(SOURCE_CASES[story.source].code)
    codes.extend([FIT_MATCHED] * story.fits)
    codes.extend(code for code, flag in zip(SCORE_FLAGS, story.flags, strict=True) if flag)
    codes.append(ADVICE_CASES[story.advice][0])
    return tuple(codes)
