"""Strategies for whole datasets: people, their interactions and staff events, consistent together."""

from __future__ import annotations

from hypothesis import strategies as st

from .._dataset import Dataset
from .._models import Interaction, StaffEvent
from ._values import (
    aware_datetimes,
    customers,
    identifiers,
    interactions,
    staff_event_histories,
    staff_events,
    staff_members,
    utc_offsets,
)


@st.composite
def _dataset(draw: st.DrawFn, max_size: int, realistic: bool, strangers: bool) -> Dataset:
    people = draw(
        st.lists(
            customers(real_world=realistic, printable=realistic),
            max_size=max_size,
            unique_by=lambda c: c.id,
        )
    )
    staff = draw(st.lists(staff_members(), max_size=max_size, unique_by=lambda s: s.id))
    own_customers = [c.id for c in people]
    own_staff = [s.id for s in staff]
    if strangers:  # sometimes someone the dataset does not hold, which a Dataset allows
        customer_ids = (
            st.sampled_from(own_customers) | identifiers("c-") if people else identifiers("c-")
        )
        staff_ids = st.sampled_from(own_staff) | identifiers("s-") if staff else identifiers("s-")
    else:
        customer_ids = st.sampled_from(own_customers) if people else st.nothing()
        staff_ids = st.sampled_from(own_staff) if staff else st.nothing()
    contacts: list[Interaction] = []
    if people or strangers:
        contacts = draw(
            st.lists(
                interactions(
                    customer_ids,
                    timestamps=aware_datetimes(timezones=utc_offsets(real_world=realistic)),
                    staff_ids=st.none() | staff_ids,
                    consistent_ratings=realistic,
                    printable=realistic,
                ),
                max_size=2 * max_size,
                unique_by=lambda i: i.id,
            )
        )
    events: list[StaffEvent] = []
    if strangers:
        events = draw(
            st.lists(staff_ids.flatmap(staff_events), max_size=max_size, unique_by=lambda e: e.id)
        )
    else:
        for member in staff:
            events += draw(
                staff_event_histories(
                    member.id,
                    ids=identifiers(f"{member.id}-e"),
                    max_size=max(1, max_size // 2 + 1),
                    real_world=realistic,
                )
            )
    return Dataset(
        customers=tuple(people),
        interactions=tuple(contacts),
        staff=tuple(staff),
        staff_events=tuple(events),
    )


def datasets(
    max_size: int = 3, *, realistic: bool = True, strangers: bool = False
) -> st.SearchStrategy[Dataset]:
    """Valid datasets every engine accepts: up to ``max_size`` customers and staff.

    Up to twice as many interactions as customers, each of one of the
    dataset's customers and handled by one of its staff or by nobody; staff
    events of its own staff, each member's telling a consistent story (see
    :func:`staff_event_histories`). Offsets are real-world ones, ratings agree
    with their interaction's sentiment, and text is printable.

    The hostile variants, which the models accept but a host's data rarely
    holds: ``realistic=False`` draws every whole-minute offset, ratings
    independent of sentiment and any text (control characters included);
    ``strangers=True`` lets interactions and staff events name people the
    dataset does not hold, and staff events in any order, which the lead and
    morale engines refuse (the lead engine needs each interaction's customer;
    the morale engine, each resolved concern raised first).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> base = find(testing.datasets(), lambda data: data.customers and data.interactions,
    ...             settings=quick)
    >>> 1 <= len(base.customers) <= 3, 1 <= len(base.interactions) <= 6
    (True, True)
    >>> ci.from_dict(ci.Dataset, ci.to_dict(base)) == base
    True
    >>> as_of = datetime(2031, 1, 1, tzinfo=timezone.utc)
    >>> len(ci.assess_leads(base.customers, base.interactions, as_of=as_of)) == len(base.customers)
    True
    """
    return _dataset(max_size, realistic, strangers)
