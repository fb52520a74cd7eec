"""Frames equal objects for every engine, whatever the zone, the id characters and the precision.

Hypothesis draws small bases whose instants sit around daylight-saving
changes (Europe/Amsterdam, America/New_York, Australia/Lord_Howe's half
hour) or in fixed offsets, each timestamp and ``as_of`` written in a zone of
its own, the frame's timestamp column in yet another zone and unit; ids mix
NUL, non-ASCII and punctuation (``"a"`` beside ``"a\\x00"``). Every engine's
frame function must give exactly the object path's result in the frame
layout.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import frames
from custinteract._time import to_utc

UTC = timezone.utc
ZONES: list[tzinfo] = [
    UTC,
    ZoneInfo("Europe/Amsterdam"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-9, minutes=-30)),
]
TRANSITIONS = [
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # Amsterdam: clocks forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # Amsterdam: clocks back, 02:00-03:00 twice
    datetime(2026, 3, 8, 7, tzinfo=UTC),  # New York: forward
    datetime(2026, 11, 1, 6, tzinfo=UTC),  # New York: back
    datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe: back half an hour
    datetime(2026, 10, 3, 15, 30, tzinfo=UTC),  # Lord Howe: forward half an hour
]
# Whitespace-free characters, NUL among them, and "" so that "a" and "a\x00" both occur.
SUFFIXES = st.text(
    st.sampled_from(["\x00", "é", "中", "ß", "-", "b", "Z", "\U0001f600"]) | st.characters(),
    max_size=2,
).filter(lambda text: not any(c.isspace() for c in text))
IDS = st.builds(lambda suffix: "a" + suffix, SUFFIXES)
# Ids UTF-8 can hold: no lone surrogate (valid in a Python str; polars and Arrow text are
# UTF-8, so the cross-library tests draw these; pandas keeps the others as objects).
UTF8_IDS = IDS.filter(lambda text: not any("\ud800" <= c <= "\udfff" for c in text))


@st.composite
def moments(draw: st.DrawFn) -> datetime:
    """An instant near a clock change, at second, millisecond or microsecond precision."""
    minutes = draw(st.integers(-3 * 24 * 60, 3 * 24 * 60) | st.integers(-90 * 1440, 90 * 1440))
    precision = draw(st.sampled_from([0, 3, 6]))  # digits of the fraction of a second
    fraction = draw(st.integers(0, 10**precision - 1)) * 10 ** (6 - precision)
    instant = draw(st.sampled_from(TRANSITIONS)) + timedelta(minutes=minutes, microseconds=fraction)
    return instant.astimezone(draw(st.sampled_from(ZONES)))


KINDS = [
    ci.InteractionKind.OTHER,
    ci.InteractionKind.PURCHASE,
    ci.InteractionKind.CANCELLATION,
    ci.InteractionKind.QUOTE_REQUEST,
    ci.InteractionKind.INQUIRY,
    ci.InteractionKind.COMPLAINT,
]


@st.composite
def bases(
    draw: st.DrawFn, ids: st.SearchStrategy[str] = IDS
) -> tuple[list[ci.Interaction], list[str], list[str], datetime]:
    """Interactions of a few customers and staff, and an ``as_of`` after most of them."""
    customers = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    staff = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
    out = []
    for n in range(draw(st.integers(0, 14))):
        rated = draw(st.booleans())
        out.append(
            ci.Interaction(
                id=f"{draw(ids)}#{n}",
                customer_id=draw(st.sampled_from(customers)),
                timestamp=draw(moments()),
                sentiment=draw(st.sampled_from(ci.Sentiment)),
                kind=draw(st.sampled_from(KINDS)),
                direction=draw(st.sampled_from(ci.Direction)),
                staff_id=draw(st.none() | st.sampled_from(staff)),
                rating=ci.Rating(value=draw(st.integers(1, 5)), scale=ci.RatingScale.CSAT)
                if rated
                else None,
            )
        )
    as_of = draw(moments())
    return out, customers, staff, as_of


def frame_of(base: list[ci.Interaction], zone: tzinfo, unit: str) -> pd.DataFrame:
    """The interactions as a frame whose timestamp column is in ``zone`` and ``unit``."""
    frame = frames.interactions_to_frame(base)
    frame["timestamp"] = frame["timestamp"].dt.tz_convert(zone).dt.as_unit(unit)
    return frame


FRAME_SHAPES = st.tuples(st.sampled_from(ZONES), st.sampled_from(["us", "ns", "ms"]))


def _exact(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@settings(max_examples=30, deadline=None)
@given(bases(), FRAME_SHAPES)
def test_every_engine_gives_the_object_result(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime],
    shape: tuple[tzinfo, str],
) -> None:
    """Recovery, leads, satisfaction, morale, word of mouth and activity: frames = objects."""
    interactions, customer_ids, staff_ids, as_of = base
    zone, unit = shape
    if unit == "ms" and any(i.timestamp.microsecond % 1000 for i in interactions):
        unit = "us"  # a coarser unit would change the data, not how it is read
    frame = frame_of(interactions, zone, unit)

    _exact(
        frames.recovery_frame(frame, as_of=as_of),
        frames.recovery_assessments_to_frame(ci.assess_recoveries(interactions, as_of=as_of)),
    )
    _exact(
        frames.activity_frame(frame, as_of=as_of),
        frames.activity_assessments_to_frame(ci.assess_activities(interactions, as_of=as_of)),
    )

    created = as_of - timedelta(days=200)
    people = [
        ci.Customer(id=c, created=created.astimezone(ZONES[n % len(ZONES)]))
        for n, c in enumerate(customer_ids)
    ]
    _exact(
        frames.leads_frame(frames.customers_to_frame(people), frame, as_of=as_of),
        frames.lead_assessments_to_frame(
            ci.assess_lead(p, [i for i in interactions if i.customer_id == p.id], as_of=as_of)
            for p in people
        ),
    )

    members = [ci.StaffMember(id=s, name=s, hired=created) for s in staff_ids]
    staff = pd.DataFrame({"id": staff_ids, "name": staff_ids, "hired": [created] * len(staff_ids)})
    _exact(
        frames.morale_frame(staff, frame, as_of=as_of),
        frames.morale_assessments_to_frame(
            ci.assess_team_morale(members, interactions, as_of=as_of).members
        ),
    )

    by_customer: dict[str, list[ci.Interaction]] = defaultdict(list)
    for interaction in interactions:
        by_customer[interaction.customer_id].append(interaction)
    mouth = frames.word_of_mouth_frame(frame)
    assert sorted(mouth.index) == sorted(by_customer)
    for customer, items in by_customer.items():
        estimate = ci.estimate_word_of_mouth(items)
        row = mouth.loc[customer]
        assert (row["positives"], row["negatives"], row["net_reach"]) == (
            estimate.positives,
            estimate.negatives,
            estimate.net_reach,
        )

    calendar = ZONES[len(interactions) % len(ZONES)]
    _exact(
        frames.satisfaction_frame(
            frame, by="customer_id", frequency=ci.Frequency.DAY, tz=calendar, until=as_of
        ),
        frames.satisfaction_to_frame(
            ci.satisfaction_by(
                interactions,
                by="customer_id",
                frequency=ci.Frequency.DAY,
                tz=calendar,
                until=as_of,
            )
        ),
    )


@settings(max_examples=25, deadline=None)
@given(bases(), st.sampled_from(ZONES))
def test_a_frame_and_its_objects_round_trip(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime], zone: tzinfo
) -> None:
    """interactions_from_frame gives back the objects, and to_dict/from_dict keeps each one."""
    interactions = base[0]
    assert frames.interactions_from_frame(frame_of(interactions, zone, "ns")) == tuple(interactions)
    for interaction in interactions:
        assert ci.from_dict(ci.Interaction, ci.to_dict(interaction)) == interaction


def test_nanoseconds_are_refused_by_both_paths() -> None:
    """A datetime holds microseconds: both paths refuse the same row rather than differ."""
    frame = frames.interactions_to_frame(
        [
            ci.Interaction(
                id=name,
                customer_id="a",
                timestamp=TRANSITIONS[0],
                sentiment=ci.Sentiment.NEGATIVE,
            )
            for name in ("x", "y")
        ]
    )
    frame["timestamp"] = frame["timestamp"].dt.as_unit("ns") + pd.to_timedelta([0, 1], unit="ns")
    for call in (
        lambda: frames.interactions_from_frame(frame),
        lambda: frames.recovery_frame(frame, as_of=TRANSITIONS[1]),
        lambda: frames.activity_frame(frame, as_of=TRANSITIONS[1]),
    ):
        with pytest.raises(ci.InvalidInputError, match=r"^timestamp\[1\]: .*whole microseconds"):
            call()
    floored = frame.assign(timestamp=frame["timestamp"].dt.floor("us"))
    assert len(frames.interactions_from_frame(floored)) == 2


@pytest.mark.parametrize(
    ("when", "as_of"),
    [
        (datetime(2026, 3, 1, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC)),
        (datetime(1500, 6, 1, tzinfo=UTC), datetime(1600, 1, 1, tzinfo=UTC)),
    ],
)
def test_dates_outside_the_nanosecond_range(when: datetime, as_of: datetime) -> None:
    """as_of in year 3000, or a base before 1677: the frames read them as the objects do."""
    base = [
        ci.Interaction(id="i", customer_id="a", timestamp=when, sentiment=ci.Sentiment.POSITIVE)
    ]
    frame = frames.interactions_to_frame(base)
    _exact(
        frames.activity_frame(frame, as_of=as_of),
        frames.activity_assessments_to_frame(ci.assess_activities(base, as_of=as_of)),
    )
    _exact(
        frames.recovery_frame(frame, as_of=as_of),
        frames.recovery_assessments_to_frame(ci.assess_recoveries(base, as_of=as_of)),
    )


def test_a_recovery_date_the_frame_cannot_hold_is_refused_naming_the_column() -> None:
    """A negative in 1500: the frame's nanosecond date columns cannot hold it; the error says so."""
    base = [
        ci.Interaction(
            id="i",
            customer_id="a",
            timestamp=datetime(1500, 1, 1, tzinfo=UTC),
            sentiment=ci.Sentiment.NEGATIVE,
        )
    ]
    with pytest.raises(ci.InvalidInputError, match=r"^last_negative_at: .*1677-09-22"):
        frames.recovery_frame(frames.interactions_to_frame(base), as_of=TRANSITIONS[0])


@pytest.mark.parametrize("memory", [None, relativedelta(years=3)])
def test_a_count_beyond_int64_is_refused_never_wrapped(memory: relativedelta | None) -> None:
    """1,100 negatives at 2**53 - 1 positives each: the objects' int, the frame's clear refusal.

    An int64 column cannot hold the debt; NumPy would wrap it to a negative
    number with only a warning.
    """
    base = [
        ci.Interaction(
            id=f"i{n}",
            customer_id="a",
            timestamp=TRANSITIONS[0] + timedelta(minutes=n),
            sentiment=ci.Sentiment.NEGATIVE,
        )
        for n in range(1100)
    ]
    policy = ci.RecoveryPolicy(positives_per_negative=2**53 - 1, negative_memory=memory)
    as_of = TRANSITIONS[0] + timedelta(days=2)
    assert ci.assess_recoveries(base, as_of=as_of, policy=policy)["a"].positives_needed > 2**63
    frame = frames.interactions_to_frame(base)
    for call in (frames.recovery_frame, frames.recovery_ledger_frame):
        with pytest.raises(ci.InvalidInputError, match=r"^positives_needed: .*below 2\*\*63"):
            call(frame, as_of=as_of, policy=policy)


def test_the_hour_a_clock_repeats_sorts_by_instant_and_round_trips() -> None:
    """02:30 (summer time) comes before 02:10 (winter time) on the night clocks go back.

    Python orders two times of one ZoneInfo by their wall clocks; the models
    hold each at its fixed offset, so the negative counts first, as in the
    frame, and each value reads back equal from its document (a skipped
    hour's time too).
    """
    amsterdam = ZoneInfo("Europe/Amsterdam")
    summer = datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=amsterdam)
    winter = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=amsterdam)
    skipped = datetime(2026, 3, 29, 2, 30, tzinfo=amsterdam)
    assert winter < summer  # by wall clocks
    assert to_utc(summer) < to_utc(winter)  # by instants
    base = [
        ci.Interaction(id="n", customer_id="a", timestamp=summer, sentiment=ci.Sentiment.NEGATIVE),
        ci.Interaction(id="p", customer_id="a", timestamp=winter, sentiment=ci.Sentiment.POSITIVE),
        ci.Interaction(id="s", customer_id="a", timestamp=skipped, sentiment=ci.Sentiment.NEUTRAL),
    ]
    as_of = datetime(2026, 10, 26, tzinfo=amsterdam)
    result = ci.assess_recoveries(base, as_of=as_of)["a"]
    assert (result.status, result.positives_needed) == (ci.RecoveryStatus.RECOVERING, 5)
    _exact(
        frames.recovery_frame(frames.interactions_to_frame(base), as_of=as_of),
        frames.recovery_assessments_to_frame({"a": result}),
    )
    for interaction, written in zip(base, (summer, winter, skipped), strict=True):
        assert to_utc(interaction.timestamp) == to_utc(written)
        assert interaction.timestamp.utcoffset() == written.utcoffset()
        assert ci.from_dict(ci.Interaction, ci.to_dict(interaction)) == interaction
