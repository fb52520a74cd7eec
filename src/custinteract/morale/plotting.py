"""Pictures of staff morale and of the morale-satisfaction feedback loop."""

from __future__ import annotations

from collections.abc import Iterable

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


def plot_feedback_loop(
    result: LoopTrajectory | ScenarioComparison | Iterable[LoopTrajectory],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Morale (solid, left axis) and negative rate (dashed, right axis) per period, per scenario.

    Each scenario has one colour; a dotted line marks its equilibrium morale
    when there is one. Returns the morale Axes (the negative-rate Axes is its
    twin).

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
    trajectories = _trajectories(result)
    ax = new_axes(ax)
    rate_ax = ax.twinx()
    colours = [f"C{k % 10}" for k in range(len(trajectories))]
    for trajectory, colour in zip(trajectories, colours, strict=True):
        periods = [row.period for row in trajectory.periods]
        ax.plot(
            periods, [row.morale for row in trajectory.periods], color=colour, label=trajectory.name
        )
        rate_ax.plot(
            periods,
            [row.negative_rate for row in trajectory.periods],
            color=colour,
            linestyle="--",
        )
        if trajectory.equilibrium_morale is not None:
            ax.axhline(trajectory.equilibrium_morale, color=colour, linestyle=":", linewidth=1)
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


def plot_team_morale(team: TeamMorale, *, ax: Axes | None = None) -> Axes:
    """One horizontal bar per member, grouped by team, coloured by band.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.plotting import plot_team_morale
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0, team="desk")]
    >>> ax = plot_team_morale(ci.assess_team_morale(staff, [], as_of=t0))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['desk / s-1']
    """
    if not isinstance(team, TeamMorale):
        raise InvalidInputError("team", team, "a TeamMorale")
    ax = new_axes(ax)
    order = sorted(team.members, key=lambda a: (a.team is None, a.team or "", -a.index, a.staff_id))
    labels = [f"{a.team or '(no team)'} / {a.staff_id}" for a in order]
    positions = list(range(len(order)))[::-1]
    ax.barh(positions, [a.index for a in order], color=[_BAND_COLOURS[a.band] for a in order])
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("morale index (0-100)")
    ax.set_title(f"Staff morale at {team.as_of.date().isoformat()}")
    handles = [
        Line2D([], [], color=c, linewidth=6, label=b.value) for b, c in _BAND_COLOURS.items()
    ]
    ax.legend(handles=handles, loc="lower right", fontsize="small")
    return ax
