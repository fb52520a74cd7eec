"""A seeded, synthetic customer base to try every engine on: the demo's data.

:func:`sample_dataset` is a pure generator: the same arguments give the same
:class:`~custinteract.Dataset` on every machine. It tells a year of stories
drawn from the source articles: customers who complain and are won back (or not) by an
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
from .._models import Customer, LeadSource
from ._staff import staff_events, staff_members
from ._story import Story

__all__ = ["SAMPLE_AS_OF", "sample_dataset"]

SAMPLE_AS_OF = datetime(2026, 6, 30, 17, 0, tzinfo=timezone.utc)
"""The moment the sample base is seen from: the end of its year of history."""


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
    members = staff_members(rng, staff, start)
    story = Story(rng, as_of, members)
    records = tuple(_customer(story, n, start, days) for n in range(customers))
    return Dataset(
        customers=records,
        interactions=tuple(sorted(story.interactions, key=lambda i: (i.timestamp, i.id))),
        staff=members,
        staff_events=staff_events(rng, members, story.care, start, as_of),
    )


def _customer(story: Story, n: int, start: datetime, days: int) -> Customer:
    """The ``n``-th record: half are customers with a support history, half leads."""
    rng = story.rng
    customer_id = f"c-{n + 1:04d}"
    created = start + timedelta(days=rng.randint(-200, days - 1))
    created = min(created, story.as_of - timedelta(days=1))
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
    first = max(created, start)
    became: datetime | None
    if is_customer:
        became = created
        churned = story.customer_history(customer_id, first, start, became)
    else:
        became, churned = story.lead_history(customer_id, first, source), None
    return Customer(
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
