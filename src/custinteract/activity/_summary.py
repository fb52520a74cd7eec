"""Each customer's history as the three numbers of the BG/NBD: frequency, recency and age.

Fader, Hardie and Lee (2005) summarise a customer's purchases by ``x`` (the
number of repeat purchases), ``t_x`` (when the last one was, counted from the
first purchase) and ``T`` (how long we have watched them, from the first
purchase to the end of observation). Here they are :attr:`frequency`,
:attr:`recency` and :attr:`age`, in days, from the interactions that count as
coming back (:class:`ActivityPolicy`). Time is counted in whole UTC days, as
``lifetimes`` does with ``freq="D"``: several returns on one day count once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any, ClassVar

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Interaction
from .._time import ensure_aware
from ._policy import ActivityPolicy

__all__ = ["ActivitySummary", "activity_summaries", "day_number", "group_counted_days"]


def _not_above_age(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.finite_number(low=0)(instance, attribute, value)
    if instance.frequency == 0 and value != 0:
        raise InvalidInputError(attribute.name, value, "0 when frequency is 0")
    if v.is_finite_number(instance.age) and value > instance.age:
        raise InvalidInputError(attribute.name, value, f"at most age ({instance.age:g})")


v.with_schema(_not_above_age, {"type": "number", "minimum": 0})


@attrs.frozen(kw_only=True)
class ActivitySummary(Displayed):
    """One customer's history in three numbers (``x``, ``t_x`` and ``T`` of the BG/NBD).

    Attributes:
        customer_id: The customer.
        frequency: Returns: days with a counted interaction after the first one.
        recency: Days from the first counted day to the last one (0 with no return).
        age: Days from the first counted day to ``as_of`` (``T``).

    >>> import custinteract as ci
    >>> s = ci.ActivitySummary(customer_id="c-1", frequency=3, recency=120, age=200)
    >>> s.silence, s.own_gap
    (80.0, 40.0)
    """

    customer_id: str = attrs.field(validator=v.identifier)
    frequency: int = attrs.field(validator=v.integer(low=0))
    recency: float = attrs.field(converter=v.number_to_float, validator=_not_above_age)
    age: float = attrs.field(converter=v.number_to_float, validator=v.finite_number(low=0))

    _brief: ClassVar[tuple[str, ...]] = ()

    @property
    def silence(self) -> float:
        """Days since the last counted day (``age - recency``)."""
        return self.age - self.recency

    @property
    def own_gap(self) -> float | None:
        """The customer's own mean gap between returns, in days (None with no return)."""
        return self.recency / self.frequency if self.frequency else None


def day_number(moment: datetime) -> int:
    """The UTC calendar day of ``moment`` as a day number (proleptic Gregorian ordinal)."""
    return moment.astimezone(timezone.utc).toordinal()


def group_counted_days(
    interactions: Iterable[Interaction], as_of: datetime, policy: ActivityPolicy
) -> tuple[dict[str, set[int]], set[str]]:
    """Counted days per customer at or before ``as_of``, and every customer seen at all.

    Each interaction id counts once: an identical replay is ignored, a different
    interaction under a used id is a :class:`~custinteract.DuplicateInteractionError`.
    """
    seen: dict[str, Interaction] = {}
    days: defaultdict[str, set[int]] = defaultdict(set)
    customers: set[str] = set()
    kinds, directions = set(policy.counted_kinds), set(policy.counted_directions)
    for interaction in v.check_iterable(interactions, "interactions"):
        if type(interaction) is not Interaction:
            raise InvalidInputError("interactions", interaction, "Interaction values")
        previous = seen.setdefault(interaction.id, interaction)
        if previous is not interaction:
            if previous != interaction:
                raise DuplicateInteractionError(
                    "id",
                    interaction.id,
                    "unique interaction ids (two different interactions use it)",
                )
            continue
        if interaction.timestamp > as_of:
            continue
        customers.add(interaction.customer_id)
        if interaction.kind in kinds and interaction.direction in directions:
            days[interaction.customer_id].add(day_number(interaction.timestamp))
    return dict(days), customers


def summary_of(customer_id: str, days: set[int], as_of_day: int) -> ActivitySummary:
    """The summary of one customer's counted days."""
    first, last = min(days), max(days)
    return ActivitySummary(
        customer_id=customer_id,
        frequency=len(days) - 1,
        recency=float(last - first),
        age=float(as_of_day - first),
    )


def summary_of_counted(
    customer_id: str, first: int, last: int, distinct: int, today: int
) -> ActivitySummary:
    """The summary of counted days ``first <= last <= today`` (``distinct`` of them), for a batch.

    The batch has checked the customer id and counted the days itself, so
    the values are valid by construction and the fields are set without the
    constructor's validators: the same values :func:`summary_of` gives.
    """
    summary: ActivitySummary = object.__new__(ActivitySummary)
    object.__setattr__(summary, "customer_id", customer_id)
    object.__setattr__(summary, "frequency", distinct - 1)
    object.__setattr__(summary, "recency", float(last - first))
    object.__setattr__(summary, "age", float(today - first))
    return summary


def activity_summaries(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
) -> dict[str, ActivitySummary]:
    """Every customer's frequency, recency and age at ``as_of``, sorted by customer id.

    Only customers with a counted interaction at or before ``as_of`` have a
    summary (the input of :func:`fit_bgnbd`).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> day = lambda d: datetime(2026, 1, d, 12, tzinfo=timezone.utc)
    >>> buys = [ci.Interaction(id=f"b{d}", customer_id="c-1", timestamp=day(d),
    ...                        sentiment=ci.Sentiment.NEUTRAL, kind=ci.InteractionKind.PURCHASE)
    ...         for d in (1, 11, 21)]
    >>> s = ci.activity_summaries(buys, as_of=day(31))["c-1"]
    >>> s.frequency, s.recency, s.age
    (2, 20.0, 30.0)
    """
    policy = check_policy(policy)
    ensure_aware(as_of, "as_of")
    days, _ = group_counted_days(interactions, as_of, policy)
    today = day_number(as_of)
    return {cid: summary_of(cid, days[cid], today) for cid in sorted(days)}


def check_policy(policy: object) -> ActivityPolicy:
    """The policy given, or the default one for ``None``."""
    if policy is None:
        return ActivityPolicy()
    if not isinstance(policy, ActivityPolicy):
        raise InvalidInputError("policy", policy, "an ActivityPolicy")
    return policy
