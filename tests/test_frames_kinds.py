"""polars and Arrow in, the same kind out: every frame function, against its pandas answer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import custinteract as ci
import custinteract.frames as cf
from custinteract.leads.frames import customers_to_frame
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

DATA = sample_dataset()
INTERACTIONS = cf.interactions_to_frame(DATA.interactions)
CUSTOMERS = customers_to_frame(DATA.customers)
STAFF = pd.DataFrame({"id": [m.id for m in DATA.staff], "team": [m.team for m in DATA.staff]})
EVENTS = pd.DataFrame(
    {
        "id": [e.id for e in DATA.staff_events],
        "staff_id": [e.staff_id for e in DATA.staff_events],
        "timestamp": pd.to_datetime([e.timestamp for e in DATA.staff_events], utc=True),
        "kind": [e.kind.value for e in DATA.staff_events],
        "note": [e.note for e in DATA.staff_events],
        "score": pd.array([e.score for e in DATA.staff_events], dtype="Int64"),
        "resolves": [e.resolves for e in DATA.staff_events],
    }
)
AS_OF = SAMPLE_AS_OF
SUMMARIES = cf.activity_summary_frame(INTERACTIONS, as_of=AS_OF)
MODEL = ci.BgNbdModel(r=0.25, alpha=4.0, a=0.8, b=2.4)  # a plausible model, fixed


def _pandas(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def _polars(frame: pd.DataFrame) -> pl.DataFrame:
    return pl.from_pandas(frame)


def _arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


# Each case: a name, and a call taking a converter (pandas -> the kind under test) for frames.
CASES: dict[str, Callable[[Callable[[pd.DataFrame], Any]], Any]] = {
    "normalize_interactions": lambda kind: cf.normalize_interactions(kind(INTERACTIONS)),
    "recovery_frame": lambda kind: cf.recovery_frame(kind(INTERACTIONS), as_of=AS_OF),
    "recovery_ledger_frame": lambda kind: cf.recovery_ledger_frame(kind(INTERACTIONS), as_of=AS_OF),
    "leads_frame": lambda kind: cf.leads_frame(kind(CUSTOMERS), kind(INTERACTIONS), as_of=AS_OF),
    "word_of_mouth_frame": lambda kind: cf.word_of_mouth_frame(kind(INTERACTIONS)),
    "satisfaction_frame": lambda kind: cf.satisfaction_frame(
        kind(INTERACTIONS), by="channel", frequency=ci.Frequency.QUARTER
    ),
    "satisfaction_trend_frame": lambda kind: cf.satisfaction_trend_frame(
        kind(INTERACTIONS), frequency=ci.Frequency.QUARTER
    ),
    "morale_frame": lambda kind: cf.morale_frame(
        kind(STAFF), kind(INTERACTIONS), kind(EVENTS), as_of=AS_OF
    ),
    "team_morale_frame": lambda kind: cf.team_morale_frame(
        kind(STAFF), kind(INTERACTIONS), kind(EVENTS), as_of=AS_OF
    ),
    "activity_summary_frame": lambda kind: cf.activity_summary_frame(
        kind(INTERACTIONS), as_of=AS_OF
    ),
    "activity_frame": lambda kind: cf.activity_frame(kind(INTERACTIONS), as_of=AS_OF),
    "activity_holdout_frame": lambda kind: cf.activity_holdout_frame(
        kind(INTERACTIONS),
        calibration_end=AS_OF - timedelta(days=90),
        holdout_end=AS_OF,
        model=MODEL,
    ),
    "score_activity_frame": lambda kind: cf.score_activity_frame(
        SUMMARIES if kind is _pandas else kind(SUMMARIES.reset_index()), model=MODEL
    ),
}


def _as_pandas_answer(answer: pd.DataFrame) -> pd.DataFrame:
    """A pandas answer as polars and Arrow give it: the index as leading columns."""
    named = [name for name in answer.index.names if name is not None]
    return answer.reset_index() if named else answer.reset_index(drop=True)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("kind", ["polars", "arrow"])
def test_same_kind_out_and_the_same_answer(name: str, kind: str) -> None:
    """A polars frame (or Arrow table) in gives one out, equal to the pandas answer."""
    expected = _as_pandas_answer(CASES[name](_pandas))
    convert = _polars if kind == "polars" else _arrow
    answer = CASES[name](convert)
    assert isinstance(answer, pl.DataFrame if kind == "polars" else pa.Table)
    got = answer.to_pandas()
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        left, right = got[column].tolist(), expected[column].tolist()
        assert [_plain(v) for v in left] == [_plain(v) for v in right], column


def _plain(value: Any) -> Any:
    """A cell compared across libraries: lists as tuples, every missing value as None."""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        listed = value.tolist() if hasattr(value, "tolist") else value
        return tuple(listed) if isinstance(listed, (list, tuple)) else listed
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def test_values_from_polars_and_arrow() -> None:
    """Functions returning values (not frames) read polars and Arrow input alike."""
    expected = cf.interactions_from_frame(INTERACTIONS)
    assert cf.interactions_from_frame(_polars(INTERACTIONS)) == expected
    assert cf.interactions_from_frame(_arrow(INTERACTIONS)) == expected
    customers = cf.customers_from_frame(CUSTOMERS)
    assert cf.customers_from_frame(_polars(CUSTOMERS)) == customers
    fitted = cf.fit_bgnbd_frame(SUMMARIES)
    assert cf.fit_bgnbd_frame(_polars(SUMMARIES.reset_index())) == fitted


def test_polars_errors_name_the_row() -> None:
    """A bad row in a polars frame is refused as it is in pandas."""
    bad = INTERACTIONS.assign(sentiment=["cheerful", *INTERACTIONS["sentiment"][1:]])
    with pytest.raises(ci.InvalidInputError, match=r"sentiment\[0\]"):
        cf.word_of_mouth_frame(_polars(bad))


def test_frames_import_neither_polars_nor_narwhals() -> None:
    """polars stays optional: importing and using the frames on pandas loads neither."""
    code = (
        "import sys, pandas as pd, custinteract.frames as cf\n"
        "cf.word_of_mouth_frame(pd.DataFrame({'id': ['i'], 'customer_id': ['c'],"
        " 'timestamp': pd.to_datetime(['2026-01-01T00:00Z']), 'sentiment': ['positive']}))\n"
        "print(sorted({'polars', 'narwhals'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
