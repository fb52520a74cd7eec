"""One round of the morale-satisfaction feedback loop: the interventions in force, and what morale leads to.

With ``m`` morale, the care quality it gives, the negative rate that care
quality gives (cut by process fixes) and the morale target that rate gives
(with workload and recognition), each clipped to its range: the formulas of
:mod:`custinteract.morale._loop_rules`, read from top to bottom.
:func:`regime` combines the interventions in force in a period, :func:`step`
is one round and :func:`follow` moves morale a share of the way to its
target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from .. import _validators as v
from ._loop_policy import FeedbackLoopPolicy, Intervention, InterventionKind

__all__ = ["follow", "regime", "step"]


@attrs.frozen(kw_only=True)
class _Regime:
    """The interventions in force in one period, combined."""

    cut: float = 0.0  # combined process cut, 1 - prod(1 - c_i)
    workload: float = 1.0  # 1 + sum of freeze sizes
    boost: float = 0.0  # morale points added to the target


@attrs.frozen(kw_only=True)
class _Levers:
    keep: float = 1.0  # prod(1 - c_i): the share of the negative rate process fixes keep
    workload: float = 1.0
    boost: float = 0.0


_EFFECTS: v.FrozenMap[InterventionKind, Callable[[_Levers, float], _Levers]] = v.FrozenMap(
    {
        InterventionKind.RECOGNITION_PROGRAMME: lambda r, size: attrs.evolve(
            r, boost=r.boost + size
        ),
        InterventionKind.PROCESS_FIX: lambda r, size: attrs.evolve(r, keep=r.keep * (1.0 - size)),
        InterventionKind.HIRING_FREEZE: lambda r, size: attrs.evolve(r, workload=r.workload + size),
        InterventionKind.LISTENING_PROGRAMME: lambda r, size: attrs.evolve(r, boost=r.boost + size),
    }
)
"""What each kind of intervention in force changes (see :class:`InterventionKind`)."""


def regime(interventions: Iterable[Intervention], period: int) -> _Regime:
    """The interventions in force in ``period``, combined."""
    levers = _Levers()
    for item in interventions:
        if item.active(period):
            levers = _EFFECTS[item.kind](levers, item.size)
    return _Regime(cut=1.0 - levers.keep, workload=levers.workload, boost=levers.boost)


def _care(policy: FeedbackLoopPolicy, morale: float) -> float:
    p = policy
    q = p.reference_care_quality * (
        1.0 + p.care_elasticity_to_morale * (morale / p.reference_morale - 1.0)
    )
    return min(1.0, max(0.0, q))


def _negative_rate(policy: FeedbackLoopPolicy, care: float, regime: _Regime) -> float:
    p = policy
    base = 1.0 - p.negative_rate_elasticity_to_care * (care / p.reference_care_quality - 1.0)
    return min(1.0, max(0.0, p.reference_negative_rate * base * (1.0 - regime.cut)))


def _target(policy: FeedbackLoopPolicy, rate: float, regime: _Regime) -> float:
    p = policy
    relative = (
        1.0
        - p.morale_elasticity_to_negative_rate * (rate / p.reference_negative_rate - 1.0)
        - p.morale_elasticity_to_workload * (regime.workload - 1.0)
    )
    return min(100.0, max(0.0, p.reference_morale * relative + regime.boost))


def step(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> tuple[float, float, float]:
    """Care quality, negative rate and morale target that ``morale`` gives in one round."""
    care = _care(policy, morale)
    rate = _negative_rate(policy, care, regime)
    return care, rate, _target(policy, rate, regime)


def follow(policy: FeedbackLoopPolicy, morale: float, target: float, shock: float) -> float:
    """Next period's morale: a share ``adjustment_speed`` of the way to the target, plus a shock."""
    s = policy.adjustment_speed
    following = (1.0 - s) * morale + s * target
    if shock:
        following += shock
    return min(100.0, max(0.0, following))


def _transfer(policy: FeedbackLoopPolicy, regime: _Regime, morale: float) -> float:
    """T(m): the clipped morale target that morale ``m`` leads to in one round of the loop."""
    return step(policy, regime, morale)[2]
