""":func:`~custinteract.frames.morale_frame` and :func:`~custinteract.frames.team_morale_frame` on polars.

The interactions are read and checked by
:func:`custinteract._frames_polars.normalized` and counted in polars: the
rows in the window (compared on whole microseconds, both ends included, as
``in_window``) grouped by ``staff_id``, each group's interactions and
negative ones; only that small table leaves polars, and its staff ids find
their member as keys of a dict do. The staff and event frames, one row per
member or event (small beside the interactions), are read by the pandas
path's own readers with their rules and messages, and the same kernels
score and explain. Where the fast path does not vouch for the input (a
``staff_id`` column that is not text, anything
:func:`~custinteract._frames_polars.normalized` declines) or refuses it,
the functions answer None and the frame goes the general way, which gives
the answer or raises the one message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from .._errors import InvalidInputError
from .._frames_interop import from_pandas, to_pandas
from .._frames_polars import as_text, normalized
from .._models import Sentiment
from ._frames_count import Counter
from ._frames_events import micros_since_epoch
from ._frames_gather import gather
from ._policy import MoralePolicy
from .frames import _morale_rows, _team_rows

__all__ = ["morale_frame_polars", "team_morale_frame_polars"]


def morale_frame_polars(
    staff: Any,
    interactions: Any,
    events: Any = None,
    *,
    as_of: datetime,
    policy: MoralePolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.morale_frame`, or None (the general way)."""
    rows = partial(_morale_rows, as_of=as_of)
    return _answer(rows, staff, interactions, events, as_of, policy, columns, tz)


def team_morale_frame_polars(
    staff: Any,
    interactions: Any,
    events: Any = None,
    *,
    as_of: datetime,
    policy: MoralePolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.team_morale_frame`, or None (the general way)."""
    return _answer(_team_rows, staff, interactions, events, as_of, policy, columns, tz)


def _answer(
    rows: Callable[[Any], pd.DataFrame],
    staff: Any,
    interactions: Any,
    events: Any,
    as_of: datetime,
    policy: MoralePolicy | None,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
) -> Any:
    """``rows`` of what :func:`gather` finds, as polars; None where the general way must answer."""
    counted = _counter(interactions, columns, tz)
    if counted is None:
        return None
    try:
        staff, events = to_pandas(staff), to_pandas(events)
        out = rows(gather(staff, None, events, as_of, policy, columns, counted))
    except InvalidInputError:
        return None
    return from_pandas(out, "polars")


def _counter(interactions: Any, columns: Mapping[str, str] | None, tz: Any) -> Counter | None:
    """A :data:`~custinteract.morale._frames_count.Counter` of the polars interactions, or None.

    None when ``interactions`` is not a polars frame, when the reader does
    not vouch for it or refuses it, or when its ``staff_id`` is not text.
    """
    if not isinstance(interactions, pl.DataFrame):
        return None
    try:
        df = normalized(interactions, columns, tz=tz, tz_name="tz")
    except InvalidInputError:
        return None
    if df is None:
        return None
    staff_ids = as_text(df["staff_id"])
    if staff_ids is None:  # ids of another type match no member: the general way says so
        return None
    df = df.select(staff_ids, "timestamp", "sentiment")

    def count(
        _: Any, ids: pd.Index, start: datetime, as_of: datetime, __: Any
    ) -> tuple[np.ndarray, int]:
        micros = pl.col("timestamp").dt.epoch("us")  # exact: a time holds whole microseconds
        window = (micros >= micros_since_epoch(start)) & (micros <= micros_since_epoch(as_of))
        per_id = (
            df.lazy()
            .filter(window)
            .group_by("staff_id")
            .agg(
                pl.len().alias("handled"),
                (pl.col("sentiment") == Sentiment.NEGATIVE.value).sum().alias("negatives"),
            )
            .collect()
        )
        found = ids.get_indexer(pd.Index(per_id["staff_id"].to_list(), dtype=object))
        known = found >= 0
        counts = np.zeros((2, len(ids)), dtype="int64")
        for row, name in enumerate(("handled", "negatives")):
            counts[row, found[known]] = per_id[name].to_numpy()[known]
        return counts, int(per_id["handled"].sum()) - int(counts[0].sum())

    return count
