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
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timezone, tzinfo
from functools import partial
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ._errors import InvalidInputError
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


def ids_unique(values: pd.Series[Any]) -> bool:
    """Whether a column of ids (already checked) holds no value twice; exact.

    For text stored as Arrow strings, each value is first reduced to a 64-bit
    hash of its bytes, read straight from the Arrow buffers: equal ids have
    equal hashes, so when the hashes are all distinct so are the ids. When two
    hashes are equal (a repeated id, or very rarely two ids that share a hash)
    the text itself is compared. Any other column is compared as it is.

    >>> import pandas as pd
    >>> ids_unique(pd.Series(["a", "b"], dtype="str")), ids_unique(pd.Series(["a", "a"], dtype="str"))
    (True, False)
    """
    chunks = _arrow_text_chunks(values)
    if chunks is not None and len(values) > 1 and not any(chunk.null_count for chunk in chunks):
        hashes = np.concatenate([_text_hashes(chunk) for chunk in chunks])
        if _distinct(hashes):
            return True
    return bool(values.is_unique)


def _distinct(hashes: np.ndarray) -> bool:
    """Whether well-mixed 64-bit hashes are all distinct.

    Each hash falls in one of about twice as many buckets as there are
    hashes (some of its bits); a count per bucket is one cheap pass, and only
    the hashes that share a bucket (about two in five) can be equal. Those go
    through the same sieve again on the next bits, until few are left (or
    the sieve stops thinning them, as when some are equal), and only those
    few go through a hash table: about a third of the time of putting them
    all in one, and a smaller peak of memory. Equal hashes share every
    bucket, so they are never sieved out.
    """
    shift = 64  # the bits above ``shift`` have been used
    while len(hashes) > _SIEVED_ENOUGH:
        bits = (len(hashes) - 1).bit_length() + 1
        if bits > shift:
            break
        shift -= bits
        buckets = (hashes >> np.uint64(shift)).astype(np.intp) & ((1 << bits) - 1)
        crowded = (np.bincount(buckets, minlength=1 << bits) > 1)[buckets]
        del buckets
        thinned = len(hashes)
        hashes = hashes[crowded]
        if 2 * len(hashes) > thinned:  # not thinning: some are equal
            break
    return len(pd.unique(hashes)) == len(hashes)


_SIEVED_ENOUGH = 1 << 16
"""Few enough hashes for :func:`_distinct` to put in a hash table."""


# splitmix64's finalizer (Steele, Lea and Flood 2014), which spreads each bit of
# its input over the whole word; the golden-ratio constant seeds a value's length.
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_WORD_MASKS = np.array(
    [0, *((1 << (8 * count)) - 1 for count in range(1, 8)), (1 << 64) - 1], dtype=np.uint64
)  # _WORD_MASKS[n]: the low n bytes of a word (n = 8: all of it)


def _mixed(word: np.ndarray, scratch: np.ndarray | None = None) -> np.ndarray:
    """splitmix64's finalizer applied to each word, in place (``scratch``: a spare array as long)."""
    if scratch is None:
        scratch = np.empty_like(word)
    for shift, factor in ((30, _MIX_1), (27, _MIX_2), (31, None)):
        word ^= np.right_shift(word, np.uint64(shift), out=scratch)
        if factor is not None:
            word *= factor
    return word


def _text_hashes(chunk: Any) -> np.ndarray:
    """A 64-bit hash of each value of an Arrow string chunk: its length, then its bytes eight at a time.

    A function of the value's bytes alone (not of where they sit in the
    buffer), vectorised over the rows: pass ``k`` reads every value's bytes
    ``8k`` to ``8k + 7`` as one little-endian word (an unaligned view of the
    buffer), keeps the bytes the value has, and mixes the word in. The mixed
    lengths are looked up (a chunk has few lengths), and the words are read
    in one gather, save the last few, which would run past the buffer and
    are read from a zero-padded copy of its end.
    """
    bounds, text = _text_buffers(chunk)
    starts, lengths = bounds[:-1], np.diff(bounds)
    end = int(bounds[-1]) if len(bounds) else 0
    longest = int(lengths.max()) if len(lengths) else 0
    hashes = _mixed(np.arange(longest + 1, dtype=np.uint64) * _GOLDEN)[lengths]
    if longest == 0:
        return hashes
    shortest = int(lengths.min())
    # every word that fits before ``end``, one per byte position, without copying
    words = np.ndarray((max(end - 7, 0),), dtype="<u8", buffer=text, strides=(1,))
    # the last bytes, zero-padded, for the words that would run past ``end``
    tail_from = max(end - 8, 0)
    tail = np.zeros(24, dtype=np.uint8)
    tail[: end - tail_from] = text[tail_from:end]
    tail_words = np.ndarray((17,), dtype="<u8", buffer=tail, strides=(1,))
    scratch = np.empty(len(lengths), dtype=np.uint64)
    for skip in range(0, longest, 8):
        positions = starts + skip if skip else starts
        inside = int(np.searchsorted(positions, end - 7))  # positions rise: the rest run past
        if inside == len(positions):
            word = words[positions]
        else:
            word = np.empty(len(positions), dtype=np.uint64)
            word[:inside] = words[positions[:inside]]
            # a position past the padding belongs to a value already read whole: its word is masked
            word[inside:] = tail_words[np.minimum(positions[inside:] - tail_from, 16)]
        if longest - skip <= 8 and skip == 0:  # every value ends in this word
            word &= _WORD_MASKS[lengths]
        else:
            kept = lengths - skip  # bytes of the word that belong to the value
            word &= _WORD_MASKS[np.clip(kept, 0, 8, out=kept)]
        word ^= hashes
        _mixed(word, scratch)
        # only the values this long take another round: a value's hash must not
        # depend on the longest value of its chunk (a frame's chunks differ)
        if shortest > skip:
            hashes = word
        else:
            np.copyto(hashes, word, where=lengths > skip)
    return hashes


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
    chunks = _arrow_text_chunks(values)
    if chunks is not None:
        # Arrow text: read each value's length and first byte from the buffers; only a
        # missing or empty value, or one whose first byte can begin a blank character,
        # goes through :func:`_blank`
        suspect = np.concatenate([_blank_suspects(chunk) for chunk in chunks])
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


# The first bytes (UTF-8) a blank character can begin with: a value starting with
# any other byte has a non-blank first character, so it is not blank.
_BLANK_LEADS = np.zeros(256, dtype=bool)
_BLANK_LEADS[[char.encode()[0] for char in BLANK_CHARACTERS]] = True


def is_arrow_text(dtype: Any) -> bool:
    """Whether a pandas dtype is text stored as Arrow strings (pandas' default for text)."""
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def arrow_text(values: pd.Series[Any]) -> Any:
    """The Arrow chunked array behind a pandas text column stored as Arrow strings, else None."""
    return values.array.__arrow_array__() if is_arrow_text(values.dtype) else None


def factorize_text(values: Any) -> tuple[np.ndarray[Any, Any], list[Any]]:
    """Integer codes of a column (-1 where missing) and its distinct values, as ``pd.factorize``.

    ``values`` is a pandas array (or a NumPy one). Arrow-backed text takes a
    shorter road: one ``dictionary_encode`` in which a missing value has a
    code of its own, read without copying and mapped to -1 through a table of
    the few distinct values, rather than a mask filled in and the codes
    widened.

    >>> codes, distinct = factorize_text(pd.array(["b", None, "a", "b"], dtype="str"))
    >>> codes.tolist(), distinct
    ([0, -1, 1, 0], ['b', 'a'])
    """
    if not is_arrow_text(values.dtype):
        codes, uniques = pd.factorize(values)
        return codes, list(uniques)
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    encoded = pc.dictionary_encode(values.__arrow_array__(), null_encoding="encode")
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks != 1 else encoded.chunk(0)
    arrow_codes: np.ndarray[Any, Any] = encoded.indices.to_numpy()
    distinct: list[Any] = encoded.dictionary.to_pylist()
    if None not in distinct:
        return arrow_codes, distinct
    missing = distinct.index(None)
    table = np.arange(
        -1, len(distinct) - 1, dtype=np.int64
    )  # codes after the missing one move down
    table[: missing + 1] += 1
    table[missing] = -1
    return table[arrow_codes], distinct[:missing] + distinct[missing + 1 :]


def _arrow_text_chunks(values: pd.Series[Any]) -> list[Any] | None:
    """The Arrow chunks of a pandas text column stored as Arrow strings, else None."""
    chunked = arrow_text(values)
    if chunked is None:
        return None
    chunks: list[Any] = list(chunked.chunks)
    if not all(str(chunk.type) in ("string", "large_string") for chunk in chunks):
        return None  # pragma: no cover - pandas stores its Arrow strings as these
    return chunks


def _text_buffers(chunk: Any) -> tuple[np.ndarray, np.ndarray]:
    """An Arrow string chunk's value offsets (int64, one more than values) and its bytes."""
    _, offsets, data = chunk.buffers()
    if offsets is None:  # no values at all
        return np.zeros(len(chunk) + 1, dtype=np.int64), np.zeros(0, np.uint8)
    width = np.int64 if str(chunk.type) == "large_string" else np.int32
    bounds = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
    text = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return bounds.astype(np.int64, copy=False), text


def _blank_suspects(chunk: Any) -> np.ndarray:
    """Rows of an Arrow string chunk that may be blank: missing, empty, or a blank-capable first byte."""
    bounds, text = _text_buffers(chunk)
    starts = bounds[:-1]
    suspect: np.ndarray = starts == bounds[1:]  # empty
    if len(text):
        if len(starts) and starts[-1] >= len(text):  # empty values at the very end
            starts = np.minimum(starts, len(text) - 1)
        suspect |= _BLANK_LEADS[text[starts]]
    if chunk.null_count:
        suspect |= np.asarray(chunk.is_null(), dtype=bool)
    return suspect


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


# ----------------------------------------------------------------------------- frame to values


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


# ----------------------------------------------------------------------------- the ids' check, alongside


IDS_ALONGSIDE_FROM = 200_000
"""The length from which :class:`IdsCheck` checks the ids on a thread of its own."""


class IdsCheck:
    """:func:`ids_unique` of a column, learnt alongside the caller's other work.

    The check reads only its column (immutable Arrow buffers or NumPy arrays)
    and its passes (NumPy loops, the hash table of ``pd.unique``) run without
    Python's global lock, so on a second core it takes no time from the
    reading of the other columns. The thread is started here and always
    joined by :meth:`answer` or :meth:`wait`, within the one call that made
    it; the answer is the same as :func:`ids_unique`'s, however the two
    threads are scheduled. A column shorter than :data:`IDS_ALONGSIDE_FROM`
    is checked when the answer is asked for, where a thread would cost more
    than it saves.
    """

    __slots__ = ("_answer", "_check", "_thread")

    def __init__(self, values: pd.Series[Any], check: Callable[[pd.Series[Any]], bool]) -> None:
        self._answer: list[Any] = []
        self._check = partial(check, values)
        self._thread: threading.Thread | None = None
        if len(values) >= IDS_ALONGSIDE_FROM:
            self._thread = threading.Thread(target=self._run, name="custinteract ids check")
            self._thread.start()

    def _run(self) -> None:
        try:
            self._answer.append(self._check())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by answer()
            self._answer.append(exc)

    def wait(self) -> None:
        """Wait for the thread, if there is one (the caller is leaving with an error)."""
        if self._thread is not None:
            self._thread.join()

    def answer(self) -> bool:
        """The check's answer (its error, if it raised one)."""
        if self._thread is None:
            return self._check()
        self._thread.join()
        (found,) = self._answer
        if isinstance(found, BaseException):
            raise found
        return bool(found)
