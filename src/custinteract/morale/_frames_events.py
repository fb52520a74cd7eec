"""Staff events as columns: every member's event facts in vectorised passes.

The object path reads each member's events in time order
(:func:`~custinteract.morale._rules.gather_facts`). On a well-formed events
frame the same facts come out of whole columns: recognition and reward
weights are the rule's own :func:`~custinteract.morale._rules.decay`, summed
exactly per member (:func:`math.fsum`); one-to-ones and resolutions are
counted from the voice window's start; a concern resolution that names an
earlier, still-unresolved concern of the same member closes it. Anything
else (a value the models would refuse, a repeated id, a survey, a resolution
naming no concern or one that is not open) is left to the object path,
which gives its own answer or error: :func:`event_facts` returns None for
the whole frame, or lists the members whose concerns need reading in order.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._columns import not_text
from .._models import StaffEventKind
from .._tabular import is_missing
from .._time import to_utc
from ._frames_staff import member_positions
from ._rules import decay

__all__ = ["EventFacts", "event_facts", "exact_sums", "micros_since_epoch"]

_MICROSECONDS_PER_DAY = 86_400_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_EXACT = 2**53  # microsecond counts a float holds exactly


class EventFacts(NamedTuple):
    """Per member (in ``ids`` order): recognition and reward weights, counts, and who is left."""

    recognition_weight: np.ndarray
    reward_weight: np.ndarray
    one_to_ones: np.ndarray
    resolved: np.ndarray
    open_concerns: np.ndarray
    in_order: list[int]  # positions of members whose concerns the object path must read


def _all_missing(values: pd.Series) -> bool:
    return bool(values.isna().all()) or all(map(is_missing, values.tolist()))


def _text_or_missing(values: pd.Series) -> bool:
    present = values[values.notna()]
    return not len(present) or not bool(not_text(present).any())


def _well_formed(frame: pd.DataFrame) -> pd.Series | None:
    """The frame's timestamps in microseconds since the epoch (UTC), or None to use objects."""
    if len(frame) == 0 or not frame["id"].is_unique:
        return None
    if not_text(frame["id"]).any() or not_text(frame["staff_id"]).any():
        return None
    stamps = frame["timestamp"]
    if not isinstance(stamps.dtype, pd.DatetimeTZDtype) or stamps.isna().any():
        return None
    if stamps.dt.unit == "ns":
        nanos = stamps.astype("int64")
        if bool((nanos % 1000 != 0).any()):
            return None  # nanoseconds: a datetime drops them
        micros = nanos // 1000
    else:  # seconds to microseconds: exact, and in range for any datetime
        micros = stamps.dt.as_unit("us").astype("int64")
    kinds = frame["kind"]
    if kinds.isna().any() or not kinds.isin([kind.value for kind in StaffEventKind]).all():
        return None
    if bool((kinds == StaffEventKind.SURVEY.value).any()):
        return None  # scores are read by the models' own rules
    if "score" in frame.columns and not _all_missing(frame["score"]):
        return None
    if "note" in frame.columns and not _text_or_missing(frame["note"]):
        return None
    if "resolves" in frame.columns:
        named = frame["resolves"].notna()
        if bool((named & (kinds != StaffEventKind.CONCERN_RESOLVED.value)).any()):
            return None
        if not _text_or_missing(frame["resolves"]):
            return None
    out: pd.Series = micros
    return out


def event_facts(
    frame: pd.DataFrame,
    ids: pd.Index,
    as_of: datetime,
    half_life: float,
    voice_start: datetime,
) -> EventFacts | None:
    """The event facts of every member of ``ids``, or None when the frame needs the object path."""
    micros = _well_formed(frame)
    if micros is None:
        return None
    n = len(ids)
    end = micros_since_epoch(as_of)
    keep = (micros <= end).to_numpy()
    member = member_positions(frame["staff_id"], ids, keep)
    known = member >= 0
    rows = np.flatnonzero(keep)[known]
    at, member = micros.to_numpy()[rows], member[known]
    kind_codes, kind_values = pd.factorize(frame["kind"])
    kind_of = dict(zip(kind_values.tolist(), range(len(kind_values)), strict=True))
    kinds = kind_codes[rows]
    if bool(((end - at) >= _EXACT).any()):
        return None  # too old for an exact age in float days

    def of(kind: StaffEventKind) -> np.ndarray:
        chosen: np.ndarray = kinds == kind_of.get(kind.value, -2)
        return chosen

    weights = []
    for kind in (StaffEventKind.RECOGNITION, StaffEventKind.REWARD):
        chosen = of(kind)
        ages = (end - at[chosen]) / _MICROSECONDS_PER_DAY  # elapsed_days, one rounding
        weights.append(_fsum_by(member[chosen], ages, half_life, n))

    voice = at >= micros_since_epoch(voice_start)
    one_to_ones = np.bincount(member[of(StaffEventKind.ONE_TO_ONE) & voice], minlength=n)
    raised = of(StaffEventKind.CONCERN_RAISED)
    closing = of(StaffEventKind.CONCERN_RESOLVED)
    in_order: list[int] = []
    if closing.any():
        event_ids = frame["id"].to_numpy(dtype=object)[rows]
        if "resolves" in frame.columns:
            resolves = frame["resolves"].to_numpy(dtype=object)[rows]
        else:
            resolves = np.full(len(at), None, dtype=object)
        valid = _named_closings_valid(closing, resolves, event_ids, member, at, raised)
        in_order = np.unique(member[closing & ~valid]).tolist()
    resolved = np.bincount(member[closing & voice], minlength=n)
    open_concerns = np.bincount(member[raised], minlength=n) - np.bincount(
        member[closing], minlength=n
    )
    return EventFacts(
        weights[0],
        weights[1],
        one_to_ones.astype("int64"),
        resolved.astype("int64"),
        open_concerns.astype("int64"),
        in_order,
    )


def micros_since_epoch(moment: datetime) -> int:
    """Microseconds since the epoch, exactly."""
    return (to_utc(moment) - _EPOCH) // _MICROSECOND


def _fsum_by(member: np.ndarray, ages: np.ndarray, half_life: float, n: int) -> np.ndarray:
    """Per member, the exactly rounded sum (:func:`math.fsum`) of :func:`decay` over its ages.

    The weights are laid out one member a column, padded with zeros (which
    change no sum), and summed by :func:`exact_sums`; a member with more than
    :data:`_WIDEST` weights is summed by :func:`math.fsum` itself (0 for a
    member with none).
    """
    out = np.zeros(n, dtype="float64")
    if len(member) == 0:
        return out
    order = np.argsort(member, kind="stable")
    ordered = np.array(list(map(decay, ages[order].tolist(), repeat(half_life))), dtype="float64")
    members, starts, sizes = np.unique(member[order], return_index=True, return_counts=True)
    wide = sizes > _WIDEST
    narrow = np.flatnonzero(~wide)
    rows = np.repeat(~wide, sizes)  # the weights of the narrow members, in member order
    if len(narrow):
        table = np.zeros((int(sizes[narrow].max()), len(narrow)), dtype="float64")
        rank = np.arange(len(ordered))[rows] - np.repeat(starts[narrow], sizes[narrow])
        table[rank, np.repeat(np.arange(len(narrow)), sizes[narrow])] = ordered[rows]
        out[members[narrow]] = exact_sums(list(table))
    for position in np.flatnonzero(wide).tolist():
        begin = starts[position]
        out[members[position]] = math.fsum(ordered[begin : begin + sizes[position]].tolist())
    return out


_WIDEST = 64
"""The most weights of one member summed in the table of :func:`_fsum_by`."""


def exact_sums(columns: list[np.ndarray]) -> np.ndarray:
    """Per row, the exactly rounded sum of ``columns``: what :func:`math.fsum` gives.

    Each addition's rounding error is carried exactly (TwoSum) into a second
    sum; where that sum's own additions were exact as well, the row's exact
    total is the two sums' sum, and one correctly rounded addition of them is
    :func:`math.fsum`'s answer. The other rows (and zeros, whose sign
    :func:`math.fsum` decides) are summed by :func:`math.fsum` itself.
    """
    total, carried = columns[0].copy(), np.zeros(len(columns[0]))
    exact = np.ones(len(total), dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):  # inf and nan rows: math.fsum's
        for column in columns[1:]:
            total, error = _two_sum(total, column)
            carried, lost = _two_sum(carried, error)
            exact &= lost == 0
        out: np.ndarray = total + carried
    exact &= np.isfinite(out) & (out != 0)
    for row in np.flatnonzero(~exact).tolist():
        out[row] = math.fsum(column[row] for column in columns)
    return out


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``a + b`` rounded, and its rounding error exactly (Knuth's TwoSum)."""
    total = a + b
    b_part = total - a
    error = (a - (total - b_part)) + (b - b_part)
    return total, error


def _named_closings_valid(
    closing: np.ndarray,
    resolves: np.ndarray,
    event_ids: np.ndarray,
    member: np.ndarray,
    at: np.ndarray,
    raised: np.ndarray,
) -> np.ndarray:
    """Per event: a closing that names an earlier concern of its member, named by no other.

    Such a closing closes exactly the concern it names whatever order the
    member's events are read in; any other closing (unnamed, naming no open
    concern) is read in order by the object path.
    """
    valid = np.zeros(len(closing), dtype=bool)
    rows = np.flatnonzero(closing)
    if len(rows) == 0:
        return valid
    concern_at = pd.Index(event_ids[raised]).get_indexer(resolves[rows])
    named = concern_at >= 0
    target = np.flatnonzero(raised)[np.where(named, concern_at, 0)]
    earlier = (at[target] < at[rows]) | (
        (at[target] == at[rows]) & (event_ids[target] < event_ids[rows])
    )
    once = ~pd.Series(resolves[rows]).duplicated(keep=False).to_numpy()
    valid[rows] = named & (member[target] == member[rows]) & earlier & once
    return valid
