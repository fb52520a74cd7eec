"""Word of mouth reads polars frames natively: the pandas answers, the pandas refusals.

The polars path reads, checks and counts the interactions in polars (no
pandas frame of them is made); each answer must equal the pandas path's
answer converted to polars, cell for cell and type for type, and each
refusal must be the pandas path's (same message, same row).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import frames
from custinteract.word_of_mouth._frames_polars import word_of_mouth_frame_polars
from test_differential import FRAME_SHAPES, UTF8_IDS, bases, frame_of
from test_frames_polars import (
    BAD,
    NAMED,
    SAMPLE,
    Call,
    _as_polars_reads,
    _error,
    _naive,
    _same,
    _written_by_hand,
)


def _word_of_mouth(**options: Any) -> Call:
    return lambda frame: frames.word_of_mouth_frame(frame, **options)


KEYS = ("customer_id", "channel", "kind", "direction", "id")


@pytest.mark.parametrize("by", KEYS)
def test_the_sample_base_read_natively_gives_the_pandas_answer(by: str) -> None:
    """On the sample base the polars path answers itself, with the pandas path's frame."""
    polars_frame = pl.from_pandas(SAMPLE)
    assert word_of_mouth_frame_polars(polars_frame, by=by) is not None  # no detour via pandas
    _same(_word_of_mouth(by=by), SAMPLE, polars_frame)


def test_a_policy_reads_as_in_pandas() -> None:
    """A policy of one's own gives the same reaches and offsets on both paths."""
    policy = ci.WordOfMouthPolicy(
        positive_audience=3.0, negative_multiplier=4.0, retell_probability=0.2
    )
    assert word_of_mouth_frame_polars(pl.from_pandas(SAMPLE), policy=policy) is not None
    _same(_word_of_mouth(policy=policy), SAMPLE)


@pytest.mark.parametrize("by", ["customer_id", "channel"])
def test_identical_repeats_are_reported_as_in_pandas(by: str) -> None:
    """Replayed rows are counted once and reported per key (``duplicate_ignored``)."""
    doubled = pd.concat([SAMPLE, SAMPLE.iloc[::7], SAMPLE.iloc[:3]], ignore_index=True)
    native = word_of_mouth_frame_polars(pl.from_pandas(doubled), by=by)
    assert native is not None
    assert native["explanation"].list.contains("word_of_mouth.duplicate_ignored").any()
    _same(_word_of_mouth(by=by), doubled)


@pytest.mark.parametrize("by", ["customer_id", "channel"])
def test_a_frame_written_in_polars_reads_as_in_pandas(by: str) -> None:
    """Integer ids, categorical text, naive times with a zone, sentiments from ratings."""
    pandas_frame, polars_frame = _written_by_hand()
    doubled = pl.concat([polars_frame, polars_frame.head(4)])  # replays under integer ids
    assert word_of_mouth_frame_polars(doubled, by=by, tz="UTC") is not None
    _same(
        _word_of_mouth(by=by, tz="UTC"),
        pd.concat([pandas_frame, pandas_frame.iloc[:4]], ignore_index=True),
        doubled,
    )


def test_keys_that_are_not_text_go_the_general_way() -> None:
    """Timestamps as keys: the pandas answer, through pandas."""
    polars_frame = pl.from_pandas(SAMPLE)
    assert word_of_mouth_frame_polars(polars_frame, by="timestamp") is None
    _same(_word_of_mouth(by="timestamp"), SAMPLE, polars_frame)


@settings(max_examples=20, deadline=None)
@given(bases(UTF8_IDS), st.sampled_from(NAMED), FRAME_SHAPES, st.integers(0, 3), st.booleans())
def test_drawn_bases_give_the_pandas_answer(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime],
    zone: tzinfo,
    shape: tuple[tzinfo, str],
    replays: int,
    felt: bool,
) -> None:
    """Around clock changes, with odd ids, in any zone and unit, replays, sentiments from ratings."""
    interactions = base[0]
    unit = shape[1]
    if unit == "ms" and any(i.timestamp.microsecond % 1000 for i in interactions):
        unit = "us"
    frame = frame_of(interactions, zone, unit)
    if replays and len(frame):
        frame = pd.concat([frame, frame.iloc[:replays]], ignore_index=True)
    if not felt:  # the rated rows' sentiments left to their ratings
        frame["sentiment"] = frame["sentiment"].where(frame["rating_value"].isna(), None)
    for by in ("customer_id", "channel"):
        _same(_word_of_mouth(by=by), frame)
        if len(frame):  # answered in polars, not through pandas
            assert word_of_mouth_frame_polars(pl.from_pandas(frame), by=by) is not None


@pytest.mark.parametrize("name", sorted(BAD))
def test_refusals_are_the_pandas_refusals(name: str) -> None:
    """Each column rule refuses the polars frame with the pandas message and row."""
    make, options = BAD[name]
    bad = _as_polars_reads(make())
    polars_bad = pl.from_pandas(bad)
    assert _error(lambda: frames.word_of_mouth_frame(polars_bad, **options)) == _error(
        lambda: frames.word_of_mouth_frame(bad, **options)
    )


@pytest.mark.parametrize(
    "options",
    [
        {"by": "mood"},
        {"by": "staff_id"},
        {"tz": "Mars/Olympus"},
        {"tz": 5},
        {"policy": "generous"},
    ],
)
def test_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """Bad arguments, or a key missing on some rows: the same error as for pandas."""
    frame = _naive() if "tz" in options else SAMPLE  # some rows of the sample have no staff
    assert _error(lambda: frames.word_of_mouth_frame(pl.from_pandas(frame), **options)) == _error(
        lambda: frames.word_of_mouth_frame(frame, **options)
    )


def test_an_empty_frame_gives_the_pandas_answer() -> None:
    """No rows: the empty answer with the pandas layout, as polars gives it."""
    _same(_word_of_mouth(), SAMPLE.iloc[:0].reset_index(drop=True))
