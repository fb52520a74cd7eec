"""Recovery playbook: outcomes per category and gesture, Wilson intervals, recommendations."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import jsonschema
import pytest
from dateutil.relativedelta import relativedelta

import custinteract as ci
from custinteract import GestureKind, Sentiment
from custinteract.recovery._playbook import UNCATEGORISED, wilson_interval

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
AS_OF = T0 + timedelta(days=365)


def customer_story(
    cid: str,
    *,
    category: str | None,
    gesture: GestureKind | None,
    recovers: bool,
    gesture_later: bool = False,
) -> list[ci.Interaction]:
    """A complaint, an optional gesture, then six positives (recovers) or silence (lost)."""
    made = None if gesture is None else ci.RecoveryGesture(kind=gesture)
    out = [
        ci.Interaction(
            id=f"{cid}-neg",
            customer_id=cid,
            timestamp=T0,
            sentiment=Sentiment.NEGATIVE,
            kind=ci.InteractionKind.COMPLAINT,
            category=category,
            gesture=None if gesture_later else made,
        )
    ]
    if gesture_later:
        out.append(
            ci.Interaction(
                id=f"{cid}-gesture",
                customer_id=cid,
                timestamp=T0 + timedelta(hours=1),
                sentiment=Sentiment.NEUTRAL,
                gesture=made,
            )
        )
    if recovers:
        out += [
            ci.Interaction(
                id=f"{cid}-p{k}",
                customer_id=cid,
                timestamp=T0 + timedelta(days=2 * (k + 1)),
                sentiment=Sentiment.POSITIVE,
            )
            for k in range(6)
        ]
    return out


def base() -> list[ci.Interaction]:
    """Billing: refunds win 9 of 10, apologies 3 of 10, no gesture 1 of 4; delivery: thin."""
    out: list[ci.Interaction] = []
    plan = [
        ("billing", GestureKind.REFUND, 9, 1),
        ("billing", GestureKind.APOLOGY, 3, 7),
        ("billing", None, 1, 3),
        ("delivery", GestureKind.DISCOUNT_CODE, 2, 0),
        (None, GestureKind.APOLOGY, 1, 0),
    ]
    n = 0
    for category, gesture, wins, losses in plan:
        for k in range(wins + losses):
            n += 1
            out += customer_story(
                f"c{n:03d}",
                category=category,
                gesture=gesture,
                recovers=k < wins,
                gesture_later=n % 2 == 0,
            )
    return out


def test_playbook_counts_outcomes_per_category_and_gesture() -> None:
    """Each negative is followed to RECOVERED or LOST and grouped by category and gesture."""
    playbook = ci.learn_playbook(base(), as_of=AS_OF, min_sample=5)
    refund = next(
        e for e in playbook.entries if e.category == "billing" and e.gesture is GestureKind.REFUND
    )
    assert (refund.negatives, refund.recovered, refund.lost, refund.still_open) == (10, 9, 1, 0)
    assert refund.recovery_rate == pytest.approx(0.9)
    assert refund.median_interactions_to_recovery in (6.0, 7.0)
    assert refund.median_days_to_recovery == pytest.approx(12, abs=0.1)
    assert playbook.categories == ("billing", "delivery", "uncategorised")
    assert playbook.explanation[0].code == "recovery.playbook.learned"


def test_recommend_names_the_gesture_with_the_best_evidence() -> None:
    """Refunds recover billing complaints best, with the no-gesture baseline beside them."""
    advice = ci.learn_playbook(base(), as_of=AS_OF, min_sample=5).recommend("billing")
    assert advice.gesture is GestureKind.REFUND
    assert advice.enough_evidence
    assert not advice.no_gesture_better
    assert advice.baseline is not None
    assert advice.baseline.recovered == 1
    assert [e.gesture for e in advice.alternatives] == [GestureKind.APOLOGY]
    assert [r.code for r in advice.explanation] == [
        "recovery.playbook.best",
        "recovery.playbook.baseline",
        "recovery.playbook.alternative",
    ]
    assert advice.explanation[0].message.startswith(
        "for billing, refund: 9 of 10 decided recovered"
    )
    assert "refund" in str(advice)


def test_recommend_says_when_evidence_is_too_thin() -> None:
    """Two decided episodes are not enough with min_sample=5; unknown categories too."""
    playbook = ci.learn_playbook(base(), as_of=AS_OF, min_sample=5)
    thin = playbook.recommend("delivery")
    assert thin.gesture is None
    assert not thin.enough_evidence
    assert thin.best is not None
    assert thin.best.gesture is GestureKind.DISCOUNT_CODE
    assert thin.explanation[0].code == "recovery.playbook.thin_evidence"
    assert thin.explanation[0].message == (
        "for delivery, too little evidence to recommend a gesture: each has fewer than 5 decided"
        " outcomes; leading so far, discount code: 2 of 2 decided recovered (100%, 95% CI"
        " 34%-100%), median 6.5 interactions and 12.0 days to recovery"
    )
    unknown = playbook.recommend("warranty")
    assert unknown.gesture is None
    assert unknown.best is None
    assert [(r.code, r.message) for r in unknown.explanation] == [
        ("recovery.playbook.thin_evidence", "no history for warranty")
    ]
    assert playbook.recommend(None).category == UNCATEGORISED == "uncategorised"


def plan_of(category: str, rows: list[tuple[GestureKind | None, int, int]]) -> list[ci.Interaction]:
    """Customers per (gesture, wins, losses): wins recover with six positives, losses go silent."""
    out: list[ci.Interaction] = []
    for g, (gesture, wins, losses) in enumerate(rows):
        for k in range(wins + losses):
            out += customer_story(
                f"{category}-{g}-{k}", category=category, gesture=gesture, recovers=k < wins
            )
    return out


def test_no_gesture_that_did_better_is_said_and_no_gesture_recommended() -> None:
    """Refund 5 of 10 against no gesture 10 of 10: answering with no gesture is the advice."""
    history = plan_of("billing", [(GestureKind.REFUND, 5, 5), (None, 10, 0)])
    advice = ci.learn_playbook(history, as_of=AS_OF, min_sample=5).recommend("billing")
    assert advice.gesture is None
    assert advice.enough_evidence
    assert advice.no_gesture_better
    assert advice.best is not None
    assert advice.best.gesture is GestureKind.REFUND
    assert [r.code for r in advice.explanation] == [
        "recovery.playbook.no_gesture_better",
        "recovery.playbook.baseline",
    ]
    assert advice.explanation[0].message.startswith(
        "for billing, answering with no gesture did at least as well as any gesture, so none is"
        " recommended; the best gesture, refund: 5 of 10 decided recovered"
    )
    assert advice.explanation[1].message.startswith("no gesture: 10 of 10 decided recovered")


def test_ties_go_to_no_gesture_and_thin_baselines_are_flagged() -> None:
    """A gesture no better than no gesture is not recommended; a thin baseline is not enough."""
    tie = plan_of("billing", [(GestureKind.APOLOGY, 5, 0), (None, 5, 0)])
    advice = ci.learn_playbook(tie, as_of=AS_OF, min_sample=5).recommend("billing")
    assert (advice.gesture, advice.enough_evidence) == (None, True)
    thin = plan_of("billing", [(GestureKind.APOLOGY, 2, 8), (None, 3, 0)])
    advice = ci.learn_playbook(thin, as_of=AS_OF, min_sample=5).recommend("billing")
    assert (advice.gesture, advice.enough_evidence) == (None, False)
    assert advice.explanation[0].code == "recovery.playbook.no_gesture_better"
    better = plan_of("billing", [(GestureKind.APOLOGY, 10, 0), (None, 5, 5)])
    advice = ci.learn_playbook(better, as_of=AS_OF, min_sample=5).recommend("billing")
    assert (advice.gesture, advice.enough_evidence) == (GestureKind.APOLOGY, True)


def test_a_comeback_that_pays_off_counts_as_recovered() -> None:
    """Lost to silence, back after 100 days, six positives: the episode ended recovered."""
    history = [
        ci.Interaction(
            id="c1-neg",
            customer_id="c1",
            timestamp=T0,
            sentiment=Sentiment.NEGATIVE,
            category="billing",
        ),
        *(
            ci.Interaction(
                id=f"c1-p{k}",
                customer_id="c1",
                timestamp=T0 + timedelta(days=100 + k),
                sentiment=Sentiment.POSITIVE,
            )
            for k in range(6)
        ),
    ]
    assert ci.assess_recovery(history, as_of=AS_OF).lost_at == T0 + timedelta(days=90)
    (entry,) = ci.learn_playbook(history, as_of=AS_OF, min_sample=1).entries
    assert (entry.recovered, entry.lost, entry.still_open) == (1, 0, 0)
    assert entry.median_days_to_recovery == pytest.approx(105)
    assert entry.median_interactions_to_recovery == 6
    back_but_owing = history[:3]
    back = T0 + timedelta(days=110)
    (entry,) = ci.learn_playbook(back_but_owing, as_of=back, min_sample=1).entries
    assert (entry.recovered, entry.lost, entry.still_open) == (0, 0, 1)
    (entry,) = ci.learn_playbook(back_but_owing, as_of=AS_OF, min_sample=1).entries
    assert (entry.recovered, entry.lost, entry.still_open) == (0, 1, 0)  # silent again
    (entry,) = ci.learn_playbook(history[:1], as_of=AS_OF, min_sample=1).entries
    assert (entry.recovered, entry.lost, entry.still_open) == (0, 1, 0)


def test_forgotten_negatives_end_open_or_lost() -> None:
    """Forgotten while the customer is not lost: censored; while lost: lost."""
    complaint = customer_story("c1", category="billing", gesture=None, recovers=False)
    remember = ci.RecoveryPolicy(negative_memory=relativedelta(days=30), loss_after_silence=None)
    (entry,) = ci.learn_playbook(complaint, as_of=AS_OF, policy=remember).entries
    assert (entry.lost, entry.still_open) == (0, 1)
    quick = ci.RecoveryPolicy(
        negative_memory=relativedelta(days=30), loss_after_silence=relativedelta(days=10)
    )
    (entry,) = ci.learn_playbook(complaint, as_of=AS_OF, policy=quick).entries
    assert (entry.lost, entry.still_open) == (1, 0)
    later = [
        *complaint,
        *(
            ci.Interaction(
                id=f"c1-p{k}",
                customer_id="c1",
                timestamp=T0 + timedelta(days=40 + k),
                sentiment=Sentiment.POSITIVE,
            )
            for k in range(6)
        ),
    ]
    (entry,) = ci.learn_playbook(later, as_of=AS_OF, policy=remember).entries
    assert (entry.recovered, entry.still_open) == (0, 1)


def test_learned_explanation_counts_in_words() -> None:
    """One negative in one category: singular nouns."""
    history = customer_story("c1", category="billing", gesture=None, recovers=True)
    playbook = ci.learn_playbook(history, as_of=AS_OF)
    assert playbook.explanation[0].message == (
        "1 negative in 1 category: 1 recovered, 0 lost, 0 still open"
    )


def test_open_episodes_are_censored() -> None:
    """A negative neither paid off nor lost by as_of is still open, not a failure."""
    history = customer_story("c1", category="billing", gesture=GestureKind.REFUND, recovers=False)
    playbook = ci.learn_playbook(history, as_of=T0 + timedelta(days=10), min_sample=1)
    (entry,) = playbook.entries
    assert (entry.still_open, entry.recovery_rate, entry.rate_low, entry.rate_high) == (
        1,
        None,
        0.0,
        1.0,
    )


def test_wilson_interval_matches_the_published_formula() -> None:
    """Wilson 95% interval for 8/10 is about [0.490, 0.943]; 0 trials is [0, 1]."""
    low, high = wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.49, 0.943)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(0, 5)[0] == 0.0


def test_playbook_documents_round_trip() -> None:
    """The playbook and its advice survive to_dict -> JSON -> from_dict and match the schema."""
    playbook = ci.learn_playbook(base(), as_of=AS_OF, min_sample=5)
    for value in (playbook, playbook.recommend("billing"), playbook.recommend("delivery")):
        document = json.loads(json.dumps(ci.to_dict(value)))
        jsonschema.Draft202012Validator(ci.json_schema(type(value))).validate(document)
        assert ci.from_dict(type(value), document) == value


def test_playbook_bad_input() -> None:
    """min_sample and category are checked."""
    with pytest.raises(ci.InvalidInputError, match="min_sample"):
        ci.learn_playbook(base(), as_of=AS_OF, min_sample=0)
    with pytest.raises(ci.InvalidInputError, match="category"):
        ci.learn_playbook(base(), as_of=AS_OF).recommend(" ")


def test_playbook_codes_are_documented() -> None:
    """Every code the playbook emits is in the recovery REASON_CODES."""
    playbook = ci.learn_playbook(base(), as_of=AS_OF, min_sample=5)
    emitted = {r.code for r in playbook.explanation}
    for category in (*playbook.categories, "nothing"):
        emitted |= {r.code for r in playbook.recommend(category).explanation}
    assert emitted <= set(ci.RECOVERY_REASON_CODES)
