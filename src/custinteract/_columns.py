"""How each column of an interactions frame is read and checked: ids, timestamps, ratings.

One rule per column, shared by every frame function through
:func:`custinteract._tabular.normalize_interactions` (and by the customers
frames for ids): integer and categorical ids become text, naive timestamps are
localized only when asked (``tz=``), a missing rating is no rating, and a
missing sentiment is read from the rating. Every refusal names the column and
the row, with the models' own message.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

import numpy as np
import pandas as pd

from ._errors import InvalidInputError
from ._frames_arrow import arrow_text as arrow_text  # the names other modules import from here
from ._frames_arrow import arrow_text_chunks, blank_suspects, ids_unique
from ._frames_arrow import factorize_text as factorize_text
from ._frames_arrow import is_arrow_text as is_arrow_text
from ._frames_cells import (  # the names other modules import from here
    gesture_from_cells,
    interactions_from_normalized,
    is_missing,
    rating_from_cells,
)
from ._models import RatingScale, Sentiment
from ._validators import BLANK_CHARACTERS, is_blank

__all__ = [
    "aware_timestamps",
    "checked_ids",
    "fill_ratings",
    "first_row",
    "gesture_from_cells",
    "ids_as_text",
    "ids_unique",
    "interactions_from_normalized",
    "is_missing",
    "localized",
    "not_text",
    "rating_from_cells",
    "refuse_off_scale",
]

_NAIVE_HINT = (
    "a timezone-aware datetime64 column (localize it first with "
    "df['timestamp'].dt.tz_localize('UTC') or pass {name}=...)"
)
_SUB_MICROSECOND = (
    "a timestamp in whole microseconds, as a datetime holds it (this one has nanoseconds:"
    " round them first, e.g. df['timestamp'].dt.floor('us'))"
)


def ids_as_text(values: pd.Series[Any]) -> pd.Series[Any]:
    """An id column as the models take it: integers as their decimal text.

    Strings are left as they are; integer values (not booleans) become
    ``str(int(value))``; a categorical column becomes its categories under
    the same rule. Anything else (floats, missing values, blanks) is left for
    the id check to refuse. The one rule every frame reader uses for ids.

    >>> import pandas as pd
    >>> ids_as_text(pd.Series([7, 12])).tolist()
    ['7', '12']
    >>> ids_as_text(pd.Series([3, 3, 5]).astype("category")).tolist()
    ['3', '3', '5']
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = ids_as_text(pd.Series(values.cat.categories, dtype=object)).to_numpy(object)
        codes = values.cat.codes.to_numpy()
        texts = np.where(codes >= 0, categories[np.maximum(codes, 0)], None)
        return pd.Series(texts, index=values.index, dtype=object)
    if pd.api.types.is_bool_dtype(dtype):
        return values
    if pd.api.types.is_integer_dtype(dtype):
        if isinstance(dtype, np.dtype):
            decimal = values.astype(str).to_numpy(dtype=object)
            as_text: pd.Series[Any] = pd.Series(decimal, index=values.index, dtype=object)
            return as_text
        nullable: pd.Series[Any] = values.astype(object).map(_integer_text)
        return nullable
    if dtype == np.dtype(object) and pd.api.types.infer_dtype(values, skipna=True) in (
        "integer",
        "mixed-integer",
    ):
        return values.map(_integer_text)
    return values


def _integer_text(value: Any) -> Any:
    """An integer (not a bool) as its decimal text; any other value as it is."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return str(int(value))
    return value


def checked_ids(values: pd.Series[Any], name: str) -> pd.Series[Any]:
    """The id column under :func:`ids_as_text`; the first id the models refuse raises."""
    values = ids_as_text(values)
    bad = not_text(values)
    if bad.any():
        row, value = first_row(bad, values)
        expected = "a non-blank string"
        if isinstance(value, float) and value == value:
            expected = (
                "a non-blank string or an integer (this column holds floats: "
                f"read it as text, e.g. pd.read_csv(..., dtype={{{name!r}: str}}))"
            )
        raise InvalidInputError(f"{name}[{row!r}]", value, expected)
    return values


def aware_timestamps(
    stamps: pd.Series[Any], tz: tzinfo | str | None, *, tz_name: str = "tz"
) -> pd.Series[Any]:
    """Timestamps as an aware column: naive ones localized to ``tz``, or refused.

    ``tz_name`` is the parameter that carries ``tz`` in the caller (named in
    messages). A value with nanoseconds is refused: a
    :class:`~datetime.datetime` holds microseconds, so the object path would
    drop them and the two paths would order such rows differently.
    """
    if tz is not None and not isinstance(tz, (str, tzinfo)):
        raise InvalidInputError(tz_name, tz, "a tzinfo, a time zone name such as 'UTC', or None")
    if not isinstance(stamps.dtype, pd.DatetimeTZDtype):
        if tz is None or not pd.api.types.is_datetime64_dtype(stamps.dtype):
            raise InvalidInputError(
                "timestamp", str(stamps.dtype), _NAIVE_HINT.format(name=tz_name)
            )
        try:
            stamps = stamps.dt.tz_localize(tz)
        except Exception as exc:  # unknown zone name, or a wall time the zone skips or repeats
            raise InvalidInputError(
                tz_name, tz, f"a zone in which every timestamp exists once ({exc})"
            ) from exc
    if stamps.isna().any():
        row, _ = first_row(stamps.isna(), stamps)
        raise InvalidInputError(f"timestamp[{row!r}]", None, "a timestamp")
    if stamps.dt.unit == "ns":
        nanos = pd.Series(stamps.array.asi8 % 1000 != 0, index=stamps.index)
        if nanos.any():
            row, value = first_row(nanos, stamps)
            raise InvalidInputError(f"timestamp[{row!r}]", str(value), _SUB_MICROSECOND)
    return stamps


def localized(frame: Any, columns: Mapping[str, str] | None, tz: Any, tz_name: str) -> Any:
    """``frame`` with its naive timestamp column localized to ``tz`` (pandas or Dask).

    What a frame function's ``tz`` (``timestamps_tz`` where ``tz`` is a
    calendar's zone) does before reading: nothing when the column is missing,
    already aware or not datetimes (the reader then says what is wrong); a
    naive column without ``tz`` is refused, naming ``tz_name``. The input is
    never modified.
    """
    if tz is not None and not isinstance(tz, (str, tzinfo)):
        raise InvalidInputError(tz_name, tz, "a tzinfo, a time zone name such as 'UTC', or None")
    name = (columns or {}).get("timestamp", "timestamp")
    if not hasattr(frame, "columns") or name not in frame.columns:
        return frame
    stamps = frame[name]
    if isinstance(stamps.dtype, pd.DatetimeTZDtype) or not pd.api.types.is_datetime64_dtype(
        stamps.dtype
    ):
        return frame
    if tz is None:
        raise InvalidInputError("timestamp", str(stamps.dtype), _NAIVE_HINT.format(name=tz_name))
    if isinstance(frame, pd.DataFrame):
        return frame.assign(**{name: aware_timestamps(stamps, tz, tz_name=tz_name)})
    return frame.assign(**{name: stamps.dt.tz_localize(tz)})


def fill_ratings(out: pd.DataFrame, given: list[Any] | None, *, unrated: bool = False) -> None:
    """A missing rating value means no rating; a missing sentiment comes from the rating.

    Works in place on the normalized frame: ``rating_scale`` is cleared where
    ``rating_value`` is missing, and each missing ``sentiment`` is derived with
    the bounds of :func:`~custinteract.sentiment_from_rating`, vectorised.
    ``given`` is the input's column names when it had no sentiment column
    (None when it had one), for the message about a row with neither.
    ``unrated`` says that both rating columns are known to be all missing
    (added by the normalization): there is no scale to clear.
    """
    unvalued = np.zeros(0, dtype=bool) if unrated else out["rating_value"].isna().to_numpy(bool)
    if unvalued.any() and out["rating_scale"].notna().to_numpy(dtype=bool)[unvalued].any():
        scales = out["rating_scale"].astype(object)
        scales[unvalued] = None
        out["rating_scale"] = scales
    need = out["sentiment"].isna().to_numpy(dtype=bool)
    if not need.any():
        return
    moods = out["sentiment"].astype(object).to_numpy(copy=True)
    numbers = pd.to_numeric(out["rating_value"], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    scales_now = out["rating_scale"]
    for scale in RatingScale:
        mask = need & scales_now.eq(scale.value).fillna(False).to_numpy(dtype=bool)
        if not mask.any():
            continue
        chosen = numbers[mask]
        refuse_off_scale(out, mask, chosen, scale)
        moods[mask] = np.where(
            chosen <= scale.negative_at_most,
            Sentiment.NEGATIVE.value,
            np.where(
                chosen >= scale.positive_from, Sentiment.POSITIVE.value, Sentiment.NEUTRAL.value
            ),
        )
    left = pd.Series(moods, index=out.index, dtype=object)
    if left.isna().any():
        row, value = first_row(left.isna(), left)
        if given is not None:  # no sentiment column at all: say so, as without ratings
            raise InvalidInputError(
                "sentiment",
                given,
                "a column named 'sentiment' (or mapped to it), or a rating (value and scale)"
                f" on every row to derive it from (row {row!r} has none)",
            )
        raise InvalidInputError(
            f"sentiment[{row!r}]",
            value,
            "a sentiment, or a rating (value and scale) to derive it from",
        )
    out["sentiment"] = left


def _blank(value: Any) -> bool:
    """The model's own rule for ids: anything but a non-blank string is refused."""
    return not isinstance(value, str) or is_blank(value)


def not_text(values: pd.Series[Any]) -> pd.Series[bool]:
    """Rows whose value the models would refuse as an id, judged column-wise where possible.

    A string column is checked in C: only rows that are missing, empty or start
    with whitespace can be blank, and only those go through :func:`_blank`, so
    the answer is exactly the models' at a fraction of the cost.
    """
    text = isinstance(values.dtype, pd.StringDtype) or (
        pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
    )
    if not text:
        every: pd.Series[bool] = values.map(_blank).astype(bool)
        return every
    bad: pd.Series[bool] = pd.Series(False, index=values.index)
    chunks = arrow_text_chunks(values)
    if chunks is not None and not chunks:  # an empty column may hold no chunk at all
        return bad
    if chunks is not None:
        # Arrow text: read each value's length and first byte from the buffers; only a
        # missing or empty value, or one whose first byte can begin a blank character,
        # goes through :func:`_blank`
        suspect = np.concatenate([blank_suspects(chunk) for chunk in chunks])
        if suspect.any():
            bad[suspect] = values[suspect].map(_blank).astype(bool).to_numpy()
        return bad
    if values.dtype == object:
        # Python strings: str.strip over the list runs in C; only a column with a
        # missing or blank value needs the row-by-row answer.
        if values.hasnans or not all(
            map(str.strip, values.tolist(), itertools.repeat(BLANK_CHARACTERS))
        ):
            every = values.map(_blank).astype(bool)
            return every
        return bad
    # one pass over the text: the first character is blank, or there is none
    first = values.str.slice(0, 1).isin([*BLANK_CHARACTERS, ""])
    suspect = values.isna().to_numpy() | first.to_numpy(dtype=bool, na_value=False)
    if suspect.any():
        bad[suspect] = values[suspect].map(_blank).astype(bool).to_numpy()
    return bad


def first_row(mask: pd.Series[bool], values: pd.Series[Any]) -> tuple[Any, Any]:
    """The index label and value of the first row where ``mask`` is true."""
    position = int(mask.to_numpy().argmax())
    label, value = values.index[position], values.iloc[position]
    # NumPy scalars would show as np.int64(3) in messages: use the Python value.
    label = label.item() if isinstance(label, np.generic) else label
    value = value.item() if isinstance(value, np.generic) else value
    return label, value


def refuse_off_scale(
    frame: pd.DataFrame, mask: np.ndarray, values: np.ndarray, scale: RatingScale
) -> None:
    """Refuse the first of ``values`` (the rows of ``frame`` where ``mask``) not an integer on ``scale``.

    The frames' one check of rating values, with the models' message.
    """
    bad = ~np.isfinite(values) | (values != np.round(values))
    bad |= (values < scale.low) | (values > scale.high)
    if bad.any():
        row = frame.index[np.flatnonzero(mask)[int(np.argmax(bad))]]
        raise InvalidInputError(
            f"rating_value[{row!r}]",
            frame.at[row, "rating_value"],
            f"an integer from {scale.low} to {scale.high} on the {scale.value} scale",
        )
