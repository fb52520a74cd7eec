"""Activity reads polars frames natively: the pandas answer, the pandas refusals.

The polars path of :func:`~custinteract.frames.activity_frame` reads and
checks the interactions in polars and scores them with the pandas path's
NumPy kernels; its answer must equal the pandas answer converted to polars,
cell for cell and type for type, and each refusal must be the pandas one.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import frames
from custinteract.activity._frames_polars import activity_frame_polars
from custinteract.samples import SAMPLE_AS_OF
from test_activity import T0
from test_activity import bases as activity_bases
from test_differential import UTF8_IDS, bases
from test_frames_polars import (
    BAD,
    NAMED,
    SAMPLE,
    _as_polars_reads,
    _error,
    _same,
    _written_by_hand,
)

UTC = timezone.utc
MODEL = ci.BgNbdModel(r=0.5, alpha=20.0, a=0.8, b=3.0)


def _activity(**options: Any) -> Any:
    return lambda frame: frames.activity_frame(frame, **options)


OPTIONS: dict[str, dict[str, Any]] = {
    "rhythm": {},
    "model": {"model": MODEL},
    "another model": {"model": ci.BgNbdModel(r=2, alpha=5, a=1, b=1)},
    "the base's gap fixed": {"policy": ci.ActivityPolicy(base_gap_days=12)},
    "every kind and direction": {
        "model": MODEL,
        "policy": ci.ActivityPolicy(
            counted_kinds=tuple(ci.InteractionKind), counted_directions=tuple(ci.Direction)
        ),
    },
    "outbound purchases": {
        "policy": ci.ActivityPolicy(
            counted_kinds=(ci.InteractionKind.PURCHASE,),
            counted_directions=(ci.Direction.OUTBOUND,),
        )
    },
}


@pytest.mark.parametrize("name", sorted(OPTIONS))
@pytest.mark.parametrize("days_back", [0, 120])
def test_the_sample_base_read_natively_gives_the_pandas_answer(name: str, days_back: int) -> None:
    """On the sample base the polars path answers itself, with the pandas path's frame."""
    options = {"as_of": SAMPLE_AS_OF - timedelta(days=days_back), **OPTIONS[name]}
    native = pl.from_pandas(SAMPLE)
    assert activity_frame_polars(native, **options) is not None  # no detour through pandas
    _same(_activity(**options), SAMPLE, native)


def test_identical_repeats_count_once_as_in_pandas() -> None:
    doubled = pd.concat([SAMPLE, SAMPLE.iloc[::7]], ignore_index=True)
    assert activity_frame_polars(pl.from_pandas(doubled), as_of=SAMPLE_AS_OF) is not None
    _same(_activity(as_of=SAMPLE_AS_OF, model=MODEL), doubled)


def test_a_frame_written_in_polars_reads_as_in_pandas() -> None:
    """Integer ids, categorical text, naive times with a zone, sentiments from ratings."""
    pandas_frame, polars_frame = _written_by_hand()
    options = {"as_of": datetime(2026, 4, 1, tzinfo=UTC), "tz": "Europe/Paris", "model": MODEL}
    assert activity_frame_polars(polars_frame, **options) is not None
    _same(_activity(**options), pandas_frame, polars_frame)


def test_nothing_before_as_of_goes_the_general_way() -> None:
    """No row at or before ``as_of``: the general way's empty answer."""
    as_of = SAMPLE["timestamp"].min() - timedelta(days=1)
    assert activity_frame_polars(pl.from_pandas(SAMPLE), as_of=as_of) is None
    _same(_activity(as_of=as_of), SAMPLE)


@settings(max_examples=25, deadline=None)
@given(
    activity_bases(),
    st.sampled_from([0, 45, 200, 365]),
    st.sampled_from([None, MODEL]),
    st.sampled_from(NAMED),
)
def test_drawn_bases_give_the_pandas_answer(
    base: list[ci.Interaction], day: int, model: ci.BgNbdModel | None, zone: Any
) -> None:
    """Customers of many rhythms, at any ``as_of``, with timestamps in any zone."""
    frame = frames.interactions_to_frame(base)
    frame["timestamp"] = frame["timestamp"].dt.tz_convert(zone)
    as_of = T0 + timedelta(days=day)
    _same(_activity(as_of=as_of, model=model), frame)
    if (frame["timestamp"] <= as_of).any():
        assert activity_frame_polars(pl.from_pandas(frame), as_of=as_of, model=model) is not None


@settings(max_examples=15, deadline=None)
@given(bases(UTF8_IDS))
def test_odd_ids_and_clock_changes_give_the_pandas_answer(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime],
) -> None:
    """Ids of any text, days around clock changes."""
    interactions, _, _, as_of = base
    _same(_activity(as_of=as_of, model=MODEL), frames.interactions_to_frame(interactions))


@pytest.mark.parametrize("name", sorted(BAD))
def test_refusals_are_the_pandas_refusals(name: str) -> None:
    """Each column rule refuses the polars frame with the pandas message and row."""
    make, options = BAD[name]
    bad = _as_polars_reads(make())
    polars_bad = pl.from_pandas(bad)
    assert _error(
        lambda: frames.activity_frame(polars_bad, as_of=SAMPLE_AS_OF, **options)
    ) == _error(lambda: frames.activity_frame(bad, as_of=SAMPLE_AS_OF, **options))


@pytest.mark.parametrize(
    "options",
    [
        {"tz": "Mars/Olympus"},
        {"tz": 5},
        {"as_of": datetime(2026, 1, 1)},
        {"policy": "strict"},
        {"model": "bgnbd"},
    ],
)
def test_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """Bad arguments: the same error, in the same order of checks, as for pandas."""
    frame = SAMPLE.iloc[:40].reset_index(drop=True)
    if "tz" in options:
        frame = frame.assign(timestamp=frame["timestamp"].dt.tz_localize(None))
    arguments = {"as_of": SAMPLE_AS_OF, **options}
    assert _error(lambda: frames.activity_frame(pl.from_pandas(frame), **arguments)) == _error(
        lambda: frames.activity_frame(frame, **arguments)
    )


def test_customers_sharing_a_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Customers are grouped by a hash of their id; ids sharing one are grouped by their text."""
    from custinteract._frames_polars import customer_codes

    ids = pl.Series(["b", "a", "c", "a", "b", "d"])
    codes, names = customer_codes(ids)
    assert names.to_list() == ["a", "b", "c", "d"]
    assert codes.tolist() == [1, 0, 2, 0, 1, 3]
    monkeypatch.setattr(pl.Series, "hash", lambda self: pl.Series([0] * len(self), dtype=pl.UInt64))
    shared, same_names = customer_codes(ids)
    assert same_names.to_list() == ["a", "b", "c", "d"]
    assert shared.tolist() == [1, 0, 2, 0, 1, 3]


@pytest.mark.parametrize("spread", [700, 3_000_000])
def test_the_summary_kernel_counts_distinct_days(spread: int) -> None:
    """Distinct counted days per customer, on 32-bit keys and (days far apart) 64-bit ones."""
    import numpy as np

    from custinteract.activity._frames_summary import summary_of_rows

    rng = np.random.default_rng(7)
    customers, rows = 1_000, 5_000
    who = rng.integers(0, customers - 1, rows)  # the last customer has no row
    days = rng.integers(0, 30, rows) * (spread // 30)
    counted = rng.random(rows) < 0.8
    today = int(days.max()) + 5
    got = summary_of_rows(who, customers, days, counted, today)
    for customer in (0, 1, 17, customers - 1):
        mine = days[(who == customer) & counted]
        assert got.seen[customer] == bool(len(mine))
        if len(mine):
            assert got.frequency[customer] == len(set(mine.tolist())) - 1
            assert got.recency[customer] == mine.max() - mine.min()
            assert got.age[customer] == today - mine.min()
        else:
            assert (got.frequency[customer], got.recency[customer], got.age[customer]) == (0, 0, 0)
