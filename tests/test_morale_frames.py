"""Tests of the morale frames (differential against the object path) and plots."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import attrs
import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import custinteract as ci
from custinteract.frames import (
    STAFF_EVENT_COLUMNS,
    TEAM_MORALE_COLUMNS,
    assessments_to_frame,
    interactions_to_frame,
    loop_frame,
    morale_assessments_to_frame,
    morale_frame,
    team_morale_frame,
)
from custinteract.plotting import plot_feedback_loop, plot_team_morale

UTC = timezone.utc
AS_OF = datetime(2026, 6, 1, 12, tzinfo=UTC)
K = ci.StaffEventKind


def staff_to_frame(staff: list[ci.StaffMember]) -> pd.DataFrame:
    """A staff frame from members."""
    frame: pd.DataFrame = pd.DataFrame(
        {
            "id": [m.id for m in staff],
            "name": [m.name for m in staff],
            "hired": pd.to_datetime([m.hired for m in staff], utc=True),
            "team": [m.team for m in staff],
        }
    )
    return frame


def events_to_frame(events: list[ci.StaffEvent]) -> pd.DataFrame:
    """A staff events frame from events."""
    frame: pd.DataFrame = pd.DataFrame(
        [
            {
                "id": e.id,
                "staff_id": e.staff_id,
                "timestamp": e.timestamp,
                "kind": e.kind.value,
                "note": e.note,
                "score": e.score,
                "resolves": e.resolves,
            }
            for e in events
        ],
        columns=list(STAFF_EVENT_COLUMNS),
    )
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    return frame


@st.composite
def bases(
    draw: st.DrawFn, *, surveys: bool = True
) -> tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent], datetime]:
    """A random staff with teams, their interactions (some unassigned) and events.

    Without ``surveys`` (whose scores send the frames path to the event
    values), a resolution may also name an earlier event that is no concern
    of its member, or one another resolution names.
    """
    kinds = [K.RECOGNITION, K.REWARD, K.ONE_TO_ONE, K.CONCERN_RAISED]
    if surveys:
        kinds.append(K.SURVEY)
    as_of = AS_OF + timedelta(hours=draw(st.integers(-1000, 1000)))
    n_staff = draw(st.integers(1, 6))
    staff = [
        ci.StaffMember(
            id=f"s-{k}",
            name=f"N{k}",
            hired=AS_OF - timedelta(days=500),
            team=draw(st.sampled_from([None, "support", "sales"])),
        )
        for k in range(n_staff)
    ]
    owners = st.sampled_from([None, "s-ghost", *(m.id for m in staff)])
    calls = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id=f"c-{k % 5}",
            staff_id=draw(owners),
            timestamp=as_of - timedelta(hours=draw(st.integers(-48, 24 * 45))),
            sentiment=draw(st.sampled_from(ci.Sentiment)),
        )
        for k in range(draw(st.integers(0, 60)))
    ]
    events: list[ci.StaffEvent] = []
    for k in range(draw(st.integers(0, 20))):
        who = draw(st.sampled_from([m.id for m in staff]))
        kind = draw(st.sampled_from(kinds))
        stamp = as_of - timedelta(hours=draw(st.integers(-48, 24 * 120)))
        events.append(
            ci.StaffEvent(
                id=f"e-{k}",
                staff_id=who,
                kind=kind,
                timestamp=stamp,
                score=draw(st.integers(0, 10)) if kind is K.SURVEY else None,
            )
        )
        if kind is K.CONCERN_RAISED and draw(st.booleans()):
            events.append(
                ci.StaffEvent(
                    id=f"e-{k}-r",
                    staff_id=who,
                    kind=K.CONCERN_RESOLVED,
                    timestamp=stamp + timedelta(hours=draw(st.integers(1, 24 * 40))),
                    resolves=draw(
                        st.sampled_from(
                            [None, f"e-{k}"] if surveys else [None, f"e-{k}", f"e-{max(k - 1, 0)}"]
                        )
                    ),
                )
            )
    return staff, calls, events, as_of


def object_path(
    staff: list[ci.StaffMember],
    calls: list[ci.Interaction],
    events: list[ci.StaffEvent],
    as_of: datetime,
    policy: ci.MoralePolicy,
) -> tuple[pd.DataFrame, ci.TeamMorale]:
    """The object path's result in the frame layout."""
    team = ci.assess_team_morale(staff, calls, as_of=as_of, events=events, policy=policy)
    return morale_assessments_to_frame(team.members), team


def _resolutions_consistent(events: list[ci.StaffEvent], as_of: datetime) -> bool:
    try:
        for member in {e.staff_id for e in events}:
            ci.assess_morale(
                ci.StaffMember(id=member, name="x", hired=as_of), [], as_of=as_of, events=events
            )
    except ci.InvalidInputError:
        return False
    return True


policies = st.sampled_from(
    [
        ci.MoralePolicy(),
        ci.MoralePolicy(window=ci.parse_window("P7D"), voice_window=ci.parse_window("P1M")),
        ci.MoralePolicy(recognition_half_life=ci.parse_window("PT36H"), workload_tolerance=0),
    ]
)


@given(bases(), policies)
@settings(max_examples=60)
def test_frame_equals_object_path(
    base: tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent], datetime],
    policy: ci.MoralePolicy,
) -> None:
    """morale_frame gives exactly the object path's assessments on random bases."""
    check_frame_equals_object_path(base, policy)


@given(bases(surveys=False), policies)
@settings(max_examples=60)
def test_events_in_columns_equal_object_path(
    base: tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent], datetime],
    policy: ci.MoralePolicy,
) -> None:
    """Without surveys the events are read in columns: the same answers and the same errors."""
    staff, calls, events, as_of = base
    frames = (staff_to_frame(staff), interactions_to_frame(calls), events_to_frame(events))
    error = None
    try:
        team_morale_frame(*frames, as_of=as_of, policy=policy)  # reads event values
    except ci.InvalidInputError as exc:
        error = str(exc)
    if error is not None:
        with pytest.raises(ci.InvalidInputError, match=f"^{re.escape(error)}$"):
            morale_frame(*frames, as_of=as_of, policy=policy)
    check_frame_equals_object_path(base, policy)


def check_frame_equals_object_path(
    base: tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent], datetime],
    policy: ci.MoralePolicy,
) -> None:
    """morale_frame and team_morale_frame equal the object path, errors included."""
    staff, calls, events, as_of = base
    if not _resolutions_consistent(events, as_of):
        with pytest.raises(ci.InvalidInputError):
            ci.assess_team_morale(staff, calls, as_of=as_of, events=events, policy=policy)
        with pytest.raises(ci.InvalidInputError):
            morale_frame(
                staff_to_frame(staff),
                interactions_to_frame(calls),
                events_to_frame(events),
                as_of=as_of,
                policy=policy,
            )
        return
    expected, team = object_path(staff, calls, events, as_of, policy)
    staff_df, calls_df, events_df = (
        staff_to_frame(staff),
        interactions_to_frame(calls),
        events_to_frame(events),
    )
    copies = (staff_df.copy(), calls_df.copy(), events_df.copy())
    got = morale_frame(staff_df, calls_df, events_df, as_of=as_of, policy=policy)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs["unassigned_interactions"] == team.unassigned_interactions
    teams = team_morale_frame(staff_df, calls_df, events_df, as_of=as_of, policy=policy)
    labels = [None if pd.isna(label) else label for label in teams.index]
    assert labels == [summary.team for summary in team.teams]  # no team: a missing label
    for position, summary in enumerate(team.teams):
        row = teams.iloc[position]
        for name in TEAM_MORALE_COLUMNS[:-2]:
            value = getattr(summary, name)
            assert (pd.isna(row[name]) and value is None) or row[name] == value, name
        assert row["explanation"] == tuple(r.code for r in summary.explanation)
        assert row["why"] == "; ".join(ci.MORALE_REASON_CODES[r.code] for r in summary.explanation)
    for before, after in zip(copies, (staff_df, calls_df, events_df), strict=True):
        pd.testing.assert_frame_equal(before, after)  # inputs untouched


def example_base() -> tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent]]:
    """A fixed base with two teams and some unassigned interactions."""
    staff = [
        ci.StaffMember(id=f"s-{k}", name=f"N{k}", hired=AS_OF, team="support" if k < 3 else "sales")
        for k in range(5)
    ]
    calls = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id=f"c-{k}",
            staff_id=f"s-{k % 6}" if k % 6 < 5 else None,
            timestamp=AS_OF - timedelta(hours=7 * k),
            sentiment=ci.Sentiment.NEGATIVE if k % 3 == 0 else ci.Sentiment.POSITIVE,
        )
        for k in range(120)
    ]
    events = [
        ci.StaffEvent(id="e-1", staff_id="s-1", kind=K.REWARD, timestamp=AS_OF - timedelta(days=2)),
        ci.StaffEvent(
            id="e-2", staff_id="s-3", kind=K.CONCERN_RAISED, timestamp=AS_OF - timedelta(days=9)
        ),
    ]
    return staff, calls, events


def test_dask_interactions_give_the_same_frame() -> None:
    """A Dask interactions frame (synchronous scheduler) gives the pandas result."""
    staff, calls, events = example_base()
    calls_df = interactions_to_frame(calls)
    expected = morale_frame(staff_to_frame(staff), calls_df, events_to_frame(events), as_of=AS_OF)
    with dask.config.set(scheduler="synchronous"):
        got = morale_frame(
            staff_to_frame(staff),
            dd.from_pandas(calls_df, npartitions=4),  # type: ignore[no-untyped-call]
            events_to_frame(events),
            as_of=AS_OF,
        )
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs == expected.attrs


@given(bases(), st.integers(1, 4))
@settings(max_examples=8)
def test_dask_equals_object_path_on_random_bases(
    base: tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent], datetime],
    partitions: int,
) -> None:
    """On random bases the Dask path (synchronous scheduler) equals the object path."""
    staff, calls, events, as_of = base
    if not calls or not _resolutions_consistent(events, as_of):
        return
    expected, _ = object_path(staff, calls, events, as_of, ci.MoralePolicy())
    lazy = dd.from_pandas(interactions_to_frame(calls), npartitions=partitions)  # type: ignore[no-untyped-call]
    with dask.config.set(scheduler="synchronous"):
        got = morale_frame(staff_to_frame(staff), lazy, events_to_frame(events), as_of=as_of)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_dask_duplicate_ids_are_refused() -> None:
    """An id reused by another staff member's interaction, in another partition, is refused."""
    staff, calls, _ = example_base()
    other = next(m.id for m in staff if m.id != calls[0].staff_id)
    calls_df = interactions_to_frame([*calls, attrs.evolve(calls[0], staff_id=other)])
    lazy = dd.from_pandas(calls_df, npartitions=3)  # type: ignore[no-untyped-call]
    with (
        dask.config.set(scheduler="synchronous"),
        pytest.raises(ci.InvalidInputError, match="unique"),
    ):
        morale_frame(staff_to_frame(staff), lazy, as_of=AS_OF)


def test_dask_keeps_an_identical_replay_once() -> None:
    """A replayed row counts once on Dask, as on pandas and in the object path."""
    staff, calls, _ = example_base()
    lazy = dd.from_pandas(interactions_to_frame(calls + calls[:1]), npartitions=3)  # type: ignore[no-untyped-call]
    with dask.config.set(scheduler="synchronous"):
        got = morale_frame(staff_to_frame(staff), lazy, as_of=AS_OF)
    expected = morale_frame(staff_to_frame(staff), interactions_to_frame(calls), as_of=AS_OF)
    pd.testing.assert_frame_equal(got, expected)


def test_column_mapping_and_bad_frames() -> None:
    """Your column names map to ours; bad frames raise InvalidInputError naming the problem."""
    staff, calls, events = example_base()
    calls_df = interactions_to_frame(calls).rename(columns={"staff_id": "agent"})
    mapped = morale_frame(
        staff_to_frame(staff), calls_df, as_of=AS_OF, columns={"staff_id": "agent"}
    )
    plain = morale_frame(staff_to_frame(staff), interactions_to_frame(calls), as_of=AS_OF)
    pd.testing.assert_frame_equal(mapped, plain)
    with pytest.raises(ci.InvalidInputError, match="staff"):
        morale_frame(pd.DataFrame({"name": ["x"]}), interactions_to_frame(calls), as_of=AS_OF)
    with pytest.raises(ci.InvalidInputError, match=r"staff\.id"):
        morale_frame(
            pd.DataFrame({"id": ["s-1", "s-1"], "team": ["a", "b"]}),
            interactions_to_frame(calls),
            as_of=AS_OF,
        )
    bad_events = events_to_frame(events)
    bad_events.loc[0, "kind"] = "party"
    with pytest.raises(ci.InvalidInputError, match=r"events\.kind"):
        morale_frame(staff_to_frame(staff), interactions_to_frame(calls), bad_events, as_of=AS_OF)
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        morale_frame(
            staff_to_frame(staff), interactions_to_frame(calls), as_of=datetime(2026, 1, 1)
        )
    with pytest.raises(ci.InvalidInputError, match="interactions"):
        morale_frame(staff_to_frame(staff), [1, 2], as_of=AS_OF)


def test_loop_frame_long_table() -> None:
    """loop_frame stacks scenarios by (scenario, period) and equals the trajectories."""
    both = ci.compare_scenarios(
        [
            ci.Scenario(name="do nothing"),
            ci.Scenario(
                name="recognition",
                interventions=[
                    ci.Intervention(kind=ci.InterventionKind.RECOGNITION_PROGRAMME, start=2, size=5)
                ],
            ),
        ],
        periods=12,
        initial_morale=48,
    )
    df = loop_frame(both)
    assert list(df.columns) == ["morale", "care_quality", "negative_rate", "target"]
    assert len(df) == 24
    assert df.loc[("recognition", 11), "morale"] == both.trajectory("recognition").final.morale
    assert loop_frame(both.trajectories[0]).equals(df.loc[["do nothing"]])
    with pytest.raises(ci.InvalidInputError):
        loop_frame("nope")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- plots


def test_plot_feedback_loop_draws_each_scenario() -> None:
    """Two scenarios: morale lines on the axes, negative rates on the twin, equilibria dotted."""
    both = ci.compare_scenarios(
        [
            ci.Scenario(name="do nothing"),
            ci.Scenario(
                name="freeze",
                interventions=[
                    ci.Intervention(kind=ci.InterventionKind.HIRING_FREEZE, start=3, size=0.2)
                ],
            ),
        ],
        periods=20,
    )
    ax = plot_feedback_loop(both)
    assert isinstance(ax, Axes)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "do nothing" in labels
    assert "freeze" in labels
    twin = next(other for other in ax.figure.axes if other is not ax)
    assert len(twin.get_lines()) == 2
    assert plot_feedback_loop(list(both.trajectories)).get_title()
    fig = Figure()
    given_ax = fig.add_subplot()
    assert plot_feedback_loop(both.trajectories[0], ax=given_ax) is given_ax
    with pytest.raises(ci.InvalidInputError):
        plot_feedback_loop([])


def test_plot_team_morale_bars() -> None:
    """One bar per member, labelled team / staff id, within 0-100."""
    staff, calls, events = example_base()
    team = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    ax = plot_team_morale(team)
    assert len(ax.patches) == 5
    assert ax.get_xlim() == (0.0, 100.0)
    assert {t.get_text() for t in ax.get_yticklabels()} == {f"{m.team} / {m.id}" for m in staff}
    with pytest.raises(ci.InvalidInputError):
        plot_team_morale("team")  # type: ignore[arg-type]


def test_assessments_to_frame_is_an_alias_of_morale_assessments_to_frame() -> None:
    """The first, generic name still works and gives exactly the same frame."""
    staff = [ci.StaffMember(id=f"s-{k}", name="N", hired=AS_OF, team="desk") for k in range(2)]
    calls = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id="c-1",
            staff_id=f"s-{k % 2}",
            timestamp=AS_OF - timedelta(days=k),
            sentiment=ci.Sentiment.NEGATIVE if k % 3 == 0 else ci.Sentiment.POSITIVE,
        )
        for k in range(9)
    ]
    members = ci.assess_team_morale(staff, calls, as_of=AS_OF).members
    new = morale_assessments_to_frame(members)
    pd.testing.assert_frame_equal(assessments_to_frame(members), new)
    assert new.index.tolist() == ["s-0", "s-1"]
    assert new.loc["s-0", "negatives_handled"] == 2  # calls 0 and 6


@pytest.mark.parametrize("unit", ["s", "us", "ns"])
def test_events_of_any_age_and_unit_equal_object_path(unit: str) -> None:
    """Events centuries old, in the far future, or stored in any unit give the object path's rows."""
    staff = [ci.StaffMember(id=f"s-{k}", name=f"N{k}", hired=AS_OF, team="desk") for k in range(3)]
    stamps = [
        datetime(1200, 1, 1, tzinfo=UTC),  # too old for an exact float age in microseconds
        AS_OF - timedelta(days=3),
        AS_OF - timedelta(days=1, hours=5),
        datetime(2200, 1, 1, tzinfo=UTC),  # after as_of: ignored
    ]
    events = [
        ci.StaffEvent(id=f"e-{k}", staff_id=f"s-{k % 2}", kind=kind, timestamp=stamp)
        for k, (kind, stamp) in enumerate(
            zip([K.RECOGNITION, K.REWARD, K.CONCERN_RAISED, K.ONE_TO_ONE], stamps, strict=True)
        )
    ]
    events.append(
        ci.StaffEvent(
            id="e-9",
            staff_id="s-0",
            kind=K.CONCERN_RESOLVED,
            timestamp=AS_OF - timedelta(hours=1),
            resolves="e-2",
        )
    )
    frame = events_to_frame(events)
    frame["timestamp"] = frame["timestamp"].dt.as_unit("us" if unit == "ns" else unit)
    if unit == "ns":  # the far dates do not fit in nanoseconds: recent events only
        frame = frame[frame["timestamp"].dt.year.between(2000, 2100)].reset_index(drop=True)
        frame["timestamp"] = frame["timestamp"].dt.as_unit("ns")
        events = [e for e in events if 2000 <= e.timestamp.year <= 2100]
    expected, _ = object_path(staff, [], events, AS_OF, ci.MoralePolicy())
    got = morale_frame(staff_to_frame(staff), interactions_to_frame([]), frame, as_of=AS_OF)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    recent = frame[frame["timestamp"].dt.year.between(2000, 2100)].reset_index(drop=True)
    kept = [e for e in events if 2000 <= e.timestamp.year <= 2100]
    expected, _ = object_path(staff, [], kept, AS_OF, ci.MoralePolicy())
    got = morale_frame(staff_to_frame(staff), interactions_to_frame([]), recent, as_of=AS_OF)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_window_includes_data_exactly_one_window_old() -> None:
    """Worked example: a 30-day window at 2026-06-30 00:00 counts an answer of 2026-05-31 00:00.

    Both ends of a morale window are included. Before, the window's start was
    left out, so a base whose newest data was exactly 30 days old scored every
    member "60, moderate, 0 interactions"; now objects and frames both count it.
    """
    as_of = datetime(2026, 6, 30, tzinfo=UTC)
    member = ci.StaffMember(id="s-1", name="Ada", hired=as_of - timedelta(days=400), team="desk")
    calls = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id=f"c-{k}",
            staff_id="s-1",
            timestamp=datetime(2026, 5, 31, tzinfo=UTC) - timedelta(days=k),
            sentiment=ci.Sentiment.NEGATIVE,
        )
        for k in range(3)
    ]
    assessment = ci.assess_morale(member, calls, as_of=as_of)
    assert (assessment.interactions_handled, assessment.negatives_handled) == (1, 1)
    frame = morale_frame(staff_to_frame([member]), interactions_to_frame(calls), as_of=as_of)
    assert frame.loc["s-1", "interactions_handled"] == 1
    assert frame.loc["s-1", "index"] == pytest.approx(assessment.index)
    assert assessment.index < ci.MoralePolicy().baseline
    one_second_later = morale_frame(
        staff_to_frame([member]),
        interactions_to_frame(calls),
        as_of=as_of + timedelta(seconds=1),
    )
    assert one_second_later.loc["s-1", "interactions_handled"] == 0


def test_enps_window_includes_its_start() -> None:
    """An eNPS window, like the morale window, includes the answer given exactly at its start."""
    as_of = datetime(2026, 6, 30, tzinfo=UTC)
    answer = ci.StaffEvent(
        id="e-1", staff_id="s-1", kind=K.SURVEY, timestamp=as_of - timedelta(days=30), score=10
    )
    e = ci.employee_nps([answer], as_of=as_of, window=ci.parse_window("P30D"))
    assert e.respondents == 1
