"""The feedback loop explained: the gain, where it settles, whether it got there, what was done.

Codes and sentences are read from the tables here; the numbers from the
``_Equilibrium`` the rules derive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import _validators as v
from .._models import Reason
from ._loop_policy import Intervention
from ._loop_rules import GAIN_TOLERANCE, Outcome, _Equilibrium

__all__ = ["equilibrium_reason", "explanation"]

_QUANTITIES: v.FrozenMap[str, str] = v.FrozenMap(
    {
        "care_quality": "care quality",
        "negative_rate": "the negative rate",
        "target": "the morale target",
    }
)
"""How a quantity pinned at a limit is named."""


def _pinned(eq: _Equilibrium) -> str:
    parts = [f"{_QUANTITIES[name]} at its limit {value:g}" for name, value in eq.limits]
    return " and ".join(parts) or "morale at its limit"


def _amplify(eq: _Equilibrium) -> str:
    if abs(eq.gain - 1.0) <= GAIN_TOLERANCE:
        return "loop gain 1: each round passes the last change on in full"
    return f"loop gain {eq.gain:.3g} >= 1: each round amplifies the last"


def _on_point(eq: _Equilibrium) -> str:
    away = [f"{'up' if way > 0 else 'down'} to {point:.3g}" for way, point in eq.away]
    kind = "a tipping point" if away else "a neutral point"
    fate = (
        f"the first shock sends it {' or '.join(away)}"
        if away
        else "a shock moves it and nothing pulls it back"
    )
    return f"{_amplify(eq)}, no stable equilibrium; morale sits on {kind} at {eq.start:.3g}: {fate}"


def _runs(eq: _Equilibrium) -> str:
    origin = ""
    if eq.tipping is not None:
        side = "above" if eq.direction > 0 else "below"
        origin = f" (it starts {side} the tipping point {eq.tipping:.3g})"
    return f"{_amplify(eq)}, no equilibrium inside 0-100; morale runs to {eq.settle:.3g}{origin}"


_CODES: v.FrozenMap[Outcome, str] = v.FrozenMap(
    {
        Outcome.EQUILIBRIUM: "morale.loop.equilibrium",
        Outcome.BOUND: "morale.loop.equilibrium_bound",
        Outcome.HELD: "morale.loop.equilibrium_bound",
        Outcome.AT_LIMIT: "morale.loop.runaway",
        Outcome.ON_POINT: "morale.loop.runaway",
        Outcome.RUNS: "morale.loop.runaway",
    }
)
"""The reason code of each outcome."""

_MESSAGES: v.FrozenMap[Outcome, Callable[[_Equilibrium, float], str]] = v.FrozenMap(
    {
        Outcome.EQUILIBRIUM: lambda eq, m0: (
            f"stable equilibrium at morale {eq.settle:.1f} (reference {m0:.1f},"
            f" target shift {eq.shift:+.2f}"
            f" amplified {1.0 / (1.0 - eq.gain):.3g} times)"
        ),
        Outcome.BOUND: lambda eq, m0: (
            f"the unbounded equilibrium {eq.unbounded:.1f} is out of reach:"
            f" with {_pinned(eq)}, morale settles at {eq.settle:.1f}"
        ),
        Outcome.HELD: lambda eq, m0: (
            f"{_amplify(eq)}, but with {_pinned(eq)} the target stops responding:"
            f" from {eq.start:.1f} morale settles at {eq.settle:.1f}"
        ),
        Outcome.AT_LIMIT: lambda eq, m0: (
            f"{_amplify(eq)}, no equilibrium inside 0-100; morale stays at {eq.start:g}"
        ),
        Outcome.ON_POINT: lambda eq, m0: _on_point(eq),
        Outcome.RUNS: lambda eq, m0: _runs(eq),
    }
)
"""The sentence of each outcome, from the equilibrium and the reference morale."""


def equilibrium_reason(eq: _Equilibrium, reference_morale: float) -> Reason:
    """Where the noiseless loop settles, or why it does not."""
    return Reason(code=_CODES[eq.outcome], message=_MESSAGES[eq.outcome](eq, reference_morale))


def _describe(item: Intervention) -> str:
    until = "on" if item.end is None else f"until period {item.end}"
    return f"{item.kind.value} of size {item.size:g} from period {item.start} {until}"


def explanation(
    eq: _Equilibrium,
    *,
    reference_morale: float,
    tolerance: float,
    periods: int,
    reached_at: int | None,
    active: Iterable[Intervention],
    noise: float,
    seed: int,
) -> tuple[Reason, ...]:
    """Gain, equilibrium, whether it was reached, interventions in force, noise."""
    gain = eq.gain
    out = [
        Reason(
            code="morale.loop.gain",
            message=f"loop gain {gain:.3g}"
            + ("" if gain >= 1.0 - GAIN_TOLERANCE else f", multiplier {1.0 / (1.0 - gain):.3g}"),
        ),
        equilibrium_reason(eq, reference_morale),
    ]
    if eq.morale is not None:
        out.append(
            Reason(
                code="morale.loop.not_reached",
                message=f"not within {tolerance:g} of it after {periods} periods",
            )
            if reached_at is None
            else Reason(
                code="morale.loop.reached",
                message=f"within {tolerance:g} from period {reached_at}",
            )
        )
    out += [Reason(code="morale.loop.intervention", message=_describe(item)) for item in active]
    if noise:
        out.append(
            Reason(
                code="morale.loop.noise",
                message=f"shocks of sd {noise:g} morale points (seed {seed})",
            )
        )
    return tuple(out)
