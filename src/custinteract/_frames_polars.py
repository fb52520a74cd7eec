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

:func:`native` is the entry the frame functions' dispatch calls: it picks a
polars implementation and passes its answer on, or None for the general route.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timezone, tzinfo
from typing import Any

import polars as pl

from ._columns import aware_timestamps
from ._errors import InvalidInputError
from ._models import RatingScale, Sentiment
from ._tabular import _DEFAULTS, _ENUM_COLUMNS, _REQUIRED, INTERACTION_COLUMNS
from ._validators import BLANK_CHARACTERS

__all__ = ["as_text", "normalized", "numpy_of"]

_BLANK_ONLY = "^[" + "".join(f"\\x{{{ord(char):x}}}" for char in BLANK_CHARACTERS) + "]*$"
"""A regular expression for a text made only of blank characters (or empty): the ids' rule."""

_TEXT = (pl.String, pl.Categorical, pl.Enum)


def as_text(column: pl.Series) -> pl.Series | None:
    """A text column as ``pl.String`` (categories as their text), a column of nulls as one too.

    None for any other type: the general route reads those.
    """
    if isinstance(column.dtype, _TEXT):
        return column.cast(pl.String)
    if column.dtype == pl.Null:
        return column.cast(pl.String)
    return None


def _ids(column: pl.Series) -> pl.Series | None:
    """An id column as non-blank text (integers as their decimal text), or None."""
    if column.dtype.is_integer():
        text = column.cast(pl.String)
    elif isinstance(column.dtype, _TEXT):
        text = column.cast(pl.String)
    else:  # floats, booleans, nulls, ...: refused by the general route, with its message
        return None
    if text.null_count() or text.str.contains(_BLANK_ONLY).any():
        return None
    return text


def _timestamps(column: pl.Series, tz: tzinfo | str | None, tz_name: str) -> pl.Series | None:
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
        return pl.from_pandas(stamps.dt.tz_convert(timezone.utc)).alias(column.name)
    if column.null_count():
        return None
    if dtype.time_unit == "ns" and bool((column.dt.nanosecond() % 1000 != 0).any()):
        return None  # a datetime holds microseconds: refused by the general route
    return column.dt.convert_time_zone("UTC")


def _sentiment(out: pl.DataFrame) -> pl.Series | None:
    """The sentiment column with each missing one derived from the rating, or None.

    Derived with the bounds of :func:`~custinteract.sentiment_from_rating`
    (each scale's ``negative_at_most`` and ``positive_from``), on ratings
    that are integers on their scale; any other row needing one gives None.
    """
    sentiment = out["sentiment"]
    if not sentiment.null_count():
        return sentiment
    value = out["rating_value"].cast(pl.Float64)
    scale = out["rating_scale"]
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
    if checked["off"].any() or filled.null_count():
        return None
    return filled


def _enums_valid(out: pl.DataFrame, added: set[str]) -> bool:
    """Every enum column holds its enum's values (required and defaulted ones on every row)."""
    for name, enum_type in _ENUM_COLUMNS.items():
        if name in added and name != "sentiment":
            continue
        column = out[name]
        if (name in _REQUIRED or name in _DEFAULTS) and column.null_count():
            return False
        allowed = {member.value for member in enum_type}
        if not set(column.drop_nulls().unique().to_list()) <= allowed:
            return False
    return True


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
    columns ``String``, the others as given (an added one all null).
    ``tz_name`` is the caller's name for ``tz``, as in
    :func:`~custinteract._columns.aware_timestamps`.
    """
    out = _renamed(frame, columns)
    if out is None:
        return None
    for name in _REQUIRED:
        if name not in out.columns and not (name == "sentiment" and "rating_value" in out.columns):
            return None
    added = {name for name in INTERACTION_COLUMNS if name not in out.columns}
    out = out.with_columns(
        pl.lit(_DEFAULTS[name], dtype=pl.String).alias(name)
        if name in _DEFAULTS
        else pl.lit(None).alias(name)
        for name in sorted(added)
    )
    replaced: dict[str, pl.Series] = {}
    for name in ("id", "customer_id"):
        checked = _ids(out[name])
        if checked is None:
            return None
        replaced[name] = checked
    stamps = _timestamps(out["timestamp"], tz, tz_name)
    if stamps is None:
        return None
    replaced["timestamp"] = stamps
    value = out["rating_value"]
    if value.dtype.is_float():
        value = value.fill_nan(None)
    elif not (value.dtype.is_integer() or value.dtype == pl.Null):
        return None
    replaced["rating_value"] = value
    for name in _ENUM_COLUMNS:
        text = as_text(out[name])
        if text is None:
            return None
        replaced[name] = text
    replaced["rating_scale"] = (
        pl.select(
            pl.when(value.is_null()).then(None).otherwise(replaced["rating_scale"])
        ).to_series()
    ).alias("rating_scale")
    out = out.with_columns(**replaced).select(INTERACTION_COLUMNS)
    sentiment = _sentiment(out)
    if sentiment is None:
        return None
    out = out.with_columns(sentiment)
    if not _enums_valid(out, added):
        return None
    return _without_repeats(out)


def _without_repeats(out: pl.DataFrame) -> pl.DataFrame | None:
    """Identical repeats dropped (kept once); None when an id names two different interactions."""
    if out["id"].n_unique() == out.height:
        return out
    reused = ~pl.col("id").is_first_distinct()
    repeat = reused & ~pl.struct(pl.all()).is_first_distinct()
    flags = out.select(reused.alias("reused"), repeat.alias("repeat"))
    if (flags["reused"] & ~flags["repeat"]).any():
        return None
    return out.filter(~flags["repeat"])


def numpy_of(column: pl.Series) -> Any:
    """A column's values as a NumPy array, without a copy where polars can give one."""
    return column.to_numpy()


def native(pick: Callable[[], Callable[..., Any]]) -> Callable[..., Any]:
    """The polars implementation ``pick`` returns (imported only when a polars frame comes)."""
    return pick()
