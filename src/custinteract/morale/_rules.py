"""The rules of the morale index: the facts one member's records give, and the points they earn.

“Why Customer Interaction Should Be on Top of Your Priority List”: "the fewer angry customers, the better the employee morale", and
morale "translates to improved customer care". “What You Need to Know About Customer Interaction”: "happy staff will make
happy customers"; trust staff, "reward them for hard work", make sure "they can
speak to you about any issues bugging them". Customer incivility drives
emotional exhaustion (Sliter, Jex, Wolford and McInnerney 2010).

The rule, top to bottom (every number is a :class:`MoralePolicy` field):

1. Start from ``baseline``.
2. Exposure to angry customers: over the last ``window`` (default 30 days),
   lose ``negative_share_points`` times the share of negative interactions the
   member handled, and ``negative_count_points`` per negative interaction
   (capped at ``negative_count_cap``).
3. Recognition and rewards: each adds its points, halved every
   ``recognition_half_life``; together capped at ``recognition_cap``.
4. Voice: one-to-ones held and concerns resolved in the last ``voice_window``
   add points; concerns raised and still open at ``as_of`` take points away.
5. Workload: handling more than ``1 + workload_tolerance`` times the team's
   median number of interactions in the window takes points away.
6. Clip the sum to ``[0, 100]`` and name the band (low, moderate, high).

Only interactions and events with ``timestamp <= as_of`` count. Windows are
counted back from ``as_of`` in UTC and ages measured in UTC, so the index does
not depend on the zone ``as_of`` or a timestamp is written in. _Facts are
gathered first (:func:`count_interactions`, :func:`gather_facts`; one rule per
event kind in :data:`_EVENT_RULES`) and scored second (:data:`POINTS`, one
small function per factor, written once for Python numbers and NumPy arrays
alike); the columnar path in :mod:`custinteract.morale.frames` applies the
same formulas to every member's facts at once, so both agree exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple, Protocol

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._errors import InvalidInputError
from .._models import Interaction, Sentiment, StaffEvent, StaffEventKind
from .._time import elapsed_days, shift, to_utc, window_days
from ._policy import MoraleBand, MoraleFactor, MoralePolicy

__all__ = [
    "POINTS",
    "SCALAR",
    "Ops",
    "Workload",
    "band",
    "band_value",
    "clip",
    "count_interactions",
    "decay",
    "event_clock",
    "gather_facts",
    "in_window",
    "negative_share",
    "window_start",
    "workload",
    "workload_excess",
    "workload_points",
    "workload_verdict",
    "workload_ratio",
]


@attrs.frozen(kw_only=True)
class _Facts:
    """What the scoring reads about one member; gathered by objects or by frames."""

    handled: int
    negatives: int
    recognition_weight: float  # sum of 0.5 ** (age / half-life) over recognitions
    reward_weight: float
    one_to_ones: int
    resolved: int
    open_concerns: int

    @property
    def negative_share(self) -> float:
        """Negatives over interactions handled in the window (0 when none)."""
        share: float = negative_share(self.negatives, self.handled)
        return share


# ----------------------------------------------------------------------------- gathering


def window_start(as_of: datetime, window: relativedelta) -> datetime:
    """The start of the window ending at ``as_of``: ``as_of - window``, included.

    The window is counted back in UTC (and never before the calendar's
    start). A morale window holds every moment from its start to ``as_of``,
    both ends included (:func:`in_window`), so data exactly one window old
    still counts: a 30-day window at 2026-06-30 00:00 counts an interaction
    of 2026-05-31 00:00.
    """
    return shift(to_utc(as_of), window, back=True)


def in_window(moment: datetime, start: datetime, as_of: datetime) -> bool:
    """Whether ``moment`` falls in the window from ``start`` to ``as_of`` (both included).

    Compared as instants in UTC, whatever zones the two are written in.
    """
    return start <= to_utc(moment) <= to_utc(as_of)


def decay(age_days: float, half_life_days: float) -> float:
    """The weight of a recognition ``age_days`` old (1 when new, 1/2 after one half-life)."""
    return float(0.5 ** (age_days / half_life_days))


def count_interactions(
    interactions: Iterable[Interaction], as_of: datetime, policy: MoralePolicy
) -> tuple[int, int]:
    """Interactions handled in the window ending at ``as_of``, and the negative ones among them."""
    start = window_start(as_of, policy.window)
    handled = negatives = 0
    for interaction in interactions:
        if in_window(interaction.timestamp, start, as_of):
            handled += 1
            negatives += interaction.sentiment is Sentiment.NEGATIVE
    return handled, negatives


@attrs.define
class _EventTally:
    """The running state of one member's events, read in time order."""

    as_of: datetime
    half_life: float  # days
    voice_start: datetime
    recognition: list[float] = attrs.Factory(list)
    reward: list[float] = attrs.Factory(list)
    one_to_ones: int = 0
    resolved: int = 0
    open_concerns: dict[str, StaffEvent] = attrs.Factory(dict)

    def weight(self, event: StaffEvent) -> float:
        age = elapsed_days(event.timestamp, self.as_of)
        return decay(age, self.half_life)


def _recognition(tally: _EventTally, event: StaffEvent) -> None:
    tally.recognition.append(tally.weight(event))


def _reward(tally: _EventTally, event: StaffEvent) -> None:
    tally.reward.append(tally.weight(event))


def _one_to_one(tally: _EventTally, event: StaffEvent) -> None:
    tally.one_to_ones += event.timestamp >= tally.voice_start


def _concern_raised(tally: _EventTally, event: StaffEvent) -> None:
    tally.open_concerns[event.id] = event


def _concern_resolved(tally: _EventTally, event: StaffEvent) -> None:
    """Close the concern ``resolves`` names, or else the oldest open; nothing open is refused."""
    concerns = tally.open_concerns
    if event.resolves is not None:
        if event.resolves not in concerns:
            raise InvalidInputError(
                f"events[{event.id!r}].resolves",
                event.resolves,
                f"the id of a concern_raised event of {event.staff_id!r} still open"
                f" at {event.timestamp.isoformat()}",
            )
        del concerns[event.resolves]
    elif concerns:
        del concerns[next(iter(concerns))]
    else:
        raise InvalidInputError(
            f"events[{event.id!r}]",
            event.id,
            f"a concern_resolved event with a concern of {event.staff_id!r} open",
        )
    tally.resolved += event.timestamp >= tally.voice_start


_EVENT_RULES: v.FrozenMap[StaffEventKind, Callable[[_EventTally, StaffEvent], None]] = v.FrozenMap(
    {
        StaffEventKind.RECOGNITION: _recognition,
        StaffEventKind.REWARD: _reward,
        StaffEventKind.ONE_TO_ONE: _one_to_one,
        StaffEventKind.CONCERN_RAISED: _concern_raised,
        StaffEventKind.CONCERN_RESOLVED: _concern_resolved,
        StaffEventKind.SURVEY: lambda tally, event: None,  # answers feed eNPS, not the index
    }
)
"""What each kind of staff event changes in the member's running state."""


def event_clock(as_of: datetime, policy: MoralePolicy) -> tuple[float, datetime]:
    """The recognition half-life in days and the voice window's start, at ``as_of``.

    The same for every member: the columnar path computes them once.
    """
    return window_days(policy.recognition_half_life, as_of), window_start(
        as_of, policy.voice_window
    )


def gather_facts(
    handled: int,
    negatives: int,
    events: Iterable[StaffEvent],
    as_of: datetime,
    policy: MoralePolicy,
    clock: tuple[float, datetime] | None = None,
) -> _Facts:
    """The facts of one member: interaction counts given, events read in time order.

    ``events`` are one member's events, unique by id; those after ``as_of``
    are ignored. ``clock`` is :func:`event_clock` at ``as_of`` (computed when
    not given).
    """
    half_life, voice_start = event_clock(as_of, policy) if clock is None else clock
    tally = _EventTally(as_of=as_of, half_life=half_life, voice_start=voice_start)
    for event in sorted(
        (e for e in events if to_utc(e.timestamp) <= to_utc(as_of)),
        key=lambda e: (to_utc(e.timestamp), e.id),
    ):
        _EVENT_RULES[event.kind](tally, event)
    return _Facts(
        handled=handled,
        negatives=negatives,
        recognition_weight=math.fsum(tally.recognition),
        reward_weight=math.fsum(tally.reward),
        one_to_ones=tally.one_to_ones,
        resolved=tally.resolved,
        open_concerns=len(tally.open_concerns),
    )


# ----------------------------------------------------------------------------- points
#
# Every formula below reads its operands by attribute and its three branching
# operations from ``ops``: :data:`SCALAR` (Python floats) for the object path,
# the ``numpy`` module itself (``minimum``, ``maximum``, ``where``) for the
# columnar path, which passes arrays with the same attribute names. One
# definition, the same IEEE operations in the same order, so both agree exactly.


class Ops(Protocol):
    """The branching operations a formula may use (``numpy`` provides all three)."""

    def minimum(self, a: Any, b: Any, /) -> Any: ...
    def maximum(self, a: Any, b: Any, /) -> Any: ...
    def where(self, condition: Any, a: Any, b: Any, /) -> Any: ...


class _ScalarOps:
    """:class:`Ops` on Python numbers."""

    @staticmethod
    def minimum(a: Any, b: Any, /) -> Any:
        return min(a, b)

    @staticmethod
    def maximum(a: Any, b: Any, /) -> Any:
        return max(a, b)

    @staticmethod
    def where(condition: Any, a: Any, b: Any, /) -> Any:
        return a if condition else b


SCALAR: Ops = _ScalarOps()
"""The operations of the object path, on one member's Python numbers."""


def negative_share(negatives: Any, handled: Any, ops: Ops = SCALAR) -> Any:
    """Negatives over interactions handled (0 when none)."""
    return ops.where(handled > 0, negatives / ops.maximum(handled, 1), 0.0)


def _recognition_and_reward(facts: Any, policy: MoralePolicy, ops: Ops) -> tuple[Any, Any]:
    """Both at full strength after decay, scaled down together to ``recognition_cap``."""
    recog = facts.recognition_weight * policy.recognition_points
    reward = facts.reward_weight * policy.reward_points
    total = recog + reward
    over = total > policy.recognition_cap
    scale = policy.recognition_cap / ops.where(over, total, 1.0)
    return ops.where(over, recog * scale, recog), ops.where(over, reward * scale, reward)


class Workload(NamedTuple):
    """How a member's workload compares with the team median, and what it costs."""

    verdict: str  # "unknown" (no median given), "above_median" or "within_median"
    ratio: float  # interactions handled over the team median (at least 1); 0 when unknown
    points: float


def workload_ratio(handled: Any, team_median: Any, policy: MoralePolicy, ops: Ops = SCALAR) -> Any:
    """Interactions handled over the team median (a median under 1 counts as 1)."""
    return handled / ops.maximum(team_median, 1.0)


def workload_excess(ratio: Any, policy: MoralePolicy) -> Any:
    """How far the ratio goes beyond ``1 + workload_tolerance`` (above the median when > 0)."""
    return ratio - 1.0 - policy.workload_tolerance


def workload_verdict(excess: Any, ops: Ops = SCALAR) -> Any:
    """``"above_median"`` when the excess is positive, else ``"within_median"``."""
    return ops.where(excess > 0, "above_median", "within_median")


def workload_points(excess: Any, policy: MoralePolicy, ops: Ops = SCALAR) -> Any:
    """The workload points: ``workload_points`` per unit of excess, capped, when above."""
    return ops.where(
        excess > 0, -ops.minimum(policy.workload_cap, policy.workload_points * excess), 0.0
    )


def workload(facts: _Facts, team_median: float | None, policy: MoralePolicy) -> Workload:
    """The workload verdict, ratio and points (beyond ``1 + workload_tolerance`` times the median)."""
    if team_median is None:
        return Workload("unknown", 0.0, 0.0)
    ratio = workload_ratio(facts.handled, team_median, policy)
    excess = workload_excess(ratio, policy)
    return Workload(workload_verdict(excess), ratio, workload_points(excess, policy))


def _workload(f: Any, median: Any, p: MoralePolicy, ops: Ops) -> Any:
    if median is None:
        return 0.0
    return workload_points(workload_excess(workload_ratio(f.handled, median, p, ops), p), p, ops)


_Points = Callable[[Any, Any, MoralePolicy, Ops], Any]

POINTS: v.FrozenMap[MoraleFactor, _Points] = v.FrozenMap(
    {
        MoraleFactor.BASELINE: lambda f, median, p, ops: p.baseline,
        MoraleFactor.EXPOSURE_SHARE: lambda f, median, p, ops: (
            -p.negative_share_points * f.negative_share
        ),
        MoraleFactor.EXPOSURE_COUNT: lambda f, median, p, ops: (
            -ops.minimum(p.negative_count_cap, p.negative_count_points * f.negatives)
        ),
        MoraleFactor.RECOGNITION: lambda f, median, p, ops: _recognition_and_reward(f, p, ops)[0],
        MoraleFactor.REWARD: lambda f, median, p, ops: _recognition_and_reward(f, p, ops)[1],
        MoraleFactor.ONE_TO_ONE: lambda f, median, p, ops: ops.minimum(
            p.one_to_one_cap, p.one_to_one_points * f.one_to_ones
        ),
        MoraleFactor.CONCERNS_RESOLVED: lambda f, median, p, ops: (
            p.concern_resolved_points * f.resolved
        ),
        MoraleFactor.CONCERNS_OPEN: lambda f, median, p, ops: (
            -ops.minimum(p.concern_open_cap, p.concern_open_points * f.open_concerns)
        ),
        MoraleFactor.WORKLOAD: _workload,
    }
)
"""The signed points of each factor, in rule order, from the facts, the team median and the policy.

Each takes ``(facts, team_median, policy, ops)``; ``facts`` may be one
:class:`_Facts` with :data:`SCALAR` or the same attributes as arrays with ``numpy``.
"""


def clip(raw: Any, ops: Ops = SCALAR) -> Any:
    """The index: the sum of points clipped to 0-100."""
    return ops.minimum(100.0, ops.maximum(0.0, raw))


def band_value(index: Any, policy: MoralePolicy, ops: Ops = SCALAR) -> Any:
    """Low below ``low_below``, high from ``high_from``, moderate between (as band values)."""
    return ops.where(
        index < policy.low_below,
        MoraleBand.LOW.value,
        ops.where(index >= policy.high_from, MoraleBand.HIGH.value, MoraleBand.MODERATE.value),
    )


def band(index: float, policy: MoralePolicy) -> MoraleBand:
    """Low below ``low_below``, high from ``high_from``, moderate between."""
    return MoraleBand(band_value(index, policy))
