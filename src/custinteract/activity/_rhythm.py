"""The rhythm rule: silence measured against the customer's own usual gap, no fitting.

1. A customer's own gap is the mean time between their returns:
   ``recency / frequency`` (the first return to the last, over the returns).
2. The base's usual gap ``G`` is the median of the customers' own gaps (those
   with at least one return), unless the policy fixes it.
3. The typical gap shrinks the customer's own towards ``G``, worth
   ``prior_gaps`` gaps: ``(prior_gaps * G + recency) / (prior_gaps + frequency)``.
   With exponential gaps of mean ``m`` and an inverse-gamma prior on ``m`` with
   shape ``prior_gaps + 1`` and scale ``prior_gaps * G`` (mean ``G``), this is
   the posterior mean of ``m`` after ``frequency`` gaps summing to ``recency``.
   A customer with no return yet is given ``G``.
4. The silence ratio is the silence (age minus recency) over the typical gap;
   the policy's ratios cut it into ACTIVE, LAPSING and LAPSED.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from ._policy import ActivityPolicy, ActivityStatus
from ._summary import ActivitySummary

__all__ = ["base_gap", "model_status", "rhythm_status", "typical_gap"]


def base_gap(summaries: Iterable[ActivitySummary], policy: ActivityPolicy) -> float:
    """The base's usual gap in days: the policy's, else measured, else the policy's fallback.

    >>> import custinteract as ci
    >>> from custinteract.activity._rhythm import base_gap
    >>> base = [ci.ActivitySummary(customer_id=c, frequency=f, recency=rec, age=400)
    ...         for c, f, rec in [("a", 2, 60), ("b", 1, 100), ("c", 4, 200), ("d", 0, 0)]]
    >>> base_gap(base, ci.ActivityPolicy())
    50.0
    """
    if policy.base_gap_days is not None:
        return policy.base_gap_days
    gaps = [s.recency / s.frequency for s in summaries if s.frequency]
    return float(statistics.median(gaps)) if gaps else policy.fallback_gap_days


def typical_gap(summary: ActivitySummary, gap_of_base: float, prior_gaps: float) -> float:
    """The customer's gap shrunk towards the base's (rule 3)."""
    weight = prior_gaps + summary.frequency
    if weight == 0:  # no prior and no return: nothing but the base to go by
        return gap_of_base
    return (prior_gaps * gap_of_base + summary.recency) / weight


def rhythm_status(ratio: float, policy: ActivityPolicy) -> ActivityStatus:
    """ACTIVE below ``lapsing_ratio`` typical gaps of silence, LAPSING below ``lapsed_ratio``."""
    if ratio < policy.lapsing_ratio:
        return ActivityStatus.ACTIVE
    if ratio < policy.lapsed_ratio:
        return ActivityStatus.LAPSING
    return ActivityStatus.LAPSED


def model_status(probability: float, policy: ActivityPolicy) -> ActivityStatus:
    """ACTIVE from ``active_p_alive``, LAPSING from ``lapsed_p_alive``, LAPSED below."""
    if probability >= policy.active_p_alive:
        return ActivityStatus.ACTIVE
    if probability >= policy.lapsed_p_alive:
        return ActivityStatus.LAPSING
    return ActivityStatus.LAPSED
