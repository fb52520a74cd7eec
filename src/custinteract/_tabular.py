"""Interactions frames read and checked (normalization).

Shared by every frame function; the per-key application and the result frames
live in ``_frames_results`` and are importable from here too; frames turned
into values and back live in ``_frames_values``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ._columns import (
    aware_timestamps,
    checked_ids,
    fill_ratings,
    first_row,
    ids_unique,
    is_missing,
)
from ._errors import InvalidInputError
from ._frames_interop import same_kind_out
from ._frames_parallel import beside
from ._frames_results import (  # the names other modules import from here
    WHY_SEPARATOR,
    apply_by_key,
    empty_text_as_objects,
    result_frame,
    with_why,
)
from ._models import (
    Channel,
    Direction,
    GestureKind,
    InteractionKind,
    RatingScale,
    Sentiment,
)

__all__ = [
    "COLUMN_DEFAULTS",
    "ENUM_COLUMNS",
    "REQUIRED_COLUMNS",
    "WHY_SEPARATOR",
    "result_frame",
    "empty_text_as_objects",
    "with_why",
    "INTERACTION_COLUMNS",
    "apply_by_key",
    "is_missing",
    "normalize_interactions",
]

T = TypeVar("T")

INTERACTION_COLUMNS: tuple[str, ...] = (
    "id",
    "customer_id",
    "timestamp",
    "sentiment",
    "channel",
    "kind",
    "direction",
    "staff_id",
    "rating_value",
    "rating_scale",
    "category",
    "gesture_kind",
    "gesture_value",
    "gesture_answers",
    "resolved",
)
"""The columns of an interactions frame, one per :class:`~custinteract.Interaction` field.

``rating`` is split into ``rating_value`` and ``rating_scale`` and ``gesture``
into ``gesture_kind``, ``gesture_value`` and ``gesture_answers``; enums are
their text values. ``metadata`` has no column of its own:
:func:`~custinteract.frames.interactions_to_frame` writes the keys it is asked for
(``metadata=("budget",)``) as columns of their own.
"""

REQUIRED_COLUMNS = ("id", "customer_id", "timestamp", "sentiment")
"""The columns an interactions frame must have (``sentiment`` may come from ratings)."""
ENUM_COLUMNS: dict[str, type[Any]] = {
    "sentiment": Sentiment,
    "channel": Channel,
    "kind": InteractionKind,
    "direction": Direction,
    "rating_scale": RatingScale,
    "gesture_kind": GestureKind,
}
"""The columns holding an enum's values, and the enum."""
COLUMN_DEFAULTS: dict[str, Any] = {
    "channel": Channel.OTHER.value,
    "kind": InteractionKind.OTHER.value,
    "direction": Direction.INBOUND.value,
}
"""The value of an absent column that has a default (the others are missing)."""


def _on_polars() -> Callable[..., Any]:
    from ._frames_polars import normalize_interactions_polars

    return normalize_interactions_polars


@same_kind_out("frame", polars=_on_polars)
def normalize_interactions(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """A validated copy of an interactions frame with the standard column names.

    ``columns`` maps our names to yours (``{"customer_id": "account"}``).
    Missing optional columns are added with their defaults; ``id``,
    ``customer_id`` and ``timestamp`` must be there, and ``sentiment`` too
    unless it can be derived from ratings (below). Enum columns must hold
    known values. The columns you have are taken as follows:

    * ids (``id``, ``customer_id``): strings as they are; integers become
      their decimal text (``7`` -> ``"7"``); a categorical column becomes the
      text of its categories by the same rule. Missing or blank ids are
      refused, and so are floats (``1.0``): a CSV id column with a gap reads
      as floats, so read it as text (``dtype={"id": str}``).
    * ``timestamp``: timezone-aware timestamps as they are; naive ones
      (what ``pd.read_csv`` gives) are refused unless ``tz`` names the zone
      they were recorded in (``tz="UTC"``, ``tz="Europe/Paris"`` or a
      :class:`~datetime.tzinfo`), which localizes them. ``tz`` does not touch
      aware timestamps.
    * ratings: a row whose ``rating_value`` is missing has no rating, even
      if ``rating_scale`` names a scale; a value without a scale is refused
      where a rating is read.
    * ``sentiment``: where the column is absent, or a row's sentiment is
      missing, it is derived from the row's rating with
      :func:`~custinteract.sentiment_from_rating`; a row with neither is
      refused. A sentiment you give is kept, even if the rating disagrees.

    Ids are handled as the engines handle interaction values: a row equal in
    every column to an earlier one is a replay of the same interaction and is
    dropped (kept once, never counted twice); a different row under a used id
    is an error. Problems raise :class:`~custinteract.InvalidInputError` naming the column
    and the first bad row. The input is never modified. A polars DataFrame
    (or a pyarrow Table) gets the same answer as one of its own kind,
    normalized in polars where its columns allow (see :doc:`/frames`).

    >>> import pandas as pd
    >>> from custinteract.frames import normalize_interactions
    >>> raw = pd.DataFrame({"ticket": ["t1"], "account": ["c1"],
    ...     "at": pd.to_datetime(["2026-03-04T10:00Z"]), "mood": ["negative"]})
    >>> df = normalize_interactions(raw, {"id": "ticket", "customer_id": "account",
    ...                                   "timestamp": "at", "sentiment": "mood"})
    >>> df[["id", "customer_id", "sentiment", "kind"]].to_dict("records")
    [{'id': 't1', 'customer_id': 'c1', 'sentiment': 'negative', 'kind': 'other'}]

    A replayed row is kept once; the same id on another interaction is refused:

    >>> len(normalize_interactions(pd.concat([df, df])))
    1
    >>> normalize_interactions(pd.concat([df, df.assign(sentiment="positive")]))
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: id[0]: expected unique interaction ids (this id names a different interaction), got 't1'

    Integer ids, naive timestamps with ``tz=``, and a sentiment from the rating:

    >>> csv = pd.DataFrame({"id": [1, 2], "customer_id": [10, 10],
    ...     "timestamp": pd.to_datetime(["2026-03-04 10:00", "2026-03-05 11:00"]),
    ...     "rating_value": [5, None], "rating_scale": ["csat", "csat"],
    ...     "sentiment": [None, "neutral"]})
    >>> df = normalize_interactions(csv, tz="UTC")
    >>> df[["id", "customer_id", "sentiment", "rating_scale"]].to_dict("records")
    [{'id': '1', 'customer_id': '10', 'sentiment': 'positive', 'rating_scale': 'csat'}, {'id': '2', 'customer_id': '10', 'sentiment': 'neutral', 'rating_scale': None}]
    >>> str(df["timestamp"].dt.tz), df.loc[0, "timestamp"].hour
    ('UTC', 10)
    """
    return normalize_with_repeats(frame, columns, tz=tz)[0]


def normalize_with_repeats(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    tz: tzinfo | str | None = None,
    defaults: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`normalize_interactions`, and the identical repeats it dropped.

    The second frame holds the dropped rows (standard columns, their own
    index labels), so that an engine can say how many repeats it ignored per
    key, as its object path does. ``defaults=False`` leaves out the absent
    columns that have a default (:data:`COLUMN_DEFAULTS`: one value on every
    row, valid as it stands), for a caller that reads none of them; every
    check is the same.
    """
    return normalize_then(frame, columns, _itself, tz=tz, defaults=defaults)


def _itself(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def normalize_then(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    then: Callable[[pd.DataFrame], T],
    *,
    tz: tzinfo | str | None = None,
    defaults: bool = True,
) -> tuple[T, pd.DataFrame]:
    """``then`` of the normalized frame, and the repeats dropped (as :func:`normalize_with_repeats`).

    ``then`` (a pure reading of the frame) runs while the ids' distinctness
    is still being learnt, on the frame as it is; in the rare frame that
    repeats an id, it runs again on the frame without the repeats (after a
    different interaction under a used id is refused), so its answer is
    always that of the frame :func:`normalize_with_repeats` gives.
    """
    mapping = dict(columns or {})
    unknown = sorted(set(mapping) - set(INTERACTION_COLUMNS))
    if unknown:
        raise InvalidInputError("columns", unknown, f"keys among {list(INTERACTION_COLUMNS)}")
    rename = {theirs: ours for ours, theirs in mapping.items()}
    missing_source = sorted(theirs for theirs in rename if theirs not in frame.columns)
    if missing_source:
        raise InvalidInputError("columns", missing_source, "column names present in the frame")
    # no copy: pandas copies a column on write (copy-on-write), and every change
    # below replaces a column rather than writing into it, so the input is never touched
    out: pd.DataFrame = frame.rename(columns=rename)[
        [c for c in INTERACTION_COLUMNS if c in {*frame.columns, *rename.values()}]
    ]
    if out.columns.has_duplicates:
        out = pd.DataFrame(out.loc[:, ~out.columns.duplicated()])
    for name in REQUIRED_COLUMNS:
        if name not in out.columns and not (name == "sentiment" and "rating_value" in out.columns):
            raise InvalidInputError(
                name, list(frame.columns), f"a column named {name!r} (or mapped to it)"
            )
    added = [name for name in INTERACTION_COLUMNS if name not in out.columns]
    unique = _unique_integers(out["id"])
    out["id"] = checked_ids(out["id"], "id")
    # whether text ids are distinct (the costliest check) is learnt beside the rest
    with beside(_ids_distinct, out["id"], unique, rows=len(out)) as distinct:
        out["customer_id"] = checked_ids(out["customer_id"], "customer_id")
        out["timestamp"] = aware_timestamps(out["timestamp"], tz)
        _fill(out, frame, added, defaults)
        enums = {
            name: out[name] for name in ENUM_COLUMNS if name not in added or name == "sentiment"
        }
        # the enum columns are checked beside ``then`` (its work wasted only on a refused frame)
        rows = len(out) if then is not _itself else 0
        with beside(_refuse_unknowns, enums, rows=rows) as checked:
            try:  # on the frame as it is: most frames repeat no id
                answer = then(out)
            except Exception:
                checked()  # an unknown value is refused first, as if checked first
                if distinct():
                    raise
            else:
                checked()
                if distinct():
                    return answer, out.iloc[:0]
        out, repeats = _without_repeats(out, False)  # refuses a reused id first
        return then(out), repeats


def _ids_distinct(ids: pd.Series[Any], known: bool | None) -> bool:
    """Whether checked ids are distinct: ``known`` when integer ids told already, else learnt."""
    return ids_unique(ids) if known is None else known


def _fill(out: pd.DataFrame, frame: pd.DataFrame, added: list[str], defaults: bool) -> None:
    """Add the absent columns to ``out`` (in place), and fill sentiments from ratings."""
    nothing: pd.Series[Any] | None = None
    constants: dict[str, pd.Series[Any]] = {}  # one column per default, shared as ``nothing`` is
    for name in added:
        if name in COLUMN_DEFAULTS:
            if not defaults:
                continue
            default = COLUMN_DEFAULTS[name]
            if default not in constants:
                constants[default] = _constant(default, out.index)
            out[name] = constants[default]
        else:  # one column of missing values, shared (copied only if written to)
            if nothing is None:  # NumPy fills a new array of objects with None
                missing = np.empty(len(out), dtype=object)
                nothing = pd.Series(missing, index=out.index, dtype=object, copy=False)
            out[name] = nothing
    fill_ratings(
        out,
        list(frame.columns) if "sentiment" in added else None,
        unrated="rating_value" in added and "rating_scale" in added,
    )


def _refuse_unknowns(enums: dict[str, pd.Series[Any]]) -> None:
    """Refuse the first unknown value of each enum column (in :data:`ENUM_COLUMNS` order).

    ``enums``: the columns to check by name (an added column holds its
    default, valid as it stands, and is not among them, save the sentiment).
    """
    for name, values in enums.items():
        required = name in REQUIRED_COLUMNS or name in COLUMN_DEFAULTS
        _refuse_unknown(values, name, ENUM_COLUMNS[name], required=required)


def _constant(value: str, index: pd.Index[Any]) -> pd.Series[Any]:
    """A column holding ``value`` on every row, of the dtype pandas gives that text.

    Arrow text (pandas' ``str``) is written straight into its two buffers:
    the value's bytes repeated (one C-level repetition) and evenly spaced
    offsets, several times faster than pandas' own broadcasting of a scalar
    (one copy per row through an index array) and four times faster than
    ``pyarrow.repeat``.
    """
    dtype = pd.Series([value]).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

        raw, size = value.encode(), len(index)
        offsets = np.arange(size + 1, dtype=np.int64) * len(raw)
        buffers = [None, pa.py_buffer(offsets), pa.py_buffer(raw * size)]
        repeated = pa.Array.from_buffers(pa.large_string(), size, buffers)
        column: pd.Series[Any] = pd.Series(pd.array(repeated, dtype=dtype), index=index)
        return column
    return pd.Series(value, index=index, dtype=dtype)


def _refuse_unknown(
    values: pd.Series[Any], name: str, enum_type: type[Any], *, required: bool
) -> None:
    """Refuse the first value of an enum column that is not one of the enum's values.

    A missing value is refused too when ``required``. The distinct values are
    judged first (an enum column holds a handful), and only when one of them is
    refused are the rows searched for the first that holds it.
    """
    allowed = {member.value for member in enum_type}
    try:
        distinct = pd.Series(pd.unique(values), dtype=object)
    except TypeError:  # unhashable cells: judged row by row below
        pass
    else:
        judged = distinct.isin(allowed) | (False if required else distinct.isna())
        if judged.all():
            return
    present = pd.Series(True, index=values.index) if required else values.notna()
    bad = present & ~values.isin(allowed)
    if bad.any():
        row, value = first_row(bad, values)
        raise InvalidInputError(f"{name}[{row!r}]", value, f"one of {sorted(allowed)}")


def _unique_integers(ids: pd.Series[Any]) -> bool | None:
    """Whether integer ids are all distinct (then so is their text), or None for other ids.

    Integers, which :func:`~custinteract._columns.ids_as_text` turns into their
    decimal text one for one, are cheaper to compare than that text.
    """
    dtype = ids.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return bool(ids.is_unique)
    return None


def _without_repeats(
    out: pd.DataFrame, unique: bool | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split off identical repeats; refuse a different interaction under a used id.

    A row whose every column equals an earlier row's is a replay of the same
    interaction, as the object path's engines see it: kept once. A row that
    reuses an earlier id with any other value is an error naming its index.
    ``unique`` is whether the ids are known to be distinct (None: not known).
    """
    if unique is None:
        unique = ids_unique(out["id"])
    if unique:  # the usual case, and cheaper to learn than duplicated()
        return out, out.iloc[:0]
    reused = out["id"].duplicated()
    repeat = reused & out.duplicated()
    different = reused & ~repeat
    if different.any():
        row, value = first_row(different, out["id"])
        raise InvalidInputError(
            f"id[{row!r}]", value, "unique interaction ids (this id names a different interaction)"
        )
    return out[~repeat.to_numpy()], out[repeat.to_numpy()]
