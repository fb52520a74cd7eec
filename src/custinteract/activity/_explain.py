"""An activity state -> its explanation: reason codes and sentences a support agent can read."""

from __future__ import annotations

from collections.abc import Mapping

from .. import _validators as v
from .._models import Reason, Reasons
from .._wording import counted
from ._policy import ActivityPolicy, ActivityStatus
from ._summary import ActivitySummary

__all__ = ["REASON_CODES", "explain"]

REASON_CODES: Mapping[str, str] = v.FrozenMap(
    {
        "activity.unseen": "no interaction that counts as coming back at or before as_of",
        "activity.rhythm": "how often the customer usually comes back, and how long they are silent",
        "activity.no_return": "the customer has not come back since their first visit",
        "activity.few_returns": "too few returns to go by: the usual gap leans on the base's",
        "activity.model": "the BG/NBD model's probability alive and expected returns",
        "activity.rhythm_differs": "the rhythm rule alone would give another status",
        "activity.active": "the customer is still coming back",
        "activity.lapsing": "the customer is silent for longer than usual",
        "activity.lapsed": "the customer is silent far beyond their rhythm, or probably gone",
    }
)
"""Every reason code this engine emits, with its one-line meaning (stable across releases)."""


def _days(amount: float) -> str:
    whole = round(amount)
    return counted(whole, "day")


def _percent(share: float, policy: ActivityPolicy) -> str:
    """``share`` as a percentage, with as many decimals as keep it apart from the policy's cuts.

    >>> import custinteract as ci
    >>> _percent(0.234, ci.ActivityPolicy()), _percent(0.1998, ci.ActivityPolicy())
    ('23%', '19.98%')
    """
    cuts = (policy.lapsed_p_alive, policy.active_p_alive)
    for digits in range(4):
        text = f"{share:.{digits}%}"
        if all(share == cut or text != f"{cut:.{digits}%}" for cut in cuts):
            return text
    return f"{share:.4%}"


def _status_reason(
    status: ActivityStatus,
    ratio: float,
    p_alive: float | None,
    policy: ActivityPolicy,
    reason_of: Reasons,
) -> Reason:
    code = f"activity.{status.value}"
    if p_alive is not None:
        cut = {
            ActivityStatus.ACTIVE: f"at least {policy.active_p_alive:.0%}",
            ActivityStatus.LAPSING: (
                f"from {policy.lapsed_p_alive:.0%} to below {policy.active_p_alive:.0%}"
            ),
            ActivityStatus.LAPSED: f"below {policy.lapsed_p_alive:.0%}",
        }[status]
        return reason_of(code, f"{status.value}: {p_alive:.0%} likely still active, {cut}")
    cut = {
        ActivityStatus.ACTIVE: f"below {policy.lapsing_ratio:g}",
        ActivityStatus.LAPSING: f"lapsing from {policy.lapsing_ratio:g}, lapsed from {policy.lapsed_ratio:g}",
        ActivityStatus.LAPSED: f"lapsed from {policy.lapsed_ratio:g}",
    }[status]
    return reason_of(code, f"{status.value}: silent for {ratio:.1f} usual gaps, {cut}")


def _history(
    summary: ActivitySummary,
    base_gap: float,
    typical_gap: float,
    ratio: float,
    policy: ActivityPolicy,
    reason_of: Reasons,
) -> list[Reason]:
    """What the customer's own history says: their rhythm, or that they never came back."""
    if summary.frequency == 0:
        return [
            reason_of(
                "activity.no_return",
                f"has not come back since their first visit {_days(summary.age)} ago;"
                f" customers here come back about every {_days(base_gap)},"
                f" so that is {ratio:.1f} times the usual gap",
            )
        ]
    reasons = [
        reason_of(
            "activity.rhythm",
            f"comes back about every {_days(typical_gap)};"
            f" silent for {_days(summary.silence)}, {ratio:.1f} times their usual gap",
        )
    ]
    if summary.frequency < policy.prior_gaps:
        reasons.append(
            reason_of(
                "activity.few_returns",
                f"only {counted(summary.frequency, 'return')}: their usual gap leans on"
                f" the base's ({_days(base_gap)})",
            )
        )
    return reasons


def explain(
    *,
    summary: ActivitySummary | None,
    base_gap: float,
    typical_gap: float,
    ratio: float,
    rhythm: ActivityStatus,
    status: ActivityStatus,
    p_alive: float | None,
    expected_returns: float | None,
    policy: ActivityPolicy,
    memo: dict[tuple[str, str], Reason] | None = None,
) -> tuple[Reason, ...]:
    """The reasons for one customer's status, from the history to the verdict.

    ``memo`` (one batch call's) builds each distinct reason once and shares it.

    >>> import custinteract as ci
    >>> s = ci.ActivitySummary(customer_id="c-1", frequency=5, recency=200, age=400)
    >>> for reason in explain(summary=s, base_gap=30.0, typical_gap=40.0, ratio=5.0,
    ...                       rhythm=ci.ActivityStatus.LAPSED, status=ci.ActivityStatus.LAPSED,
    ...                       p_alive=None, expected_returns=None, policy=ci.ActivityPolicy()):
    ...     print(reason)
    comes back about every 40 days; silent for 200 days, 5.0 times their usual gap [activity.rhythm]
    lapsed: silent for 5.0 usual gaps, lapsed from 4 [activity.lapsed]
    """
    reason_of = Reasons(memo)
    if summary is None:
        return (
            reason_of(
                "activity.unseen", "no interaction that counts as coming back at or before as_of"
            ),
        )
    reasons = _history(summary, base_gap, typical_gap, ratio, policy, reason_of)
    if p_alive is not None and expected_returns is not None:
        reasons.append(
            reason_of(
                "activity.model",
                f"BG/NBD model: {_percent(p_alive, policy)} likely still active;"
                f" {expected_returns:.2f} returns expected in the next"
                f" {_days(policy.horizon_days)}",
            )
        )
        if rhythm is not status:
            reasons.append(
                reason_of(
                    "activity.rhythm_differs", f"the rhythm rule alone would say {rhythm.value}"
                )
            )
    reasons.append(_status_reason(status, ratio, p_alive, policy, reason_of))
    return tuple(reasons)
