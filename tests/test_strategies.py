"""custinteract.testing: drawn datasets and policies are ones every engine answers; drawn values round-trip."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing

START = datetime(2020, 1, 1, tzinfo=timezone.utc)
END = datetime(2032, 1, 1, tzinfo=timezone.utc)


def _real_offset(moment: datetime) -> bool:
    offset = moment.utcoffset()
    assert offset is not None
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}" in testing.REAL_WORLD_OFFSETS


@settings(max_examples=30)
@given(
    testing.datasets(),
    testing.as_of_moments(),
    testing.recovery_policies(),
    testing.lead_policies(),
    testing.morale_policies(),
    testing.satisfaction_policies(),
    testing.word_of_mouth_policies(),
    testing.activity_policies(),
)
def test_every_engine_answers_drawn_datasets_and_policies(
    data: ci.Dataset,
    as_of: datetime,
    recovery: ci.RecoveryPolicy,
    leads: ci.LeadPolicy,
    morale: ci.MoralePolicy,
    satisfaction: ci.SatisfactionPolicy,
    word_of_mouth: ci.WordOfMouthPolicy,
    activity: ci.ActivityPolicy,
) -> None:
    """Each engine gives an answer (no refusal) on a default dataset, with a drawn policy."""
    contacts = data.interactions
    assessed = ci.assess_recoveries(
        contacts, as_of=as_of, policy=recovery, customers=data.customers
    )
    ci.summarize_recoveries(assessed)
    ci.learn_playbook(contacts, as_of=as_of, policy=recovery, customers=data.customers)
    leads_found = ci.assess_leads(data.customers, contacts, as_of=as_of, policy=leads)
    assert len(leads_found) == len(data.customers)
    ci.prioritize_leads(leads_found)
    ci.lead_funnel(data.customers, contacts, start=START, end=END, policy=leads)
    team = ci.assess_team_morale(
        data.staff, contacts, as_of=as_of, events=data.staff_events, policy=morale
    )
    assert team is not None
    ci.employee_nps(data.staff_events)
    ci.measure_satisfaction(contacts, policy=satisfaction)
    ci.satisfaction_by(contacts, by="channel", customers=data.customers, policy=satisfaction)
    ci.satisfaction_trend(contacts, policy=satisfaction)
    ci.estimate_word_of_mouth(contacts, policy=word_of_mouth)
    ci.word_of_mouth_sources(contacts, policy=word_of_mouth)
    ci.simulate_word_of_mouth(contacts, policy=word_of_mouth, runs=20)
    ci.assess_activities(contacts, as_of=as_of, policy=activity)
    ci.learn_conversion(data.customers, as_of=as_of)


@settings(max_examples=15)
@given(testing.datasets(), testing.as_of_moments())
def test_the_demo_report_answers_drawn_datasets(data: ci.Dataset, as_of: datetime) -> None:
    """The demo report, which runs every engine together, accepts every drawn dataset."""
    report = ci.build_demo_report(data, as_of=as_of)
    assert ci.render_demo_report(report)


@settings(max_examples=15)
@given(
    testing.feedback_loop_policies(),
    st.lists(testing.scenarios(), min_size=1, max_size=2, unique_by=lambda s: s.name),
    testing.bass_models(),
)
def test_the_simulations_answer_drawn_policies(
    loop: ci.FeedbackLoopPolicy, scenarios: list[ci.Scenario], bass: ci.BassModel
) -> None:
    """Feedback-loop scenarios and the Bass model simulate with drawn policies."""
    ci.compare_scenarios(scenarios, periods=12, policy=loop)
    ci.simulate_bass(model=bass, periods=5, steps_per_period=10)


@settings(max_examples=40)
@given(testing.datasets())
def test_default_datasets_are_realistic(data: ci.Dataset) -> None:
    """Real-world offsets, ratings agreeing with sentiment, printable names, people held."""
    held = {c.id for c in data.customers}
    staff = {s.id for s in data.staff}
    for contact in data.interactions:
        assert _real_offset(contact.timestamp)
        assert contact.customer_id in held
        assert contact.staff_id is None or contact.staff_id in staff
        if contact.rating is not None:
            assert contact.rating.sentiment is contact.sentiment
        assert all(
            key.isprintable() and value.isprintable() for key, value in contact.metadata.items()
        )
    for customer in data.customers:
        assert _real_offset(customer.created)
        assert customer.name is None or customer.name.isprintable()
    assert all(event.staff_id in staff for event in data.staff_events)


@settings(max_examples=40)
@given(testing.datasets(realistic=False, strangers=True))
def test_hostile_datasets_are_still_valid(data: ci.Dataset) -> None:
    """The hostile variant still round-trips: the models accept what it draws."""
    assert ci.from_dict(ci.Dataset, ci.to_dict(data)) == data


STRATEGIES: dict[str, Any] = {
    "ActivityPolicy": testing.activity_policies(),
    "BgNbdModel": testing.bgnbd_models(),
    "RecoveryPolicy": testing.recovery_policies(),
    "FitRule": testing.fit_rules(),
    "EngagementRule": testing.engagement_rules(),
    "LeadPolicy": testing.lead_policies(),
    "ConversionPolicy": testing.conversion_policies(),
    "MoralePolicy": testing.morale_policies(),
    "FeedbackLoopPolicy": testing.feedback_loop_policies(),
    "Intervention": testing.interventions(),
    "Scenario": testing.scenarios(),
    "SatisfactionPolicy": testing.satisfaction_policies(),
    "WordOfMouthPolicy": testing.word_of_mouth_policies(),
    "BassModel": testing.bass_models(),
    "RecoveryAssessment": testing.recovery_assessments(),
    "LeadAssessment": testing.lead_assessments(),
    "MoraleAssessment": testing.morale_assessments(),
    "ActivityAssessment": testing.activity_assessments(),
    "SatisfactionReport": testing.satisfaction_reports(),
    "WordOfMouthEstimate": testing.word_of_mouth_estimates(),
    "LoopTrajectory": testing.loop_trajectories(),
}


def test_every_public_policy_has_a_strategy() -> None:
    """A policy class added to the library needs its strategy here (and in custinteract.testing)."""
    policies = {name for name in ci.__all__ if name.endswith("Policy")}
    assert policies <= set(STRATEGIES)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_drawn_values_round_trip(name: str) -> None:
    """Every drawn policy and result survives to_dict/from_dict, through JSON-compatible dicts."""
    cls = getattr(ci, name)

    @settings(max_examples=8)
    @given(STRATEGIES[name])
    def check(value: Any) -> None:
        assert isinstance(value, cls)
        assert ci.from_dict(cls, ci.to_dict(value)) == value

    check()
