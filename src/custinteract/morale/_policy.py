"""The morale index's policy: its weights and windows with their sources, factors, bands, codes.

Every number the morale index uses is a :class:`MoralePolicy` field; every
reason code it can give is in :data:`REASON_CODES`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._errors import InvalidInputError
from ._fields import number_spec

__all__ = ["REASON_CODES", "MoraleBand", "MoraleFactor", "MoralePolicy"]

REASON_CODES: Mapping[str, str] = v.FrozenMap(
    {
        "morale.baseline": "the starting point of every index (MoralePolicy.baseline)",
        "morale.exposure.share": "points lost for the share of negative interactions in the window",
        "morale.exposure.count": "points lost per negative interaction handled in the window (capped)",
        "morale.recognition": "points for recognition received, halved every half-life",
        "morale.reward": "points for rewards received, halved every half-life",
        "morale.voice.one_to_one": "points for one-to-ones held in the voice window (capped)",
        "morale.voice.concern_resolved": "points for concerns resolved in the voice window",
        "morale.voice.concern_open": "points lost per concern raised and still open (capped)",
        "morale.workload.above_median": "points lost for handling more than the team's median workload",
        "morale.workload.within_median": "workload within tolerance of the team median: no points",
        "morale.workload.unknown": "no team median workload given: workload not scored",
        "morale.clipped": "the sum fell outside 0-100 and was clipped",
        "morale.band.low": "the index is below MoralePolicy.low_below",
        "morale.band.moderate": "the index is between the low and high thresholds",
        "morale.band.high": "the index is at or above MoralePolicy.high_from",
        "morale.team.summary": "a team's mean, median and lowest morale",
        "morale.team.low_members": "members of the team whose morale is in the low band",
        "morale.team.unassigned": "interactions handled by no member of the staff given (not scored)",
        "morale.enps.score": "employee NPS: promoters (9-10) minus detractors (0-6), in percent",
        "morale.enps.no_responses": "no survey answers: eNPS undefined",
    }
)


def _points(*, default: float, high: float | None = None) -> Any:
    return attrs.field(default=default, **number_spec(low=0, high=high))


def _bands_ordered(instance: MoralePolicy, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.finite_number(low=0, high=100)(instance, attribute, value)
    if value < instance.low_below:
        raise InvalidInputError(
            attribute.name, value, f"a number of at least low_below ({instance.low_below:g})"
        )


v.with_schema(_bands_ordered, {"type": "number", "minimum": 0, "maximum": 100})


@attrs.frozen(kw_only=True)
class MoralePolicy:
    """The weights and windows of the morale index; every one is yours to change.

    The source articles give the direction of every effect but no magnitudes; the
    published studies give directions and correlations, not points on a 0-100
    index. So every *magnitude* below is a modelling choice (said so per
    field), calibrated so that a member with no signals sits at a moderate 60,
    a month of mostly angry customers with no support takes them to the low
    band, and recognition plus a listening manager can offset about that much.

    >>> import custinteract as ci
    >>> policy = ci.MoralePolicy(window=ci.parse_window("P14D"))
    >>> policy.baseline, ci.format_window(policy.window)
    (60.0, 'P14D')
    >>> ci.MoralePolicy(baseline=120)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: baseline: expected a finite number from 0 to 100, ...

    Attributes:
        baseline: Index of a member with no signals at all. Modelling choice
            (60: moderate, above the low band, room to rise and fall).
        window: How far back exposure and workload are counted: from
            ``as_of - window`` to ``as_of``, both included (as are the voice
            window and an eNPS window), so data exactly one window old counts.
            Default 30 days,
            the window the morale rules name: a month is the
            period support teams usually report on, holds many shifts, and
            lets a bad month fade. A modelling choice, not a measured recall
            period.
        negative_share_points: Points lost when every interaction handled in the
            window was negative (proportionally less for a smaller share).
            Sliter, Jex, Wolford and McInnerney (2010, Journal of Occupational
            Health Psychology 15(4), 468-481; 120 bank tellers): customer
            incivility went with emotional exhaustion and poorer service
            performance; “Why Customer Interaction Should Be on Top of Your Priority List”: "the fewer angry customers, the better the
            employee morale". Magnitude (30) a modelling choice.
        negative_count_points: Points lost per negative interaction handled in
            the window: the count matters beside the share (each angry customer
            is an episode of incivility, Sliter et al. 2010). Magnitude (1.0) a
            modelling choice.
        negative_count_cap: Most points the count can take away. Modelling
            choice (15, half of ``negative_share_points``): the share carries
            the main effect, and a busy month of 15 or more angry customers
            costs no more, so a member who handled only negatives ends at
            60 - 30 - 15 = 15, deep in the low band but not at 0.
        recognition_points: Points for one recognition, at full strength.
            “What You Need to Know About Customer Interaction”: "trust them, and reward them for hard work". Magnitude
            (4) a modelling choice.
        reward_points: Points for one reward (bonus, gift), at full strength.
            “What You Need to Know About Customer Interaction”, as above. Modelling choice (6), above recognition.
        recognition_half_life: Time for a recognition's or reward's effect to
            halve. Modelling choice (30 days): a thank-you fades within weeks.
        recognition_cap: Most points recognition and rewards together can add.
            Modelling choice (20): five fresh recognitions reach it, and more
            thanks add less (diminishing returns); 20 lifts a member from the
            baseline 60 into the high band but cannot hide a month of angry
            customers (up to 45 points).
        voice_window: How far back one-to-ones and resolutions count. Modelling
            choice (90 days): a quarter, the usual cycle of one-to-one and
            engagement reviews, in which a monthly one-to-one counts three
            times.
        one_to_one_points: Points per one-to-one held in the voice window.
            “What You Need to Know About Customer Interaction”: "make sure they know they can speak to you about any
            issues bugging them". Modelling choice (2).
        one_to_one_cap: Most points one-to-ones can add. Modelling choice (8):
            four one-to-ones a quarter, a little more than monthly, earn it
            all; more meetings are not more voice.
        concern_resolved_points: Points per concern resolved in the voice
            window: being heard and seeing action. “What You Need to Know About Customer Interaction”. Modelling choice (3).
        concern_open_points: Points lost per concern raised and still open at
            ``as_of``: voice without answer. “What You Need to Know About Customer Interaction”. Modelling choice (5).
        concern_open_cap: Most points open concerns can take away. Modelling
            choice (20): four unanswered concerns already say the member is
            not heard, and open concerns alone take the baseline 60 down to
            40, the edge of the low band, not below it.
        workload_tolerance: How far above the team median workload (as a
            fraction) costs nothing. Modelling choice (0.2, i.e. 20%): shift
            patterns and call mix spread a fair allocation by about that much,
            so only a clearly heavier load is scored.
        workload_points: Points lost per whole team median of extra workload
            beyond the tolerance (handling 2.2 times the median costs 20).
            Heskett et al. (1994) put workplace design and workload inside
            "internal service quality"; magnitude a modelling choice.
        workload_cap: Most points workload can take away. Modelling choice (15,
            as ``negative_count_cap``): workload alone leaves a member at the
            baseline at 45, moderate, so it marks a risk without by itself
            putting anyone in the low band.
        low_below: Indices below this are in the low band. Modelling choice
            (40): 20 points under the baseline, about what a month with two
            thirds of interactions negative costs through the share alone.
        high_from: Indices at or above this are in the high band. Modelling
            choice (75): 15 points above the baseline, so the absence of
            problems is moderate and high morale takes positive signals
            (recent recognition or rewards, regular one-to-ones).
    """

    baseline: float = _points(default=60.0, high=100)
    window: relativedelta = attrs.field(factory=lambda: relativedelta(days=30), validator=v.window)
    negative_share_points: float = _points(default=30.0)
    negative_count_points: float = _points(default=1.0)
    negative_count_cap: float = _points(default=15.0)
    recognition_points: float = _points(default=4.0)
    reward_points: float = _points(default=6.0)
    recognition_half_life: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=30), validator=v.window
    )
    recognition_cap: float = _points(default=20.0)
    voice_window: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=90), validator=v.window
    )
    one_to_one_points: float = _points(default=2.0)
    one_to_one_cap: float = _points(default=8.0)
    concern_resolved_points: float = _points(default=3.0)
    concern_open_points: float = _points(default=5.0)
    concern_open_cap: float = _points(default=20.0)
    workload_tolerance: float = _points(default=0.2)
    workload_points: float = _points(default=20.0)
    workload_cap: float = _points(default=15.0)
    low_below: float = _points(default=40.0, high=100)
    high_from: float = attrs.field(
        default=75.0, converter=v.number_to_float, validator=_bands_ordered
    )


class MoraleFactor(enum.Enum):
    """One line of the itemised index (see :class:`MoraleContribution`).

    >>> import custinteract as ci
    >>> ci.MoraleFactor("workload") is ci.MoraleFactor.WORKLOAD
    True
    >>> len(ci.MoraleFactor)
    9
    """

    BASELINE = "baseline"
    EXPOSURE_SHARE = "exposure_share"
    EXPOSURE_COUNT = "exposure_count"
    RECOGNITION = "recognition"
    REWARD = "reward"
    ONE_TO_ONE = "one_to_one"
    CONCERNS_RESOLVED = "concerns_resolved"
    CONCERNS_OPEN = "concerns_open"
    WORKLOAD = "workload"


class MoraleBand(enum.Enum):
    """Where an index falls: below ``low_below``, at or above ``high_from``, or between.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0)
    >>> ci.assess_morale(ada, [], as_of=t0).band  # the baseline 60 is moderate
    <MoraleBand.MODERATE: 'moderate'>
    >>> ci.assess_morale(ada, [], as_of=t0, policy=ci.MoralePolicy(high_from=60)).band.value
    'high'
    """

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
