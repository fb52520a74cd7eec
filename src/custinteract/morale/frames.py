"""Staff morale and the feedback loop as DataFrames.

:func:`morale_frame` runs the morale engine over a whole staff from three
frames, in columns: the interactions in the window are matched to members
by one hash lookup each and counted with ``bincount`` (per staff key on
Dask, through :func:`~custinteract.frames.apply_by_key`); the staff frame is
checked column-wise by the models' rules; well-formed staff events are read
in columns, the rest by the engine's own rules; every factor's points come
from the rule's own formulas (:data:`~custinteract.morale._rules.POINTS`)
applied to arrays and are summed exactly, and reason codes are built once
per distinct case. Every row equals :func:`~custinteract.assess_team_morale`'s
member assessment exactly; :func:`team_morale_frame` rolls the same rows up
per team with the engine's own roll-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from typing import Any

import pandas as pd

from .._columns import localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import with_why
from ._engine import MoraleAssessment
from ._frames_gather import (
    STAFF_COLUMNS,
    STAFF_EVENT_COLUMNS,
    _Gathered,
    gather,
    score_frame,
    scored_members,
)
from ._loop import LoopTrajectory, ScenarioComparison
from ._policy import REASON_CODES, MoraleFactor, MoralePolicy
from ._team import summarise_teams, surveys_up_to

__all__ = [
    "MORALE_COLUMNS",
    "STAFF_COLUMNS",
    "STAFF_EVENT_COLUMNS",
    "TEAM_MORALE_COLUMNS",
    "assessments_to_frame",
    "loop_frame",
    "morale_assessments_to_frame",
    "morale_frame",
    "team_morale_frame",
]

MORALE_COLUMNS: tuple[str, ...] = (
    "team",
    "index",
    "band",
    "interactions_handled",
    "negatives_handled",
    "negative_share",
    "team_median_workload",
    "open_concerns",
    *(f"points_{factor.value}" for factor in MoraleFactor),
    "explanation",
    "why",
)
"""Columns of :func:`morale_frame`: the fields of :class:`~custinteract.MoraleAssessment`,
one ``points_<factor>`` column per :class:`~custinteract.MoraleFactor`,
``explanation`` as a tuple of reason codes and ``why`` their meanings (from
:data:`~custinteract.MORALE_REASON_CODES`) joined by ``"; "``."""


TEAM_MORALE_COLUMNS: tuple[str, ...] = (
    "members",
    "mean_index",
    "median_index",
    "lowest_index",
    "lowest_staff_id",
    "low_members",
    "median_workload",
    "negative_share",
    "enps",
    "explanation",
    "why",
)
"""Columns of :func:`team_morale_frame`: the fields of :class:`~custinteract.TeamSummary`,
with ``explanation`` as a tuple of reason codes and ``why`` their meanings."""


def _on_polars() -> Any:
    from ._frames_polars import morale_frame_polars

    return morale_frame_polars


def _team_on_polars() -> Any:
    from ._frames_polars import team_morale_frame_polars

    return team_morale_frame_polars


@same_kind_out("staff", "interactions", "events", polars=_on_polars)
def morale_frame(
    staff: pd.DataFrame,
    interactions: Any,
    events: pd.DataFrame | None = None,
    *,
    as_of: datetime,
    policy: MoralePolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """Morale of every staff member, one row per ``staff_id`` (see :data:`MORALE_COLUMNS`).

    ``staff`` has :data:`STAFF_COLUMNS` (``id`` required), ``interactions`` the
    interaction columns (``columns`` maps our names to yours, as in
    :func:`~custinteract.frames.normalize_interactions`) and may be a Dask
    DataFrame, ``events`` has :data:`STAFF_EVENT_COLUMNS`. Workload is compared
    with each team's median, as in :func:`~custinteract.assess_team_morale`,
    whose member assessments every row equals. Inputs are never modified.
    The frame's ``attrs["unassigned_interactions"]`` counts interactions in the
    window handled by nobody in ``staff``.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import morale_frame
    >>> staff = pd.DataFrame({"id": ["s-1", "s-2"], "team": ["desk", "desk"]})
    >>> calls = pd.DataFrame({"id": ["i-1", "i-2", "i-3"], "customer_id": ["c-1", "c-2", "c-3"],
    ...     "timestamp": pd.to_datetime(["2026-02-20T10:00Z", "2026-02-21T10:00Z", "2026-02-22T10:00Z"]),
    ...     "sentiment": ["negative", "positive", "negative"], "staff_id": ["s-1", "s-1", "s-2"]})
    >>> df = morale_frame(staff, calls, as_of=ci.parse_datetime("2026-03-01T00:00Z"))
    >>> df["index"].round(1).to_dict(), df["band"].to_dict()
    ({'s-1': 41.3, 's-2': 29.0}, {'s-1': 'moderate', 's-2': 'low'})
    """
    interactions = localized(interactions, columns, tz, "tz")
    return _morale_rows(gather(staff, interactions, events, as_of, policy, columns), as_of)


def _morale_rows(gathered: _Gathered, as_of: datetime) -> pd.DataFrame:
    """The :func:`morale_frame` answer from the gathered facts (either route's)."""
    out = score_frame(gathered) if len(gathered.staff.ids) else morale_assessments_to_frame([])
    out.attrs["unassigned_interactions"] = gathered.unassigned
    out.attrs["as_of"] = as_of  # for plot_team_morale's title
    return out


@same_kind_out("staff", "interactions", "events", polars=_team_on_polars)
def team_morale_frame(
    staff: pd.DataFrame,
    interactions: Any,
    events: pd.DataFrame | None = None,
    *,
    as_of: datetime,
    policy: MoralePolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """One row per team (see :data:`TEAM_MORALE_COLUMNS`), equal to :class:`~custinteract.TeamSummary`.

    Takes the same frames as :func:`morale_frame`. The index is the team name;
    members without a team are in the row whose index is missing (``None``).

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import team_morale_frame
    >>> staff = pd.DataFrame({"id": ["s-1", "s-2", "s-3"], "team": ["desk", "desk", "field"]})
    >>> calls = pd.DataFrame({"id": ["i-1", "i-2"], "customer_id": ["c-1", "c-2"],
    ...     "timestamp": pd.to_datetime(["2026-02-20T10:00Z", "2026-02-21T10:00Z"]),
    ...     "sentiment": ["negative", "positive"], "staff_id": ["s-1", "s-2"]})
    >>> df = team_morale_frame(staff, calls, as_of=ci.parse_datetime("2026-03-01T00:00Z"))
    >>> df[["members", "negative_share"]].to_dict("index")
    {'desk': {'members': 2, 'negative_share': 0.5}, 'field': {'members': 1, 'negative_share': 0.0}}
    """
    interactions = localized(interactions, columns, tz, "tz")
    return _team_rows(gather(staff, interactions, events, as_of, policy, columns))


def _team_rows(gathered: _Gathered) -> pd.DataFrame:
    """The :func:`team_morale_frame` answer from the gathered facts (either route's)."""
    members = scored_members(gathered, score_frame(gathered)) if len(gathered.staff.ids) else []
    surveys = surveys_up_to(gathered.events, gathered.as_of, set(gathered.staff.ids.tolist()))
    summaries = summarise_teams(members, gathered.policy, gathered.medians, surveys)
    rows = [
        {
            "team": summary.team,
            **{name: getattr(summary, name) for name in TEAM_MORALE_COLUMNS[:-2]},
            "explanation": tuple(reason.code for reason in summary.explanation),
        }
        for summary in summaries
    ]
    out: pd.DataFrame = pd.DataFrame(rows, columns=["team", *TEAM_MORALE_COLUMNS]).set_index("team")
    out["enps"] = out["enps"].astype("float64")
    out = with_why(out, "explanation", REASON_CODES)
    out.attrs["unassigned_interactions"] = gathered.unassigned
    return out


def _row(assessment: MoraleAssessment) -> dict[str, Any]:
    row: dict[str, Any] = {
        "staff_id": assessment.staff_id,
        "team": assessment.team,
        "index": assessment.index,
        "band": assessment.band.value,
        "interactions_handled": assessment.interactions_handled,
        "negatives_handled": assessment.negatives_handled,
        "negative_share": assessment.negative_share,
        "team_median_workload": assessment.team_median_workload,
        "open_concerns": assessment.open_concerns,
    }
    for item in assessment.contributions:
        row[f"points_{item.factor.value}"] = item.points
    row["explanation"] = tuple(reason.code for reason in assessment.explanation)
    return row


def morale_assessments_to_frame(assessments: Iterable[MoraleAssessment]) -> pd.DataFrame:
    """The :func:`morale_frame` layout for assessments made by the object path.

    One row per assessment, indexed by ``staff_id``, with :data:`MORALE_COLUMNS`
    (named like :func:`recovery_assessments_to_frame` and
    :func:`lead_assessments_to_frame`).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import morale_assessments_to_frame
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0, team="desk")]
    >>> call = ci.Interaction(id="i-1", customer_id="c-1", staff_id="s-1", timestamp=t0,
    ...                       sentiment=ci.Sentiment.NEGATIVE)
    >>> df = morale_assessments_to_frame(ci.assess_team_morale(staff, [call], as_of=t0).members)
    >>> row = df.loc["s-1"]
    >>> float(row["index"]), row["band"], int(row["negatives_handled"])
    (29.0, 'low', 1)
    """
    out: pd.DataFrame = pd.DataFrame(
        [_row(a) for a in assessments], columns=["staff_id", *MORALE_COLUMNS]
    ).set_index("staff_id")
    out["team_median_workload"] = out["team_median_workload"].astype("float64")
    return with_why(out, "explanation", REASON_CODES)


def assessments_to_frame(assessments: Iterable[MoraleAssessment]) -> pd.DataFrame:
    """Alias of :func:`morale_assessments_to_frame`, kept for code written against its first name.

    Prefer :func:`morale_assessments_to_frame`; both give the same frame.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import assessments_to_frame
    >>> from custinteract.frames import morale_assessments_to_frame
    >>> t0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> staff = [ci.StaffMember(id="s-1", name="Ada", hired=t0)]
    >>> members = ci.assess_team_morale(staff, [], as_of=t0).members
    >>> assessments_to_frame(members).equals(morale_assessments_to_frame(members))
    True
    """
    return morale_assessments_to_frame(assessments)


def loop_frame(result: LoopTrajectory | ScenarioComparison) -> pd.DataFrame:
    """A long table of one trajectory or of compared scenarios, indexed by (scenario, period).

    Columns: ``morale``, ``care_quality``, ``negative_rate``, ``target``.

    >>> import custinteract as ci
    >>> from custinteract.frames import loop_frame
    >>> df = loop_frame(ci.simulate_feedback_loop(periods=3, initial_morale=50))
    >>> df.round(2).loc["baseline"].to_dict("list")["morale"]
    [50.0, 54.35, 56.81]
    """
    if isinstance(result, LoopTrajectory):
        trajectories: tuple[LoopTrajectory, ...] = (result,)
    elif isinstance(result, ScenarioComparison):
        trajectories = result.trajectories
    else:
        raise InvalidInputError("result", result, "a LoopTrajectory or a ScenarioComparison")
    records = [
        {
            "scenario": trajectory.name,
            "period": row.period,
            "morale": row.morale,
            "care_quality": row.care_quality,
            "negative_rate": row.negative_rate,
            "target": row.target,
        }
        for trajectory in trajectories
        for row in trajectory.periods
    ]
    out: pd.DataFrame = pd.DataFrame(
        records, columns=["scenario", "period", "morale", "care_quality", "negative_rate", "target"]
    ).set_index(["scenario", "period"])
    return out
