"""Identical repeats in a frame are counted once and said, as the object path says them.

The object path reports ``satisfaction.repeats_ignored`` in a breakdown's
explanation when it drops identical repeated interactions; a frame answer
keeps that explanation (what was counted, what was left out) in
``attrs["explanation"]``, with the same reasons, read from the same
definition, whether the frame came as pandas, Dask or polars.
"""

from __future__ import annotations

from datetime import datetime, timezone

import dask
import dask.dataframe as dd
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing
from custinteract.frames import (
    interactions_to_frame,
    satisfaction_frame,
    satisfaction_to_frame,
    satisfaction_trend_frame,
)
from custinteract.satisfaction import _frames_breakdown as satisfaction_breakdown
from custinteract.satisfaction._frames_polars import _breakdown as polars_breakdown
from custinteract.satisfaction._inputs import check_scope
from custinteract.satisfaction.frames import _breakdown_from_frame

UTC = timezone.utc
MARCH = datetime(2026, 3, 1, tzinfo=UTC)


def _desk() -> pd.DataFrame:
    """Four survey answers; the helpdesk export sent the first one three times."""
    return pd.DataFrame(
        {
            "id": ["t1", "t2", "t3", "t4", "t1", "t1"],
            "customer_id": ["c1", "c2", "c3", "c1", "c1", "c1"],
            "timestamp": pd.to_datetime(
                [
                    "2026-01-05T10:00Z",
                    "2026-01-20T10:00Z",
                    "2026-02-02T10:00Z",
                    "2026-03-09T10:00Z",
                    "2026-01-05T10:00Z",
                    "2026-01-05T10:00Z",
                ]
            ),
            "sentiment": ["positive", "negative", "positive", "neutral"] + ["positive"] * 2,
            "channel": ["phone", "chat", "phone", "chat", "phone", "phone"],
            "rating_value": pd.array([5, 2, 4, None, 5, 5], dtype="Int64"),
            "rating_scale": ["csat", "csat", "csat", None, "csat", "csat"],
        }
    )


def test_a_worked_example_says_two_repeats_were_counted_once() -> None:
    """Six rows, two of them replays of the first: four counted, the two repeats said once."""
    out = satisfaction_frame(_desk(), by="channel", frequency=ci.Frequency.MONTH, until=MARCH)
    assert out["interactions"].sum() == 3  # t4 is in March, outside the range
    reasons = {reason.code: reason.message for reason in out.attrs["explanation"]}
    assert reasons == {
        "satisfaction.data_point": (
            "Every interaction is a data point: 3 counted, 3 by their rating and 0 by their"
            " sentiment."
        ),
        "satisfaction.repeats_ignored": "2 repeated identical interactions counted once.",
        "satisfaction.outside_range": (
            "1 interaction outside the range from the beginning to 2026-03-01T00:00:00+00:00"
            " left out."
        ),
    }
    objects = ci.frames.interactions_from_frame(_desk().iloc[:4])
    replayed = [*objects, objects[0], objects[0]]
    expected = ci.satisfaction_by(replayed, by="channel", frequency=ci.Frequency.MONTH, until=MARCH)
    assert out.attrs["explanation"] == expected.explanation
    pd.testing.assert_frame_equal(out, satisfaction_to_frame(expected))


def test_without_repeats_nothing_is_said_of_them() -> None:
    """A frame without replays has no repeats reason; the trend frame keeps the same summary."""
    out = satisfaction_frame(_desk().iloc[:4])
    assert [reason.code for reason in out.attrs["explanation"]] == ["satisfaction.data_point"]
    trend = satisfaction_trend_frame(_desk())
    assert "satisfaction.repeats_ignored" in [r.code for r in trend.attrs["explanation"]]
    assert trend.attrs["metric"] is ci.MetricKind.CSAT  # the plot's attrs are still there


def test_dask_counts_repeats_across_partitions_once() -> None:
    """Replays in other partitions than their original are counted once, and said."""
    frame = _desk()
    lazy = dd.from_pandas(frame, npartitions=3)  # type: ignore[no-untyped-call]
    with dask.config.set(scheduler="synchronous"):
        got = satisfaction_frame(lazy, by="channel")
    expected = satisfaction_frame(frame, by="channel")
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["explanation"] == expected.attrs["explanation"]


def test_polars_reads_the_same_repeats() -> None:
    """The polars reader counts the rows it drops as repeats: the same breakdown."""
    scope = check_scope(
        by="channel", frequency=ci.Frequency.MONTH, since=None, until=MARCH, policy=None, tz=UTC
    )
    native = polars_breakdown(pl.from_pandas(_desk()), scope, None, None)
    assert native is not None  # answered natively, not the general way
    general = _breakdown_from_frame(
        _desk(),
        by="channel",
        frequency=ci.Frequency.MONTH,
        customers=None,
        since=None,
        until=MARCH,
        policy=None,
        tz=UTC,
        columns=None,
    )
    assert native == general
    assert "satisfaction.repeats_ignored" in [r.code for r in native.explanation]


def _replayed() -> st.SearchStrategy[tuple[list[ci.Interaction], list[int]]]:
    """Interactions with unique ids, and the positions of those replayed (some more than once)."""
    stamps = testing.aware_datetimes(datetime(2026, 1, 1), datetime(2026, 6, 30))
    items = st.lists(
        testing.interactions(
            customer_id=st.sampled_from(["c-1", "c-2"]),
            timestamps=stamps,
            consistent_ratings=False,
        ),
        min_size=1,
        max_size=25,
        unique_by=lambda interaction: interaction.id,
    )
    return items.flatmap(
        lambda base: st.tuples(
            st.just(base), st.lists(st.integers(0, len(base) - 1), max_size=len(base))
        )
    )


@settings(max_examples=30, deadline=None)
@given(
    _replayed(),
    st.none() | st.sampled_from([ci.Frequency.MONTH, ci.Frequency.WEEK]),
    st.none() | testing.aware_datetimes(datetime(2026, 2, 1), datetime(2026, 5, 31)),
)
def test_every_frame_path_says_what_the_object_path_says(
    drawn: tuple[list[ci.Interaction], list[int]],
    frequency: ci.Frequency | None,
    until: datetime | None,
) -> None:
    """pandas, Dask and polars give the object path's breakdown, repeats and all."""
    base, again = drawn
    replayed = [*base, *(base[k] for k in again)]
    expected = ci.satisfaction_by(replayed, by="channel", frequency=frequency, until=until)
    frame = interactions_to_frame(replayed)
    options = {"by": "channel", "frequency": frequency, "until": until}
    out = satisfaction_frame(frame, **options)
    pd.testing.assert_frame_equal(out, satisfaction_to_frame(expected))
    assert out.attrs["explanation"] == expected.explanation
    with dask.config.set(scheduler="synchronous"):
        lazy = dd.from_pandas(frame, npartitions=2)  # type: ignore[no-untyped-call]
        assert satisfaction_frame(lazy, **options).attrs["explanation"] == expected.explanation
    scope = check_scope(
        by="channel", frequency=frequency, since=None, until=until, policy=None, tz=UTC
    )
    native = polars_breakdown(pl.from_pandas(frame), scope, None, None)
    assert native is None or native == expected  # None: a frame the general way reads


def test_groups_renumbered_densely_give_the_same_breakdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys whose combinations would overflow one integer are renumbered: same answer."""
    frame = pd.concat([_desk()] * 2, ignore_index=True).assign(
        staff_id=["s1", "s2", None, "s1"] * 3
    )
    frame["id"] = [f"t{k}" for k in range(len(frame))]
    options = {"by": ("channel", "staff_id"), "frequency": ci.Frequency.WEEK}
    expected = satisfaction_frame(frame, **options)
    monkeypatch.setattr(satisfaction_breakdown, "_DENSE_FROM", 2)
    got = satisfaction_frame(frame, **options)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["explanation"] == expected.attrs["explanation"]
