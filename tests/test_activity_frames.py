"""Activity frames: the vectorised path equals the object path, on pandas and on Dask."""

from __future__ import annotations

import math
from datetime import timedelta

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract.frames import (
    ACTIVITY_COLUMNS,
    activity_assessments_to_frame,
    activity_frame,
    activity_holdout_frame,
    activity_summary_frame,
    fit_bgnbd_frame,
    interactions_to_frame,
    p_alive_matrix,
    score_activity_frame,
)
from test_activity import T0, bases
from test_activity_fit import at_day, draw_base, interactions_of

MODELS = [
    None,
    ci.BgNbdModel(r=0.5, alpha=20.0, a=0.8, b=3.0),
    ci.BgNbdModel(r=2, alpha=5, a=1, b=1),
]


def assert_same(frame: pd.DataFrame, objects: pd.DataFrame, *, index_type: bool = True) -> None:
    """Equal columns, index and values; floats to 1e-12 (numpy and math may round differently).

    Dask may carry the index as strings rather than objects (``index_type=False``).
    """
    assert list(frame.columns) == list(ACTIVITY_COLUMNS)
    pd.testing.assert_frame_equal(
        frame, objects, check_exact=False, rtol=1e-12, atol=0, check_index_type=index_type
    )


@settings(max_examples=60, deadline=None)
@given(bases(), st.sampled_from([0, 45, 200, 365]), st.sampled_from(MODELS))
def test_frames_equal_objects(
    base: list[ci.Interaction], day: int, model: ci.BgNbdModel | None
) -> None:
    """activity_frame equals assess_activities, row for row."""
    as_of = T0 + timedelta(days=day)
    objects = activity_assessments_to_frame(ci.assess_activities(base, as_of=as_of, model=model))
    frame = activity_frame(interactions_to_frame(base), as_of=as_of, model=model)
    assert_same(frame, objects)


@settings(max_examples=30, deadline=None)
@given(bases(), st.sampled_from([45, 365]))
def test_summary_frame_equals_the_summaries(base: list[ci.Interaction], day: int) -> None:
    """Frequency, recency and age per customer, as activity_summaries gives them."""
    as_of = T0 + timedelta(days=day)
    summaries = ci.activity_summaries(base, as_of=as_of)
    frame = activity_summary_frame(interactions_to_frame(base), as_of=as_of)
    assert {
        cid: ci.ActivitySummary(customer_id=cid, **row)
        for cid, row in frame.to_dict("index").items()
    } == summaries


@pytest.fixture(scope="module")
def synthetic() -> list[ci.Interaction]:
    """1,500 customers drawn from a BG/NBD process."""
    return interactions_of(
        draw_base((0.5, 20.0, 0.8, 3.0), 1_500, seed=7, acquisition_days=180, until_day=545)
    )


def test_dask_equals_pandas(synthetic: list[ci.Interaction]) -> None:
    """A Dask frame in several partitions gives the pandas answer (local scheduler)."""
    frame = interactions_to_frame(synthetic)
    model = MODELS[1]
    expected = activity_frame(frame, as_of=at_day(365), model=model)
    with dask.config.set(scheduler="synchronous"):
        lazy = activity_frame(dd.from_pandas(frame, npartitions=4), as_of=at_day(365), model=model)
        got = lazy.compute().sort_index()
        summary = activity_summary_frame(dd.from_pandas(frame, npartitions=3), as_of=at_day(365))
        summarised = summary.compute().sort_index()
    assert_same(got, expected, index_type=False)
    pd.testing.assert_frame_equal(
        summarised, activity_summary_frame(frame, as_of=at_day(365)), check_index_type=False
    )


def test_numpy_fit_gives_the_pure_fit(synthetic: list[ci.Interaction]) -> None:
    """The same search, summed with numpy: the same parameters."""
    summaries = ci.activity_summaries(synthetic, as_of=at_day(365))
    pure = ci.fit_bgnbd(summaries.values())
    frame = activity_summary_frame(interactions_to_frame(synthetic), as_of=at_day(365))
    fast = fit_bgnbd_frame(frame)
    assert fast.customers == pure.customers == len(summaries)
    assert fast.params == pytest.approx(pure.params, rel=1e-4)
    assert fast.log_likelihood == pytest.approx(pure.log_likelihood, rel=1e-9)


def test_score_frame_scores_summaries_as_objects_do(synthetic: list[ci.Interaction]) -> None:
    """Scoring a summary frame equals assessing the interactions it came from."""
    model = MODELS[1]
    frame = activity_summary_frame(interactions_to_frame(synthetic), as_of=at_day(365))
    objects = activity_assessments_to_frame(
        ci.assess_activities(synthetic, as_of=at_day(365), model=model)
    )
    assert_same(score_activity_frame(frame, model=model), objects)


def test_holdout_frame_expected_and_observed(synthetic: list[ci.Interaction]) -> None:
    """Expected hold-out returns are the model's; observed ones are counted days after calibration."""
    model = fit_bgnbd_frame(
        activity_summary_frame(interactions_to_frame(synthetic), as_of=at_day(365))
    )
    out = activity_holdout_frame(
        interactions_to_frame(synthetic),
        calibration_end=at_day(365),
        holdout_end=at_day(545),
        model=model,
    )
    first = out.iloc[0]
    assert first["expected"] == pytest.approx(
        model.expected_returns(
            180,
            frequency=int(first["frequency"]),
            recency=first["recency"],
            age=first["age"],
        ),
        rel=1e-12,
    )
    calibration_day = at_day(365).toordinal()
    later_days = {
        (i.customer_id, i.timestamp.toordinal())
        for i in synthetic
        if calibration_day < i.timestamp.toordinal() and i.timestamp <= at_day(545)
    }
    assert int(out["observed"].sum()) == len(later_days)


def test_p_alive_matrix_reads_like_the_model() -> None:
    """Each cell is the model's probability alive; unreachable cells are missing."""
    model = MODELS[1]
    assert model is not None
    matrix = p_alive_matrix(model, age=300, max_frequency=5, points=4)
    assert matrix.loc[3, 200.0] == pytest.approx(model.p_alive(frequency=3, recency=200, age=300))
    assert math.isnan(matrix.loc[0, 100.0])
    assert matrix.loc[0, 0.0] == 1.0
    reachable = matrix.loc[1:, 100.0:].to_numpy()
    assert np.all(np.diff(reachable, axis=1) >= 0)  # more recent, more alive


def test_plots_draw_on_the_axes_given(synthetic: list[ci.Interaction]) -> None:
    """Both plots take ax= and return it; the calibration plot shows one point per group."""
    from custinteract.plotting import new_axes, plot_activity_calibration, plot_p_alive_matrix

    model = MODELS[1]
    assert model is not None
    ax = new_axes()
    assert plot_p_alive_matrix(model, age=365, max_frequency=10, ax=ax) is ax
    holdout = activity_holdout_frame(
        interactions_to_frame(synthetic),
        calibration_end=at_day(365),
        holdout_end=at_day(545),
        model=model,
    )
    other = new_axes()
    assert plot_activity_calibration(holdout, max_frequency=5, ax=other) is other
    expected, observed = other.get_lines()
    assert list(expected.get_xdata()) == [0, 1, 2, 3, 4, 5]
    assert observed.get_ydata()[0] == pytest.approx(
        holdout.loc[holdout["frequency"] == 0, "observed"].mean()
    )
    with pytest.raises(ci.InvalidInputError, match="holdout"):
        plot_activity_calibration(pd.DataFrame({"frequency": [1]}))
