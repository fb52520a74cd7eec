"""Hypothesis strategies for every custinteract model, for property-testing integrations.

Host applications use these to property-test their own code against valid
custinteract values; custinteract's own test suite uses them too. Needs
hypothesis (``python -m pip install '.[test]'`` in a checkout).

Every strategy draws values that pass the models' own validation. Timestamps
are aware, with fixed UTC offsets in whole minutes (so that
:func:`~custinteract.to_dict` round trips are exact), between 2020 and 2030;
customers' dates tell a consistent story.

The examples below use :func:`hypothesis.find`, which returns a value the
strategy draws that satisfies a condition: the simplest one for small values;
for whole models they skip shrinking (``Phase.generate`` only, which is much
faster) and show what every such value has. In tests, use the strategies with
:func:`hypothesis.given`.

>>> import custinteract as ci
>>> from custinteract import testing
>>> from hypothesis import given
>>> @given(testing.interactions())
... def check(interaction):
...     assert ci.from_dict(ci.Interaction, ci.to_dict(interaction)) == interaction
>>> check()
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ._errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("custinteract.testing", "test", "hypothesis") from _exc

from dateutil.relativedelta import relativedelta

from ._dataset import Dataset
from ._models import (
    Channel,
    Customer,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Rating,
    RatingScale,
    Reason,
    RecoveryGesture,
    Sentiment,
    StaffEvent,
    StaffEventKind,
    StaffMember,
)

__all__ = [
    "aware_datetimes",
    "customer_histories",
    "customers",
    "datasets",
    "identifiers",
    "interactions",
    "ratings",
    "reasons",
    "recovery_gestures",
    "staff_events",
    "staff_members",
    "string_maps",
    "utc_offsets",
    "windows",
]

# hypothesis takes naive wall-clock bounds and adds the timezones itself
_EARLIEST = datetime(2020, 1, 1)  # noqa: DTZ001
_LATEST = datetime(2030, 12, 31)  # noqa: DTZ001
_LATEST_INSTANT = datetime(2031, 1, 1, tzinfo=timezone.utc)


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-blank ids such as ``"c-17"`` (``prefix`` is put in front).

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.identifiers("c-"), lambda text: True)
    'c-0'
    """
    return st.integers(min_value=0, max_value=10**6).map(lambda n: f"{prefix}{n}")


def utc_offsets() -> st.SearchStrategy[timezone]:
    """Fixed UTC offsets from -12:00 to +14:00, in whole minutes.

    Every offset a model accepts in that range, including the unusual ones
    (+05:45, +08:45, the +00:20 of Amsterdam in 1937-1940). Offsets with
    seconds are never drawn: models refuse them (RFC 3339 text cannot carry
    them), which is worth a test of its own in a host application.

    >>> from datetime import timedelta
    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> str(find(testing.utc_offsets(), lambda tz: tz.utcoffset(None) >= timedelta(hours=5, minutes=30)))
    'UTC+05:30'
    """
    return st.integers(min_value=-12 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )


def aware_datetimes(
    min_value: datetime = _EARLIEST, max_value: datetime = _LATEST
) -> st.SearchStrategy[datetime]:
    """Aware datetimes with fixed offsets (:func:`utc_offsets`); bounds are naive local wall times.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> moment = find(testing.aware_datetimes(), lambda moment: moment.year >= 2025)
    >>> moment.year, moment.utcoffset() is not None
    (2025, True)
    """
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=utc_offsets())


def windows() -> st.SearchStrategy[relativedelta]:
    """Valid windows: whole, non-negative, not all zero relative amounts.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.windows(), lambda window: window.months > 0)
    relativedelta(months=+1)
    """
    return st.builds(
        relativedelta,
        years=st.integers(0, 3),
        months=st.integers(0, 11),
        days=st.integers(0, 400),
        hours=st.integers(0, 23),
    ).filter(lambda window: any((window.years, window.months, window.days, window.hours)))


def ratings(scale: RatingScale | None = None) -> st.SearchStrategy[Rating]:
    """Ratings on ``scale`` (any scale when None), always within range.

    >>> import custinteract as ci
    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> promoter = find(testing.ratings(ci.RatingScale.NPS),
    ...                 lambda rating: rating.sentiment is ci.Sentiment.POSITIVE)
    >>> promoter.value
    9
    """
    scales = st.just(scale) if scale is not None else st.sampled_from(RatingScale)
    return scales.flatmap(
        lambda s: st.builds(Rating, scale=st.just(s), value=st.integers(s.low, s.high))
    )


def string_maps() -> st.SearchStrategy[dict[str, str]]:
    """Small ``str -> str`` mappings with non-blank keys.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> pairs = find(testing.string_maps(), lambda mapping: len(mapping) == 2, settings=quick)
    >>> len(pairs), all(key.strip() for key in pairs)
    (2, True)
    """
    keys = st.text(min_size=1, max_size=8).filter(lambda key: bool(key.strip()))
    return st.dictionaries(keys, st.text(max_size=12), max_size=3)


def recovery_gestures() -> st.SearchStrategy[RecoveryGesture]:
    """Recovery gestures, with or without a value and an answered interaction id.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.recovery_gestures(), lambda gesture: gesture.answers is not None).answers
    'i-0'
    """
    return st.builds(
        RecoveryGesture,
        kind=st.sampled_from(GestureKind),
        value=st.none() | st.floats(min_value=0, max_value=1000, allow_nan=False),
        answers=st.none() | identifiers("i-"),
    )


def interactions(
    customer_id: str | st.SearchStrategy[str] | None = None,
    *,
    ids: st.SearchStrategy[str] | None = None,
    timestamps: st.SearchStrategy[datetime] | None = None,
    sentiments: st.SearchStrategy[Sentiment] | None = None,
    kinds: st.SearchStrategy[InteractionKind] | None = None,
    staff_ids: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Interaction]:
    """Valid interactions; fix ``customer_id`` or any field's strategy to narrow them.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> complaint = find(testing.interactions("c-7"),
    ...                  lambda i: i.kind is ci.InteractionKind.COMPLAINT, settings=quick)
    >>> complaint.customer_id, complaint.kind.value
    ('c-7', 'complaint')
    """
    if customer_id is None:
        customer_ids: st.SearchStrategy[str] = identifiers("c-")
    elif isinstance(customer_id, str):
        customer_ids = st.just(customer_id)
    else:
        customer_ids = customer_id
    return st.builds(
        Interaction,
        id=ids if ids is not None else identifiers("i-"),
        customer_id=customer_ids,
        timestamp=timestamps if timestamps is not None else aware_datetimes(),
        sentiment=sentiments if sentiments is not None else st.sampled_from(Sentiment),
        channel=st.sampled_from(Channel),
        kind=kinds if kinds is not None else st.sampled_from(InteractionKind),
        direction=st.sampled_from(Direction),
        staff_id=staff_ids if staff_ids is not None else st.none() | identifiers("s-"),
        rating=st.none() | ratings(),
        category=st.none() | st.sampled_from(["billing", "delivery", "quality", "account"]),
        gesture=st.none() | recovery_gestures(),
        resolved=st.none() | st.booleans(),
        metadata=string_maps(),
    )


def customer_histories(
    customer_id: str = "c-1",
    *,
    min_size: int = 0,
    max_size: int = 30,
    sentiments: st.SearchStrategy[Sentiment] | None = None,
    kinds: st.SearchStrategy[InteractionKind] | None = None,
) -> st.SearchStrategy[list[Interaction]]:
    """Lists of one customer's interactions with unique ids, in no particular order.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> history = find(testing.customer_histories("c-3", min_size=3, max_size=3),
    ...                lambda history: True, settings=quick)
    >>> len(history), len({i.id for i in history}), {i.customer_id for i in history}
    (3, 3, {'c-3'})
    """
    return st.lists(
        interactions(customer_id, sentiments=sentiments, kinds=kinds),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda interaction: interaction.id,
    )


def _not_before(moment: datetime) -> st.SearchStrategy[datetime]:
    """Aware datetimes at or after ``moment`` (up to 2030), in any offset."""
    room = max(timedelta(0), _LATEST_INSTANT - moment)
    return st.builds(
        lambda delta, zone: (moment + delta).astimezone(zone),
        st.timedeltas(min_value=timedelta(0), max_value=room),
        utc_offsets(),
    )


@st.composite
def _customer(draw: st.DrawFn) -> Customer:
    created = draw(aware_datetimes())
    became_customer = draw(st.none() | _not_before(created))
    churned = None if became_customer is None else draw(st.none() | _not_before(created))
    return Customer(
        id=draw(identifiers("c-")),
        created=created,
        name=draw(st.none() | st.text(max_size=20)),
        source=draw(st.sampled_from(LeadSource)),
        list_name=draw(st.none() | st.sampled_from(["mortgage", "timeshare", "marketing"])),
        consent=draw(st.booleans()),
        do_not_contact=draw(st.booleans()),
        became_customer=became_customer,
        churned=churned,
        attributes=draw(string_maps()),
    )


def customers() -> st.SearchStrategy[Customer]:
    """Valid customers and leads from every source, with consistent dates.

    ``became_customer`` and ``churned`` are never before ``created``, and
    only a customer churns; ``churned`` may come before ``became_customer``
    (a customer won back).

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> lost = find(testing.customers(), lambda customer: customer.churned is not None,
    ...             settings=quick)
    >>> lost.is_customer, lost.churned >= lost.created
    (True, True)
    """
    return _customer()


def staff_members() -> st.SearchStrategy[StaffMember]:
    """Valid staff members.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> find(testing.staff_members(), lambda member: member.team == "sales", settings=quick).team
    'sales'
    """
    return st.builds(
        StaffMember,
        id=identifiers("s-"),
        name=st.sampled_from(["Ada", "Ben", "Chloe", "Dev", "Eun-ji"]),
        hired=aware_datetimes(),
        team=st.none() | st.sampled_from(["support", "sales", "success"]),
    )


def staff_events(staff_id: str | None = None) -> st.SearchStrategy[StaffEvent]:
    """Valid staff events of every kind (surveys carry a 0-10 score).

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> survey = find(testing.staff_events("s-1"),
    ...               lambda event: event.kind is ci.StaffEventKind.SURVEY, settings=quick)
    >>> survey.staff_id, 0 <= survey.score <= 10
    ('s-1', True)
    """

    def build(kind: StaffEventKind) -> st.SearchStrategy[StaffEvent]:
        return st.builds(
            StaffEvent,
            id=identifiers("e-"),
            staff_id=st.just(staff_id) if staff_id is not None else identifiers("s-"),
            timestamp=aware_datetimes(),
            kind=st.just(kind),
            note=st.none() | st.text(max_size=20),
            score=st.integers(0, 10) if kind is StaffEventKind.SURVEY else st.none(),
            resolves=(
                st.none() | identifiers("e-")
                if kind is StaffEventKind.CONCERN_RESOLVED
                else st.none()
            ),
        )

    return st.sampled_from(StaffEventKind).flatmap(build)


def reasons() -> st.SearchStrategy[Reason]:
    """Valid reasons: dotted lower-case codes and non-blank messages.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> reason = find(testing.reasons(), lambda reason: "." in reason.code, settings=quick)
    >>> ci.Reason(code=reason.code, message=reason.message) == reason
    True
    """
    segment = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
    return st.builds(
        Reason,
        code=st.lists(segment, min_size=1, max_size=3).map(".".join),
        message=st.text(min_size=1, max_size=40).filter(lambda text: bool(text.strip())),
    )


@st.composite
def _dataset(draw: st.DrawFn, max_size: int) -> Dataset:
    people = draw(st.lists(customers(), max_size=max_size, unique_by=lambda c: c.id))
    staff = draw(st.lists(staff_members(), max_size=max_size, unique_by=lambda s: s.id))
    # Interactions and staff events mostly name people in the dataset, as a host's would,
    # and sometimes someone it does not hold (which a Dataset allows).
    customer_ids = st.sampled_from([c.id for c in people]) | identifiers("c-") if people else None
    staff_ids = st.sampled_from([s.id for s in staff]) if staff else identifiers("s-")
    contacts = draw(
        st.lists(
            interactions(customer_ids, staff_ids=st.none() | staff_ids),
            max_size=2 * max_size,
            unique_by=lambda i: i.id,
        )
    )
    events = draw(
        st.lists(
            staff_ids.flatmap(staff_events),
            max_size=max_size,
            unique_by=lambda e: e.id,
        )
    )
    return Dataset(
        customers=tuple(people),
        interactions=tuple(contacts),
        staff=tuple(staff),
        staff_events=tuple(events),
    )


def datasets(max_size: int = 3) -> st.SearchStrategy[Dataset]:
    """Valid datasets: unique ids in each collection, up to ``max_size`` customers and staff.

    Up to twice as many interactions as customers, mostly of the dataset's own
    customers and handled by its own staff; staff events of its own staff.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> base = find(testing.datasets(), lambda data: data.customers and data.interactions,
    ...             settings=quick)
    >>> 1 <= len(base.customers) <= 3, 1 <= len(base.interactions) <= 6
    (True, True)
    >>> ci.from_dict(ci.Dataset, ci.to_dict(base)) == base
    True
    """
    return _dataset(max_size)
