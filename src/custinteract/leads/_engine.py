"""Lead temperature: cold, warm, qualified, current; a decayed, itemised score; outreach advice.

Rule 1: this file walks a lead's history and decides its temperature, score
and advice; every number lives in :class:`LeadPolicy` (``_policy``), every
rule that is a mapping (fit-rule kinds, sources, the order of the
temperature and advice cases, reason codes and their wording) in ``_rules``,
with the one explanation builder. Ranking and call sheets live in
``_ranking``, the funnel in ``_funnel``, the learned conversion probability
in ``_conversion``; ``frames`` vectorises the same rules column by column for
whole bases, reading the same tables, and its tests hold it equal to this
file on random bases and policies. The assessment is
a pure function of the customer record, the interaction history and ``as_of``:
nothing is stored and edited, so the score can never drift from its own log.

Read top to bottom, an assessment is:

1. **History.** Interactions after ``as_of`` are ignored; a repeated identical
   interaction is ignored; a different interaction under a used id raises
   :class:`~custinteract.DuplicateInteractionError`. The rest are taken in
   ``(timestamp, id)`` order, so the order they are passed in never matters.
2. **Score** (0-100) = source points + fit points + engagement points, clamped.
   Engagement points decay with an exponential half-life per interaction kind:
   ``points * 0.5 ** (age_days / half_life_days)``. An outbound touch earns its
   points only when *answered*: an inbound interaction from the same customer
   follows it (strictly later) within ``answer_window``. A negative interaction
   scores ``negative_points`` instead, without decay (“What You Need to Know About Customer Interaction”: one negative
   experience can lose a customer forever). Rule points are never negative, so
   everything that changes with time fades towards 0 from above, and time
   alone never raises a score.
3. **Temperature.** CURRENT when a purchase (or the became-customer date) lies
   within ``current_window`` (or, with ``current_activity``, while the customer
   has not LAPSED by their own rhythm) and the customer has not churned since; else
   QUALIFIED while an explicit qualifying event is live (an inbound quote or
   demo request, or an inbound inquiry with a budget, that is not negative; it
   cools after ``qualified_window`` without inbound engagement) or the score
   reaches ``qualified_threshold``; else WARM from ``warm_threshold``; else
   COLD. A lead from a purchased list without consent, or from a source in
   ``cold_until_engaged``, stays COLD until it gets in touch itself (a
   non-negative inbound interaction), whatever its score.
4. **Advice.** DO_NOT_CONTACT (flag, or no consent where required), else HOLD
   (fatigue caps per temperature), else CONTACT from ``contact_from`` up
   (never for a cold-source lead that has not got in touch), else NURTURE.

Windows: a window of days, hours, minutes and seconds is an exact duration; a
window with months or years moves the calendar date in ``as_of``'s time zone
(dateutil's rules: 31 January + 1 month is the last day of February), so the
answer depends on the moments of the history, never on the zone they came in.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from .._errors import InvalidInputError
from .._models import Customer, Direction, Interaction, InteractionKind, Sentiment
from .._time import elapsed, ensure_aware
from ..activity import ActivityStatus
from ._activity import activity_status
from ._enums import FitRuleKind, LeadTemperature, OutreachAdvice, ScoreComponent
from ._explain import Facts, explanation
from ._history import Event, History, history_of, window_adder, window_start
from ._policy import EngagementRule, LeadPolicy
from ._results import LeadAssessment, ScoreItem
from ._rules import (
    ADVICE_CASES,
    REASON_CODES,
    SOURCE_CASES,
    TEMPERATURE_CASES,
    FitRule,
    Story,
    first_case,
    held_cold,
    source_case,
)

__all__ = [
    "REASON_CODES",
    "EngagementRule",
    "FitRule",
    "FitRuleKind",
    "LeadAssessment",
    "LeadPolicy",
    "LeadTemperature",
    "OutreachAdvice",
    "ScoreComponent",
    "ScoreItem",
    "assess",
    "assess_lead",
]


_DEFAULT_POLICY = LeadPolicy()  # built once: a policy is a frozen value, and assess_lead is hot


def assess_lead(
    customer: Customer,
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: LeadPolicy | None = None,
) -> LeadAssessment:
    """Assess one lead as of a moment: temperature, itemised decayed score, outreach advice.

    ``interactions`` are the customer's own (any order; others' raise
    :class:`~custinteract.InvalidInputError`). See the module rules above and
    :class:`LeadPolicy` for every number.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> lead = ci.Customer(id="c-1", created=datetime(2026, 1, 5, tzinfo=utc),
    ...                    source=ci.LeadSource.PURCHASED_LIST, list_name="mortgage")
    >>> ci.assess_lead(lead, [], as_of=datetime(2026, 2, 1, tzinfo=utc)).temperature
    <LeadTemperature.COLD: 'cold'>
    >>> quote = ci.Interaction(id="i-1", customer_id="c-1", sentiment=ci.Sentiment.NEUTRAL,
    ...     timestamp=datetime(2026, 2, 1, tzinfo=utc), kind=ci.InteractionKind.QUOTE_REQUEST)
    >>> result = ci.assess_lead(lead, [quote], as_of=datetime(2026, 3, 3, tzinfo=utc))
    >>> result.temperature.value, result.score, result.advice.value
    ('qualified', 20.0, 'contact')
    >>> result.codes[0]
    'lead.temperature.qualified.event'
    """
    if not isinstance(customer, Customer):
        raise InvalidInputError("customer", customer, "a Customer")
    as_of = ensure_aware(as_of, "as_of")
    policy = _DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    return assess(
        customer, history_of(customer.id, interactions, as_of, policy.budget_key), as_of, policy
    )


# --------------------------------------------------------------------------- the walk

_DAY = timedelta(days=1)


def _age_days(as_of: datetime, timestamp: datetime) -> float:
    # timedelta / timedelta divides whole microseconds exactly (one rounding).
    return elapsed(timestamp, as_of) / _DAY


class _Walk:
    """What walking a history in order gathers: the state one interaction changes."""

    __slots__ = (
        "cooled",
        "engaged",
        "engaged_at",
        "engagement",
        "last_inbound",
        "last_purchase",
        "negatives",
        "qualified_since",
        "recent",
        "refused",
        "streak",
        "unanswered",
    )

    def __init__(self, last_purchase: datetime | None) -> None:
        self.engagement: list[ScoreItem] = []
        self.negatives = self.unanswered = self.refused = self.streak = self.recent = 0
        self.last_inbound: datetime | None = None
        self.qualified_since: datetime | None = None
        self.engaged_at: datetime | None = None
        self.cooled = self.engaged = False
        self.last_purchase = last_purchase

    def cool(self, moment: datetime, after_qualified: Callable[[datetime], datetime]) -> None:
        """A qualification cools once ``qualified_window`` passed without inbound engagement."""
        if (
            self.qualified_since is not None
            and self.engaged_at is not None
            and after_qualified(self.engaged_at) <= moment
        ):
            self.qualified_since, self.cooled = None, True


class _Context:
    """What the walk reads, worked out once per assessment."""

    __slots__ = (
        "after_answer",
        "after_qualified",
        "inbound_times",
        "qualifying",
        "rules",
        "touch_start",
    )

    def __init__(self, events: Sequence[Event], as_of: datetime, policy: LeadPolicy) -> None:
        zone = as_of.tzinfo
        self.rules: Mapping[tuple[InteractionKind, Direction], EngagementRule] = {
            (rule.kind, rule.direction): rule for rule in policy.engagement_rules
        }
        self.inbound_times = [e.timestamp for e in events if e.direction is Direction.INBOUND]
        self.qualifying = frozenset(policy.qualifying_kinds)
        self.touch_start = window_start(as_of, policy.touch_window)
        self.after_qualified = window_adder(policy.qualified_window, zone)
        self.after_answer = window_adder(policy.answer_window, zone)


def _inbound(walk: _Walk, event: Event, context: _Context) -> None:
    negative = event.sentiment is Sentiment.NEGATIVE
    walk.cool(event.timestamp, context.after_qualified)
    if event.kind in context.qualifying or (event.kind is InteractionKind.INQUIRY and event.budget):
        if negative:
            walk.refused += 1
        elif walk.qualified_since is None:
            walk.qualified_since = event.timestamp
    if walk.qualified_since is not None:
        walk.engaged_at = event.timestamp
    walk.last_inbound = event.timestamp
    walk.streak = 0
    walk.engaged = walk.engaged or not negative


def _outbound(walk: _Walk, event: Event, context: _Context) -> bool:
    """Count an outbound touch; True when it was answered."""
    times = context.inbound_times
    nxt = bisect.bisect_right(times, event.timestamp)
    answered = nxt < len(times) and times[nxt] <= context.after_answer(event.timestamp)
    walk.streak += 1
    if not answered:
        walk.unanswered += 1
        if event.timestamp > context.touch_start:
            walk.recent += 1
    return answered


def _engagement_item(
    event: Event, rule: EngagementRule | None, answered: bool, as_of: datetime, policy: LeadPolicy
) -> ScoreItem | None:
    """The score line of one interaction (None when no rule scores it)."""
    inbound = event.direction is Direction.INBOUND
    label = f"{event.direction.value} {event.kind.value}"
    half_life: float | None
    if event.sentiment is Sentiment.NEGATIVE:
        base, half_life, label = policy.negative_points, None, f"negative {label}"
    elif rule is None:
        return None
    else:
        base = rule.points if inbound or answered else rule.points * policy.unanswered_factor
        half_life = rule.half_life_days
        if not inbound and not answered:
            label = f"unanswered {label}"
    age = _age_days(as_of, event.timestamp)
    return ScoreItem(
        component=ScoreComponent.ENGAGEMENT,
        label=label,
        points=base if half_life is None else base * float(0.5 ** (age / half_life)),
        base_points=base,
        interaction_id=event.id,
        timestamp=event.timestamp,
        age_days=age,
        half_life_days=half_life,
    )


def _walk(
    events: Sequence[Event], customer: Customer, as_of: datetime, policy: LeadPolicy
) -> _Walk:
    """Walk the history in order: qualification, answers, fatigue, purchases, engagement points."""
    context = _Context(events, as_of, policy)
    became = customer.became_customer
    walk = _Walk(became if became is not None and became <= as_of else None)
    for event in events:
        answered = False
        if event.direction is Direction.INBOUND:
            _inbound(walk, event, context)
        else:
            answered = _outbound(walk, event, context)
        if event.kind is InteractionKind.PURCHASE and (
            walk.last_purchase is None or event.timestamp > walk.last_purchase
        ):
            walk.last_purchase = event.timestamp
        if event.sentiment is Sentiment.NEGATIVE:
            walk.negatives += 1
        rule = context.rules.get((event.kind, event.direction))
        item = _engagement_item(event, rule, answered, as_of, policy)
        if item is not None:
            walk.engagement.append(item)
    walk.cool(as_of, context.after_qualified)
    return walk


# --------------------------------------------------------------------------- the assessment


def _fixed_items(
    customer: Customer, policy: LeadPolicy
) -> tuple[list[ScoreItem], tuple[FitRule, ...], int]:
    """The source line and the matched fit rules' lines, the rules, and the source case."""
    case = source_case(customer.source, customer.consent)
    points = SOURCE_CASES[case].points(policy, customer.source)
    label = SOURCE_CASES[case].label(customer)
    items = [
        ScoreItem(component=ScoreComponent.SOURCE, label=label, points=points, base_points=points)
    ]
    fits = tuple(rule for rule in policy.fit_rules if rule.matches(customer.attributes))
    for rule in fits:
        items.append(
            ScoreItem(
                component=ScoreComponent.FIT,
                label=rule.describe(),
                points=rule.points,
                base_points=rule.points,
            )
        )
    return items, fits, case


def _standing(
    customer: Customer, walk: _Walk, history: History, as_of: datetime, policy: LeadPolicy
) -> tuple[bool, int]:
    """``(current, life)``: is the customer CURRENT, and else which :data:`LIFE_CASES` entry."""
    last_purchase, churned = walk.last_purchase, customer.churned
    if last_purchase is None:
        return False, 0
    churned_since = churned is not None and churned <= as_of and churned >= last_purchase
    if churned_since:
        return False, 1
    if policy.current_activity is not None:
        status = activity_status(customer.id, history.events, as_of, policy.current_activity)
        if status is not ActivityStatus.UNSEEN:
            return (True, 0) if status is not ActivityStatus.LAPSED else (False, 2)
    if as_of < window_adder(policy.current_window, as_of.tzinfo)(last_purchase):
        return True, 0
    return False, 2


def _advice_case(
    customer: Customer, temperature: LeadTemperature, walk: _Walk, held: bool, policy: LeadPolicy
) -> int:
    """Which :data:`ADVICE_CASES` entry applies (the first whose condition holds)."""
    contact = temperature >= policy.contact_from
    return first_case(
        (
            customer.do_not_contact,
            policy.consent_required
            and not customer.consent
            and temperature is not LeadTemperature.CURRENT,
            walk.streak >= policy.stop_after_unanswered[temperature],
            walk.recent >= policy.max_touches[temperature],
            contact and held,
            contact,
        )
    )


def _temperature_case(
    current: bool, walk: _Walk, held: bool, score: float, policy: LeadPolicy
) -> int:
    """Which :data:`TEMPERATURE_CASES` entry applies (the first whose condition holds)."""
    warm = score >= policy.warm_threshold
    return first_case(
        (
            current,
            walk.qualified_since is not None,
            held and warm,
            score >= policy.qualified_threshold,
            warm,
        )
    )


def _facts(
    customer: Customer,
    history: History,
    walk: _Walk,
    items: list[ScoreItem],
    fits: tuple[FitRule, ...],
    score: float,
    raw: float,
    temperature: LeadTemperature,
    as_of: datetime,
    policy: LeadPolicy,
) -> Facts:
    """The numbers the assessment's messages quote."""
    engagement = walk.engagement
    return Facts(
        as_of=as_of,
        customer=customer,
        policy=policy,
        temperature=temperature,
        score=score,
        raw=raw,
        source_points=items[0].points,
        fits=fits,
        engaged=len(engagement),
        engagement_points=math.fsum(item.points for item in engagement) if engagement else 0.0,
        negatives=walk.negatives,
        unanswered=walk.unanswered,
        future=history.future,
        duplicates=history.duplicates,
        last_purchase=walk.last_purchase,
        qualified_since=walk.qualified_since,
        negative_requests=walk.refused,
        streak=walk.streak,
        recent=walk.recent,
    )


def assess(
    customer: Customer, history: History, as_of: datetime, policy: LeadPolicy
) -> LeadAssessment:
    """Assess a checked customer on a checked history (what :func:`assess_lead` does after checks)."""
    items, fits, source = _fixed_items(customer, policy)
    walk = _walk(history.events, customer, as_of, policy)
    engagement = walk.engagement
    items.extend(engagement)
    raw = math.fsum(item.points for item in items)
    score = min(100.0, max(0.0, raw))
    current, life = _standing(customer, walk, history, as_of, policy)
    held = not current and not walk.engaged and held_cold(customer.source, customer.consent, policy)
    case = _temperature_case(current, walk, held, score, policy)
    temperature = TEMPERATURE_CASES[case][1]
    advice = _advice_case(customer, temperature, walk, held, policy)
    story = Story(
        temperature=case,
        life=life,
        cooled=walk.cooled and temperature < LeadTemperature.QUALIFIED,
        refused=walk.refused > 0,
        source=source,
        fits=len(fits),
        flags=(
            bool(engagement),
            walk.negatives > 0,
            walk.unanswered > 0,
            history.future > 0,
            history.duplicates > 0,
            score != raw,
        ),
        advice=advice,
    )
    return LeadAssessment(
        customer_id=customer.id,
        as_of=as_of,
        temperature=temperature,
        score=score,
        advice=ADVICE_CASES[advice][1],
        source=customer.source,
        list_name=customer.list_name,
        items=tuple(items),
        last_purchase=walk.last_purchase,
        qualified_since=walk.qualified_since if not current else None,
        last_inbound=walk.last_inbound,
        unanswered_streak=walk.streak,
        recent_unanswered=walk.recent,
        explanation=explanation(
            story,
            _facts(customer, history, walk, items, fits, score, raw, temperature, as_of, policy),
        ),
    )
