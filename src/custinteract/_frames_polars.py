"""An interactions frame read and checked in polars, for the frame functions' polars fast paths.

:func:`normalized` is :func:`custinteract._tabular.normalize_interactions`
for a polars DataFrame, written in polars expressions so that no pandas frame
is made: the same column mapping and defaults, ids as text (integers as their
decimal text), aware timestamps (naive ones localized with ``tz=`` by the
very function the pandas path uses), enum values among the enum's values, a
missing rating value as no rating, a missing sentiment from the rating, and
identical repeats dropped. It reads every allowed value and bound from the
same definitions (:data:`~custinteract._tabular.INTERACTION_COLUMNS`, the
enums, :class:`~custinteract.RatingScale`, :data:`BLANK_CHARACTERS`).

It answers only for input it can vouch for: on anything the pandas path
would refuse, or would read in a way not written here (an unusual column
type, a column mapped onto an existing name), it returns None, and the
caller takes the general route (the frame through pandas), which raises the
error with its message and row, or gives the answer. Every message therefore
has one definition, and a refusal costs a conversion only when it happens.
A row is named as the general route names it: by its position in the frame.

"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timezone, tzinfo
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from ._columns import aware_timestamps
from ._errors import InvalidInputError
from ._models import RatingScale, Sentiment
from ._tabular import COLUMN_DEFAULTS, ENUM_COLUMNS, INTERACTION_COLUMNS, REQUIRED_COLUMNS
from ._validators import BLANK_CHARACTERS

__all__ = [
    "as_text",
    "code_column",
    "customer_codes",
    "normalize_interactions_polars",
    "normalized",
]

_BLANK_ONLY = "^[" + "".join(f"\\x{{{ord(char):x}}}" for char in BLANK_CHARACTERS) + "]*$"
"""A regular expression for a text made only of blank characters (or empty): the ids' rule."""
# A text can be blank only if it is empty or starts with a blank character: below the first
# character after the ASCII blanks, or from the first non-ASCII blank on (texts compare by
# their UTF-8 bytes, in code point order). Only those texts go through the expression above.
_ASCII_BLANK_BELOW = chr(max(ord(c) for c in BLANK_CHARACTERS if ord(c) < 0x80) + 1)
_WIDE_BLANK_FROM = min(c for c in BLANK_CHARACTERS if ord(c) >= 0x80)

_TEXT = (pl.String, pl.Categorical, pl.Enum)


def as_text(column: pl.Series) -> pl.Series | None:
    """A text column as ``pl.String`` (categories as their text), a column of nulls as one too.

    None for any other type: the general route reads those.
    """
    if column.dtype == pl.String:
        return column
    if isinstance(column.dtype, _TEXT) or column.dtype == pl.Null:
        text: pl.Series = column.cast(pl.String)
        return text
    return None


def _id_text(column: pl.Series) -> pl.Series | None:
    """An id column as text (integers as their decimal text), or None for any other type."""
    if column.dtype.is_integer():
        decimal: pl.Series = column.cast(pl.String)
        return decimal
    if column.dtype == pl.Null:  # missing ids: refused by the general route, with its message
        return None
    return as_text(column)


def _blank(name: str) -> pl.Expr:
    """True where the id column ``name`` may be blank (exactly decided by :func:`_ids_blank`)."""
    column = pl.col(name)
    return (column.is_null() | (column < _ASCII_BLANK_BELOW) | (column >= _WIDE_BLANK_FROM)).any()


def _ids_blank(out: pl.DataFrame, name: str) -> bool:
    column = out[name]
    suspects = column.filter(
        column.is_null() | (column < _ASCII_BLANK_BELOW) | (column >= _WIDE_BLANK_FROM)
    )
    return bool(suspects.null_count() or suspects.str.contains(_BLANK_ONLY).any())


def _timestamps(column: pl.Series, tz: Any, tz_name: str) -> pl.Series | None:
    """Aware timestamps as ``Datetime`` in UTC; naive ones localized to ``tz``, or None."""
    dtype = column.dtype
    if not isinstance(dtype, pl.Datetime):
        return None
    if tz is not None and not isinstance(tz, (str, tzinfo)):
        return None
    if dtype.time_zone is None:
        if tz is None:
            return None
        try:  # the pandas path's own localization, on this one column
            stamps = aware_timestamps(column.to_pandas(), tz, tz_name=tz_name)
        except InvalidInputError:
            return None
        localized: pl.Series = pl.from_pandas(stamps.dt.tz_convert(timezone.utc))
        return localized.alias(column.name)
    if dtype.time_unit == "ns" and bool((column.dt.nanosecond() % 1000 != 0).any()):
        return None  # a datetime holds microseconds: refused by the general route
    utc: pl.Series = column.dt.convert_time_zone("UTC")
    return utc


def _sentiment(out: pl.DataFrame) -> pl.Series | None:
    """The sentiment column with each missing one derived from the rating, or None.

    Derived with the bounds of :func:`~custinteract.sentiment_from_rating`
    (each scale's ``negative_at_most`` and ``positive_from``), on ratings
    that are integers on their scale; any other row needing one gives None.
    """
    value = pl.col("rating_value").cast(pl.Float64)
    scale = pl.col("rating_scale")
    derived = pl.lit(None, dtype=pl.String)
    fits = pl.lit(False)
    for rating in RatingScale:
        on = scale == rating.value
        whole = (value == value.round()) & (value >= rating.low) & (value <= rating.high)
        fits = pl.when(on).then(whole).otherwise(fits)
        derived = (
            pl.when(on & (value <= rating.negative_at_most))
            .then(pl.lit(Sentiment.NEGATIVE.value))
            .when(on & (value >= rating.positive_from))
            .then(pl.lit(Sentiment.POSITIVE.value))
            .when(on)
            .then(pl.lit(Sentiment.NEUTRAL.value))
            .otherwise(derived)
        )
    need = pl.col("sentiment").is_null()
    checked = out.select(
        need.and_(fits.not_()).any().alias("off"),
        pl.coalesce(pl.col("sentiment"), derived).alias("sentiment"),
    )
    filled = checked["sentiment"]
    if checked["off"][0] or filled.null_count():
        return None
    return filled


def _renamed(frame: pl.DataFrame, columns: Mapping[str, str] | None) -> pl.DataFrame | None:
    """The interaction columns present, under our names, or None where pandas would complain."""
    mapping = dict(columns or {})
    if not set(mapping) <= set(INTERACTION_COLUMNS):
        return None
    rename = {theirs: ours for ours, theirs in mapping.items()}
    if len(rename) != len(mapping) or not set(rename) <= set(frame.columns):
        return None
    names = [rename.get(name, name) for name in frame.columns]
    if len(set(names)) != len(names):  # a mapped column onto an existing name: pandas' rules
        return None
    if len(set(frame.columns)) != frame.width:
        return None
    kept = [name for name in frame.columns if rename.get(name, name) in INTERACTION_COLUMNS]
    return frame.select([pl.col(name).alias(rename.get(name, name)) for name in kept])


def normalized(
    frame: pl.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    tz: tzinfo | str | None = None,
    tz_name: str = "tz",
) -> pl.DataFrame | None:
    """:func:`~custinteract._tabular.normalize_interactions` of a polars frame, or None (see above).

    The columns are :data:`~custinteract._tabular.INTERACTION_COLUMNS`, in
    that order: ids ``String``, ``timestamp`` ``Datetime`` in UTC, enum
    columns ``String``, the others as given (an added one all null); then
    each enum column's codes (:func:`code_column`), found while checking it.
    ``tz_name`` is the caller's name for ``tz``, as in
    :func:`~custinteract._columns.aware_timestamps`.
    """
    out = _renamed(frame, columns)
    if out is None:
        return None
    for name in REQUIRED_COLUMNS:
        if name not in out.columns and not (name == "sentiment" and "rating_value" in out.columns):
            return None
    added = {name for name in INTERACTION_COLUMNS if name not in out.columns}
    out = out.with_columns(
        pl.lit(COLUMN_DEFAULTS[name], dtype=pl.String).alias(name)
        if name in COLUMN_DEFAULTS
        else pl.lit(None).alias(name)
        for name in sorted(added)
    )
    replaced: dict[str, pl.Series | None] = {
        "id": _id_text(out["id"]),
        "customer_id": _id_text(out["customer_id"]),
        "timestamp": _timestamps(out["timestamp"], tz, tz_name),
        **{name: as_text(out[name]) for name in ENUM_COLUMNS},
    }
    value = out["rating_value"]
    if value.dtype.is_float():
        replaced["rating_value"] = value.fill_nan(None)
    elif not (value.dtype.is_integer() or value.dtype == pl.Null):
        return None
    if any(column is None for column in replaced.values()):
        return None
    out = out.with_columns(**replaced).with_columns(
        pl.when(pl.col("rating_value").is_null())
        .then(None)
        .otherwise(pl.col("rating_scale"))
        .alias("rating_scale")
    )
    if out.is_empty():
        return None  # the frame functions' general way has the empty frame's layout
    if out["sentiment"].null_count():
        sentiment = _sentiment(out)
        if sentiment is None:
            return None
        out = out.with_columns(sentiment)
    # an added column holds its default (or nothing): valid as it stands; a sentiment
    # column added was filled from the ratings above, and is read like a given one
    constant = added - {"sentiment"}
    # ids that rise repeat none (a cheap pass); others are told by their hashes: distinct
    # hashes mean distinct ids, fewer (a repeat, or a rare collision) are looked at below
    rising = bool(out.head(_RISING_PREFIX).select(_rising("id")).item())
    scalars = [
        (_rising("id") if rising else _hashes_distinct("id")).alias("distinct"),
        pl.col("timestamp").null_count().alias("no time"),
        *(_blank(name).alias(f"blank {name}") for name in ("id", "customer_id")),
    ]
    # the codes and the checks that do not read them in one context, which polars runs in parallel
    out = out.select(
        *INTERACTION_COLUMNS,
        *(_code(name, name in constant).alias(code_column(name)) for name in ENUM_COLUMNS),
        *(scalar.alias(f"{_CHECK}{scalar.meta.output_name()}") for scalar in scalars),
    )
    checked = [name for name in ENUM_COLUMNS if name not in constant]
    found = [name for name in out.columns if name.startswith(_CHECK)]
    checks = out.select(
        *(pl.col(name).first().alias(name.removeprefix(_CHECK)) for name in found),
        *(_known(name).alias(name) for name in checked),
    ).row(0, named=True)
    out = out.drop(found)
    if checks["no time"] or not all(checks[name] for name in checked):
        return None
    for name in ("id", "customer_id"):
        if checks[f"blank {name}"] and _ids_blank(out, name):
            return None
    if checks["distinct"] or (rising and out.select(_hashes_distinct("id")).item()):
        return out
    return _without_repeats(out)


def normalize_interactions_polars(
    frame: Any, columns: Mapping[str, str] | None = None, *, tz: tzinfo | str | None = None
) -> pl.DataFrame | None:
    """:func:`~custinteract.frames.normalize_interactions` of a polars frame, answered in polars.

    The frame of :func:`normalized` without its codes, laid out as the general
    route lays it out: the columns given, in
    :data:`~custinteract._tabular.INTERACTION_COLUMNS` order, then the added
    ones (text, missing where no default); timestamps in the zone they came
    in; a float's NaN missing. None (the general route) for naive timestamps
    and for any column of a type other than text, integers, floats, booleans
    or missing values.
    """
    if not isinstance(frame, pl.DataFrame):
        return None
    given = _renamed(frame, columns)
    if given is None or "timestamp" not in given.columns:
        return None
    zone = getattr(given.schema["timestamp"], "time_zone", None)
    plain = (pl.String, pl.Boolean, pl.Null, pl.Float64)
    if zone is None or not all(
        dtype in plain or dtype.is_integer()
        for name, dtype in given.schema.items()
        if name != "timestamp"
    ):
        return None
    out = normalized(frame, columns, tz=tz)
    if out is None:
        return None
    present = [name for name in INTERACTION_COLUMNS if name in given.columns]
    added = [name for name in INTERACTION_COLUMNS if name not in given.columns]
    return out.select(
        *(
            pl.col(name).dt.convert_time_zone(zone)
            if name == "timestamp"
            else pl.col(name).cast(pl.String)
            if name in added or out.schema[name] == pl.Null
            else pl.col(name).fill_nan(None)  # as pandas' missing floats come back
            if out.schema[name] == pl.Float64
            else pl.col(name)
            for name in present + added
        )
    )


def _rising(name: str) -> pl.Expr:
    """True when column ``name``'s values rise strictly, so that none repeats.

    Each is longer than the one before (in bytes), or as long and after it in
    byte order: the rule :func:`~custinteract._frames_arrow.ids_unique` reads
    from Arrow buffers, for ids written in the order they were made.
    """
    column = pl.col(name)
    size = column.str.len_bytes()
    before = size.shift(1)
    rises = (size > before) | ((size == before) & (column > column.shift(1)))
    return rises.slice(1).all()


def _hashes_distinct(name: str) -> pl.Expr:
    """True when column ``name``'s values have distinct hashes (then they are distinct)."""
    return pl.col(name).hash().n_unique() == pl.len()


_RISING_PREFIX = 1 << 12
"""The first rows :func:`normalized` looks at to guess whether the ids rise (then all are read)."""


_CHECK = "check:"
"""The prefix of the columns :func:`normalized` holds its checks in for a moment."""


def code_column(name: str) -> str:
    """The column of :func:`normalized` holding enum column ``name``'s codes.

    A code is the value's position in the enum (``list(ENUM_COLUMNS[name])``),
    missing where the value is missing.
    """
    return f"{name}:code"


def _code(name: str, constant: bool) -> pl.Expr:
    """Each value's position among the enum's values (missing for a missing or unknown value)."""
    values = [member.value for member in ENUM_COLUMNS[name]]
    if constant:  # an added column: its default, or missing
        default = COLUMN_DEFAULTS.get(name)
        return pl.lit(None if default is None else values.index(default), dtype=pl.UInt8)
    column = pl.col(name)
    code = pl.lit(None, dtype=pl.UInt8)
    for position, value in reversed(list(enumerate(values))):
        code = pl.when(column == value).then(pl.lit(position, dtype=pl.UInt8)).otherwise(code)
    return code


def _known(name: str) -> pl.Expr:
    """True when column ``name`` holds its enum's values (on every row, where it must)."""
    code = pl.col(code_column(name))
    if name in REQUIRED_COLUMNS or name in COLUMN_DEFAULTS:
        return code.is_not_null().all()
    return (code.is_not_null() | pl.col(name).is_null()).all()


def _without_repeats(out: pl.DataFrame) -> pl.DataFrame | None:
    """Identical repeats dropped (kept once); None when an id names two different interactions."""
    reused = ~pl.col("id").is_first_distinct()
    repeat = reused & ~pl.struct(INTERACTION_COLUMNS).is_first_distinct()
    flags = out.select(reused.alias("reused"), repeat.alias("repeat"))
    if (flags["reused"] & ~flags["repeat"]).any():
        return None
    return out.filter(~flags["repeat"])


_START_SIZE = 1 << 16
"""The hash table's first size when coding customers (it grows as needed)."""


def customer_codes(ids: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """Each row's customer code (int64, its id's rank among the distinct ids) and those ids, sorted.

    The rows are grouped by a hash of their id (one pass, the distinct ids
    in order of first appearance); the grouping is then checked against the
    ids themselves, and two ids sharing a hash send it the exact way (an
    Enum of the sorted distinct ids).
    """
    # a table that starts small grows with the distinct ids, and stays in cache longer
    raw, _ = pd.factorize(_hashes(ids), size_hint=min(len(ids), _START_SIZE))
    ranked = np.maximum.accumulate(raw)  # a code is new where it passes every earlier one
    first = np.flatnonzero(np.r_[True, ranked[1:] > ranked[:-1]])
    distinct = ids.gather(first)
    if not bool((distinct.gather(raw) == ids).all()):  # two ids with one hash
        names = ids.unique().sort()
        exact = ids.cast(pl.Enum(names)).to_physical().to_numpy().astype(np.int64)
        return exact, names
    by_id = distinct.arg_sort().to_numpy()
    rank = np.empty(len(by_id), dtype=np.int64)
    rank[by_id] = np.arange(len(by_id))
    codes: np.ndarray = rank[raw]
    return codes, distinct.gather(by_id)


def _hashes(ids: pl.Series) -> np.ndarray:
    """A 64-bit hash of each id."""
    hashes: np.ndarray = ids.hash().to_numpy()
    return hashes
