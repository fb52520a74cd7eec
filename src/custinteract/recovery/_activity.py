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

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from .._models import Interaction, Reason
from ..activity import ActivityAssessment, ActivitySummary, assess_summary
from ..activity._engine import assess_counted
from ._policy import RecoveryPolicy

__all__ = ["activities_of", "counted_days", "days_of", "ledger_activity"]

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


def days_of(items: Iterable[Interaction], policy: RecoveryPolicy) -> Days | None:
    """The counted days of one customer's ``items`` (any order), or None when none counts.

    The batch counts them while it runs a history in order
    (:func:`._batch.run_in_order`); this is for the other histories.
    """
    rules = policy.activity
    if rules is None:
        return None
    kinds, directions = rules.counted_kinds, rules.counted_directions
    days = {
        (t if t.tzinfo is _UTC else t.astimezone(_UTC)).toordinal()
        for i in items
        if i.kind in kinds and i.direction in directions
        for t in (i.timestamp,)
    }
    return (min(days), max(days), len(days)) if days else None


def activities_of(
    counted: Mapping[str, Days | None],
    as_of: datetime,
    policy: RecoveryPolicy,
    memo: dict[tuple[str, str], Reason],
) -> dict[str, ActivityAssessment] | None:
    """Every customer's activity from their counted days, as :func:`~custinteract.assess_activities`.

    The batch groups and checks the interactions and counts each customer's
    days itself, as it runs their history (re-reading the base through
    ``assess_activities`` doubled the cost of the batch at 100k interactions,
    and a second pass over the groups cost 0.7 s at a million,
    benchmarks/bench_recovery.py); the base's gap is the median of the
    customers' own gaps (the rhythm rule's step 2), then each customer is
    scored as :func:`~custinteract.assess_summary` scores them, the reasons
    of the batch call shared through ``memo``.
    """
    rules = policy.activity
    if rules is None:
        return None
    return assess_counted(
        counted, as_of=as_of, policy=rules, model=policy.activity_model, memo=memo
    )
