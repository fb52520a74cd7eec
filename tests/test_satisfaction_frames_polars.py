"""Satisfaction on polars input: the answer built in polars is the pandas answer, converted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

import custinteract as ci
from custinteract._frames_interop import from_pandas
from custinteract.frames import satisfaction_frame, satisfaction_trend_frame

pl = pytest.importorskip("polars")
from polars.testing import assert_frame_equal  # noqa: E402

_SCALES = np.array(["csat", "nps", "ces", None], dtype=object)
_HIGH = {"csat": 5, "nps": 10, "ces": 7}


def _frame(size: int = 600, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    scale = _SCALES[rng.integers(0, 4, size)]
    value = [
        None if s is None else int(rng.integers(0 if s == "nps" else 1, _HIGH[s] + 1))
        for s in scale
    ]
    return pd.DataFrame(
        {
            "id": [f"i{k}" for k in range(size)],
            "customer_id": [f"c{k % 40}" for k in range(size)],
            "timestamp": pd.Timestamp("2025-01-01", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 200 * 86400, size), unit="s"),
            "sentiment": rng.choice(["positive", "neutral", "negative"], size),
            "channel": rng.choice(["phone", "chat", "email"], size),
            "staff_id": rng.choice(["s1", "s2", None], size),
            "rating_value": pd.array(value, dtype="Int64"),
            "rating_scale": scale,
        }
    )


_SINCE = datetime(2025, 3, 1, tzinfo=timezone.utc)
_CALLS: dict[str, dict[str, Any]] = {
    "by channel and month": {"by": "channel", "frequency": ci.Frequency.MONTH},
    "overall": {},
    "by staff, no period": {"by": "staff_id"},
    "weeks in Paris": {"frequency": ci.Frequency.WEEK, "tz": ZoneInfo("Europe/Paris")},
    "fixed offset days": {"frequency": ci.Frequency.DAY, "tz": timezone(timedelta(hours=3))},
    "a range": {
        "by": ["channel", "kind"],
        "frequency": ci.Frequency.QUARTER,
        "since": _SINCE,
        "until": _SINCE + timedelta(days=45),
    },
    "a key never given": {"by": "category", "frequency": ci.Frequency.MONTH},
}


@pytest.mark.parametrize("name", sorted(_CALLS))
def test_the_polars_answer_is_the_pandas_answer(name: str) -> None:
    frame = _frame()
    options = _CALLS[name]
    native = satisfaction_frame(pl.from_pandas(frame), **options)
    assert_frame_equal(native, from_pandas(satisfaction_frame(frame, **options), "polars"))


@pytest.mark.parametrize("name", sorted(_CALLS))
@pytest.mark.parametrize("metric", [ci.MetricKind.CSAT, ci.MetricKind.NPS, ci.MetricKind.CES])
def test_the_polars_trend_is_the_pandas_trend(name: str, metric: ci.MetricKind) -> None:
    frame = _frame()
    options = {"frequency": ci.Frequency.MONTH, **_CALLS[name], "metric": metric}
    native = satisfaction_trend_frame(pl.from_pandas(frame), **options)
    assert_frame_equal(native, from_pandas(satisfaction_trend_frame(frame, **options), "polars"))


def test_identical_repeats_are_counted_once_on_polars() -> None:
    frame = _frame(50)
    doubled = pd.concat([frame, frame.iloc[:7]], ignore_index=True)
    native = satisfaction_frame(pl.from_pandas(doubled), by="channel")
    assert_frame_equal(native, from_pandas(satisfaction_frame(frame, by="channel"), "polars"))
    assert native["interactions"].sum() == len(frame)


@pytest.mark.parametrize(
    "name", ["by channel and month", "overall", "by staff, no period", "weeks in Paris", "a range"]
)
def test_these_answers_are_built_in_polars(name: str) -> None:
    """No pandas frame on the way out: the answer is built from the results in polars."""
    from custinteract.satisfaction._frames_polars import _breakdown
    from custinteract.satisfaction._frames_polars_answer import breakdown_frame, trends_frame
    from custinteract.satisfaction._inputs import check_scope
    from custinteract.satisfaction._trend import trends_of

    options = {"by": (), "frequency": None, "since": None, "until": None, **_CALLS[name]}
    scope = check_scope(policy=None, **{"tz": timezone.utc, **options})
    breakdown = _breakdown(pl.from_pandas(_frame()), scope, None, None)
    assert breakdown is not None
    assert breakdown_frame(breakdown, scope.tz) is not None
    if scope.frequency is not None:
        trends = trends_of(breakdown, ci.MetricKind.CSAT, scope.policy)
        assert trends_frame(trends, scope.tz) is not None


def test_counted_block_by_block_on_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of rows counted apart and added up give the answer of one count."""
    from custinteract.satisfaction import _frames_polars

    frame = _frame()
    options = {"by": "channel", "frequency": ci.Frequency.WEEK, "since": _SINCE}
    whole = satisfaction_frame(pl.from_pandas(frame), **options)
    monkeypatch.setattr(_frames_polars, "_BLOCK_ROWS", 97)
    assert_frame_equal(satisfaction_frame(pl.from_pandas(frame), **options), whole)
