"""Satisfaction over DataFrames: exactly the object path, on pandas and on Dask."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing
from custinteract._tabular import normalize_interactions
from custinteract.frames import (
    interactions_to_frame,
    satisfaction_frame,
    satisfaction_to_frame,
    satisfaction_trend_frame,
    satisfaction_trends_to_frame,
)
from custinteract.satisfaction import _frames_breakdown as satisfaction_breakdown
from custinteract.satisfaction._counts import cell_of
from custinteract.satisfaction._frames_counting import _cells, _period_codes
from custinteract.satisfaction.frames import _breakdown_from_frame

UTC = timezone.utc


def _interactions(max_size: int = 40) -> st.SearchStrategy[list[ci.Interaction]]:
    stamps = testing.aware_datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31))
    return st.lists(
        testing.interactions(
            customer_id=st.sampled_from(["c-1", "c-2", "c-3"]),
            timestamps=stamps,
            staff_ids=st.sampled_from([None, "s-1", "s-2"]),
            consistent_ratings=False,
        ),
        max_size=max_size,
        unique_by=lambda interaction: interaction.id,
    )


BYS = st.lists(
    st.sampled_from(["channel", "staff_id", "category", "kind", "direction", "customer.region"]),
    max_size=2,
    unique=True,
)
CUSTOMERS = [
    ci.Customer(id="c-1", created=datetime(2025, 1, 1, tzinfo=UTC), attributes={"region": "north"}),
    ci.Customer(id="c-2", created=datetime(2025, 1, 1, tzinfo=UTC), attributes={"region": "south"}),
    ci.Customer(id="c-3", created=datetime(2025, 1, 1, tzinfo=UTC)),
]
CUSTOMER_FRAME = pd.DataFrame(
    {"customer_id": ["c-1", "c-2", "c-3"], "region": ["north", "south", None]}
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-5)), ZoneInfo("Europe/Berlin")])


def _range() -> st.SearchStrategy[tuple[datetime | None, datetime | None]]:
    bound = st.none() | testing.aware_datetimes(datetime(2026, 2, 1), datetime(2026, 11, 30))

    def ordered(pair: tuple[datetime | None, datetime | None]) -> bool:
        return pair[0] is None or pair[1] is None or pair[0] < pair[1]

    return st.tuples(bound, bound).filter(ordered)


@settings(max_examples=40)
@given(
    _interactions(),
    BYS,
    st.none() | st.sampled_from([ci.Frequency.WEEK, ci.Frequency.MONTH, ci.Frequency.QUARTER]),
    ZONES,
    _range(),
)
def test_frames_path_equals_the_object_path_exactly(
    interactions: list[ci.Interaction],
    by: list[str],
    frequency: ci.Frequency | None,
    tz: timezone,
    bounds: tuple[datetime | None, datetime | None],
) -> None:
    """Counting the frame gives exactly the object path's breakdown and frame."""
    since, until = bounds
    expected = ci.satisfaction_by(
        interactions,
        by=by,
        frequency=frequency,
        customers=CUSTOMERS,
        since=since,
        until=until,
        tz=tz,
    )
    frame = interactions_to_frame(interactions)
    got = _breakdown_from_frame(
        frame,
        by=by,
        frequency=frequency,
        customers=CUSTOMER_FRAME,
        since=since,
        until=until,
        policy=ci.SatisfactionPolicy(),
        tz=tz,
        columns=None,
    )
    assert got == expected
    out = satisfaction_frame(
        frame, by=by, frequency=frequency, customers=CUSTOMER_FRAME, since=since, until=until, tz=tz
    )
    pd.testing.assert_frame_equal(out, satisfaction_to_frame(expected))


@settings(max_examples=15)
@given(_interactions(60), st.sampled_from(ci.MetricKind), st.integers(1, 4))
def test_dask_partitions_sum_to_the_object_path(
    interactions: list[ci.Interaction], kind: ci.MetricKind, partitions: int
) -> None:
    """On Dask (synchronous scheduler) partition counts are summed: same answer."""
    frame = interactions_to_frame(interactions)
    lazy = dd.from_pandas(frame, npartitions=partitions)  # type: ignore[no-untyped-call]
    with dask.config.set(scheduler="synchronous"):
        out = satisfaction_frame(lazy, by=("channel",), frequency=ci.Frequency.MONTH)
        trend = satisfaction_trend_frame(lazy, metric=kind)
    expected = ci.satisfaction_by(interactions, by="channel", frequency=ci.Frequency.MONTH)
    pd.testing.assert_frame_equal(out, satisfaction_to_frame(expected))
    objects = ci.satisfaction_trend(interactions, metric=kind)
    assert trend["count"].tolist() == [p.metric.count for p in objects.points]
    assert trend["trend"].tolist() == [
        None if p.direction is None else p.direction.value for p in objects.points
    ]


def test_trend_frame_matches_the_trend_object() -> None:
    """Values, intervals, directions and codes match satisfaction_trend."""
    at = datetime(2026, 1, 10, tzinfo=UTC)
    data = [
        ci.Interaction(
            id=f"i-{n}",
            customer_id="c-1",
            timestamp=at + timedelta(days=31 * (n // 40)),
            sentiment=ci.Sentiment.POSITIVE,
            rating=ci.Rating(
                value=9 if n % 40 < 10 + 20 * (n // 40) else 3, scale=ci.RatingScale.NPS
            ),
        )
        for n in range(80)
    ]
    trend = ci.satisfaction_trend(data, metric=ci.MetricKind.NPS)
    out = satisfaction_trend_frame(interactions_to_frame(data), metric=ci.MetricKind.NPS)
    assert out["value"].tolist() == [p.metric.value for p in trend.points]
    assert out["low"].tolist() == [p.metric.low for p in trend.points]
    assert out["trend"].tolist() == [None, "up"]
    assert [p.direction for p in trend.points] == [None, ci.TrendDirection.UP]
    assert out["explanation"].tolist() == [
        tuple(r.code for r in p.explanation) for p in trend.points
    ]


def _frame() -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame(
        {
            "ticket": ["t1", "t2", "t3"],
            "customer_id": ["c-1", "c-2", "c-1"],
            "timestamp": pd.to_datetime(
                ["2026-03-01T10:00Z", "2026-03-02T10:00Z", "2026-04-01T10:00Z"]
            ),
            "sentiment": ["positive", "negative", "neutral"],
            "rating_value": [5, 0, None],
            "rating_scale": ["csat", "nps", None],
        }
    )
    return frame


def test_columns_mapping_and_the_input_is_not_modified() -> None:
    """Your column names are mapped; the input frame is left as it was."""
    frame = _frame()
    before = frame.copy()
    out = satisfaction_frame(frame, columns={"id": "ticket"})
    pd.testing.assert_frame_equal(frame, before)
    row = out.loc["all"]
    assert row["interactions"] == 3
    assert row["csat"] == 1.0
    assert row["nps"] == -100.0
    assert row["sentiment_neutral"] == 1.0
    assert "satisfaction.data_point" not in row["explanation"]
    assert row["explanation"][0] == "satisfaction.csat"


def test_frame_segments_use_the_customers_frame() -> None:
    """customer.<attribute> reads the customers frame; an unknown customer is refused."""
    frame = _frame().rename(columns={"ticket": "id"})
    customers = pd.DataFrame({"id": ["c-1", "c-2"], "tier": ["gold", "silver"]})
    out = satisfaction_frame(frame, by="customer.tier", customers=customers)
    assert out["interactions"].to_dict() == {"gold": 2, "silver": 1}
    with pytest.raises(ci.InvalidInputError, match="customer_id"):
        satisfaction_frame(frame, by="customer.tier", customers=customers.iloc[:1])
    with pytest.raises(ci.InvalidInputError, match="customers"):
        satisfaction_frame(frame, by="customer.tier")
    with pytest.raises(ci.InvalidInputError, match="unique"):
        satisfaction_frame(frame, by="customer.tier", customers=pd.concat([customers, customers]))


@pytest.mark.parametrize(
    ("value", "scale"),
    [(6, "csat"), (0, "ces"), (11, "nps"), (4.5, "csat"), (5, None)],
)
def test_frame_ratings_are_validated_like_the_model(value: object, scale: object) -> None:
    """A rating outside its scale, fractional, or a value without a scale: refused naming the row.

    A scale without a value is no rating (see tests/test_frames_columns.py).
    """
    frame = _frame().rename(columns={"ticket": "id"})
    frame["rating_value"] = frame["rating_value"].astype(object)
    frame["rating_scale"] = frame["rating_scale"].astype(object)
    frame.loc[2, "rating_value"] = value
    frame.loc[2, "rating_scale"] = scale
    with pytest.raises(ci.InvalidInputError, match=r"rating_value\[2\]"):
        satisfaction_frame(frame)


def test_frame_refuses_what_is_not_a_frame_and_bad_arguments() -> None:
    """Not a DataFrame, a bad by, a bad frequency: InvalidInputError."""
    frame = _frame().rename(columns={"ticket": "id"})
    with pytest.raises(ci.InvalidInputError, match="frame"):
        satisfaction_frame([1, 2])
    with pytest.raises(ci.InvalidInputError, match="by"):
        satisfaction_frame(frame, by="mood")
    with pytest.raises(ci.InvalidInputError, match="frequency"):
        satisfaction_frame(frame, frequency="month")  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="metric"):
        satisfaction_trend_frame(frame, metric="csat")  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="breakdown"):
        satisfaction_to_frame("x")  # type: ignore[arg-type]


def test_frame_range_reports_rows_left_out_and_keeps_empty_periods() -> None:
    """since/until filter rows; empty months in range are rows with NaN values."""
    frame = _frame().rename(columns={"ticket": "id"})
    out = satisfaction_frame(
        frame,
        frequency=ci.Frequency.MONTH,
        since=datetime(2026, 3, 2, tzinfo=UTC),
        until=datetime(2026, 6, 1, tzinfo=UTC),
    )
    assert out["interactions"].tolist() == [1, 1, 0]
    assert out["csat"].isna().all()
    assert out["explanation"].iloc[-1] == ("satisfaction.empty",)
    # March is counted from the 2nd only: flagged, under its calendar label
    assert out.index[0] == pd.Timestamp("2026-03-01", tz=UTC)
    assert "satisfaction.partial_period" in out["explanation"].iloc[0]
    assert "satisfaction.partial_period" not in out["explanation"].iloc[1]


@settings(max_examples=30)
@given(_interactions(), st.sampled_from(ci.MetricKind), BYS)
def test_trend_frame_by_group_equals_the_object_trends(
    interactions: list[ci.Interaction], kind: ci.MetricKind, by: list[str]
) -> None:
    """The grouped trend frame is the frame of satisfaction_trends, exactly."""
    out = satisfaction_trend_frame(
        interactions_to_frame(interactions), by=by, metric=kind, customers=CUSTOMER_FRAME
    )
    if by:
        objects = ci.satisfaction_trends(interactions, by=by, metric=kind, customers=CUSTOMERS)
    else:
        objects = (ci.satisfaction_trend(interactions, metric=kind),)
    pd.testing.assert_frame_equal(out, satisfaction_trends_to_frame(objects))


def test_trends_to_frame_refuses_other_values() -> None:
    """Only SatisfactionTrend values are accepted."""
    with pytest.raises(ci.InvalidInputError, match="trends"):
        satisfaction_trends_to_frame([ci.measure_satisfaction([])])  # type: ignore[list-item]


def test_dask_with_customer_segments_equals_the_object_path() -> None:
    """Segments read from a customers frame work per Dask partition too."""
    data = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id=f"c-{k % 3 + 1}",
            timestamp=datetime(2026, 1 + k % 5, 1, tzinfo=UTC),
            sentiment=ci.Sentiment.POSITIVE,
            rating=ci.Rating(value=1 + k % 5, scale=ci.RatingScale.CSAT),
        )
        for k in range(50)
    ]
    lazy = dd.from_pandas(interactions_to_frame(data), npartitions=3)  # type: ignore[no-untyped-call]
    with dask.config.set(scheduler="synchronous"):
        out = satisfaction_frame(
            lazy, by="customer.region", frequency=ci.Frequency.MONTH, customers=CUSTOMER_FRAME
        )
    expected = ci.satisfaction_by(
        data, by="customer.region", frequency=ci.Frequency.MONTH, customers=CUSTOMERS
    )
    pd.testing.assert_frame_equal(out, satisfaction_to_frame(expected))
    assert len(out) == 3 * 5


@settings(max_examples=40, deadline=None)
@given(_interactions())
def test_frames_cells_are_the_object_cells(interactions: list[ci.Interaction]) -> None:
    """The vectorised cells of a frame are cell_of of each interaction (one cell table)."""
    frame = normalize_interactions(interactions_to_frame(interactions), None)
    assert _cells(frame).tolist() == [cell_of(interaction) for interaction in interactions]


def _rated_frame(
    rows: int, scales: tuple[str | None, ...] = ("csat", "nps", "ces", None)
) -> pd.DataFrame:
    """``rows`` interactions over two months, rated in turn on each of ``scales`` (None: unrated)."""
    return pd.DataFrame(
        {
            "id": [f"i-{n}" for n in range(rows)],
            "customer_id": [f"c-{n % 3}" for n in range(rows)],
            "timestamp": pd.to_datetime(
                [datetime(2026, 1 + n % 2, 1 + n % 28, n % 24, tzinfo=UTC) for n in range(rows)]
            ),
            "sentiment": [["positive", "neutral", "negative"][n % 3] for n in range(rows)],
            "channel": [["phone", "chat"][n % 2] for n in range(rows)],
            "staff_id": [["s-1", None, "s-2"][n % 3] for n in range(rows)],
            "rating_value": pd.array(
                [None if scales[n % 4] is None else 1 + n % 5 for n in range(rows)], dtype="Int64"
            ),
            "rating_scale": [scales[n % 4] for n in range(rows)],
        }
    )


def test_counts_in_slices_equal_one_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """A frame counted in slices of rows gives the answer of one count, and the same errors."""
    frame = _rated_frame(60)
    options = {
        "by": ("channel", "staff_id"),
        "frequency": ci.Frequency.WEEK,
        "since": datetime(2026, 1, 3, tzinfo=UTC),
    }
    whole = satisfaction_frame(frame, **options)
    trend = satisfaction_trend_frame(frame, by="channel", frequency=ci.Frequency.WEEK)
    monkeypatch.setattr(satisfaction_breakdown, "_SLICE_ROWS", 7)
    pd.testing.assert_frame_equal(satisfaction_frame(frame, **options), whole)
    pd.testing.assert_frame_equal(
        satisfaction_trend_frame(frame, by="channel", frequency=ci.Frequency.WEEK), trend
    )
    # Off-scale ratings in two slices: the first CSAT one is named, as in one count.
    bad = frame.assign(rating_value=frame["rating_value"].astype("float64"))
    bad.loc[2, "rating_value"] = 9.0  # CES, in the first slice
    bad.loc[40, "rating_value"] = 7.0  # CSAT, in a later slice
    with pytest.raises(ci.InvalidInputError, match=r"rating_value\[40\].*csat"):
        satisfaction_frame(bad)


def test_off_scale_ratings_are_named_scale_by_scale() -> None:
    """Of several off-scale ratings, the first on CSAT, then NPS, then CES is named."""
    frame = _rated_frame(12, ("ces", "nps", "csat", None))
    frame["rating_value"] = frame["rating_value"].astype("float64")
    frame.loc[0, "rating_value"] = 8.0  # CES 8
    frame.loc[5, "rating_value"] = 11.0  # NPS 11
    with pytest.raises(ci.InvalidInputError, match=r"rating_value\[5\].*nps"):
        satisfaction_frame(frame)
    frame.loc[10, "rating_value"] = 2.5  # CSAT 2.5
    with pytest.raises(ci.InvalidInputError, match=r"rating_value\[10\].*csat"):
        satisfaction_frame(frame)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(-719_000, 2_932_000), min_size=1, max_size=30)  # unique days, or
    | st.lists(st.integers(20_000, 20_400), min_size=1, max_size=30),  # a table over the span
    st.sampled_from(ci.Frequency),
)
def test_period_codes_are_the_period_starts_of_each_day(
    days: list[int], frequency: ci.Frequency
) -> None:
    """Each day's code points at period_start of that day, near or far apart (years 1 to 9997)."""
    codes, starts = _period_codes(np.array(days, dtype=np.int64), frequency)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for day, code in zip(days, codes.tolist(), strict=True):
        expected = ci.period_start(epoch + timedelta(days=day), frequency).replace(tzinfo=None)
        assert starts[code].astype(datetime) == expected
    assert starts.tolist() == sorted(set(starts.tolist()))
