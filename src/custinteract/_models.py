"""The domain values: interactions, customers, staff, and the reasons engines give.

Every model is a frozen, slotted, keyword-only attrs class, validated on
construction: a model that exists is a valid model. Change one with
:func:`attrs.evolve`, which validates again. Do not subclass them.

Text is not converted implicitly: give enum members (``Sentiment.NEGATIVE``,
or ``Sentiment("negative")`` from text) and aware datetimes
(:func:`~custinteract.parse_datetime` from ISO 8601 text). Documents read with
:func:`~custinteract.from_dict` do take text, and convert it exactly.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from . import _validators as v
from ._errors import InvalidInputError

__all__ = [
    "Channel",
    "Customer",
    "Direction",
    "GestureKind",
    "Interaction",
    "InteractionKind",
    "LeadSource",
    "Rating",
    "RatingScale",
    "Reason",
    "RecoveryGesture",
    "Sentiment",
    "StaffEvent",
    "StaffEventKind",
    "StaffMember",
    "explanation_field",
    "sentiment_from_rating",
]


class Sentiment(enum.Enum):
    """How the customer felt about one interaction.

    >>> import custinteract as ci
    >>> ci.Sentiment("negative") is ci.Sentiment.NEGATIVE
    True
    """

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Channel(enum.Enum):
    """Where an interaction happened.

    >>> import custinteract as ci
    >>> ci.Channel("in_person") is ci.Channel.IN_PERSON
    True
    """

    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    IN_PERSON = "in_person"
    SOCIAL = "social"
    OTHER = "other"


class InteractionKind(enum.Enum):
    """What an interaction was about.

    ``QUOTE_REQUEST`` and ``DEMO_REQUEST`` are explicit buying signals (the lead
    engine treats them as qualifying); ``CANCELLATION`` ends a relationship (the
    recovery engine treats it as a loss).

    >>> import custinteract as ci
    >>> ci.InteractionKind("follow_up")
    <InteractionKind.FOLLOW_UP: 'follow_up'>
    """

    SUPPORT = "support"
    COMPLAINT = "complaint"
    PURCHASE = "purchase"
    INQUIRY = "inquiry"
    QUOTE_REQUEST = "quote_request"
    DEMO_REQUEST = "demo_request"
    OUTREACH = "outreach"
    FOLLOW_UP = "follow_up"
    FEEDBACK = "feedback"
    CANCELLATION = "cancellation"
    OTHER = "other"


class Direction(enum.Enum):
    """Who started the interaction: the customer (inbound) or the business (outbound).

    >>> import custinteract as ci
    >>> [direction.value for direction in ci.Direction]
    ['inbound', 'outbound']
    """

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class GestureKind(enum.Enum):
    """A recovery gesture made to answer a bad experience.

    Seed 004: companies "give out discount codes to apologize for mistakes", so
    that the customer leaves with "a small victory".

    >>> import custinteract as ci
    >>> ci.GestureKind("discount_code") is ci.GestureKind.DISCOUNT_CODE
    True
    """

    APOLOGY = "apology"
    DISCOUNT_CODE = "discount_code"
    REFUND = "refund"
    REPLACEMENT = "replacement"
    OTHER = "other"


class LeadSource(enum.Enum):
    """Where a customer or lead came from.

    Seed 004: purchased mailing lists (timeshare, mortgage, marketing lists) can
    give leads that are at least "warmed up"; cold outreach risks annoying people.

    >>> import custinteract as ci
    >>> ci.LeadSource("purchased_list")
    <LeadSource.PURCHASED_LIST: 'purchased_list'>
    """

    ORGANIC = "organic"
    REFERRAL = "referral"
    INBOUND = "inbound"
    PURCHASED_LIST = "purchased_list"
    EVENT = "event"
    COLD_OUTREACH = "cold_outreach"
    OTHER = "other"


class StaffEventKind(enum.Enum):
    """Something that happened to a staff member, for the morale engine.

    Seed 004: trust staff, "reward them for hard work", and make sure "they can
    speak to you about any issues bugging them". ``SURVEY`` is a staff survey
    answer on 0-10 (for eNPS), carried in :attr:`StaffEvent.score`.

    >>> import custinteract as ci
    >>> ci.StaffEventKind("concern_raised") is ci.StaffEventKind.CONCERN_RAISED
    True
    """

    RECOGNITION = "recognition"
    REWARD = "reward"
    ONE_TO_ONE = "one_to_one"
    CONCERN_RAISED = "concern_raised"
    CONCERN_RESOLVED = "concern_resolved"
    SURVEY = "survey"


class RatingScale(enum.Enum):
    """A named rating scale, with its range and how ratings map to sentiment.

    =====  =========  ==============  ===========  ==============
    scale  range      negative        neutral      positive
    =====  =========  ==============  ===========  ==============
    CSAT   1 to 5     1-2             3            4-5
    NPS    0 to 10    0-6 detractor   7-8 passive  9-10 promoter
    CES    1 to 7     1-3             4            5-7
    =====  =========  ==============  ===========  ==============

    CES here is the 1-7 agreement scale of CES 2.0 ("the company made it easy to
    handle my issue"), where higher is better.

    >>> import custinteract as ci
    >>> ci.RatingScale.NPS.low, ci.RatingScale.NPS.high
    (0, 10)
    """

    CSAT = "csat"
    NPS = "nps"
    CES = "ces"

    @property
    def low(self) -> int:
        """The lowest valid rating."""
        return _SCALE_BOUNDS[self][0]

    @property
    def high(self) -> int:
        """The highest valid rating."""
        return _SCALE_BOUNDS[self][1]

    @property
    def negative_at_most(self) -> int:
        """Ratings at or below this are negative."""
        return _SCALE_BOUNDS[self][2]

    @property
    def positive_from(self) -> int:
        """Ratings at or above this are positive."""
        return _SCALE_BOUNDS[self][3]


# scale: (low, high, negative at most, positive from)
_SCALE_BOUNDS: dict[RatingScale, tuple[int, int, int, int]] = {
    RatingScale.CSAT: (1, 5, 2, 4),
    RatingScale.NPS: (0, 10, 6, 9),
    RatingScale.CES: (1, 7, 3, 5),
}


def sentiment_from_rating(value: int, scale: RatingScale) -> Sentiment:
    """The sentiment a rating expresses on its scale (see :class:`RatingScale`).

    >>> import custinteract as ci
    >>> ci.sentiment_from_rating(8, ci.RatingScale.NPS)
    <Sentiment.NEUTRAL: 'neutral'>
    >>> ci.sentiment_from_rating(6, ci.RatingScale.NPS)
    <Sentiment.NEGATIVE: 'negative'>
    >>> ci.sentiment_from_rating(6, ci.RatingScale.CSAT)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: value: expected an integer from 1 to 5 on the csat scale, got 6
    >>> ci.sentiment_from_rating(5, "csat")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: scale: expected one of RatingScale.CSAT, RatingScale.NPS, RatingScale.CES (use RatingScale('csat') to convert text), got 'csat'
    """
    if not isinstance(scale, RatingScale):
        raise InvalidInputError("scale", scale, v.enum_phrase(RatingScale, scale))
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not scale.low <= value <= scale.high
    ):
        raise InvalidInputError(
            "value",
            value,
            f"an integer from {scale.low} to {scale.high} on the {scale.value} scale",
        )
    if value <= scale.negative_at_most:
        return Sentiment.NEGATIVE
    if value >= scale.positive_from:
        return Sentiment.POSITIVE
    return Sentiment.NEUTRAL


def _rating_in_scale(instance: Rating, attribute: attrs.Attribute[Any], value: Any) -> None:
    sentiment_from_rating(value, instance.scale)


v.with_schema(_rating_in_scale, {"type": "integer"})


@attrs.frozen(kw_only=True)
class Rating:
    """A rating the customer gave, on a named scale.

    >>> import custinteract as ci
    >>> ci.Rating(value=9, scale=ci.RatingScale.NPS).sentiment
    <Sentiment.POSITIVE: 'positive'>
    >>> ci.Rating(value=0, scale=ci.RatingScale.CSAT)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: value: expected an integer from 1 to 5 on the csat scale, got 0
    """

    scale: RatingScale = attrs.field(validator=v.enum_member(RatingScale))
    value: int = attrs.field(validator=_rating_in_scale)

    __json_schema_extra__: ClassVar[dict[str, Any]] = {
        "allOf": [
            {
                "if": {"properties": {"scale": {"const": scale.value}}},
                "then": {
                    "properties": {"value": {"type": "number", "minimum": low, "maximum": high}}
                },
            }
            for scale, (low, high, _, _) in _SCALE_BOUNDS.items()
        ]
    }

    @property
    def sentiment(self) -> Sentiment:
        """The sentiment this rating expresses (see :class:`RatingScale`)."""
        return sentiment_from_rating(self.value, self.scale)


@attrs.frozen(kw_only=True)
class RecoveryGesture:
    """A gesture made to win a customer back: an apology, a discount code, a refund...

    ``answers`` names the id of the negative interaction this gesture answers;
    when it is ``None`` the recovery engine attaches it to the customer's most
    recent open negative. ``value`` is the gesture's worth in the host's own
    unit (money, or percent off); the library reports it, never converts it.

    >>> import custinteract as ci
    >>> ci.RecoveryGesture(kind=ci.GestureKind.DISCOUNT_CODE, value=10, answers="i-17").value
    10.0
    """

    kind: GestureKind = attrs.field(validator=v.enum_member(GestureKind))
    value: float | None = attrs.field(
        default=None,
        converter=v.number_to_float,
        validator=v.optional(v.finite_number(low=0)),
    )
    answers: str | None = attrs.field(default=None, validator=v.optional(v.identifier))


@attrs.frozen(kw_only=True)
class Interaction:
    """One contact between a customer and the business, and how it felt.

    Only ``id``, ``customer_id``, ``timestamp`` and ``sentiment`` are required;
    the rest describe the contact for the engines that care (channel and staff
    for satisfaction, kind and direction for leads, gesture for recovery).
    ``sentiment`` is what the engines count; :func:`sentiment_from_rating`
    derives it from a rating where you have one.

    ``sentiment`` and ``rating`` are two different readings and may disagree:
    ``sentiment`` is how the contact went as the agent or a classifier judged
    it, ``rating`` is the customer's own answer to a survey. A contact marked
    POSITIVE with an NPS rating of 0 is therefore accepted as it is, not
    refused and not "corrected". Each engine says which one it reads: the
    recovery, word-of-mouth, lead and morale engines read ``sentiment``; the
    satisfaction engine counts the ``rating`` when there is one (CSAT, NPS,
    CES) and the ``sentiment`` only of unrated interactions, so nothing is
    counted twice. Derive ``sentiment`` with :func:`sentiment_from_rating` if
    you want the two to agree.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> complaint = ci.Interaction(
    ...     id="i-1",
    ...     customer_id="c-1",
    ...     timestamp=datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc),
    ...     sentiment=ci.Sentiment.NEGATIVE,
    ...     channel=ci.Channel.PHONE,
    ...     kind=ci.InteractionKind.COMPLAINT,
    ...     category="billing",
    ... )
    >>> complaint.kind.value, complaint.direction.value
    ('complaint', 'inbound')
    >>> ci.Interaction(id="i-2", customer_id="c-1", timestamp=datetime(2026, 3, 4),
    ...                sentiment=ci.Sentiment.POSITIVE)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: timestamp: expected a timezone-aware datetime ...
    """

    id: str = attrs.field(validator=v.identifier)
    customer_id: str = attrs.field(validator=v.identifier)
    timestamp: datetime = attrs.field(validator=v.aware)
    sentiment: Sentiment = attrs.field(validator=v.enum_member(Sentiment))
    channel: Channel = attrs.field(default=Channel.OTHER, validator=v.enum_member(Channel))
    kind: InteractionKind = attrs.field(
        default=InteractionKind.OTHER, validator=v.enum_member(InteractionKind)
    )
    direction: Direction = attrs.field(
        default=Direction.INBOUND, validator=v.enum_member(Direction)
    )
    staff_id: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    rating: Rating | None = attrs.field(default=None, validator=v.optional(v.instance(Rating)))
    category: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    gesture: RecoveryGesture | None = attrs.field(
        default=None,
        validator=v.optional(v.instance(RecoveryGesture)),
    )
    resolved: bool | None = attrs.field(default=None, validator=v.optional(v.truth))
    metadata: Mapping[str, str] = attrs.field(
        factory=v.FrozenMap, converter=v.freeze_map, validator=v.str_map
    )


def _not_before_created(instance: Customer, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.aware(instance, attribute, value)
    if value < instance.created:
        raise InvalidInputError(
            attribute.name,
            value,
            f"a moment on or after created ({instance.created.isoformat()})",
        )


def _churned(instance: Customer, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.aware(instance, attribute, value)
    if instance.became_customer is None:
        raise InvalidInputError(
            attribute.name,
            value,
            "None while became_customer is None (only a customer can churn:"
            " set became_customer too)",
        )
    _not_before_created(instance, attribute, value)


v.with_schema(_not_before_created, v.schema_of(v.aware))
v.with_schema(_churned, {"optional": True, **v.schema_of(v.aware)})


@attrs.frozen(kw_only=True)
class Customer:
    """A customer or a lead: who they are, where they came from, what they allow.

    ``consent`` is their opt-in to marketing contact and ``do_not_contact`` an
    explicit request never to be contacted; ``list_name`` keeps the name of the
    purchased list a lead came from (``"mortgage"``) for reporting.
    ``became_customer`` and ``churned`` are the host's own records; the
    ``attributes`` feed declarative fit rules and segment grouping.

    The dates must tell one story: ``became_customer`` and ``churned`` are not
    before ``created``, and only someone who became a customer can churn
    (``churned`` needs ``became_customer``). ``churned`` may be before
    ``became_customer``: a customer who left and was won back.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> lead = ci.Customer(
    ...     id="c-9",
    ...     created=datetime(2026, 1, 5, tzinfo=timezone.utc),
    ...     source=ci.LeadSource.PURCHASED_LIST,
    ...     list_name="mortgage",
    ...     consent=True,
    ...     attributes={"region": "north"},
    ... )
    >>> lead.attributes["region"], lead.is_customer
    ('north', False)
    >>> ci.Customer(id="c-9", created=datetime(2026, 1, 5, tzinfo=timezone.utc),
    ...             churned=datetime(2026, 2, 1, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: churned: expected None while became_customer is None (only a customer can churn: set became_customer too), got ...
    """

    id: str = attrs.field(validator=v.identifier)
    created: datetime = attrs.field(validator=v.aware)
    name: str | None = attrs.field(default=None, validator=v.optional(v.text))
    source: LeadSource = attrs.field(default=LeadSource.OTHER, validator=v.enum_member(LeadSource))
    list_name: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    consent: bool = attrs.field(default=False, validator=v.truth)
    do_not_contact: bool = attrs.field(default=False, validator=v.truth)
    became_customer: datetime | None = attrs.field(
        default=None, validator=v.optional(_not_before_created)
    )
    churned: datetime | None = attrs.field(default=None, validator=_churned)
    attributes: Mapping[str, str] = attrs.field(
        factory=v.FrozenMap, converter=v.freeze_map, validator=v.str_map
    )

    __json_schema_extra__: ClassVar[dict[str, Any]] = {
        # The order of the dates is checked by from_dict; JSON Schema cannot compare them.
        "if": {"properties": {"churned": {"type": "string"}}, "required": ["churned"]},
        "then": {
            "properties": {"became_customer": {"type": "string"}},
            "required": ["became_customer"],
        },
    }

    @property
    def is_customer(self) -> bool:
        """True when the host records them as having become a customer."""
        return self.became_customer is not None


@attrs.frozen(kw_only=True)
class StaffMember:
    """A member of staff who handles customers.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.StaffMember(id="s-1", name="Ada", team="support",
    ...                hired=datetime(2024, 2, 1, tzinfo=timezone.utc)).team
    'support'
    """

    id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.identifier)
    hired: datetime = attrs.field(validator=v.aware)
    team: str | None = attrs.field(default=None, validator=v.optional(v.identifier))


def _survey_score(instance: StaffEvent, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.kind is StaffEventKind.SURVEY:
        v.integer(low=0, high=10)(instance, attribute, value)
    elif value is not None:
        raise InvalidInputError(attribute.name, value, "None unless kind is survey")


def _resolves(instance: StaffEvent, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if instance.kind is not StaffEventKind.CONCERN_RESOLVED:
        raise InvalidInputError(attribute.name, value, "None unless kind is concern_resolved")
    v.identifier(instance, attribute, value)


v.with_schema(_survey_score, {"optional": True, "type": "integer", "minimum": 0, "maximum": 10})
v.with_schema(_resolves, {"optional": True, "type": "string", "minLength": 1, "pattern": r"\S"})


@attrs.frozen(kw_only=True)
class StaffEvent:
    """Something that happened to a staff member: recognition, a reward, a one-to-one...

    A ``SURVEY`` event carries the member's answer on 0-10 in ``score`` (and
    only a survey does). A ``CONCERN_RESOLVED`` event may name, in
    ``resolves``, the id of the ``CONCERN_RAISED`` event it closes.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.StaffEvent(id="e-1", staff_id="s-1", kind=ci.StaffEventKind.SURVEY,
    ...               timestamp=datetime(2026, 6, 1, tzinfo=timezone.utc), score=9).score
    9
    """

    id: str = attrs.field(validator=v.identifier)
    staff_id: str = attrs.field(validator=v.identifier)
    timestamp: datetime = attrs.field(validator=v.aware)
    kind: StaffEventKind = attrs.field(validator=v.enum_member(StaffEventKind))
    note: str | None = attrs.field(default=None, validator=v.optional(v.text))
    score: int | None = attrs.field(default=None, validator=_survey_score)
    resolves: str | None = attrs.field(default=None, validator=_resolves)

    __json_schema_extra__: ClassVar[dict[str, Any]] = {
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": "survey"}}},
                "then": {"properties": {"score": {"type": "integer"}}, "required": ["score"]},
                "else": {"properties": {"score": {"type": "null"}}},
            },
            {
                "if": {"properties": {"kind": {"not": {"const": "concern_resolved"}}}},
                "then": {"properties": {"resolves": {"type": "null"}}},
            },
        ]
    }


_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


def _reason_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _CODE_RE.fullmatch(value):
        raise InvalidInputError(
            attribute.name, value, "a dotted lower-case code such as 'recovery.negative'"
        )


v.with_schema(_reason_code, {"type": "string", "pattern": _CODE_RE.pattern})


@attrs.frozen(kw_only=True)
class Reason:
    """One step of an explanation: a stable machine code and a sentence for people.

    ``code`` is stable across releases and documented on each engine's page
    (``recovery.negative``, ``lead.source.purchased_list``...); match on it in
    code. ``message`` is for a support agent to read and may be reworded.

    >>> import custinteract as ci
    >>> r = ci.Reason(code="recovery.negative", message="negative complaint: 6 positives needed")
    >>> r.code
    'recovery.negative'
    >>> str(r)
    'negative complaint: 6 positives needed [recovery.negative]'
    """

    code: str = attrs.field(validator=_reason_code)
    message: str = attrs.field(validator=v.identifier)

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    """Converter of the explanation: a list (or any non-text iterable) of reasons becomes a tuple.

    Typed so that the constructor's ``explanation`` parameter reads as
    ``Iterable[Reason]`` to type checkers; anything else is left for the
    validator, which names it.
    """
    converted: Any = v.to_tuple(value)
    return converted  # type: ignore[no-any-return]


def explanation_field(*, optional: bool = False) -> Any:
    """The ``explanation`` field every result declares: a tuple of :class:`Reason` (lists accepted).

    ``optional=True`` gives it the empty explanation as its default.
    """
    if optional:
        return attrs.field(default=(), converter=_reasons, validator=v.tuple_of(v.instance(Reason)))
    return attrs.field(converter=_reasons, validator=v.tuple_of(v.instance(Reason)))
