"""The morale index explained: one reason per factor, then clipping and the band.

Codes and sentences are read from the tables here; the numbers from
``_Facts`` and the policy. Objects and frames
both explain through :func:`factor_reasons` and :func:`explanation`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple

from .. import _validators as v
from .._models import Reason
from .._time import window_days
from .._wording import counted
from ._policy import MoraleBand, MoraleFactor, MoralePolicy
from ._rules import _Facts, workload

__all__ = [
    "CLIPPED_CODE",
    "band_code",
    "explanation",
    "explanation_codes",
    "factor_reasons",
    "workload_code",
]


class _Context(NamedTuple):
    """What a factor's sentence may read."""

    facts: _Facts
    team_median: float | None
    policy: MoralePolicy
    days: str  # the window, as "30 days"


def _workload_message(c: _Context) -> str:
    load = workload(c.facts, c.team_median, c.policy)
    return _WORKLOAD_MESSAGES[load.verdict].format(
        handled=c.facts.handled, ratio=load.ratio, median=c.team_median
    )


_WORKLOAD_MESSAGES: v.FrozenMap[str, str] = v.FrozenMap(
    {
        "unknown": "no team median workload to compare with",
        "above_median": "handled {handled} interactions, {ratio:.2f} times the team median of {median:g}",
        "within_median": "handled {handled} interactions, team median {median:g}",
    }
)
"""The workload sentence of each verdict of :func:`~custinteract.morale._rules.workload`."""


_CODES: v.FrozenMap[MoraleFactor, str] = v.FrozenMap(
    {
        MoraleFactor.BASELINE: "morale.baseline",
        MoraleFactor.EXPOSURE_SHARE: "morale.exposure.share",
        MoraleFactor.EXPOSURE_COUNT: "morale.exposure.count",
        MoraleFactor.RECOGNITION: "morale.recognition",
        MoraleFactor.REWARD: "morale.reward",
        MoraleFactor.ONE_TO_ONE: "morale.voice.one_to_one",
        MoraleFactor.CONCERNS_RESOLVED: "morale.voice.concern_resolved",
        MoraleFactor.CONCERNS_OPEN: "morale.voice.concern_open",
        # WORKLOAD: "morale.workload.<verdict>", see workload_code
    }
)
"""The reason code of each factor (workload's depends on its verdict)."""

_MESSAGES: v.FrozenMap[MoraleFactor, Callable[[_Context], str]] = v.FrozenMap(
    {
        MoraleFactor.BASELINE: lambda c: f"baseline {c.policy.baseline:g}",
        MoraleFactor.EXPOSURE_SHARE: lambda c: (
            f"{c.facts.negatives} of {c.facts.handled} interactions handled in the last {c.days}"
            f" were negative ({c.facts.negative_share:.0%})"
        ),
        MoraleFactor.EXPOSURE_COUNT: lambda c: (
            f"{counted(c.facts.negatives, 'angry customer')} handled in the last {c.days}"
        ),
        MoraleFactor.RECOGNITION: lambda c: (
            f"recognition received, worth {c.facts.recognition_weight:.2f} at full strength"
            " after decay"
        ),
        MoraleFactor.REWARD: lambda c: (
            f"rewards received, worth {c.facts.reward_weight:.2f} at full strength after decay"
        ),
        MoraleFactor.ONE_TO_ONE: lambda c: (
            f"{counted(c.facts.one_to_ones, 'one-to-one')} held in the voice window"
        ),
        MoraleFactor.CONCERNS_RESOLVED: lambda c: (
            f"{counted(c.facts.resolved, 'concern')} resolved in the voice window"
        ),
        MoraleFactor.CONCERNS_OPEN: lambda c: (
            f"{counted(c.facts.open_concerns, 'concern')} raised and still open"
        ),
        MoraleFactor.WORKLOAD: _workload_message,
    }
)
"""The sentence of each factor's reason."""


CLIPPED_CODE = "morale.clipped"
"""The code of the line saying the sum of points left 0-100 and was clipped."""


def workload_code(verdict: str) -> str:
    """The workload factor's code for a verdict of :func:`~custinteract.morale._rules.workload`."""
    return f"morale.workload.{verdict}"


def band_code(band: str) -> str:
    """The code of the band line, from a :class:`MoraleBand` value."""
    return f"morale.band.{band}"


_LINES: tuple[tuple[MoraleFactor, str | None, Callable[[_Context], str]], ...] = tuple(
    (factor, _CODES.get(factor), _MESSAGES[factor]) for factor in MoraleFactor
)
"""The two tables above read once, in rule order (no lookup per member)."""


def factor_reasons(
    facts: _Facts, team_median: float | None, policy: MoralePolicy, as_of: datetime
) -> list[Reason]:
    """The reason of every factor, in rule order."""
    context = _Context(
        facts=facts,
        team_median=team_median,
        policy=policy,
        days=f"{window_days(policy.window, as_of):g} days",
    )
    return [
        Reason(
            code=code or workload_code(workload(facts, team_median, policy).verdict),
            message=message(context),
        )
        for _, code, message in _LINES
    ]


def explanation(
    reasons: Iterable[Reason], raw: float, index: float, band: MoraleBand
) -> tuple[Reason, ...]:
    """The factors' reasons, then clipping (when the sum left 0-100), then the band."""
    out = list(reasons)
    if index != raw:
        out.append(Reason(code=CLIPPED_CODE, message=f"sum {raw:.1f} clipped to {index:g}"))
    out.append(Reason(code=band_code(band.value), message=f"morale {index:.1f} is {band.value}"))
    return tuple(out)


def explanation_codes(verdict: str, clipped: bool, band: str) -> tuple[str, ...]:
    """The codes of an explanation (as :func:`factor_reasons` and :func:`explanation` give them).

    Codes depend only on the workload verdict, whether the sum was clipped and
    the band value, so the columnar path builds each distinct case once.
    """
    codes = [code or workload_code(verdict) for _, code, _ in _LINES]
    if clipped:
        codes.append(CLIPPED_CODE)
    codes.append(band_code(band))
    return tuple(codes)
