"""Every gesture kind, from its table entry alone: batch, ledger and frames agree on it.

The test walks :class:`~custinteract.GestureKind`, so a new kind (one entry in
``recovery._policy.GESTURES``) is covered with no further test code: its
default credit, the credit a policy gives it, and its own reason code if it
has one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

import custinteract as ci
from custinteract import GestureKind, InteractionKind, Sentiment
from custinteract.frames import interactions_to_frame, recovery_assessments_to_frame, recovery_frame
from custinteract.recovery._policy import gesture_rule

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
AS_OF = T0 + timedelta(days=1000)
MOODS = [Sentiment.NEGATIVE, Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.NEUTRAL]


def stream(kind: GestureKind, seed: int) -> list[ci.Interaction]:
    """A few customers' interactions, many answered with ``kind`` (on negatives and after)."""
    rng = random.Random(seed)
    out = []
    moment = T0
    for n in range(60):
        moment += timedelta(days=rng.choice([0, 0, 1, 2, 5, 10, 35]))
        customer = f"c{rng.randrange(4)}"
        answers = None
        earlier = [
            i for i in out if i.customer_id == customer and i.sentiment is Sentiment.NEGATIVE
        ]
        if earlier and rng.random() < 0.3:
            answers = rng.choice(earlier).id
        gesture = ci.RecoveryGesture(kind=kind, answers=answers) if rng.random() < 0.4 else None
        out.append(
            ci.Interaction(
                id=f"i{n:03d}",
                customer_id=customer,
                timestamp=moment,
                sentiment=rng.choice(MOODS),
                kind=InteractionKind.CANCELLATION if rng.random() < 0.03 else InteractionKind.OTHER,
                gesture=gesture,
            )
        )
    return out


def policies(kind: GestureKind) -> list[ci.RecoveryPolicy]:
    """The table's default for ``kind``, a whole and a fractional credit, one above a negative's worth.

    A ledger follows one customer, so it measures the base's usual gap on that
    customer alone; the batch over a base measures it over the base. They agree
    on activity when the activity policy fixes the gap (or there is none).
    """
    fixed = ci.ActivityPolicy(base_gap_days=30)
    return [
        ci.RecoveryPolicy(activity=fixed),
        ci.RecoveryPolicy(
            gesture_credit={kind: 2}, loss_after_silence=relativedelta(days=30), activity=None
        ),
        ci.RecoveryPolicy(gesture_credit={kind: 0.5}, positives_per_negative=3, activity=fixed),
        ci.RecoveryPolicy(gesture_credit={kind: 9}, loss_after_silence=None, activity=fixed),
        ci.RecoveryPolicy(
            gesture_credit={kind: 2}, negative_memory=relativedelta(days=60), activity=fixed
        ),
    ]


def ledger_path(
    items: list[ci.Interaction], policy: ci.RecoveryPolicy
) -> dict[str, ci.RecoveryAssessment]:
    """One ledger per customer, recording in (timestamp, id) order."""
    books: dict[str, ci.RecoveryLedger] = {}
    for interaction in sorted(items, key=lambda i: (i.timestamp, i.id)):
        ledger = books.get(interaction.customer_id, ci.RecoveryLedger(policy=policy))
        books[interaction.customer_id] = ledger.record(interaction)
    return {cid: books[cid].assess(AS_OF) for cid in sorted(books)}


@pytest.mark.parametrize("kind", list(GestureKind), ids=lambda kind: kind.value)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_ledger_and_frames_agree_on_every_gesture_kind(kind: GestureKind, seed: int) -> None:
    """Assessments (explanations included) and frames are equal on streams answered with ``kind``."""
    items = stream(kind, seed)
    for policy in policies(kind):
        batch = ci.assess_recoveries(items, as_of=AS_OF, policy=policy)
        assert ledger_path(items, policy) == batch
        got = recovery_frame(interactions_to_frame(items), as_of=AS_OF, policy=policy)
        pd.testing.assert_frame_equal(got, recovery_assessments_to_frame(batch))


@pytest.mark.parametrize("kind", list(GestureKind), ids=lambda kind: kind.value)
def test_every_gesture_kind_takes_its_credit_and_code_from_the_table(kind: GestureKind) -> None:
    """The default credit is the table's; a kind with a code of its own shows it, documented."""
    rule = gesture_rule(kind)
    assert ci.RecoveryPolicy().gesture_credit[kind] == rule.credit
    complaint = ci.Interaction(id="n", customer_id="c", timestamp=T0, sentiment=Sentiment.NEGATIVE)
    answer = ci.Interaction(
        id="g",
        customer_id="c",
        timestamp=T0 + timedelta(days=1),
        sentiment=Sentiment.NEUTRAL,
        gesture=ci.RecoveryGesture(kind=kind),
    )
    result = ci.assess_recovery([complaint, answer], as_of=T0 + timedelta(days=2))
    assert result.positives_needed == 6 - int(min(rule.credit, 6))
    codes = [reason.code for reason in result.explanation]
    if rule.code is None:
        assert not any(code.startswith("recovery.gesture") for code in codes)
    else:
        assert rule.code in codes
        assert rule.code in ci.RECOVERY_REASON_CODES


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ledger_equals_one_customer_batch_with_measured_gap(seed: int) -> None:
    """With the default activity policy, a ledger equals assess_recovery of its one customer."""
    items = stream(GestureKind.REFUND, seed)
    books = ledger_path(items, ci.RecoveryPolicy())
    for cid, assessment in books.items():
        own = [i for i in items if i.customer_id == cid]
        assert assessment == ci.assess_recovery(own, as_of=AS_OF)
        assert assessment == ci.assess_recoveries(own, as_of=AS_OF)[cid]
        assert assessment.activity is not None
