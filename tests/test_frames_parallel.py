"""A large frame's costliest checks run beside the rest of the call: same answers, same errors.

The distinctness of the ids and the enum columns' check run on a thread of
their own for frames of ``THREAD_ROWS`` rows or more (when pyarrow allows
more than one core), while the engine reads the frame. These tests pin what
must not change with that: the answers, which error comes first, and that no
thread outlives the call.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pytest

import custinteract as ci
from custinteract._frames_parallel import THREAD_ROWS, beside, threads_for
from custinteract.frames import activity_frame, morale_frame, normalize_interactions

AS_OF = datetime(2026, 3, 1, tzinfo=UTC)
ROWS = THREAD_ROWS + 1_000


@pytest.fixture
def cores() -> Iterator[Any]:
    """Set pyarrow's core count for a test (the knob the threads follow), then restore it."""
    before = pa.cpu_count()

    def set_to(count: int) -> None:
        pa.set_cpu_count(count)

    yield set_to
    pa.set_cpu_count(before)


def _ours() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("custinteract")]


def test_a_large_pass_runs_on_a_thread_of_its_own_and_is_joined(cores: Any) -> None:
    cores(2)
    with beside(threading.get_ident, rows=ROWS) as where:
        assert where() != threading.get_ident()
        assert len(_ours()) == 1
    assert _ours() == []


@pytest.mark.parametrize(("count", "rows"), [(1, ROWS), (2, THREAD_ROWS - 1)])
def test_one_core_or_a_small_frame_keeps_the_pass_on_the_calling_thread(
    cores: Any, count: int, rows: int
) -> None:
    cores(count)
    assert not threads_for(rows)
    with beside(threading.get_ident, rows=rows) as where:
        assert where() == threading.get_ident()


@pytest.mark.parametrize("count", [1, 2])
def test_the_pass_error_comes_first_as_if_it_had_run_first(cores: Any, count: int) -> None:
    cores(count)

    def fails() -> None:
        raise KeyError("pass")

    with pytest.raises(KeyError, match="pass"), beside(fails, rows=ROWS):
        raise ValueError("block")
    # raised even when never asked for
    with pytest.raises(KeyError, match="pass"), beside(fails, rows=ROWS):
        pass
    with pytest.raises(ValueError, match="block"), beside(sum, [1], rows=ROWS):
        raise ValueError("block")
    assert _ours() == []


def _interactions(rows: int = ROWS) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    seconds = rng.integers(0, 90 * 86400, rows)
    return pd.DataFrame(
        {
            "id": "i-" + pd.Series(np.arange(rows)).astype(str),
            "customer_id": "c-" + pd.Series(rng.integers(0, rows // 5, rows)).astype(str),
            "staff_id": "s-" + pd.Series(rng.integers(0, 40, rows)).astype(str),
            "timestamp": pd.Timestamp(AS_OF) - pd.to_timedelta(seconds, unit="s"),
            "sentiment": rng.choice(["positive", "neutral", "negative"], rows),
            "direction": rng.choice(["inbound", "outbound"], rows),
        }
    )


def _staff() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"s-{k}" for k in range(40)],
            "name": [f"N{k}" for k in range(40)],
            "hired": [datetime(2020, 1, 1, tzinfo=UTC)] * 40,
            "team": [f"t{k % 3}" for k in range(40)],
        }
    )


def _answers(frame: pd.DataFrame) -> list[Any]:
    """Every answer the threaded paths give, or the error each raises (type and text)."""
    out: list[Any] = []
    for call in (
        lambda: normalize_interactions(frame),
        lambda: activity_frame(frame, as_of=AS_OF),
        lambda: morale_frame(_staff(), frame, as_of=AS_OF),
    ):
        try:
            out.append(call())
        except ci.CustInteractError as error:
            out.append((type(error), str(error)))
    return out


def _same(threaded: list[Any], alone: list[Any]) -> None:
    for got, expected in zip(threaded, alone, strict=True):
        if isinstance(expected, pd.DataFrame):
            pd.testing.assert_frame_equal(got, expected)
        else:
            assert got == expected


def _replayed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its rows 3 and 7 sent twice (identical replays)."""
    return pd.concat([frame, frame.iloc[[3, 7]]], ignore_index=True)


def _reused(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with row 3's id on another interaction."""
    other = frame.iloc[[3]].assign(
        sentiment="negative" if frame["sentiment"][3] != "negative" else "positive"
    )
    return pd.concat([frame, other], ignore_index=True)


def _unknown(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with an unknown direction on its last row."""
    direction = frame["direction"].copy()
    direction.iloc[-1] = "sideways"
    return frame.assign(direction=direction)


@pytest.mark.parametrize(
    "make",
    [
        lambda f: f,
        _replayed,
        _reused,
        _unknown,
        lambda f: _unknown(_reused(f)),  # the unknown value is refused before the reused id
        lambda f: _unknown(_replayed(f)),
    ],
    ids=["distinct", "replayed", "reused", "unknown", "unknown-and-reused", "unknown-and-replayed"],
)
def test_answers_and_errors_are_those_of_one_thread(cores: Any, make: Any) -> None:
    frame = make(_interactions())
    cores(1)
    alone = _answers(frame)
    cores(2)
    threaded = _answers(frame)
    _same(threaded, alone)
    assert _ours() == []


def test_replays_are_dropped_before_the_engine_answers(cores: Any) -> None:
    cores(2)
    frame = _interactions()
    expected = activity_frame(frame, as_of=AS_OF)
    pd.testing.assert_frame_equal(activity_frame(_replayed(frame), as_of=AS_OF), expected)
    handled = morale_frame(_staff(), _replayed(frame), as_of=AS_OF)["interactions_handled"]
    once = morale_frame(_staff(), frame, as_of=AS_OF)["interactions_handled"]
    pd.testing.assert_series_equal(handled, once)


def _threads_allowed(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"threads": [threads_for(ROWS)] * len(part)}, index=part.index)


def test_a_dask_partition_keeps_its_checks_on_its_task_thread(cores: Any) -> None:
    """Dask runs one task per worker thread: a partition's checks start no thread of their own."""
    import pickle

    import dask.dataframe as dd

    from custinteract._frames_parallel import OneThread
    from custinteract.frames import apply_by_key

    cores(2)
    frame = pd.DataFrame({"customer_id": list("abcabc"), "n": range(6)})
    assert apply_by_key(frame, "customer_id", _threads_allowed)["threads"].all()
    lazy = apply_by_key(dd.from_pandas(frame, npartitions=2), "customer_id", _threads_allowed)
    assert not lazy.compute(scheduler="threads")["threads"].any()
    alone = pickle.loads(pickle.dumps(OneThread(_threads_allowed)))
    assert not alone(frame)["threads"].any()
    assert threads_for(ROWS)  # only inside the call
