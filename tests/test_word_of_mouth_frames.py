"""Word of mouth from DataFrames (pandas and Dask) equals the object path; the plots draw."""

from __future__ import annotations

from collections import defaultdict

import dask
import dask.dataframe as dd
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import custinteract as ci
from custinteract import testing
from custinteract.frames import interactions_to_frame, word_of_mouth_frame
from custinteract.plotting import plot_bass, plot_reach_distribution
from custinteract.word_of_mouth._frames_keys import distinct_keys

policies = st.builds(
    ci.WordOfMouthPolicy,
    positive_audience=st.floats(0, 10),
    negative_multiplier=st.floats(0, 4),
    retell_probability=st.floats(0, 1),
    retell_audience=st.floats(0, 3),
    max_hops=st.integers(1, 4),
    population=st.none() | st.integers(1, 500),
)

bases = st.lists(
    testing.interactions(st.sampled_from(["ann", "bob", "cy", "dee"])),
    max_size=40,
    unique_by=lambda interaction: interaction.id,
)


def object_path(
    interactions: list[ci.Interaction], policy: ci.WordOfMouthPolicy
) -> dict[str, ci.WordOfMouthEstimate]:
    """estimate_word_of_mouth on each customer's interactions."""
    by_customer: dict[str, list[ci.Interaction]] = defaultdict(list)
    for interaction in interactions:
        by_customer[interaction.customer_id].append(interaction)
    return {c: ci.estimate_word_of_mouth(items, policy=policy) for c, items in by_customer.items()}


def assert_equal_to_object_path(
    frame: pd.DataFrame, expected: dict[str, ci.WordOfMouthEstimate]
) -> None:
    """Each row equals the customer's estimate exactly."""
    assert sorted(frame.index) == sorted(expected)
    for customer, estimate in expected.items():
        row = frame.loc[customer]
        assert (row["positives"], row["negatives"], row["neutrals"]) == (
            estimate.positives,
            estimate.negatives,
            estimate.neutrals,
        )
        assert row["positive_reach"] == estimate.positive_reach
        assert row["negative_reach"] == estimate.negative_reach
        assert row["net_reach"] == estimate.net_reach
        offset = row["positives_to_offset"]
        assert (None if offset is pd.NA else offset) == estimate.positives_to_offset
        assert row["explanation"] == tuple(r.code for r in estimate.explanation)


@settings(max_examples=40)
@given(interactions=bases, policy=policies)
def test_frame_equals_the_object_path(
    interactions: list[ci.Interaction], policy: ci.WordOfMouthPolicy
) -> None:
    """Per customer, the frame gives exactly what estimate_word_of_mouth gives."""
    frame = interactions_to_frame(interactions)
    before = frame.copy()
    result = word_of_mouth_frame(frame, policy=policy)
    pd.testing.assert_frame_equal(frame, before)  # the input is never modified
    assert list(result.columns) == list(ci.frames.WORD_OF_MOUTH_COLUMNS)
    assert result.index.name == "customer_id"
    assert_equal_to_object_path(result, object_path(interactions, policy))


@settings(max_examples=30)
@given(interactions=bases, policy=policies, data=st.data())
def test_replayed_rows_are_counted_once_and_reported_as_on_the_object_path(
    interactions: list[ci.Interaction], policy: ci.WordOfMouthPolicy, data: st.DataObject
) -> None:
    """Identical repeated rows: each customer's row equals the object path on the list with the repeats."""
    replays = data.draw(st.lists(st.sampled_from(interactions), max_size=8)) if interactions else []
    with_repeats = interactions + replays
    result = word_of_mouth_frame(interactions_to_frame(with_repeats), policy=policy)
    assert_equal_to_object_path(result, object_path(with_repeats, policy))


def test_a_replayed_row_says_so_for_its_customer_only() -> None:
    """ann's negative arrives twice: counted once, with duplicate_ignored; bob's row is untouched."""
    at = pd.Timestamp("2026-03-04T10:00Z").to_pydatetime()
    bad = ci.Interaction(id="i-1", customer_id="ann", timestamp=at, sentiment=ci.Sentiment.NEGATIVE)
    good = ci.Interaction(
        id="i-2", customer_id="bob", timestamp=at, sentiment=ci.Sentiment.POSITIVE
    )
    result = word_of_mouth_frame(interactions_to_frame([bad, good, bad]))
    assert result.loc["ann", "negatives"] == 1
    assert result.loc["ann", "negative_reach"] == 10.0
    assert result.loc["ann", "explanation"][0] == "word_of_mouth.duplicate_ignored"
    assert "word_of_mouth.duplicate_ignored" not in result.loc["bob", "explanation"]
    expected = ci.estimate_word_of_mouth([bad, bad])
    assert result.loc["ann", "explanation"] == tuple(r.code for r in expected.explanation)


def test_dask_with_replayed_rows_equals_pandas() -> None:
    """Replays land with their customer in one partition: the Dask result is the pandas one."""
    at = pd.Timestamp("2026-03-04T10:00Z").to_pydatetime()
    interactions = [
        ci.Interaction(
            id=f"i-{n}", customer_id=f"c-{n % 5}", timestamp=at, sentiment=list(ci.Sentiment)[n % 3]
        )
        for n in range(30)
    ]
    frame = interactions_to_frame(interactions + interactions[:7])
    expected = word_of_mouth_frame(frame)
    assert sum("word_of_mouth.duplicate_ignored" in codes for codes in expected["explanation"]) == 5
    with dask.config.set(scheduler="synchronous"):
        got = word_of_mouth_frame(dd.from_pandas(frame, npartitions=4)).compute().sort_index()  # type: ignore[no-untyped-call]
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_dask_on_the_synchronous_scheduler_equals_pandas() -> None:
    """A Dask frame gives the same rows as the pandas frame."""
    interactions = [
        ci.Interaction(
            id=f"i-{n}",
            customer_id=f"c-{n % 7}",
            timestamp=pd.Timestamp("2026-03-04T10:00Z").to_pydatetime(),
            sentiment=list(ci.Sentiment)[n % 3],
        )
        for n in range(60)
    ]
    frame = interactions_to_frame(interactions)
    expected = word_of_mouth_frame(frame)
    with dask.config.set(scheduler="synchronous"):
        lazy = word_of_mouth_frame(dd.from_pandas(frame, npartitions=3))  # type: ignore[no-untyped-call]
        got = lazy.compute().sort_index()
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_columns_mapping_and_grouping_by_channel() -> None:
    """Your column names map to ours; `by` groups by any interaction column."""
    raw = pd.DataFrame(
        {
            "ticket": ["t1", "t2", "t3"],
            "account": ["a", "a", "b"],
            "at": pd.to_datetime(["2026-01-01T00:00Z"] * 3),
            "mood": ["negative", "negative", "positive"],
            "channel": ["phone", "email", "phone"],
        }
    )
    mapping = {"id": "ticket", "customer_id": "account", "timestamp": "at", "sentiment": "mood"}
    by_customer = word_of_mouth_frame(raw, columns=mapping)
    assert by_customer["negative_reach"].to_dict() == {"a": 20.0, "b": 0.0}
    by_channel = word_of_mouth_frame(raw, columns=mapping, by="channel")
    assert by_channel["net_reach"].to_dict() == {"email": -10.0, "phone": -5.0}


def test_empty_frame_gives_an_empty_result() -> None:
    """No interactions, no rows, the documented columns."""
    result = word_of_mouth_frame(interactions_to_frame([]))
    assert result.empty
    assert list(result.columns) == list(ci.frames.WORD_OF_MOUTH_COLUMNS)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"by": "mood"}, "by"), ({"policy": {"positive_audience": 5}}, "policy")],
)
def test_bad_frame_arguments(kwargs: dict[str, object], field: str) -> None:
    """Bad arguments raise InvalidInputError naming them."""
    with pytest.raises(ci.InvalidInputError) as info:
        word_of_mouth_frame(interactions_to_frame([]), **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_missing_group_value_is_refused() -> None:
    """Grouping by staff when a row has no staff member is an error, not a silent drop."""
    frame = pd.DataFrame(
        {
            "id": ["i1"],
            "customer_id": ["c"],
            "timestamp": pd.to_datetime(["2026-01-01T00:00Z"]),
            "sentiment": ["negative"],
            "staff_id": [None],
        }
    )
    with pytest.raises(ci.InvalidInputError) as info:
        word_of_mouth_frame(frame, by="staff_id")
    assert info.value.field == "staff_id[0]"


texts = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=60)
@given(values=st.lists(texts, min_size=1, max_size=30))
def test_text_keys_are_grouped_and_sorted_as_python_sorts_them(values: list[str]) -> None:
    """Arrow text keys (NUL bytes, empty, beyond 24 bytes, any script): sorted by code point."""
    codes, order, labels = distinct_keys(pd.Series(values, dtype="str"))
    assert labels.to_pylist() == sorted(set(values))
    assert [labels.to_pylist()[list(order).index(code)] for code in codes] == values


@settings(max_examples=20)
@given(customers=st.lists(texts.filter(str.strip), min_size=1, max_size=12))
def test_the_index_is_sorted_whatever_the_customer_ids(customers: list[str]) -> None:
    """Each customer's row, in sorted order, from text held in Arrow or as objects alike."""
    frame = pd.DataFrame(
        {
            "id": [f"i-{n}" for n in range(len(customers))],
            "customer_id": pd.Series(customers, dtype="str"),
            "timestamp": pd.to_datetime(["2026-03-04T10:00Z"] * len(customers)),
            "sentiment": (["positive", "negative", "neutral"] * 4)[: len(customers)],
        }
    )
    result = word_of_mouth_frame(frame)
    assert result.index.tolist() == sorted(set(customers))
    as_objects = word_of_mouth_frame(frame.astype({"customer_id": object}))
    pd.testing.assert_frame_equal(result, as_objects)


def test_polars_in_gives_the_pandas_answer_with_replays_and_any_key() -> None:
    """The polars answer, built directly, equals the pandas one as a polars frame."""
    at = pd.Timestamp("2026-03-04T10:00Z").to_pydatetime()
    interactions = [
        ci.Interaction(
            id=f"i-{n}",
            customer_id=f"c-{n % 5}",
            timestamp=at,
            sentiment=list(ci.Sentiment)[n % 3],
            channel=list(ci.Channel)[n % 2],
        )
        for n in range(30)
    ]
    frame = interactions_to_frame(interactions + interactions[:7])
    for by in ("customer_id", "channel"):
        expected = pl.from_pandas(word_of_mouth_frame(frame, by=by).reset_index())
        got = word_of_mouth_frame(pl.from_pandas(frame), by=by)
        assert got.schema == expected.schema
        assert got.equals(expected)


def test_reach_distribution_plot_draws_both_sentiments() -> None:
    """Two sets of bars, two mean lines, into a given Axes, which is returned."""
    at = pd.Timestamp("2026-03-04T10:00Z").to_pydatetime()
    base = [
        ci.Interaction(
            id=f"i-{n}",
            customer_id="c",
            timestamp=at,
            sentiment=ci.Sentiment.NEGATIVE if n < 3 else ci.Sentiment.POSITIVE,
        )
        for n in range(10)
    ]
    simulation = ci.simulate_word_of_mouth(base, runs=300, seed=4)
    ax = Figure().add_subplot()
    assert plot_reach_distribution(simulation, ax=ax) is ax
    assert len(ax.containers) == 2
    assert len(ax.lines) == 2
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][1].startswith("bad word of mouth")
    with pytest.raises(ci.InvalidInputError):
        plot_reach_distribution(simulation.positive)  # type: ignore[arg-type]


def test_bass_plot_draws_adopters_and_rejecters() -> None:
    """Bars of new adopters and lines of cumulative adopters and rejecters."""
    ax = plot_bass(
        ci.simulate_bass(model=ci.BassModel(market_size=100, dissatisfied_share=0.3), periods=12)
    )
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 12
    assert len(ax.lines) == 2
    standard = plot_bass(ci.simulate_bass(periods=5))
    assert len(standard.lines) == 1
