"""The recovery engine's use of :mod:`custinteract.activity`: is a customer who owes nothing still with us?

Silence makes a customer LOST only while a debt is open. The activity engine
tells the rest apart: each assessment carries the customer's activity status,
and a HEALTHY customer who is LAPSING or LAPSED gets a reason saying so
(:func:`._explain.quiet_reason`). The batch measures the base's usual gap over
the customers it is given, as :func:`~custinteract.assess_activities` does; a
ledger follows one customer and keeps their counted days as it records
(first, last, how many: constant cost per record), measuring the gap on that
customer alone, as :func:`~custinteract.assess_activity` does.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from datetime import datetime, timezone

from .._models import Interaction
from ..activity import ActivityAssessment, ActivitySummary, assess_summary
from ._policy import RecoveryPolicy

__all__ = ["activities_of", "activity_of", "counted_days", "ledger_activity"]

_UTC = timezone.utc

Days = tuple[int, int, int]
"""A customer's counted UTC day numbers so far: (first, last, how many distinct)."""


def counted_days(
    days: Days | None, interaction: Interaction, policy: RecoveryPolicy
) -> Days | None:
    """``days`` with ``interaction`` counted (interactions come in time order)."""
    rules = policy.activity
    if (
        rules is None
        or interaction.kind not in rules.counted_kinds
        or interaction.direction not in rules.counted_directions
    ):
        return days
    day = interaction.timestamp.astimezone(_UTC).toordinal()
    if days is None:
        return (day, day, 1)
    if day != days[1]:  # a later day
        return (days[0], day, days[2] + 1)
    return days


def ledger_activity(
    days: Days | None, customer_id: str | None, as_of: datetime, policy: RecoveryPolicy
) -> ActivityAssessment | None:
    """The activity at ``as_of`` of a ledger's customer, as :func:`~custinteract.assess_activity`.

    A ledger follows one customer: the base's usual gap is the customer's
    own (or the activity policy's ``base_gap_days``).
    """
    rules = policy.activity
    if rules is None:
        return None
    summary = None
    gap = rules.fallback_gap_days
    if days is not None and customer_id is not None:
        first, last, distinct = days
        summary = ActivitySummary(
            customer_id=customer_id,
            frequency=distinct - 1,
            recency=last - first,
            age=as_of.astimezone(_UTC).toordinal() - first,
        )
        if summary.own_gap is not None:
            gap = summary.own_gap
    return assess_summary(
        summary,
        customer_id=customer_id,
        as_of=as_of,
        base_gap_days=gap,
        policy=rules,
        model=policy.activity_model,
    )


def activities_of(
    by_customer: Mapping[str, list[Interaction]], as_of: datetime, policy: RecoveryPolicy
) -> dict[str, ActivityAssessment] | None:
    """Every customer's activity, as :func:`~custinteract.assess_activities` gives it.

    The interactions are already grouped and checked here, so the summaries
    are made from the groups (re-reading the base through
    ``assess_activities`` doubled the cost of the batch at 100k interactions,
    benchmarks/bench_recovery.py); the base's gap is the median of the
    customers' own gaps (the rhythm rule's step 2), then each customer is
    scored by :func:`~custinteract.assess_summary`.
    """
    rules = policy.activity
    if rules is None:
        return None
    kinds, directions = rules.counted_kinds, rules.counted_directions
    today = as_of.astimezone(_UTC).toordinal()
    summaries: dict[str, ActivitySummary] = {}
    for cid, items in by_customer.items():
        days = {
            (t if t.tzinfo is _UTC else t.astimezone(_UTC)).toordinal()
            for i in items
            if i.kind in kinds and i.direction in directions
            for t in (i.timestamp,)
        }
        if days:
            first, last = min(days), max(days)
            summaries[cid] = ActivitySummary(
                customer_id=cid, frequency=len(days) - 1, recency=last - first, age=today - first
            )
    gaps = [gap for s in summaries.values() if (gap := s.own_gap) is not None]
    base = statistics.median(gaps) if gaps else rules.fallback_gap_days
    return {
        cid: assess_summary(
            summaries.get(cid),
            customer_id=cid,
            as_of=as_of,
            base_gap_days=base,
            policy=rules,
            model=policy.activity_model,
        )
        for cid in by_customer
    }


def activity_of(
    activities: Mapping[str, ActivityAssessment] | None,
    customer_id: str,
    as_of: datetime,
    policy: RecoveryPolicy,
) -> ActivityAssessment | None:
    """One customer's activity: UNSEEN for a customer given with no interaction."""
    if activities is None or policy.activity is None:
        return None
    found = activities.get(customer_id)
    if found is not None:
        return found
    gap = next(iter(activities.values())).base_gap_days if activities else None
    return assess_summary(
        None,
        customer_id=customer_id,
        as_of=as_of,
        base_gap_days=policy.activity.fallback_gap_days if gap is None else gap,
        policy=policy.activity,
        model=policy.activity_model,
    )
