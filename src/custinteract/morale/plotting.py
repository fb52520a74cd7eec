"""Pictures of staff morale and of the morale-satisfaction feedback loop."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .._errors import InvalidInputError
from .._figures import new_axes
from ._loop import LoopTrajectory, ScenarioComparison
from ._policy import MoraleBand
from ._team import TeamMorale

__all__ = ["plot_feedback_loop", "plot_team_morale"]

_BAND_COLOURS = {
    MoraleBand.LOW: "#c0392b",
    MoraleBand.MODERATE: "#e6a23c",
    MoraleBand.HIGH: "#2e8b57",
}


def _trajectories(
    result: LoopTrajectory | ScenarioComparison | Iterable[LoopTrajectory],
) -> tuple[LoopTrajectory, ...]:
    if isinstance(result, LoopTrajectory):
        return (result,)
    if isinstance(result, ScenarioComparison):
        return result.trajectories
    try:
        items = tuple(result)
    except TypeError:
        items = ()
    if not items or not all(isinstance(item, LoopTrajectory) for item in items):
        raise InvalidInputError(
            "result", result, "a LoopTrajectory, a ScenarioComparison or LoopTrajectory values"
        )
    return items


_Line = tuple[str, list[int], list[float], list[float], float | None]


def _loop_lines(
    result: LoopTrajectory | ScenarioComparison | Iterable[LoopTrajectory] | pd.DataFrame,
) -> list[_Line]:
    """(name, periods, morale, negative rate, equilibrium) per scenario, from objects or a frame."""
    if not isinstance(result, pd.DataFrame):
        return [
            (
                t.name,
                [row.period for row in t.periods],
                [row.morale for row in t.periods],
                [row.negative_rate for row in t.periods],
                t.equilibrium_morale,
            )
            for t in _trajectories(result)
        ]
    if list(result.index.names) != ["scenario", "period"] or not {
        "morale",
        "negative_rate",
    } <= set(result.columns):
        raise InvalidInputError(
            "result",
            list(result.columns),
            "a loop_frame result (indexed by scenario and period, with morale and negative_rate)",
        )
    names = list(dict.fromkeys(result.index.get_level_values("scenario")))
    if not names:
        raise InvalidInputError("result", "an empty frame", "a loop_frame with a scenario")
    lines: list[_Line] = []
    for name in names:
        rows = result.xs(name, level="scenario")
        lines.append(
            (
                str(name),
                [int(p) for p in rows.index],
                [float(m) for m in rows["morale"]],
                [float(r) for r in rows["negative_rate"]],
                None,
            )
        )
    return lines


def plot_feedback_loop(
    result: LoopTrajectory | ScenarioComparison | Iterable[LoopTrajectory] | pd.DataFrame,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Morale (solid, left axis) and negative rate (dashed, right axis) per period, per scenario.

    Each scenario has one colour; a dotted line marks its equilibrium morale
    when there is one. Returns the morale Axes (the negative-rate Axes is its
    twin). ``result`` may also be the frame
    :func:`~custinteract.frames.loop_frame` returns (which has no equilibrium
    to mark).

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_feedback_loop
    >>> runs = ci.compare_scenarios([ci.Scenario(name="do nothing"),
    ...     ci.Scenario(name="fix", interventions=[
    ...         ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=5, size=0.3)])],
    ...     periods=30, initial_morale=45)
    >>> ax = plot_feedback_loop(runs)
    >>> ax.get_ylabel(), len(ax.get_lines())
    ('morale (0-100)', 4)
    """
    lines = _loop_lines(result)
    ax = new_axes(ax)
    rate_ax = ax.twinx()
    colours = [f"C{k % 10}" for k in range(len(lines))]
    for (name, periods, morale, rate, equilibrium), colour in zip(lines, colours, strict=True):
        ax.plot(periods, morale, color=colour, label=name)
        rate_ax.plot(periods, rate, color=colour, linestyle="--")
        if equilibrium is not None:
            ax.axhline(equilibrium, color=colour, linestyle=":", linewidth=1)
    ax.set_xlabel("period")
    ax.set_ylabel("morale (0-100)")
    rate_ax.set_ylabel("negative interactions per interaction")
    ax.set_title("Morale-satisfaction feedback loop")
    handles = [
        *ax.get_legend_handles_labels()[0],
        Line2D([], [], color="grey", linestyle="--", label="negative rate (right)"),
        Line2D([], [], color="grey", linestyle=":", label="equilibrium morale"),
    ]
    ax.legend(handles=handles, loc="best", fontsize="small")
    return ax


def plot_team_morale(team: TeamMorale | pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """One horizontal bar per member, grouped by team, coloured by band.

    ``team`` is a :class:`~custinteract.TeamMorale` or the frame
    :func:`~custinteract.frames.morale_frame` returns (its ``team``,
    ``index`` and ``band`` columns, indexed by ``staff_id``).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.plotting import plot_team_morale
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0, team="desk")]
    >>> ax = plot_team_morale(ci.assess_team_morale(staff, [], as_of=t0))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['desk / s-1']
    """
    members, as_of = _members(team)
    ax = new_axes(ax)
    order = sorted(members, key=lambda m: (m[0] is None, m[0] or "", -m[2], m[1]))
    labels = [f"{name or '(no team)'} / {staff_id}" for name, staff_id, _, _ in order]
    positions = list(range(len(order)))[::-1]
    ax.barh(positions, [m[2] for m in order], color=[_BAND_COLOURS[m[3]] for m in order])
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("morale index (0-100)")
    when = "" if as_of is None else f" at {as_of.date().isoformat()}"
    ax.set_title(f"Staff morale{when}")
    handles = [
        Line2D([], [], color=c, linewidth=6, label=b.value) for b, c in _BAND_COLOURS.items()
    ]
    ax.legend(handles=handles, loc="lower right", fontsize="small")
    return ax


_Member = tuple[str | None, str, float, MoraleBand]


def _members(team: TeamMorale | pd.DataFrame) -> tuple[list[_Member], datetime | None]:
    """(team, staff_id, index, band) per member, and the moment, from objects or a morale frame."""
    if isinstance(team, TeamMorale):
        return [(a.team, a.staff_id, a.index, a.band) for a in team.members], team.as_of
    if not isinstance(team, pd.DataFrame):
        raise InvalidInputError("team", team, "a TeamMorale or a morale_frame result")
    missing = [name for name in ("team", "index", "band") if name not in team.columns]
    if missing:
        raise InvalidInputError(
            "team", list(team.columns), f"a morale_frame result (with columns {missing})"
        )
    bands = {b.value: b for b in MoraleBand}
    strange = sorted({str(b) for b in team["band"].unique() if b not in bands})
    if strange:
        raise InvalidInputError("team.band", strange, f"values among {sorted(bands)}")
    names = [None if pd.isna(t) else str(t) for t in team["team"].astype(object)]
    members = [
        (name, str(staff_id), float(index), bands[band])
        for name, staff_id, index, band in zip(
            names, team.index, team["index"], team["band"], strict=True
        )
    ]
    return members, team.attrs.get("as_of")
