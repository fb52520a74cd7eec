"""The stories behind the sample base: each customer's contacts, complaints and recoveries, each lead's outreach.

Every draw comes from one seeded :class:`random.Random`, in a fixed order, so
the same seed tells the same stories. The numbers are invented for
illustration; nothing here is a measurement.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from .._models import (
    Channel,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Rating,
    RatingScale,
    RecoveryGesture,
    Sentiment,
    StaffMember,
)
from .._validators import FrozenMap

__all__ = ["Story"]

_CATEGORIES = ("billing", "delivery", "quality", "account")
# How well each gesture wins back a customer upset about each category (invented).
_GESTURE_SUCCESS: Mapping[tuple[str, GestureKind], float] = FrozenMap(
    {
        ("billing", GestureKind.REFUND): 0.8,
        ("billing", GestureKind.DISCOUNT_CODE): 0.6,
        ("billing", GestureKind.APOLOGY): 0.35,
        ("delivery", GestureKind.DISCOUNT_CODE): 0.7,
        ("delivery", GestureKind.APOLOGY): 0.45,
        ("delivery", GestureKind.REPLACEMENT): 0.55,
        ("quality", GestureKind.REPLACEMENT): 0.8,
        ("quality", GestureKind.REFUND): 0.6,
        ("quality", GestureKind.APOLOGY): 0.25,
        ("account", GestureKind.APOLOGY): 0.6,
        ("account", GestureKind.DISCOUNT_CODE): 0.5,
    }
)
# The money value of each gesture (an apology has none).
_GESTURE_VALUE: Mapping[GestureKind, float | None] = FrozenMap(
    {
        GestureKind.APOLOGY: None,
        GestureKind.DISCOUNT_CODE: 10.0,
        GestureKind.REFUND: 25.0,
        GestureKind.REPLACEMENT: 40.0,
    }
)
# Rating values per sentiment on each scale (consistent with RatingScale's bands).
_RATING_FOR: Mapping[RatingScale, Mapping[Sentiment, tuple[int, int]]] = FrozenMap(
    {
        RatingScale.CSAT: FrozenMap(
            {
                Sentiment.POSITIVE: (4, 5),
                Sentiment.NEUTRAL: (3, 3),
                Sentiment.NEGATIVE: (1, 2),
            }
        ),
        RatingScale.CES: FrozenMap(
            {
                Sentiment.POSITIVE: (5, 7),
                Sentiment.NEUTRAL: (4, 4),
                Sentiment.NEGATIVE: (1, 3),
            }
        ),
    }
)
# Channels of routine contacts and how often each is used (invented).
_ROUTINE_CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.CHAT, Channel.IN_PERSON, Channel.SOCIAL)
_ROUTINE_WEIGHTS = (0.25, 0.25, 0.2, 0.15, 0.15)
# Share of a customer's contacts that start as a complaint (invented).
_COMPLAINT_RATE = 0.08
# What routine contacts are about, and how often (invented).
_ROUTINE_KINDS = (InteractionKind.SUPPORT, InteractionKind.INQUIRY, InteractionKind.PURCHASE)
_ROUTINE_KIND_WEIGHTS = (0.5, 0.3, 0.2)
# Days before ``as_of`` of the twice-yearly NPS survey waves, and the share who answer.
_NPS_WAVES = (25, 207)
_NPS_RESPONSE = 0.4
# Share of complaints not won back that end in a cancellation (invented).
_CANCEL_RATE = 0.35
# What a lead's answer to outreach is, an inquiry twice as often as either request.
_REPLY_KINDS = (
    InteractionKind.INQUIRY,
    InteractionKind.INQUIRY,
    InteractionKind.QUOTE_REQUEST,
    InteractionKind.DEMO_REQUEST,
)


class Story:
    """Accumulates one base's records; every draw comes from one seeded Random."""

    def __init__(self, rng: random.Random, as_of: datetime, staff: tuple[StaffMember, ...]) -> None:
        self.rng = rng
        self.as_of = as_of
        self.staff = staff
        # Care from 0.5 to 0.95, spread evenly over the team in a seeded order, so that
        # staff differ; workload weights so that some handle twice as many contacts.
        levels = [0.5 + 0.45 * k / max(1, len(staff) - 1) for k in range(len(staff))]
        rng.shuffle(levels)
        self.care = {member.id: level for member, level in zip(staff, levels, strict=True)}
        self.workload = {member.id: rng.uniform(0.6, 1.6) for member in staff}
        self.interactions: list[Interaction] = []
        self.counter = 0

    def add(
        self, customer_id: str, when: datetime, sentiment: Sentiment, **fields: object
    ) -> Interaction:
        self.counter += 1
        interaction = Interaction(
            id=f"i-{self.counter:06d}",
            customer_id=customer_id,
            timestamp=when,
            sentiment=sentiment,
            **fields,  # type: ignore[arg-type]
        )
        self.interactions.append(interaction)
        return interaction

    def pick_staff(self, team: str) -> StaffMember:
        members = [m for m in self.staff if m.team == team] or list(self.staff)
        return self.rng.choices(members, weights=[self.workload[m.id] for m in members])[0]

    def rating(self, kind: InteractionKind, sentiment: Sentiment) -> Rating | None:
        """A CSAT rating after some contacts, a CES rating after some support contacts."""
        roll = self.rng.random()
        if kind is InteractionKind.SUPPORT and roll < 0.3:
            scale = RatingScale.CES
        elif roll < 0.7:
            scale = RatingScale.CSAT
        else:
            return None
        low, high = _RATING_FOR[scale][sentiment]
        return Rating(scale=scale, value=self.rng.randint(low, high))

    def nps_answer(self, customer_id: str, when: datetime, mood: float, since: int) -> None:
        """A survey answer: 'how likely are you to recommend us?' (0-10).

        Happier customers score higher; each negative experience in the 90 days
        before the survey takes about 1.5 points off.
        """
        recent = sum(
            1
            for i in self.interactions[since:]
            if i.sentiment is Sentiment.NEGATIVE and when - timedelta(days=90) <= i.timestamp < when
        )
        score = round(self.rng.gauss(4.0 + 5.0 * mood - 1.5 * recent, 1.6))
        rating = Rating(scale=RatingScale.NPS, value=min(10, max(0, score)))
        self.add(
            customer_id,
            when,
            rating.sentiment,
            channel=Channel.EMAIL,
            kind=InteractionKind.FEEDBACK,
            rating=rating,
        )

    def support_contact(self, customer_id: str, when: datetime, base_mood: float) -> bool:
        """A routine contact whose sentiment depends on the customer and the staff member's care.

        True when it ended in a cancellation.
        """
        rng = self.rng
        member = self.pick_staff("support")
        good = base_mood * self.care[member.id]
        roll = rng.random()
        if roll < good:
            sentiment = Sentiment.POSITIVE
        elif roll < good + 0.2:
            sentiment = Sentiment.NEUTRAL
        else:
            sentiment = Sentiment.NEGATIVE
        if sentiment is Sentiment.NEGATIVE:
            return self.complaint(customer_id, when, member)
        kind = rng.choices(_ROUTINE_KINDS, weights=_ROUTINE_KIND_WEIGHTS)[0]
        self.add(
            customer_id,
            when,
            sentiment,
            channel=rng.choices(_ROUTINE_CHANNELS, weights=_ROUTINE_WEIGHTS)[0],
            kind=kind,
            staff_id=member.id,
            rating=self.rating(kind, sentiment),
            resolved=True if kind is InteractionKind.SUPPORT else None,
        )
        return False

    def complaint(self, customer_id: str, when: datetime, member: StaffMember) -> bool:
        """A complaint, maybe a gesture, then recovery, silence or cancellation. True if lost."""
        rng = self.rng
        category = rng.choice(_CATEGORIES)
        complaint = self.add(
            customer_id,
            when,
            Sentiment.NEGATIVE,
            channel=rng.choice((Channel.PHONE, Channel.EMAIL, Channel.CHAT, Channel.SOCIAL)),
            kind=InteractionKind.COMPLAINT,
            staff_id=member.id,
            category=category,
            rating=Rating(scale=RatingScale.CSAT, value=rng.randint(1, 2))
            if rng.random() < 0.6
            else None,
            resolved=False,
        )
        options = [g for (c, g) in _GESTURE_SUCCESS if c == category]
        # Staff lean towards what has worked before: the likelier gestures are chosen more.
        weights = [_GESTURE_SUCCESS[(category, g)] ** 2 for g in options]
        gesture = rng.choices(options, weights=weights)[0] if rng.random() < 0.8 else None
        success = _GESTURE_SUCCESS.get((category, gesture), 0.2) if gesture else 0.2
        follow_at = when + timedelta(hours=rng.randint(2, 72))
        if follow_at > self.as_of:
            return False
        won = rng.random() < success
        self.add(
            customer_id,
            follow_at,
            Sentiment.POSITIVE if won else rng.choice((Sentiment.NEUTRAL, Sentiment.NEGATIVE)),
            channel=Channel.EMAIL,
            kind=InteractionKind.FOLLOW_UP,
            direction=Direction.OUTBOUND,
            staff_id=member.id,
            category=category,
            gesture=(
                RecoveryGesture(
                    kind=gesture, value=_GESTURE_VALUE.get(gesture), answers=complaint.id
                )
                if gesture
                else None
            ),
            resolved=won,
        )
        if won:
            self.come_back(customer_id, follow_at, member)
            return False
        return self.maybe_cancel(customer_id, follow_at, category)

    def come_back(self, customer_id: str, follow_at: datetime, member: StaffMember) -> None:
        """A customer won back comes back: a run of good contacts in the next weeks."""
        rng = self.rng
        when_back = follow_at
        for _ in range(rng.randint(2, 6)):
            when_back += timedelta(days=rng.randint(5, 30))
            if when_back > self.as_of:
                break
            kind = rng.choices(_ROUTINE_KINDS, weights=_ROUTINE_KIND_WEIGHTS)[0]
            self.add(
                customer_id,
                when_back,
                Sentiment.POSITIVE,
                channel=rng.choices(_ROUTINE_CHANNELS, weights=_ROUTINE_WEIGHTS)[0],
                kind=kind,
                staff_id=member.id,
                rating=self.rating(kind, Sentiment.POSITIVE),
            )

    def maybe_cancel(self, customer_id: str, follow_at: datetime, category: str) -> bool:
        """A customer not won back cancels a while later, now and then. True if lost."""
        rng = self.rng
        if rng.random() >= _CANCEL_RATE:
            return False
        cancel_at = follow_at + timedelta(days=rng.randint(1, 20))
        if cancel_at > self.as_of:
            return False
        self.add(
            customer_id,
            cancel_at,
            Sentiment.NEGATIVE,
            channel=Channel.EMAIL,
            kind=InteractionKind.CANCELLATION,
            category=category,
        )
        return True

    def customer_history(
        self, customer_id: str, first: datetime, start: datetime, became: datetime
    ) -> datetime | None:
        """A customer's year: contacts from ``first`` until ``as_of`` or until they leave.

        Returns when they churned (None if they stayed). Those still with us
        when an NPS survey goes out answer it now and then.
        """
        rng = self.rng
        mood = rng.uniform(0.8, 1.15)
        # Some customers are in touch every couple of weeks, others a few times a year.
        mean_gap = 20 * 6 ** rng.random()
        since = len(self.interactions)
        churned = self.contacts(customer_id, first, mood, mean_gap)
        for days_before in _NPS_WAVES:
            sent = self.as_of - timedelta(days=days_before)
            answered_at = sent + timedelta(hours=rng.randint(1, 240))
            alive = start <= sent and became <= sent
            alive = alive and (churned is None or answered_at < churned)
            if alive and rng.random() < _NPS_RESPONSE:
                self.nps_answer(customer_id, answered_at, mood, since)
        return churned

    def contacts(
        self, customer_id: str, first: datetime, mood: float, mean_gap: float
    ) -> datetime | None:
        """Contacts about ``mean_gap`` days apart; some are complaints. When they left, if they did."""
        rng = self.rng
        when = first
        while True:
            when = when + timedelta(days=rng.expovariate(1 / mean_gap))
            if when > self.as_of:
                return None
            if rng.random() < _COMPLAINT_RATE:
                complaint_member = self.pick_staff("support")
                if self.complaint(customer_id, when, complaint_member):
                    return self.interactions[-1].timestamp
            elif self.support_contact(customer_id, when, mood):
                return self.interactions[-1].timestamp

    def lead_history(
        self, customer_id: str, first: datetime, source: LeadSource
    ) -> datetime | None:
        """A lead's outreach: a few touches from sales, some answered. When they bought, if they did."""
        rng = self.rng
        became: datetime | None = None
        touches = rng.randint(0, 4)
        sales = self.pick_staff("sales")
        for _ in range(touches):
            when = self.moment(first)
            answered = rng.random() < (
                0.5 if source in (LeadSource.REFERRAL, LeadSource.INBOUND) else 0.2
            )
            self.add(
                customer_id,
                when,
                Sentiment.NEUTRAL,
                channel=rng.choice((Channel.EMAIL, Channel.PHONE)),
                kind=InteractionKind.OUTREACH,
                direction=Direction.OUTBOUND,
                staff_id=sales.id,
            )
            if answered:
                reply_at = when + timedelta(days=rng.randint(0, 5))
                if reply_at <= self.as_of:
                    became = self.reply(customer_id, reply_at, sales, became)
        return became

    def reply(
        self, customer_id: str, reply_at: datetime, sales: StaffMember, became: datetime | None
    ) -> datetime | None:
        """A lead's answer: an inquiry, a quote or demo request, and sometimes a purchase.

        Returns when the lead became a customer (``became`` if they already had).
        """
        rng = self.rng
        kind = rng.choice(_REPLY_KINDS)
        self.add(
            customer_id,
            reply_at,
            rng.choice((Sentiment.POSITIVE, Sentiment.NEUTRAL)),
            channel=Channel.EMAIL,
            kind=kind,
            staff_id=sales.id,
            metadata={"budget": rng.choice(("5000", "20000"))} if rng.random() < 0.4 else {},
        )
        if kind is not InteractionKind.INQUIRY and rng.random() < 0.4:
            buy_at = reply_at + timedelta(days=rng.randint(1, 30))
            if buy_at <= self.as_of and became is None:
                self.add(
                    customer_id,
                    buy_at,
                    Sentiment.POSITIVE,
                    channel=Channel.PHONE,
                    kind=InteractionKind.PURCHASE,
                    staff_id=sales.id,
                )
                return buy_at
        return became

    def moment(self, after: datetime) -> datetime:
        """A moment drawn evenly between ``after`` and ``as_of``."""
        span = max(1, int((self.as_of - after).total_seconds()))
        return after + timedelta(seconds=self.rng.randrange(span))
