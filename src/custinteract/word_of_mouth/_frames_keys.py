"""Grouping keys for the word-of-mouth frame: text held in Arrow factorised and sorted quickly.

A key column is factorised once (Arrow's dictionary encoding for Arrow text,
as pandas does; ``pd.factorize`` otherwise) and only its distinct keys are
sorted. Distinct Arrow texts of up to 24 bytes are sorted by NumPy on their
bytes read as big-endian 64-bit words, in the order Arrow, pandas and Python
give them (byte order, which for UTF-8 is code point order), several times
faster than comparing them as strings; longer texts are sorted by Arrow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _columns as columns
from .._frames_arrow import text_buffers

__all__ = ["arrow_text", "distinct_keys", "text_order"]

_WORDS = 3  # texts of up to 24 bytes are sorted as words; longer ones by Arrow


def arrow_text(values: pd.Series[Any]) -> Any:
    """The Arrow array (one chunk) of a pandas text column held in Arrow, else ``None``."""
    chunked = columns.arrow_text(values)
    if chunked is None:
        return None
    return chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)


def distinct_keys(
    keys: pd.Series[Any],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], Any]:
    """Each row's key as a code, the codes in the sorted order of their keys, and those keys.

    The codes are a new int64 array (the caller may change it); the keys
    come sorted, as an Arrow array for Arrow text, else as an array of
    objects. ``keys`` has no missing value.

    >>> codes, order, labels = distinct_keys(pd.Series(["b", "a", "b"], dtype="str"))
    >>> codes.tolist(), order.tolist(), labels.to_pylist()
    ([0, 1, 0], [1, 0], ['a', 'b'])
    """
    arrow = arrow_text(keys)
    if arrow is None:
        codes, uniques = pd.factorize(keys)
        codes = codes.astype(np.int64, copy=False)
        order = np.asarray(pd.Index(uniques).argsort())  # in the column's own type
        return codes, order, np.asarray(pd.Index(uniques).astype(object))[order]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    encoded = pc.dictionary_encode(arrow)
    order = text_order(encoded.dictionary)
    return encoded.indices.to_numpy().astype(np.int64), order, encoded.dictionary.take(order)


def text_order(texts: Any) -> np.ndarray[Any, Any]:
    """The order that sorts an Arrow text array without missing values by its bytes.

    Each text is read, after the bytes every text begins with (a prefix such
    as ``"c-"`` sorts nothing), as zero-padded big-endian 64-bit words;
    sorting by the words, then by length (a text before itself followed by
    NUL bytes, the only texts with the same words), is sorting by the bytes.
    Equal texts come in any order (the callers' texts are distinct).

    >>> import pyarrow as pa
    >>> text_order(pa.array(["b", "a\\x00", "", "ab", "a"], pa.large_string())).tolist()
    [2, 4, 1, 3, 0]
    >>> text_order(pa.array(["c-10", "c-9", "c-1"], pa.large_string())).tolist()
    [2, 0, 1]
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    large = pa.types.is_large_string(texts.type)
    if not (large or pa.types.is_string(texts.type)) or texts.null_count:
        return np.asarray(pc.array_sort_indices(texts).to_numpy())
    offsets, data = text_buffers(texts)
    starts, lengths = offsets[:-1], np.diff(offsets)
    shared = 0  # the bytes every text begins with
    shortest = int(lengths.min(initial=0))
    while shared < shortest and bool((data[starts + shared] == data[starts[0] + shared]).all()):
        shared += 1
    starts, lengths = starts + shared, lengths - shared
    words = max(1, -(-int(lengths.max(initial=0)) // 8))
    if words > _WORDS:
        return np.asarray(pc.array_sort_indices(texts).to_numpy())
    padded = np.zeros(int(offsets[-1]) + 8 * words, dtype=np.uint8)
    padded[offsets[0] : offsets[-1]] = data[offsets[0] : offsets[-1]]
    windows = np.lib.stride_tricks.sliding_window_view(padded, 8)  # every 8 bytes, as a row
    every = np.uint64(2**64 - 1)
    # np.lexsort sorts on the last key first; lengths last of all, needed only
    # where texts can differ by trailing NUL bytes alone
    sort_by = [lengths] if not data[offsets[0] : offsets[-1]].all() else []
    for word in range(words - 1, -1, -1):
        raw = windows[starts + 8 * word].view(">u8").reshape(-1).astype(np.uint64)
        kept = np.clip(lengths - 8 * word, 0, 8).astype(np.uint64)  # this text's bytes in it
        sort_by.append(raw & ~(every >> (kept * np.uint64(8))))  # >> 64 gives 0 in NumPy
    if len(sort_by) == 1:  # one word tells every two texts apart: one sort
        return np.asarray(np.argsort(sort_by[0]))
    order: np.ndarray[Any, Any] = np.lexsort(sort_by)
    return order
