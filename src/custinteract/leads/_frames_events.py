"""An interactions frame as the sorted event columns the vectorised lead rules read, and the result frame.

pandas; an optional module. Rows are normalised and checked by the shared
frame helpers; a repeated identical row counts once, as in the object path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from .._columns import arrow_text
from .._errors import InvalidInputError
from .._models import Direction, InteractionKind, Sentiment
from .._tabular import is_missing, normalize_with_repeats
from .._timestamps import epoch_micros
from ..activity import ActivityStatus
from ..activity.frames import activity_summary_frame, score_activity_frame
from ._activity import own_rhythm
from ._frames_base import (
    _KIND_CODE,
    _KINDS_IN_ORDER,
    _SOURCES,
    _TEMPERATURES,
    _Base,
    _objects,
)
from ._frames_history import _counts, _Events
from ._frames_rules import _Columns, _rules
from ._policy import LeadPolicy
from ._rules import ADVICE_CASES


def _budget_text(value: Any) -> str | None:
    """The metadata text a frame value stands for (None: no budget key)."""
    return None if is_missing(value) else str(value)


def _kept_budgets(
    interactions: pd.DataFrame,
    columns: Mapping[str, str],
    budget_column: str,
    repeats: pd.DataFrame,
) -> list[Any]:
    """The budget values of the rows normalisation kept, in order.

    A repeat is dropped only when its budget equals the kept row's, as the
    object path ignores an identical interaction but refuses a different one.
    """
    raw = interactions[budget_column].tolist()
    if not len(repeats):
        return raw
    _, dropped = normalize_with_repeats(interactions.reset_index(drop=True), columns)
    gone = set(dropped.index.tolist())
    ids = interactions[columns.get("id", "id")].tolist()
    first: dict[Any, str | None] = {}
    kept: list[Any] = []
    for position, (iid, value) in enumerate(zip(ids, raw, strict=True)):
        if position not in gone:
            first.setdefault(iid, _budget_text(value))
            kept.append(value)
        elif first[iid] != _budget_text(value):
            label = interactions.index[position]
            raise InvalidInputError(
                f"id[{label!r}]",
                iid,
                "unique interaction ids (this id names a different interaction:"
                f" its {budget_column} differs)",
            )
    return kept


def _positions(ids: Sequence[Any], values: pd.Series[Any]) -> np.ndarray[Any, Any]:
    """Where each value stands in ``ids`` (distinct), -1 when it is not there (or missing)."""
    arrow = arrow_text(values)
    if arrow is not None:
        return _text_positions(arrow, ids)
    codes, uniques = pd.factorize(values)
    index = pd.Index(np.asarray(list(ids), dtype=object))
    where = index.get_indexer(pd.Index(np.asarray(uniques, dtype=object)))
    found: np.ndarray[Any, Any] = np.where(codes >= 0, where[codes], -1)
    return found


def _text_positions(arrow: Any, ids: Sequence[str]) -> np.ndarray[Any, Any]:
    """:func:`_positions` of an Arrow text array: each distinct text looked up once."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    encoded = pc.dictionary_encode(arrow)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks != 1 else encoded.chunk(0)
    dictionary = encoded.dictionary
    where = pc.index_in(dictionary, value_set=pa.array(list(ids), type=dictionary.type))
    table = np.append(where.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64), -1)
    indices = encoded.indices.fill_null(len(dictionary)).to_numpy(zero_copy_only=False)
    found: np.ndarray[Any, Any] = table[indices]
    return found


def _sort_key(cust: np.ndarray[Any, Any], ts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """One integer per row ordered as ``(cust, ts)``, for one quick sort rather than two.

    The moments are counted in their common step (a log in whole seconds: in
    seconds) from the first; where customers times moments still exceed 64
    bits, the moments are replaced by their ranks.
    """
    moment = ts - ts.min()
    step = int(np.gcd.reduce(moment))
    if step > 1:
        moment //= step
    customers = int(cust.max()) + 1
    if customers * (int(moment.max()) + 1) >= 2**63:
        _, moment = np.unique(moment, return_inverse=True)
    key: np.ndarray[Any, Any] = cust * (int(moment.max()) + 1) + moment
    return key


def _event_order(
    codes: np.ndarray[Any, Any],
    stamps: np.ndarray[Any, Any],
    now: np.ndarray[Any, Any],
    ids_of: Callable[[np.ndarray[Any, Any]], list[Any]],
) -> np.ndarray[Any, Any]:
    """Positions of the rows at or before as_of in (customer, timestamp, id) order."""
    chosen = np.flatnonzero(now)
    cust, ts = codes[chosen], stamps[chosen]
    order = chosen
    if len(chosen):
        order = chosen[np.argsort(_sort_key(cust, ts))]
    cust, ts = codes[order], stamps[order]
    same = (cust[1:] == cust[:-1]) & (ts[1:] == ts[:-1])
    if same.any():  # equal moments, in any order so far: the object path orders them by id
        starts = np.flatnonzero(np.append(True, ~same))
        ends = np.append(starts[1:], len(order))
        tied = ends - starts > 1  # only the blocks of two or more rows, one by one
        for first, last in zip(starts[tied].tolist(), ends[tied].tolist(), strict=True):
            block = order[first:last]
            names = np.asarray(ids_of(block), dtype=object)
            order[first:last] = block[np.argsort(names, kind="stable")]
    return order


def _assess_frame(
    interactions: pd.DataFrame,
    everyone: _Base,
    keys: Sequence[str],
    columns: Mapping[str, str],
    budget_column: str,
    as_of: datetime,
    policy: LeadPolicy,
) -> pd.DataFrame:
    frame, repeats = normalize_with_repeats(interactions, columns)
    codes = _positions(keys, frame["customer_id"])
    known = {cid: position for position, cid in enumerate(everyone.ids)}
    strangers = (codes < 0) | np.isin(codes, [i for i, k in enumerate(keys) if k not in known])
    if strangers.any():
        position = int(np.argmax(strangers))
        row = frame.index[position]
        raise InvalidInputError(
            f"customer_id[{row.item() if isinstance(row, np.generic) else row!r}]",
            frame["customer_id"].iloc[position],
            "the id of a customer in the customers frame",
        )
    base = everyone.take(np.array([known.get(k, -1) for k in keys], dtype=np.int64))
    count = len(keys)
    kind = _positions([k.value for k in _KINDS_IN_ORDER], frame["kind"])
    inbound = (frame["direction"] == Direction.INBOUND.value).to_numpy(dtype=bool)
    negative = (frame["sentiment"] == Sentiment.NEGATIVE.value).to_numpy(dtype=bool)
    stamps = frame["timestamp"].dt.tz_convert("UTC").to_numpy(dtype="datetime64[us]").view(np.int64)
    budget = np.zeros(len(frame), dtype=bool)
    if budget_column in interactions.columns:
        asks = inbound & (kind == _KIND_CODE[InteractionKind.INQUIRY])
        values = _kept_budgets(interactions, columns, budget_column, repeats)
        for position in np.flatnonzero(asks).tolist():
            text = _budget_text(values[position])
            budget[position] = text is not None and text.strip() != ""
    duplicates = (
        np.bincount(
            _positions(keys, repeats["customer_id"]),
            minlength=count,
        )
        if len(repeats)
        else np.zeros(count, dtype=np.int64)
    )

    rows = _Events(codes, stamps, kind, inbound, negative, budget)
    activity = _activity_statuses(frame, keys, as_of, policy)
    ids = frame["id"]
    sorted_columns = _assessed(
        base, rows, duplicates, lambda block: ids.iloc[block].tolist(), as_of, policy, activity
    )
    return _result(keys, base, sorted_columns)


def _assessed(
    base: _Base,
    rows: _Events,
    duplicates: np.ndarray[Any, Any],
    ids_of: Callable[[np.ndarray[Any, Any]], list[Any]],
    as_of: datetime,
    policy: LeadPolicy,
    activity: np.ndarray[Any, Any] | None,
) -> _Columns:
    """The rules over every customer of ``base``, from the kept rows in the frame's order.

    ``rows.customer`` is each row's position in ``base``; ``ids_of`` gives the
    interaction ids of some rows (to order rows of one customer at one moment).
    """
    count = len(base.ids)
    now = rows.micros <= epoch_micros(as_of)
    future = _counts(rows.customer, ~now, count)
    order = _event_order(rows.customer, rows.micros, now, ids_of)
    events = _Events(*(column[order] for column in rows))
    return _rules(base, events, future, duplicates, as_of, policy, activity)


def _activity_statuses(
    frame: pd.DataFrame, keys: Sequence[str], as_of: datetime, policy: LeadPolicy
) -> np.ndarray[Any, Any] | None:
    """Each key's activity status text (``current_activity`` set), as the object path's."""
    rules = policy.current_activity
    if rules is None:
        return None
    summary = activity_summary_frame(frame, as_of=as_of, policy=rules)
    scored = score_activity_frame(summary, policy=own_rhythm(rules))["status"]
    found: np.ndarray[Any, Any] = scored.reindex(pd.Index(list(keys), dtype=object)).to_numpy(
        dtype=object, na_value=ActivityStatus.UNSEEN.value
    )
    return found


_TEMPERATURE_TEXT = np.array([t.value for t in _TEMPERATURES], dtype=object)
_ADVICE_TEXT = np.array([advice.value for _, advice in ADVICE_CASES], dtype=object)
_SOURCE_TEXT = np.array([s.value for s in _SOURCES], dtype=object)


def _texts_of(table: np.ndarray[Any, Any], codes: np.ndarray[Any, Any]) -> pd.Series[Any]:
    series: pd.Series[Any] = pd.Series(table[codes], dtype=object)
    return series


def _stamps(micros: np.ndarray[Any, Any]) -> pd.Series[Any]:
    series: pd.Series[Any] = pd.Series(micros.view("datetime64[us]")).dt.tz_localize("UTC")
    return series


def _result(keys: Sequence[str], base: _Base, columns: _Columns) -> pd.DataFrame:
    """The result frame, column for column as :func:`lead_assessments_to_frame` builds it."""
    data: dict[str, pd.Series[Any]] = {
        "temperature": _texts_of(_TEMPERATURE_TEXT, columns.rank),
        "score": pd.Series(columns.score, dtype="float64"),
        "advice": _texts_of(_ADVICE_TEXT, columns.advice),
        "raw_score": pd.Series(columns.raw, dtype="float64"),
        "source_points": pd.Series(columns.source_points, dtype="float64"),
        "fit_points": pd.Series(columns.fit_points, dtype="float64"),
        "engagement_points": pd.Series(columns.engagement_points, dtype="float64"),
        "source": _texts_of(_SOURCE_TEXT, base.source),
        "list_name": _objects(list(base.list_name)),
        "last_purchase": _stamps(columns.last_purchase),
        "qualified_since": _stamps(columns.qualified_since),
        "last_inbound": _stamps(columns.last_inbound),
        "unanswered_streak": pd.Series(columns.streak, dtype="int64"),
        "recent_unanswered": pd.Series(columns.recent, dtype="int64"),
        "reasons": _objects(list(columns.reasons)),
    }
    frame = pd.DataFrame(data)
    frame.index = pd.Index(_objects(list(keys)), name="customer_id")
    out: pd.DataFrame = frame
    return out
