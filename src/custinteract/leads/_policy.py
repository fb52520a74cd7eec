"""The lead policy: every number the lead engine uses, with its source, and the engagement rules.

Rules are frozen values (enums and numbers), never code, and round-trip
through :func:`~custinteract.to_dict`; what the rules *do* with them lives in
``_rules`` (tables) and ``_engine`` (the assessment).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._errors import InvalidInputError
from .._models import Direction, InteractionKind, LeadSource
from ..activity import ActivityPolicy
from ._rules import FitRule, LeadTemperature

__all__ = ["DEFAULT_ENGAGEMENT_RULES", "EngagementRule", "LeadPolicy"]


@attrs.frozen(kw_only=True)
class EngagementRule:
    """Points for one kind of interaction in one direction, and how fast they decay.

    The points of an interaction ``age_days`` old are
    ``points * 0.5 ** (age_days / half_life_days)``: half after one half-life,
    a quarter after two. An outbound rule's points are earned only when the
    touch was answered (see :class:`LeadPolicy`).

    ``points`` is 0 to 100: decaying points fade towards 0, so a negative rule
    would *raise* the score as time passes. What subtracts is a negative
    interaction, which scores :attr:`LeadPolicy.negative_points` without decay.

    >>> import custinteract as ci
    >>> ci.EngagementRule(kind=ci.InteractionKind.INQUIRY, direction=ci.Direction.INBOUND,
    ...                   points=20, half_life_days=30).points
    20.0
    >>> ci.EngagementRule(kind=ci.InteractionKind.FEEDBACK, direction=ci.Direction.INBOUND,
    ...                   points=-20)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: points: expected a finite number from 0 to 100, got -20.0
    """

    kind: InteractionKind = attrs.field(validator=v.enum_member(InteractionKind))
    direction: Direction = attrs.field(validator=v.enum_member(Direction))
    points: float = attrs.field(
        converter=v.number_to_float, validator=v.finite_number(low=0, high=100)
    )
    half_life_days: float = attrs.field(
        default=30.0, converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )


def _rule(
    kind: InteractionKind, direction: Direction, points: float, half_life: float = 30.0
) -> EngagementRule:
    return EngagementRule(kind=kind, direction=direction, points=points, half_life_days=half_life)


_IN, _OUT = Direction.INBOUND, Direction.OUTBOUND
_K = InteractionKind

DEFAULT_ENGAGEMENT_RULES: tuple[EngagementRule, ...] = (
    _rule(_K.QUOTE_REQUEST, _IN, 40),
    _rule(_K.DEMO_REQUEST, _IN, 40),
    _rule(_K.INQUIRY, _IN, 20),
    _rule(_K.PURCHASE, _IN, 30, 90),
    _rule(_K.FOLLOW_UP, _IN, 10),
    _rule(_K.FEEDBACK, _IN, 5),
    _rule(_K.SUPPORT, _IN, 5),
    _rule(_K.OTHER, _IN, 5),
    _rule(_K.OUTREACH, _OUT, 5),
    _rule(_K.FOLLOW_UP, _OUT, 5),
)


_DEFAULT_SOURCE_POINTS = {
    LeadSource.REFERRAL: 25.0,
    LeadSource.INBOUND: 25.0,
    LeadSource.EVENT: 15.0,
    LeadSource.ORGANIC: 10.0,
    LeadSource.PURCHASED_LIST: 20.0,
    LeadSource.COLD_OUTREACH: 0.0,
    LeadSource.OTHER: 0.0,
}
_T = LeadTemperature


def _unique_rules(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.tuple_of(v.instance(EngagementRule))(instance, attribute, value)
    seen: set[tuple[InteractionKind, Direction]] = set()
    for index, rule in enumerate(value):
        key = (rule.kind, rule.direction)
        if key in seen:
            raise InvalidInputError(
                f"{attribute.name}[{index}]", rule, "one rule per (kind, direction) pair"
            )
        seen.add(key)


v.with_schema(_unique_rules, {"type": "array"})


def _lead_temperature_map_int(
    value: Mapping[LeadTemperature, int],
) -> v.FrozenMap[LeadTemperature, int]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.freeze_map`)."""
    return v.freeze_map(value)


def _interaction_kind_tuple(value: Iterable[InteractionKind]) -> tuple[InteractionKind, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _engagement_rule_tuple(value: Iterable[EngagementRule]) -> tuple[EngagementRule, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _fit_rule_tuple(value: Iterable[FitRule]) -> tuple[FitRule, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _lead_source_tuple(value: Iterable[LeadSource]) -> tuple[LeadSource, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _lead_source_map_float(value: Mapping[LeadSource, float]) -> v.FrozenMap[LeadSource, float]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.freeze_map`)."""
    return v.freeze_map(value)


@attrs.frozen(kw_only=True)
class LeadPolicy:
    """Every number the lead engine uses, with its source. Rules are data, never code.

    Attributes:
        warm_threshold: Score from which a lead is WARM (default 20, which a
            referral, an inbound lead or a consented purchased list reaches on
            its source alone: “What You Need to Know About Customer Interaction”, lists give leads "at least warmed up").
        qualified_threshold: Score from which a lead is QUALIFIED without an
            explicit event (default 60; HubSpot and Marketo users commonly set
            the MQL bar at 50-100 points on their own scales).
        current_window: A customer whose last purchase (or became-customer
            date) lies within this window, and who has not churned since, is
            CURRENT (default 12 months).
        qualified_window: An explicit qualification cools after this long
            without inbound engagement (default 90 days, the usual "recycle
            after a quarter" of sales teams; the lead rules require 120 days of
            silence to cool a qualified lead).
        answer_window: An outbound touch is *answered* when an inbound
            interaction from the same customer follows it (strictly later)
            within this window (default 14 days).
        touch_window: The window for the fatigue cap :attr:`max_touches`
            (default 30 days; the lead rules: "one unsolicited touch per 30 days" for
            cold leads).
        source_points: Points by lead source (defaults: referral 25, inbound
            25, event 15, organic 10, purchased list 20, cold outreach 0,
            other 0; “What You Need to Know About Customer Interaction”: referral and inbound leads start warmer). A
            purchased list gets its points only with consent (opt-in list).
        unconsented_list_points: Points of a purchased-list lead without
            consent (default 0: it starts COLD; “What You Need to Know About Customer Interaction” warns cold contact
            annoys people).
        cold_until_engaged: Sources whose leads stay COLD, and never get
            CONTACT, until they get in touch themselves (a non-negative
            inbound interaction), whatever their source and fit points
            (default cold outreach). A purchased-list lead without consent
            always does: such a lead "is COLD and gets NURTURE or
            HOLD, never CONTACT". A CURRENT customer is not a lead and is
            never held back by this rule.
        fit_rules: Declarative attribute rules (default none: attributes are
            the business's own).
        engagement_rules: Points (0 to 100) and half-life per (kind,
            direction) (defaults: inbound quote/demo request 40, inquiry 20,
            purchase 30 with a 90-day half-life, follow-up 10,
            feedback/support/other 5; outbound outreach/follow-up 5 when
            answered; half-life 30 days). Pairs without a rule score
            nothing.
        negative_points: Points of a negative interaction, whatever its kind,
            and they do not decay (default -15; “What You Need to Know About Customer Interaction”: "it only takes one
            negative experience to lose them forever"). Rule points are never
            negative and decay towards 0, fit and source points and negatives
            never change with time: so time alone never raises a score.
        unanswered_factor: Share of its points that an unanswered outbound
            touch earns (default 0: an unanswered touch shows no interest).
        qualifying_kinds: Inbound kinds that qualify a lead directly (default
            quote request and demo request). A request with negative
            sentiment (an angry one) does not qualify.
        budget_key: An inbound INQUIRY whose metadata has this key with a
            non-blank value ("inbound inquiry with budget") qualifies too,
            unless its sentiment is negative (default ``"budget"``).
        max_touches: Per temperature, how many unanswered outbound touches
            within :attr:`touch_window` put the lead on HOLD (defaults cold 1,
            warm 2, qualified 3, current 3: stricter for cold leads).
        stop_after_unanswered: Per temperature, how many outbound touches in a
            row since the last inbound interaction stop outreach (HOLD) until
            the customer gets in touch (defaults cold 2, warm 3, qualified 4,
            current 5).
        contact_from: The coldest temperature that gets CONTACT; colder leads
            get NURTURE (default WARM; “What You Need to Know About Customer Interaction”: "trying to win over cold
            customers isn't a good idea").
        consent_required: When True, a lead that is not a CURRENT customer and
            has not consented is DO_NOT_CONTACT (set it where the law needs
            opt-in for marketing contact; default False).
        current_activity: When set, CURRENT follows the customer's own rhythm
            instead of the fixed ``current_window``: a customer who bought (or
            became a customer) and has not churned since is CURRENT unless
            the activity engine (:class:`~custinteract.ActivityPolicy`, rhythm
            rule) says they have LAPSED. A LAPSING customer is still a
            customer, only late, and stays CURRENT; a customer with nothing
            that counts as coming back (UNSEEN) falls back to
            ``current_window``. Each lead is judged on their own history, as
            :func:`~custinteract.assess_activity` judges one customer. Default
            None: the fixed window.

    >>> import custinteract as ci
    >>> policy = ci.LeadPolicy(warm_threshold=25)
    >>> ci.from_dict(ci.LeadPolicy, ci.to_dict(policy)) == policy
    True
    >>> ci.LeadPolicy(warm_threshold=70)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: qualified_threshold: expected a number above ...
    """

    warm_threshold: float = attrs.field(
        default=20.0, converter=v.number_to_float, validator=v.finite_number(low=0, high=100)
    )
    qualified_threshold: float = attrs.field(
        default=60.0, converter=v.number_to_float, validator=v.finite_number(low=0, high=100)
    )
    current_window: relativedelta = attrs.field(
        factory=lambda: relativedelta(months=12), validator=v.window
    )
    qualified_window: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=90), validator=v.window
    )
    answer_window: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=14), validator=v.window
    )
    touch_window: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=30), validator=v.window
    )
    source_points: Mapping[LeadSource, float] = attrs.field(
        factory=lambda: dict(_DEFAULT_SOURCE_POINTS),
        converter=_lead_source_map_float,
        validator=v.enum_map(LeadSource, v.finite_number(low=0, high=100), complete=False),
    )
    unconsented_list_points: float = attrs.field(
        default=0.0, converter=v.number_to_float, validator=v.finite_number(low=0, high=100)
    )
    cold_until_engaged: tuple[LeadSource, ...] = attrs.field(
        default=(LeadSource.COLD_OUTREACH,),
        converter=_lead_source_tuple,
        validator=v.tuple_of(v.enum_member(LeadSource)),
    )
    fit_rules: tuple[FitRule, ...] = attrs.field(
        default=(), converter=_fit_rule_tuple, validator=v.tuple_of(v.instance(FitRule))
    )
    engagement_rules: tuple[EngagementRule, ...] = attrs.field(
        default=DEFAULT_ENGAGEMENT_RULES, converter=_engagement_rule_tuple, validator=_unique_rules
    )
    negative_points: float = attrs.field(
        default=-15.0, converter=v.number_to_float, validator=v.finite_number(low=-100, high=0)
    )
    unanswered_factor: float = attrs.field(
        default=0.0, converter=v.number_to_float, validator=v.finite_number(low=0, high=1)
    )
    qualifying_kinds: tuple[InteractionKind, ...] = attrs.field(
        default=(InteractionKind.QUOTE_REQUEST, InteractionKind.DEMO_REQUEST),
        converter=_interaction_kind_tuple,
        validator=v.tuple_of(v.enum_member(InteractionKind)),
    )
    budget_key: str = attrs.field(default="budget", validator=v.identifier)
    max_touches: Mapping[LeadTemperature, int] = attrs.field(
        factory=lambda: {_T.COLD: 1, _T.WARM: 2, _T.QUALIFIED: 3, _T.CURRENT: 3},
        converter=_lead_temperature_map_int,
        validator=v.enum_map(LeadTemperature, v.integer(low=1), complete=True),
    )
    stop_after_unanswered: Mapping[LeadTemperature, int] = attrs.field(
        factory=lambda: {_T.COLD: 2, _T.WARM: 3, _T.QUALIFIED: 4, _T.CURRENT: 5},
        converter=_lead_temperature_map_int,
        validator=v.enum_map(LeadTemperature, v.integer(low=1), complete=True),
    )
    contact_from: LeadTemperature = attrs.field(
        default=LeadTemperature.WARM, validator=v.enum_member(LeadTemperature)
    )
    consent_required: bool = attrs.field(default=False, validator=v.truth)
    current_activity: ActivityPolicy | None = attrs.field(
        default=None, validator=v.optional(v.instance(ActivityPolicy))
    )

    def __attrs_post_init__(self) -> None:
        if self.qualified_threshold <= self.warm_threshold:
            raise InvalidInputError(
                "qualified_threshold",
                self.qualified_threshold,
                f"a number above warm_threshold={self.warm_threshold:g}",
            )
