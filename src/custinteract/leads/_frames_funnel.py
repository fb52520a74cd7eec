"""The lead funnel over :func:`~custinteract.frames.leads_frame` results, from their columns.

:func:`funnel_counts` counts two leads frames (as of the start, or of each
customer's creation, and as of the end) per (start, end) temperature, with
the object path's checks on each pair; :func:`funnel_frames` makes those two
frames with ``leads_frame`` at the moments :func:`~custinteract.lead_funnel`
assesses each customer. The funnel itself, its steps and reasons, is built
by the object path's own ``funnel_from_counts``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from .._columns import ids_as_text
from .._errors import InvalidInputError
from .._tabular import result_frame
from ._engine import LeadPolicy, LeadTemperature
from ._frames_ranking import one_row_each

__all__ = ["funnel_counts", "funnel_frames"]

_TEMPERATURES = {t.value: t for t in LeadTemperature}


def _pandas(frame: Any, name: str) -> pd.DataFrame:
    return one_row_each(
        result_frame(frame, source="leads_frame", needed=("temperature",), name=name), name
    )


def _moments(frame: pd.DataFrame, name: str) -> pd.Series:
    """Each row's moment: the ``as_of`` column, else the frame's ``attrs["as_of"]``."""
    if "as_of" in frame.columns:
        moments: pd.Series = pd.Series(
            pd.to_datetime(frame["as_of"], utc=True).to_numpy(), index=frame.index
        )
        return moments
    moment = frame.attrs.get("as_of")
    if moment is None:
        raise InvalidInputError(
            f"{name}.as_of",
            None,
            "the moment of the frame's assessments (leads_frame keeps it in"
            " frame.attrs['as_of']; set it, or an as_of column, when the frame lost it)",
        )
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is None:
        raise InvalidInputError(f"{name}.as_of", moment, "a timezone-aware datetime")
    same: pd.Series = pd.Series(stamp.tz_convert("UTC"), index=frame.index)
    return same


def _temperatures(frame: pd.DataFrame, name: str) -> pd.Series:
    column: pd.Series = frame["temperature"].astype(object)
    strange = sorted({str(t) for t in column.unique() if t not in _TEMPERATURES})
    if strange:
        raise InvalidInputError(
            f"{name}.temperature", strange, f"values among {sorted(_TEMPERATURES)}"
        )
    return column


def funnel_counts(
    pairs: tuple[Any, Any], start: datetime, end: datetime
) -> tuple[dict[tuple[LeadTemperature, LeadTemperature], int], int]:
    """Customers per (start, end) temperature of two leads frames, and how many entered."""
    first = _pandas(pairs[0], "pairs[0]")
    last = _pandas(pairs[1], "pairs[1]")
    only_first = first.index.difference(last.index)
    only_last = last.index.difference(first.index)
    if len(only_first) or len(only_last):
        odd = sorted(str(i) for i in only_first.append(only_last))
        raise InvalidInputError("pairs.customer_id", odd[:5], "the same customers in both frames")
    begun = _moments(first, "pairs[0]")
    low, high = pd.Timestamp(start).tz_convert("UTC"), pd.Timestamp(end).tz_convert("UTC")
    early = begun[(begun < low) | (begun > high)]
    if len(early):
        raise InvalidInputError(
            f"pairs[0].as_of[{early.index[0]!r}]",
            early.iloc[0].to_pydatetime(),
            f"a moment from start ({start.isoformat()}) to end ({end.isoformat()})",
        )
    ended = _moments(last, "pairs[1]")
    wrong = ended[ended != high]
    if len(wrong):
        raise InvalidInputError(
            f"pairs[1].as_of[{wrong.index[0]!r}]",
            wrong.iloc[0].to_pydatetime(),
            f"the end of the period ({end.isoformat()})",
        )
    before = _temperatures(first, "pairs[0]")
    after = _temperatures(last, "pairs[1]").reindex(first.index)
    tally = pd.DataFrame({"start": before.to_numpy(), "end": after.to_numpy()}).value_counts()
    counts = {(_TEMPERATURES[s], _TEMPERATURES[e]): int(n) for (s, e), n in tally.items() if n}
    entered = int(np.count_nonzero((begun > low).to_numpy()))
    return counts, entered


def funnel_frames(
    customers: Any, interactions: Any, start: datetime, end: datetime, policy: LeadPolicy
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two leads frames :func:`~custinteract.lead_funnel` counts, made by ``leads_frame``.

    The end frame holds the customers created by ``end``, as of ``end``; the
    start frame the same customers as of ``start``, or as of their creation
    for those created during the period (one ``leads_frame`` per creation
    moment, over that moment's customers), in an ``as_of`` column.
    """
    from .frames import leads_frame

    for name, frame in (("customers", customers), ("interactions", interactions)):
        if not isinstance(frame, pd.DataFrame):
            raise InvalidInputError(
                name, type(frame).__name__, "a pandas DataFrame (call .compute() on a Dask one)"
            )
    at_end = leads_frame(customers, interactions, as_of=end, policy=policy)
    at_start = leads_frame(customers, interactions, as_of=start, policy=policy)
    ids = ids_as_text(customers["customer_id"]).astype(object).to_numpy()
    created = pd.to_datetime(customers["created"], utc=True).dt.tz_localize(None).to_numpy()
    low, high = np.datetime64(_utc(start)), np.datetime64(_utc(end))
    kept = pd.Index(ids[created <= high], dtype=object)
    entering = (created > low) & (created <= high)
    moments = pd.Series(pd.Timestamp(start).tz_convert("UTC"), index=kept)
    parts = [at_start.loc[kept.difference(pd.Index(ids[entering], dtype=object), sort=False)]]
    if entering.any():
        who = ids_as_text(interactions["customer_id"]).astype(object).to_numpy()
        for moment in np.unique(created[entering]):
            group = entering & (created == moment)
            chosen = customers[group]
            talks = interactions[np.isin(who, ids[group])]
            when = pd.Timestamp(moment).tz_localize("UTC").to_pydatetime()
            parts.append(leads_frame(chosen, talks, as_of=when, policy=policy))
            moments[pd.Index(ids[group], dtype=object)] = pd.Timestamp(when)
    first = pd.concat(parts).loc[kept].assign(as_of=moments.loc[kept].to_numpy())
    last = at_end.loc[kept]
    return first, last


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC without its zone, as numpy's datetime64 holds it."""
    plain: datetime = pd.Timestamp(moment).tz_convert("UTC").tz_localize(None).to_pydatetime()
    return plain
