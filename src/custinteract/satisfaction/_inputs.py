"""What the satisfaction functions accept: groupings, periods, zones and ranges, checked once.

The object path (:mod:`._engine`) and the frames path (:mod:`.frames`) check
their arguments with the same functions, in the same order, so the same
mistake raises the same error on both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from typing import NamedTuple

from .._errors import InvalidInputError
from .._models import Customer, Interaction
from .._time import Frequency, ensure_aware
from .._validators import check_iterable
from ._policy import SatisfactionPolicy, check_policy

__all__ = [
    "CUSTOMER_PREFIX",
    "GROUP_FIELDS",
    "Scope",
    "check_by",
    "check_frequency",
    "check_range",
    "check_scope",
    "check_tz",
    "customer_index",
    "group_value",
]

GROUP_FIELDS: tuple[str, ...] = (
    "channel",
    "staff_id",
    "category",
    "kind",
    "direction",
    "customer_id",
)
"""The interaction fields ``by=`` accepts; ``"customer.<attribute>"`` is accepted too."""

CUSTOMER_PREFIX = "customer."
"""The prefix of a customer-attribute grouping (``"customer.plan"``)."""


def _bound(value: object, field: str) -> datetime | None:
    return None if value is None else ensure_aware(value, field)


def check_range(since: object, until: object) -> tuple[datetime | None, datetime | None]:
    start, end = _bound(since, "since"), _bound(until, "until")
    if start is not None and end is not None and not start < end:
        raise InvalidInputError("until", end, f"a moment after since ({start.isoformat()})")
    return start, end


def check_by(by: object) -> tuple[str, ...]:
    names = (by,) if isinstance(by, str) else by
    expected = (
        f"a tuple of names among {list(GROUP_FIELDS)} or 'customer.<attribute>', without repeats"
    )
    if not isinstance(names, (tuple, list)):
        raise InvalidInputError("by", by, expected)
    for index, name in enumerate(names):
        ok = isinstance(name, str) and (
            name in GROUP_FIELDS
            or (name.startswith(CUSTOMER_PREFIX) and bool(name[len(CUSTOMER_PREFIX) :].strip()))
        )
        if not ok:
            raise InvalidInputError(f"by[{index}]", name, expected)
    if len(set(names)) != len(names):
        raise InvalidInputError("by", by, expected)
    return tuple(names)


def check_frequency(frequency: object, field: str = "frequency") -> Frequency:
    if not isinstance(frequency, Frequency):
        raise InvalidInputError(field, frequency, f"one of {[f.name for f in Frequency]} or None")
    return frequency


def check_tz(tz: object) -> tzinfo:
    if not isinstance(tz, tzinfo):
        raise InvalidInputError("tz", tz, "a tzinfo such as datetime.timezone.utc or a ZoneInfo")
    return tz


def customer_index(customers: object) -> dict[str, Customer]:
    if customers is None:
        return {}
    items: Iterable[object] = check_iterable(
        customers, "customers", expected="an iterable of Customer values"
    )
    index: dict[str, Customer] = {}
    for position, customer in enumerate(items):
        if not isinstance(customer, Customer):
            raise InvalidInputError(f"customers[{position}]", customer, "a Customer")
        earlier = index.get(customer.id)
        if earlier is not None and earlier != customer:
            raise InvalidInputError(
                f"customers[{position}].id", customer.id, "an id not used by a different customer"
            )
        index[customer.id] = customer
    return index


def group_value(
    interaction: Interaction, name: str, customers: Mapping[str, Customer]
) -> str | None:
    if name.startswith(CUSTOMER_PREFIX):
        customer = customers.get(interaction.customer_id)
        if customer is None:
            raise InvalidInputError(
                f"interactions[{interaction.id!r}].customer_id",
                interaction.customer_id,
                f"a customer id present in customers (needed to group by {name!r})",
            )
        return customer.attributes.get(name[len(CUSTOMER_PREFIX) :])
    value = getattr(interaction, name)
    if value is None or isinstance(value, str):
        return value
    text: str = value.value  # an enum: channel, kind, direction
    return text


class Scope(NamedTuple):
    """The checked arguments of a breakdown: grouping, periods, range, policy and zone."""

    by: tuple[str, ...]
    frequency: Frequency | None
    since: datetime | None
    until: datetime | None
    policy: SatisfactionPolicy
    tz: tzinfo

    @property
    def segments(self) -> tuple[str, ...]:
        """The customer attributes grouped by (``"plan"`` for ``"customer.plan"``)."""
        return tuple(
            name[len(CUSTOMER_PREFIX) :] for name in self.by if name.startswith(CUSTOMER_PREFIX)
        )


def check_scope(
    *,
    by: object,
    frequency: object,
    since: object,
    until: object,
    policy: object,
    tz: object,
) -> Scope:
    """Every argument of a breakdown checked (policy, by, frequency, tz, then the range)."""
    checked_policy = check_policy(policy)
    names = check_by(by)
    freq = None if frequency is None else check_frequency(frequency)
    zone = check_tz(tz)
    start, end = check_range(since, until)
    return Scope(names, freq, start, end, checked_policy, zone)
