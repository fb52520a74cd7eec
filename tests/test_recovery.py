"""Recovery engine: worked examples for every rule, then invariants and documents."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import attrs
import jsonschema
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import GestureKind, InteractionKind, RecoveryStatus, Sentiment

POS, NEU, NEG = Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def event(
    n: int,
    sentiment: Sentiment,
    days: float,
    *,
    customer: str = "c-1",
    kind: InteractionKind = InteractionKind.OTHER,
    gesture: GestureKind | None = None,
    answers: str | None = None,
    category: str | None = None,
) -> ci.Interaction:
    return ci.Interaction(
        id=f"i-{n:04d}",
        customer_id=customer,
        timestamp=at(days),
        sentiment=sentiment,
        kind=kind,
        category=category,
        gesture=None if gesture is None else ci.RecoveryGesture(kind=gesture, answers=answers),
    )


def story(*sentiments: Sentiment) -> list[ci.Interaction]:
    """One interaction a day, in the order given."""
    return [event(n, s, n) for n, s in enumerate(sentiments)]


def assess(history: list[ci.Interaction], days: float, **kwargs: object) -> ci.RecoveryAssessment:
    return ci.assess_recovery(history, as_of=at(days), **kwargs)  # type: ignore[arg-type]


def codes(result: ci.RecoveryAssessment) -> list[str]:
    return [reason.code for reason in result.explanation]


# ------------------------------------------------------------------ the rules, worked


def test_twenty_positives_then_one_negative_is_at_risk_with_six_needed() -> None:
    """No banked goodwill: 20 positives, then a negative, leaves 6 positives owed."""
    result = assess(story(*[POS] * 20, NEG), 21)
    assert result.status is RecoveryStatus.AT_RISK
    assert result.positives_needed == 6
    assert result.open_negatives == 1
    assert result.explanation[0].message == (
        "20 earlier positives do not count toward recovery (no banked goodwill)"
    )


def test_negative_then_five_positives_is_recovering_with_one_needed() -> None:
    """Each positive after a negative pays one of the six."""
    result = assess(story(NEG, *[POS] * 5), 6)
    assert (result.status, result.positives_needed) == (RecoveryStatus.RECOVERING, 1)
    assert result.positives_since_last_negative == 5


def test_negative_then_six_positives_is_healthy() -> None:
    """Six positives make up for one negative (“What You Need to Know About Customer Interaction”)."""
    result = assess(story(NEG, *[POS] * 6), 7)
    assert (result.status, result.positives_needed, result.times_recovered) == (
        RecoveryStatus.HEALTHY,
        0,
        1,
    )


def test_neutral_pays_nothing() -> None:
    """Neutral interactions neither add nor pay."""
    result = assess(story(NEG, NEU, NEU, POS), 4)
    assert result.positives_needed == 5


def test_two_negatives_add_up_to_twelve() -> None:
    """Several negatives with no positives between them add up."""
    result = assess(story(NEG, NEG), 2)
    assert (result.positives_needed, result.open_negatives) == (12, 2)
    assert codes(result).count("recovery.negative") == 2


def test_payments_settle_the_oldest_negative_first() -> None:
    """Two negatives then seven positives: one negative left open, five owed."""
    result = assess(story(NEG, NEG, *[POS] * 7), 9)
    assert (result.positives_needed, result.open_negatives) == (5, 1)


def test_negative_then_91_days_of_silence_is_lost() -> None:
    """Silence for loss_after_silence with a debt open loses the customer."""
    result = assess(story(NEG), 91)
    assert result.status is RecoveryStatus.LOST
    assert result.lost_reason is ci.LossReason.SILENCE
    assert result.lost_at == at(90)
    assert result.positives_needed == 6
    assert "recovery.lost.silence" in codes(result)


def test_89_days_of_silence_is_not_yet_lost() -> None:
    """Silence shorter than the window leaves the customer at risk."""
    assert assess(story(NEG), 89).status is RecoveryStatus.AT_RISK


def test_silence_without_debt_loses_nobody() -> None:
    """A quiet customer who owes nothing stays healthy."""
    assert assess(story(POS), 400).status is RecoveryStatus.HEALTHY


def test_silence_is_measured_from_the_latest_interaction() -> None:
    """Any contact restarts the silence clock."""
    history = [event(0, NEG, 0), event(1, NEU, 60)]
    assert assess(history, 140).status is RecoveryStatus.AT_RISK
    assert assess(history, 150).status is RecoveryStatus.LOST


def test_comeback_after_lost_keeps_the_debt() -> None:
    """A lost customer who comes back continues with the debt still owed."""
    history = [event(0, NEG, 0), event(1, POS, 120)]
    result = assess(history, 121)
    assert result.status is RecoveryStatus.RECOVERING
    assert result.positives_needed == 5
    assert result.came_back_at == at(120)
    assert result.lost_at == at(90)
    assert codes(result)[-3:] == [
        "recovery.comeback",
        "recovery.positives_since",
        "recovery.status.recovering",
    ]


def test_a_negative_does_not_bring_a_lost_customer_back() -> None:
    """A complaint from a lost customer adds to the debt and they stay lost."""
    history = [event(0, NEG, 0), event(1, NEG, 120)]
    result = assess(history, 121)
    assert (result.status, result.positives_needed) == (RecoveryStatus.LOST, 12)


def test_cancellation_is_lost_even_without_debt() -> None:
    """An explicit cancellation interaction loses the customer."""
    history = [event(0, POS, 0), event(1, NEU, 1, kind=InteractionKind.CANCELLATION)]
    result = assess(history, 2)
    assert (result.status, result.lost_reason) == (RecoveryStatus.LOST, ci.LossReason.CANCELLATION)
    assert result.lost_at == at(1)


def test_churned_timestamp_makes_the_customer_lost() -> None:
    """The host's churned timestamp makes the customer LOST from then on."""
    customer = ci.Customer(id="c-1", created=at(-10), became_customer=at(-10), churned=at(3))
    history = story(POS, POS)
    assert assess(history, 2, customer=customer).status is RecoveryStatus.HEALTHY
    result = assess(history, 5, customer=customer)
    assert (result.status, result.lost_reason, result.lost_at) == (
        RecoveryStatus.LOST,
        ci.LossReason.CHURNED,
        at(3),
    )


def test_negative_memory_forgets_old_negatives() -> None:
    """With negative_memory, a negative older than the window stops counting."""
    policy = ci.RecoveryPolicy(negative_memory=relativedelta(days=30), loss_after_silence=None)
    history = [event(0, NEG, 0), event(1, NEG, 20)]
    assert assess(history, 25, policy=policy).positives_needed == 12
    result = assess(history, 35, policy=policy)
    assert (result.positives_needed, result.open_negatives) == (6, 1)
    assert "recovery.negative_forgotten" in codes(result)
    assert assess(history, 60, policy=policy).status is RecoveryStatus.HEALTHY


def test_negative_memory_can_save_a_customer_from_silence() -> None:
    """A debt forgotten before the silence ends is no longer open: not lost."""
    policy = ci.RecoveryPolicy(negative_memory=relativedelta(days=30))
    assert assess(story(NEG), 200, policy=policy).status is RecoveryStatus.HEALTHY


def test_gestures_pay_nothing_by_default() -> None:
    """By default a gesture pays nothing by itself; the customer's sentiment counts."""
    history = [event(0, NEG, 0), event(1, NEU, 1, gesture=GestureKind.DISCOUNT_CODE)]
    result = assess(history, 2)
    assert result.positives_needed == 6
    assert result.explanation[0].message == (
        "2026-03-04 negative: 6 positives needed; answered with discount code"
    )


def test_gesture_credit_pays_its_configured_amount() -> None:
    """gesture_credit makes a refund worth two positives."""
    policy = ci.RecoveryPolicy(gesture_credit={GestureKind.REFUND: 2})
    history = [event(0, NEG, 0), event(1, POS, 1, gesture=GestureKind.REFUND)]
    assert assess(history, 2, policy=policy).positives_needed == 3


def test_gesture_on_the_negative_itself_at_most_cancels_it() -> None:
    """A huge credit on the complaint itself cancels that negative, and banks nothing."""
    policy = ci.RecoveryPolicy(gesture_credit={GestureKind.REFUND: 50})
    history = [
        event(0, NEG, 0, gesture=GestureKind.REFUND),
        event(1, NEG, 1),
    ]
    result = assess(history, 2, policy=policy)
    assert result.positives_needed == 6


def test_fractional_credit_rounds_positives_needed_up() -> None:
    """Half a positive still owed means one more positive is needed."""
    policy = ci.RecoveryPolicy(gesture_credit={GestureKind.APOLOGY: 0.5})
    history = [event(0, NEG, 0), event(1, NEU, 1, gesture=GestureKind.APOLOGY)]
    assert assess(history, 2, policy=policy).positives_needed == 6
    history += [event(n, POS, n) for n in range(2, 7)]
    result = assess(history, 8, policy=policy)
    assert (result.positives_needed, result.status) == (1, RecoveryStatus.RECOVERING)


@pytest.mark.parametrize(("ratio", "needed"), [(4, 3), (5, 4), (6, 5), (12, 11)])
def test_published_ratios_are_one_field(ratio: int, needed: int) -> None:
    """4:1, 5:1, 6:1 and 12:1 are all positives_per_negative."""
    policy = ci.RecoveryPolicy(positives_per_negative=ratio)
    assert assess(story(NEG, POS), 2, policy=policy).positives_needed == needed


def test_only_interactions_up_to_as_of_count() -> None:
    """Interactions after as_of are ignored."""
    history = story(NEG, POS, POS)
    result = assess(history, 1.5)
    assert (result.positives_needed, result.interactions_counted) == (5, 2)


def test_batch_sorts_by_timestamp_then_id() -> None:
    """The batch takes interactions in (timestamp, id) order whatever order they come in."""
    history = story(NEG, *[POS] * 5)
    assert assess(list(reversed(history)), 6) == assess(history, 6)
    same_time = [event(1, POS, 0), event(0, NEG, 0)]  # i-0000 (negative) first
    assert assess(same_time, 1).positives_needed == 5


def test_identical_replay_is_ignored_and_a_reused_id_is_an_error() -> None:
    """A repeated identical interaction counts once; a different one under its id is refused."""
    history = story(NEG, POS)
    assert assess([*history, history[1]], 2) == assess(history, 2)
    assert assess([*history, attrs.evolve(history[0])], 2) == assess(history, 2)
    base = ci.assess_recoveries([*history, *history], as_of=at(2))
    assert base == ci.assess_recoveries(history, as_of=at(2))
    clash = attrs.evolve(history[1], sentiment=NEG)
    with pytest.raises(ci.DuplicateInteractionError, match="i-0001"):
        assess([*history, clash], 2)


def test_explanation_reads_like_the_issue() -> None:
    """The explanation is in time order and readable by a support agent."""
    history = [
        event(0, POS, -3),
        event(1, POS, -2),
        event(2, POS, -1),
        ci.Interaction(
            id="i-0003",
            customer_id="c-1",
            timestamp=T0,
            sentiment=NEG,
            kind=InteractionKind.COMPLAINT,
            channel=ci.Channel.PHONE,
        ),
    ]
    result = assess(history, 1)
    assert [str(reason) for reason in result.explanation] == [
        "3 earlier positives do not count toward recovery (no banked goodwill)"
        " [recovery.goodwill_not_banked]",
        "2026-03-04 negative (complaint, phone): 6 positives needed [recovery.negative]",
        "at risk: 6 positives needed, none since the last negative [recovery.status.at_risk]",
    ]
    assert "positives_needed" in str(result)
    assert "<table>" in result._repr_html_()


def test_many_open_negatives_are_summarised() -> None:
    """Beyond five open negatives the earlier ones are counted, not listed."""
    result = assess(story(*[NEG] * 8), 8)
    assert codes(result)[:2] == ["recovery.negatives_earlier", "recovery.negative"]
    assert codes(result).count("recovery.negative") == 5
    assert result.explanation[0].message == "3 earlier negatives also still open"
    assert result.open_negatives == 8


def test_a_negative_partly_paid_says_what_is_left_for_it() -> None:
    """Two negatives, seven positives: the first is paid off, the second has 5 of 6 left."""
    result = assess(story(NEG, NEG, *[POS] * 7), 9)
    assert [reason.message for reason in result.explanation] == [
        "2026-03-05 negative: 5 of 6 positives still needed",
        "7 positives since the last negative count toward recovery",
        "recovering: 5 positives still needed",
    ]


def test_recovered_before_is_counted() -> None:
    """times_recovered counts debts paid back to zero."""
    result = assess(story(NEG, *[POS] * 6, NEG, *[POS] * 6, NEG), 20)
    assert result.times_recovered == 2
    assert codes(result)[0] == "recovery.recovered_before"


def test_owed_since_is_when_the_open_debt_began() -> None:
    """owed_since is the first negative since the customer last owed nothing."""
    result = assess(story(NEG, POS, NEG), 3)
    assert result.owed_since == at(0)
    assert result.last_negative_at == at(2)


def test_negatives_cancelled_in_part_by_a_gesture_stay_open() -> None:
    """Two complaints each refunded for 5 of 6: two negatives open, one positive owed for each."""
    policy = ci.RecoveryPolicy(gesture_credit={GestureKind.REFUND: 5})
    history = [
        event(0, NEG, 0, gesture=GestureKind.REFUND),
        event(1, NEG, 1, gesture=GestureKind.REFUND),
    ]
    result = assess(history, 2, policy=policy)
    assert (result.open_negatives, result.positives_needed) == (2, 2)
    assert [reason.message for reason in result.explanation] == [
        "2026-03-04 negative: 1 positive needed; answered with refund",
        "2026-03-05 negative: 1 positive needed; answered with refund",
        "at risk: 2 positives needed, none since the last negative",
    ]
    history.append(event(2, POS, 2))
    result = assess(history, 3, policy=policy)
    assert (result.open_negatives, result.positives_needed) == (1, 1)
    assert result.explanation[0].message == (
        "2026-03-05 negative: 1 positive needed; answered with refund"
    )


def test_forgetting_removes_what_is_left_of_the_oldest_negative() -> None:
    """Memory with credit: a forgotten negative takes its own amount away, nothing more."""
    policy = ci.RecoveryPolicy(
        negative_memory=relativedelta(days=30),
        loss_after_silence=None,
        gesture_credit={GestureKind.REFUND: 5},
    )
    history = [event(0, NEG, 0), event(1, NEG, 10, gesture=GestureKind.REFUND)]
    assert assess(history, 25, policy=policy).positives_needed == 7
    result = assess(history, 35, policy=policy)
    assert (result.positives_needed, result.open_negatives) == (1, 1)
    assert result.explanation[0].message == "1 negative older than 30 days no longer counts"
    assert assess(history, 45, policy=policy).status is RecoveryStatus.HEALTHY


def test_forgetting_a_partly_paid_negative_removes_only_what_is_left() -> None:
    """N, 2 positives (4 left), N: forgetting the first removes its 4, the second still owes 6."""
    policy = ci.RecoveryPolicy(negative_memory=relativedelta(days=30), loss_after_silence=None)
    history = [event(0, NEG, 0), event(1, POS, 1), event(2, POS, 2), event(3, NEG, 10)]
    assert assess(history, 20, policy=policy).positives_needed == 10
    result = assess(history, 35, policy=policy)
    assert (result.positives_needed, result.open_negatives) == (6, 1)
    assert result.status is RecoveryStatus.AT_RISK


def test_silence_ends_before_a_negative_is_forgotten() -> None:
    """A negative still open when the silence runs out loses the customer, even if forgotten later."""
    policy = ci.RecoveryPolicy(negative_memory=relativedelta(days=100))
    result = assess(story(NEG), 150, policy=policy)
    assert (result.status, result.lost_reason, result.lost_at) == (
        RecoveryStatus.LOST,
        ci.LossReason.SILENCE,
        at(90),
    )
    assert result.positives_needed == 0
    assert result.explanation[-1].message == "lost; nothing owed if they come back"


def test_a_complaint_is_contact_it_ends_a_silence() -> None:
    """Silence means no interaction at all: a complaint at day 80 restarts the clock."""
    assert assess(story(NEG), 100).status is RecoveryStatus.LOST
    result = assess([event(0, NEG, 0), event(1, NEG, 80)], 100)
    assert (result.status, result.positives_needed) == (RecoveryStatus.AT_RISK, 12)
    assert assess([event(0, NEG, 0), event(1, NEG, 80)], 170).status is RecoveryStatus.LOST


def test_explanation_words_for_a_support_agent() -> None:
    """Windows in words, no 'other' details, singular and plural, nothing owed when lost."""
    lost = assess(story(NEG), 91).explanation
    assert (
        lost[1].message == "2026-06-02 lost: no interaction for 90 days while positives were owed"
    )
    monthly = ci.RecoveryPolicy(loss_after_silence=relativedelta(months=3))
    assert (
        "no interaction for 3 months"
        in assess(story(NEG), 100, policy=monthly).explanation[1].message
    )
    result = assess(story(POS, NEG, *[POS] * 6, NEG, *[POS] * 6, NEG), 20)
    assert [reason.message for reason in result.explanation[:2]] == [
        "1 earlier positive does not count toward recovery (no banked goodwill)",
        "recovered from negatives twice before",
    ]
    assert assess(story(NEG, *[POS] * 6, NEG), 9).explanation[0].message == (
        "recovered from negatives once before"
    )
    detailed = ci.Interaction(
        id="i-0001",
        customer_id="c-1",
        timestamp=T0,
        sentiment=NEG,
        kind=InteractionKind.QUOTE_REQUEST,
        channel=ci.Channel.IN_PERSON,
    )
    assert assess([detailed], 1).explanation[0].message == (
        "2026-03-04 negative (quote request, in person): 6 positives needed"
    )
    cancelled = assess([event(0, NEU, 0, kind=InteractionKind.CANCELLATION)], 1)
    assert [reason.message for reason in cancelled.explanation] == [
        "2026-03-04 lost: the customer cancelled",
        "lost; nothing owed if they come back",
    ]


def test_positives_after_a_comeback_come_after_the_loss_in_the_explanation() -> None:
    """The positives paying the debt are dated at the latest one, so after a loss and comeback."""
    history = [event(0, NEG, 0), event(1, POS, 10), event(2, POS, 120), event(3, POS, 121)]
    result = assess(history, 122)
    assert codes(result) == [
        "recovery.negative",
        "recovery.lost.silence",
        "recovery.comeback",
        "recovery.positives_since",
        "recovery.status.recovering",
    ]
    assert result.explanation[3].message == (
        "3 positives since the last negative count toward recovery"
    )


# ------------------------------------------------------------------ bad input


def test_bad_policy_values_are_refused() -> None:
    """Each policy field names itself when refused."""
    with pytest.raises(ci.InvalidInputError, match="positives_per_negative"):
        ci.RecoveryPolicy(positives_per_negative=0)
    with pytest.raises(ci.InvalidInputError, match="loss_after_silence"):
        ci.RecoveryPolicy(loss_after_silence=relativedelta(days=-1))
    with pytest.raises(ci.InvalidInputError, match="negative_memory"):
        ci.RecoveryPolicy(negative_memory=timedelta(days=3))  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match=r"gesture_credit\[refund\]"):
        ci.RecoveryPolicy(gesture_credit={GestureKind.REFUND: -1})
    with pytest.raises(ci.InvalidInputError, match=r"GestureKind\('refund'\)"):
        ci.RecoveryPolicy(gesture_credit={"refund": 1})


def test_bad_arguments_are_refused() -> None:
    """Naive as_of, mixed customers and non-interactions are errors."""
    history = story(NEG)
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        ci.assess_recovery(history, as_of=datetime(2026, 3, 5))
    with pytest.raises(ci.InvalidInputError, match="assess_recoveries"):
        assess([*history, event(9, POS, 0, customer="c-2")], 1)
    with pytest.raises(ci.InvalidInputError, match="interactions"):
        ci.assess_recovery(["not an interaction"], as_of=at(1))  # type: ignore[list-item]
    with pytest.raises(ci.InvalidInputError, match="policy"):
        ci.assess_recovery(history, as_of=at(1), policy="strict")  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="customer"):
        ci.assess_recovery(history, as_of=at(1), customer="c-1")  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="customers"):
        ci.assess_recoveries(history, as_of=at(1), customers=["c-1"])  # type: ignore[list-item]
    with pytest.raises(ci.InvalidInputError, match="assessments"):
        ci.summarize_recoveries(["not an assessment"])  # type: ignore[list-item]


# ------------------------------------------------------------------ the ledger


def test_ledger_is_a_value() -> None:
    """record returns a new ledger and leaves the old one unchanged."""
    empty = ci.RecoveryLedger()
    one = empty.record(event(0, NEG, 0))
    assert empty.assess(at(1)).positives_needed == 0
    assert one.assess(at(1)).positives_needed == 6
    assert one.customer_id == "c-1"
    assert one.last_timestamp == at(0)


def test_ledger_refuses_out_of_order_interactions() -> None:
    """An interaction older than the latest one gets a clear OutOfOrderError."""
    ledger = ci.RecoveryLedger().record(event(1, NEG, 5))
    with pytest.raises(ci.OutOfOrderError, match="sort first"):
        ledger.record(event(2, POS, 4))
    with pytest.raises(ci.OutOfOrderError):
        ledger.record(event(0, POS, 5))  # same time, smaller id


def test_ledger_replays() -> None:
    """An identical replay is ignored; a different interaction under the id is an error."""
    first = event(0, NEG, 0)
    ledger = ci.RecoveryLedger().record(first)
    assert ledger.record(first) is ledger
    with pytest.raises(ci.DuplicateInteractionError):
        ledger.record(attrs.evolve(first, sentiment=POS))


def test_ledger_refuses_another_customer_and_an_early_as_of() -> None:
    """A ledger follows one customer and cannot assess before its latest interaction."""
    ledger = ci.RecoveryLedger().record(event(0, NEG, 3))
    with pytest.raises(ci.InvalidInputError, match="customer_id"):
        ledger.record(event(1, POS, 4, customer="c-2"))
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        ledger.assess(at(1))
    with pytest.raises(ci.InvalidInputError, match="interaction"):
        ledger.record("x")  # type: ignore[arg-type]


def test_ledger_with_churned_customer() -> None:
    """A ledger given a Customer applies its churned timestamp."""
    customer = ci.Customer(id="c-1", created=at(-1), became_customer=at(-1), churned=at(2))
    ledger = ci.RecoveryLedger(customer=customer).record(event(0, NEG, 0))
    assert ledger.assess(at(3)).lost_reason is ci.LossReason.CHURNED


# ------------------------------------------------------------------ a base


def test_assess_recoveries_groups_by_customer_and_includes_given_customers() -> None:
    """Many customers at once, plus customers with no interactions."""
    base = [event(0, NEG, 0, customer="a"), event(1, POS, 0, customer="b")]
    quiet = ci.Customer(id="z", created=at(-5), became_customer=at(-5), churned=at(-1))
    result = ci.assess_recoveries(base, as_of=at(1), customers=[quiet])
    assert {k: a.status for k, a in result.items()} == {
        "a": RecoveryStatus.AT_RISK,
        "b": RecoveryStatus.HEALTHY,
        "z": RecoveryStatus.LOST,
    }
    assert result["a"] == ci.assess_recovery(base[:1], as_of=at(1))


def test_summary_counts_and_ranks_customers_owed() -> None:
    """The summary counts statuses and ranks at-risk customers by debt, then by age."""
    base = [
        event(0, NEG, 0, customer="a"),
        event(1, NEG, 5, customer="b"),
        event(2, NEG, 6, customer="b"),
        event(3, NEG, 1, customer="c"),
        event(4, POS, 2, customer="d"),
        event(5, NEG, 3, customer="e"),
        event(6, NEU, 3.5, customer="e", kind=InteractionKind.CANCELLATION),
    ]
    summary = ci.summarize_recoveries(ci.assess_recoveries(base, as_of=at(10)))
    assert summary.customers == 5
    assert summary.by_status == {
        RecoveryStatus.HEALTHY: 1,
        RecoveryStatus.RECOVERING: 0,
        RecoveryStatus.AT_RISK: 3,
        RecoveryStatus.LOST: 1,
    }
    assert summary.total_positives_needed == 24
    assert [(row.customer_id, row.positives_needed) for row in summary.owed] == [
        ("b", 12),
        ("a", 6),
        ("c", 6),
    ]
    assert summary.owed[1].days_owed == 10
    assert ci.summarize_recoveries({}, limit=None).as_of is None
    with pytest.raises(ci.InvalidInputError, match="limit"):
        ci.summarize_recoveries({}, limit=-1)


# ------------------------------------------------------------------ reason codes


EXPECTED_CODES = {
    "recovery.goodwill_not_banked",
    "recovery.recovered_before",
    "recovery.negative_forgotten",
    "recovery.negatives_earlier",
    "recovery.negative",
    "recovery.positives_since",
    "recovery.lost.cancellation",
    "recovery.lost.churned",
    "recovery.lost.silence",
    "recovery.comeback",
    "recovery.status.healthy",
    "recovery.lapsing",
    "recovery.lapsed",
    "recovery.summary.quiet",
    "recovery.status.at_risk",
    "recovery.status.recovering",
    "recovery.status.lost",
    "recovery.summary.statuses",
    "recovery.summary.owed",
    "recovery.playbook.learned",
    "recovery.playbook.best",
    "recovery.playbook.thin_evidence",
    "recovery.playbook.no_gesture_better",
    "recovery.playbook.baseline",
    "recovery.playbook.alternative",
}


def test_reason_codes_are_stable() -> None:
    """The set of codes is pinned: changing it is a breaking change."""
    assert set(ci.RECOVERY_REASON_CODES) == EXPECTED_CODES


# ------------------------------------------------------------------ properties

SENTIMENTS = st.sampled_from([POS, POS, NEU, NEG])
KINDS = st.sampled_from([InteractionKind.OTHER] * 8 + [InteractionKind.CANCELLATION])
GESTURES = st.none() | st.sampled_from(GestureKind)


@st.composite
def histories(draw: st.DrawFn, max_size: int = 25) -> list[ci.Interaction]:
    """One customer's interactions: unique ids, any order, ties and gaps, gestures naming negatives."""
    size = draw(st.integers(0, max_size))
    out: list[ci.Interaction] = []
    for n in range(size):
        gesture = draw(GESTURES)
        named = [i.id for i in out if i.sentiment is NEG]
        answers = draw(st.none() | st.sampled_from([*named, "i-unknown"]))
        out.append(
            ci.Interaction(
                id=f"i-{draw(st.integers(0, 10**6)):07d}-{n}",
                customer_id="c-1",
                timestamp=at(
                    draw(st.sampled_from([0, 1, 2, 3, 5, 8, 13, 40, 95, 100, 200]))
                    + draw(st.integers(0, 3)) * 11
                ),
                sentiment=draw(SENTIMENTS),
                kind=draw(KINDS),
                category=draw(st.sampled_from([None, "billing"])),
                gesture=None
                if gesture is None
                else ci.RecoveryGesture(kind=gesture, answers=answers),
            )
        )
    return out


POLICIES = st.builds(
    ci.RecoveryPolicy,
    positives_per_negative=st.sampled_from([1, 4, 5, 6, 12]),
    loss_after_silence=st.sampled_from(
        [None, relativedelta(days=90), relativedelta(days=30), relativedelta(months=1)]
    ),
    negative_memory=st.sampled_from([None, relativedelta(days=50), relativedelta(months=2)]),
    gesture_credit=st.sampled_from(
        [
            {},
            {GestureKind.REFUND: 2.0, GestureKind.APOLOGY: 0.5},
            {GestureKind.OTHER: 7.0},
            {GestureKind.REFUND: 5.0, GestureKind.DISCOUNT_CODE: 3.0},
        ]
    ),
)
CUSTOMERS = st.none() | st.builds(
    ci.Customer,
    id=st.just("c-1"),
    created=st.just(at(-30)),
    became_customer=st.just(at(-30)),
    churned=st.sampled_from([None, at(4), at(150)]),
)


def in_order(history: list[ci.Interaction], as_of: datetime) -> list[ci.Interaction]:
    return sorted((i for i in history if i.timestamp <= as_of), key=lambda i: (i.timestamp, i.id))


@settings(max_examples=150)
@given(
    history=histories(),
    policy=POLICIES,
    customer=CUSTOMERS,
    extra=st.integers(0, 400),
    data=st.data(),
)
def test_incremental_equals_batch(
    history: list[ci.Interaction],
    policy: ci.RecoveryPolicy,
    customer: ci.Customer | None,
    extra: int,
    data: st.DataObject,
) -> None:
    """The ledger gives the batch's assessment, at any as_of, with replays and reused ids.

    The ledger gets the interactions in (timestamp, id) order, with identical
    replays of anything already delivered mixed in (at-least-once delivery),
    and maybe a different interaction under a used id: both forms ignore the
    replays and refuse the reused id.
    """
    as_of = at(extra)
    counted = in_order(history, as_of)
    ledger = ci.RecoveryLedger(policy=policy, customer=customer)
    replays: list[ci.Interaction] = []
    delivered: list[ci.Interaction] = []
    for interaction in counted:
        ledger = ledger.record(interaction)
        delivered.append(interaction)
        for _ in range(data.draw(st.integers(0, 2), label="replays")):
            again = data.draw(st.sampled_from(delivered), label="replay")
            assert ledger.record(again) is ledger
            replays.append(attrs.evolve(again))  # an equal copy, not the same object
    batch = ci.assess_recovery([*history, *replays], as_of=as_of, policy=policy, customer=customer)
    incremental = ledger.assess(as_of)
    if customer is None and not counted:
        assert batch.customer_id is None
    assert incremental == batch
    if counted and data.draw(st.booleans(), label="reuse an id"):
        victim = data.draw(st.sampled_from(counted), label="victim")
        clash = attrs.evolve(
            victim,
            sentiment=POS if victim.sentiment is NEG else NEG,
            timestamp=max(counted[-1].timestamp, victim.timestamp),
        )
        with pytest.raises(ci.DuplicateInteractionError, match=victim.id):
            ledger.record(clash)
        with pytest.raises(ci.DuplicateInteractionError, match=victim.id):
            ci.assess_recovery([*history, clash], as_of=as_of, policy=policy)


def test_ledger_counts_a_reused_id_once_at_any_time() -> None:
    """N, P, P, then a different interaction under an old id at day 5: refused, as in the batch."""
    history = story(NEG, POS, POS)
    ledger = ci.RecoveryLedger().record_all(history)
    reused = attrs.evolve(history[1], timestamp=at(5))
    with pytest.raises(ci.DuplicateInteractionError, match="i-0001"):
        ledger.record(reused)
    with pytest.raises(ci.DuplicateInteractionError, match="i-0001"):
        ci.assess_recovery([*history, reused], as_of=at(6))
    assert ledger.record(history[0]) is ledger  # an identical replay of an older one is ignored
    assert ledger.record(attrs.evolve(history[0])) is ledger
    assert ledger.assess(at(6)).positives_needed == 4


def test_branched_ledgers_stay_values() -> None:
    """Recording twice on one ledger gives two independent ledgers; the first is unchanged."""
    base = ci.RecoveryLedger().record_all(story(NEG, POS))
    before = base.assess(at(10))
    first = event(2, POS, 3)
    other = attrs.evolve(first, sentiment=NEG)
    left = base.record(first)
    right = base.record(other)  # the same id is new on this branch
    assert base.assess(at(10)) == before
    assert left.assess(at(10)).positives_needed == 4
    assert right.assess(at(10)).positives_needed == 11
    with pytest.raises(ci.DuplicateInteractionError):
        left.record(other)
    with pytest.raises(ci.DuplicateInteractionError):
        right.record(first)
    assert left.record(event(3, POS, 4)).assess(at(10)).positives_needed == 3
    assert right.record(event(3, POS, 4)).assess(at(10)).positives_needed == 10


@settings(max_examples=60)
@given(history=histories(), policy=POLICIES, extra=st.integers(0, 400), data=st.data())
def test_branched_ledgers_equal_their_batches(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, extra: int, data: st.DataObject
) -> None:
    """A ledger branched at any point and fed two continuations equals the batch of each."""
    as_of = at(extra)
    counted = in_order(history, as_of)
    split = data.draw(st.integers(0, len(counted)), label="split")
    base = ci.RecoveryLedger(policy=policy).record_all(counted[:split])
    before = base.assess(as_of)
    full = base.record_all(counted[split:])
    skipped = counted[:split] + counted[split + 1 :]
    branch = base.record_all(counted[split + 1 :])
    assert base.assess(as_of) == before
    assert full.assess(as_of) == ci.assess_recovery(counted, as_of=as_of, policy=policy)
    assert branch.assess(as_of) == ci.assess_recovery(skipped, as_of=as_of, policy=policy)


def reference_debt(
    history: list[ci.Interaction], as_of: datetime, policy: ci.RecoveryPolicy
) -> tuple[int, int]:
    """(positives_needed, open_negatives) from a plain list of what each negative still owes.

    Written apart from the engine: oldest first, forgetting drops the oldest
    with what is left of it, no banked goodwill. Losses never change the debt.
    """
    per = policy.positives_per_negative
    memory = policy.negative_memory
    owed: list[list[float]] = []  # [left, expires as a POSIX time or inf], oldest first

    def forget(moment: datetime) -> None:
        while owed and owed[0][1] <= moment.timestamp():
            owed.pop(0)

    for i in in_order(history, as_of):
        forget(i.timestamp)
        credit = 0.0 if i.gesture is None else policy.gesture_credit[i.gesture.kind]
        if i.sentiment is NEG:
            if per - credit > 1e-9:
                expires = (
                    math.inf
                    if memory is None
                    else (i.timestamp.astimezone(timezone.utc) + memory).timestamp()
                )
                owed.append([per - credit, expires])
            continue
        pay = credit + (1.0 if i.sentiment is POS else 0.0)
        while pay > 1e-9 and owed:
            take = min(pay, owed[0][0])
            owed[0][0] -= take
            pay -= take
            if owed[0][0] <= 1e-9:
                owed.pop(0)
    forget(as_of)
    debt = sum(left for left, _ in owed)
    return (math.ceil(debt - 1e-9), len(owed)) if debt > 1e-9 else (0, 0)


@settings(max_examples=150)
@given(history=histories(), policy=POLICIES, extra=st.integers(0, 400))
def test_open_negatives_and_debt_match_a_plain_model(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, extra: int
) -> None:
    """What each open negative still owes, settled oldest first and forgotten oldest first."""
    result = ci.assess_recovery(history, as_of=at(extra), policy=policy)
    assert (result.positives_needed, result.open_negatives) == reference_debt(
        history, at(extra), policy
    )


@settings(max_examples=100)
@given(history=histories(), policy=POLICIES, extra=st.integers(0, 400))
def test_debt_never_negative_and_codes_documented(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, extra: int
) -> None:
    """Positives needed and open negatives are never negative; every code is documented."""
    result = ci.assess_recovery(history, as_of=at(extra), policy=policy)
    assert result.positives_needed >= 0
    assert 0 <= result.open_negatives <= sum(1 for i in history if i.sentiment is NEG)
    assert (result.positives_needed == 0) == (result.open_negatives == 0)
    assert set(codes(result)) <= set(ci.RECOVERY_REASON_CODES)
    assert codes(result)[-1] == f"recovery.status.{result.status.value}"


FIELDS = [
    "status",
    "positives_needed",
    "open_negatives",
    "positives_since_last_negative",
    "last_negative_at",
    "owed_since",
    "lost_at",
    "lost_reason",
    "came_back_at",
    "times_recovered",
]


@settings(max_examples=100)
@given(history=histories(), policy=POLICIES, count=st.integers(1, 30), extra=st.integers(0, 400))
def test_positives_before_the_first_negative_never_change_the_result(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, count: int, extra: int
) -> None:
    """Goodwill is not banked: early positives change no field of the assessment."""
    early = [event(9000 + n, POS, -100 - n) for n in range(count)]
    as_of = at(extra)
    before = ci.assess_recovery(history, as_of=as_of, policy=policy)
    after = ci.assess_recovery([*early, *history], as_of=as_of, policy=policy)
    for name in FIELDS:
        assert getattr(after, name) == getattr(before, name), name


@settings(max_examples=150)
@given(
    history=histories(),
    policy=POLICIES,
    extra=st.integers(0, 400),
    where=st.floats(0, 1),
)
def test_a_new_negative_never_reduces_what_is_owed(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, extra: int, where: float
) -> None:
    """A negative after the last interaction never reduces positives needed, and never
    improves the status except by ending a silence (a complaint is contact).

    The new negative comes anywhere between the latest counted interaction
    and ``as_of``. The status can only improve when the customer was lost to
    silence and the negative came before that silence ran out: the clock then
    restarts from the negative.
    """
    as_of = at(extra)
    counted = in_order(history, as_of)
    last = counted[-1].timestamp if counted else at(-30)
    when = last + (as_of - last) * where
    before = ci.assess_recovery(history, as_of=as_of, policy=policy)
    worse = ci.Interaction(id="z-new", customer_id="c-1", timestamp=when, sentiment=NEG)
    after = ci.assess_recovery([*history, worse], as_of=as_of, policy=policy)
    assert after.positives_needed >= before.positives_needed
    if after.status.severity < before.status.severity:
        assert before.lost_reason is ci.LossReason.SILENCE
        assert before.lost_at is not None
        assert before.lost_at > when
        assert after.lost_at != before.lost_at


@settings(max_examples=60)
@given(history=histories(), policy=POLICIES, extra=st.integers(0, 400))
def test_results_and_policies_round_trip(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, extra: int
) -> None:
    """Policies, assessments and summaries survive to_dict -> JSON -> from_dict, schema-valid."""
    result = ci.assess_recovery(history, as_of=at(extra), policy=policy)
    summary = ci.summarize_recoveries([result]) if result.customer_id else None
    for value in (policy, result, summary):
        if value is None:
            continue
        document = json.loads(json.dumps(ci.to_dict(value)))
        jsonschema.Draft202012Validator(ci.json_schema(type(value))).validate(document)
        assert ci.from_dict(type(value), document) == value


def test_policy_as_a_configuration_dict() -> None:
    """A non-programmer's configuration: ISO durations and gesture names."""
    policy = ci.from_dict(
        ci.RecoveryPolicy,
        {
            "positives_per_negative": 12,
            "loss_after_silence": "P60D",
            "negative_memory": "P1Y",
            "gesture_credit": {"refund": 2, "apology": 0.5},
        },
    )
    assert policy.gesture_credit[GestureKind.REFUND] == 2.0
    assert policy.gesture_credit[GestureKind.DISCOUNT_CODE] == 0.0
    assert policy.negative_memory == relativedelta(years=1)
    with pytest.raises(ci.InvalidInputError, match="gesture_credit"):
        ci.from_dict(ci.RecoveryPolicy, {"gesture_credit": {"hug": 1}})


def _buys(customer: str, days: list[int], start: datetime) -> list[ci.Interaction]:
    return [
        ci.Interaction(
            id=f"{customer}-{d}",
            customer_id=customer,
            timestamp=start + timedelta(days=d),
            sentiment=ci.Sentiment.POSITIVE,
            kind=ci.InteractionKind.PURCHASE,
        )
        for d in days
    ]


def test_a_long_silent_customer_who_owes_nothing_is_not_simply_healthy() -> None:
    """Silent for 545 days and owing nothing: HEALTHY status, but LAPSED activity and a reason."""
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    silent = _buys("silent", [0, 30, 60, 90], start)
    regular = _buys("regular", list(range(0, 636, 30)), start)
    as_of = start + timedelta(days=90 + 545)
    batch = ci.assess_recoveries([*silent, *regular], as_of=as_of)
    gone, still = batch["silent"], batch["regular"]
    assert gone.status is ci.RecoveryStatus.HEALTHY
    assert still.status is ci.RecoveryStatus.HEALTHY
    assert gone.activity is ci.ActivityStatus.LAPSED
    assert still.activity is ci.ActivityStatus.ACTIVE
    codes = [reason.code for reason in gone.explanation]
    assert codes[-2:] == ["recovery.lapsed", "recovery.status.healthy"]
    assert "silent for 545 days" in gone.explanation[-2].message
    assert [r.code for r in still.explanation][-1] == "recovery.status.healthy"
    assert "recovery.lapsed" not in [r.code for r in still.explanation]
    # the ledger (one customer) and the one-customer batch agree
    ledger = ci.RecoveryLedger().record_all(silent)
    assert ledger.assess(as_of) == ci.assess_recovery(silent, as_of=as_of)
    assert ledger.assess(as_of).activity is ci.ActivityStatus.LAPSED
    summary = ci.summarize_recoveries(batch)
    assert (summary.lapsed, summary.lapsing) == (1, 0)
    assert summary.explanation[-1].code == "recovery.summary.quiet"
    # the frames path agrees with the batch
    pd = pytest.importorskip("pandas")
    frames = pytest.importorskip("custinteract.frames")
    df = pd.DataFrame(
        {
            "id": [i.id for i in [*silent, *regular]],
            "customer_id": [i.customer_id for i in [*silent, *regular]],
            "timestamp": pd.to_datetime([i.timestamp for i in [*silent, *regular]], utc=True),
            "sentiment": "positive",
            "kind": "purchase",
        }
    )
    out = frames.recovery_frame(df, as_of=as_of)
    pd.testing.assert_frame_equal(out, frames.recovery_assessments_to_frame(batch))
    assert out.loc["silent", "activity"] == "lapsed"


def test_activity_rules_can_be_turned_off_or_given_a_model() -> None:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    silent = _buys("silent", [0, 30, 60, 90], start)
    as_of = start + timedelta(days=600)
    off = ci.assess_recovery(silent, as_of=as_of, policy=ci.RecoveryPolicy(activity=None))
    assert off.activity is None
    assert [r.code for r in off.explanation] == ["recovery.status.healthy"]
    model = ci.BgNbdModel(r=0.5, alpha=10.0, a=0.5, b=2.0)
    policy = ci.RecoveryPolicy(activity_model=model)
    with_model = ci.assess_recovery(silent, as_of=as_of, policy=policy)
    plain = ci.assess_activity(silent, as_of=as_of, model=model)
    assert with_model.activity is plain.status
    assert ci.RecoveryLedger(policy=policy).record_all(silent).assess(as_of) == with_model
    # a customer given with no interaction is UNSEEN
    who = ci.Customer(id="new", created=start, became_customer=start)
    quiet = ci.assess_recoveries([], as_of=as_of, customers=[who])["new"]
    assert quiet.activity is ci.ActivityStatus.UNSEEN
    assert ci.RecoveryLedger(customer=who).assess(as_of) == quiet


# ------------------------------------------------------------------ storing a ledger


def _stream(draw: st.DrawFn, history: list[ci.Interaction]) -> list[ci.Interaction]:
    """``history`` in (timestamp, id) order with identical replays of earlier ones mixed in."""
    ordered = sorted(history, key=lambda i: (i.timestamp, i.id))
    stream: list[ci.Interaction] = []
    for interaction in ordered:
        stream.append(interaction)
        if draw(st.integers(0, 4)) == 0:
            stream.append(draw(st.sampled_from(stream)))
    return stream


def _stored(ledger: ci.RecoveryLedger) -> ci.RecoveryLedger:
    """``ledger`` written as JSON text and read back."""
    text = json.dumps(ci.to_dict(ledger))
    return ci.from_dict(ci.RecoveryLedger, json.loads(text))


@settings(max_examples=80)
@given(history=histories(), policy=POLICIES, customer=CUSTOMERS, data=st.data())
def test_a_stored_ledger_has_the_same_future(
    history: list[ci.Interaction],
    policy: ci.RecoveryPolicy,
    customer: ci.Customer | None,
    data: st.DataObject,
) -> None:
    """Stored at any point and read back, a ledger answers every later record and assess as before."""
    stream = _stream(data.draw, history)
    split = data.draw(st.integers(0, len(stream)), label="split")
    original = ci.RecoveryLedger(policy=policy, customer=customer).record_all(stream[:split])
    restored = _stored(original)
    assert ci.to_dict(restored) == ci.to_dict(original)
    assert restored.customer_id == original.customer_id
    assert restored.last_timestamp == original.last_timestamp
    for interaction in stream[split:]:
        original = original.record(interaction)
        restored = restored.record(interaction)
        latest = original.last_timestamp or interaction.timestamp  # a replay may be older
        moment = latest + timedelta(days=data.draw(st.integers(0, 120)))
        assert restored.assess(moment) == original.assess(moment)
    for extra in (0, 31, 91, 400):
        moment = at(400 + extra)
        assert restored.assess(moment) == original.assess(moment)


@settings(max_examples=40)
@given(history=histories(), policy=POLICIES, data=st.data())
def test_a_stored_ledger_still_knows_every_id(
    history: list[ci.Interaction], policy: ci.RecoveryPolicy, data: st.DataObject
) -> None:
    """After a round trip an identical replay is ignored and a different one under a seen id refused."""
    stream = sorted(history, key=lambda i: (i.timestamp, i.id))
    if not stream:
        return
    restored = _stored(ci.RecoveryLedger(policy=policy).record_all(stream))
    replay = data.draw(st.sampled_from(stream))
    assert restored.record(replay) is restored
    changed = attrs.evolve(replay, category="changed-under-a-used-id")
    with pytest.raises(ci.DuplicateInteractionError):
        restored.record(changed)


def test_the_integration_example_keeps_its_debt() -> None:
    """RECOVERING, 5 stays RECOVERING, 5 through JSON."""
    ledger = ci.RecoveryLedger().record_all([event(1, NEG, 4), event(2, POS, 5)])
    restored = _stored(ledger)
    answer = restored.assess(at(6))
    assert (answer.status, answer.positives_needed) == (RecoveryStatus.RECOVERING, 5)
    assert answer == ledger.assess(at(6))


def test_a_ledger_document_that_could_not_arise_is_refused_with_its_path() -> None:
    """Out of order, an id twice, another customer: InvalidInputError naming the interaction."""
    ledger = ci.RecoveryLedger().record_all([event(1, NEG, 4), event(2, POS, 5)])
    document = ci.to_dict(ledger)
    swapped = {**document, "recorded": document["recorded"][::-1]}
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.from_dict(ci.RecoveryLedger, swapped)
    assert caught.value.field == "recorded[1].timestamp"
    twice = {**document, "recorded": [*document["recorded"], document["recorded"][1]]}
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.from_dict(ci.RecoveryLedger, twice)
    assert caught.value.field == "recorded[2].id"
    stranger = {**document["recorded"][1], "id": "i-9", "customer_id": "c-2"}
    other = {**document, "recorded": [*document["recorded"], stranger]}
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.from_dict(ci.RecoveryLedger, other)
    assert caught.value.field == "recorded[2].customer_id"
    jsonschema.Draft202012Validator(ci.json_schema(ci.RecoveryLedger)).validate(
        json.loads(json.dumps(document))
    )
