"""The seeded sample base: pure, deterministic, consistent, and varied enough for every engine."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

K = ci.InteractionKind


@pytest.fixture(scope="module")
def base() -> ci.Dataset:
    """The default sample base, the one the demo shows."""
    return sample_dataset()


@settings(max_examples=25, deadline=None)
@given(
    customers=st.integers(1, 40),
    staff=st.integers(2, 6),
    seed=st.integers(-(2**40), 2**40),
    days=st.integers(1, 400),
)
def test_any_base_is_deterministic_and_consistent(
    customers: int, staff: int, seed: int, days: int
) -> None:
    """Same arguments, same base; ratings agree with sentiment; nothing outside the history."""
    data = sample_dataset(customers=customers, staff=staff, seed=seed, days=days)
    assert sample_dataset(customers=customers, staff=staff, seed=seed, days=days) == data
    start = SAMPLE_AS_OF - timedelta(days=days)
    assert len(data.customers) == customers
    assert len(data.staff) == staff
    ids = {c.id for c in data.customers}
    customer_of = {c.id: c for c in data.customers}
    for interaction in data.interactions:
        assert interaction.customer_id in ids
        assert start <= interaction.timestamp <= SAMPLE_AS_OF
        if interaction.rating is not None:
            assert interaction.rating.sentiment is interaction.sentiment
        if interaction.rating is not None and interaction.rating.scale is ci.RatingScale.NPS:
            # Survey answers come from customers, while they are customers.
            customer = customer_of[interaction.customer_id]
            assert interaction.kind is K.FEEDBACK
            assert customer.became_customer is not None
            assert customer.became_customer <= interaction.timestamp
            assert customer.churned is None or interaction.timestamp < customer.churned
    raised = {e.id: e for e in data.staff_events if e.kind is ci.StaffEventKind.CONCERN_RAISED}
    for event in data.staff_events:
        assert start <= event.timestamp <= SAMPLE_AS_OF
        if event.kind is ci.StaffEventKind.CONCERN_RESOLVED:
            assert event.resolves is not None
            concern = raised[event.resolves]
            assert concern.staff_id == event.staff_id
            assert concern.timestamp < event.timestamp


def test_the_default_base_uses_every_channel_for_routine_contacts(base: ci.Dataset) -> None:
    """Social media carries routine contacts too, not only complaints, and they are rated 1-5."""
    routine = [i for i in base.interactions if i.kind in (K.SUPPORT, K.INQUIRY, K.PURCHASE)]
    channels = Counter(i.channel for i in routine)
    for channel in (ci.Channel.PHONE, ci.Channel.EMAIL, ci.Channel.CHAT, ci.Channel.IN_PERSON):
        assert channels[channel] > 0
    social = [i for i in routine if i.channel is ci.Channel.SOCIAL]
    assert len(social) >= 50
    values = {i.rating.value for i in social if i.rating and i.rating.scale is ci.RatingScale.CSAT}
    assert {4, 5} <= values


def test_the_default_base_has_every_survey_scale(base: ci.Dataset) -> None:
    """CSAT after contacts, CES after support, NPS from a survey: each with a spread of answers."""
    by_scale: dict[ci.RatingScale, Counter[int]] = {s: Counter() for s in ci.RatingScale}
    for interaction in base.interactions:
        if interaction.rating is not None:
            by_scale[interaction.rating.scale][interaction.rating.value] += 1
    assert sum(by_scale[ci.RatingScale.NPS].values()) >= 50
    assert sum(by_scale[ci.RatingScale.CES].values()) >= 50
    nps = by_scale[ci.RatingScale.NPS]
    assert sum(nps[v] for v in (9, 10)) > 0  # promoters
    assert sum(nps[v] for v in range(7)) > 0  # detractors
    ces_kinds = {
        i.kind for i in base.interactions if i.rating and i.rating.scale is ci.RatingScale.CES
    }
    assert ces_kinds == {K.SUPPORT}


def test_the_default_staff_differ(base: ci.Dataset) -> None:
    """Care, workload and management vary: morale spans the bands and negative shares differ."""
    morale = ci.assess_team_morale(
        base.staff, base.interactions, as_of=SAMPLE_AS_OF, events=base.staff_events
    )
    assert len({m.band for m in morale.members}) == 3
    support = {m.id for m in base.staff if m.team == "support"}
    handled: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    for interaction in base.interactions:  # over the whole year: care shows through the noise
        if interaction.staff_id in support:
            handled[interaction.staff_id] += 1
            negatives[interaction.staff_id] += interaction.sentiment is ci.Sentiment.NEGATIVE
    shares = [negatives[s] / handled[s] for s in support]
    assert max(shares) - min(shares) > 0.1
    assert max(handled.values()) >= 2 * min(handled.values())


def test_the_default_call_list_is_not_a_tie(base: ci.Dataset) -> None:
    """Customers differ in how often they are in touch, so the top scores spread out."""
    by_customer = base.interactions_by_customer()
    leads = [
        ci.assess_lead(c, by_customer.get(c.id, ()), as_of=SAMPLE_AS_OF) for c in base.customers
    ]
    top = ci.prioritize_leads(leads, limit=10, advice={ci.OutreachAdvice.CONTACT})
    assert len({lead.score for lead in top}) >= 8
    assert max(lead.score for lead in top) - min(lead.score for lead in top) >= 10


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customers", 0),
        ("staff", 1),
        ("days", 0),
        ("customers", True),
        ("seed", 1.5),
        ("as_of", datetime(2026, 1, 1)),  # naive on purpose
    ],
)
def test_bad_arguments_are_refused(field: str, value: object) -> None:
    """Each argument is checked and the error names it."""
    with pytest.raises(ci.InvalidInputError, match=field):
        sample_dataset(**{field: value})  # type: ignore[arg-type]


def test_another_as_of_moves_the_whole_history() -> None:
    """The history ends at the as_of given."""
    as_of = datetime(2024, 2, 29, 12, tzinfo=timezone.utc)
    data = sample_dataset(customers=20, as_of=as_of, days=60)
    assert max(i.timestamp for i in data.interactions) <= as_of
    assert min(i.timestamp for i in data.interactions) >= as_of - timedelta(days=60)
