"""CSV and Parquet input through pandas: text cells typed, rows built by the frame functions.

A CSV file has a header row and one record per line, so row ``n`` (from 0) is
line ``n + 2``; cells are read as text, then datetimes (ISO 8601 with an
offset), numbers and flags (``true``/``false``, ``yes``/``no``, ``1``/``0``)
are converted cell by cell so that a bad cell names its line. Parquet columns
keep their types; a text column is converted the same way. Interactions and
customers are built by :mod:`custinteract.frames` (an interactions column that
is not one of :data:`~custinteract.frames.INTERACTION_COLUMNS` becomes metadata,
as text; a customers one an attribute); staff and staff events row by row
through :func:`custinteract.from_dict`.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from typing import Any

import attrs
import pandas as pd

import custinteract as ci
from custinteract.frames import (
    INTERACTION_COLUMNS,
    customers_from_frame,
    interactions_from_frame,
)

from ._problems import CommandError, InputFileError, from_invalid, row_and_field
from ._read import KINDS, Loaded

__all__ = ["read_table"]

_DATETIMES = {
    "interactions": ("timestamp",),
    "customers": ("created", "became_customer", "churned"),
    "staff": ("hired",),
    "staff_events": ("timestamp",),
}
_NUMBERS = ("rating_value", "gesture_value", "score")
_FLAGS = ("resolved", "consent", "do_not_contact")
_FLAG_DEFAULTS = {"consent": False, "do_not_contact": False}
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_INTEGER = re.compile(r"^[+-]?\d+$")


def read_table(path: str, kind: str, suffix: str) -> Loaded:
    """The values of a CSV or Parquet file of ``kind`` (a key of :data:`KINDS`)."""
    where: Callable[[int], str]
    if suffix == ".csv":
        frame = _read_csv(path)
        header = f"{path}:1"

        def where(row: int) -> str:
            return f"{path}:{row + 2}"

    else:
        frame = _read_parquet(path)
        header = path

        def where(row: int) -> str:
            return f"{path}: row {row + 1}"

    frame = _typed(frame, kind, where)
    try:
        values = _build(frame, kind, where)
    except ci.InvalidInputError as exc:
        row, field = row_and_field(exc.field)
        if kind == "interactions" and row is not None:
            field = _column_of(frame, row, field)
        raise from_invalid(header if row is None else where(row), exc, field) from None
    return Loaded(path, values, lambda i: path)


def _read_csv(path: str) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding="utf-8",
        )
    except pd.errors.EmptyDataError:
        raise InputFileError(f"{path}:1", "$", "expected a header row, got an empty file") from None
    except pd.errors.ParserError as exc:
        raise InputFileError(path, "$", f"not a readable CSV file ({exc})") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(path, "$", f"not UTF-8 text ({exc.reason})") from None
    return frame


def _read_parquet(path: str) -> pd.DataFrame:
    if importlib.util.find_spec("pyarrow") is None:
        raise CommandError(
            f"{path}: reading Parquet files needs pyarrow, in the optional extra 'frames':"
            " python -m pip install 'custinteract[frames]'"
        )
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise InputFileError(path, "$", f"not a readable Parquet file ({exc})") from None
    # A stored index is kept as a column if it has a name, dropped otherwise: rows count from 0.
    named = any(name is not None for name in frame.index.names)
    rows: pd.DataFrame = frame.reset_index(drop=not named)
    return rows


def _is_text(values: pd.Series[Any]) -> bool:
    return values.dtype == object or isinstance(values.dtype, pd.StringDtype)


def _typed(frame: pd.DataFrame, kind: str, where: Callable[[int], str]) -> pd.DataFrame:
    """A copy with text datetimes, numbers and flags converted; a bad cell names its row."""
    out: pd.DataFrame = frame.copy()
    stamps = _DATETIMES[kind] if kind in ("interactions", "customers") else ()
    for column in out.columns:
        values = out[column]
        if not isinstance(column, str) or not _is_text(values):
            continue
        if column in stamps:
            out[column] = _convert(values, column, where, _datetime)
            out[column] = pd.to_datetime(out[column], utc=True)
        elif column in _NUMBERS:
            out[column] = _convert(values, column, where, _number)
        elif column in _FLAGS:
            converted = _convert(values, column, where, _flag)
            if column in _FLAG_DEFAULTS:
                converted = converted.map(
                    lambda flag, c=column: _FLAG_DEFAULTS[c] if flag is None else flag
                )
            out[column] = converted
    return out


def _convert(
    values: pd.Series[Any],
    column: str,
    where: Callable[[int], str],
    convert: Callable[[str, str], Any],
) -> pd.Series[Any]:
    converted: list[Any] = []
    for row, cell in enumerate(values.tolist()):
        if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NA:
            converted.append(None)
            continue
        try:
            converted.append(convert(cell, column))
        except ci.InvalidInputError as exc:
            raise from_invalid(where(row), exc, column) from None
    series: pd.Series[Any] = pd.Series(converted, index=values.index, dtype=object)
    return series


def _datetime(cell: Any, column: str) -> Any:
    return ci.parse_datetime(cell, column)


def _number(cell: Any, column: str) -> Any:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    text = str(cell).strip()
    try:
        return int(text) if _INTEGER.match(text) else float(text)
    except ValueError:
        raise ci.InvalidInputError(column, cell, "a number") from None


def _flag(cell: Any, column: str) -> Any:
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ci.InvalidInputError(column, cell, "true or false (also yes/no, 1/0)")


def _column_of(frame: pd.DataFrame, row: int, field: str) -> str:
    """The column behind a refused rating or gesture part (``value`` is in both)."""
    if field == "scale":
        return "rating_scale"
    if field in ("kind", "answers"):
        return f"gesture_{field}"
    if field != "value":
        return field
    record = frame.iloc[row]
    if _missing(record.get("rating_value")) and _missing(record.get("rating_scale")):
        return "gesture_value"
    try:
        ci.Rating(value=record["rating_value"], scale=ci.RatingScale(record["rating_scale"]))
    except (ci.InvalidInputError, ValueError, KeyError):
        return "rating_value"
    return "gesture_value"


def _build(frame: pd.DataFrame, kind: str, where: Callable[[int], str]) -> tuple[Any, ...]:
    if kind == "interactions":
        return _with_metadata(interactions_from_frame(frame), frame)
    if kind == "customers":
        return customers_from_frame(frame)
    cls = KINDS[kind]
    values = []
    for row, record in enumerate(frame.to_dict("records")):
        document = {str(k): _plain(v) for k, v in record.items() if not _missing(v)}
        try:
            values.append(ci.from_dict(cls, document))
        except ci.InvalidInputError as exc:
            raise from_invalid(where(row), exc) from None
    return tuple(values)


def _with_metadata(
    interactions: tuple[ci.Interaction, ...], frame: pd.DataFrame
) -> tuple[ci.Interaction, ...]:
    """Columns other than :data:`INTERACTION_COLUMNS` become each interaction's metadata (text)."""
    extra = [c for c in frame.columns if c not in INTERACTION_COLUMNS]
    if not extra:
        return interactions
    metadata: dict[str, dict[str, str]] = {}
    for record in frame[["id", *extra]].to_dict("records"):
        metadata.setdefault(
            str(record["id"]),
            {str(c): str(_plain(record[c])) for c in extra if not _missing(record[c])},
        )
    return tuple(
        attrs.evolve(i, metadata=metadata[i.id]) if metadata.get(i.id) else i for i in interactions
    )


def _missing(value: Any) -> bool:
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


def _plain(value: Any) -> Any:
    """A cell as a JSON document holds it: timestamps as ISO text, NumPy scalars as Python."""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
