"""Recovery frames: the vectorised path equals the object path on random bases, also on Dask."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
import custinteract.recovery.frames as frames_recovery
from custinteract import GestureKind, InteractionKind, Sentiment
from custinteract.frames import (
    RECOVERY_COLUMNS,
    interactions_to_frame,
    recovery_assessments_to_frame,
    recovery_frame,
    recovery_ledger_frame,
)

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
OFFSETS = [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]


@st.composite
def bases(draw: st.DrawFn, max_size: int = 40) -> list[ci.Interaction]:
    """A few customers' interactions: ties, long gaps, cancellations, gestures, mixed offsets."""
    size = draw(st.integers(0, max_size))
    out = []
    for n in range(size):
        gesture = draw(st.none() | st.sampled_from(GestureKind))
        days = draw(st.sampled_from([0, 1, 2, 3, 5, 8, 30, 60, 89, 90, 91, 120, 200, 300]))
        moment = T0 + timedelta(days=days, hours=draw(st.sampled_from([0, 0, 6, 23])))
        out.append(
            ci.Interaction(
                id=f"i-{draw(st.integers(0, 10**5)):06d}-{n}",
                customer_id=draw(st.sampled_from(["a", "b", "c", "d"])),
                timestamp=moment.astimezone(draw(st.sampled_from(OFFSETS))),
                sentiment=draw(
                    st.sampled_from([Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE])
                ),
                kind=draw(
                    st.sampled_from([InteractionKind.OTHER] * 6 + [InteractionKind.CANCELLATION])
                ),
                gesture=None if gesture is None else ci.RecoveryGesture(kind=gesture),
            )
        )
    return out


SILENCES = st.sampled_from(
    [None, relativedelta(days=90), relativedelta(days=30), relativedelta(months=1, days=2)]
)
CREDITS = st.sampled_from(
    [
        {},
        {GestureKind.REFUND: 2.0, GestureKind.APOLOGY: 0.5},
        {GestureKind.OTHER: 9.0},
        {GestureKind.REFUND: 5.0, GestureKind.DISCOUNT_CODE: 4.5},
    ]
)
POLICIES = st.builds(
    ci.RecoveryPolicy,
    positives_per_negative=st.sampled_from([1, 3, 6, 12]),
    loss_after_silence=SILENCES,
    negative_memory=st.none(),
    gesture_credit=CREDITS,
)
"""Policies the frame vectorises (no ``negative_memory``)."""
MEMORY_POLICIES = st.builds(
    ci.RecoveryPolicy,
    positives_per_negative=st.sampled_from([1, 3, 6, 12]),
    loss_after_silence=SILENCES,
    negative_memory=st.sampled_from([relativedelta(days=45), relativedelta(months=2)]),
    gesture_credit=CREDITS,
)
"""Policies with ``negative_memory``: the frame runs the object path."""
CUSTOMERS = st.lists(
    st.builds(
        ci.Customer,
        id=st.sampled_from(["a", "b", "z"]),
        created=st.just(T0 - timedelta(days=10)),
        became_customer=st.just(T0 - timedelta(days=10)),
        churned=st.sampled_from([None, T0 + timedelta(days=2), T0 + timedelta(days=100)]),
    ),
    max_size=3,
    unique_by=lambda c: c.id,
)


def object_path(
    base: list[ci.Interaction],
    as_of: datetime,
    policy: ci.RecoveryPolicy,
    customers: list[ci.Customer] | None = None,
) -> pd.DataFrame:
    return recovery_assessments_to_frame(
        ci.assess_recoveries(base, as_of=as_of, policy=policy, customers=customers)
    )


def no_fallback(*args: object) -> pd.DataFrame:
    raise AssertionError("the vectorised path fell back to the object path")


@settings(max_examples=120)
@given(base=bases(), policy=POLICIES, customers=CUSTOMERS, days=st.integers(0, 420))
def test_frame_equals_object_path(
    base: list[ci.Interaction],
    policy: ci.RecoveryPolicy,
    customers: list[ci.Customer],
    days: int,
) -> None:
    """The vectorised path: every column of every customer equals the object path.

    Silence, churn, cancellations and gesture credit included; the object
    path is switched off so that this compares two computations.
    """
    as_of = T0 + timedelta(days=days)
    expected = object_path(base, as_of, policy, customers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frames_recovery, "_object_path", no_fallback)
        got = recovery_frame(
            interactions_to_frame(base), as_of=as_of, policy=policy, customers=customers
        )
    pd.testing.assert_frame_equal(got, expected)


@settings(max_examples=40)
@given(base=bases(), policy=MEMORY_POLICIES, customers=CUSTOMERS, days=st.integers(0, 420))
def test_frame_with_memory_equals_object_path(
    base: list[ci.Interaction],
    policy: ci.RecoveryPolicy,
    customers: list[ci.Customer],
    days: int,
) -> None:
    """With negative_memory the frame runs the object path on the rows read back as values."""
    as_of = T0 + timedelta(days=days)
    expected = object_path(base, as_of, policy, customers)
    got = recovery_frame(
        interactions_to_frame(base), as_of=as_of, policy=policy, customers=customers
    )
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("start", [datetime(1960, 3, 1, tzinfo=timezone.utc), T0])
def test_frame_keeps_moments_before_1970(start: datetime) -> None:
    """Moments before 1970 (negative nanoseconds) are moments, not "none": dates and codes kept."""
    sentiments = [Sentiment.NEGATIVE, Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.POSITIVE]
    base = [
        ci.Interaction(
            id=f"i{n}",
            customer_id="a" if n < 2 else "b",
            timestamp=start + timedelta(days=n),
            sentiment=sentiment,
            kind=InteractionKind.CANCELLATION if n == 3 else InteractionKind.OTHER,
        )
        for n, sentiment in enumerate(sentiments)
    ]
    as_of = start + timedelta(days=10)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frames_recovery, "_object_path", no_fallback)
        got = recovery_frame(interactions_to_frame(base), as_of=as_of)
    pd.testing.assert_frame_equal(got, object_path(base, as_of, ci.RecoveryPolicy()))
    assert got["last_negative_at"].notna().all()


def test_frame_counts_negatives_partly_cancelled_and_forgotten() -> None:
    """Refunds worth 5 of 6: two negatives open, one positive each; memory forgets one."""
    refund = ci.RecoveryGesture(kind=GestureKind.REFUND)
    base = [
        ci.Interaction(
            id=f"i{n}",
            customer_id="a",
            timestamp=T0 + timedelta(days=10 * n),
            sentiment=Sentiment.NEGATIVE,
            gesture=refund if n else None,
        )
        for n in range(2)
    ]
    frame = interactions_to_frame(base)
    credit = ci.RecoveryPolicy(gesture_credit={GestureKind.REFUND: 5}, loss_after_silence=None)
    row = recovery_frame(frame, as_of=T0 + timedelta(days=35), policy=credit).loc["a"]
    assert (row["open_negatives"], row["positives_needed"]) == (2, 7)
    remember = attrs.evolve(credit, negative_memory=relativedelta(days=30))
    row = recovery_frame(frame, as_of=T0 + timedelta(days=35), policy=remember).loc["a"]
    assert (row["open_negatives"], row["positives_needed"]) == (1, 1)
    ledger = recovery_ledger_frame(frame, as_of=T0 + timedelta(days=35), policy=remember)
    assert ledger["positives_needed"].tolist() == [6, 7]


def test_frame_worked_example_and_columns() -> None:
    """A negative then five positives: recovering, one needed; the input is not modified."""
    base = [
        ci.Interaction(
            id=f"i{n}",
            customer_id="a",
            timestamp=T0 + timedelta(days=n),
            sentiment=Sentiment.NEGATIVE if n == 0 else Sentiment.POSITIVE,
        )
        for n in range(6)
    ]
    frame = interactions_to_frame(base)
    before = frame.copy()
    out = recovery_frame(frame, as_of=T0 + timedelta(days=7))
    pd.testing.assert_frame_equal(frame, before)
    assert tuple(out.columns) == RECOVERY_COLUMNS
    assert out.index.name == "customer_id"
    row = out.loc["a"]
    assert (row["status"], row["positives_needed"], row["positives_since_last_negative"]) == (
        "recovering",
        1,
        5,
    )
    assert row["reason_codes"] == (
        "recovery.negative",
        "recovery.positives_since",
        "recovery.status.recovering",
    )


def test_frame_with_renamed_columns_and_customers_frame() -> None:
    """Column mapping and a customers frame with churn dates."""
    raw = pd.DataFrame(
        {
            "ticket": ["t1", "t2"],
            "account": ["a", "b"],
            "at": pd.to_datetime(["2026-01-01", "2026-01-02"], utc=True),
            "mood": ["negative", "positive"],
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["b", "q"],
            "churned": pd.Series([pd.Timestamp("2026-01-03", tz="UTC"), pd.NaT]),
        }
    )
    out = recovery_frame(
        raw,
        as_of=T0 + timedelta(days=5),
        columns={"id": "ticket", "customer_id": "account", "timestamp": "at", "sentiment": "mood"},
        customers=customers,
    )
    assert out["status"].to_dict() == {"a": "at_risk", "b": "lost", "q": "healthy"}
    assert out.loc["b", "lost_reason"] == "churned"


def test_frame_bad_input() -> None:
    """Bad customers, policy and as_of are refused with the field named."""
    frame = interactions_to_frame([])
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        recovery_frame(frame, as_of=datetime(2026, 1, 1))
    with pytest.raises(ci.InvalidInputError, match="policy"):
        recovery_frame(frame, as_of=T0, policy={"positives_per_negative": 6})  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="customers"):
        recovery_frame(frame, as_of=T0, customers=pd.DataFrame({"customer_id": ["a"]}))
    with pytest.raises(ci.InvalidInputError, match="customers"):
        recovery_frame(frame, as_of=T0, customers=["a"])
    assert recovery_frame(frame, as_of=T0).empty


@settings(max_examples=60)
@given(base=bases(), policy=POLICIES | MEMORY_POLICIES, days=st.integers(0, 420))
def test_ledger_frame_follows_the_ledger(
    base: list[ci.Interaction], policy: ci.RecoveryPolicy, days: int
) -> None:
    """Each row owes what a RecoveryLedger owes right after that interaction (memory too)."""
    as_of = T0 + timedelta(days=days)
    ledger = recovery_ledger_frame(interactions_to_frame(base), as_of=as_of, policy=policy)
    assert (ledger["debt"] >= 0).all()
    books: dict[str, ci.RecoveryLedger] = {}
    expected = []
    counted = sorted(
        (i for i in base if i.timestamp <= as_of), key=lambda i: (i.customer_id, i.timestamp, i.id)
    )
    for interaction in counted:
        book = books.get(interaction.customer_id, ci.RecoveryLedger(policy=policy))
        books[interaction.customer_id] = book = book.record(interaction)
        expected.append(book.assess(interaction.timestamp).positives_needed)
    assert ledger["positives_needed"].tolist() == expected
    assert ledger["id"].tolist() == [i.id for i in counted]


def test_dask_gives_the_same_frame() -> None:
    """On Dask's synchronous scheduler the result equals the pandas one."""
    dd = pytest.importorskip("dask.dataframe")
    dask = pytest.importorskip("dask")
    base = [
        ci.Interaction(
            id=f"i{n:03d}",
            customer_id=f"c{n % 7}",
            timestamp=T0 + timedelta(days=3 * n),
            sentiment=[Sentiment.NEGATIVE, Sentiment.POSITIVE, Sentiment.NEUTRAL][n % 3],
            kind=InteractionKind.CANCELLATION if n == 40 else InteractionKind.OTHER,
        )
        for n in range(60)
    ]
    frame = interactions_to_frame(base)
    as_of = T0 + timedelta(days=400)
    expected = recovery_frame(frame, as_of=as_of)
    with dask.config.set(scheduler="synchronous"):
        lazy = recovery_frame(dd.from_pandas(frame, npartitions=3), as_of=as_of)
        got = lazy.compute().sort_index()
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_customers_alike_but_for_their_loss_get_their_own_codes() -> None:
    """Two customers lost alike, one by churn and one by silence, keep their own reason codes.

    The frame explains one representative state per shape: the loss reason
    and whether there is a comeback are part of the shape.
    """
    base = [
        ci.Interaction(id=f"i{n}", customer_id=cid, timestamp=T0, sentiment=Sentiment.NEGATIVE)
        for n, cid in enumerate(["b", "c", "d"])
    ]
    base.append(
        ci.Interaction(
            id="i9", customer_id="d", timestamp=T0 + timedelta(days=95), sentiment=Sentiment.NEUTRAL
        )
    )
    policy = ci.RecoveryPolicy(positives_per_negative=1)
    customers = [
        ci.Customer(
            id="b",
            created=T0 - timedelta(days=10),
            became_customer=T0 - timedelta(days=10),
            churned=T0 + timedelta(days=2),
        )
    ]
    as_of = T0 + timedelta(days=100)
    expected = object_path(base, as_of, policy, customers)
    got = recovery_frame(
        interactions_to_frame(base), as_of=as_of, policy=policy, customers=customers
    )
    pd.testing.assert_frame_equal(got, expected)
    assert [codes[1] for codes in got["reason_codes"]] == [
        "recovery.lost.churned",
        "recovery.lost.silence",
        "recovery.lost.silence",
    ]


def test_loss_reason_only_while_lost() -> None:
    """A customer lost to silence who came back has no ``lost_reason``; one still lost has it.

    Both keep ``lost_at``; the explanation of the one who came back still says
    why they were lost. Objects and frames agree.
    """
    complaint = Sentiment.NEGATIVE
    base = [
        ci.Interaction(id="a-1", customer_id="a", timestamp=T0, sentiment=complaint),
        ci.Interaction(id="b-1", customer_id="b", timestamp=T0, sentiment=complaint),
        ci.Interaction(
            id="b-2",
            customer_id="b",
            timestamp=T0 + timedelta(days=120),
            sentiment=Sentiment.POSITIVE,
        ),
    ]
    as_of = T0 + timedelta(days=150)
    objects = ci.assess_recoveries(base, as_of=as_of)
    assert objects["a"].status is ci.RecoveryStatus.LOST
    assert objects["a"].lost_reason is ci.LossReason.SILENCE
    assert objects["b"].status is not ci.RecoveryStatus.LOST
    assert objects["b"].lost_reason is None
    assert objects["b"].lost_at is not None
    assert "recovery.lost.silence" in [r.code for r in objects["b"].explanation]
    frame = recovery_frame(interactions_to_frame(base), as_of=as_of)
    assert frame.loc["a", "lost_reason"] == "silence"
    assert pd.isna(frame.loc["b", "lost_reason"])
    pd.testing.assert_frame_equal(frame, recovery_assessments_to_frame(objects))


@settings(max_examples=60)
@given(
    base=bases(),
    policy=POLICIES | st.just(ci.RecoveryPolicy()),
    customers=CUSTOMERS,
    days=st.integers(0, 420),
    limit=st.sampled_from([None, 0, 1, 3, 10]),
)
def test_summary_of_the_frame_equals_summary_of_the_objects(
    base: list[ci.Interaction],
    policy: ci.RecoveryPolicy,
    customers: list[ci.Customer],
    days: int,
    limit: int | None,
) -> None:
    """summarize_recoveries(recovery_frame(...)) is summarize_recoveries(assess_recoveries(...))."""
    as_of = T0 + timedelta(days=days)
    objects = ci.assess_recoveries(base, as_of=as_of, policy=policy, customers=customers)
    frame = recovery_frame(
        interactions_to_frame(base), as_of=as_of, policy=policy, customers=customers
    )
    expected = ci.summarize_recoveries(objects, limit=limit)
    assert ci.summarize_recoveries(frame, limit=limit) == expected
    plain = frame.copy()
    plain.attrs = {}
    assert ci.summarize_recoveries(plain, limit=limit, as_of=as_of) == expected


def test_summary_of_a_frame_without_its_moment() -> None:
    """A frame that lost ``attrs['as_of']`` needs ``as_of=`` to list who is owed, not to count."""
    base = [ci.Interaction(id="a-1", customer_id="a", timestamp=T0, sentiment=Sentiment.NEGATIVE)]
    frame = recovery_frame(interactions_to_frame(base), as_of=T0 + timedelta(days=3))
    frame.attrs = {}
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        ci.summarize_recoveries(frame)
    counted = ci.summarize_recoveries(frame, limit=0)
    assert counted.by_status[ci.RecoveryStatus.AT_RISK] == 1
    assert counted.total_positives_needed == 6
    with pytest.raises(ci.InvalidInputError, match="status"):
        ci.summarize_recoveries(frame.assign(status="gone"), limit=0)


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(-7, 12)), max_size=200),
    st.sampled_from([1, 2**16, 2**16 + 1]),
    st.booleans(),
)
def test_kernels_equal_grouped_pandas(
    rows: list[tuple[int, int]], spread: int, counting: bool
) -> None:
    """Grouping (counting sort or radix), running sums and the Lindley debt equal pandas' groupby."""
    import numpy as np

    from custinteract.recovery import _frames_kernels as kernels

    codes = np.asarray([c for c, _ in rows], dtype=np.int64) * (spread // 9 + 1) % spread
    x = np.asarray([v for _, v in rows], dtype=np.int64)
    groups = int(codes.max()) + 1 if len(codes) else 0
    with pytest.MonkeyPatch.context() as patch:
        if not counting:
            patch.setattr(kernels, "_groupsort", None)
        order = kernels.group_order(codes, max(groups, spread))
    assert order.tolist() == np.argsort(codes, kind="stable").tolist()
    codes, x = codes[order], x[order]
    starts, ends, group = kernels.segment_bounds(codes)

    def grouped(values: np.ndarray, how: str) -> np.ndarray:
        out: np.ndarray = getattr(pd.Series(values).groupby(group, sort=False), how)().to_numpy()
        return out

    cum = grouped(x.astype(float), "cumsum")
    assert kernels.segment_cumsum(x, starts, ends).tolist() == cum.tolist()
    assert kernels.segment_count(x > 0, starts, ends).tolist() == [
        int((x[s:e] > 0).sum()) for s, e in zip(starts, ends, strict=True)
    ]
    expected = cum - np.minimum(0.0, grouped(cum, "cummin"))
    assert kernels.lindley_debts(x, starts, ends, group, grouped).tolist() == expected.tolist()
    fractional = x.astype(float) / 2
    assert kernels.whole_steps(fractional) is None or not (x % 2).any()
    halves = grouped(fractional, "cumsum")
    assert (
        kernels.lindley_debts(fractional, starts, ends, group, grouped).tolist()
        == (halves - np.minimum(0.0, grouped(halves, "cummin"))).tolist()
    )
