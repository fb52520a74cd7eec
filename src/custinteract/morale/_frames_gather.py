"""How the morale frames gather and score a staff: the columns read, the facts as arrays.

:func:`~custinteract.frames.morale_frame` and
:func:`~custinteract.frames.team_morale_frame` are the public face; this
module reads the event frame, counts each member's interactions in the
window (matched by :func:`~custinteract.morale._frames_staff.member_positions`),
gathers the facts the rules score (well-formed events in columns, the rest
through the engine's own rules) and scores them with the rules' formulas
applied to arrays, summed exactly as :func:`math.fsum` sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._columns import arrow_text
from .._errors import InvalidInputError
from .._frames_arrow import text_buffers
from .._models import Sentiment, StaffEvent, StaffEventKind
from .._tabular import apply_by_key, is_missing, normalize_interactions, with_why
from ._engine import checked_as_of, policy_or_default, unique_events
from ._explain import explanation_codes
from ._frames_events import event_facts, micros_since_epoch
from ._frames_events import exact_sums as _exact_sums
from ._frames_staff import (
    Staff,
    arrow_ids,
    member_positions,
    staff_from_frame,
    team_medians_of,
)
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
    "Counter",
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


def _inside(frame: pd.DataFrame, start: datetime, as_of: datetime) -> np.ndarray:
    """Rows of a normalised frame in the window (as ``in_window``: both ends included)."""
    first, last, ticks = _window_ticks(frame, start, as_of)
    inside: np.ndarray = (ticks >= first) & (ticks <= last)
    return inside


def _window_ticks(frame: pd.DataFrame, start: datetime, as_of: datetime) -> tuple[int, int, Any]:
    """The window's first and last tick of the timestamps' unit, and the timestamps' ticks.

    Rows are compared on integer ticks, with the start rounded up to a tick
    of the column's unit and ``as_of`` down, exactly.
    """
    stamps = frame["timestamp"]
    ticks = stamps.array.asi8  # a missing time (none after normalising) is the least
    first = _ticks(start, stamps.dt.unit, up=True)
    return first, _ticks(as_of, stamps.dt.unit, up=False), ticks


_BLOCK = 1 << 20
"""Rows counted at a time: each block's arrays stay in the caches, and their memory is reused."""


_TICKS_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _ticks(moment: datetime, unit: str, *, up: bool) -> int:
    """``moment`` in ticks of ``unit`` since the epoch, rounded up or down, within int64.

    The least int64 (a missing time) stays below every result.
    """
    exact = micros_since_epoch(moment) * _TICKS_PER_SECOND[unit]
    ticks = -(-exact // 1_000_000) if up else exact // 1_000_000
    bounds = np.iinfo(np.int64)
    return min(max(ticks, bounds.min + 1), bounds.max)


def _negative(sentiments: pd.Series, keep: np.ndarray | None = None) -> np.ndarray:
    """Rows (where ``keep`` is true, or all) whose sentiment is negative."""
    column = arrow_text(sentiments)
    if column is not None:
        negative = np.concatenate(
            [_equal_text(chunk, Sentiment.NEGATIVE.value) for chunk in column.chunks]
            or [np.zeros(0, dtype=bool)]
        )
        return negative if keep is None else negative[keep]
    if keep is not None:
        sentiments = sentiments[keep]
    values: np.ndarray = (sentiments == Sentiment.NEGATIVE.value).to_numpy(
        dtype=bool, na_value=False
    )
    return values


def _equal_text(chunk: Any, value: str) -> np.ndarray:
    """Rows of an Arrow string chunk equal to ``value``, read from its offsets and bytes.

    The candidates are the rows of the value's length that start with its
    first byte; a candidate is equal when its bytes are the value's, read as
    one 64-bit word for a value of at most eight bytes (else byte by byte).
    A missing row is never equal. Cheaper than comparing every text.
    """
    wanted = value.encode()
    equal = np.zeros(len(chunk), dtype=bool)
    bounds, text = text_buffers(chunk)
    if len(text) < len(wanted):
        return equal
    starts = bounds[:-1]
    fits = bounds[1:] - starts == len(wanted)
    if wanted:  # a row of that length starting at the end has no bytes: never compared
        fits &= text[np.minimum(starts, len(text) - 1)] == wanted[0]
    if chunk.null_count:
        fits &= np.asarray(chunk.is_valid(), dtype=bool)
    rows = np.flatnonzero(fits)
    if len(wanted) <= 8 and len(text) >= 8:
        words = np.ndarray((len(text) - 7,), dtype="<u8", buffer=text, strides=(1,))
        whole = starts[rows] + 8 <= len(text)  # all but (at most) the last few
        mask = np.uint64((1 << (8 * len(wanted))) - 1)
        target = np.uint64(int.from_bytes(wanted, "little"))
        equal[rows[whole]] = (words[starts[rows[whole]]] & mask) == target
        rows = rows[~whole]
    for row in rows.tolist():
        equal[row] = bytes(text[starts[row] : starts[row] + len(wanted)]) == wanted
    return equal


def _counter(start: datetime, as_of: datetime, columns: Mapping[str, str] | None) -> Any:
    """Per partition of a Dask frame: interactions in the window and negative ones, per staff id."""

    def count(part: pd.DataFrame) -> pd.DataFrame:
        if len(part) == 0:  # Dask's meta and empty partitions: nothing to validate or count
            empty: pd.DataFrame = pd.DataFrame(
                {
                    "handled": pd.Series([], dtype="int64"),
                    "negatives": pd.Series([], dtype="int64"),
                },
                index=pd.Index([], dtype=object, name="staff_id"),
            )
            return empty
        frame = normalize_interactions(part, columns)
        inside = _inside(frame, start, as_of)
        negative = inside & _negative(frame["sentiment"])
        # one pass of integer codes: staff ids factorised, nobody ("") after the last
        codes, staff_ids = pd.factorize(frame["staff_id"])
        keys = np.where(codes < 0, len(staff_ids), codes)
        width = len(staff_ids) + 1
        handled = np.bincount(keys[inside], minlength=width)
        negatives = np.bincount(keys[negative], minlength=width)
        labels = pd.Index([*np.asarray(staff_ids, dtype=object).tolist(), ""], dtype=object)
        seen = handled > 0
        out: pd.DataFrame = pd.DataFrame(
            {
                "handled": handled[seen].astype("int64"),
                "negatives": negatives[seen].astype("int64"),
            },
            index=labels[seen],
        )
        if not out.index.is_unique:  # an id written as "" joins nobody, as before
            out = out.groupby(level=0).sum()
        out = out.sort_index()
        out.index.name = "staff_id"
        return out

    return count


def _count_interactions(
    interactions: Any,
    ids: pd.Index,
    start: datetime,
    as_of: datetime,
    columns: Mapping[str, str] | None,
) -> tuple[np.ndarray, int]:
    """Interactions handled in the window and negative ones per member of ``ids`` (rows), and
    how many in the window nobody in ``ids`` handled."""
    if isinstance(interactions, pd.DataFrame):
        frame = normalize_interactions(interactions, columns)
        first, last, ticks = _window_ticks(frame, start, as_of)
        staff, sentiments = frame["staff_id"], frame["sentiment"]
        del frame  # its added columns go before the counting makes its own arrays
        n = len(ids)
        column = arrow_text(staff)
        wanted = None if column is None or not n else arrow_ids(ids, column.type)
        counts = np.zeros(2 * n + 2, dtype="int64")
        for begin in range(0, len(ticks), _BLOCK):  # blocks that stay in the caches
            rows = slice(begin, begin + _BLOCK)
            inside = (ticks[rows] >= first) & (ticks[rows] <= last)
            if not inside.any():
                continue
            keys = member_positions(staff.iloc[rows], ids, inside, wanted=wanted)
            # one count per (member, negative): nobody after the last member
            keys[keys < 0] = n
            keys *= 2
            keys += _negative(sentiments.iloc[rows], inside)
            counts += np.bincount(keys, minlength=2 * n + 2)
        pairs = counts.reshape(n + 1, 2)
        handled = pairs.sum(axis=1)
        return np.stack([handled[:n], pairs[:n, 1]]), int(handled[n])
    try:
        import dask.dataframe as dd

        is_dask = isinstance(interactions, dd.DataFrame)
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        is_dask = False
    if not is_dask:
        raise InvalidInputError(
            "interactions", type(interactions).__name__, "a pandas or Dask DataFrame"
        )
    key = dict(columns or {}).get("staff_id", "staff_id")
    id_column = dict(columns or {}).get("id", "id")
    if key not in interactions.columns or id_column not in interactions.columns:
        raise InvalidInputError(
            "interactions", list(interactions.columns), f"columns {id_column!r} and {key!r}"
        )
    filled = interactions.assign(**{key: interactions[key].fillna("")})
    count = _counter(start, as_of, columns)
    totals = apply_by_key(filled, key, count, id_column=id_column).compute()
    totals = totals.groupby(level=0).sum()
    aligned = totals.reindex(ids, fill_value=0)
    counts = np.stack(
        [aligned["handled"].to_numpy(dtype="int64"), aligned["negatives"].to_numpy(dtype="int64")]
    )
    return counts, int(totals["handled"].sum()) - int(counts[0].sum())


Counter = Callable[
    [Any, pd.Index, datetime, datetime, Mapping[str, str] | None], tuple[np.ndarray, int]
]
"""Counts a base's interactions per member: ``count(interactions, ids, start, as_of, columns)``
gives the interactions handled in the window (``start`` to ``as_of``, both
included) and the negative ones, one row each, a column per member of
``ids``, and how many in the window nobody in ``ids`` handled."""


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
    event_columns = _event_columns(events, ids, as_of, policy)
    start = window_start(as_of, policy.window)
    count = _count_interactions if count is None else count
    (handled, negatives), unassigned = count(interactions, ids, start, as_of, columns)
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
