"""Lead temperature: cold, warm, qualified, current; a decayed, itemised score; outreach advice.

Rule 1: everything that decides a lead's temperature, score and advice lives
in this file, and every number lives in :class:`LeadPolicy` (in
``_leads_rules``, with the rule values). Ranking and call sheets live in
``_leads_ranking``, the funnel in ``_leads_funnel``, the learned conversion
probability in ``_leads_conversion``; ``frames._leads`` transcribes these
rules column by column for whole bases, and its tests hold it equal to this
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
   scores ``negative_points`` instead, without decay (seed 004: one negative
   experience can lose a customer forever). Rule points are never negative, so
   everything that changes with time fades towards 0 from above, and time
   alone never raises a score.
3. **Temperature.** CURRENT when a purchase (or the became-customer date) lies
   within ``current_window`` and the customer has not churned since; else
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
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta

from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import (
    Customer,
    Direction,
    Interaction,
    InteractionKind,
    LeadSource,
    Reason,
    Sentiment,
)
from .._time import ensure_aware
from .._validators import FrozenMap
from .._wording import counted
from ._results import LeadAssessment, ScoreItem
from ._rules import (
    EngagementRule,
    FitRule,
    FitRuleKind,
    LeadPolicy,
    LeadTemperature,
    OutreachAdvice,
    ScoreComponent,
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
    "assess_lead",
]

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        # temperature
        "lead.temperature.current": "a purchase lies within the current window and no churn since",
        "lead.temperature.qualified.event": "an explicit qualifying event is live (not cooled)",
        "lead.temperature.qualified.score": "the score reaches the qualified threshold",
        "lead.temperature.warm": "the score reaches the warm threshold",
        "lead.temperature.cold": "the score is below the warm threshold",
        "lead.temperature.cold.unengaged": (
            "a cold-source lead (purchased list without consent, cold outreach) stays cold,"
            " whatever its score, until it gets in touch"
        ),
        "lead.current.lapsed": "was a customer, but the last purchase is older than the current window",
        "lead.current.churned": "was a customer, but churned after the last purchase",
        "lead.qualified.cooled": "was qualified, but the qualification cooled after silence",
        "lead.qualified.negative": "a quote, demo or budget request with negative sentiment did not qualify",
        # score
        "lead.source.points": "points for where the lead came from",
        "lead.source.purchased_list.consented": "purchased list with opt-in consent: starts warm",
        "lead.source.purchased_list.no_consent": "purchased list without consent: starts cold",
        "lead.fit.matched": "a fit rule matched the customer's attributes",
        "lead.engagement.points": "interactions give points, each decayed by its half-life",
        "lead.engagement.negative": "negative interactions subtract points",
        "lead.engagement.unanswered": "outbound touches with no answer earn (almost) nothing",
        "lead.score.clamped": "the itemised total was clamped into 0-100",
        "lead.history.future_ignored": "interactions after as_of are ignored",
        "lead.history.duplicate_ignored": "a repeated identical interaction is counted once",
        # advice
        "lead.advice.contact": "warm enough to contact",
        "lead.advice.nurture": "too cold to contact: low-touch nurture only",
        "lead.advice.nurture.unengaged": (
            "a cold-source lead that has not got in touch: low-touch nurture only, never contact"
        ),
        "lead.advice.hold.fatigue": "too many unanswered touches in the touch window",
        "lead.advice.hold.unanswered": "stopped after several unanswered touches in a row",
        "lead.advice.do_not_contact.flag": "the customer asked not to be contacted",
        "lead.advice.do_not_contact.consent": "no consent, and the policy requires consent",
        # call sheets, funnel, conversion (in the _leads_* modules)
        "lead.callsheet.assigned": "leads dealt round-robin to staff within their daily capacity",
        "lead.callsheet.unassigned": "leads left over beyond the capacity of the days planned",
        "lead.funnel.period": "temperatures at the start and end of the period compared",
        "lead.funnel.entered": "customers created during the period entered at their creation",
        "lead.conversion.prior": "the base rate of won leads, smoothed",
        "lead.conversion.attribute": "an attribute value's won/lost frequencies moved the odds",
        "lead.conversion.low_support": "an attribute value seen too rarely to count",
        "lead.conversion.unseen": "an attribute value never seen in the history",
        "lead.conversion.clamped": (
            "the probability (or the base rate) was kept away from 0 and 1, so it never shows as"
            " 0 % or 100 %"
        ),
        "lead.conversion.learned": "frequency tables learned from won and lost leads",
    }
)
"""Every reason code the lead engine can emit, with its one-line meaning."""


def _reason(code: str, message: str) -> Reason:
    return Reason(code=code, message=message)


# --------------------------------------------------------------------------- history


class _Event(NamedTuple):
    """The facts of one interaction the engine reads."""

    timestamp: datetime
    id: str
    kind: InteractionKind
    direction: Direction
    sentiment: Sentiment
    budget: bool


def _event_of(interaction: Interaction, budget_key: str) -> _Event:
    budget = interaction.metadata.get(budget_key, "").strip() != ""
    return _Event(
        interaction.timestamp,
        interaction.id,
        interaction.kind,
        interaction.direction,
        interaction.sentiment,
        budget,
    )


class _History(NamedTuple):
    events: list[_Event]
    future: int
    duplicates: int


def _history(
    customer_id: str, interactions: Iterable[Interaction], as_of: datetime, budget_key: str
) -> _History:
    seen: dict[str, Interaction] = {}
    future = duplicates = 0
    events: list[_Event] = []
    for index, interaction in enumerate(interactions):
        if not isinstance(interaction, Interaction):
            raise InvalidInputError(f"interactions[{index}]", interaction, "an Interaction")
        if interaction.customer_id != customer_id:
            raise InvalidInputError(
                f"interactions[{index}].customer_id",
                interaction.customer_id,
                f"the assessed customer's id {customer_id!r}",
            )
        previous = seen.get(interaction.id)
        if previous is not None:
            if previous != interaction:
                raise DuplicateInteractionError(
                    f"interactions[{index}].id",
                    interaction.id,
                    "an id not used by a different interaction",
                )
            duplicates += 1
            continue
        seen[interaction.id] = interaction
        if interaction.timestamp > as_of:
            future += 1
            continue
        events.append(_event_of(interaction, budget_key))
    events.sort(key=_event_order)
    return _History(events, future, duplicates)


def _event_order(event: _Event) -> tuple[datetime, str]:
    return (event.timestamp, event.id)


_DAY = timedelta(days=1)
_UTC = timezone.utc


def _age_days(as_of: datetime, timestamp: datetime) -> float:
    # timedelta / timedelta divides whole microseconds exactly (one rounding).
    return (as_of - timestamp) / _DAY


def _decayed(points: float, age_days: float, half_life_days: float) -> float:
    return points * float(0.5 ** (age_days / half_life_days))


def _calendar(window: relativedelta) -> bool:
    """True when the window moves the calendar (has months or years)."""
    return bool(window.years or window.months)


def _step(window: relativedelta) -> timedelta:
    """The exact duration of a window without months or years."""
    return timedelta(
        days=window.days,
        hours=window.hours,
        minutes=window.minutes,
        seconds=window.seconds,
        microseconds=window.microseconds,
    )


def _adder(window: relativedelta, zone: tzinfo | None) -> Callable[[datetime], datetime]:
    """``t + window`` as the engine reads windows (see the module docstring)."""
    if _calendar(window):
        return lambda t: t.astimezone(zone) + window
    step = _step(window)
    return lambda t: t.astimezone(_UTC) + step


def _before(as_of: datetime, window: relativedelta) -> datetime:
    """``as_of - window`` as the engine reads windows (see the module docstring)."""
    if _calendar(window):
        return as_of - window
    return as_of.astimezone(_UTC) - _step(window)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _day(timestamp: datetime, as_of: datetime) -> str:
    # Dates in messages are read in as_of's zone, whatever zone the data came in.
    return timestamp.astimezone(as_of.tzinfo).date().isoformat()


def _held_cold(source: LeadSource, consent: bool, policy: LeadPolicy) -> bool:
    """A lead whose source keeps it COLD until it gets in touch itself."""
    return source in policy.cold_until_engaged or (
        source is LeadSource.PURCHASED_LIST and not consent
    )


def _cold_source(source: LeadSource, consent: bool) -> str:
    if source is LeadSource.PURCHASED_LIST and not consent:
        return "a purchased-list lead without consent"
    return f"a {source.value} lead"


# --------------------------------------------------------------------------- assessment


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
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    history = _history(customer.id, interactions, as_of, policy.budget_key)
    return _assess(customer, history, as_of, policy)


def _rule_table(policy: LeadPolicy) -> dict[tuple[InteractionKind, Direction], EngagementRule]:
    return {(rule.kind, rule.direction): rule for rule in policy.engagement_rules}


def _source_item(customer: Customer, policy: LeadPolicy) -> tuple[ScoreItem, Reason]:
    source = customer.source
    if source is LeadSource.PURCHASED_LIST:
        name = customer.list_name or "unnamed"
        if customer.consent:
            points = policy.source_points.get(source, 0.0)
            code, what = "lead.source.purchased_list.consented", f"opted-in purchased list {name!r}"
        else:
            points = policy.unconsented_list_points
            code, what = (
                "lead.source.purchased_list.no_consent",
                f"purchased list {name!r} without consent",
            )
    else:
        points = policy.source_points.get(source, 0.0)
        code, what = "lead.source.points", f"source {source.value}"
    item = ScoreItem(component=ScoreComponent.SOURCE, label=what, points=points, base_points=points)
    return item, _reason(code, f"{what}: {_fmt(points)} points")


def _assess(
    customer: Customer, history: _History, as_of: datetime, policy: LeadPolicy
) -> LeadAssessment:
    events = history.events
    zone = as_of.tzinfo
    source_item, source_reason = _source_item(customer, policy)
    items: list[ScoreItem] = [source_item]
    score_reasons: list[Reason] = [source_reason]
    for fit in policy.fit_rules:
        if fit.matches(customer.attributes):
            label = fit.describe()
            items.append(
                ScoreItem(
                    component=ScoreComponent.FIT,
                    label=label,
                    points=fit.points,
                    base_points=fit.points,
                )
            )
            score_reasons.append(
                _reason("lead.fit.matched", f"fit {label}: {_fmt(fit.points)} points")
            )

    table = _rule_table(policy)
    inbound_times = [e.timestamp for e in events if e.direction is Direction.INBOUND]
    qualifying = frozenset(policy.qualifying_kinds)
    touch_start = _before(as_of, policy.touch_window)
    after_qualified = _adder(policy.qualified_window, zone)
    after_answer = _adder(policy.answer_window, zone)
    engagement: list[ScoreItem] = []
    negatives = unanswered_total = negative_requests = 0
    last_inbound: datetime | None = None
    qualified_since: datetime | None = None
    engaged_at: datetime | None = None
    cooled = engaged = False
    streak = recent_unanswered = 0
    last_purchase = customer.became_customer if customer.became_customer is not None else None
    if last_purchase is not None and last_purchase > as_of:
        last_purchase = None

    for event in events:
        rule = table.get((event.kind, event.direction))
        inbound = event.direction is Direction.INBOUND
        negative = event.sentiment is Sentiment.NEGATIVE
        answered = False
        if inbound:
            if (
                qualified_since is not None
                and engaged_at is not None
                and after_qualified(engaged_at) <= event.timestamp
            ):
                qualified_since, cooled = None, True
            if event.kind in qualifying or (event.kind is InteractionKind.INQUIRY and event.budget):
                if negative:
                    negative_requests += 1
                elif qualified_since is None:
                    qualified_since = event.timestamp
            if qualified_since is not None:
                engaged_at = event.timestamp
            last_inbound = event.timestamp
            streak = 0
            engaged = engaged or not negative
        else:
            nxt = bisect.bisect_right(inbound_times, event.timestamp)
            answered = nxt < len(inbound_times) and inbound_times[nxt] <= after_answer(
                event.timestamp
            )
            streak += 1
            if not answered:
                unanswered_total += 1
                if event.timestamp > touch_start:
                    recent_unanswered += 1
        if event.kind is InteractionKind.PURCHASE and (
            last_purchase is None or event.timestamp > last_purchase
        ):
            last_purchase = event.timestamp
        half_life: float | None
        if negative:
            base, half_life = policy.negative_points, None
            negatives += 1
        elif rule is None:
            continue
        else:
            base = rule.points if inbound or answered else rule.points * policy.unanswered_factor
            half_life = rule.half_life_days
        age = _age_days(as_of, event.timestamp)
        label = f"{event.direction.value} {event.kind.value}"
        if negative:
            label = f"negative {label}"
        elif not inbound and not answered:
            label = f"unanswered {label}"
        engagement.append(
            ScoreItem(
                component=ScoreComponent.ENGAGEMENT,
                label=label,
                points=base if half_life is None else _decayed(base, age, half_life),
                base_points=base,
                interaction_id=event.id,
                timestamp=event.timestamp,
                age_days=age,
                half_life_days=half_life,
            )
        )
    items.extend(engagement)

    if engagement:
        total = math.fsum(item.points for item in engagement)
        score_reasons.append(
            _reason(
                "lead.engagement.points",
                f"{len(engagement)} interactions give {_fmt(total)} points after decay",
            )
        )
    if negatives:
        score_reasons.append(
            _reason(
                "lead.engagement.negative", f"{negatives} negative interactions subtract points"
            )
        )
    if unanswered_total:
        score_reasons.append(
            _reason(
                "lead.engagement.unanswered", f"{unanswered_total} outbound touches got no answer"
            )
        )
    if history.future:
        score_reasons.append(
            _reason(
                "lead.history.future_ignored", f"{history.future} interactions after as_of ignored"
            )
        )
    if history.duplicates:
        score_reasons.append(
            _reason(
                "lead.history.duplicate_ignored",
                f"{history.duplicates} repeated interactions ignored",
            )
        )

    raw = math.fsum(item.points for item in items)
    score = min(100.0, max(0.0, raw))
    if score != raw:
        score_reasons.append(
            _reason("lead.score.clamped", f"total {_fmt(raw)} clamped to {_fmt(score)}")
        )

    # temperature
    temp_reasons: list[Reason] = []
    churned = customer.churned
    churned_since = (
        churned is not None
        and churned <= as_of
        and (last_purchase is None or churned >= last_purchase)
    )
    current = (
        last_purchase is not None
        and not churned_since
        and as_of < _adder(policy.current_window, zone)(last_purchase)
    )
    if (
        qualified_since is not None
        and engaged_at is not None
        and after_qualified(engaged_at) <= as_of
    ):
        qualified_since, cooled = None, True
    held = not current and not engaged and _held_cold(customer.source, customer.consent, policy)
    if current:
        temperature = LeadTemperature.CURRENT
        bought = _day(last_purchase, as_of) if last_purchase is not None else "?"
        temp_reasons.append(
            _reason("lead.temperature.current", f"customer: last purchase {bought}")
        )
    else:
        if last_purchase is not None:
            if churned_since:
                temp_reasons.append(
                    _reason("lead.current.churned", "churned after the last purchase")
                )
            else:
                temp_reasons.append(
                    _reason(
                        "lead.current.lapsed",
                        f"last purchase {_day(last_purchase, as_of)} is too old",
                    )
                )
        if qualified_since is not None:
            temperature = LeadTemperature.QUALIFIED
            temp_reasons.append(
                _reason(
                    "lead.temperature.qualified.event",
                    f"qualifying request on {_day(qualified_since, as_of)}",
                )
            )
        elif held and score >= policy.warm_threshold:
            temperature = LeadTemperature.COLD
            temp_reasons.append(
                _reason(
                    "lead.temperature.cold.unengaged",
                    f"score {_fmt(score)}, but {_cold_source(customer.source, customer.consent)}"
                    " stays cold until it gets in touch",
                )
            )
        elif score >= policy.qualified_threshold:
            temperature = LeadTemperature.QUALIFIED
            temp_reasons.append(
                _reason(
                    "lead.temperature.qualified.score",
                    f"score {_fmt(score)} >= {_fmt(policy.qualified_threshold)}",
                )
            )
        elif score >= policy.warm_threshold:
            temperature = LeadTemperature.WARM
            temp_reasons.append(
                _reason(
                    "lead.temperature.warm", f"score {_fmt(score)} >= {_fmt(policy.warm_threshold)}"
                )
            )
        else:
            temperature = LeadTemperature.COLD
            temp_reasons.append(
                _reason(
                    "lead.temperature.cold", f"score {_fmt(score)} < {_fmt(policy.warm_threshold)}"
                )
            )
    if cooled and temperature < LeadTemperature.QUALIFIED:
        temp_reasons.append(_reason("lead.qualified.cooled", "qualification cooled after silence"))
    if negative_requests:
        temp_reasons.append(
            _reason(
                "lead.qualified.negative",
                f"{counted(negative_requests, 'negative request')} did not qualify",
            )
        )

    advice, advice_reason = _advise(customer, temperature, streak, recent_unanswered, held, policy)
    return LeadAssessment(
        customer_id=customer.id,
        as_of=as_of,
        temperature=temperature,
        score=score,
        advice=advice,
        source=customer.source,
        list_name=customer.list_name,
        items=tuple(items),
        last_purchase=last_purchase,
        qualified_since=qualified_since if not current else None,
        last_inbound=last_inbound,
        unanswered_streak=streak,
        recent_unanswered=recent_unanswered,
        explanation=(*temp_reasons, *score_reasons, advice_reason),
    )


def _advise(
    customer: Customer,
    temperature: LeadTemperature,
    streak: int,
    recent_unanswered: int,
    held: bool,
    policy: LeadPolicy,
) -> tuple[OutreachAdvice, Reason]:
    if customer.do_not_contact:
        return OutreachAdvice.DO_NOT_CONTACT, _reason(
            "lead.advice.do_not_contact.flag", "the customer asked not to be contacted"
        )
    if (
        policy.consent_required
        and not customer.consent
        and temperature is not LeadTemperature.CURRENT
    ):
        return OutreachAdvice.DO_NOT_CONTACT, _reason(
            "lead.advice.do_not_contact.consent", "no consent, and consent is required"
        )
    stop = policy.stop_after_unanswered[temperature]
    if streak >= stop:
        return OutreachAdvice.HOLD, _reason(
            "lead.advice.hold.unanswered",
            f"{streak} touches in a row without an answer"
            f" (stop after {stop} when {temperature.value})",
        )
    cap = policy.max_touches[temperature]
    if recent_unanswered >= cap:
        return OutreachAdvice.HOLD, _reason(
            "lead.advice.hold.fatigue",
            f"{recent_unanswered} unanswered touches in the touch window"
            f" (cap {cap} when {temperature.value})",
        )
    if temperature >= policy.contact_from:
        if held:
            return OutreachAdvice.NURTURE, _reason(
                "lead.advice.nurture.unengaged",
                f"{_cold_source(customer.source, customer.consent)} that has not got in touch:"
                " low-touch nurture only, never contact",
            )
        return OutreachAdvice.CONTACT, _reason(
            "lead.advice.contact", f"{temperature.value}: contact"
        )
    return OutreachAdvice.NURTURE, _reason(
        "lead.advice.nurture", f"{temperature.value}: low-touch nurture only, no personal outreach"
    )


def _check_many(name: str, values: Iterable[Any], cls: type[Any]) -> list[Any]:
    out = list(values)
    for index, value in enumerate(out):
        if not isinstance(value, cls):
            raise InvalidInputError(f"{name}[{index}]", value, f"a {cls.__name__}")
    return out
