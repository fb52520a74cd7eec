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

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar, cast

import attrs

from . import _validators as v
from ._errors import InvalidInputError
from ._time import fixed_offset, fixed_offset_or_none
from ._vocabulary import (
    SCALE_BOUNDS,
    Channel,
    Direction,
    GestureKind,
    InteractionKind,
    LeadSource,
    RatingScale,
    Sentiment,
    StaffEventKind,
    sentiment_from_rating,
)

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
    "Reasons",
    "RecoveryGesture",
    "Sentiment",
    "StaffEvent",
    "StaffEventKind",
    "StaffMember",
    "EMPTY_MAP",
    "explanation_spec",
    "field_setters",
    "interaction_tuple",
    "sentiment_from_rating",
]


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
            for scale, (low, high, _, _) in SCALE_BOUNDS.items()
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
        converter=v.optional_number_to_float,
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
    timestamp: datetime = attrs.field(converter=fixed_offset, validator=v.aware)
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
        factory=v.FrozenMap, converter=v.freeze_str_map, validator=v.str_map
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
    created: datetime = attrs.field(converter=fixed_offset, validator=v.aware)
    name: str | None = attrs.field(default=None, validator=v.optional(v.text))
    source: LeadSource = attrs.field(default=LeadSource.OTHER, validator=v.enum_member(LeadSource))
    list_name: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    consent: bool = attrs.field(default=False, validator=v.truth)
    do_not_contact: bool = attrs.field(default=False, validator=v.truth)
    became_customer: datetime | None = attrs.field(
        default=None, converter=fixed_offset_or_none, validator=v.optional(_not_before_created)
    )
    churned: datetime | None = attrs.field(
        default=None, converter=fixed_offset_or_none, validator=_churned
    )
    attributes: Mapping[str, str] = attrs.field(
        factory=v.FrozenMap, converter=v.freeze_str_map, validator=v.str_map
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
    hired: datetime = attrs.field(converter=fixed_offset, validator=v.aware)
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
    timestamp: datetime = attrs.field(converter=fixed_offset, validator=v.aware)
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


class Reasons:
    """Makes :class:`Reason` values through their constructor; with a memo, each distinct one once.

    A batch call gives one ``memo`` to every explanation it writes, so each
    distinct reason is validated and built once and the same frozen value is
    shared; without a memo every call builds a new one.

    >>> memo: dict[tuple[str, str], Reason] = {}
    >>> reason_of = Reasons(memo)
    >>> reason_of("activity.active", "still here") is reason_of("activity.active", "still here")
    True
    """

    __slots__ = ("memo",)

    def __init__(self, memo: dict[tuple[str, str], Reason] | None) -> None:
        self.memo = memo

    def __call__(self, code: str, message: str) -> Reason:
        memo = self.memo
        if memo is None:
            return Reason(code=code, message=message)
        found = memo.get((code, message))
        if found is None:
            found = memo[code, message] = Reason(code=code, message=message)
        return found


def interaction_tuple(value: Iterable[Interaction]) -> tuple[Interaction, ...]:
    """Converter of a tuple of interactions (a dataset's, a ledger's document), typed for mypy."""
    return v.to_tuple(value)


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    """Converter of the explanation: a list (or any non-text iterable) of reasons becomes a tuple.

    Typed so that the constructor's ``explanation`` parameter reads as
    ``Iterable[Reason]`` to type checkers; anything else is left for the
    validator, which names it.
    """
    return v.to_tuple(value)


def explanation_spec() -> dict[str, Any]:
    """The ``explanation`` field every result declares: a tuple of :class:`Reason` (lists accepted).

    The converter and validator, for ``attrs.field(**explanation_spec())``
    (``default=()`` there for an optional one): the field is an
    ``attrs.field`` call, so type checkers see whether it has a default and
    flag a missing required argument.
    """
    return {"converter": _reasons, "validator": v.tuple_of(v.instance(Reason))}


def field_setters(cls: type[Any]) -> dict[str, Callable[[Any, Any], None]] | None:
    """Per field of a frozen, slotted attrs class, a function storing a value in a bare instance.

    For the fast paths that build many values of one class (document readers,
    frame-to-objects): ``instance = object.__new__(cls)`` then one setter per
    field. Nothing is converted or validated, so use them ONLY with values the
    field's own converter and validator have already accepted (or that were
    checked by the very same rule, vectorised), and set every field. ``None``
    when ``cls`` does not fit: not slotted, or with ``__attrs_pre_init__``,
    ``__attrs_post_init__`` or fields outside ``__init__``, whose work a bare
    instance would miss.
    """
    if not attrs.has(cls) or "__slots__" not in cls.__dict__:
        return None
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return None
    setters: dict[str, Callable[[Any, Any], None]] = {}
    for field in attrs.fields(cls):
        slot = getattr(cls, field.name, None)
        if not field.init or field.alias != field.name or type(slot) is not _MEMBER:
            return None
        setters[field.name] = cast(Any, slot).__set__
    return setters


_MEMBER = type(Reason.code)  # a slot's member descriptor: stores without __setattr__


EMPTY_MAP: v.FrozenMap[Any, Any] = v.FrozenMap()
"""One empty map for every value whose mapping field holds nothing, in the fast paths.

A :class:`~custinteract.FrozenMap` cannot change, so sharing one is invisible
(equality, hash, pickling and documents are the same) and saves an allocation
per value.
"""
