"""How the morale frames gather and score a staff: the columns read, the facts as arrays.

:func:`~custinteract.frames.morale_frame` and
:func:`~custinteract.frames.team_morale_frame` are the public face; this
module reads the event frame, has each member's interactions in the window
counted (:mod:`~custinteract.morale._frames_count`), gathers the facts the
rules score (well-formed events in columns, the rest through the engine's
own rules) and scores them with the rules' formulas applied to arrays,
summed exactly as :func:`math.fsum` sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from .._frames_parallel import beside
from .._models import StaffEvent, StaffEventKind
from .._tabular import is_missing, with_why
from ._engine import checked_as_of, policy_or_default, unique_events
from ._explain import explanation_codes
from ._frames_count import Counter, count_interactions
from ._frames_events import event_facts
from ._frames_events import exact_sums as _exact_sums
from ._frames_staff import Staff, staff_from_frame, team_medians_of
from ._policy import REASON_CODES, MoraleBand, MoralePolicy
from ._rules import (
    POINTS,
    band_value,
    clip,
    event_clock,
    gather_facts,
    negative_share,
    window_start,
    workload_excess,
    workload_ratio,
    workload_verdict,
)

__all__ = [
    "STAFF_COLUMNS",
    "STAFF_EVENT_COLUMNS",
    "scored_members",
    "gather",
    "score_frame",
]

STAFF_COLUMNS: tuple[str, ...] = ("id", "name", "hired", "team")
"""Columns of a staff frame; only ``id`` is required (``team`` defaults to none)."""

STAFF_EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "staff_id",
    "timestamp",
    "kind",
    "note",
    "score",
    "resolves",
)
"""Columns of a staff events frame, one per :class:`~custinteract.StaffEvent` field.

``id``, ``staff_id``, ``timestamp`` (timezone-aware) and ``kind`` (text
values of :class:`~custinteract.StaffEventKind`) are required.
"""


def _checked_events_frame(frame: Any) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInputError("events", type(frame).__name__, "a pandas DataFrame or None")
    for name in STAFF_EVENT_COLUMNS[:4]:
        if name not in frame.columns:
            raise InvalidInputError("events", list(frame.columns), f"a column named {name!r}")


def _events_from_frame(frame: pd.DataFrame | None) -> list[StaffEvent]:
    if frame is None:
        return []
    _checked_events_frame(frame)
    events = []
    for row, record in enumerate(frame.to_dict("records")):
        try:
            score = record.get("score")
            if isinstance(score, float) and score.is_integer():
                score = int(score)
            stamp = record["timestamp"]
            events.append(
                StaffEvent(
                    id=record["id"],
                    staff_id=record["staff_id"],
                    timestamp=stamp.to_pydatetime() if isinstance(stamp, pd.Timestamp) else stamp,
                    kind=StaffEventKind(record["kind"]),
                    note=None if is_missing(record.get("note")) else record["note"],
                    score=None if is_missing(score) else score,
                    resolves=None if is_missing(record.get("resolves")) else record["resolves"],
                )
            )
        except InvalidInputError as exc:
            raise InvalidInputError(
                f"events row {row}: {exc.field}", exc.value, exc.expected
            ) from exc
        except ValueError as exc:
            raise InvalidInputError(
                f"events.kind[{row}]", record["kind"], f"one of {[k.value for k in StaffEventKind]}"
            ) from exc
    return unique_events(events)


class _ArrayFacts(NamedTuple):
    """The facts of every member as arrays, named like the rules' ``_Facts``."""

    handled: np.ndarray
    negatives: np.ndarray
    negative_share: np.ndarray
    recognition_weight: np.ndarray
    reward_weight: np.ndarray
    one_to_ones: np.ndarray
    resolved: np.ndarray
    open_concerns: np.ndarray


class _Gathered(NamedTuple):
    """What the frames give the scoring: members, their facts and team medians."""

    as_of: datetime
    policy: MoralePolicy
    staff: Staff
    facts: _ArrayFacts
    medians: dict[str | None, float]
    median: np.ndarray  # each member's team median
    events: list[StaffEvent]  # read as values: all, or none of them surveys
    unassigned: int


def gather(
    staff: pd.DataFrame,
    interactions: Any,
    events: pd.DataFrame | None,
    as_of: datetime,
    policy: MoralePolicy | None,
    columns: Mapping[str, str] | None,
    count: Counter | None = None,
) -> _Gathered:
    """Every member's facts: interactions counted by ``count``, events by the engine's rules.

    ``count`` counts the interactions (pandas or Dask ones when None: see
    :data:`Counter`). Events are read in columns where the frame is well formed
    (:func:`~custinteract.morale._frames_events.event_facts`), else as
    :class:`~custinteract.StaffEvent` values (then all of them, surveys included).
    """
    as_of = checked_as_of(as_of, policy)
    policy = policy_or_default(policy)
    members = staff_from_frame(staff)
    ids = members.ids
    if events is not None:
        _checked_events_frame(events)
    start = window_start(as_of, policy.window)
    count = count_interactions if count is None else count
    # the events are read beside the interactions' count (errors as if read first)
    with beside(_event_columns, events, ids, as_of, policy, rows=_rows(interactions)) as read:
        (handled, negatives), unassigned = count(interactions, ids, start, as_of, columns)
        event_columns = read()
    _read_in_order(event_columns, ids, as_of, policy)
    weights, tallies = event_columns.weights, event_columns.tallies
    medians, median = team_medians_of(handled, members.teams)
    facts = _ArrayFacts(
        handled=handled,
        negatives=negatives,
        negative_share=negative_share(negatives, handled, np),
        recognition_weight=weights[0],
        reward_weight=weights[1],
        one_to_ones=tallies[0],
        resolved=tallies[1],
        open_concerns=tallies[2],
    )
    parsed = event_columns.parsed
    return _Gathered(as_of, policy, members, facts, medians, median, parsed, unassigned)


def _rows(interactions: Any) -> int:
    """The rows of a pandas frame of interactions; 0 for another kind (nothing to read beside)."""
    return len(interactions) if isinstance(interactions, pd.DataFrame) else 0


class _EventColumns(NamedTuple):
    """Event facts per member, and the members whose events are still to be read in order."""

    weights: np.ndarray  # recognition, reward
    tallies: np.ndarray  # one-to-ones, resolved, open concerns
    in_order: Sequence[int]
    parsed: list[StaffEvent]  # the events read as values
    by_staff: dict[str, list[StaffEvent]]
    clock: tuple[float, datetime]


def _event_columns(
    events: pd.DataFrame | None, ids: pd.Index, as_of: datetime, policy: MoralePolicy
) -> _EventColumns:
    """Event facts in columns where the frame is well formed; the rest left to the engine.

    A frame that is not well formed (a survey, a value the models refuse, a
    repeated id) is read as values, all of it, by the engine's rules.
    """
    n = len(ids)
    weights = np.zeros((2, n), dtype="float64")
    tallies = np.zeros((3, n), dtype="int64")
    clock = event_clock(as_of, policy)
    if events is None:
        return _EventColumns(weights, tallies, (), [], {}, clock)
    columnar = event_facts(events, ids, as_of, *clock)
    in_order: Sequence[int] = range(n)
    parsed: list[StaffEvent] = []
    if columnar is not None:
        weights[:] = (columnar.recognition_weight, columnar.reward_weight)
        tallies[:] = (columnar.one_to_ones, columnar.resolved, columnar.open_concerns)
        in_order = columnar.in_order
        if in_order:
            chosen = events["staff_id"].isin(ids[list(in_order)]).to_numpy()
            parsed = _events_from_frame(events[chosen])
    else:
        parsed = _events_from_frame(events)
    by_staff: dict[str, list[StaffEvent]] = defaultdict(list)
    for event in parsed:
        by_staff[event.staff_id].append(event)
    return _EventColumns(weights, tallies, in_order, parsed, by_staff, clock)


def _read_in_order(
    columns: _EventColumns, ids: pd.Index, as_of: datetime, policy: MoralePolicy
) -> None:
    """Fill in the members left to the engine's rules, in member order as the object path reads."""
    for position in columns.in_order:
        got = gather_facts(
            0, 0, columns.by_staff.get(ids[position], []), as_of, policy, columns.clock
        )
        columns.weights[:, position] = (got.recognition_weight, got.reward_weight)
        columns.tallies[:, position] = (got.one_to_ones, got.resolved, got.open_concerns)


def score_frame(gathered: _Gathered) -> pd.DataFrame:
    """The :func:`morale_frame` rows, scored with the rule's formulas on arrays.

    Each factor's points come from :data:`~custinteract.morale._rules.POINTS`
    applied with ``numpy``; the sum is exactly rounded per member
    (:func:`math.fsum`, as the object path sums); reason codes and their
    meanings are built once per distinct (workload verdict, clipped, band).
    """
    facts, policy, n = gathered.facts, gathered.policy, len(gathered.staff.ids)
    points = {
        factor: np.broadcast_to(
            np.asarray(rule(facts, gathered.median, policy, np), dtype="float64"), (n,)
        )
        + 0.0
        for factor, rule in POINTS.items()
    }
    raw = _exact_sums(list(points.values()))
    index = clip(raw, np)
    bands = band_value(index, policy, np)
    ratio = workload_ratio(facts.handled, gathered.median, policy, np)
    verdicts = workload_verdict(workload_excess(ratio, policy), np)
    case_of, first = _cases(verdicts, index != raw, bands)
    worded = pd.DataFrame(
        {
            "explanation": [
                explanation_codes(str(verdicts[row]), bool(index[row] != raw[row]), str(bands[row]))
                for row in first.tolist()
            ]
        },
        dtype=object,
    )
    worded = with_why(worded, "explanation", REASON_CODES)
    out: pd.DataFrame = pd.DataFrame(
        {
            "team": gathered.staff.teams.tolist(),
            "index": index,
            "band": bands.astype(object),
            "interactions_handled": facts.handled,
            "negatives_handled": facts.negatives,
            "negative_share": facts.negative_share,
            "team_median_workload": gathered.median,
            "open_concerns": facts.open_concerns,
            **{f"points_{factor.value}": values for factor, values in points.items()},
            "explanation": worded["explanation"].to_numpy()[case_of],
        },
        index=pd.Index(gathered.staff.ids.tolist(), name="staff_id"),
    )
    out["why"] = pd.Series(worded["why"].to_numpy()[case_of], index=out.index, dtype=object)
    return out


def _cases(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's case (its distinct combination of ``columns``' values), and each case's first row.

    Each column is coded by its few distinct values and the codes are
    combined into one integer per row.
    """
    combined = np.zeros(len(columns[0]), dtype="int64")
    for column in columns:
        distinct, codes = np.unique(column, return_inverse=True)
        combined = combined * len(distinct) + codes.reshape(-1)
    _, first, case_of = np.unique(combined, return_index=True, return_inverse=True)
    return case_of.reshape(-1), first


class _Member(NamedTuple):
    """A scored member as the team roll-up reads it (see :class:`~custinteract.morale._team.Scored`)."""

    staff_id: str
    team: str | None
    index: float  # type: ignore[assignment]  # the morale index, not tuple.index
    band: MoraleBand
    interactions_handled: int
    negatives_handled: int


def scored_members(gathered: _Gathered, scored: pd.DataFrame) -> list[_Member]:
    """The rows of :func:`score_frame` as the team roll-up reads assessments."""
    bands = {band.value: band for band in MoraleBand}
    return [
        _Member(staff_id, team, index, bands[band], handled, negatives)
        for staff_id, team, index, band, handled, negatives in zip(
            gathered.staff.ids.tolist(),
            gathered.staff.teams.tolist(),
            scored["index"].tolist(),
            scored["band"].tolist(),
            gathered.facts.handled.tolist(),
            gathered.facts.negatives.tolist(),
            strict=True,
        )
    ]
