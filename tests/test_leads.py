"""Lead temperature engine: worked examples from the lead rules, invariants, errors, documents."""

from __future__ import annotations

import itertools
import json
import math
import re
from datetime import datetime, timedelta, timezone

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing as cst
from custinteract.leads._engine import REASON_CODES

UTC = timezone.utc
T0 = datetime(2026, 1, 1, tzinfo=UTC)
K = ci.InteractionKind
D = ci.Direction
T = ci.LeadTemperature
A = ci.OutreachAdvice


def day(n: float) -> datetime:
    """The moment ``n`` days after 2026-01-01 UTC."""
    return T0 + timedelta(days=n)


def lead(**fields: object) -> ci.Customer:
    """A lead c-1 created on day 0."""
    base: dict[str, object] = {"id": "c-1", "created": T0}
    base.update(fields)
    return ci.Customer(**base)  # type: ignore[arg-type]


def event(
    n: int,
    at: float,
    kind: ci.InteractionKind = K.INQUIRY,
    direction: ci.Direction = D.INBOUND,
    sentiment: ci.Sentiment = ci.Sentiment.NEUTRAL,
    **fields: object,
) -> ci.Interaction:
    """Interaction i-n of c-1 on day ``at``."""
    return ci.Interaction(
        id=f"i-{n}",
        customer_id="c-1",
        timestamp=day(at),
        kind=kind,
        direction=direction,
        sentiment=sentiment,
        **fields,  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- worked examples


def test_purchased_list_without_consent_is_cold_and_never_contact() -> None:
    """A new purchased-list lead without consent is COLD and gets NURTURE, then HOLD once touched."""
    customer = lead(source=ci.LeadSource.PURCHASED_LIST, list_name="timeshare")
    fresh = ci.assess_lead(customer, [], as_of=day(1))
    assert (fresh.temperature, fresh.advice) == (T.COLD, A.NURTURE)
    assert "lead.source.purchased_list.no_consent" in fresh.codes
    assert fresh.list_name == "timeshare"
    touched = ci.assess_lead(customer, [event(1, 2, K.OUTREACH, D.OUTBOUND)], as_of=day(3))
    assert (touched.temperature, touched.advice) == (T.COLD, A.HOLD)
    assert touched.codes[-1] == "lead.advice.hold.fatigue"


def test_fit_points_never_warm_an_unconsented_list_lead_until_it_gets_in_touch() -> None:
    """A timeshare lead without consent that fits well stays COLD and NURTURE until it writes.

    The lead rules: such a lead "is COLD and gets NURTURE or HOLD, never CONTACT". A fit
    rule worth 20 used to make it WARM and CONTACT on fit alone.
    """
    policy = ci.LeadPolicy(
        fit_rules=(
            ci.FitRule(attribute="region", kind=ci.FitRuleKind.EQUALS, value="north", points=20),
        )
    )
    customer = lead(
        source=ci.LeadSource.PURCHASED_LIST, list_name="timeshare", attributes={"region": "north"}
    )
    fresh = ci.assess_lead(customer, [], as_of=day(1), policy=policy)
    assert (fresh.temperature, fresh.score, fresh.advice) == (T.COLD, 20.0, A.NURTURE)
    assert fresh.codes[0] == "lead.temperature.cold.unengaged"
    eager = attrs.evolve(policy, contact_from=T.COLD)
    assert ci.assess_lead(customer, [], as_of=day(1), policy=eager).codes[-1] == (
        "lead.advice.nurture.unengaged"
    )
    angry = [event(1, 2, K.COMPLAINT, sentiment=ci.Sentiment.NEGATIVE)]
    assert ci.assess_lead(customer, angry, as_of=day(3), policy=eager).advice is A.NURTURE
    wrote = ci.assess_lead(customer, [event(1, 2, K.INQUIRY)], as_of=day(2), policy=policy)
    assert (wrote.temperature, wrote.score, wrote.advice) == (T.WARM, 40.0, A.CONTACT)


def test_cold_outreach_leads_stay_cold_until_they_get_in_touch() -> None:
    """cold_until_engaged holds cold-outreach leads by default; other sources can be added."""
    generous = ci.LeadPolicy(source_points={ci.LeadSource.COLD_OUTREACH: 30})
    customer = lead(source=ci.LeadSource.COLD_OUTREACH, consent=True)
    held = ci.assess_lead(customer, [], as_of=day(1), policy=generous)
    assert (held.temperature, held.advice) == (T.COLD, A.NURTURE)
    freed = attrs.evolve(generous, cold_until_engaged=())
    assert ci.assess_lead(customer, [], as_of=day(1), policy=freed).temperature is T.WARM
    events_only = ci.LeadPolicy(cold_until_engaged=(ci.LeadSource.EVENT,))
    fair = lead(source=ci.LeadSource.EVENT, attributes={})
    boosted = attrs.evolve(events_only, source_points={ci.LeadSource.EVENT: 45})
    assert ci.assess_lead(fair, [], as_of=day(1), policy=boosted).temperature is T.COLD
    bought = ci.assess_lead(
        lead(source=ci.LeadSource.COLD_OUTREACH, became_customer=day(0)), [], as_of=day(1)
    )
    assert (bought.temperature, bought.advice) == (T.CURRENT, A.CONTACT)


fit_rules = st.builds(
    ci.FitRule,
    attribute=st.sampled_from(["region", "size"]),
    kind=st.just(ci.FitRuleKind.RANGE),
    low=st.none() | st.integers(-5, 5),
    high=st.just(100),
    points=st.floats(-100, 100, allow_nan=False),
)


@settings(max_examples=60)
@given(
    st.lists(fit_rules, max_size=4),
    st.sampled_from([ci.LeadSource.PURCHASED_LIST, ci.LeadSource.COLD_OUTREACH]),
    st.sampled_from(T),
    st.floats(0, 100, allow_nan=False),
    st.lists(
        st.tuples(
            st.integers(0, 200),
            st.sampled_from([k for k in K if k is not K.PURCHASE]),
            st.sampled_from(D),
        ),
        max_size=8,
    ),
    st.integers(0, 400),
)
def test_a_cold_source_lead_that_never_got_in_touch_is_never_contact(
    rules: list[ci.FitRule],
    source: ci.LeadSource,
    contact_from: ci.LeadTemperature,
    source_points: float,
    touches: list[tuple[int, ci.InteractionKind, ci.Direction]],
    at: int,
) -> None:
    """Whatever the fit rules, source points and outbound touches: COLD, never CONTACT.

    Inbound interactions in the history are negative (an angry reply is not
    getting in touch), so the lead never engaged of its own accord.
    """
    policy = ci.LeadPolicy(
        fit_rules=tuple(rules),
        contact_from=contact_from,
        source_points={source: source_points},
    )
    customer = lead(source=source, attributes={"region": "3", "size": "1"})
    history = [
        event(
            i,
            d,
            kind,
            direction,
            ci.Sentiment.NEGATIVE if direction is D.INBOUND else ci.Sentiment.POSITIVE,
        )
        for i, (d, kind, direction) in enumerate(touches)
    ]
    result = ci.assess_lead(customer, history, as_of=day(at), policy=policy)
    assert result.temperature is T.COLD
    assert result.advice in (A.NURTURE, A.HOLD)


@settings(max_examples=60)
@given(st.lists(st.integers(0, 200), max_size=8), st.integers(0, 400))
def test_unconsented_list_lead_touched_only_outbound_is_never_contact(
    days: list[int], at: int
) -> None:
    """However often we reach out, a silent unconsented list lead never gets CONTACT."""
    customer = lead(source=ci.LeadSource.PURCHASED_LIST)
    touches = [event(i, d, K.OUTREACH, D.OUTBOUND) for i, d in enumerate(days)]
    result = ci.assess_lead(customer, touches, as_of=day(at))
    assert result.temperature is T.COLD
    assert result.advice in (A.NURTURE, A.HOLD)


def test_purchased_list_with_consent_is_warm() -> None:
    """An opted-in purchased list starts WARM (“What You Need to Know About Customer Interaction”: 'at least warmed up')."""
    customer = lead(source=ci.LeadSource.PURCHASED_LIST, list_name="mortgage", consent=True)
    result = ci.assess_lead(customer, [], as_of=day(1))
    assert (result.temperature, result.score, result.advice) == (T.WARM, 20.0, A.CONTACT)
    assert "lead.source.purchased_list.consented" in result.codes


def test_inbound_quote_request_qualifies_directly() -> None:
    """An inbound quote request makes a lead QUALIFIED whatever its score."""
    result = ci.assess_lead(lead(), [event(1, 10, K.QUOTE_REQUEST)], as_of=day(70))
    assert result.score < ci.LeadPolicy().qualified_threshold
    assert result.temperature is T.QUALIFIED
    assert result.qualified_since == day(10)
    assert result.codes[0] == "lead.temperature.qualified.event"


def test_an_angry_quote_request_does_not_qualify() -> None:
    """A quote request (or budget inquiry) with negative sentiment is no buying signal.

    It used to give QUALIFIED and CONTACT with a score of 0.
    """
    angry = event(1, 0, K.QUOTE_REQUEST, sentiment=ci.Sentiment.NEGATIVE)
    result = ci.assess_lead(lead(), [angry], as_of=day(1))
    assert (result.temperature, result.score, result.advice) == (T.COLD, 0.0, A.NURTURE)
    assert result.qualified_since is None
    assert result.codes[:2] == ("lead.temperature.cold", "lead.qualified.negative")
    budget = event(2, 0, K.INQUIRY, sentiment=ci.Sentiment.NEGATIVE, metadata={"budget": "9k"})
    assert ci.assess_lead(lead(), [budget], as_of=day(1)).temperature is T.COLD
    calm = event(3, 5, K.DEMO_REQUEST)
    later = ci.assess_lead(lead(), [angry, calm], as_of=day(6))
    assert later.temperature is T.QUALIFIED
    assert later.qualified_since == day(5)
    assert "lead.qualified.negative" in later.codes


def test_inbound_inquiry_with_budget_qualifies_without_budget_does_not() -> None:
    """An inbound inquiry qualifies only when its metadata carries the policy's budget key."""
    plain = ci.assess_lead(lead(), [event(1, 0, K.INQUIRY)], as_of=day(0))
    assert (plain.temperature, plain.score) == (T.WARM, 20.0)
    with_budget = event(1, 0, K.INQUIRY, metadata={"budget": "25k"})
    assert ci.assess_lead(lead(), [with_budget], as_of=day(0)).temperature is T.QUALIFIED
    policy = ci.LeadPolicy(budget_key="spend")
    assert ci.assess_lead(lead(), [with_budget], as_of=day(0), policy=policy).temperature is T.WARM


def test_120_days_of_silence_cools_a_qualified_lead() -> None:
    """Qualification cools after qualified_window (90 days) without inbound engagement."""
    history = [event(1, 0, K.QUOTE_REQUEST)]
    assert ci.assess_lead(lead(), history, as_of=day(89)).temperature is T.QUALIFIED
    cooled = ci.assess_lead(lead(), history, as_of=day(120))
    assert cooled.temperature < T.QUALIFIED
    assert cooled.qualified_since is None
    assert "lead.qualified.cooled" in cooled.codes
    # 40 points, four half-lives later: 2.5 points exactly
    assert cooled.score == 2.5
    kept_warm = [*history, event(2, 80, K.SUPPORT)]
    assert ci.assess_lead(lead(), kept_warm, as_of=day(120)).temperature is T.QUALIFIED


def test_cooled_is_said_only_when_the_lead_ends_below_qualified() -> None:
    """A lead whose request cooled but whose score still qualifies is not said to have cooled."""
    policy = ci.LeadPolicy(
        fit_rules=(
            ci.FitRule(attribute="region", kind=ci.FitRuleKind.EQUALS, value="north", points=60),
        )
    )
    customer = lead(attributes={"region": "north"})
    result = ci.assess_lead(customer, [event(1, 0, K.QUOTE_REQUEST)], as_of=day(120), policy=policy)
    assert (result.temperature, result.score) == (T.QUALIFIED, 62.5)
    assert result.codes[0] == "lead.temperature.qualified.score"
    assert "lead.qualified.cooled" not in result.codes


def test_the_zone_a_history_came_in_never_matters() -> None:
    """Month windows move the calendar in as_of's zone, so equal moments give equal answers.

    A purchase on 30 January at 20:00 in New York is 31 January 01:00 UTC. One
    month later is 28 February 01:00 UTC read in as_of's zone (UTC), however the
    purchase was written.
    """
    policy = ci.LeadPolicy(current_window=relativedelta(months=1))
    new_york = timezone(timedelta(hours=-5))
    local = datetime(2026, 1, 30, 20, tzinfo=new_york)
    as_utc = local.astimezone(UTC)
    for as_of, expected in (
        (datetime(2026, 2, 28, 0, 59, tzinfo=UTC), T.CURRENT),
        (datetime(2026, 2, 28, 1, tzinfo=UTC), T.WARM),
    ):
        results = [
            ci.assess_lead(
                lead(),
                [attrs.evolve(event(1, 0, K.PURCHASE), timestamp=when)],
                as_of=as_of,
                policy=policy,
            )
            for when in (local, as_utc)
        ]
        assert [r.temperature for r in results] == [expected, expected]
        assert results[0] == results[1]


def test_purchase_makes_current_until_the_window_passes_or_churn() -> None:
    """A purchase makes a lead CURRENT for 12 months; churn after it ends that."""
    history = [
        event(1, 0, K.QUOTE_REQUEST),
        event(2, 5, K.PURCHASE, sentiment=ci.Sentiment.POSITIVE),
    ]
    now = ci.assess_lead(lead(), history, as_of=day(30))
    assert (now.temperature, now.advice, now.last_purchase) == (T.CURRENT, A.CONTACT, day(5))
    lapsed = ci.assess_lead(lead(), history, as_of=day(5) + relativedelta(months=12))
    assert lapsed.temperature < T.CURRENT
    assert "lead.current.lapsed" in lapsed.codes
    churned = ci.assess_lead(lead(became_customer=day(5), churned=day(20)), history, as_of=day(30))
    assert churned.temperature < T.CURRENT
    assert "lead.current.churned" in churned.codes
    host_record = ci.assess_lead(lead(became_customer=day(3)), [], as_of=day(30))
    assert host_record.temperature is T.CURRENT


def test_do_not_contact_customer_is_never_prioritised() -> None:
    """A do-not-contact customer gets DO_NOT_CONTACT and never appears in a ranking."""
    blocked = ci.assess_lead(
        lead(id="c-9", do_not_contact=True, became_customer=day(1)), [], as_of=day(2)
    )
    assert blocked.temperature is T.CURRENT
    assert blocked.advice is A.DO_NOT_CONTACT
    other = ci.assess_lead(lead(id="c-2"), [], as_of=day(2))
    assert [a.customer_id for a in ci.prioritize_leads([blocked, other])] == ["c-2"]
    with pytest.raises(ci.InvalidInputError, match="advice"):
        ci.prioritize_leads([blocked], advice={A.DO_NOT_CONTACT})


def test_consent_required_policy_blocks_unconsented_leads_not_customers() -> None:
    """With consent_required, an unconsented lead is DO_NOT_CONTACT; a current customer is not."""
    policy = ci.LeadPolicy(consent_required=True)
    result = ci.assess_lead(lead(source=ci.LeadSource.REFERRAL), [], as_of=day(1), policy=policy)
    assert result.advice is A.DO_NOT_CONTACT
    assert result.codes[-1] == "lead.advice.do_not_contact.consent"
    buyer = ci.assess_lead(lead(became_customer=day(0)), [], as_of=day(1), policy=policy)
    assert buyer.advice is A.CONTACT


def test_decay_is_an_exact_half_life() -> None:
    """An inquiry's 20 points are 10 after one half-life and 5 after two, exactly."""
    history = [event(1, 0, K.INQUIRY)]
    assert ci.assess_lead(lead(), history, as_of=day(30)).score == 10.0
    result = ci.assess_lead(lead(), history, as_of=day(60))
    (item,) = [i for i in result.items if i.component is ci.ScoreComponent.ENGAGEMENT]
    assert (item.points, item.base_points, item.age_days, item.half_life_days) == (
        5.0,
        20.0,
        60.0,
        30.0,
    )
    assert item.interaction_id == "i-1"


def test_inbound_inquiry_is_worth_far_more_than_an_unanswered_touch() -> None:
    """An unanswered outbound touch earns nothing; answered within 14 days it earns its points."""
    unanswered = ci.assess_lead(lead(), [event(1, 0, K.OUTREACH, D.OUTBOUND)], as_of=day(0))
    assert unanswered.score == 0.0
    assert "lead.engagement.unanswered" in unanswered.codes
    late = [event(1, 0, K.OUTREACH, D.OUTBOUND), event(2, 15, K.OTHER)]
    answered = [event(1, 0, K.OUTREACH, D.OUTBOUND), event(2, 14, K.OTHER)]
    late_items = ci.assess_lead(lead(), late, as_of=day(15)).items
    answered_items = ci.assess_lead(lead(), answered, as_of=day(14)).items
    assert [i.base_points for i in late_items[1:]] == [0.0, 5.0]
    assert [i.base_points for i in answered_items[1:]] == [5.0, 5.0]
    inquiry = ci.assess_lead(lead(), [event(1, 0)], as_of=day(0))
    assert inquiry.score >= 4 * max(i.base_points for i in answered_items)


def test_fatigue_caps_are_stricter_for_cold_leads() -> None:
    """Cold: one unanswered touch per 30 days puts the lead on HOLD; warm allows two."""
    touches = [event(1, 0, K.OUTREACH, D.OUTBOUND)]
    cold = ci.assess_lead(lead(), touches, as_of=day(10))
    warm = ci.assess_lead(lead(source=ci.LeadSource.REFERRAL), touches, as_of=day(10))
    assert (cold.advice, warm.advice) == (A.HOLD, A.CONTACT)
    assert ci.assess_lead(lead(), touches, as_of=day(31)).advice is A.NURTURE
    two = [*touches, event(2, 5, K.OUTREACH, D.OUTBOUND)]
    warm2 = ci.assess_lead(lead(source=ci.LeadSource.REFERRAL), two, as_of=day(10))
    assert warm2.advice is A.HOLD
    assert warm2.recent_unanswered == 2


def test_stop_after_several_unanswered_touches_until_they_get_in_touch() -> None:
    """Three touches in a row without an answer stop outreach to a warm lead until they reply."""
    touches = [event(i, 40 * i, K.OUTREACH, D.OUTBOUND) for i in range(1, 4)]
    warm = lead(source=ci.LeadSource.REFERRAL)
    stopped = ci.assess_lead(warm, touches, as_of=day(200))
    assert (stopped.advice, stopped.unanswered_streak) == (A.HOLD, 3)
    assert stopped.codes[-1] == "lead.advice.hold.unanswered"
    replied = ci.assess_lead(warm, [*touches, event(9, 190, K.OTHER)], as_of=day(200))
    assert replied.advice is A.CONTACT


def test_engagement_rules_cannot_be_negative() -> None:
    """A negative rule would decay towards 0 and raise the score with time: it is refused.

    An inbound feedback rule of -20 used to give 5, 15 and 22.5 points at days 0,
    30 and 90 for a referral; what subtracts is negative sentiment.
    """
    with pytest.raises(ci.InvalidInputError) as info:
        ci.EngagementRule(kind=K.FEEDBACK, direction=D.INBOUND, points=-20)
    assert info.value.field == "points"
    with pytest.raises(ci.InvalidInputError, match="points"):
        ci.from_dict(
            ci.LeadPolicy,
            {"engagement_rules": [{"kind": "feedback", "direction": "inbound", "points": -20}]},
        )


def test_negative_interaction_subtracts_and_does_not_fade() -> None:
    """A negative interaction subtracts negative_points (15) and does not decay."""
    history = [event(1, 0, K.COMPLAINT, sentiment=ci.Sentiment.NEGATIVE)]
    customer = lead(source=ci.LeadSource.REFERRAL)
    for at in (0, 30, 400):
        result = ci.assess_lead(customer, history, as_of=day(at))
        assert result.score == 10.0
        assert "lead.engagement.negative" in result.codes


def test_fit_rules_equals_one_of_and_range() -> None:
    """Declarative fit rules add their points when the attributes match."""
    policy = ci.LeadPolicy(
        fit_rules=(
            ci.FitRule(attribute="region", kind=ci.FitRuleKind.EQUALS, value="north", points=10),
            ci.FitRule(
                attribute="industry",
                kind=ci.FitRuleKind.ONE_OF,
                values=("retail", "hotel"),
                points=7,
            ),
            ci.FitRule(attribute="staff", kind=ci.FitRuleKind.RANGE, low=10, high=50, points=5),
            ci.FitRule(attribute="staff", kind=ci.FitRuleKind.RANGE, high=2, points=-5),
        )
    )
    customer = lead(attributes={"region": "north", "industry": "hotel", "staff": "50"})
    result = ci.assess_lead(customer, [], as_of=day(0), policy=policy)
    assert result.points_of(ci.ScoreComponent.FIT) == 22.0
    assert result.codes.count("lead.fit.matched") == 3
    small = lead(attributes={"staff": "1.5"})
    assert ci.assess_lead(small, [], as_of=day(0), policy=policy).raw_score == -5.0
    assert ci.assess_lead(small, [], as_of=day(0), policy=policy).score == 0.0
    assert not policy.fit_rules[2].matches({"staff": "many"})
    assert not policy.fit_rules[2].matches({"staff": "nan"})


def test_score_is_clamped_to_100_and_says_so() -> None:
    """Many requests add up past 100; the score is clamped and the explanation says so."""
    history = [event(i, 0, K.DEMO_REQUEST) for i in range(4)]
    result = ci.assess_lead(lead(), history, as_of=day(0))
    assert (result.score, result.raw_score) == (100.0, 160.0)
    assert "lead.score.clamped" in result.codes


def test_history_rules_future_duplicates_and_strangers() -> None:
    """Future interactions are ignored, identical repeats counted once, conflicts refused."""
    first = event(1, 0)
    result = ci.assess_lead(lead(), [first, first, event(2, 50)], as_of=day(10))
    assert len([i for i in result.items if i.interaction_id]) == 1
    assert {"lead.history.future_ignored", "lead.history.duplicate_ignored"} <= set(result.codes)
    with pytest.raises(ci.DuplicateInteractionError, match=r"interactions\[1\]\.id"):
        ci.assess_lead(lead(), [first, event(1, 3)], as_of=day(10))
    stranger = attrs.evolve(first, customer_id="c-2")
    with pytest.raises(ci.InvalidInputError, match="customer_id"):
        ci.assess_lead(lead(), [stranger], as_of=day(10))


# --------------------------------------------------------------------------- bad input


def _at(n: float, customer_id: str) -> ci.LeadAssessment:
    """A fresh lead's assessment on day ``n``."""
    return ci.assess_lead(lead(id=customer_id), [], as_of=day(n))


def test_funnel_of_counts_entered_pairs_itself() -> None:
    """funnel_of counts the pairs that start after the period start as entered."""
    pairs = [(_at(0, "c-1"), _at(10, "c-1")), (_at(4, "c-2"), _at(10, "c-2"))]
    funnel = ci.funnel_of(pairs, start=day(0), end=day(10))
    assert (funnel.entered, funnel.total) == (1, 2)
    assert ci.funnel_of(pairs, start=day(0), end=day(10)).entered == 1


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ci.LeadPolicy(warm_threshold=-1), "warm_threshold"),
        (lambda: ci.LeadPolicy(warm_threshold=70), "qualified_threshold"),
        (lambda: ci.LeadPolicy(current_window=relativedelta(days=-3)), "current_window"),
        (lambda: ci.LeadPolicy(negative_points=5), "negative_points"),
        (lambda: ci.LeadPolicy(max_touches={T.COLD: 1}), "max_touches"),
        (lambda: ci.LeadPolicy(source_points={"referral": 3}), "source_points key"),
        (lambda: ci.LeadPolicy(unanswered_factor=1.5), "unanswered_factor"),
        (
            lambda: ci.LeadPolicy(
                engagement_rules=(
                    ci.EngagementRule(kind=K.INQUIRY, direction=D.INBOUND, points=1),
                    ci.EngagementRule(kind=K.INQUIRY, direction=D.INBOUND, points=2),
                )
            ),
            "engagement_rules[1]",
        ),
        (
            lambda: ci.EngagementRule(
                kind=K.INQUIRY, direction=D.INBOUND, points=1, half_life_days=0
            ),
            "half_life_days",
        ),
        (lambda: ci.FitRule(attribute="a", kind=ci.FitRuleKind.ONE_OF, points=1), "values"),
        (lambda: ci.FitRule(attribute="a", kind=ci.FitRuleKind.RANGE, points=1), "low"),
        (
            lambda: ci.FitRule(attribute="a", kind=ci.FitRuleKind.RANGE, low=5, high=1, points=1),
            "high",
        ),
        (
            lambda: ci.FitRule(
                attribute="a", kind=ci.FitRuleKind.EQUALS, value="x", low=1, points=1
            ),
            "low",
        ),
        (lambda: ci.assess_lead(lead(), [], as_of=datetime(2026, 1, 1)), "as_of"),
        (lambda: ci.assess_lead("c-1", [], as_of=T0), "customer"),  # type: ignore[arg-type]
        (lambda: ci.assess_lead(lead(), ["i-1"], as_of=T0), "interactions[0]"),  # type: ignore[list-item]
        (lambda: ci.assess_lead(lead(), [], as_of=T0, policy={}), "policy"),  # type: ignore[arg-type]
        (lambda: ci.prioritize_leads([], limit=-1), "limit"),
        (lambda: ci.call_sheets([], capacity={}), "capacity"),
        (lambda: ci.call_sheets([], capacity={"ann": 2}, days=0), "days"),
        (lambda: ci.ConversionPolicy(floor=0.5), "floor"),
        (lambda: ci.lead_funnel([], [], start=day(5), end=day(1)), "end"),
        (lambda: ci.ConversionPolicy(floor=0.0001), "floor"),
        (lambda: ci.funnel_of([], start=day(5), end=day(1)), "end"),
        (lambda: ci.funnel_of([], start=datetime(2026, 1, 1), end=day(1)), "start"),
        (lambda: ci.funnel_of(["pair"], start=day(0), end=day(1)), "pairs[0]"),  # type: ignore[list-item]
        (lambda: ci.funnel_of([_at(1, "c-1")], start=day(0), end=day(1)), "pairs[0]"),  # type: ignore[list-item]
        (
            lambda: ci.funnel_of([(_at(-1, "c-1"), _at(1, "c-1"))], start=day(0), end=day(1)),
            "pairs[0][0].as_of",
        ),
        (
            lambda: ci.funnel_of([(_at(0, "c-1"), _at(2, "c-1"))], start=day(0), end=day(1)),
            "pairs[0][1].as_of",
        ),
        (
            lambda: ci.funnel_of([(_at(0, "c-1"), _at(1, "c-2"))], start=day(0), end=day(1)),
            "pairs[0][1].customer_id",
        ),
        (
            lambda: ci.funnel_of([(_at(0, "c-1"), _at(1, "c-1"))] * 2, start=day(0), end=day(1)),
            "pairs[1][0].customer_id",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(build: object, field: str) -> None:
    """Each kind of bad input raises InvalidInputError naming the field."""
    with pytest.raises(ci.InvalidInputError) as info:
        build()  # type: ignore[operator]
    assert info.value.field == field


def test_ranking_refuses_mixed_dates_and_repeated_customers() -> None:
    """Assessments of one customer twice, or at different moments, cannot be ranked together."""
    a = ci.assess_lead(lead(), [], as_of=day(1))
    with pytest.raises(ci.InvalidInputError, match="one assessment per customer"):
        ci.prioritize_leads([a, a])
    b = ci.assess_lead(lead(id="c-2"), [], as_of=day(2))
    with pytest.raises(ci.InvalidInputError, match="same as_of"):
        ci.prioritize_leads([a, b])


# --------------------------------------------------------------------------- properties

AS_OF = datetime(2031, 2, 1, tzinfo=UTC)
histories = cst.customer_histories("c-1", max_size=12)
the_customer = cst.customers().map(lambda c: attrs.evolve(c, id="c-1"))


engagement_rules = st.lists(
    st.builds(
        ci.EngagementRule,
        kind=st.sampled_from(K),
        direction=st.sampled_from(D),
        points=st.floats(0, 100, allow_nan=False),
        half_life_days=st.floats(0.5, 400, allow_nan=False),
    ),
    unique_by=lambda rule: (rule.kind, rule.direction),
    max_size=8,
)
policies = st.builds(
    ci.LeadPolicy,
    engagement_rules=engagement_rules,
    negative_points=st.floats(-100, 0, allow_nan=False),
    unanswered_factor=st.floats(0, 1, allow_nan=False),
    fit_rules=st.lists(
        st.builds(
            ci.FitRule,
            attribute=st.just("size"),
            kind=st.just(ci.FitRuleKind.RANGE),
            low=st.just(0),
            points=st.floats(-100, 100, allow_nan=False),
        ),
        max_size=2,
    ),
    answer_window=cst.windows(),
)


@settings(max_examples=80)
@given(the_customer, histories, policies, st.integers(0, 2000), st.integers(0, 2000))
def test_score_never_rises_with_time_alone(
    customer: ci.Customer,
    history: list[ci.Interaction],
    policy: ci.LeadPolicy,
    first: int,
    extra: int,
) -> None:
    """With no new events, the score at a later as_of is never higher, whatever the policy.

    Policies are random: rule points, half-lives, negative points, negative fit
    rules and answer windows; histories hold negative interactions.
    """
    customer = attrs.evolve(customer, attributes={"size": "3"})
    early = AS_OF + timedelta(hours=first)
    later = early + timedelta(hours=extra)
    assert (
        ci.assess_lead(customer, history, as_of=later, policy=policy).score
        <= ci.assess_lead(customer, history, as_of=early, policy=policy).score
    )


@settings(max_examples=80)
@given(
    the_customer,
    histories,
    st.sampled_from(ci.InteractionKind),
    cst.aware_datetimes(max_value=datetime(2030, 12, 31)),
)
def test_a_positive_inbound_interaction_never_lowers_the_score(
    customer: ci.Customer, history: list[ci.Interaction], kind: ci.InteractionKind, at: datetime
) -> None:
    """Adding a positive inbound interaction never lowers the score."""
    extra = ci.Interaction(
        id="new-1",
        customer_id="c-1",
        timestamp=at,
        kind=kind,
        direction=D.INBOUND,
        sentiment=ci.Sentiment.POSITIVE,
    )
    before = ci.assess_lead(customer, history, as_of=AS_OF)
    after = ci.assess_lead(customer, [*history, extra], as_of=AS_OF)
    assert after.score >= before.score


@settings(max_examples=60)
@given(the_customer, histories, st.randoms(use_true_random=False), cst.aware_datetimes())
def test_the_order_of_the_interactions_does_not_matter(
    customer: ci.Customer, history: list[ci.Interaction], rnd: object, as_of: datetime
) -> None:
    """The assessment is the same whatever the order of the interactions passed in."""
    shuffled = list(history)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert ci.assess_lead(customer, shuffled, as_of=as_of) == ci.assess_lead(
        customer, history, as_of=as_of
    )


@settings(max_examples=60)
@given(the_customer, histories, cst.aware_datetimes())
def test_every_code_emitted_is_documented_and_the_score_is_its_items(
    customer: ci.Customer, history: list[ci.Interaction], as_of: datetime
) -> None:
    """Every emitted code is in REASON_CODES; the score is the clamped exact sum of its items."""
    result = ci.assess_lead(customer, history, as_of=as_of)
    assert set(result.codes) <= set(REASON_CODES)
    assert result.score == min(100.0, max(0.0, math.fsum(i.points for i in result.items)))
    if customer.do_not_contact:
        assert result.advice is A.DO_NOT_CONTACT


assessments = st.lists(
    st.builds(
        ci.LeadAssessment,
        customer_id=cst.identifiers("c-"),
        as_of=st.just(T0),
        temperature=st.sampled_from(T),
        score=st.sampled_from([0.0, 10.0, 35.5, 60.0, 100.0]),
        advice=st.sampled_from(A),
        source=st.sampled_from(ci.LeadSource),
    ),
    unique_by=lambda a: a.customer_id,
    max_size=20,
)


@settings(max_examples=80)
@given(assessments, st.randoms(use_true_random=False), st.sets(st.sampled_from(list(A)[:3])))
def test_ranking_is_a_total_deterministic_order(
    leads: list[ci.LeadAssessment], rnd: object, wanted: set[ci.OutreachAdvice]
) -> None:
    """Any input order gives the same ranking, strictly ordered; CONTACT, NURTURE, HOLD; hotter first.

    By default HOLD is left out; DO_NOT_CONTACT is never ranked.
    """
    ranked = ci.prioritize_leads(leads)
    shuffled = list(leads)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert ci.prioritize_leads(shuffled) == ranked
    keys = [ci.rank_key(a) for a in ranked]
    assert all(a < b for a, b in itertools.pairwise(keys))
    assert len(ranked) == sum(a.advice in (A.CONTACT, A.NURTURE) for a in leads)
    order = [(list(A).index(a.advice), -a.temperature.rank, -a.score) for a in ranked]
    assert order == sorted(order)
    assert ci.prioritize_leads(leads, limit=3) == ranked[:3]
    chosen = ci.prioritize_leads(shuffled, advice=wanted)
    assert chosen == tuple(sorted((a for a in leads if a.advice in wanted), key=ci.rank_key))


def test_a_fatigued_customer_waits_behind_a_lead_to_contact() -> None:
    """A CURRENT customer on HOLD (5 unanswered touches) is not on the call list.

    It used to rank above a QUALIFIED lead marked CONTACT. Asked for, held
    leads come after everyone who may be contacted now; NURTURE comes after
    CONTACT whatever the temperature.
    """
    touches = [event(i, 10 + i, K.OUTREACH, D.OUTBOUND) for i in range(1, 6)]
    tired = ci.assess_lead(lead(id="c-1", became_customer=day(0)), touches, as_of=day(20))
    assert (tired.temperature, tired.advice) == (T.CURRENT, A.HOLD)
    quote = ci.Interaction(
        id="q-1",
        customer_id="c-2",
        timestamp=day(19),
        kind=K.QUOTE_REQUEST,
        sentiment=ci.Sentiment.NEUTRAL,
    )
    keen = ci.assess_lead(lead(id="c-2"), [quote], as_of=day(20))
    assert (keen.temperature, keen.advice) == (T.QUALIFIED, A.CONTACT)
    cold = ci.assess_lead(lead(id="c-3"), [], as_of=day(20))
    assert cold.advice is A.NURTURE
    assert [a.customer_id for a in ci.prioritize_leads([tired, keen, cold])] == ["c-2", "c-3"]
    everyone = {A.CONTACT, A.NURTURE, A.HOLD}
    ranked = ci.prioritize_leads([tired, keen, cold], advice=everyone)
    assert [a.customer_id for a in ranked] == ["c-2", "c-3", "c-1"]
    lukewarm = attrs.evolve(keen, customer_id="c-4", advice=A.NURTURE, temperature=T.CURRENT)
    assert ci.prioritize_leads([lukewarm, cold, keen])[0] is keen
    assert ci.call_sheets([tired, keen, cold], capacity={"ann": 5}).sheets[0].customer_ids == (
        "c-2",
    )


@settings(max_examples=40)
@given(
    assessments,
    st.dictionaries(cst.identifiers("s-"), st.integers(0, 4), min_size=1, max_size=3),
    st.integers(1, 3),
)
def test_call_sheets_deal_every_contact_lead_once_within_capacity(
    leads: list[ci.LeadAssessment], capacity: dict[str, int], days: int
) -> None:
    """Call sheets hold each CONTACT lead at most once, in ranking order, within capacity."""
    plan = ci.call_sheets(leads, capacity=capacity, days=days)
    dealt = [cid for sheet in plan.sheets for cid in sheet.customer_ids]
    ranked = [a.customer_id for a in ci.prioritize_leads(leads, advice={A.CONTACT})]
    assert sorted(dealt + list(plan.unassigned)) == sorted(ranked)
    assert all(len(s.customer_ids) <= capacity[s.staff_id] for s in plan.sheets)
    for d in range(days):
        today = [cid for s in plan.sheets if s.day == d for cid in s.customer_ids]
        assert sorted(today, key=ranked.index) == [r for r in ranked if r in today]


def test_call_sheets_split_by_day() -> None:
    """Two callers with 1 and 2 calls a day take three leads a day, round-robin."""
    leads = [
        ci.assess_lead(lead(id=f"c-{i}", source=ci.LeadSource.REFERRAL), [], as_of=T0)
        for i in range(8)
    ]
    plan = ci.call_sheets(leads, capacity={"bob": 1, "ann": 2}, days=2)
    assert [(s.day, s.staff_id, s.customer_ids) for s in plan.sheets] == [
        (0, "ann", ("c-0", "c-2")),
        (0, "bob", ("c-1",)),
        (1, "ann", ("c-3", "c-5")),
        (1, "bob", ("c-4",)),
    ]
    assert plan.unassigned == ("c-6", "c-7")
    assert plan.sheet(1, "bob") == plan.sheets[3]
    assert plan.sheet(5, "bob") is None
    assert [r.code for r in plan.explanation] == [
        "lead.callsheet.assigned",
        "lead.callsheet.unassigned",
    ]


# --------------------------------------------------------------------------- a whole base


def test_assess_leads_is_assess_lead_per_customer() -> None:
    """assess_leads gives each customer's assess_lead, in id order; strangers are refused."""
    base = [lead(id="c-2", source=ci.LeadSource.REFERRAL), lead(id="c-1")]
    talks = [event(1, 3, K.QUOTE_REQUEST)]
    got = ci.assess_leads(base, talks, as_of=day(10))
    assert got == (
        ci.assess_lead(base[1], talks, as_of=day(10)),
        ci.assess_lead(base[0], [], as_of=day(10)),
    )
    with pytest.raises(ci.InvalidInputError) as info:
        ci.assess_leads(base[:1], talks, as_of=day(10))
    assert info.value.field == "interactions[0].customer_id"
    with pytest.raises(ci.InvalidInputError, match="distinct"):
        ci.assess_leads([base[0], base[0]], [], as_of=day(10))


# --------------------------------------------------------------------------- funnel


def test_funnel_counts_and_conversions_over_a_period() -> None:
    """The funnel counts temperatures at start and end and who moved; new customers enter."""
    base = [
        lead(id="c-1"),
        lead(id="c-2", source=ci.LeadSource.REFERRAL),
        lead(id="c-3", created=day(40)),
        lead(id="c-4", created=day(400)),
    ]
    history = [
        ci.Interaction(
            id="i-1",
            customer_id="c-1",
            timestamp=day(50),
            kind=K.QUOTE_REQUEST,
            sentiment=ci.Sentiment.NEUTRAL,
        ),
        ci.Interaction(
            id="i-2",
            customer_id="c-2",
            timestamp=day(60),
            kind=K.PURCHASE,
            sentiment=ci.Sentiment.POSITIVE,
        ),
    ]
    funnel = ci.lead_funnel(base, history, start=day(30), end=day(90))
    assert funnel.total == 3
    assert funnel.entered == 1
    assert funnel.count(T.COLD, T.QUALIFIED) == 1
    assert funnel.count(T.WARM, T.CURRENT) == 1
    assert funnel.count(T.COLD, T.COLD) == 1
    assert funnel.at_start(T.COLD) == 2
    assert funnel.at_end(T.CURRENT) == 1
    assert funnel.conversion(T.COLD, T.WARM) == 0.5
    assert funnel.conversion(T.WARM, T.CURRENT) == 1.0
    assert funnel.conversion(T.QUALIFIED, T.CURRENT) is None
    assert [r.code for r in funnel.explanation] == ["lead.funnel.period", "lead.funnel.entered"]
    assert len(funnel.steps) == 16
    with pytest.raises(ci.InvalidInputError, match="customer_id"):
        ci.lead_funnel(base[:1], history, start=day(30), end=day(90))


# --------------------------------------------------------------------------- conversion


def _won_lost(i: int, attributes: dict[str, str], won: bool) -> ci.Customer:
    return ci.Customer(
        id=f"c-{i}",
        created=datetime(2025, 1, 1, tzinfo=UTC),
        attributes=attributes,
        became_customer=datetime(2025, 2, 1, tzinfo=UTC) if won else None,
    )


def test_learned_probability_matches_a_hand_computation() -> None:
    """The learned probability equals naive Bayes with add-one smoothing computed by hand.

    Table (won/lost): region north 3/1, south 1/3; channel web 2/2, fair 2/2;
    plan gold 1/0 (support 1 < 2, ignored). Prior (4+1)/(4+1) = 1.
    north: P(n|won) = (3+1)/(4+2) = 2/3, P(n|lost) = (1+1)/(4+2) = 1/3 -> ratio 2.
    web: (2+1)/6 / ((2+1)/6) = 1. Odds 1 * 2 * 1 = 2 -> probability 2/3.
    """
    rows = [
        ({"region": "north", "channel": "web", "plan": "gold"}, True),
        ({"region": "north", "channel": "web"}, True),
        ({"region": "north", "channel": "fair"}, True),
        ({"region": "south", "channel": "fair"}, True),
        ({"region": "north", "channel": "web"}, False),
        ({"region": "south", "channel": "web"}, False),
        ({"region": "south", "channel": "fair"}, False),
        ({"region": "south", "channel": "fair"}, False),
    ]
    base = [_won_lost(i, a, w) for i, (a, w) in enumerate(rows)]
    base.append(ci.Customer(id="open", created=datetime(2025, 12, 1, tzinfo=UTC)))
    policy = ci.ConversionPolicy(min_support=2)
    model = ci.learn_conversion(base, as_of=datetime(2026, 1, 1, tzinfo=UTC), policy=policy)
    assert (model.won, model.lost, model.prior) == (4, 4, 0.5)
    new = ci.Customer(
        id="new",
        created=T0,
        attributes={"region": "north", "channel": "web", "plan": "gold", "size": "xl"},
    )
    estimate = model.predict(new)
    assert estimate.probability == pytest.approx(2 / 3, rel=1e-12)
    factors = {f.attribute: f for f in estimate.factors}
    assert factors["region"].ratio == pytest.approx(2.0, rel=1e-12)
    assert factors["channel"].ratio == pytest.approx(1.0, rel=1e-12)
    assert not factors["plan"].counted
    assert "size" not in factors  # never learned: not an attribute of the model
    codes = [r.code for r in estimate.explanation]
    assert codes == [
        "lead.conversion.prior",
        "lead.conversion.attribute",
        "lead.conversion.low_support",
        "lead.conversion.attribute",
    ]
    unseen = model.predict(attrs.evolve(new, attributes={"region": "east"}))
    assert unseen.probability == 0.5
    assert [r.code for r in unseen.explanation][-1] == "lead.conversion.unseen"


@settings(max_examples=40)
@given(st.integers(0, 300), st.integers(0, 300), st.integers(1, 6))
def test_probability_never_shows_as_exactly_0_or_100(won: int, lost: int, attributes: int) -> None:
    """Even with one-sided history, the probability stays within [1%, 99%]."""
    keys = {f"a{k}": "x" for k in range(attributes)}
    base = [_won_lost(i, keys, True) for i in range(won)]
    base += [_won_lost(won + i, keys, False) for i in range(lost)]
    model = ci.learn_conversion(base, as_of=T0, policy=ci.ConversionPolicy(smoothing=0.01))
    p = model.predict(lead(attributes=keys)).probability
    assert 0.01 <= p <= 0.99
    assert f"{p:.0%}" not in ("0%", "100%")
    assert 0.01 <= model.prior <= 0.99


_ZERO_OR_HUNDRED = re.compile(r"(?<![\d.])(0(\.0+)?|100(\.0+)?) ?%")


@settings(max_examples=60)
@given(
    st.integers(0, 3000),
    st.integers(0, 3000),
    st.floats(0.0005, 0.4999, allow_nan=False),
    st.floats(0.001, 5, allow_nan=False),
)
def test_no_probability_or_base_rate_ever_reads_as_0_or_100_percent(
    won: int, lost: int, floor: float, smoothing: float
) -> None:
    """Whatever the counts and the floor, no message says 0 % or 100 %, no value prints 0 or 1.

    2500 won and 0 lost leads used to give "base rate 100.0%", and a floor of
    0.001 "kept within [0%, 100%]".
    """
    policy = ci.ConversionPolicy(floor=floor, smoothing=smoothing, min_support=1)
    model = ci.ConversionModel(
        as_of=T0,
        won=won,
        lost=lost,
        counts=(ci.AttributeCount(attribute="a", value="x", won=won, lost=lost),),
        policy=policy,
    )
    estimate = model.predict(lead(attributes={"a": "x"}))
    for value in (estimate.probability, estimate.prior, model.prior):
        assert floor <= value <= 1 - floor
        assert f"{value:.4g}" not in ("0", "1")
    for reason in estimate.explanation:
        assert not _ZERO_OR_HUNDRED.search(reason.message), reason.message
    assert not _ZERO_OR_HUNDRED.search(str(estimate))


def test_a_one_sided_history_gives_a_kept_base_rate() -> None:
    """2500 won and no lost leads: the base rate reads 99.0 %, and says it was kept."""
    model = ci.ConversionModel(as_of=T0, won=2500, lost=0)
    estimate = model.predict(lead())
    assert (model.prior, estimate.prior, estimate.probability) == (0.99, 0.99, 0.99)
    assert [str(r) for r in estimate.explanation] == [
        "base rate 99.0% from 2500 won and 0 lost leads [lead.conversion.prior]",
        "base rate kept within [1.0%, 99.0%] [lead.conversion.clamped]",
    ]
    fine = ci.ConversionModel(as_of=T0, won=2500, lost=0, policy=ci.ConversionPolicy(floor=0.0005))
    assert fine.predict(lead()).explanation[0].message.startswith("base rate 99.95%")


# --------------------------------------------------------------------------- documents


def _configured_policy() -> ci.LeadPolicy:
    return ci.LeadPolicy(
        warm_threshold=25,
        current_window=relativedelta(months=18),
        fit_rules=(
            ci.FitRule(attribute="region", kind=ci.FitRuleKind.EQUALS, value="north", points=10),
            ci.FitRule(attribute="staff", kind=ci.FitRuleKind.RANGE, low=10, points=5),
        ),
        consent_required=True,
    )


def _documents() -> list[object]:
    customer = lead(source=ci.LeadSource.PURCHASED_LIST, list_name="mortgage", consent=True)
    history = [
        event(1, 0, K.QUOTE_REQUEST),
        event(2, 3, K.OUTREACH, D.OUTBOUND),
        event(3, 4, K.COMPLAINT, sentiment=ci.Sentiment.NEGATIVE),
    ]
    assessment = ci.assess_lead(customer, history, as_of=day(20), policy=_configured_policy())
    funnel = ci.lead_funnel([customer], history, start=T0, end=day(30))
    model = ci.learn_conversion(
        [_won_lost(i, {"region": "north"}, i % 2 == 0) for i in range(6)], as_of=T0
    )
    return [
        _configured_policy(),
        ci.LeadPolicy(),
        assessment,
        ci.call_sheets([assessment], capacity={"ann": 1}),
        funnel,
        model,
        model.predict(lead(attributes={"region": "north"})),
        ci.ConversionPolicy(attributes=("region",)),
    ]


@pytest.mark.parametrize("value", _documents(), ids=lambda x: type(x).__name__)
def test_round_trip_through_json_and_schema(value: object) -> None:
    """Policies and results survive to_dict -> JSON -> from_dict, and match their JSON Schema."""
    document = json.loads(json.dumps(ci.to_dict(value)))
    assert ci.from_dict(type(value), document) == value
    jsonschema.Draft202012Validator(ci.json_schema(type(value))).validate(document)


def test_a_configured_policy_reads_from_a_plain_dict() -> None:
    """A non-programmer's configuration (a dict) gives the policy; bad text is refused."""
    config = {
        "warm_threshold": 25,
        "current_window": "P18M",
        "fit_rules": [
            {"attribute": "region", "kind": "equals", "value": "north", "points": 10},
            {"attribute": "staff", "kind": "range", "low": 10, "points": 5},
        ],
        "consent_required": True,
    }
    assert ci.from_dict(ci.LeadPolicy, config) == _configured_policy()
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.LeadPolicy, {"max_touches": {"cold": 1, "tepid": 2}})
    assert "max_touches" in info.value.field


def test_policies_and_results_are_hashable_values() -> None:
    """Policies (with their tables) and assessments hash by value, so they can key a cache."""
    assert hash(ci.LeadPolicy()) == hash(ci.LeadPolicy())
    assert {_configured_policy(): 1}[_configured_policy()] == 1
    customer = lead(source=ci.LeadSource.REFERRAL)
    first = ci.assess_lead(customer, [event(1, 0)], as_of=day(1))
    assert hash(first) == hash(ci.assess_lead(customer, [event(1, 0)], as_of=day(1)))


def test_results_read_in_a_terminal_and_a_notebook() -> None:
    """Results print as a table with their reasons, and render as HTML."""
    result = ci.assess_lead(lead(source=ci.LeadSource.REFERRAL), [event(1, 0)], as_of=day(1))
    text = str(result)
    assert text.startswith("LeadAssessment")
    assert "[lead.advice.contact]" in text
    assert "<table>" in result._repr_html_()
    assert str(ci.call_sheets([result], capacity={"a": 1})).startswith("CallPlan")


def test_temperatures_are_ordered_and_serialise_as_text() -> None:
    """COLD < WARM < QUALIFIED < CURRENT; values are text; comparison with others is refused."""
    assert sorted([T.CURRENT, T.COLD, T.QUALIFIED, T.WARM]) == [
        T.COLD,
        T.WARM,
        T.QUALIFIED,
        T.CURRENT,
    ]
    assert [t.value for t in T] == ["cold", "warm", "qualified", "current"]
    assert T.WARM >= T.WARM
    assert T.QUALIFIED > T.WARM
    assert T.COLD <= T.WARM
    with pytest.raises(TypeError):
        _ = T.COLD < 1


def test_reason_codes_are_stable() -> None:
    """The set of lead reason codes is pinned: changing it is a documented, breaking change."""
    assert set(REASON_CODES) == {
        "lead.temperature.current",
        "lead.temperature.qualified.event",
        "lead.temperature.qualified.score",
        "lead.temperature.warm",
        "lead.temperature.cold",
        "lead.temperature.cold.unengaged",
        "lead.current.lapsed",
        "lead.current.churned",
        "lead.qualified.cooled",
        "lead.qualified.negative",
        "lead.source.points",
        "lead.source.purchased_list.consented",
        "lead.source.purchased_list.no_consent",
        "lead.fit.matched",
        "lead.engagement.points",
        "lead.engagement.negative",
        "lead.engagement.unanswered",
        "lead.score.clamped",
        "lead.history.future_ignored",
        "lead.history.duplicate_ignored",
        "lead.advice.contact",
        "lead.advice.nurture",
        "lead.advice.nurture.unengaged",
        "lead.advice.hold.fatigue",
        "lead.advice.hold.unanswered",
        "lead.advice.do_not_contact.flag",
        "lead.advice.do_not_contact.consent",
        "lead.callsheet.assigned",
        "lead.callsheet.unassigned",
        "lead.funnel.period",
        "lead.funnel.entered",
        "lead.conversion.prior",
        "lead.conversion.attribute",
        "lead.conversion.low_support",
        "lead.conversion.unseen",
        "lead.conversion.clamped",
        "lead.conversion.learned",
    }
    assert ci.LEAD_REASON_CODES is REASON_CODES
    for code in REASON_CODES:
        ci.Reason(code=code, message="valid code")


def test_every_fit_rule_kind_has_an_entry_in_the_rules_table() -> None:
    """Each FitRuleKind has its meaning in FIT_KINDS; a table missing a member is refused."""
    from custinteract.leads._rules import FIT_KINDS, complete_table

    assert set(FIT_KINDS) == set(ci.FitRuleKind)
    with pytest.raises(TypeError, match="no entry for FitRuleKind"):
        complete_table(ci.FitRuleKind, {ci.FitRuleKind.EQUALS: 1}, "a table")
    for kind in ci.FitRuleKind:
        assert FIT_KINDS[kind].uses  # each kind reads at least one of value/values/low/high


def test_the_explanation_builder_orders_every_reason() -> None:
    """explanation_codes puts temperature, score and advice reasons in the documented order."""
    from custinteract.leads._rules import SCORE_FLAGS, Story, explanation_codes

    story = Story(
        temperature=5,
        life=2,
        cooled=True,
        refused=True,
        source=2,
        fits=2,
        flags=(True,) * len(SCORE_FLAGS),
        advice=6,
    )
    assert explanation_codes(story) == (
        "lead.current.lapsed",
        "lead.temperature.cold",
        "lead.qualified.cooled",
        "lead.qualified.negative",
        "lead.source.purchased_list.no_consent",
        "lead.fit.matched",
        "lead.fit.matched",
        *SCORE_FLAGS,
        "lead.advice.nurture",
    )
    assert all(code in REASON_CODES for code in explanation_codes(story))


def test_every_case_has_its_wording() -> None:
    """Every code the cases can give has a message in WORDING, and every message a known code."""
    from custinteract.leads._explain import WORDING
    from custinteract.leads._rules import (
        ADVICE_CASES,
        FIT_MATCHED,
        LIFE_CASES,
        SCORE_FLAGS,
        SOURCE_CASES,
        TEMPERATURE_CASES,
    )

    codes = {code for code, _ in (*TEMPERATURE_CASES, *ADVICE_CASES)}
    codes |= {c for life in LIFE_CASES for c in life} | {c.code for c in SOURCE_CASES}
    codes |= set(SCORE_FLAGS) | {"lead.qualified.cooled", "lead.qualified.negative"}
    assert codes <= set(WORDING)
    assert set(WORDING) | {FIT_MATCHED} <= set(REASON_CODES)


def test_current_from_activity_follows_the_customers_own_rhythm() -> None:
    """A monthly buyer silent for five months is no longer CURRENT by rhythm; the window still says so."""
    utc = timezone.utc
    start = datetime(2025, 1, 1, tzinfo=utc)
    who = ci.Customer(id="c-1", created=start, became_customer=start)
    buys = [
        ci.Interaction(
            id=f"b{n}",
            customer_id="c-1",
            timestamp=start + timedelta(days=30 * n),
            sentiment=ci.Sentiment.POSITIVE,
            kind=ci.InteractionKind.PURCHASE,
        )
        for n in range(6)
    ]
    as_of = start + timedelta(days=150 + 150)
    fixed = ci.assess_lead(who, buys, as_of=as_of)
    assert fixed.temperature is ci.LeadTemperature.CURRENT
    policy = ci.LeadPolicy(current_activity=ci.ActivityPolicy())
    by_rhythm = ci.assess_lead(who, buys, as_of=as_of, policy=policy)
    assert by_rhythm.temperature is not ci.LeadTemperature.CURRENT
    assert "lead.current.lapsed" in by_rhythm.codes
    assert ci.assess_activity(buys, as_of=as_of).status is ci.ActivityStatus.LAPSED
    # still within their rhythm (lapsing at most): CURRENT
    soon = ci.assess_lead(who, buys, as_of=start + timedelta(days=150 + 70), policy=policy)
    assert soon.temperature is ci.LeadTemperature.CURRENT
    # nothing that counts as coming back: the fixed window decides
    quiet = ci.assess_lead(who, [], as_of=start + timedelta(days=30), policy=policy)
    assert quiet.temperature is ci.LeadTemperature.CURRENT
    # the batch form agrees, and the policy round-trips
    assert ci.assess_leads([who], buys, as_of=as_of, policy=policy) == (by_rhythm,)
    assert ci.from_dict(ci.LeadPolicy, ci.to_dict(policy)) == policy


def test_call_sheets_message_names_the_days_that_dealt() -> None:
    """The summary counts the days that dealt leads, however many days were allowed."""
    day = datetime(2026, 1, 1, tzinfo=timezone.utc)
    leads = [
        ci.LeadAssessment(
            customer_id=f"c-{i}",
            as_of=day,
            temperature=ci.LeadTemperature.WARM,
            score=50 - i,
            advice=ci.OutreachAdvice.CONTACT,
            source=ci.LeadSource.OTHER,
        )
        for i in range(5)
    ]
    plan = ci.call_sheets(leads, capacity={"ann": 2}, days=10**400)
    assert plan.explanation[0].message == "5 leads dealt to 1 staff over 3 days"
    assert ci.call_sheets([], capacity={"ann": 2}).explanation[0].message == (
        "0 leads dealt to 1 staff over 0 days"
    )
