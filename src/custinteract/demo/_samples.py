"""A seeded, synthetic customer base to try every engine on: the demo's data.

:func:`sample_dataset` is a pure generator: the same arguments give the same
:class:`~custinteract.Dataset` on every machine. It tells a year of stories
drawn from the seeds: customers who complain and are won back (or not) by an
apology, a discount code, a refund or a replacement; customers who get in
touch often and customers seldom heard from, on every channel including
social media; CSAT ratings after contacts, CES ("how easy was it?") after
support, and a twice-yearly NPS survey; leads from referrals, events, inbound
enquiries and purchased mailing lists (some opted in, some not); a support and
sales team whose care, workload and management differ: some are thanked,
heard and have their concerns fixed, others are left with open concerns.

The numbers are invented for illustration; nothing here is a measurement.

>>> from custinteract.samples import sample_dataset, SAMPLE_AS_OF
>>> data = sample_dataset(customers=50, seed=3)
>>> len(data.customers), len(data.staff)
(50, 8)
>>> all(i.timestamp <= SAMPLE_AS_OF for i in data.interactions)
True
>>> sample_dataset(customers=50, seed=3) == data
True
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from .._dataset import Dataset
from .._errors import InvalidInputError
from .._models import (
    Channel,
    Customer,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Rating,
    RatingScale,
    RecoveryGesture,
    Sentiment,
    StaffEvent,
    StaffEventKind,
    StaffMember,
)

__all__ = ["SAMPLE_AS_OF", "sample_dataset"]

SAMPLE_AS_OF = datetime(2026, 6, 30, 17, 0, tzinfo=timezone.utc)
"""The moment the sample base is seen from: the end of its year of history."""

_CATEGORIES = ("billing", "delivery", "quality", "account")
_STAFF_NAMES = ("Ada", "Ben", "Chloe", "Dev", "Eun-ji", "Femi", "Gus", "Hana", "Ivo", "Jun")
# How well each gesture wins back a customer upset about each category (invented).
_GESTURE_SUCCESS = {
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
_GESTURE_VALUE = {
    GestureKind.APOLOGY: None,
    GestureKind.DISCOUNT_CODE: 10.0,
    GestureKind.REFUND: 25.0,
    GestureKind.REPLACEMENT: 40.0,
}
# Rating values per sentiment on each scale (consistent with RatingScale's bands).
_RATING_FOR = {
    RatingScale.CSAT: {
        Sentiment.POSITIVE: (4, 5),
        Sentiment.NEUTRAL: (3, 3),
        Sentiment.NEGATIVE: (1, 2),
    },
    RatingScale.CES: {
        Sentiment.POSITIVE: (5, 7),
        Sentiment.NEUTRAL: (4, 4),
        Sentiment.NEGATIVE: (1, 3),
    },
}
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
# Mean days between staff events, for staff who are supported (thanked, heard, their
# concerns fixed) and for staff who are not (invented).
_EVENT_GAPS: dict[bool, tuple[tuple[StaffEventKind, float], ...]] = {
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


class _Story:
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
            # A customer won back comes back: a run of good contacts in the next weeks.
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
        if not won and rng.random() < 0.35:
            cancel_at = follow_at + timedelta(days=rng.randint(1, 20))
            if cancel_at <= self.as_of:
                self.add(
                    customer_id,
                    cancel_at,
                    Sentiment.NEGATIVE,
                    channel=Channel.EMAIL,
                    kind=InteractionKind.CANCELLATION,
                    category=category,
                )
                return True
        return False


def sample_dataset(
    *,
    customers: int = 300,
    staff: int = 8,
    seed: int = 7,
    as_of: datetime = SAMPLE_AS_OF,
    days: int = 365,
) -> Dataset:
    """A synthetic base: ``customers`` customers and leads, ``staff`` staff, ``days`` of history to ``as_of``.

    About half the records are current customers with support histories; the
    rest are leads from every :class:`~custinteract.LeadSource`, some of whom
    buy. Deterministic for a given ``seed``.

    >>> from custinteract.samples import sample_dataset
    >>> data = sample_dataset(customers=20, staff=3, seed=1, days=90)
    >>> sorted({m.team for m in data.staff})
    ['sales', 'support']
    """
    for name, value, low in (("customers", customers, 1), ("staff", staff, 2), ("days", days, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise InvalidInputError(name, value, f"an integer of at least {low}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInputError("seed", seed, "an integer")
    if not isinstance(as_of, datetime) or as_of.tzinfo is None:
        raise InvalidInputError("as_of", as_of, "a timezone-aware datetime")
    rng = random.Random(seed)
    start = as_of - timedelta(days=days)
    members = tuple(
        StaffMember(
            id=f"s-{n + 1:02d}",
            name=_STAFF_NAMES[n % len(_STAFF_NAMES)] + ("" if n < len(_STAFF_NAMES) else f" {n}"),
            team="support" if n < max(1, (staff * 3) // 4) else "sales",
            hired=start - timedelta(days=rng.randint(30, 1500)),
        )
        for n in range(staff)
    )
    story = _Story(rng, as_of, members)

    def moment(after: datetime) -> datetime:
        span = max(1, int((as_of - after).total_seconds()))
        return after + timedelta(seconds=rng.randrange(span))

    records: list[Customer] = []
    for n in range(customers):
        customer_id = f"c-{n + 1:04d}"
        created = start + timedelta(days=rng.randint(-200, days - 1))
        created = min(created, as_of - timedelta(days=1))
        is_customer = rng.random() < 0.5
        source = rng.choice(tuple(LeadSource))
        list_name = (
            rng.choice(("mortgage", "timeshare", "marketing"))
            if source is LeadSource.PURCHASED_LIST
            else None
        )
        attributes = {
            "region": rng.choice(("north", "south", "east", "west")),
            "segment": rng.choice(("consumer", "smb", "enterprise")),
            "employees": str(rng.choice((1, 5, 20, 80, 300, 1200))),
        }
        became: datetime | None = None
        churned: datetime | None = None
        first = max(created, start)
        if is_customer:
            became = created
            mood = rng.uniform(0.8, 1.15)
            # Some customers are in touch every couple of weeks, others a few times a year.
            mean_gap = 20 * 6 ** rng.random()
            since = len(story.interactions)
            when = first
            while True:
                when = when + timedelta(days=rng.expovariate(1 / mean_gap))
                if when > as_of:
                    break
                if rng.random() < _COMPLAINT_RATE:
                    complaint_member = story.pick_staff("support")
                    if story.complaint(customer_id, when, complaint_member):
                        churned = story.interactions[-1].timestamp
                        break
                elif story.support_contact(customer_id, when, mood):
                    churned = story.interactions[-1].timestamp
                    break
            for days_before in _NPS_WAVES:
                sent = as_of - timedelta(days=days_before)
                answered_at = sent + timedelta(hours=rng.randint(1, 240))
                alive = start <= sent and became <= sent
                alive = alive and (churned is None or answered_at < churned)
                if alive and rng.random() < _NPS_RESPONSE:
                    story.nps_answer(customer_id, answered_at, mood, since)
        else:
            touches = rng.randint(0, 4)
            sales = story.pick_staff("sales")
            for _ in range(touches):
                when = moment(first)
                answered = rng.random() < (
                    0.5 if source in (LeadSource.REFERRAL, LeadSource.INBOUND) else 0.2
                )
                story.add(
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
                    if reply_at <= as_of:
                        kind = rng.choice(
                            (
                                InteractionKind.INQUIRY,
                                InteractionKind.INQUIRY,
                                InteractionKind.QUOTE_REQUEST,
                                InteractionKind.DEMO_REQUEST,
                            )
                        )
                        story.add(
                            customer_id,
                            reply_at,
                            rng.choice((Sentiment.POSITIVE, Sentiment.NEUTRAL)),
                            channel=Channel.EMAIL,
                            kind=kind,
                            staff_id=sales.id,
                            metadata={"budget": rng.choice(("5000", "20000"))}
                            if rng.random() < 0.4
                            else {},
                        )
                        if kind is not InteractionKind.INQUIRY and rng.random() < 0.4:
                            buy_at = reply_at + timedelta(days=rng.randint(1, 30))
                            if buy_at <= as_of and became is None:
                                story.add(
                                    customer_id,
                                    buy_at,
                                    Sentiment.POSITIVE,
                                    channel=Channel.PHONE,
                                    kind=InteractionKind.PURCHASE,
                                    staff_id=sales.id,
                                )
                                became = buy_at
        records.append(
            Customer(
                id=customer_id,
                created=created,
                name=f"Customer {n + 1}",
                source=source,
                list_name=list_name,
                consent=rng.random() < 0.6,
                do_not_contact=rng.random() < 0.04,
                became_customer=became,
                churned=churned,
                attributes=attributes,
            )
        )

    events: list[StaffEvent] = []

    def event(member: StaffMember, when: datetime, kind: StaffEventKind, **more: object) -> None:
        events.append(
            StaffEvent(
                id=f"e-{len(events) + 1:05d}",
                staff_id=member.id,
                timestamp=when,
                kind=kind,
                **more,  # type: ignore[arg-type]
            )
        )

    # Half the team (a seeded half) is supported: thanked often, heard in regular
    # one-to-ones, their concerns fixed quickly. The other half is not.
    supported_ids = {m.id for m in rng.sample(members, (len(members) + 1) // 2)}
    for member in members:
        care = story.care[member.id]
        supported = member.id in supported_ids
        for event_kind, mean_days in _EVENT_GAPS[supported]:
            when = start
            while True:
                when += timedelta(days=rng.expovariate(1 / mean_days))
                if when > as_of:
                    break
                event(member, when, event_kind)
                if event_kind is StaffEventKind.CONCERN_RAISED:
                    chance, slowest = (0.9, 20) if supported else (0.4, 60)
                    if rng.random() < chance:
                        resolved_at = when + timedelta(days=rng.randint(2, slowest))
                        if resolved_at <= as_of:
                            event(
                                member,
                                resolved_at,
                                StaffEventKind.CONCERN_RESOLVED,
                                resolves=events[-1].id,
                            )
        for quarter in range(4):
            when = as_of - timedelta(days=90 * quarter + rng.randint(1, 20))
            if when >= start:
                score = round(1 + 8 * care + (1.5 if supported else -1.5) + rng.uniform(-1.5, 1.5))
                event(member, when, StaffEventKind.SURVEY, score=min(10, max(0, score)))
    return Dataset(
        customers=tuple(records),
        interactions=tuple(sorted(story.interactions, key=lambda i: (i.timestamp, i.id))),
        staff=members,
        staff_events=tuple(sorted(events, key=lambda e: (e.timestamp, e.id))),
    )
