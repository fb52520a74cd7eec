"""Arrow text read from its buffers: ids' hashes and distinctness, blank suspects, factorisation.

pandas stores text as Arrow strings: each column is one buffer of bytes and
one of offsets. Reading them with NumPy answers the frames' costliest
questions about ids in vectorised passes: whether a column of ids holds a
value twice (:func:`ids_unique`), which values may be blank
(:func:`blank_suspects`, for :func:`custinteract._columns.not_text`), and a
column's integer codes (:func:`factorize_text`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validators import BLANK_CHARACTERS

__all__ = [
    "arrow_text",
    "arrow_text_chunks",
    "blank_suspects",
    "checked_text_codes",
    "factorize_text",
    "ids_unique",
    "is_arrow_text",
    "text_buffers",
    "text_hashes",
]


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
    chunks = arrow_text_chunks(values)
    if chunks is not None and len(values) > 1 and not any(chunk.null_count for chunk in chunks):
        hashes = _hashes_of(chunks)
        if _distinct(hashes):
            return True
    return bool(values.is_unique)


def _hashes_of(chunks: list[Any], block: int | None = None) -> np.ndarray:
    """:func:`text_hashes` of every value of ``chunks``, hashed a block of rows at a time.

    A block's scratch arrays stay small enough to be reused from the cache
    (ten million rows hashed at once take about twice as long per row as a
    million); a value's hash depends on its bytes alone, so the blocks
    (zero-copy slices) give the same hashes as the whole. ``block``: the
    rows hashed at a time (:data:`_HASH_BLOCK` unless given).
    """
    block = block or _HASH_BLOCK
    out = np.empty(sum(len(chunk) for chunk in chunks), dtype=np.uint64)
    done = 0
    for chunk in chunks:
        for start in range(0, len(chunk), block):
            part = text_hashes(chunk.slice(start, block))
            out[done : done + len(part)] = part
            done += len(part)
    return out


_HASH_BLOCK = 1 << 17
"""Rows hashed at a time by :func:`_hashes_of`."""


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


def text_hashes(chunk: Any) -> np.ndarray:
    """A 64-bit hash of each value of an Arrow string chunk: its length, then its bytes eight at a time.

    A function of the value's bytes alone (not of where they sit in the
    buffer), vectorised over the rows: pass ``k`` reads every value's bytes
    ``8k`` to ``8k + 7`` as one little-endian word (an unaligned view of the
    buffer), keeps the bytes the value has, and mixes the word in. The mixed
    lengths are looked up (a chunk has few lengths), and the words are read
    in one gather, save the last few, which would run past the buffer and
    are read from a zero-padded copy of its end.
    """
    bounds, text = text_buffers(chunk)
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
        if shortest >= skip + 8:  # every value fills this word: nothing to mask
            pass
        elif shortest == longest:  # one length (ids of a fixed width): one mask for all
            word &= _WORD_MASKS[longest - skip]
        elif longest - skip <= 8 and skip == 0:  # every value ends in this word
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


def arrow_text_chunks(values: pd.Series[Any]) -> list[Any] | None:
    """The Arrow chunks of a pandas text column stored as Arrow strings, else None."""
    chunked = arrow_text(values)
    if chunked is None:
        return None
    chunks: list[Any] = list(chunked.chunks)
    if not all(str(chunk.type) in ("string", "large_string") for chunk in chunks):
        return None  # pragma: no cover - pandas stores its Arrow strings as these
    return chunks


def text_buffers(chunk: Any) -> tuple[np.ndarray, np.ndarray]:
    """An Arrow string chunk's value offsets (int64, one more than values) and its bytes."""
    _, offsets, data = chunk.buffers()
    if offsets is None:  # no values at all
        return np.zeros(len(chunk) + 1, dtype=np.int64), np.zeros(0, np.uint8)
    width = np.int64 if str(chunk.type) == "large_string" else np.int32
    bounds = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
    text = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return bounds.astype(np.int64, copy=False), text


def blank_suspects(chunk: Any) -> np.ndarray:
    """Rows of an Arrow string chunk that may be blank: missing, empty, or a blank-capable first byte."""
    bounds, text = text_buffers(chunk)
    starts = bounds[:-1]
    suspect: np.ndarray = starts == bounds[1:]  # empty
    if len(text):
        if len(starts) and starts[-1] >= len(text):  # empty values at the very end
            starts = np.minimum(starts, len(text) - 1)
        suspect |= _BLANK_LEADS[text[starts]]
    if chunk.null_count:
        suspect |= np.asarray(chunk.is_null(), dtype=bool)
    return suspect


def checked_text_codes(values: pd.Series[Any], known: list[str]) -> np.ndarray[Any, Any] | None:
    """Each value's position in ``known`` (-1 where missing), for a column checked to hold only those.

    A text column already checked to hold only the texts ``known`` (or missing
    values), such as an enum column of a normalized frame, need not be hashed
    again: each known text is told apart by its length in bytes and its first
    byte, read straight from the Arrow buffers. None when the column is not
    Arrow text, when a known text is empty or two share a length and first
    byte, or when a value matches none of them: then :func:`factorize_text`
    is the way.

    >>> codes = checked_text_codes(pd.Series(["nps", None, "csat"], dtype="str"), ["csat", "nps", "ces"])
    >>> codes.tolist()
    [1, -1, 0]
    """
    chunks = arrow_text_chunks(values)
    encoded = [text.encode() for text in known]
    keys = [len(text) << 8 | text[0] for text in encoded if text]
    if chunks is None or len(set(keys)) != len(known):
        return None
    # a key past the longest known text (or of an empty value) reads -2: no known text
    table = np.full((max(map(len, encoded), default=0) + 2) << 8, -2, dtype=np.int64)
    if len(known) < 127:  # small codes: cheaper to read and to combine
        table = table.astype(np.int8)
    table[keys] = np.arange(len(keys))
    parts = [
        _codes_by_shape(chunk.slice(start, _CODE_BLOCK), table)
        for chunk in chunks
        for start in range(0, len(chunk), _CODE_BLOCK)
    ]
    if not parts:  # an empty column may hold no chunk at all
        return np.zeros(0, dtype=table.dtype)
    codes = np.concatenate(parts) if len(parts) != 1 else parts[0]
    return None if bool((codes == -2).any()) else codes


_CODE_BLOCK = 1 << 20
"""Rows read at a time by :func:`checked_text_codes` (small temporary arrays)."""


def _codes_by_shape(chunk: Any, table: np.ndarray) -> np.ndarray:
    """``table`` at each value's length and first byte (-1 where missing): :func:`checked_text_codes`' step."""
    bounds, text = text_buffers(chunk)
    key = np.diff(bounds)  # each value's length, then its first byte below it
    key <<= 8
    if len(text):
        key |= text.take(bounds[:-1], mode="clip")
    codes: np.ndarray = table.take(key, mode="clip")
    if chunk.null_count:  # -1 where the validity bits say missing
        start, skip = divmod(chunk.offset, 8)  # only the bytes of this chunk's bits
        bits = np.frombuffer(chunk.buffers()[0], dtype=np.uint8)[start:]
        valid = np.unpackbits(bits[: (skip + len(chunk) + 7) // 8], bitorder="little")
        valid = valid[skip : skip + len(chunk)]
        codes += 1
        codes *= valid
        codes -= 1
    return codes
