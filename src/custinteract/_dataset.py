"""A whole customer base in one value: customers, interactions, staff and staff events.

A :class:`Dataset` is what a host exchanges with another system or keeps as a
fixture: one document with everything the engines read. Ids are unique within
each collection, so nothing in it can be counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import _validators as v
from ._errors import InvalidInputError
from ._models import Customer, Interaction, StaffEvent, StaffMember, interaction_tuple

__all__ = ["Dataset"]


def _unique_ids(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for index, item in enumerate(value):
        if item.id in seen:
            raise InvalidInputError(
                f"{attribute.name}[{index}].id", item.id, "an id not used earlier in the list"
            )
        seen.add(item.id)


def _customer_tuple(value: Iterable[Customer]) -> tuple[Customer, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _staff_member_tuple(value: Iterable[StaffMember]) -> tuple[StaffMember, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _staff_event_tuple(value: Iterable[StaffEvent]) -> tuple[StaffEvent, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class Dataset:
    """Customers, their interactions, staff and staff events, as one value.

    Every collection is a tuple with unique ids (a repeated id is an error,
    never a silent overwrite). Interactions may name customers that are not in
    ``customers`` (a host may send interactions alone). Read and write it with
    :func:`~custinteract.to_dict` and :func:`~custinteract.from_dict`; a bad
    document names the exact place, such as ``interactions[3].timestamp``.

    >>> import custinteract as ci
    >>> data = ci.from_dict(ci.Dataset, {"interactions": [
    ...     {"id": "i-1", "customer_id": "c-1", "timestamp": "2026-03-04T10:00:00+00:00",
    ...      "sentiment": "negative"}]})
    >>> list(data.interactions_by_customer())
    ['c-1']
    >>> ci.from_dict(ci.Dataset, {"interactions": [
    ...     {"id": "i-1", "customer_id": "c-1", "timestamp": "2026-03-04", "sentiment": "negative"}]})
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: interactions[0].timestamp: expected a timezone-aware datetime ...
    """

    # Each collection is declared in full (not through a helper) so that type
    # checkers see its converter: the constructor accepts any iterable.
    customers: tuple[Customer, ...] = attrs.field(
        default=(),
        converter=_customer_tuple,
        validator=[v.tuple_of(v.instance(Customer)), _unique_ids],
    )
    interactions: tuple[Interaction, ...] = attrs.field(
        default=(),
        converter=interaction_tuple,
        validator=[v.tuple_of(v.instance(Interaction)), _unique_ids],
    )
    staff: tuple[StaffMember, ...] = attrs.field(
        default=(),
        converter=_staff_member_tuple,
        validator=[v.tuple_of(v.instance(StaffMember)), _unique_ids],
    )
    staff_events: tuple[StaffEvent, ...] = attrs.field(
        default=(),
        converter=_staff_event_tuple,
        validator=[v.tuple_of(v.instance(StaffEvent)), _unique_ids],
    )

    def interactions_by_customer(self) -> Mapping[str, tuple[Interaction, ...]]:
        """Interactions grouped by customer id, each group in (timestamp, id) order."""
        groups: defaultdict[str, list[Interaction]] = defaultdict(list)
        for interaction in sorted(self.interactions, key=lambda i: (i.timestamp, i.id)):
            groups[interaction.customer_id].append(interaction)
        return {customer_id: tuple(items) for customer_id, items in groups.items()}

    def customer(self, customer_id: str) -> Customer:
        """The customer with this id (:class:`InvalidInputError` if absent)."""
        for customer in self.customers:
            if customer.id == customer_id:
                return customer
        raise InvalidInputError("customer_id", customer_id, "the id of a customer in this dataset")
