"""CURRENT from the customer's own rhythm: the lead engine's use of :mod:`custinteract.activity`.

With ``LeadPolicy.current_activity`` set, a customer who bought (or became a
customer) and has not churned since is CURRENT unless the activity engine
says they have LAPSED; a customer with nothing that counts as coming back
(UNSEEN) falls back to ``current_window``. Each lead is judged alone, on their
own rhythm, as :func:`~custinteract.assess_activity` judges one customer: the
base's usual gap is the customer's own (or the activity policy's
``base_gap_days``). Object path and frames both score with
:func:`own_rhythm`'s policy, so they do the same arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import attrs

from ..activity import ActivityPolicy, ActivityStatus, ActivitySummary, assess_summary
from ._history import Event

__all__ = ["activity_status", "own_rhythm"]

_UTC = timezone.utc


def own_rhythm(rules: ActivityPolicy) -> ActivityPolicy:
    """``rules`` judging each customer on their own gap (unless they fix the base's gap).

    With the base's gap ``G`` measured on the customer alone, the shrunk typical
    gap ``(k * G + recency) / (k + frequency)`` is the customer's own mean gap
    ``recency / frequency`` whatever ``k``; with no return it is ``G``, here the
    fallback. ``prior_gaps=0`` with ``base_gap_days`` at the fallback gives
    exactly that, in one fixed policy the vectorised scorer can use.
    """
    if rules.base_gap_days is not None:
        return rules
    return attrs.evolve(rules, prior_gaps=0.0, base_gap_days=rules.fallback_gap_days)


def activity_status(
    customer_id: str, events: Sequence[Event], as_of: datetime, rules: ActivityPolicy
) -> ActivityStatus:
    """The activity status of one customer from their events (at or before ``as_of``)."""
    kinds, directions = rules.counted_kinds, rules.counted_directions
    days = {
        e.timestamp.astimezone(_UTC).toordinal()
        for e in events
        if e.kind in kinds and e.direction in directions
    }
    if not days:
        return ActivityStatus.UNSEEN
    first, last = min(days), max(days)
    summary = ActivitySummary(
        customer_id=customer_id,
        frequency=len(days) - 1,
        recency=last - first,
        age=as_of.astimezone(_UTC).toordinal() - first,
    )
    own = own_rhythm(rules)
    gap = rules.fallback_gap_days if own.base_gap_days is None else own.base_gap_days
    return assess_summary(summary, as_of=as_of, base_gap_days=gap, policy=own).status
