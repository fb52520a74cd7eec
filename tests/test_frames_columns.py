"""The columns people have: integer and categorical ids, naive timestamps, ratings without sentiment.

Each way of reading a column is checked on the frames path (satisfaction and
recovery) against the object path, and on interactions_from_frame against the
values it should build.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pandas as pd
import pytest

import custinteract as ci
from custinteract import frames
from custinteract.frames import (
    customers_from_frame,
    customers_to_frame,
    interactions_from_frame,
    interactions_to_frame,
    normalize_interactions,
    recovery_assessments_to_frame,
    recovery_frame,
    satisfaction_frame,
    satisfaction_to_frame,
)

UTC = timezone.utc
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AS_OF = T0 + timedelta(days=60)
SCALES = [ci.RatingScale.CSAT, ci.RatingScale.NPS, ci.RatingScale.CES]


def interactions(*, rated_every: int = 3) -> list[ci.Interaction]:
    """Numeric-looking ids, a mix of moods, some rated (sentiment then from the rating)."""
    out = []
    moods = [ci.Sentiment.NEGATIVE, ci.Sentiment.POSITIVE, ci.Sentiment.NEUTRAL]
    for n in range(24):
        rating = None
        sentiment = moods[n % 3]
        if n % rated_every == 0:
            scale = SCALES[n % 2]
            value = scale.low + (n * 7) % (scale.high - scale.low + 1)
            rating = ci.Rating(value=value, scale=scale)
            sentiment = ci.sentiment_from_rating(value, scale)
        out.append(
            ci.Interaction(
                id=str(100 + n),
                customer_id=str(n % 5),
                timestamp=T0 + timedelta(days=n, hours=n % 7),
                sentiment=sentiment,
                channel=ci.Channel.EMAIL,
                rating=rating,
            )
        )
    return out


def both_paths(frame: pd.DataFrame, expected: list[ci.Interaction]) -> None:
    """satisfaction_frame, recovery_frame and interactions_from_frame agree with the objects."""
    pd.testing.assert_frame_equal(
        satisfaction_frame(frame, by="channel"),
        satisfaction_to_frame(ci.satisfaction_by(expected, by="channel")),
    )
    pd.testing.assert_frame_equal(
        recovery_frame(frame, as_of=AS_OF),
        recovery_assessments_to_frame(ci.assess_recoveries(expected, as_of=AS_OF)),
    )
    assert interactions_from_frame(frame) == tuple(expected)


@pytest.mark.parametrize("dtype", ["int64", "Int64", "uint32", "category", "object"])
def test_integer_and_categorical_ids_are_their_decimal_text(dtype: str) -> None:
    """7 is read as "7", whatever integer or categorical dtype holds it."""
    expected = interactions()
    frame = interactions_to_frame(expected)
    frame["id"] = frame["id"].astype(int).astype(dtype)
    frame["customer_id"] = frame["customer_id"].astype(int).astype(dtype)
    both_paths(frame, expected)


def test_text_utf8_cannot_hold_stays_objects_and_round_trips() -> None:
    """A lone surrogate (a valid Python str, not UTF-8) keeps its column as objects."""
    expected = [
        attrs.evolve(i, id=f"{i.id}\ud800", category="x\udc80" if n % 2 else None)
        for n, i in enumerate(interactions())
    ]
    frame = interactions_to_frame(expected)
    plain = interactions_to_frame(interactions())
    assert frame["id"].dtype == object
    assert frame["category"].dtype == object
    assert frame["customer_id"].dtype == plain["customer_id"].dtype
    assert frame["sentiment"].dtype == plain["sentiment"].dtype
    both_paths(frame, expected)


def test_categorical_text_ids_are_their_categories() -> None:
    expected = interactions()
    frame = interactions_to_frame(expected)
    frame["customer_id"] = frame["customer_id"].astype("category")
    both_paths(frame, expected)


def test_float_ids_and_missing_ids_are_refused_naming_the_fix() -> None:
    """A CSV id column with a gap reads as floats: refused, with how to read it as text."""
    frame = interactions_to_frame(interactions())
    frame["customer_id"] = frame["customer_id"].astype(float)
    with pytest.raises(
        ci.InvalidInputError,
        match=r"^customer_id\[0\]: expected a non-blank string or an integer .*dtype=\{'customer_id': str\}",
    ):
        normalize_interactions(frame)
    frame = interactions_to_frame(interactions())
    frame["id"] = frame["id"].astype(int).astype("Int64")
    frame.loc[3, "id"] = pd.NA
    with pytest.raises(ci.InvalidInputError, match=r"^id\[3\]: expected a non-blank string"):
        normalize_interactions(frame)
    frame = interactions_to_frame(interactions())
    frame["id"] = pd.Categorical([None, *frame["id"][1:]])
    with pytest.raises(ci.InvalidInputError, match=r"^id\[0\]: expected a non-blank string"):
        normalize_interactions(frame)


def naive(frame: pd.DataFrame, zone: str) -> pd.DataFrame:
    out = frame.copy()
    out["timestamp"] = out["timestamp"].dt.tz_convert(zone).dt.tz_localize(None)
    return out


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York"])
def test_naive_timestamps_are_localized_with_tz(zone: str) -> None:
    expected = interactions()
    frame = naive(interactions_to_frame(expected), zone)
    assert interactions_from_frame(frame, tz=zone) == tuple(expected)
    localized = normalize_interactions(frame, tz=zone)
    assert localized["timestamp"].tolist() == [i.timestamp for i in expected]
    aware = frame.assign(timestamp=frame["timestamp"].dt.tz_localize(zone))
    both_paths(aware, expected)


def test_naive_timestamps_without_tz_name_the_fix() -> None:
    frame = naive(interactions_to_frame(interactions()), "UTC")
    fix = r"tz_localize\('UTC'\) or pass {}=\.\.\."
    for call, name in (
        (lambda: normalize_interactions(frame), "tz"),
        (lambda: interactions_from_frame(frame), "tz"),
        (lambda: recovery_frame(frame, as_of=AS_OF), "tz"),
        # the satisfaction frames' tz is the calendar's zone: the reading zone has its own name
        (lambda: satisfaction_frame(frame), "timestamps_tz"),
    ):
        with pytest.raises(
            ci.InvalidInputError, match=rf"^timestamp: expected .*{fix.format(name)}"
        ):
            call()


def test_every_frame_function_localizes_naive_timestamps() -> None:
    """``tz=`` (``timestamps_tz=`` beside a calendar ``tz``) gives the result of aware timestamps."""
    expected = interactions()
    aware = interactions_to_frame(expected)
    frame = naive(aware, "Europe/Paris")
    staff = pd.DataFrame({"id": sorted({i.staff_id for i in expected if i.staff_id})})
    customers = customers_to_frame(
        [
            ci.Customer(id=c, created=AS_OF - timedelta(days=900))
            for c in {i.customer_id for i in expected}
        ]
    )
    calls = {
        "tz": [
            lambda d, **k: frames.recovery_frame(d, as_of=AS_OF, **k),
            lambda d, **k: frames.recovery_ledger_frame(d, as_of=AS_OF, **k),
            lambda d, **k: frames.leads_frame(customers, d, as_of=AS_OF, **k),
            lambda d, **k: frames.morale_frame(staff, d, as_of=AS_OF, **k),
            lambda d, **k: frames.team_morale_frame(staff, d, as_of=AS_OF, **k),
            lambda d, **k: frames.word_of_mouth_frame(d, **k),
            lambda d, **k: frames.activity_frame(d, as_of=AS_OF, **k),
            lambda d, **k: frames.activity_summary_frame(d, as_of=AS_OF, **k),
        ],
        "timestamps_tz": [
            lambda d, **k: frames.satisfaction_frame(d, frequency=ci.Frequency.DAY, **k),
            lambda d, **k: frames.satisfaction_trend_frame(d, frequency=ci.Frequency.DAY, **k),
        ],
    }
    for name, functions in calls.items():
        for call in functions:
            pd.testing.assert_frame_equal(call(frame, **{name: "Europe/Paris"}), call(aware))
            with pytest.raises(ci.InvalidInputError, match=f"or pass {name}="):
                call(frame)


def test_tz_leaves_aware_timestamps_alone_and_bad_zones_are_refused() -> None:
    expected = interactions()
    frame = interactions_to_frame(expected)
    assert interactions_from_frame(frame, tz="Asia/Tokyo") == tuple(expected)
    with pytest.raises(ci.InvalidInputError, match=r"^tz: "):
        normalize_interactions(naive(frame, "UTC"), tz="Not/AZone")
    with pytest.raises(ci.InvalidInputError, match=r"^tz: "):
        normalize_interactions(naive(frame, "UTC"), tz=5)  # type: ignore[arg-type]


def test_ratings_without_a_sentiment_column() -> None:
    """Every row rated and no sentiment column: sentiment comes from sentiment_from_rating."""
    expected = interactions(rated_every=1)
    frame = interactions_to_frame(expected).drop(columns="sentiment")
    both_paths(frame, expected)


def test_missing_sentiments_are_derived_where_there_is_a_rating() -> None:
    """Only the missing sentiments are derived; a given sentiment is kept even if it disagrees."""
    expected = interactions()
    frame = interactions_to_frame(expected)
    rated = frame["rating_value"].notna()
    frame.loc[rated, "sentiment"] = None
    both_paths(frame, expected)
    frame = interactions_to_frame(expected)
    frame.loc[0, "sentiment"] = "positive"  # rated 1 on csat: kept as given
    assert interactions_from_frame(frame)[0].sentiment is ci.Sentiment.POSITIVE


def test_a_row_with_neither_sentiment_nor_rating_is_refused() -> None:
    frame = interactions_to_frame(interactions())
    frame.loc[1, "sentiment"] = None
    with pytest.raises(
        ci.InvalidInputError, match=r"^sentiment\[1\]: expected a sentiment, or a rating"
    ):
        normalize_interactions(frame)
    with pytest.raises(ci.InvalidInputError, match=r"^sentiment: .*a column named 'sentiment'"):
        normalize_interactions(
            interactions_to_frame(interactions()).drop(columns=["sentiment", "rating_value"])
        )
    bad = interactions_to_frame(interactions()).drop(columns="sentiment")
    bad["rating_value"] = bad["rating_value"].astype(object)
    bad.loc[0, "rating_value"] = 9  # 9 on the csat scale
    with pytest.raises(
        ci.InvalidInputError, match=r"^rating_value\[0\]: expected an integer from 1 to 5"
    ):
        normalize_interactions(bad)


def test_a_missing_rating_value_is_no_rating() -> None:
    """A scale column filled on every row, values only where rated: the rest have no rating."""
    expected = interactions()
    frame = interactions_to_frame(expected)
    frame["rating_value"] = frame["rating_value"].astype(float)  # as read from a CSV
    frame["rating_scale"] = frame["rating_scale"].fillna("csat")
    both_paths(frame, expected)


def test_no_sentiment_column_and_an_unrated_row_names_the_column() -> None:
    frame = interactions_to_frame(interactions()).drop(columns="sentiment")
    with pytest.raises(
        ci.InvalidInputError,
        match=r"^sentiment: expected a column named 'sentiment' .*on every row .*\(row 1 has none\)",
    ):
        normalize_interactions(frame)


def test_customer_frames_read_integer_ids_the_same_way() -> None:
    created = pd.to_datetime(["2026-01-05T00:00Z", "2026-01-06T00:00Z"])
    frame = pd.DataFrame({"customer_id": [7, 8], "created": created})
    assert [c.id for c in customers_from_frame(frame)] == ["7", "8"]
    categorical = frame.assign(customer_id=frame["customer_id"].astype("category"))
    assert [c.id for c in customers_from_frame(categorical)] == ["7", "8"]


def test_customers_frames_of_the_engines_read_integer_ids_the_same_way() -> None:
    """Integer customer ids in the interactions and in a customers frame still meet."""
    expected = interactions()
    frame = interactions_to_frame(expected)
    frame["customer_id"] = frame["customer_id"].astype(int)
    regions = pd.DataFrame({"customer_id": range(5), "region": ["n", "s", "n", "s", "e"]})
    objects = [
        ci.Customer(id=str(n), created=T0 - timedelta(days=400), attributes={"region": r})
        for n, r in enumerate(regions["region"])
    ]
    pd.testing.assert_frame_equal(
        satisfaction_frame(frame, by="customer.region", customers=regions),
        satisfaction_to_frame(
            ci.satisfaction_by(expected, by="customer.region", customers=objects)
        ),
    )
    churn = pd.DataFrame(
        {"customer_id": [1], "churned": pd.to_datetime([AS_OF - timedelta(days=3)], utc=True)}
    )
    churned = [
        ci.Customer(
            id="1",
            created=T0 - timedelta(days=400),
            became_customer=T0 - timedelta(days=300),
            churned=AS_OF - timedelta(days=3),
        )
    ]
    pd.testing.assert_frame_equal(
        recovery_frame(frame, as_of=AS_OF, customers=churn),
        recovery_assessments_to_frame(
            ci.assess_recoveries(expected, as_of=AS_OF, customers=churned)
        ),
    )


def test_metadata_keys_become_columns_so_leads_frames_equal_objects() -> None:
    """interactions_to_frame(metadata=) writes the budget the lead rule reads, so the paths agree."""
    from custinteract import samples

    base = samples.sample_dataset()
    as_of = samples.SAMPLE_AS_OF
    customers = frames.customers_to_frame(base.customers)
    objects = {
        a.customer_id: a.temperature.value
        for a in ci.assess_leads(base.customers, base.interactions, as_of=as_of)
    }
    with_budget = frames.interactions_to_frame(base.interactions, metadata=("budget",))
    assert list(with_budget.columns) == [*frames.INTERACTION_COLUMNS, "budget"]
    table = frames.leads_frame(customers, with_budget, as_of=as_of)
    assert table["temperature"].to_dict() == objects
    without = frames.leads_frame(
        customers, frames.interactions_to_frame(base.interactions), as_of=as_of
    )
    assert (without["temperature"] != table["temperature"]).any()  # the budget matters here


@pytest.mark.parametrize("metadata", ["budget", ["id"], [""], ["a", "a"], [1]])
def test_metadata_keys_refused(metadata: object) -> None:
    with pytest.raises(ci.InvalidInputError, match="metadata"):
        frames.interactions_to_frame([], metadata=metadata)  # type: ignore[arg-type]
