"""Staff morale: an explained 0-100 index per staff member, team roll-ups and eNPS.

Seed 000: "the fewer angry customers, the better the employee morale", and
morale "translates to improved customer care". Seed 004: "happy staff will make
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

Only interactions and events with ``timestamp <= as_of`` count. Facts are
gathered first (counts, decayed weights, open concerns) and scored second by
:func:`_score`; the columnar path in :mod:`custinteract.frames` gathers the
same facts with pandas and calls the same scoring, so both agree exactly.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._display import render_html, render_text
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Interaction, Reason, Sentiment, StaffEvent, StaffEventKind, StaffMember
from .._time import ensure_aware, window_days
from .._wording import counted

__all__ = [
    "REASON_CODES",
    "MoraleAssessment",
    "MoraleBand",
    "MoraleContribution",
    "MoraleFactor",
    "MoralePolicy",
    "assess_morale",
]

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


def _num(value: Any) -> Any:
    """Converter: ints become floats (bools and other values are left to the validator)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _points(*, default: float, high: float | None = None) -> Any:
    return attrs.field(default=default, converter=_num, validator=v.finite_number(low=0, high=high))


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

    The seeds give the direction of every effect but no magnitudes; the
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
    custinteract._errors.InvalidInputError: baseline: expected a finite number from 0 to 100, ...

    Attributes:
        baseline: Index of a member with no signals at all. Modelling choice
            (60: moderate, above the low band, room to rise and fall).
        window: How far back exposure and workload are counted. Default 30 days,
            the window the feature request (issue 6) names: a month is the
            period support teams usually report on, holds many shifts, and
            lets a bad month fade. A modelling choice, not a measured recall
            period.
        negative_share_points: Points lost when every interaction handled in the
            window was negative (proportionally less for a smaller share).
            Sliter, Jex, Wolford and McInnerney (2010, Journal of Occupational
            Health Psychology 15(4), 468-481; 120 bank tellers): customer
            incivility went with emotional exhaustion and poorer service
            performance; seed 000: "the fewer angry customers, the better the
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
            Seed 004: "trust them, and reward them for hard work". Magnitude
            (4) a modelling choice.
        reward_points: Points for one reward (bonus, gift), at full strength.
            Seed 004, as above. Modelling choice (6), above recognition.
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
            Seed 004: "make sure they know they can speak to you about any
            issues bugging them". Modelling choice (2).
        one_to_one_cap: Most points one-to-ones can add. Modelling choice (8):
            four one-to-ones a quarter, a little more than monthly, earn it
            all; more meetings are not more voice.
        concern_resolved_points: Points per concern resolved in the voice
            window: being heard and seeing action. Seed 004. Modelling choice (3).
        concern_open_points: Points lost per concern raised and still open at
            ``as_of``: voice without answer. Seed 004. Modelling choice (5).
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
    high_from: float = attrs.field(default=75.0, converter=_num, validator=_bands_ordered)


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


def _explanation_field() -> Any:
    return attrs.field(converter=v.to_tuple, validator=v.tuple_of(v.instance(Reason)))


def _float(*, low: float | None = None, high: float | None = None) -> Any:
    return attrs.field(converter=_num, validator=v.finite_number(low=low, high=high))


def _count() -> Any:
    return attrs.field(validator=v.integer(low=0))


@attrs.frozen(kw_only=True)
class MoraleContribution:
    """One itemised line of a morale index: the factor, its points and why.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0 - timedelta(days=90))
    >>> call = ci.Interaction(id="i-1", customer_id="c-1", staff_id="s-1",
    ...                       timestamp=t0 - timedelta(days=2), sentiment=ci.Sentiment.NEGATIVE)
    >>> line = ci.assess_morale(ada, [call], as_of=t0).contributions[2]
    >>> line.factor.value, line.points, line.reason.code
    ('exposure_count', -1.0, 'morale.exposure.count')

    Attributes:
        factor: Which part of the rule this line is.
        points: Signed points added to the index (before clipping).
        reason: The stable code and a sentence saying how the points came about.
    """

    factor: MoraleFactor = attrs.field(validator=v.enum_member(MoraleFactor))
    points: float = _float()
    reason: Reason = attrs.field(validator=v.instance(Reason))


@attrs.frozen(kw_only=True)
class MoraleAssessment:
    """One staff member's morale at ``as_of``: the index, each contribution, and why.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0 - timedelta(days=90), team="desk")
    >>> calls = [ci.Interaction(id=f"i-{n}", customer_id="c-1", staff_id="s-1",
    ...          timestamp=t0 - timedelta(days=n),
    ...          sentiment=ci.Sentiment.NEGATIVE if n < 3 else ci.Sentiment.POSITIVE)
    ...          for n in range(1, 5)]
    >>> a = ci.assess_morale(ada, calls, as_of=t0)
    >>> a.index, a.band.value, a.interactions_handled, a.negatives_handled, a.negative_share
    (43.0, 'moderate', 4, 2, 0.5)
    >>> a.explanation[0].code
    'morale.baseline'

    Attributes:
        staff_id: The member assessed.
        team: Their team (None when they have none).
        as_of: The moment of the assessment.
        index: The morale index, 0-100 (the sum of contributions, clipped).
        band: Low, moderate or high (see :class:`MoralePolicy`).
        contributions: One line per :class:`MoraleFactor`, in rule order.
        interactions_handled: Interactions the member handled in the window.
        negatives_handled: Negative ones among them.
        negative_share: ``negatives_handled / interactions_handled`` (0 when none).
        team_median_workload: The median the workload was compared with, or None.
        open_concerns: Concerns raised and still open at ``as_of``.
        explanation: The contributions' reasons, then clipping and the band.
    """

    staff_id: str = attrs.field(validator=v.identifier)
    team: str | None = attrs.field(validator=v.optional(v.identifier))
    as_of: datetime = attrs.field(validator=v.aware)
    index: float = _float(low=0, high=100)
    band: MoraleBand = attrs.field(validator=v.enum_member(MoraleBand))
    contributions: tuple[MoraleContribution, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(MoraleContribution))
    )
    interactions_handled: int = _count()
    negatives_handled: int = _count()
    negative_share: float = _float(low=0, high=1)
    team_median_workload: float | None = attrs.field(
        converter=_num, validator=v.optional(v.finite_number(low=0))
    )
    open_concerns: int = _count()
    explanation: tuple[Reason, ...] = _explanation_field()

    def points(self, factor: MoraleFactor) -> float:
        """The points of one factor.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> hired = datetime(2024, 1, 1, tzinfo=timezone.utc)
        >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=hired)
        >>> a = ci.assess_morale(ada, [], as_of=datetime(2026, 3, 1, tzinfo=timezone.utc))
        >>> a.points(ci.MoraleFactor.BASELINE)
        60.0
        """
        for item in self.contributions:
            if item.factor is factor:
                return item.points
        raise InvalidInputError("factor", factor, "a MoraleFactor")  # pragma: no cover

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


# ----------------------------------------------------------------------------- facts


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


def _decay(age_days: float, half_life_days: float) -> float:
    """The weight of a recognition ``age_days`` old (1 when new, 1/2 after one half-life)."""
    return float(0.5 ** (age_days / half_life_days))


def _window_start(as_of: datetime, window: relativedelta) -> datetime:
    return as_of - window


def _event_facts(
    events: Iterable[StaffEvent], as_of: datetime, policy: MoralePolicy
) -> tuple[float, float, int, int, int]:
    """Recognition and reward weights, one-to-ones, resolutions and open concerns.

    ``events`` are one member's events with ``timestamp <= as_of``, unique by
    id. A ``CONCERN_RESOLVED`` closes the concern its ``resolves`` names, or
    else the oldest one open; resolving nothing open is refused.
    """
    half_life = window_days(policy.recognition_half_life, as_of)
    voice_start = _window_start(as_of, policy.voice_window)
    recognition: list[float] = []
    reward: list[float] = []
    one_to_ones = resolved = 0
    open_concerns: dict[str, StaffEvent] = {}
    for event in sorted(events, key=lambda e: (e.timestamp, e.id)):
        kind = event.kind
        if kind is StaffEventKind.RECOGNITION or kind is StaffEventKind.REWARD:
            age = (as_of - event.timestamp).total_seconds() / 86400.0
            (recognition if kind is StaffEventKind.RECOGNITION else reward).append(
                _decay(age, half_life)
            )
        elif kind is StaffEventKind.ONE_TO_ONE:
            one_to_ones += event.timestamp > voice_start
        elif kind is StaffEventKind.CONCERN_RAISED:
            open_concerns[event.id] = event
        elif kind is StaffEventKind.CONCERN_RESOLVED:
            if event.resolves is not None:
                if event.resolves not in open_concerns:
                    raise InvalidInputError(
                        f"events[{event.id!r}].resolves",
                        event.resolves,
                        f"the id of a concern_raised event of {event.staff_id!r} still open"
                        f" at {event.timestamp.isoformat()}",
                    )
                del open_concerns[event.resolves]
            elif open_concerns:
                del open_concerns[next(iter(open_concerns))]
            else:
                raise InvalidInputError(
                    f"events[{event.id!r}]",
                    event.id,
                    f"a concern_resolved event with a concern of {event.staff_id!r} open",
                )
            resolved += event.timestamp > voice_start
    return math.fsum(recognition), math.fsum(reward), one_to_ones, resolved, len(open_concerns)


def _unique_events(events: Iterable[StaffEvent]) -> list[StaffEvent]:
    seen: dict[str, StaffEvent] = {}
    for index, event in enumerate(events):
        if not isinstance(event, StaffEvent):
            raise InvalidInputError(f"events[{index}]", event, "a StaffEvent")
        known = seen.get(event.id)
        if known is None:
            seen[event.id] = event
        elif known != event:
            raise InvalidInputError(
                f"events[{index}].id", event.id, "an id not used by a different event"
            )
    return list(seen.values())


def _unique_interactions(interactions: Iterable[Interaction]) -> list[Interaction]:
    seen: dict[str, Interaction] = {}
    for index, interaction in enumerate(interactions):
        if not isinstance(interaction, Interaction):
            raise InvalidInputError(f"interactions[{index}]", interaction, "an Interaction")
        known = seen.get(interaction.id)
        if known is None:
            seen[interaction.id] = interaction
        elif known != interaction:
            raise DuplicateInteractionError(
                f"interactions[{index}].id",
                interaction.id,
                "an id not used by a different interaction",
            )
    return list(seen.values())


def _interaction_counts(
    interactions: Iterable[Interaction], as_of: datetime, policy: MoralePolicy
) -> tuple[int, int]:
    start = _window_start(as_of, policy.window)
    handled = negatives = 0
    for interaction in interactions:
        if start < interaction.timestamp <= as_of:
            handled += 1
            negatives += interaction.sentiment is Sentiment.NEGATIVE
    return handled, negatives


# ----------------------------------------------------------------------------- scoring


def _band(index: float, policy: MoralePolicy) -> MoraleBand:
    if index < policy.low_below:
        return MoraleBand.LOW
    if index >= policy.high_from:
        return MoraleBand.HIGH
    return MoraleBand.MODERATE


def _line(factor: MoraleFactor, points: float, code: str, message: str) -> MoraleContribution:
    return MoraleContribution(
        factor=factor, points=points + 0.0, reason=Reason(code=code, message=message)
    )


def _score(
    staff_id: str,
    team: str | None,
    as_of: datetime,
    facts: _Facts,
    team_median: float | None,
    policy: MoralePolicy,
) -> MoraleAssessment:
    """Turn gathered facts into the itemised, explained assessment."""
    p = policy
    share = facts.negatives / facts.handled if facts.handled else 0.0
    days = f"{window_days(p.window, as_of):g} days"
    recog = facts.recognition_weight * p.recognition_points
    reward = facts.reward_weight * p.reward_points
    if recog + reward > p.recognition_cap:
        scale = p.recognition_cap / (recog + reward)
        recog, reward = recog * scale, reward * scale
    lines = [
        _line(MoraleFactor.BASELINE, p.baseline, "morale.baseline", f"baseline {p.baseline:g}"),
        _line(
            MoraleFactor.EXPOSURE_SHARE,
            -p.negative_share_points * share,
            "morale.exposure.share",
            f"{facts.negatives} of {facts.handled} interactions handled in the last {days}"
            f" were negative"
            f" ({share:.0%})",
        ),
        _line(
            MoraleFactor.EXPOSURE_COUNT,
            -min(p.negative_count_cap, p.negative_count_points * facts.negatives),
            "morale.exposure.count",
            f"{counted(facts.negatives, 'angry customer')} handled in the last {days}",
        ),
        _line(
            MoraleFactor.RECOGNITION,
            recog,
            "morale.recognition",
            f"recognition received, worth {facts.recognition_weight:.2f} at full strength"
            " after decay",
        ),
        _line(
            MoraleFactor.REWARD,
            reward,
            "morale.reward",
            f"rewards received, worth {facts.reward_weight:.2f} at full strength after decay",
        ),
        _line(
            MoraleFactor.ONE_TO_ONE,
            min(p.one_to_one_cap, p.one_to_one_points * facts.one_to_ones),
            "morale.voice.one_to_one",
            f"{counted(facts.one_to_ones, 'one-to-one')} held in the voice window",
        ),
        _line(
            MoraleFactor.CONCERNS_RESOLVED,
            p.concern_resolved_points * facts.resolved,
            "morale.voice.concern_resolved",
            f"{counted(facts.resolved, 'concern')} resolved in the voice window",
        ),
        _line(
            MoraleFactor.CONCERNS_OPEN,
            -min(p.concern_open_cap, p.concern_open_points * facts.open_concerns),
            "morale.voice.concern_open",
            f"{counted(facts.open_concerns, 'concern')} raised and still open",
        ),
    ]
    if team_median is None:
        lines.append(
            _line(
                MoraleFactor.WORKLOAD,
                0.0,
                "morale.workload.unknown",
                "no team median workload to compare with",
            )
        )
    else:
        ratio = facts.handled / max(team_median, 1.0)
        excess = ratio - 1.0 - p.workload_tolerance
        if excess > 0:
            lines.append(
                _line(
                    MoraleFactor.WORKLOAD,
                    -min(p.workload_cap, p.workload_points * excess),
                    "morale.workload.above_median",
                    f"handled {facts.handled} interactions, {ratio:.2f} times"
                    f" the team median of {team_median:g}",
                )
            )
        else:
            lines.append(
                _line(
                    MoraleFactor.WORKLOAD,
                    0.0,
                    "morale.workload.within_median",
                    f"handled {facts.handled} interactions, team median {team_median:g}",
                )
            )
    raw = math.fsum(line.points for line in lines)
    index = min(100.0, max(0.0, raw))
    explanation = [line.reason for line in lines]
    if index != raw:
        explanation.append(
            Reason(code="morale.clipped", message=f"sum {raw:.1f} clipped to {index:g}")
        )
    band = _band(index, p)
    explanation.append(
        Reason(code=f"morale.band.{band.value}", message=f"morale {index:.1f} is {band.value}")
    )
    return MoraleAssessment(
        staff_id=staff_id,
        team=team,
        as_of=as_of,
        index=index,
        band=band,
        contributions=tuple(lines),
        interactions_handled=facts.handled,
        negatives_handled=facts.negatives,
        negative_share=share,
        team_median_workload=team_median,
        open_concerns=facts.open_concerns,
        explanation=tuple(explanation),
    )


def _check_common(as_of: Any, policy: Any) -> datetime:
    moment = ensure_aware(as_of, "as_of")
    if not isinstance(policy, MoralePolicy):
        raise InvalidInputError("policy", policy, "a MoralePolicy")
    return moment


def _assess_grouped(
    member: StaffMember,
    interactions: list[Interaction],
    events: list[StaffEvent],
    as_of: datetime,
    policy: MoralePolicy,
    team_median: float | None,
) -> MoraleAssessment:
    handled, negatives = _interaction_counts(interactions, as_of, policy)
    recognition, reward, one_to_ones, resolved, open_count = _event_facts(
        (e for e in events if e.timestamp <= as_of), as_of, policy
    )
    facts = _Facts(
        handled=handled,
        negatives=negatives,
        recognition_weight=recognition,
        reward_weight=reward,
        one_to_ones=one_to_ones,
        resolved=resolved,
        open_concerns=open_count,
    )
    return _score(member.id, member.team, as_of, facts, team_median, policy)


def assess_morale(
    staff_member: StaffMember,
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    events: Iterable[StaffEvent] = (),
    policy: MoralePolicy = MoralePolicy(),
    team_median_workload: float | None = None,
) -> MoraleAssessment:
    """Assess one staff member's morale at ``as_of``, itemised and explained.

    ``interactions`` and ``events`` may hold other members' records: only those
    whose ``staff_id`` is this member's count (so a whole base can be passed).
    An identical repeated interaction is ignored; a different one under a used
    id raises :class:`~custinteract.DuplicateInteractionError`. Give
    ``team_median_workload`` (interactions per member of the team in the
    window) to score workload, or use :func:`assess_team_morale`, which
    computes it.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> ada = ci.StaffMember(id="s-1", name="Ada", hired=t0 - timedelta(days=400), team="support")
    >>> calls = [ci.Interaction(id=f"i-{n}", customer_id=f"c-{n}", staff_id="s-1",
    ...          timestamp=t0 - timedelta(days=n),
    ...          sentiment=ci.Sentiment.NEGATIVE if n % 4 == 0 else ci.Sentiment.POSITIVE)
    ...          for n in range(1, 21)]
    >>> thanks = [ci.StaffEvent(id="e-1", staff_id="s-1", kind=ci.StaffEventKind.RECOGNITION,
    ...                         timestamp=t0 - timedelta(days=30))]
    >>> a = ci.assess_morale(ada, calls, as_of=t0, events=thanks, team_median_workload=20)
    >>> round(a.index, 1), a.band.value
    (49.5, 'moderate')
    >>> [(c.factor.value, round(c.points, 1)) for c in a.contributions if c.points]
    [('baseline', 60.0), ('exposure_share', -7.5), ('exposure_count', -5.0), ('recognition', 2.0)]
    """
    as_of = _check_common(as_of, policy)
    if not isinstance(staff_member, StaffMember):
        raise InvalidInputError("staff_member", staff_member, "a StaffMember")
    if team_median_workload is not None and not (
        v.is_finite_number(team_median_workload) and team_median_workload >= 0
    ):
        raise InvalidInputError(
            "team_median_workload", team_median_workload, "None or a finite number of at least 0"
        )
    own = [i for i in _unique_interactions(interactions) if i.staff_id == staff_member.id]
    own_events = [e for e in _unique_events(events) if e.staff_id == staff_member.id]
    median = None if team_median_workload is None else float(team_median_workload)
    return _assess_grouped(staff_member, own, own_events, as_of, policy, median)
