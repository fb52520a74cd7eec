"""Activity summaries, scores, hold-outs and fits read polars natively: the pandas answers and refusals.

The polars paths of :func:`~custinteract.frames.activity_summary_frame`,
:func:`~custinteract.frames.score_activity_frame` and
:func:`~custinteract.frames.activity_holdout_frame` build their answers in
polars, and :func:`~custinteract.frames.fit_bgnbd_frame` reads its columns
there; each must equal the pandas answer converted to polars, cell for cell
and type for type, and each refusal must be the pandas one.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import frames
from custinteract.activity._frames_polars import (
    activity_holdout_frame_polars,
    activity_summary_frame_polars,
    fit_bgnbd_frame_polars,
    score_activity_frame_polars,
)
from custinteract.samples import SAMPLE_AS_OF
from test_activity import T0
from test_activity import bases as activity_bases
from test_frames_polars import BAD, NAMED, SAMPLE, _as_polars_reads, _error, _same

MODEL = ci.BgNbdModel(r=0.5, alpha=20.0, a=0.8, b=3.0)
POLICIES: dict[str, ci.ActivityPolicy | None] = {
    "default": None,
    "the base's gap fixed": ci.ActivityPolicy(base_gap_days=12),
    "every kind and direction": ci.ActivityPolicy(
        counted_kinds=tuple(ci.InteractionKind), counted_directions=tuple(ci.Direction)
    ),
    "outbound purchases": ci.ActivityPolicy(
        counted_kinds=(ci.InteractionKind.PURCHASE,), counted_directions=(ci.Direction.OUTBOUND,)
    ),
}


def _summaries(**options: Any) -> Any:
    return lambda frame: frames.activity_summary_frame(frame, **options)


def _scores(**options: Any) -> Any:
    return lambda summaries: frames.score_activity_frame(summaries, **options)


def _by_customer(summaries: pd.DataFrame) -> pl.DataFrame:
    """A pandas summary frame as polars holds it: ``customer_id`` a leading column."""
    return pl.from_pandas(summaries.reset_index())


# --------------------------------------------------------------------------- summaries


@pytest.mark.parametrize("name", sorted(POLICIES))
@pytest.mark.parametrize("days_back", [0, 120])
def test_sample_summaries_read_natively_give_the_pandas_answer(name: str, days_back: int) -> None:
    options = {"as_of": SAMPLE_AS_OF - timedelta(days=days_back), "policy": POLICIES[name]}
    native = pl.from_pandas(SAMPLE)
    answered = activity_summary_frame_polars(native, **options)
    # no customer seen (none of the sample's purchases is outbound): the general way
    assert (answered is None) == (not len(frames.activity_summary_frame(SAMPLE, **options)))
    _same(_summaries(**options), SAMPLE, native)


def test_summaries_with_nothing_to_count_go_the_general_way() -> None:
    """No row before ``as_of``, or none that counts: the general way's empty answer."""
    early = SAMPLE["timestamp"].min() - timedelta(days=1)
    native = pl.from_pandas(SAMPLE)
    assert activity_summary_frame_polars(native, as_of=early) is None
    _same(_summaries(as_of=early), SAMPLE)
    outbound = SAMPLE.assign(direction="outbound")
    assert activity_summary_frame_polars(pl.from_pandas(outbound), as_of=SAMPLE_AS_OF) is None
    _same(_summaries(as_of=SAMPLE_AS_OF), outbound)


@settings(max_examples=20, deadline=None)
@given(activity_bases(), st.sampled_from([0, 45, 365]), st.sampled_from(NAMED))
def test_drawn_bases_give_the_pandas_summaries(
    base: list[ci.Interaction], day: int, zone: Any
) -> None:
    frame = frames.interactions_to_frame(base)
    frame["timestamp"] = frame["timestamp"].dt.tz_convert(zone)
    as_of = T0 + timedelta(days=day)
    pandas_answer = frames.activity_summary_frame(frame, as_of=as_of)
    if not len(pandas_answer):
        return  # no customer seen: the general way answers (above)
    assert activity_summary_frame_polars(pl.from_pandas(frame), as_of=as_of) is not None
    _same(_summaries(as_of=as_of), frame)


@pytest.mark.parametrize("name", sorted(BAD))
def test_summary_refusals_are_the_pandas_refusals(name: str) -> None:
    make, options = BAD[name]
    bad = _as_polars_reads(make())
    polars_bad = pl.from_pandas(bad)
    assert _error(
        lambda: frames.activity_summary_frame(polars_bad, as_of=SAMPLE_AS_OF, **options)
    ) == _error(lambda: frames.activity_summary_frame(bad, as_of=SAMPLE_AS_OF, **options))


@pytest.mark.parametrize(
    "options",
    [{"tz": "Mars/Olympus"}, {"tz": 5}, {"as_of": datetime(2026, 1, 1)}, {"policy": "strict"}],
)
def test_summary_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    frame = SAMPLE.iloc[:40].reset_index(drop=True)
    if "tz" in options:
        frame = frame.assign(timestamp=frame["timestamp"].dt.tz_localize(None))
    arguments = {"as_of": SAMPLE_AS_OF, **options}
    assert _error(
        lambda: frames.activity_summary_frame(pl.from_pandas(frame), **arguments)
    ) == _error(lambda: frames.activity_summary_frame(frame, **arguments))


# --------------------------------------------------------------------------- scoring

SAMPLE_SUMMARIES = frames.activity_summary_frame(SAMPLE, as_of=SAMPLE_AS_OF)


@pytest.mark.parametrize("name", sorted(POLICIES))
@pytest.mark.parametrize("model", [None, MODEL, ci.BgNbdModel(r=2, alpha=5, a=1, b=1)])
def test_sample_scores_read_natively_give_the_pandas_answer(
    name: str, model: ci.BgNbdModel | None
) -> None:
    options = {"policy": POLICIES[name], "model": model}
    native = _by_customer(SAMPLE_SUMMARIES)
    assert score_activity_frame_polars(native, **options) is not None
    _same(_scores(**options), SAMPLE_SUMMARIES, native)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 400), st.integers(0, 400)),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([None, MODEL]),
    st.sampled_from(["int", "float"]),
)
def test_drawn_summaries_give_the_pandas_scores(
    rows: list[tuple[int, int, int]], model: ci.BgNbdModel | None, kind: str
) -> None:
    """Any valid histories (a return needs a day), as integers or floats."""
    frequency = [x if t else 0 for x, t, _ in rows]
    recency = [float(t) if x else 0.0 for x, t, _ in rows]
    age = [float(t + extra) for (_, t, extra), r in zip(rows, recency, strict=True)]
    age = [max(a, r) for a, r in zip(age, recency, strict=True)]
    summaries = pd.DataFrame(
        {
            "frequency": np.array(frequency, dtype=np.int64 if kind == "int" else np.float64),
            "recency": recency,
            "age": age,
        },
        index=pd.Index([f"c{k:03d}" for k in range(len(rows))], name="customer_id"),
    )
    native = _by_customer(summaries)
    assert score_activity_frame_polars(native, model=model) is not None
    _same(_scores(model=model), summaries, native)


def _changed(column: str, row: int, value: Any) -> pd.DataFrame:
    summaries = SAMPLE_SUMMARIES.astype({column: np.float64}).copy()
    summaries.iloc[row, summaries.columns.get_loc(column)] = value
    return summaries


BAD_SUMMARIES: dict[str, Any] = {
    "negative frequency": lambda: _changed("frequency", 2, -1.0),
    "a fraction of a return": lambda: _changed("frequency", 3, 1.5),
    "recency past the age": lambda: _changed("recency", 1, 10_000.0),
    "a missing age": lambda: _changed("age", 4, np.nan),
    "days between visits without a return": lambda: _changed(
        "frequency", int(np.argmax(SAMPLE_SUMMARIES["recency"].to_numpy() > 0)), 0.0
    ),
    "no age column": lambda: SAMPLE_SUMMARIES.drop(columns="age"),
}


@pytest.mark.parametrize("name", sorted(BAD_SUMMARIES))
def test_score_refusals_are_the_pandas_refusals(name: str) -> None:
    bad = BAD_SUMMARIES[name]()
    native = _by_customer(bad)
    assert score_activity_frame_polars(native) is None
    assert _error(lambda: frames.score_activity_frame(native)) == _error(
        lambda: frames.score_activity_frame(bad)
    )


@pytest.mark.parametrize("options", [{"policy": "strict"}, {"model": "bgnbd"}])
def test_score_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    native = _by_customer(SAMPLE_SUMMARIES)
    assert _error(lambda: frames.score_activity_frame(native, **options)) == _error(
        lambda: frames.score_activity_frame(SAMPLE_SUMMARIES, **options)
    )


def test_other_layouts_are_scored_the_general_way() -> None:
    """Integer ids, a ``seen`` column, missing numbers, no rows: the pandas route's answer."""
    flat = _by_customer(SAMPLE_SUMMARIES)
    numbered = flat.with_columns(pl.Series("customer_id", range(flat.height)))
    seen = flat.with_columns(pl.lit(True).alias("seen"))
    for layout in (numbered, seen, flat.head(0)):
        assert score_activity_frame_polars(layout) is None
        got = frames.score_activity_frame(layout)
        assert isinstance(got, pl.DataFrame)
        assert got.height == layout.height
    gappy = flat.with_columns(pl.Series("frequency", [None] * flat.height, dtype=pl.Int64))
    assert score_activity_frame_polars(gappy) is None


def test_scores_of_a_whole_base_in_polars_equal_the_pandas_frame() -> None:
    """Summaries made in polars, scored in polars, against the whole pandas route."""
    at = datetime(2026, 1, 31, tzinfo=timezone.utc)
    native = frames.activity_summary_frame(pl.from_pandas(SAMPLE), as_of=at)
    assert isinstance(native, pl.DataFrame)
    _same(_scores(model=MODEL), frames.activity_summary_frame(SAMPLE, as_of=at), native)


# --------------------------------------------------------------------------- hold-out


def _holdout(**options: Any) -> Any:
    return lambda frame: frames.activity_holdout_frame(frame, **options)


@pytest.mark.parametrize("name", sorted(POLICIES))
@pytest.mark.parametrize(("calibration_back", "holdout_back"), [(200, 0), (100, 30), (10, 5)])
def test_sample_holdout_read_natively_gives_the_pandas_answer(
    name: str, calibration_back: int, holdout_back: int
) -> None:
    options = {
        "calibration_end": SAMPLE_AS_OF - timedelta(days=calibration_back, hours=3),
        "holdout_end": SAMPLE_AS_OF - timedelta(days=holdout_back),
        "model": MODEL,
        "policy": POLICIES[name],
    }
    native = pl.from_pandas(SAMPLE)
    answered = activity_holdout_frame_polars(native, **options)
    assert (answered is None) == (not len(frames.activity_holdout_frame(SAMPLE, **options)))
    _same(_holdout(**options), SAMPLE, native)


@settings(max_examples=20, deadline=None)
@given(
    activity_bases(),
    st.sampled_from([30, 120, 300]),
    st.sampled_from([1, 45, 400]),
    st.sampled_from(NAMED),
)
def test_drawn_bases_give_the_pandas_holdout(
    base: list[ci.Interaction], day: int, length: int, zone: Any
) -> None:
    frame = frames.interactions_to_frame(base)
    frame["timestamp"] = frame["timestamp"].dt.tz_convert(zone)
    options = {
        "calibration_end": T0 + timedelta(days=day, hours=7),
        "holdout_end": T0 + timedelta(days=day + length),
        "model": MODEL,
    }
    pandas_answer = frames.activity_holdout_frame(frame, **options)
    if not len(pandas_answer):
        return  # no customer seen in the calibration: the general way answers
    assert activity_holdout_frame_polars(pl.from_pandas(frame), **options) is not None
    _same(_holdout(**options), frame)


@pytest.mark.parametrize("name", sorted(BAD))
def test_holdout_refusals_are_the_pandas_refusals(name: str) -> None:
    make, options = BAD[name]
    bad = _as_polars_reads(make())
    polars_bad = pl.from_pandas(bad)
    moments = {
        "calibration_end": SAMPLE_AS_OF - timedelta(days=100),
        "holdout_end": SAMPLE_AS_OF,
        "model": MODEL,
    }
    assert _error(
        lambda: frames.activity_holdout_frame(polars_bad, **moments, **options)
    ) == _error(lambda: frames.activity_holdout_frame(bad, **moments, **options))


@pytest.mark.parametrize(
    "options",
    [
        {"holdout_end": SAMPLE_AS_OF - timedelta(days=200)},
        {"calibration_end": datetime(2026, 1, 1)},
        {"model": "bgnbd"},
        {"policy": "strict"},
        {"tz": "Mars/Olympus"},
    ],
)
def test_holdout_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    frame = SAMPLE.iloc[:40].reset_index(drop=True)
    if "tz" in options:
        frame = frame.assign(timestamp=frame["timestamp"].dt.tz_localize(None))
    arguments = {
        "calibration_end": SAMPLE_AS_OF - timedelta(days=100),
        "holdout_end": SAMPLE_AS_OF,
        "model": MODEL,
        **options,
    }
    native = pl.from_pandas(frame)
    assert activity_holdout_frame_polars(native, **arguments) is None
    assert _error(lambda: frames.activity_holdout_frame(native, **arguments)) == _error(
        lambda: frames.activity_holdout_frame(frame, **arguments)
    )


# --------------------------------------------------------------------------- the fit


def test_the_fit_on_polars_summaries_is_the_pandas_fit() -> None:
    native = _by_customer(SAMPLE_SUMMARIES)
    assert fit_bgnbd_frame_polars(native) is not None
    assert frames.fit_bgnbd_frame(native) == frames.fit_bgnbd_frame(SAMPLE_SUMMARIES)
    # with no ids at all, as in pandas
    bare = native.drop("customer_id")
    assert fit_bgnbd_frame_polars(bare) == frames.fit_bgnbd_frame(SAMPLE_SUMMARIES)
    options = {"max_evaluations": 40, "tolerance": 1e-6}
    assert frames.fit_bgnbd_frame(native, **options) == frames.fit_bgnbd_frame(
        SAMPLE_SUMMARIES, **options
    )


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 300), st.integers(0, 100)),
        min_size=2,
        max_size=30,
    )
)
def test_drawn_summaries_give_the_pandas_fit(rows: list[tuple[int, int, int]]) -> None:
    frequency = [x if t else 0 for x, t, _ in rows]
    recency = [float(t) if x else 0.0 for x, t, _ in rows]
    age = [r + extra + 1.0 for r, (_, _, extra) in zip(recency, rows, strict=True)]
    summaries = pd.DataFrame({"frequency": frequency, "recency": recency, "age": age})
    native = pl.from_pandas(summaries)
    options = {"max_evaluations": 300}
    assert fit_bgnbd_frame_polars(native, **options) is not None
    assert frames.fit_bgnbd_frame(native, **options) == frames.fit_bgnbd_frame(summaries, **options)


@pytest.mark.parametrize("name", sorted(BAD_SUMMARIES))
def test_fit_refusals_are_the_pandas_refusals(name: str) -> None:
    bad = BAD_SUMMARIES[name]()
    native = _by_customer(bad)
    assert fit_bgnbd_frame_polars(native) is None
    assert _error(lambda: frames.fit_bgnbd_frame(native)) == _error(
        lambda: frames.fit_bgnbd_frame(bad)
    )


@pytest.mark.parametrize(
    "options", [{"max_evaluations": 0}, {"max_evaluations": True}, {"tolerance": -1.0}]
)
def test_fit_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    native = _by_customer(SAMPLE_SUMMARIES)
    assert fit_bgnbd_frame_polars(native, **options) is None
    assert _error(lambda: frames.fit_bgnbd_frame(native, **options)) == _error(
        lambda: frames.fit_bgnbd_frame(SAMPLE_SUMMARIES, **options)
    )


def test_an_empty_fit_is_refused_as_in_pandas() -> None:
    native = _by_customer(SAMPLE_SUMMARIES).head(0)
    assert fit_bgnbd_frame_polars(native) is None
    assert _error(lambda: frames.fit_bgnbd_frame(native)) == _error(
        lambda: frames.fit_bgnbd_frame(SAMPLE_SUMMARIES.iloc[:0])
    )
