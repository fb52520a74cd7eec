"""The rows of a normalized pandas frame as the activity kernel reads them: customers and counted rows.

:func:`coded_customers` codes each row's customer (a hash pass over the
rows) and sorts only the distinct ids; :func:`counted_of` says which rows count for a policy,
reading the enum columns the normalization checked by their codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple, cast

import numpy as np
import pandas as pd

from .._frames_arrow import arrow_text, checked_text_codes, text_buffers
from .._tabular import ENUM_COLUMNS, empty_text_as_objects, normalize_then
from .._timestamps import EPOCH, epoch_micros
from ._frames_summary import US_PER_DAY, Summaries, counted_rows, holdout_of_rows, summary_of_rows
from ._policy import ActivityPolicy
from ._summary import day_number

__all__ = ["coded_customers", "counted_of", "holdout_of_frame", "summaries_of_frame", "text_order"]

_EPOCH_DAY = day_number(EPOCH)


def summaries_of_frame(
    frame: pd.DataFrame,
    as_of: datetime,
    policy: ActivityPolicy,
    columns: Mapping[str, str] | None,
) -> tuple[Summaries, pd.Index[Any]]:
    """The summaries of every customer with a row at or before ``as_of``, and their ids (sorted).

    The frame is normalized (checked) first; then only the columns the
    summaries need are read: the timestamps as microseconds, the customers
    as codes, the enum columns as the rows that count.
    """
    rows = _rows(frame, as_of, policy, columns)
    today = day_number(as_of) - _EPOCH_DAY
    summaries = summary_of_rows(rows.codes, len(rows.everyone), rows.days, rows.counted, today)
    return Summaries(*(column[rows.order] for column in summaries)), rows.everyone


def holdout_of_frame(
    frame: pd.DataFrame,
    calibration_end: datetime,
    holdout_end: datetime,
    policy: ActivityPolicy,
    columns: Mapping[str, str] | None,
) -> tuple[Summaries, np.ndarray, pd.Index[Any]]:
    """The calibration's summaries, the days observed after it, and the customers' ids (sorted).

    One normalization for both periods: every customer with a row at or
    before ``holdout_end`` (unseen in the calibration where none of theirs
    counts in it); see :func:`~._frames_summary.holdout_of_rows`.
    """
    rows = _rows(frame, holdout_end, policy, columns)
    calibrated = rows.micros <= epoch_micros(calibration_end)
    today = day_number(calibration_end) - _EPOCH_DAY
    customers = len(rows.everyone)
    summaries, observed = holdout_of_rows(
        rows.codes, customers, rows.days, rows.counted, calibrated, today
    )
    ordered = Summaries(*(column[rows.order] for column in summaries))
    return ordered, observed[rows.order], rows.everyone


class _Rows(NamedTuple):
    """The rows at or before a moment, read for the kernels (see :func:`_rows`)."""

    micros: np.ndarray
    days: np.ndarray
    counted: np.ndarray
    codes: np.ndarray
    order: np.ndarray
    everyone: pd.Index[Any]


def _rows(
    frame: pd.DataFrame, until: datetime, policy: ActivityPolicy, columns: Mapping[str, str] | None
) -> _Rows:
    """The normalized frame's rows at or before ``until``: times, days, counted, customer codes.

    They are read while the ids' distinctness is still being learnt
    (:func:`~custinteract._tabular.normalize_then`).
    """
    read = partial(_read_rows, until=until, policy=policy)
    rows: _Rows = normalize_then(empty_text_as_objects(frame), columns, read)[0]
    return rows


def _read_rows(df: pd.DataFrame, until: datetime, policy: ActivityPolicy) -> _Rows:
    """:func:`_rows` of a normalized frame."""
    # microseconds (not nanoseconds): every date a datetime holds fits
    micros = pd.DatetimeIndex(df["timestamp"]).as_unit("us").asi8
    keep = micros <= epoch_micros(until)
    ids = df["customer_id"]
    counted = counted_of(df, policy)
    if not keep.all():
        micros, ids, counted = micros[keep], ids[keep], counted[keep]
    # every customer on integer codes: one hash pass, then numpy reductions per code
    codes, order, everyone = coded_customers(ids)
    days = np.floor_divide(micros, US_PER_DAY)
    return _Rows(micros, days, counted, codes, order, everyone)


def coded_customers(ids: pd.Series[Any]) -> tuple[np.ndarray, np.ndarray, pd.Index[Any]]:
    """Each row's customer code, the order that sorts the codes' ids, and the ids so sorted.

    The ids come as an index of objects named ``customer_id``; customer
    ``order[k]`` is the ``k``-th in it. Arrow text (checked ids: none
    missing) is dictionary-encoded in one hash pass, and only the distinct
    ids are sorted, by their UTF-8 bytes (the order of Python's ``str``), so
    that a kernel's answers per customer are put in order, not its rows.
    """
    chunked = arrow_text(ids)
    if chunked is None or not len(ids) or chunked.null_count:
        codes, uniques = pd.factorize(ids, sort=True)
        return codes, np.arange(len(uniques)), _index(np.asarray(uniques, dtype=object))
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    encoded = pc.dictionary_encode(chunked)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks != 1 else encoded.chunk(0)
    order = text_order(encoded.dictionary)
    names = encoded.dictionary.take(pa.array(order)).to_numpy(zero_copy_only=False)
    return encoded.indices.to_numpy(), order, _index(names)


def text_order(values: Any) -> np.ndarray:
    """The order that sorts an Arrow string array by its UTF-8 bytes (none missing).

    Values of up to :data:`_SORT_BYTES` bytes are read as big-endian words
    (zero-padded) and sorted on those, their length breaking ties (a value
    is greater than its prefix): a few integer sorts. Longer values go to
    Arrow's own sort.
    """
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    bounds, text = text_buffers(values)
    lengths = np.diff(bounds)
    longest = int(lengths.max()) if len(lengths) else 0
    if not longest:  # every value empty (or none at all): already in order
        return np.arange(len(lengths))
    if longest > _SORT_BYTES:
        by_arrow: np.ndarray = pc.sort_indices(values).to_numpy()
        return by_arrow
    start = int(bounds[0])
    padded = np.zeros(int(bounds[-1]) - start + 8, dtype=np.uint8)
    padded[: len(padded) - 8] = text[start : int(bounds[-1])]
    # every unaligned word of the copy, one per byte position, without copying again
    words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    starts = bounds[:-1] - start
    keys = []
    for skip in range(0, longest, 8):
        # a value shorter than ``skip`` reads any word (clipped in range), masked to nothing
        word = words.take(starts + skip, mode="clip") if skip else words[starts]
        word &= _WORD_MASKS[np.clip(lengths - skip, 0, 8)]
        keys.append(word.byteswap())
    if longest < 8:  # one word whose last byte is padding: the length fits there
        keys[0] |= lengths.astype(np.uint64)
        order: np.ndarray = np.argsort(keys[0])
        return order
    return np.lexsort([lengths, *reversed(keys)])


_SORT_BYTES = 32
"""The longest text :func:`text_order` sorts as words (longer: Arrow's sort)."""

_WORD_MASKS = np.array(
    [0, *((1 << (8 * count)) - 1 for count in range(1, 8)), (1 << 64) - 1], dtype=np.uint64
)  # _WORD_MASKS[n]: the low n bytes of a little-endian word


def _index(names: np.ndarray) -> pd.Index[Any]:
    index: pd.Index[Any] = pd.Index(names, dtype=object, name="customer_id", copy=False)
    return index


def counted_of(df: pd.DataFrame, policy: ActivityPolicy) -> np.ndarray:
    """Which rows of a normalized frame count for the policy (:func:`~._frames_summary.counted_rows`).

    An enum column is read as its codes where its text allows
    (:func:`~custinteract._frames_arrow.checked_text_codes`: one pass, no
    text compared), else compared value by value.
    """
    codes: dict[str, np.ndarray | None] = {}

    def equal(name: str, value: str) -> np.ndarray:
        members = [member.value for member in cast(Iterable[Any], ENUM_COLUMNS[name])]
        if name not in codes:
            codes[name] = checked_text_codes(df[name], members)
        known = codes[name]
        if known is None:
            return np.asarray(df[name] == value)
        return np.asarray(known == members.index(value))

    return counted_rows(policy, equal, len(df))
