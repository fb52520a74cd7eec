"""The morale frames' column passes against the values they stand for.

The staff frame is checked by the models' own rules, members are matched by
value whatever the column's kind, team medians are :func:`statistics.median`
and every exact sum is :func:`math.fsum`'s, bit for bit.
"""

from __future__ import annotations

import math
import statistics
from datetime import datetime, timezone
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract.frames import interactions_to_frame, morale_frame
from custinteract.morale._frames_events import _fsum_by
from custinteract.morale._frames_gather import _exact_sums
from custinteract.morale._frames_staff import member_positions, staff_from_frame, team_medians_of
from custinteract.morale._rules import decay

UTC = timezone.utc
AS_OF = datetime(2026, 6, 1, tzinfo=UTC)

ID_CELLS = st.sampled_from(["s-1", "s-2", "s-3", "b", " ", "", "\ufeff", None, 7, float("nan")])
TEAM_CELLS = st.sampled_from(["desk", "field", None, float("nan"), " ", "\ufeff", 3])


def expected_staff_error(ids: list[Any], teams: list[Any]) -> str | None:
    """The first row the models refuse, as the staff frame reports it (None: all accepted)."""
    seen: dict[Any, Any] = {}
    for row, (staff_id, team) in enumerate(zip(ids, teams, strict=True)):
        team = None if team is None or team != team else team
        try:
            ci.StaffMember(id=staff_id, name="x", hired=AS_OF, team=team)
        except ci.InvalidInputError as exc:
            if exc.field == "id":
                return str(ci.InvalidInputError(f"staff.id[{row}]", staff_id, exc.expected))
            return str(
                ci.InvalidInputError(f"staff.team[{row}]", team, "a non-blank string or missing")
            )
        if staff_id in seen and seen[staff_id] != team:
            return str(
                ci.InvalidInputError(
                    f"staff.id[{row}]", staff_id, "an id not used by a different member"
                )
            )
        seen[staff_id] = team
    return None


@given(st.lists(st.tuples(ID_CELLS, TEAM_CELLS), max_size=8))
@settings(max_examples=150)
def test_staff_frame_refuses_what_the_model_refuses(rows: list[tuple[Any, Any]]) -> None:
    """The first refused row and its message are the row-by-row reading's, by the models' rules."""
    ids = [staff_id for staff_id, _ in rows]
    teams = [team for _, team in rows]
    frame = pd.DataFrame(
        {"id": pd.Series(ids, dtype=object), "team": pd.Series(teams, dtype=object)}
    )
    error = expected_staff_error(ids, teams)
    if error is not None:
        with pytest.raises(ci.InvalidInputError) as caught:
            staff_from_frame(frame)
        assert str(caught.value) == error
        return
    got = staff_from_frame(frame)
    members = {staff_id: None if team is None or team != team else team for staff_id, team in rows}
    assert got.members == sorted(members.items())


def test_staff_id_of_blank_characters_is_refused_as_the_model_refuses_it() -> None:
    """An id made of a byte-order mark is blank for StaffMember, so for the staff frame too."""
    calls = interactions_to_frame([])
    with pytest.raises(ci.InvalidInputError, match=r"^staff\.id\[1\]: expected a non-blank"):
        morale_frame(pd.DataFrame({"id": ["s-1", "\ufeff"]}), calls, as_of=AS_OF)
    with pytest.raises(ci.InvalidInputError, match=r"^staff\.team\[0\]: expected a non-blank"):
        morale_frame(pd.DataFrame({"id": ["s-1"], "team": ["\u3000"]}), calls, as_of=AS_OF)


@pytest.mark.parametrize("kind", ["str", "object", "category"])
def test_members_are_matched_by_value_whatever_the_column(kind: str) -> None:
    """Arrow text, Python objects and categories find the same members; others find none."""
    ids = pd.Index(["a", "b", "c"], dtype=object)
    values = pd.Series(["c", None, "x", "a", "c", "", "b"]).astype(kind)
    assert member_positions(values, ids).tolist() == [2, -1, -1, 0, 2, -1, 1]
    assert member_positions(values, pd.Index([], dtype=object)).tolist() == [-1] * 7
    odd = pd.Index(["a", "\ud800", "c"], dtype=object)  # a valid id Arrow text cannot hold
    assert member_positions(values, odd).tolist() == [2, -1, -1, 0, 2, -1, -1]


@given(
    st.lists(st.tuples(st.integers(0, 50), st.sampled_from(["desk", "field", None])), min_size=1)
)
@settings(max_examples=60)
def test_team_medians_are_statistics_median(rows: list[tuple[int, str | None]]) -> None:
    """Each team's median (members without a team together) is statistics.median's value."""
    handled = np.array([count for count, _ in rows], dtype="int64")
    teams = np.array([team for _, team in rows], dtype=object)
    by_team, each = team_medians_of(handled, teams)
    expected = {
        team: float(statistics.median([c for c, t in rows if t == team]))
        for team in {t for _, t in rows}
    }
    assert by_team == expected
    assert each.tolist() == [expected[team] for _, team in rows]


FLOATS = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False) | st.sampled_from(
    [0.0, -0.0, 1e-310, 0.1, 1 / 3, 2.0**53, 1.0, -1.0]
)


def bits(values: np.ndarray) -> list[int]:
    return np.asarray(values, dtype="float64").view("int64").tolist()


@given(st.integers(1, 9).flatmap(lambda k: st.lists(st.lists(FLOATS, min_size=k, max_size=k))))
@settings(max_examples=200)
def test_exact_sums_are_fsum_bit_for_bit(rows: list[list[float]]) -> None:
    """Per row, the sum of the columns is math.fsum's, to the bit (signs of zero included)."""
    if not rows:
        return
    columns = [np.array(column, dtype="float64") for column in zip(*rows, strict=True)]
    try:
        expected = [math.fsum(row) for row in rows]
    except OverflowError:
        with pytest.raises(OverflowError):
            _exact_sums(columns)
        return
    assert bits(_exact_sums(columns)) == bits(np.array(expected))


@given(st.lists(st.tuples(st.integers(0, 4), st.floats(0, 400, allow_nan=False)), max_size=30))
@settings(max_examples=100)
def test_decayed_weights_sum_as_fsum_per_member(events: list[tuple[int, float]]) -> None:
    """Each member's recognition weight is math.fsum of decay over its events' ages."""
    member = np.array([m for m, _ in events], dtype="int64")
    ages = np.array([age for _, age in events], dtype="float64")
    got = _fsum_by(member, ages, 30.0, 5)
    expected = [
        math.fsum(map(decay, [age for m, age in events if m == position], repeat(30.0)))
        for position in range(5)
    ]
    assert bits(got) == bits(np.array(expected))


def test_decayed_weights_of_a_busy_member_sum_as_fsum() -> None:
    """A member with more weights than the summing table holds is summed by math.fsum itself."""
    rng = np.random.default_rng(7)
    member = np.repeat(np.array([0, 1, 2], dtype="int64"), [200, 3, 64])
    ages = rng.uniform(0, 400, len(member))
    got = _fsum_by(member, ages, 30.0, 4)
    expected = [
        math.fsum(map(decay, ages[member == position].tolist(), repeat(30.0)))
        for position in range(4)
    ]
    assert bits(got) == bits(np.array(expected))
