"""The domain's vocabulary: the enums every model and engine speaks, and rating scales.

Sentiments, channels, interaction kinds, directions, gesture kinds, lead
sources, staff-event kinds and rating scales, with the rule that reads a
rating as a sentiment. :mod:`custinteract._models` builds the models from
them and re-exports them; users write ``custinteract.Sentiment``.
"""

from __future__ import annotations

import enum

from . import _validators as v
from ._errors import InvalidInputError

__all__ = [
    "Channel",
    "Direction",
    "GestureKind",
    "InteractionKind",
    "LeadSource",
    "RatingScale",
    "Sentiment",
    "StaffEventKind",
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

    “What You Need to Know About Customer Interaction”: companies "give out discount codes to apologize for mistakes", so
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

    “What You Need to Know About Customer Interaction”: purchased mailing lists (timeshare, mortgage, marketing lists) can
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

    “What You Need to Know About Customer Interaction”: trust staff, "reward them for hard work", and make sure "they can
    speak to you about any issues bugging them". ``SURVEY`` is a staff survey
    answer on 0-10 (for eNPS), carried in :class:`StaffEvent.score <custinteract.StaffEvent>`.

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
        return SCALE_BOUNDS[self][0]

    @property
    def high(self) -> int:
        """The highest valid rating."""
        return SCALE_BOUNDS[self][1]

    @property
    def negative_at_most(self) -> int:
        """Ratings at or below this are negative."""
        return SCALE_BOUNDS[self][2]

    @property
    def positive_from(self) -> int:
        """Ratings at or above this are positive."""
        return SCALE_BOUNDS[self][3]


# scale: (low, high, negative at most, positive from)
SCALE_BOUNDS: dict[RatingScale, tuple[int, int, int, int]] = {
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
