"""Recovery and satisfaction read polars frames natively: the pandas answers, the pandas refusals.

The polars paths read, check and count the interactions in polars (no
pandas frame of them is made); each answer must equal the pandas path's
answer converted to polars, cell for cell and type for type, and each
refusal must be the pandas path's (same message, same row), on the sample
base, on hypothesis-drawn bases around clock changes, and on inputs that
only a polars user would write (integer and categorical ids, naive
timestamps with ``tz=``, sentiments left to the ratings).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import custinteract as ci
from custinteract import frames
from custinteract.recovery._frames_polars import (
    recovery_frame_polars,
    recovery_ledger_frame_polars,
)
from custinteract.samples import SAMPLE_AS_OF, sample_dataset
from custinteract.satisfaction._frames_polars import (
    satisfaction_frame_polars,
    satisfaction_trend_frame_polars,
)
from test_differential import FRAME_SHAPES, UTF8_IDS, ZONES, bases, frame_of

UTC = timezone.utc
SAMPLE = frames.interactions_to_frame(sample_dataset().interactions)
Call = Callable[[Any], Any]


def _expected(answer: pd.DataFrame) -> pl.DataFrame:
    """The pandas answer as polars gives it: the index as leading columns."""
    named = [name for name in answer.index.names if name is not None]
    flat = answer.reset_index() if named else answer.reset_index(drop=True)
    flat.attrs = {}
    return pl.from_pandas(flat)


def _same(call: Call, frame: pd.DataFrame, polars_frame: pl.DataFrame | None = None) -> None:
    """``call`` on the polars frame equals ``call`` on the pandas one (cells and types)."""
    got = call(pl.from_pandas(frame) if polars_frame is None else polars_frame)
    assert isinstance(got, pl.DataFrame)
    assert_frame_equal(got, _expected(call(frame)), check_exact=True)


def _recovery(**options: Any) -> Call:
    return lambda frame: frames.recovery_frame(frame, **options)


def _ledger(**options: Any) -> Call:
    return lambda frame: frames.recovery_ledger_frame(frame, **options)


def _satisfaction(**options: Any) -> Call:
    return lambda frame: frames.satisfaction_frame(frame, **options)


def _trend(**options: Any) -> Call:
    return lambda frame: frames.satisfaction_trend_frame(frame, **options)


HALF_CREDIT = ci.RecoveryPolicy(gesture_credit=dict.fromkeys(ci.GestureKind, 0.5))


SAMPLE_CALLS: dict[str, tuple[Call, Call]] = {
    "recovery": (
        _recovery(as_of=SAMPLE_AS_OF),
        lambda frame: recovery_frame_polars(frame, as_of=SAMPLE_AS_OF),
    ),
    "recovery without activity": (
        _recovery(as_of=SAMPLE_AS_OF, policy=ci.RecoveryPolicy(activity=None)),
        lambda frame: recovery_frame_polars(
            frame, as_of=SAMPLE_AS_OF, policy=ci.RecoveryPolicy(activity=None)
        ),
    ),
    "recovery with silence": (
        _recovery(
            as_of=SAMPLE_AS_OF,
            policy=ci.RecoveryPolicy(loss_after_silence=relativedelta(days=30)),
        ),
        lambda frame: recovery_frame_polars(
            frame,
            as_of=SAMPLE_AS_OF,
            policy=ci.RecoveryPolicy(loss_after_silence=relativedelta(days=30)),
        ),
    ),
    "recovery ledger": (
        _ledger(as_of=SAMPLE_AS_OF),
        lambda frame: recovery_ledger_frame_polars(frame, as_of=SAMPLE_AS_OF),
    ),
    "recovery ledger with fractional credit": (
        _ledger(as_of=SAMPLE_AS_OF, policy=HALF_CREDIT),
        lambda frame: recovery_ledger_frame_polars(frame, as_of=SAMPLE_AS_OF, policy=HALF_CREDIT),
    ),
    "recovery with fractional credit": (
        _recovery(as_of=SAMPLE_AS_OF, policy=HALF_CREDIT),
        lambda frame: recovery_frame_polars(frame, as_of=SAMPLE_AS_OF, policy=HALF_CREDIT),
    ),
    "satisfaction by channel and month": (
        _satisfaction(by="channel", frequency=ci.Frequency.MONTH),
        lambda frame: satisfaction_frame_polars(frame, by="channel", frequency=ci.Frequency.MONTH),
    ),
    "satisfaction by staff, weeks in Amsterdam": (
        _satisfaction(
            by=("staff_id", "kind"),
            frequency=ci.Frequency.WEEK,
            tz=ZoneInfo("Europe/Amsterdam"),
            since=SAMPLE_AS_OF - timedelta(days=200),
        ),
        lambda frame: satisfaction_frame_polars(
            frame,
            by=("staff_id", "kind"),
            frequency=ci.Frequency.WEEK,
            tz=ZoneInfo("Europe/Amsterdam"),
            since=SAMPLE_AS_OF - timedelta(days=200),
        ),
    ),
    "satisfaction overall": (
        _satisfaction(),
        lambda frame: satisfaction_frame_polars(frame),
    ),
    "satisfaction trend by quarter": (
        _trend(frequency=ci.Frequency.QUARTER, until=SAMPLE_AS_OF),
        lambda frame: satisfaction_trend_frame_polars(
            frame, frequency=ci.Frequency.QUARTER, until=SAMPLE_AS_OF
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_the_sample_base_read_natively_gives_the_pandas_answer(name: str) -> None:
    """On the sample base the polars path answers itself, with the pandas path's frame."""
    public, native = SAMPLE_CALLS[name]
    polars_frame = pl.from_pandas(SAMPLE)
    assert native(polars_frame) is not None  # no detour through pandas
    _same(public, SAMPLE, polars_frame)


def test_identical_repeats_count_once_as_in_pandas() -> None:
    """A replayed row is dropped by both readers; the answers stay equal."""
    doubled = pd.concat([SAMPLE, SAMPLE.iloc[::7]], ignore_index=True)
    assert recovery_frame_polars(pl.from_pandas(doubled), as_of=SAMPLE_AS_OF) is not None
    _same(_recovery(as_of=SAMPLE_AS_OF), doubled)
    _same(_satisfaction(by="channel", frequency=ci.Frequency.MONTH), doubled)


@settings(max_examples=60)
@given(st.lists(UTF8_IDS, max_size=12), st.booleans())
def test_ids_rise_in_polars_as_in_arrow(ids: list[str], ordered: bool) -> None:
    """The polars reading of rising ids is the Arrow reading's rule (byte length, then bytes)."""
    from custinteract._frames_arrow import _rising as arrow_rising
    from custinteract._frames_polars import _rising

    if ordered:
        ids = sorted(ids, key=lambda text: (len(text.encode()), text.encode()))
    column = pl.DataFrame({"id": ids}, schema={"id": pl.String})
    stored = pd.Series(ids, dtype="str").array.__arrow_array__().chunks
    assert column.select(_rising("id")).item() == arrow_rising(stored)


@pytest.mark.parametrize("prefix", [3, 1 << 12])
@pytest.mark.parametrize(
    "layout", ["rising", "replay after", "replay at the end", "step back", "reused id"]
)
def test_rising_ids_with_repeats_read_as_in_pandas(
    layout: str, prefix: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids written in order, a replay beside its row or at the end, a step back, a reused id."""
    from custinteract import _frames_polars

    monkeypatch.setattr(_frames_polars, "_RISING_PREFIX", prefix)
    frame = SAMPLE.assign(id=[f"i-{n}" for n in range(len(SAMPLE))])
    if layout == "replay after":
        frame = pd.concat([frame.iloc[:5], frame.iloc[4:]], ignore_index=True)
    elif layout == "replay at the end":
        frame = pd.concat([frame, frame.iloc[[6]]], ignore_index=True)
    elif layout == "step back":
        frame = pd.concat([frame.iloc[:9], frame.iloc[[3]].assign(id="i-x")], ignore_index=True)
    elif layout == "reused id":
        frame = pd.concat([frame, frame.iloc[[6]].assign(category="another")], ignore_index=True)
    call = _satisfaction(by="channel", frequency=ci.Frequency.MONTH)
    if layout == "reused id":
        with pytest.raises(ci.InvalidInputError) as expected:
            call(frame)
        with pytest.raises(ci.InvalidInputError) as got:
            call(pl.from_pandas(frame))
        assert str(got.value) == str(expected.value)
        return
    assert satisfaction_frame_polars(pl.from_pandas(frame), by="channel") is not None
    _same(call, frame)
    _same(_recovery(as_of=SAMPLE_AS_OF), frame)


def test_customer_ids_sharing_a_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every id given one hash: the grouping check sees it and the exact way gives the same answer."""
    from custinteract import _frames_polars

    monkeypatch.setattr(_frames_polars, "_hashes", lambda ids: np.zeros(len(ids), np.uint64))
    assert recovery_frame_polars(pl.from_pandas(SAMPLE), as_of=SAMPLE_AS_OF) is not None
    _same(_recovery(as_of=SAMPLE_AS_OF), SAMPLE)


@pytest.mark.parametrize("as_polars", [False, True])
def test_recovery_with_customers_gives_the_pandas_answer(as_polars: bool) -> None:
    """Churn dates and customers with no interactions: the same rows as in pandas."""
    data = sample_dataset()
    known = [customer.id for customer in data.customers]
    churned = data.customers[0].created + timedelta(days=30)
    customers = pd.DataFrame(
        {
            "customer_id": [*known, "nobody", "gone"],
            "churned": pd.to_datetime(
                [churned, *[None] * (len(known) - 1), None, churned], utc=True
            ),
        }
    )
    base = SAMPLE[SAMPLE["customer_id"] != known[1]].reset_index(drop=True)
    given = pl.from_pandas(customers) if as_polars else customers
    assert (
        recovery_frame_polars(pl.from_pandas(base), as_of=SAMPLE_AS_OF, customers=given) is not None
    )
    _same(lambda frame: frames.recovery_frame(frame, as_of=SAMPLE_AS_OF, customers=customers), base)
    churn_only = customers[customers["customer_id"].isin(base["customer_id"])]
    _same(
        lambda frame: frames.recovery_frame(frame, as_of=SAMPLE_AS_OF, customers=churn_only), base
    )


def _written_by_hand() -> tuple[pd.DataFrame, pl.DataFrame]:
    """A small base as a polars user writes it, and the same base in pandas."""
    stamps = [datetime(2026, 3, day, 9 + day % 5) for day in range(1, 13)]
    columns: dict[str, Any] = {
        "id": list(range(100, 112)),
        "customer_id": [7, 7, 8, 8, 8, 9, 9, 7, 8, 9, 7, 8],
        "timestamp": stamps,
        "sentiment": [None, "negative", None, "positive", None, "neutral"] * 2,
        "rating_value": [5, None, 1, 9, 3, None, 2, None, 7, 10, 4, None],
        "rating_scale": ["csat", "nps", "ces", "nps", "csat", None] * 2,
        "channel": ["phone", "email", "chat", "phone", "chat", "email"] * 2,
    }
    polars_frame = pl.DataFrame(columns).with_columns(pl.col("channel").cast(pl.Categorical))
    pandas_frame = pd.DataFrame(columns).astype({"rating_value": "Int64"})
    return pandas_frame, polars_frame


def test_sentiments_all_from_ratings_read_as_in_pandas() -> None:
    """No sentiment column at all: every sentiment comes from the rating, in both readers."""
    pandas_frame, polars_frame = _written_by_hand()
    rated = pandas_frame["rating_value"].notna() & pandas_frame["rating_scale"].notna()
    call = _satisfaction(by="channel", frequency=ci.Frequency.MONTH, timestamps_tz="UTC")
    only_rated = pandas_frame[rated.to_numpy()].drop(columns="sentiment").reset_index(drop=True)
    native = polars_frame.filter(pl.Series(rated.to_numpy())).drop("sentiment")
    assert satisfaction_frame_polars(native, by="channel", timestamps_tz="UTC") is not None
    _same(call, only_rated, native)
    as_of = datetime(2026, 4, 1, tzinfo=UTC)
    assert recovery_frame_polars(native, as_of=as_of, tz="UTC") is not None
    _same(_recovery(as_of=as_of, tz="UTC"), only_rated, native)


@pytest.mark.parametrize(
    "call",
    [
        _recovery(as_of=datetime(2026, 4, 1, tzinfo=UTC), tz="Europe/Paris"),
        _satisfaction(by="channel", frequency=ci.Frequency.WEEK, timestamps_tz="UTC"),
        _trend(frequency=ci.Frequency.DAY, timestamps_tz=ZoneInfo("America/New_York")),
    ],
)
def test_a_frame_written_in_polars_reads_as_in_pandas(call: Call) -> None:
    """Integer ids, categorical text, naive times with a zone, sentiments from ratings."""
    pandas_frame, polars_frame = _written_by_hand()
    _same(call, pandas_frame, polars_frame)


def _drawn_frame(
    interactions: list[ci.Interaction], zone: tzinfo, unit: str, *, replay: bool, felt: bool
) -> pd.DataFrame:
    """Drawn interactions as a frame in ``zone`` and ``unit`` (microseconds where ms would cut),
    the first row replayed at the end (``replay``), rated rows' sentiments left to their
    ratings (unless ``felt``)."""
    if unit == "ms" and any(i.timestamp.microsecond % 1000 for i in interactions):
        unit = "us"
    frame = frame_of(interactions, zone, unit)
    if replay and len(frame):
        frame = pd.concat([frame, frame.iloc[:1]], ignore_index=True)
    if not felt:
        frame["sentiment"] = frame["sentiment"].where(frame["rating_value"].isna(), None)
    return frame


# polars holds named zones only (a frame in a fixed offset, or a result on such a calendar,
# cannot become a polars frame).
NAMED = [zone for zone in ZONES if zone is UTC or not isinstance(zone, timezone)]


@settings(max_examples=20, deadline=None)
@given(
    bases(UTF8_IDS),
    st.sampled_from(NAMED),
    FRAME_SHAPES,
    st.sampled_from(NAMED),
    st.booleans(),
    st.booleans(),
)
def test_drawn_bases_give_the_pandas_answer(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime],
    zone: tzinfo,
    shape: tuple[tzinfo, str],
    calendar: tzinfo,
    replay: bool,
    felt: bool,
) -> None:
    """Around clock changes, with odd ids, in any zone and unit, replays, sentiments from ratings."""
    interactions, _, _, as_of = base
    frame = _drawn_frame(interactions, zone, shape[1], replay=replay, felt=felt)
    _same(_recovery(as_of=as_of), frame)
    _same(_ledger(as_of=as_of), frame)
    by_day = {"by": "customer_id", "frequency": ci.Frequency.DAY, "tz": calendar, "until": as_of}
    _same(_satisfaction(**by_day), frame)
    native = pl.from_pandas(frame)
    if len(frame):  # answered in polars, not through pandas
        assert satisfaction_frame_polars(native, **by_day) is not None
    if (frame["timestamp"] <= as_of).any():
        assert recovery_frame_polars(native, as_of=as_of) is not None
        assert recovery_ledger_frame_polars(native, as_of=as_of) is not None
    _same(_satisfaction(by=("channel", "staff_id"), frequency=ci.Frequency.MONTH), frame)


# ------------------------------------------------------------------------------- refusals


def _base() -> pd.DataFrame:
    return SAMPLE.iloc[:40].reset_index(drop=True)


def _set(column: str, row: int, value: Any) -> Callable[[], pd.DataFrame]:
    def bad() -> pd.DataFrame:
        frame = _base()
        cells = frame[column].astype(object).tolist()
        cells[row] = value
        frame[column] = pd.Series(cells, dtype=frame[column].dtype if value is None else object)
        return frame

    return bad


def _naive() -> pd.DataFrame:
    frame = _base()
    frame["timestamp"] = frame["timestamp"].dt.tz_localize(None)
    return frame


def _nanoseconds() -> pd.DataFrame:
    frame = _base()
    frame["timestamp"] = frame["timestamp"].dt.as_unit("ns") + pd.to_timedelta(
        [0, 1, *[0] * (len(frame) - 2)], unit="ns"
    )
    return frame


def _reused_id() -> pd.DataFrame:
    frame = _base()
    frame.loc[5, "id"] = frame.loc[3, "id"]
    return frame


def _float_ids() -> pd.DataFrame:
    frame = _base()
    frame["customer_id"] = [float(n % 3) for n in range(len(frame))]
    return frame


def _off_scale_unfelt() -> pd.DataFrame:
    frame = _base()
    frame["sentiment"] = frame["sentiment"].astype(object)
    frame.loc[2, ["sentiment", "rating_value", "rating_scale"]] = [None, 11, "csat"]
    return frame


def _neither() -> pd.DataFrame:
    frame = _base()
    frame["sentiment"] = frame["sentiment"].astype(object)
    frame.loc[4, ["sentiment", "rating_value", "rating_scale"]] = [None, None, None]
    return frame


def _off_scale_felt() -> pd.DataFrame:
    frame = _base()
    frame.loc[6, ["rating_value", "rating_scale"]] = [9, "csat"]
    return frame


def _no_id() -> pd.DataFrame:
    return _base().drop(columns="id")


BAD: dict[str, tuple[Callable[[], pd.DataFrame], dict[str, Any]]] = {
    "blank id": (_set("id", 3, " \t"), {}),
    "missing customer id": (_set("customer_id", 2, None), {}),
    "float customer ids": (_float_ids, {}),
    "no id column": (_no_id, {}),
    "unknown column key": (_base, {"columns": {"ticket": "id"}}),
    "absent source column": (_base, {"columns": {"id": "ticket"}}),
    "naive timestamps": (_naive, {}),
    "nanoseconds": (_nanoseconds, {}),
    "unknown sentiment": (_set("sentiment", 1, "cheerful"), {}),
    "unknown channel": (_set("channel", 7, "pigeon"), {}),
    "unknown rating scale": (_set("rating_scale", 8, "stars"), {}),
    "unknown gesture": (_set("gesture_kind", 9, "hug"), {}),
    "off-scale rating, no sentiment": (_off_scale_unfelt, {}),
    "neither sentiment nor rating": (_neither, {}),
    "an id naming two interactions": (_reused_id, {}),
}


def _as_polars_reads(frame: pd.DataFrame) -> pd.DataFrame:
    """The pandas frame a polars one stands for: text in pandas' own text type (missing: NaN)."""
    text = {
        name: "str"
        for name in frame.columns
        if frame[name].dtype == object and all(isinstance(v, str) for v in frame[name].dropna())
    }
    return frame.astype(text)


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(ci.InvalidInputError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("name", sorted(BAD))
def test_refusals_are_the_pandas_refusals(name: str) -> None:
    """Each column rule refuses the polars frame with the pandas message and row."""
    make, options = BAD[name]
    bad = _as_polars_reads(make())
    polars_bad = pl.from_pandas(bad)
    recovery = _error(lambda: frames.recovery_frame(polars_bad, as_of=SAMPLE_AS_OF, **options))
    assert recovery == _error(lambda: frames.recovery_frame(bad, as_of=SAMPLE_AS_OF, **options))
    ledger = _error(lambda: frames.recovery_ledger_frame(polars_bad, as_of=SAMPLE_AS_OF, **options))
    assert ledger == recovery
    satisfaction = _error(lambda: frames.satisfaction_frame(polars_bad, by="channel", **options))
    assert satisfaction == _error(lambda: frames.satisfaction_frame(bad, by="channel", **options))


@pytest.mark.parametrize(
    "options",
    [
        {"tz": "Mars/Olympus"},
        {"tz": 5},
        {"as_of": datetime(2026, 1, 1)},
        {"policy": "strict"},
    ],
)
def test_recovery_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """Bad arguments: the same error, in the same order of checks, as for pandas."""
    frame = _naive() if "tz" in options else _base()
    arguments = {"as_of": SAMPLE_AS_OF, **options}
    assert _error(lambda: frames.recovery_frame(pl.from_pandas(frame), **arguments)) == _error(
        lambda: frames.recovery_frame(frame, **arguments)
    )
    assert _error(lambda: frames.recovery_ledger_frame(pl.from_pandas(frame), **arguments)) == (
        _error(lambda: frames.recovery_ledger_frame(frame, **arguments))
    )


@pytest.mark.parametrize(
    "options",
    [
        {"by": "mood"},
        {"frequency": "monthly"},
        {"timestamps_tz": "Mars/Olympus"},
        {"since": datetime(2026, 1, 1)},
    ],
)
def test_satisfaction_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """A rating off its scale (with a sentiment given), bad arguments: as for pandas."""
    frame = _naive() if "timestamps_tz" in options else _base()
    assert _error(lambda: frames.satisfaction_frame(pl.from_pandas(frame), **options)) == _error(
        lambda: frames.satisfaction_frame(frame, **options)
    )
    felt = _off_scale_felt()
    assert _error(lambda: frames.satisfaction_frame(pl.from_pandas(felt))) == _error(
        lambda: frames.satisfaction_frame(felt)
    )


# ------------------------------------------------------------------- normalize_interactions

_OPTIONAL = ["channel", "kind", "direction", "staff_id", "category", "gesture_kind", "resolved"]


@settings(max_examples=40, deadline=None)
@given(
    bases(UTF8_IDS),
    st.sampled_from(NAMED),
    FRAME_SHAPES,
    st.booleans(),
    st.booleans(),
    st.sets(st.sampled_from(_OPTIONAL)),
)
def test_normalize_interactions_on_polars_is_the_pandas_answer(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime],
    zone: tzinfo,
    shape: tuple[tzinfo, str],
    replay: bool,
    felt: bool,
    dropped: set[str],
) -> None:
    """Normalized in polars: the pandas answer (columns, order, types, zone), replays dropped."""
    from custinteract._frames_polars import normalize_interactions_polars

    frame = _drawn_frame(base[0], zone, shape[1], replay=replay, felt=felt)
    frame = frame.drop(columns=sorted(dropped))
    native = pl.from_pandas(frame)
    if len(frame):  # answered in polars, not through pandas
        assert normalize_interactions_polars(native) is not None
    _same(frames.normalize_interactions, frame, native)


def test_normalize_interactions_on_polars_keeps_the_general_way_for_the_rest() -> None:
    """Naive times with ``tz=``, categorical text: the general way; a float's NaN reads as missing."""
    from custinteract._frames_interop import to_pandas
    from custinteract._frames_polars import normalize_interactions_polars

    _, polars_frame = _written_by_hand()
    assert normalize_interactions_polars(polars_frame, tz="Europe/Paris") is None
    answer = frames.normalize_interactions(polars_frame, tz="Europe/Paris")
    assert isinstance(answer, pl.DataFrame)
    assert answer.schema["timestamp"] == pl.Datetime("us", "Europe/Paris")
    with_nan = pl.from_pandas(SAMPLE).with_columns(
        pl.when(pl.col("gesture_value").is_null())
        .then(float("nan"))
        .otherwise(pl.col("gesture_value"))
        .alias("gesture_value")
    )
    assert with_nan["gesture_value"].is_nan().any()  # a NaN reads as missing, as in pandas
    natively = normalize_interactions_polars(with_nan)
    assert natively is not None
    general = frames.normalize_interactions(to_pandas(with_nan))  # the way through pandas
    assert_frame_equal(natively, _expected(general), check_exact=True)
    renamed = SAMPLE.rename(columns={"id": "ticket"})
    assert normalize_interactions_polars(pl.from_pandas(renamed), {"id": "ticket"}) is not None
    _same(lambda f: frames.normalize_interactions(f, {"id": "ticket"}), renamed)


def test_normalize_interactions_on_arrow_is_the_general_answer() -> None:
    """An Arrow table read through polars: the Arrow answer the way through pandas gives."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    from custinteract._frames_interop import from_pandas, to_pandas

    for frame in (SAMPLE, SAMPLE[["id", "customer_id", "timestamp", "sentiment"]]):
        table = pa.Table.from_pandas(frame, preserve_index=False)
        general = from_pandas(frames.normalize_interactions(to_pandas(table)), "arrow")
        got = frames.normalize_interactions(table)
        assert got.schema.equals(general.schema)
        assert got.equals(general)
