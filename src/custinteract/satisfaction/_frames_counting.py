"""The counting kernels of the satisfaction frames: rows to (group, period, rating cell) counts.

Whole-column NumPy passes over factorised integer codes, shared by the pandas
path (:mod:`.frames`) and the polars path (:mod:`._frames_polars`):
:func:`_table_cells` places each row in its cell with one look-up in a table
of every (scale, sentiment, value) made from the cell layout
(:func:`_rating_cells` does it from per-scale tables where the codes are not
the enums' own), :func:`_period_codes` finds each row's period once per
distinct local day, and :func:`_tally` counts the combinations of codes with
one ``bincount``. The kernels take NumPy arrays, so any DataFrame library can
feed them its own codes. Enum columns of a normalised frame, whose values the
normalization has checked, are read as codes straight from their Arrow
buffers (:func:`_enum_codes`), not hashed a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta, timezone, tzinfo
from typing import Any, cast

import numpy as np
import pandas as pd

from .._columns import refuse_off_scale
from .._errors import InvalidInputError
from .._frames_arrow import checked_text_codes, factorize_text
from .._models import RatingScale, Sentiment
from .._tabular import ENUM_COLUMNS
from .._time import Frequency
from ._counts import SCALE_OFFSET, SENTIMENT_CELL

_PERIOD = "period_start"
_CELL = "_cell"
_N = "_n"
_OUTSIDE = -1
_REPEATS = -2
"""The cell of a count's one row of identical repeats (ignored), keys missing."""
# The cell layout of the object path (``_counts.SCALE_OFFSET``, ``SENTIMENT_CELL``),
# the sentiment keyed by its text as it is in a frame.
_MOOD_CELL = {sentiment.value: cell for sentiment, cell in SENTIMENT_CELL.items()}
_SCALE_NAMED = {scale.value: scale for scale in SCALE_OFFSET}


def _numbers(values: pd.Series) -> np.ndarray[Any, Any]:
    """Rating values for :func:`_rating_cells`: signed integers as int64, anything else as floats.

    Floats are NaN where missing or not a number (what ``pd.to_numeric``
    coerces); an integer column's missing values read as 0, or as whatever
    a nullable ``Int64`` column holds under them (rows without a rating,
    whose value is never read).
    """
    if isinstance(values.dtype, pd.Int64Dtype):  # its values as they are, read without a copy
        raw: np.ndarray[Any, Any] = values.array._values_for_argsort()
        return raw
    if pd.api.types.is_signed_integer_dtype(values.dtype):
        return values.to_numpy(dtype=np.int64, na_value=0)
    return _floats(values)


def _floats(values: pd.Series) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Rating values as floats, NaN where missing or not a number (what ``pd.to_numeric`` coerces)."""
    if not pd.api.types.is_numeric_dtype(values.dtype):  # text or objects: parsed, bad as NaN
        values = pd.to_numeric(values, errors="coerce")
    return values.to_numpy(dtype=float, na_value=np.nan)


def _enum_codes(values: pd.Series, name: str) -> tuple[np.ndarray[Any, Any], list[Any]] | None:
    """Codes and values of an enum column of a normalised frame, read without hashing, or None.

    The column was checked by the normalization to hold its enum's values
    (or missing ones), so :func:`~custinteract._frames_arrow.checked_text_codes`
    reads its codes from the Arrow buffers; the values are then the enum's,
    in its order. None where that road is closed (not Arrow text):
    :func:`~custinteract._columns.factorize_text` is the way.
    """
    known = [member.value for member in ENUM_COLUMNS[name]]
    codes = checked_text_codes(values, known)
    return None if codes is None else (codes, known)


def _cells(frame: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.signedinteger[Any]]]:
    """The rating cell of each row (int8 or int64), validating ratings as the Rating model does.

    Scales and sentiments come as codes (:func:`_enum_codes`, or factorised:
    sentiments of the unrated rows only), so each distinct text is looked up
    once, not once per row; the cells then come from :func:`_rating_cells`
    in whole-column passes.
    """
    values = frame["rating_value"]
    scales = _enum_codes(frame["rating_scale"], "rating_scale")
    scale_codes, names = scales or factorize_text(frame["rating_scale"].array)
    unrated = scale_codes < 0
    mismatch = unrated == values.notna().to_numpy()  # a scale without a value, or a value without
    if mismatch.any():
        row = frame.index[int(np.argmax(mismatch))]
        raise InvalidInputError(
            f"rating_value[{row!r}]", frame.at[row, "rating_value"], "a value and a scale together"
        )
    numbers = _numbers(values) if not unrated.all() else np.zeros(len(frame), dtype=np.int64)
    felt = _enum_codes(frame["sentiment"], "sentiment")
    if scales is not None and felt is not None and numbers.dtype.kind == "i":
        small = _table_cells(scale_codes, numbers, felt[0])
        if small is not None:
            return small
    if felt is None:
        mood_codes, moods = factorize_text(frame["sentiment"].array[unrated])
    else:
        mood_codes, moods = felt[0][unrated], felt[1]
    cells = _rating_cells(scale_codes, names, numbers, mood_codes, moods)
    if cells is None:  # the first refused value, scale by scale, worded by the one check of them
        floats = _floats(values)
        for scale in SCALE_OFFSET:  # scale by scale, in the order of the cells
            if scale.value in names:
                mask = scale_codes == names.index(scale.value)
                refuse_off_scale(frame, mask, floats[mask], scale)
        raise AssertionError("unreachable: a rating off its scale was found")  # pragma: no cover
    return cells


_LOWEST = min(scale.low for scale in SCALE_OFFSET)
_HIGHEST = max(scale.high for scale in SCALE_OFFSET)
_VALUES = _HIGHEST - _LOWEST + 3  # every value of a scale, and one below and above them all
_MOODS = len(Sentiment) + 1  # the sentiments, and none
_OFF_SCALE = -2


def _cell_table() -> np.ndarray[Any, np.dtype[np.int64]]:
    """The cell of every (scale code + 1, sentiment code + 1, value slot), as one flat table.

    Codes are positions in the enums (``RatingScale``, ``Sentiment``), -1
    where missing; a value slot is the value clipped to one below and one
    above every scale's values, less that lowest. A rated row's cell is that of
    ``SCALE_OFFSET``, :data:`_OFF_SCALE` for a value off its scale; an unrated
    row's is that of ``SENTIMENT_CELL`` (``_OUTSIDE`` without a sentiment).
    """
    table = np.full((len(SCALE_OFFSET) + 1, _MOODS, _VALUES), _OUTSIDE, dtype=np.int64)
    table[0, 1:, :] = np.array([SENTIMENT_CELL[mood] for mood in Sentiment])[:, np.newaxis]
    values = np.arange(_LOWEST - 1, _HIGHEST + 2)
    for code, scale in enumerate(RatingScale, start=1):
        on = (values >= scale.low) & (values <= scale.high)
        table[code] = np.where(on, SCALE_OFFSET[scale] + values - scale.low, _OFF_SCALE)
    flat = table.reshape(-1)
    flat.flags.writeable = False
    return flat


_CELL_TABLE = _cell_table()
_SMALL_CELL_TABLE = _CELL_TABLE.astype(np.int8)  # cells fit in a byte
_KEY_BASE = _MOODS * _VALUES + _VALUES - (_LOWEST - 1)  # the slot of codes 0, 0 and value 0


def _table_cells(
    scale_codes: np.ndarray[Any, Any],
    numbers: np.ndarray[Any, np.dtype[np.int64]],
    mood_codes: np.ndarray[Any, Any],
) -> np.ndarray[Any, np.dtype[np.int8]] | None:
    """The cell (0 to 25, int8) of each row from enum codes and integer values; None when one is off its scale.

    ``scale_codes`` and ``mood_codes`` are positions in ``RatingScale`` and
    ``Sentiment`` (-1 where missing), one per row; ``numbers`` the rating
    values (any value in a row without a rating). One look-up in
    :func:`_cell_table` per row: the cells of :func:`_rating_cells`.
    """
    low, high = _LOWEST - 1, _HIGHEST + 1
    if not len(numbers) or (low <= numbers.min() and numbers.max() <= high):
        key = numbers.astype(np.int16)  # small keys: a quarter of the memory traffic
    else:
        key = np.clip(numbers, low, high).astype(np.int16)
    pair = np.multiply(scale_codes, _MOODS, dtype=np.int16)  # (scale, sentiment) as one code
    pair += mood_codes
    pair *= _VALUES
    key += pair
    key += _KEY_BASE
    cells: np.ndarray[Any, np.dtype[np.int8]] = _SMALL_CELL_TABLE.take(key)
    return None if bool((cells == _OFF_SCALE).any()) else cells


_ANY_VALUE = np.iinfo(np.uint64).max


def _rating_cells(
    scale_codes: np.ndarray[Any, Any],
    scale_names: Sequence[Any],
    numbers: np.ndarray[Any, Any],
    mood_codes: np.ndarray[Any, Any],
    moods: Sequence[Any],
) -> np.ndarray[Any, np.dtype[np.int64]] | None:
    """The cell (0 to 25) of each row from factorised columns; None when a rating is off its scale.

    A NumPy kernel that any DataFrame library can feed: ``scale_codes`` index
    ``scale_names`` (rating scales as their text values; -1 where a row has
    no rating); ``numbers`` are the rating values, int64 or float64 (any
    value, NaN included, in a row without a rating);
    ``mood_codes`` index ``moods`` (sentiments as their text values), one
    code per row WITHOUT a rating, in row order. A rated row's cell is
    ``SCALE_OFFSET[scale] + value - scale.low``, an unrated row's
    ``SENTIMENT_CELL[sentiment]``: the cells of the object path's
    :func:`~custinteract.satisfaction._counts.cell_of`. A rated row whose
    value is not an integer from ``scale.low`` to ``scale.high`` (a fraction,
    NaN or an infinity included) gives None: the caller then finds and words
    the first such row. A row whose scale text is no rating scale (or whose
    sentiment code is -1) gets cell -1.

    Integer tables per scale code (one slot more for the code -1, which
    NumPy reads last): ``value - low`` is read as unsigned, so a value below
    ``low`` wraps above any scale's width and one comparison checks both bounds.
    """
    known = len(scale_names)
    first = np.full(known + 1, _OUTSIDE, dtype=np.int64)  # the cell of the scale's lowest value
    low = np.zeros(known + 1, dtype=np.int64)
    width = np.full(known + 1, _ANY_VALUE, dtype=np.uint64)  # no scale: no bound to check
    unknown = []
    for code, name in enumerate(scale_names):
        scale = _SCALE_NAMED.get(name)
        if scale is None:
            unknown.append(code)
            continue
        first[code], low[code], width[code] = SCALE_OFFSET[scale], scale.low, scale.high - scale.low
    if numbers.dtype.kind == "f":  # floats: only whole numbers can be on a scale
        whole = (numbers == np.round(numbers)) & (np.abs(numbers) <= 2.0**62)  # NaN, inf fail
        if not whole.all() and (~whole & (width[scale_codes] != _ANY_VALUE)).any():
            return None
        numbers = np.where(whole, numbers, 0.0).astype(np.int64)
    cells: np.ndarray[Any, np.dtype[np.int64]] = numbers - low[scale_codes]
    if not (cells.view(np.uint64) <= width[scale_codes]).all():
        return None
    cells += first[scale_codes]
    if len(mood_codes):
        mood_table = np.array([_MOOD_CELL[mood] for mood in moods] + [_OUTSIDE], dtype=np.int64)
        cells[scale_codes < 0] = mood_table[mood_codes]
    if unknown:
        cells[np.isin(scale_codes, unknown)] = _OUTSIDE
    return cells


_MICROSECOND = timedelta(microseconds=1)
_TICKS_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _local_days(stamps: pd.Series, zone: tzinfo) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Each timestamp's day on the calendar of ``zone``, as days since 1970-01-01 (int64 per row).

    ``stamps`` are aware. On a fixed offset (UTC among them) the offset is
    added to the UTC ticks as they are stored; another zone's wall clock is
    read after converting them to it.
    """
    per_day = _TICKS_PER_DAY[str(stamps.dt.unit)]
    if isinstance(zone, timezone):  # a fixed offset: no wall times made, one pass over the ticks
        micros = zone.utcoffset(None) // _MICROSECOND
        offset, rest = divmod(micros * per_day, _TICKS_PER_DAY["us"])
        if not rest:  # the offset in whole ticks
            days: np.ndarray[Any, np.dtype[np.int64]] = stamps.array.asi8 + offset
            days //= per_day
            return days
    local = stamps.dt.tz_convert(zone).dt.tz_localize(None).to_numpy()
    wall: np.ndarray[Any, np.dtype[np.int64]] = local.view(np.int64) // per_day
    return wall


def _period_start_days(
    days: np.ndarray[Any, np.dtype[np.int64]], frequency: Frequency
) -> np.ndarray[Any, Any]:
    """The first day (``datetime64[D]``) of the period of each day (days since 1970-01-01).

    Whole-unit truncation in NumPy (day, month, year; ISO weeks from days,
    quarters and half-years from months): the buckets of
    :func:`~custinteract.period_start` on a local calendar.
    """
    if frequency is Frequency.DAY:
        return days.astype("datetime64[D]")
    if frequency is Frequency.WEEK:  # 1970-01-01 was a Thursday: Monday is day 4 of that week
        return (days - (days + 3) % 7).astype("datetime64[D]")
    dates = days.astype("datetime64[D]")
    if frequency is Frequency.MONTH:
        return dates.astype("datetime64[M]").astype("datetime64[D]")
    if frequency is Frequency.YEAR:
        return dates.astype("datetime64[Y]").astype("datetime64[D]")
    months = dates.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    span = 3 if frequency is Frequency.QUARTER else 6
    return (months - months % span).astype("datetime64[M]").astype("datetime64[D]")


def _period_codes(
    days: np.ndarray[Any, np.dtype[np.int64]], frequency: Frequency
) -> tuple[np.ndarray[Any, np.dtype[np.intp]], np.ndarray[Any, Any]]:
    """Each row's period as a code, and the period starts the codes index (``datetime64[us]``).

    A NumPy kernel that any DataFrame library can feed with local days
    (days since 1970-01-01 on the calendar asked, see :func:`_local_days`).
    Period starts are computed once per day, not once per row: once per day
    of the calendar span from the first day to the last (or per distinct day,
    found with ``unique``, when the span far outnumbers the rows), and each
    row's code is read from a table by its day. The starts are naive
    wall-clock midnights on that calendar, in increasing order (over a span,
    a period without any of the days may be among them).
    """
    if len(days) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype="datetime64[us]")
    first = int(days.min())
    span = int(days.max()) - first + 1
    if span <= 4 * len(days) + 1024:
        starts, table = np.unique(
            _period_start_days(np.arange(first, first + span), frequency), return_inverse=True
        )
        codes: np.ndarray[Any, np.dtype[np.intp]] = table.reshape(-1).take(days - first)
    else:
        distinct, inverse = np.unique(days, return_inverse=True)
        starts, of_distinct = np.unique(
            _period_start_days(distinct, frequency), return_inverse=True
        )
        codes = of_distinct[inverse.reshape(-1)]
    return codes, starts.astype("datetime64[us]")


def _factorised(values: pd.Series) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Integer codes of a key column and its distinct values as objects (missing as None, last).

    Factorised in the column's own type (Arrow strings stay in Arrow), so only
    the distinct values become Python objects; an enum column's codes are
    read without hashing (:func:`_enum_codes`).
    """
    name = str(values.name)
    known = _enum_codes(values, name) if name in ENUM_COLUMNS else None
    return _labelled(*(known or factorize_text(values.array)))


def _labelled(
    codes: np.ndarray[Any, Any], uniques: list[Any], rows: np.ndarray[Any, Any] | None = None
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Codes of a factorised key with missing values last, and the keys' values (None last).

    With ``rows``, ``codes`` are those of distinct values and each row's is
    read through its index in ``rows``.
    """
    labels = np.empty(len(uniques) + 1, dtype=object)
    labels[: len(uniques)] = list(_as_keys(pd.Series(uniques, dtype=object)))
    labels[len(uniques)] = None
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(uniques), codes)
    return (codes if rows is None else codes[rows]), labels


def _tally(keys: list[tuple[str, np.ndarray[Any, Any], Any]]) -> pd.DataFrame:
    """Long counts of the rows' combinations of factorised keys, with one integer per row.

    Each key is ``(column, codes, uniques)``. The codes are combined in mixed
    radix into one integer per row and counted with one ``bincount`` (or
    ``unique`` when the combinations far outnumber the rows); the non-empty
    combinations are decoded back to their key values. Combinations too many
    for one integer are counted by a groupby on the codes instead.
    """
    sizes = [max(1, len(uniques)) for _, _, uniques in keys]
    rows = len(keys[0][1])
    if float(np.prod(sizes, dtype=np.float64)) >= 2.0**62:
        codes_frame = pd.DataFrame({str(k): codes for k, (_, codes, _) in enumerate(keys)})
        sized = codes_frame.groupby(list(codes_frame.columns), sort=False).size()
        parts = [sized.index.get_level_values(k).to_numpy() for k in range(len(keys))]
        counts = sized.to_numpy()
    else:
        combined = keys[0][1].astype(np.int64)  # a copy: one array of the rows, whatever the keys
        for (_, codes, _), size in zip(keys[1:], sizes[1:], strict=True):
            combined *= size  # in place
            combined += codes
        total = int(np.prod(sizes))
        if total <= 4 * rows + 1024:
            counts = np.bincount(combined, minlength=total)
            present = np.flatnonzero(counts)
            counts = counts[present]
        else:
            present, counts = np.unique(combined, return_counts=True)
        parts = []
        for size in reversed(sizes):
            parts.append(present % size)
            present = present // size
        parts.reverse()
    out = pd.DataFrame(
        {
            name: np.asarray(uniques)[codes]
            for (name, _, uniques), codes in zip(keys, parts, strict=True)
        }
    )
    for name, _, _ in keys:
        if name not in (_PERIOD, _CELL):
            out[name] = out[name].astype(object)
    out[_N] = np.asarray(counts, dtype=np.int64)
    return cast(pd.DataFrame, out)


def _as_keys(values: pd.Series) -> pd.Series:
    objects = values.astype(object)
    return cast(pd.Series, objects.where(objects.notna(), None))
