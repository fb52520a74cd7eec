"""Strategies for the models: interactions, customers, staff and their events, reasons.

The plain values they are made of (ids, offsets, times, windows, ratings,
text) are drawn by ``_scalars``; this module re-exports them, so that the
package (and anything that imported them from here) reads every strategy here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from .._models import (
    Channel,
    Customer,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Reason,
    RecoveryGesture,
    Sentiment,
    StaffEvent,
    StaffEventKind,
    StaffMember,
)
from .._validators import is_blank
from ._scalars import (
    EARLIEST,
    LATEST,
    LATEST_INSTANT,
    REAL_WORLD_OFFSETS,
    aware_datetimes,
    identifiers,
    printable_text,
    ratings,
    string_maps,
    utc_offsets,
    windows,
)

__all__ = [
    # drawn here
    "customer_histories",
    "customers",
    "interactions",
    "reasons",
    "recovery_gestures",
    "staff_event_histories",
    "staff_events",
    "staff_members",
    # re-exported from _scalars
    "EARLIEST",
    "LATEST",
    "LATEST_INSTANT",
    "REAL_WORLD_OFFSETS",
    "aware_datetimes",
    "identifiers",
    "printable_text",
    "ratings",
    "string_maps",
    "utc_offsets",
    "windows",
]


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


@st.composite
def _interaction(
    draw: st.DrawFn,
    customer_ids: st.SearchStrategy[str],
    ids: st.SearchStrategy[str],
    timestamps: st.SearchStrategy[datetime],
    sentiments: st.SearchStrategy[Sentiment],
    kinds: st.SearchStrategy[InteractionKind],
    staff_ids: st.SearchStrategy[str | None],
    consistent: bool,
    printable: bool,
) -> Interaction:
    sentiment = draw(sentiments)
    rating = draw(st.none() | ratings(sentiment=sentiment if consistent else None))
    return Interaction(
        id=draw(ids),
        customer_id=draw(customer_ids),
        timestamp=draw(timestamps),
        sentiment=sentiment,
        channel=draw(st.sampled_from(Channel)),
        kind=draw(kinds),
        direction=draw(st.sampled_from(Direction)),
        staff_id=draw(staff_ids),
        rating=rating,
        category=draw(st.none() | st.sampled_from(["billing", "delivery", "quality", "account"])),
        gesture=draw(st.none() | recovery_gestures()),
        resolved=draw(st.none() | st.booleans()),
        metadata=draw(string_maps(printable=printable)),
    )


def interactions(
    customer_id: str | st.SearchStrategy[str] | None = None,
    *,
    ids: st.SearchStrategy[str] | None = None,
    timestamps: st.SearchStrategy[datetime] | None = None,
    sentiments: st.SearchStrategy[Sentiment] | None = None,
    kinds: st.SearchStrategy[InteractionKind] | None = None,
    staff_ids: st.SearchStrategy[str | None] | None = None,
    consistent_ratings: bool = True,
    printable: bool = True,
) -> st.SearchStrategy[Interaction]:
    """Valid interactions; fix ``customer_id`` or any field's strategy to narrow them.

    A rating, when there is one, expresses the interaction's sentiment on its
    scale (:func:`~custinteract.sentiment_from_rating`), as a host's records
    usually do; ``consistent_ratings=False`` draws the two independently (a
    5-star rating on a complaint marked negative), which the models allow.
    Metadata is printable text unless ``printable=False``.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None, derandomize=True,
    ...                 max_examples=1000)
    >>> complaint = find(testing.interactions("c-7"),
    ...                  lambda i: i.kind is ci.InteractionKind.COMPLAINT and i.rating is not None,
    ...                  settings=quick)
    >>> complaint.customer_id, complaint.kind.value
    ('c-7', 'complaint')
    >>> complaint.rating.sentiment is complaint.sentiment
    True
    """
    if customer_id is None:
        customer_ids: st.SearchStrategy[str] = identifiers("c-")
    elif isinstance(customer_id, str):
        customer_ids = st.just(customer_id)
    else:
        customer_ids = customer_id
    return _interaction(
        customer_ids,
        ids if ids is not None else identifiers("i-"),
        timestamps if timestamps is not None else aware_datetimes(),
        sentiments if sentiments is not None else st.sampled_from(Sentiment),
        kinds if kinds is not None else st.sampled_from(InteractionKind),
        staff_ids if staff_ids is not None else st.none() | identifiers("s-"),
        consistent_ratings,
        printable,
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


def _not_before(
    moment: datetime, zones: st.SearchStrategy[timezone]
) -> st.SearchStrategy[datetime]:
    """Aware datetimes at or after ``moment`` (up to 2030), in any of ``zones``."""
    room = max(timedelta(0), LATEST_INSTANT - moment)
    return st.builds(
        lambda delta, zone: (moment + delta).astimezone(zone),
        st.timedeltas(min_value=timedelta(0), max_value=room),
        zones,
    )


@st.composite
def _customer(draw: st.DrawFn, real_world: bool, printable: bool) -> Customer:
    zones = utc_offsets(real_world=real_world)
    created = draw(aware_datetimes(timezones=zones))
    became_customer = draw(st.none() | _not_before(created, zones))
    churned = None if became_customer is None else draw(st.none() | _not_before(created, zones))
    return Customer(
        id=draw(identifiers("c-")),
        created=created,
        name=draw(st.none() | printable_text(0, 20, printable=printable)),
        source=draw(st.sampled_from(LeadSource)),
        list_name=draw(st.none() | st.sampled_from(["mortgage", "timeshare", "marketing"])),
        consent=draw(st.booleans()),
        do_not_contact=draw(st.booleans()),
        became_customer=became_customer,
        churned=churned,
        attributes=draw(string_maps(printable=printable)),
    )


def customers(*, real_world: bool = True, printable: bool = True) -> st.SearchStrategy[Customer]:
    """Valid customers and leads from every source, with consistent dates.

    ``became_customer`` and ``churned`` are never before ``created``, and
    only a customer churns; ``churned`` may come before ``became_customer``
    (a customer won back). Offsets are real-world ones and names printable;
    ``real_world=False`` and ``printable=False`` draw the hostile variants.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> lost = find(testing.customers(), lambda customer: customer.churned is not None,
    ...             settings=quick)
    >>> lost.is_customer, lost.churned >= lost.created
    (True, True)
    """
    return _customer(real_world, printable)


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
    """Single valid staff events of every kind (surveys carry a 0-10 score).

    Each is valid alone; a list of them need not tell a story the morale
    engine accepts (a concern resolved before it was raised):
    :func:`staff_event_histories` draws those.

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
            note=st.none() | printable_text(0, 20),
            score=st.integers(0, 10) if kind is StaffEventKind.SURVEY else st.none(),
            resolves=(
                st.none() | identifiers("e-")
                if kind is StaffEventKind.CONCERN_RESOLVED
                else st.none()
            ),
        )

    return st.sampled_from(StaffEventKind).flatmap(build)


@st.composite
def _event_history(
    draw: st.DrawFn, staff_id: str, ids: st.SearchStrategy[str], max_size: int, real_world: bool
) -> list[StaffEvent]:
    moments = draw(
        st.lists(
            aware_datetimes(timezones=utc_offsets(real_world=real_world)),
            max_size=max_size,
            unique_by=lambda moment: moment.timestamp(),
        )
    )
    moments.sort()
    events: list[StaffEvent] = []
    open_concerns: list[str] = []
    for moment in moments:
        kind = draw(st.sampled_from(StaffEventKind))
        resolves = None
        if kind is StaffEventKind.CONCERN_RESOLVED:
            if not open_concerns:
                kind = StaffEventKind.CONCERN_RAISED
            else:  # a named concern, or (None) the oldest open one
                resolves = draw(st.none() | st.sampled_from(open_concerns))
                open_concerns.remove(resolves if resolves is not None else open_concerns[0])
        event = StaffEvent(
            id=draw(ids.filter(lambda candidate: candidate not in {e.id for e in events})),
            staff_id=staff_id,
            timestamp=moment,
            kind=kind,
            note=draw(st.none() | printable_text(0, 20)),
            score=draw(st.integers(0, 10)) if kind is StaffEventKind.SURVEY else None,
            resolves=resolves,
        )
        if kind is StaffEventKind.CONCERN_RAISED:
            open_concerns.append(event.id)
        events.append(event)
    return events


def staff_event_histories(
    staff_id: str = "s-1",
    *,
    ids: st.SearchStrategy[str] | None = None,
    max_size: int = 6,
    real_world: bool = True,
) -> st.SearchStrategy[list[StaffEvent]]:
    """One staff member's events, in time order, telling a story the morale engine accepts.

    Every concern resolved was raised, and still open, before it: a
    ``concern_resolved`` event names an open concern, or none (the oldest
    open one is closed). Ids are unique within the list; pass ``ids`` to keep
    them unique across several members.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> story = find(testing.staff_event_histories("s-2"),
    ...              lambda events: any(e.kind is ci.StaffEventKind.CONCERN_RESOLVED
    ...                                 for e in events), settings=quick)
    >>> raised = [e for e in story if e.kind is ci.StaffEventKind.CONCERN_RAISED]
    >>> raised[0].timestamp < next(e for e in story if e.resolves or
    ...                            e.kind is ci.StaffEventKind.CONCERN_RESOLVED).timestamp
    True
    """
    return _event_history(
        staff_id, ids if ids is not None else identifiers("e-"), max_size, real_world
    )


def reasons(*, printable: bool = True) -> st.SearchStrategy[Reason]:
    """Valid reasons: dotted lower-case codes and non-blank (printable) messages.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> reason = find(testing.reasons(), lambda reason: "." in reason.code, settings=quick)
    >>> ci.Reason(code=reason.code, message=reason.message) == reason
    True
    """
    segment = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
    message = printable_text(1, 40, printable=printable).filter(lambda text: not is_blank(text))
    return st.builds(
        Reason, code=st.lists(segment, min_size=1, max_size=3).map(".".join), message=message
    )
