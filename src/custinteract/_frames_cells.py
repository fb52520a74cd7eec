"""Interaction values from a normalized frame: each column checked once, each value assembled.

:func:`interactions_from_normalized` reads the frame that
:func:`custinteract._tabular.normalize_interactions` gives, checking each
column by the models' own rules once (or once per distinct value), and
builds the values without checking them again; the cell readers
(:func:`rating_from_cells`, :func:`gesture_from_cells`, :func:`is_missing`)
are also the row-by-row path's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ._models import (
    EMPTY_MAP,
    Channel,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    Rating,
    RatingScale,
    RecoveryGesture,
    Sentiment,
    field_setters,
)

__all__ = [
    "gesture_from_cells",
    "interactions_from_normalized",
    "is_missing",
    "rating_from_cells",
]


def rating_from_cells(value: Any, scale: Any) -> Rating:
    """The :class:`Rating` of a row's ``rating_value`` and ``rating_scale`` cells (validated)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Rating(value=value, scale=RatingScale(scale))


def gesture_from_cells(kind: Any, value: Any, answers: Any) -> RecoveryGesture:
    """The :class:`RecoveryGesture` of a row's ``gesture_*`` cells (validated)."""
    return RecoveryGesture(
        kind=GestureKind(kind),
        value=None if is_missing(value) else value,
        answers=None if is_missing(answers) else answers,
    )


def is_missing(value: Any) -> bool:
    """A frame's missing value: None, NaN, NaT or pd.NA (what ``Series.isna`` finds in a cell)."""
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


class _Refused(Exception):  # noqa: N818 (a signal to take the row-by-row path, never raised out)
    """A cell the fast path cannot vouch for: the row-by-row path finds and words it."""


def _members(values: pd.Series[Any], enum_type: type[Any]) -> list[Any]:
    """An enum column (text already checked) as its members, looked up once per distinct text."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        raise _Refused
    members = np.array([enum_type(text) for text in uniques], dtype=object)
    listed: list[Any] = members[codes].tolist()
    return listed


def _optional_texts(values: pd.Series[Any], field: attrs.Attribute[Any]) -> list[Any]:
    """An optional id column: missing as None, each distinct value checked by the field's validator."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return [None] * len(values)
    texts = np.empty(len(uniques) + 1, dtype=object)  # the last slot: None for code -1
    for position, text in enumerate(uniques):
        if type(text) is not str:
            raise _Refused
        field.validator(None, field, text)  # type: ignore[misc]
        texts[position] = text
    listed: list[Any] = texts[codes].tolist()
    return listed


def _cached(build: Callable[..., Any], *columns: pd.Series[Any]) -> list[Any]:
    """One value per row from ``build(*cells)``, built once per distinct cells (values are frozen)."""
    made: dict[tuple[Any, ...], Any] = {}
    out: list[Any] = []
    for cells in zip(*(column.tolist() for column in columns), strict=True):
        try:
            item = made[cells]
        except KeyError:
            item = made[cells] = build(*cells)
        except TypeError:  # an unhashable cell
            item = build(*cells)
        out.append(item)
    return out


def _timestamps(stamps: pd.Series[Any], field: attrs.Attribute[Any]) -> list[datetime]:
    """Aware Python datetimes as the field's converter makes them; its validator judges one per UTC offset.

    The converter (:func:`~custinteract._time.fixed_offset`) is applied to the
    whole column at once when it holds one offset (the usual case), else row
    by row, so the values equal the constructor's.
    """
    utc = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    offsets = (stamps.dt.tz_localize(None) - utc).to_numpy()
    _, first = np.unique(offsets, return_index=True)
    convert = field.converter
    if convert is not None and len(first) == 1:  # one offset: the column in that fixed zone
        offset = pd.Timedelta(offsets[first[0]]).to_pytimedelta()
        stamps = stamps.dt.tz_convert(timezone(offset))
        convert = None
    values: list[datetime] = stamps.dt.to_pydatetime().tolist()
    if convert is not None:
        values = [convert(value) for value in values]  # type: ignore[operator]
    for position in first.tolist():
        field.validator(None, field, values[position])  # type: ignore[misc]
    return values


def _resolved(values: pd.Series[Any]) -> list[Any]:
    if values.dtype == bool:
        flags: list[Any] = values.tolist()
        return flags
    return [None if is_missing(value) else bool(value) for value in values.tolist()]


def interactions_from_normalized(out: pd.DataFrame) -> list[Interaction] | None:
    """Interaction values of a frame :func:`~custinteract._tabular.normalize_interactions` gave.

    Each column is checked once, vectorised or once per distinct value, by the
    same rules the constructor applies (the ids and enum columns were checked
    by the normalisation; the optional ids and every timestamp's offset by the
    field's own validator; ratings and gestures by their own constructors, once
    per distinct set of cells, and shared between rows as the frozen values
    they are); then each value is assembled without checking again. ``None``
    when some cell is refused: the caller then builds row by row, which finds
    the first refused cell and words the error as the constructor does.
    """
    fields = attrs.fields_dict(Interaction)
    setters = field_setters(Interaction)
    if setters is None:
        return None
    try:
        rated = out["rating_value"].notna() | out["rating_scale"].notna()
        ratings: list[Any] = [None] * len(out)
        if rated.any():
            chosen = _cached(
                rating_from_cells, out["rating_value"][rated], out["rating_scale"][rated]
            )
            for position, rating in zip(
                np.flatnonzero(rated.to_numpy()).tolist(), chosen, strict=True
            ):
                ratings[position] = rating
        gestured = out["gesture_kind"].notna()
        gestures: list[Any] = [None] * len(out)
        if gestured.any():
            made = _cached(
                gesture_from_cells,
                out["gesture_kind"][gestured],
                out["gesture_value"][gestured],
                out["gesture_answers"][gestured],
            )
            for position, gesture in zip(
                np.flatnonzero(gestured.to_numpy()).tolist(), made, strict=True
            ):
                gestures[position] = gesture
        columns = (
            out["id"].tolist(),
            out["customer_id"].tolist(),
            _timestamps(out["timestamp"], fields["timestamp"]),
            _members(out["sentiment"], Sentiment),
            _members(out["channel"], Channel),
            _members(out["kind"], InteractionKind),
            _members(out["direction"], Direction),
            _optional_texts(out["staff_id"], fields["staff_id"]),
            ratings,
            _optional_texts(out["category"], fields["category"]),
            gestures,
            _resolved(out["resolved"]),
        )
    except Exception:  # a refused cell (or a rule that needs the whole value): row by row
        return None
    return _assemble(setters, columns)


def _assemble(
    setters: dict[str, Callable[[Any, Any], None]], columns: tuple[list[Any], ...]
) -> list[Interaction]:
    """Store checked cells in bare Interaction values (see :func:`~custinteract._models.field_setters`)."""
    (
        set_id,
        set_customer,
        set_time,
        set_sentiment,
        set_channel,
        set_kind,
        set_direction,
        set_staff,
        set_rating,
        set_category,
        set_gesture,
        set_resolved,
        set_metadata,
    ) = setters.values()
    new = object.__new__
    empty = EMPTY_MAP
    built: list[Interaction] = []
    append = built.append
    for (
        ident,
        customer,
        stamp,
        sentiment,
        channel,
        kind,
        direction,
        staff,
        rating,
        category,
        gesture,
        resolved,
    ) in zip(*columns, strict=True):
        value = new(Interaction)
        set_id(value, ident)
        set_customer(value, customer)
        set_time(value, stamp)
        set_sentiment(value, sentiment)
        set_channel(value, channel)
        set_kind(value, kind)
        set_direction(value, direction)
        set_staff(value, staff)
        set_rating(value, rating)
        set_category(value, category)
        set_gesture(value, gesture)
        set_resolved(value, resolved)
        set_metadata(value, empty)
        append(value)
    return built
