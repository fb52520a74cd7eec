"""Arrow text read from its buffers: ids' hashes and distinctness, blank suspects, factorisation.

pandas stores text as Arrow strings: each column is one buffer of bytes and
one of offsets. Reading them with NumPy answers the frames' costliest
questions about ids in vectorised passes: whether a column of ids holds a
value twice (:func:`ids_unique`: rising ids in one sequential pass, others
by their hashes), which values may be blank
(:func:`blank_suspects`, for :func:`custinteract._columns.not_text`), and a
column's integer codes (:func:`factorize_text`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._frames_parallel import beside, threads_for
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
    if chunks is None or len(values) < 2 or any(chunk.null_count for chunk in chunks):
        return bool(values.is_unique)
    return _rising(chunks) or _hashes_distinct(chunks, len(values)) or bool(values.is_unique)


def _rising(chunks: list[Any], block: int | None = None) -> bool:
    """Whether the values rise strictly: each longer than the one before, or as long and after it.

    "After" is byte order (the order of the text, for UTF-8). Values that
    rise repeat none, so one sequential pass answers for ids written in the
    order they were made (``i-9`` before ``i-10``, zero-padded numbers,
    time-ordered identifiers): as pandas learns an index's uniqueness from its
    being monotonic. Any other column is answered by its hashes. ``block``:
    the rows compared at a time (:data:`_CACHED_ROWS` unless given).
    """
    last: bytes | None = None
    for chunk in chunks:
        if not len(chunk):
            continue
        first = chunk[0].as_py().encode()
        if last is not None and (len(first), first) <= (len(last), last):
            return False
        if not _rising_chunk(chunk, block or _CACHED_ROWS):
            return False
        last = chunk[-1].as_py().encode()
    return True


def _rising_chunk(chunk: Any, block: int) -> bool:
    """:func:`_rising` within an Arrow string chunk (no missing values), a block of rows at a time.

    Neighbours of one length are compared eight bytes at a time, each word
    read with its first byte the most significant, until a word differs.
    """
    bounds, text = text_buffers(chunk)
    read = _WordReader(text, int(bounds[-1]))
    for begin in range(0, len(chunk) - 1, block):
        part = bounds[begin : begin + block + 2]  # the block's values and the next one
        starts, lengths = part[:-1], np.diff(part)
        longer = np.diff(lengths)
        if longer.min() < 0:
            return False
        tied = longer == 0  # a value and the next, as long: told apart by their bytes
        skip, shortest = 0, int(lengths.min())
        while tied.any():
            word = read(starts + skip)
            if shortest < skip + 8:  # the bytes past a value are not its own
                word &= _WORD_MASKS[np.clip(lengths - skip, 0, 8)]
            word.byteswap(inplace=True)  # the first byte the most significant
            left, right = word[:-1], word[1:]
            if bool((tied & (left > right)).any()):
                return False
            tied &= left == right
            if bool((tied & (lengths[1:] <= skip + 8)).any()):  # equal throughout: a repeat
                return False
            skip += 8
    return True


_CACHED_ROWS = 1 << 16
"""Rows read at a time by the passes over neighbouring values (:func:`_rising_chunk`,
:func:`blank_suspects`): their arrays stay in the caches."""


def _hashes_distinct(chunks: list[Any], rows: int) -> bool:
    """Whether the :func:`text_hashes` of ``chunks`` (``rows`` values) are all distinct.

    A column of :data:`_HALVES_ROWS` rows or more is done in halves, the
    second beside the first (:func:`~custinteract._frames_parallel.beside`):
    each half of the rows is hashed, then each half of the hash values (by
    their top bit) is sieved, for equal hashes fall in the same half.
    """
    if rows < _HALVES_ROWS or not threads_for(rows):
        return _distinct(_hashes_of(chunks))
    blocks = _blocks(chunks)
    hashes = np.empty(rows, dtype=np.uint64)
    half = len(blocks) // 2
    second = sum(len(block) for block in blocks[:half])
    with beside(_hash_into, hashes, blocks[half:], second, rows=rows) as hashed:
        _hash_into(hashes, blocks[:half], 0)
        hashed()
    with beside(_half_distinct, hashes, True, rows=rows) as upper:
        lower = _half_distinct(hashes, False)
        return upper() and lower


_HALVES_ROWS = 1 << 22
"""The fewest rows whose ids are hashed and sieved in two halves side by side.

Below it the sieve's table fits the caches and the halves cost more than they
save: the morale frame of a million interactions in a random order took 59-64 ms
with its ids done in halves, against 52-53 ms in one pass.
"""


def _half_distinct(hashes: np.ndarray, upper: bool) -> bool:
    """Whether the hashes whose top bit is ``upper`` are distinct (see :func:`_distinct`)."""
    top = hashes >= np.uint64(1 << 63)
    if not upper:
        np.logical_not(top, out=top)
    return _distinct(hashes[top], shift=63)


def _hashes_of(chunks: list[Any], block: int | None = None) -> np.ndarray:
    """:func:`text_hashes` of every value of ``chunks``, hashed a block of rows at a time."""
    hashes = np.empty(sum(len(chunk) for chunk in chunks), dtype=np.uint64)
    _hash_into(hashes, _blocks(chunks, block), 0)
    return hashes


def _blocks(chunks: list[Any], block: int | None = None) -> list[Any]:
    """``chunks`` cut into zero-copy slices of ``block`` rows (:data:`_HASH_BLOCK` unless given).

    A block's scratch arrays stay small enough to be reused from the cache
    (ten million rows hashed at once take about twice as long per row as a
    million); a value's hash depends on its bytes alone, so the blocks give
    the same hashes as the whole.
    """
    block = block or _HASH_BLOCK
    return [chunk.slice(start, block) for chunk in chunks for start in range(0, len(chunk), block)]


def _hash_into(hashes: np.ndarray, blocks: list[Any], done: int) -> None:
    """Write the :func:`text_hashes` of ``blocks`` into ``hashes``, from row ``done`` on."""
    for block in blocks:
        hashes[done : done + len(block)] = text_hashes(block)
        done += len(block)


_HASH_BLOCK = 1 << 17
"""Rows hashed at a time (see :func:`_blocks`)."""


def _distinct(hashes: np.ndarray, shift: int = 64) -> bool:
    """Whether well-mixed 64-bit hashes are all distinct (the bits above ``shift`` told already).

    Each hash falls in one of about twice as many buckets as there are
    hashes (some of its bits); a count per bucket is one cheap pass, and only
    the hashes that share a bucket (about two in five) can be equal. Those go
    through the same sieve again on the next bits, until few are left (or
    the sieve stops thinning them, as when some are equal), and only those
    few go through a hash table: about a third of the time of putting them
    all in one, and a smaller peak of memory. Equal hashes share every
    bucket, so they are never sieved out.
    """
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


class _WordReader:
    """Eight bytes of an Arrow string chunk's buffer at each of some rising positions, as words.

    Every word that fits before ``end`` is read from an unaligned view of the
    buffer (one per byte position, no copy); the few that would run past it
    are read from a zero-padded copy of its last bytes (a position past the
    padding reads its last word: a value already read whole, whose word the
    caller masks).
    """

    __slots__ = ("end", "tail_from", "tail_words", "words")

    def __init__(self, text: np.ndarray, end: int) -> None:
        self.end = end
        self.words = np.ndarray((max(end - 7, 0),), dtype="<u8", buffer=text, strides=(1,))
        self.tail_from = max(end - 8, 0)
        tail = np.zeros(24, dtype=np.uint8)
        tail[: end - self.tail_from] = text[self.tail_from : end]
        self.tail_words = np.ndarray((17,), dtype="<u8", buffer=tail, strides=(1,))

    def __call__(self, positions: np.ndarray) -> np.ndarray:
        inside = int(np.searchsorted(positions, self.end - 7))  # positions rise: the rest run past
        if inside == len(positions):
            found: np.ndarray = self.words[positions]
            return found
        word = np.empty(len(positions), dtype=np.uint64)
        word[:inside] = self.words[positions[:inside]]
        word[inside:] = self.tail_words[np.minimum(positions[inside:] - self.tail_from, 16)]
        return word


def text_hashes(chunk: Any) -> np.ndarray:
    """A 64-bit hash of each value of an Arrow string chunk: its length, then its bytes eight at a time.

    A function of the value's bytes alone (not of where they sit in the
    buffer), vectorised over the rows: pass ``k`` reads every value's bytes
    ``8k`` to ``8k + 7`` as one little-endian word (an unaligned view of the
    buffer), keeps the bytes the value has, and mixes the word in. The mixed
    lengths are looked up (a chunk has few lengths), and the words are read
    by :class:`_WordReader`.
    """
    bounds, text = text_buffers(chunk)
    starts, lengths = bounds[:-1], np.diff(bounds)
    end = int(bounds[-1]) if len(bounds) else 0
    longest = int(lengths.max()) if len(lengths) else 0
    hashes = _mixed(np.arange(longest + 1, dtype=np.uint64) * _GOLDEN)[lengths]
    if longest == 0:
        return hashes
    shortest = int(lengths.min())
    read = _WordReader(text, end)
    scratch = np.empty(len(lengths), dtype=np.uint64)
    for skip in range(0, longest, 8):
        word = read(starts + skip if skip else starts)
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
    """Rows of an Arrow string chunk that may be blank: missing, empty, or a blank-capable first byte.

    Read :data:`_CACHED_ROWS` rows at a time.
    """
    bounds, text = text_buffers(chunk)
    suspect = np.empty(len(chunk), dtype=bool)
    for begin in range(0, len(chunk), _CACHED_ROWS):
        part = bounds[begin : begin + _CACHED_ROWS + 1]
        starts, out = part[:-1], suspect[begin : begin + _CACHED_ROWS]
        np.equal(starts, part[1:], out=out)  # empty
        if len(text):  # an empty value at the very end reads the last byte: empty already
            out |= _BLANK_LEADS.take(text.take(starts, mode="clip"))
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
