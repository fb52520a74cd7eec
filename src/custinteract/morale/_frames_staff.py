"""The staff frame as columns: members checked, sorted and matched in vectorised passes.

The object path takes :class:`~custinteract.StaffMember` values; the frames
read a staff frame. Its ids and teams are checked column-wise by the models'
own rule for ids (:func:`~custinteract._columns.not_text`), a repeated id
must name the same team, and the first refused row raises the error the
row-by-row reading raised. Interactions and events find their member by one
hash lookup per row (:func:`member_positions`), and each team's median
workload is taken over whole columns, as :func:`~custinteract.morale._team.team_medians`
takes it over values.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._columns import arrow_text, is_missing, not_text
from .._errors import InvalidInputError

__all__ = ["Staff", "arrow_ids", "member_positions", "staff_from_frame", "team_medians_of"]


class Staff(NamedTuple):
    """The members of a staff frame, sorted by id, each with its team (None for none)."""

    ids: pd.Index
    teams: np.ndarray  # object: the team value, or None

    @property
    def members(self) -> list[tuple[str, str | None]]:
        """``(staff_id, team)`` pairs, in id order."""
        return list(zip(self.ids.tolist(), self.teams.tolist(), strict=True))


def staff_from_frame(frame: Any) -> Staff:
    """The members of ``frame``; the first row the models refuse raises, naming it."""
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInputError("staff", type(frame).__name__, "a pandas DataFrame")
    if "id" not in frame.columns:
        raise InvalidInputError("staff", list(frame.columns), "a column named 'id'")
    ids = frame["id"].reset_index(drop=True)
    teams = _teams(frame)
    bad_id = not_text(ids).to_numpy(dtype=bool)
    present = np.array([team is not None for team in teams], dtype=bool)
    bad_team = np.zeros(len(ids), dtype=bool)
    if present.any():
        bad_team[present] = not_text(pd.Series(teams[present], dtype=object)).to_numpy(dtype=bool)
    codes, uniques = pd.factorize(ids, use_na_sentinel=False)
    first = np.unique(codes, return_index=True)[1]  # each id's first row
    repeated = np.zeros(len(ids), dtype=bool)
    again = first[codes] < np.arange(len(ids))
    if again.any():  # a repeated id must name the same team (``!=`` as between values)
        rows = np.flatnonzero(again)
        repeated[rows] = teams[first[codes[rows]]] != teams[rows]
    refused = bad_id | bad_team | repeated
    if refused.any():
        _refuse(int(refused.argmax()), ids, teams, bad_id, bad_team)
    chosen = first[np.argsort(np.asarray(uniques, dtype=object), kind="stable")]
    return Staff(pd.Index(ids.to_numpy(dtype=object)[chosen], dtype=object), teams[chosen])


def _teams(frame: pd.DataFrame) -> np.ndarray:
    """The team column as objects, a missing value (:func:`is_missing`) as None."""
    if "team" not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    teams = frame["team"].to_numpy(dtype=object, copy=True)
    for row in np.flatnonzero(frame["team"].isna().to_numpy(dtype=bool)).tolist():
        if is_missing(teams[row]):
            teams[row] = None
    return teams


def _refuse(
    row: int, ids: pd.Series, teams: np.ndarray, bad_id: np.ndarray, bad_team: np.ndarray
) -> None:
    """Raise the error of ``row``: its id, else its team, else a different team for its id."""
    staff_id = ids.iloc[row : row + 1].tolist()[0]
    if bad_id[row]:
        raise InvalidInputError(f"staff.id[{row}]", staff_id, "a non-blank string")
    if bad_team[row]:
        raise InvalidInputError(f"staff.team[{row}]", teams[row], "a non-blank string or missing")
    raise InvalidInputError(f"staff.id[{row}]", staff_id, "an id not used by a different member")


def member_positions(
    values: pd.Series, ids: pd.Index, keep: np.ndarray | None = None, *, wanted: Any = None
) -> np.ndarray:
    """The position in ``ids`` (distinct ids) of each value, -1 for a value not among them.

    Only the rows where ``keep`` is true are looked up (all rows when None),
    in order. Values match as keys of a dict match: an Arrow text column is
    filtered and looked up by :func:`pyarrow.compute.index_in` without
    leaving Arrow (``wanted``: :func:`arrow_ids` of ``ids``, when already
    made); any other column is factorised and its distinct values looked up.
    """
    column = arrow_text(values) if len(ids) else None
    if column is not None:
        if wanted is None:
            wanted = arrow_ids(ids, column.type)
        if wanted is not None:
            import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
            import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

            if keep is not None and not keep.all():
                column = pc.filter(column, pa.array(keep))
            found = pc.fill_null(pc.index_in(column, value_set=wanted), -1)
            positions: np.ndarray = found.to_numpy().astype("int64")  # a copy of its own
            return positions
    if keep is not None:
        values = values[keep]
    codes, uniques = pd.factorize(values)
    lookup = np.append(ids.get_indexer(pd.Index(uniques, dtype=object)), -1)  # -1: missing
    out: np.ndarray = lookup[codes]
    return out


def arrow_ids(ids: pd.Index, arrow_type: Any) -> Any:
    """``ids`` as an Arrow array of ``arrow_type``, or None for an id Arrow cannot hold."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    try:
        return pa.array(ids.tolist(), type=arrow_type)
    except UnicodeEncodeError:  # a lone surrogate: matched by value
        return None


def team_medians_of(
    handled: np.ndarray, teams: np.ndarray
) -> tuple[dict[str | None, float], np.ndarray]:
    """Each team's median of ``handled`` (members without a team form one group), and each member's.

    The value :func:`statistics.median` gives: the middle count, or the mean
    of the middle two (their integer sum halved, one rounding).
    """
    codes, uniques = pd.factorize(teams, use_na_sentinel=False)
    order = np.lexsort((handled, codes))
    sizes = np.bincount(codes, minlength=len(uniques))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    ordered = handled[order]
    low = ordered[starts + (sizes - 1) // 2]
    high = ordered[starts + sizes // 2]
    medians = (low + high) / 2
    names: list[str | None] = [None if is_missing(team) else team for team in uniques.tolist()]
    by_team = dict(zip(names, medians.tolist(), strict=True))
    each: np.ndarray = medians[codes]
    return by_team, each
