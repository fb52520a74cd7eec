"""The morale frames read polars interactions natively: the pandas answers, the pandas refusals.

The polars path reads, checks and counts the interactions in polars (no
pandas frame of them is made); each answer must equal the pandas path's
answer converted to polars, cell for cell and type for type, and each
refusal must be the pandas path's (same message, same row), on the sample
base, on hypothesis-drawn staffs, and on inputs only a polars user would
write (integer ids, categorical staff ids, naive timestamps with ``tz=``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from polars.testing import assert_frame_equal

import custinteract as ci
from custinteract import frames
from custinteract.morale._frames_polars import morale_frame_polars, team_morale_frame_polars
from custinteract.samples import SAMPLE_AS_OF, sample_dataset
from test_frames_polars import BAD, _as_polars_reads, _error, _expected
from test_morale_frames import (
    _resolutions_consistent,
    bases,
    events_to_frame,
    policies,
    staff_to_frame,
)

UTC = timezone.utc
SAMPLE = sample_dataset()
STAFF = staff_to_frame(list(SAMPLE.staff))
CALLS = frames.interactions_to_frame(SAMPLE.interactions)
EVENTS = events_to_frame(list(SAMPLE.staff_events))
FUNCTIONS = {
    "morale": (frames.morale_frame, morale_frame_polars),
    "team": (frames.team_morale_frame, team_morale_frame_polars),
}


def _polars(frame: pd.DataFrame | None) -> pl.DataFrame | None:
    return None if frame is None else pl.from_pandas(frame)


def _same(
    name: str,
    staff: pd.DataFrame,
    calls: pd.DataFrame,
    events: pd.DataFrame | None,
    native_calls: pl.DataFrame | None = None,
    *,
    native: bool = True,
    **options: Any,
) -> None:
    """The public function on polars frames equals it on pandas ones (cells and types).

    With ``native`` the polars path answers itself (no detour through pandas).
    """
    public, polars_path = FUNCTIONS[name]
    polars_calls = pl.from_pandas(calls) if native_calls is None else native_calls
    arguments = (_polars(staff), polars_calls, _polars(events))
    if native:
        assert polars_path(*arguments, **options) is not None
    got = public(*arguments, **options)
    assert isinstance(got, pl.DataFrame)
    assert_frame_equal(got, _expected(public(staff, calls, events, **options)), check_exact=True)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_the_sample_base_read_natively_gives_the_pandas_answer(name: str) -> None:
    """On the sample base, with and without events, under another policy."""
    _same(name, STAFF, CALLS, EVENTS, as_of=SAMPLE_AS_OF)
    _same(name, STAFF, CALLS, None, as_of=SAMPLE_AS_OF)
    policy = ci.MoralePolicy(window=ci.parse_window("P7D"), workload_tolerance=0)
    _same(name, STAFF, CALLS, EVENTS, as_of=SAMPLE_AS_OF, policy=policy)


def test_a_mixed_call_and_identical_repeats() -> None:
    """A polars base beside pandas staff and events; a replayed row counts once."""
    doubled = pd.concat([CALLS, CALLS.iloc[::7]], ignore_index=True)
    native = morale_frame_polars(STAFF, pl.from_pandas(doubled), EVENTS, as_of=SAMPLE_AS_OF)
    assert isinstance(native, pl.DataFrame)
    expected = frames.morale_frame(STAFF, CALLS, EVENTS, as_of=SAMPLE_AS_OF)
    assert_frame_equal(native, _expected(expected), check_exact=True)


def _written_by_hand() -> tuple[pd.DataFrame, pd.DataFrame, pl.DataFrame]:
    """Staff, and a small base as a polars user writes it with the same base in pandas."""
    staff = pd.DataFrame({"id": ["s-1", "s-2", "s-3"], "team": ["desk", None, "desk"]})
    columns: dict[str, Any] = {
        "id": list(range(100, 112)),
        "customer_id": [7, 7, 8, 8, 8, 9, 9, 7, 8, 9, 7, 8],
        "timestamp": [datetime(2026, 3, day, 9 + day % 5) for day in range(1, 13)],
        "sentiment": ["negative", "positive", "neutral"] * 4,
        "staff_id": ["s-1", "s-2", None, "s-3", "s-9", "s-1"] * 2,
    }
    polars_frame = pl.DataFrame(columns).with_columns(pl.col("staff_id").cast(pl.Categorical))
    return staff, pd.DataFrame(columns), polars_frame


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_a_frame_written_in_polars_reads_as_in_pandas(name: str) -> None:
    """Integer ids, categorical staff ids (one unknown, one missing), naive times with a zone."""
    staff, pandas_frame, polars_frame = _written_by_hand()
    options = {"as_of": datetime(2026, 3, 20, tzinfo=UTC), "tz": "Europe/Paris"}
    _same(name, staff, pandas_frame, None, polars_frame, **options)


def test_staff_ids_of_another_type_go_the_general_way() -> None:
    """Integer staff ids match no member: the general way answers, as for pandas."""
    staff, pandas_frame, _ = _written_by_hand()
    pandas_frame["staff_id"] = range(len(pandas_frame))
    options = {"as_of": datetime(2026, 3, 20, tzinfo=UTC), "tz": "UTC"}
    polars_frame = pl.from_pandas(pandas_frame)
    assert morale_frame_polars(staff, polars_frame, **options) is None
    _same("morale", staff, pandas_frame, None, polars_frame, native=False, **options)


@settings(max_examples=20, deadline=None)
@given(bases(), policies)
def test_drawn_staffs_give_the_pandas_answer(
    base: tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent], datetime],
    policy: ci.MoralePolicy,
) -> None:
    """Random staffs, teams, unassigned calls, events of every kind (surveys too), policies."""
    staff, calls, events, as_of = base
    if not calls or not _resolutions_consistent(events, as_of):
        return  # no base to read natively / refused: see the refusals below
    frames_in = (
        staff_to_frame(staff),
        frames.interactions_to_frame(calls),
        events_to_frame(events),
    )
    for name in FUNCTIONS:
        _same(name, *frames_in, as_of=as_of, policy=policy)


# ------------------------------------------------------------------------------- refusals


def _refused_alike(
    staff: pd.DataFrame, calls: pd.DataFrame, events: pd.DataFrame | None, **options: Any
) -> None:
    """Both functions refuse the polars frames with the message they give the pandas ones."""
    for public, _ in FUNCTIONS.values():
        arguments = (_polars(staff), pl.from_pandas(calls), _polars(events))
        expected = _error(lambda: public(staff, calls, events, **options))  # noqa: B023
        assert _error(lambda: public(*arguments, **options)) == expected  # noqa: B023


@pytest.mark.parametrize("name", sorted(BAD))
def test_interaction_refusals_are_the_pandas_refusals(name: str) -> None:
    """Each column rule refuses the polars base with the pandas message and row."""
    make, options = BAD[name]
    _refused_alike(STAFF, _as_polars_reads(make()), EVENTS, as_of=SAMPLE_AS_OF, **options)


def _staff_with(column: str, row: int, value: Any) -> Callable[[], pd.DataFrame]:
    def bad() -> pd.DataFrame:
        frame = STAFF.copy()
        cells = frame[column].astype(object).tolist()
        cells[row] = value
        frame[column] = cells
        return frame

    return bad


def _events_with(column: str, row: int, value: Any) -> Callable[[], pd.DataFrame]:
    def bad() -> pd.DataFrame:
        frame = EVENTS.copy()
        cells = frame[column].astype(object).tolist()
        cells[row] = value
        frame[column] = cells
        return frame

    return bad


BAD_SIDES: dict[str, tuple[Callable[[], pd.DataFrame], Callable[[], pd.DataFrame]]] = {
    "blank staff id": (_staff_with("id", 2, " "), EVENTS.copy),
    "blank team": (_staff_with("team", 1, "\t"), EVENTS.copy),
    "one id, two teams": (_staff_with("id", 7, STAFF["id"][0]), EVENTS.copy),
    "no staff id column": (lambda: STAFF.drop(columns="id"), EVENTS.copy),
    "unknown event kind": (STAFF.copy, _events_with("kind", 3, "party")),
    "no event kind column": (STAFF.copy, lambda: EVENTS.drop(columns="kind")),
}


@pytest.mark.parametrize("name", sorted(BAD_SIDES))
def test_staff_and_event_refusals_are_the_pandas_refusals(name: str) -> None:
    """A staff or events frame the readers refuse: the pandas message and row."""
    staff, events = (make() for make in BAD_SIDES[name])
    _refused_alike(staff, CALLS, events, as_of=SAMPLE_AS_OF)


@pytest.mark.parametrize(
    "options",
    [
        {"tz": "Mars/Olympus"},
        {"tz": 5},
        {"as_of": datetime(2026, 1, 1)},
        {"policy": "strict"},
    ],
)
def test_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """Bad arguments: the same error as for pandas."""
    calls = CALLS.assign(timestamp=CALLS["timestamp"].dt.tz_localize(None))
    arguments = {"as_of": SAMPLE_AS_OF - timedelta(days=1), **options}
    _refused_alike(STAFF, calls if "tz" in options else CALLS, EVENTS, **arguments)


def test_a_text_note_column_with_no_note_is_read() -> None:
    """Event notes (or resolutions) all missing in a text column: no notes, in either library."""
    events = EVENTS.assign(
        note=pd.Series(None, index=EVENTS.index, dtype="str"),
        resolves=EVENTS["resolves"].astype("str"),
    )
    expected = frames.morale_frame(STAFF, CALLS, EVENTS, as_of=SAMPLE_AS_OF)
    got = frames.morale_frame(STAFF, CALLS, events, as_of=SAMPLE_AS_OF)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    _same("morale", STAFF, CALLS, events, as_of=SAMPLE_AS_OF)


@pytest.mark.parametrize("value", ["negative", "ab", "é", "", "a-value-longer-than-a-word"])
def test_text_equality_read_from_the_buffers(value: str) -> None:
    """The sentiment test reads Arrow's buffers: equal exactly where the texts are equal."""
    import pyarrow as pa

    from custinteract.morale._frames_count import _equal_text

    texts = ["ab", "negative", None, "xab", "négatif", "", "é", "a-value-longer-than-a-word", "ab"]
    for rows in (texts, texts[-1:], [None], [], [value]):
        expected = [text == value for text in rows]
        assert _equal_text(pa.array(rows, pa.large_string()), value).tolist() == expected
        sliced = pa.array(["zz", *rows], pa.string()).slice(1)  # an offset into the buffers
        assert _equal_text(sliced, value).tolist() == expected


def test_counting_in_blocks_gives_the_same_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interactions are counted a block of rows at a time: any block size, one answer."""
    from custinteract.morale import _frames_count

    expected = frames.morale_frame(STAFF, CALLS, EVENTS, as_of=SAMPLE_AS_OF)
    for block in (1, 7, 64):
        monkeypatch.setattr(_frames_count, "_BLOCK", block)
        got = frames.morale_frame(STAFF, CALLS, EVENTS, as_of=SAMPLE_AS_OF)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs
