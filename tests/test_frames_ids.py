"""The id checks read straight from Arrow buffers answer exactly as comparing the text does.

Text columns stored as Arrow strings (pandas' default ``str``) are checked for
blank and repeated ids from the buffers: these tests build the layouts Arrow
allows (several chunks, a slice that starts inside a buffer, 32- and 64-bit
offsets, values of every length around a word of eight bytes) and compare
with the plain answers.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custinteract import _frames_arrow, _frames_parallel
from custinteract._columns import ids_unique, not_text
from custinteract._frames_arrow import _hashes_of, _rising, arrow_text_chunks
from custinteract._frames_arrow import blank_suspects as _blank_suspects
from custinteract._frames_arrow import text_hashes as _text_hashes
from custinteract._validators import BLANK_CHARACTERS

_TEXT = st.text(alphabet=st.sampled_from(["a", "b", "\x00", "\u00e9", " ", "\u3000"]), max_size=19)


def _arrow_series(values: list[str | None], *, chunks: int, skip: int) -> pd.Series:
    """``values`` as a pandas ``str`` column over ``chunks`` Arrow chunks, the first a slice ``skip`` in."""
    kind = pa.large_string()  # what pandas stores its text as
    size = max(1, -(-len(values) // chunks))
    parts = [values[at : at + size] for at in range(0, len(values), size)] or [[]]
    pieces = [pa.array(part, type=kind) for part in parts]
    pieces[0] = pa.array(["pad"] * skip + parts[0], type=kind).slice(skip)
    stored = pa.chunked_array(pieces, type=kind)
    text = pd.StringDtype("pyarrow", na_value=float("nan"))
    series = pd.Series(pd.arrays.ArrowStringArray(stored, dtype=text))
    assert series.dtype == "str"
    assert series.array.__arrow_array__().num_chunks == len(pieces)
    assert series.isna().tolist() == [v is None for v in values]
    return series


@settings(max_examples=60)
@given(
    st.lists(_TEXT, max_size=14),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=0, max_value=2),
)
def test_ids_unique_is_exact_on_any_arrow_layout(values: list[str], chunks: int, skip: int) -> None:
    """Repeats found from hashes of the buffers are exactly the repeats of the text."""
    series = _arrow_series(values, chunks=chunks, skip=skip)
    assert ids_unique(series) == (len(set(values)) == len(values))
    assert ids_unique(series.astype(object)) == (len(set(values)) == len(values))


def _key(value: str) -> tuple[int, bytes]:
    """The order in which ids rise: by byte length, then by bytes."""
    return len(value.encode()), value.encode()


@settings(max_examples=80)
@given(
    st.lists(_TEXT, max_size=14),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=1, max_value=4),
    st.booleans(),
)
def test_rising_ids_are_told_exactly_on_any_arrow_layout(
    values: list[str], chunks: int, skip: int, block: int, ordered: bool
) -> None:
    """Ids that rise (by length, then bytes) are told in one pass; repeats never pass for rising."""
    if ordered:  # rising, save for the repeats the list holds
        values = sorted(values, key=_key)
    series = _arrow_series(values, chunks=chunks, skip=skip)
    keys = [_key(value) for value in values]
    rising = all(before < after for before, after in itertools.pairwise(keys))
    text = arrow_text_chunks(series)
    assert text is not None
    assert _rising(text, block) == rising
    assert ids_unique(series) == (len(set(values)) == len(values))


@pytest.mark.parametrize("block", [1, 2, 3, 1 << 16])
def test_rising_ids_with_a_repeat_or_a_step_back_are_not_rising(block: int) -> None:
    """A repeat (its bytes alike past the first word) or a step back anywhere is found."""
    made = [f"ticket-{n:06d}" for n in range(1, 8)]  # 13 bytes: two words each
    for values in (
        [*made[:4], made[3], *made[4:]],  # a repeat
        [*made[:4], "ticket-000002", *made[4:]],  # as long, and before
        [*made[:4], "t-1", *made[4:]],  # shorter
    ):
        series = pd.Series(values, dtype="str")
        text = arrow_text_chunks(series)
        assert text is not None
        assert not _rising(text, block)
        assert ids_unique(series) == (len(set(values)) == len(values))
    text = arrow_text_chunks(pd.Series(["i-9", "i-10", *made], dtype="str"))
    assert text is not None
    assert _rising(text, block)


@settings(max_examples=60)
@given(
    st.lists(_TEXT, max_size=30),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=0, max_value=2),
)
def test_ids_hashed_and_sieved_in_halves_are_told_exactly(
    values: list[str], chunks: int, skip: int
) -> None:
    """A large column's ids, hashed and sieved in two halves side by side, are told exactly."""
    series = _arrow_series(values, chunks=chunks, skip=skip)
    text = arrow_text_chunks(series)
    assert text is not None
    distinct = len(set(values)) == len(values)
    with pytest.MonkeyPatch.context() as patch:  # what a column of millions of rows meets
        patch.setattr(_frames_arrow, "_HALVES_ROWS", 2)
        patch.setattr(_frames_arrow, "_HASH_BLOCK", 3)
        patch.setattr(_frames_arrow, "_SIEVED_ENOUGH", 2)  # the sieve runs on a few hashes
        patch.setattr(_frames_parallel, "THREAD_ROWS", 1)
        patch.setattr(_frames_arrow, "threads_for", lambda rows: True)
        assert _frames_arrow._hashes_distinct(text, len(values)) == distinct
        assert ids_unique(series) == distinct


def test_equal_text_hashes_alike_wherever_it_sits() -> None:
    """A value's hash depends on its bytes only: not on its chunk, offset width or position."""
    values = ["", "a", "a\x00", "abcdefgh", "abcdefgh\x00", "abcdefghi", "\u00e9" * 9, "x" * 17]
    plain = _text_hashes(pa.array(values, type=pa.large_string()))
    moved = _text_hashes(pa.array(["zz", *reversed(values)], type=pa.string()).slice(1))
    assert plain.tolist() == list(reversed(moved.tolist()))
    assert len(set(plain.tolist())) == len(values)  # and these differ, trailing zero bytes too


def test_a_hash_does_not_depend_on_the_longest_value_beside_it() -> None:
    """A short id hashes alike beside a long one or alone (a replay concatenated to a frame)."""
    assert _text_hashes(pa.array(["a#0", "x" * 9]))[0] == _text_hashes(pa.array(["a#0"]))[0]
    frame = pd.Series(["a#0", "a\x80\U00010000#1"], dtype="str")
    replayed = pd.concat([frame, frame.iloc[:1]], ignore_index=True)  # two Arrow chunks
    assert not ids_unique(replayed)


@settings(max_examples=40)
@given(st.integers(0, 26), st.lists(_TEXT, min_size=1, max_size=6))
def test_a_hash_is_the_same_among_ids_of_one_width_or_of_many(
    width: int, others: list[str]
) -> None:
    """Ids of one byte width (read with one mask, or none) hash as they do among other widths."""
    fixed = [f"{k:0{width}d}"[-width:] if width else "" for k in range(5)]
    alone = _text_hashes(pa.array(fixed, type=pa.large_string())).tolist()
    mixed = _text_hashes(pa.array(others + fixed, type=pa.large_string())).tolist()
    assert alone == mixed[len(others) :]
    assert alone == [_text_hashes(pa.array([value]))[0] for value in fixed]


@settings(max_examples=30)
@given(st.lists(st.none() | _TEXT, max_size=10))
def test_32_and_64_bit_offsets_read_alike(values: list[str | None]) -> None:
    """Arrow's ``string`` (32-bit offsets, older pandas) reads as ``large_string`` does."""
    narrow = pa.array(["pad", *values], type=pa.string()).slice(1)
    wide = pa.array(values, type=pa.large_string())
    assert _text_hashes(narrow).tolist() == _text_hashes(wide).tolist()
    assert _blank_suspects(narrow).tolist() == _blank_suspects(wide).tolist()


def test_ids_unique_with_missing_values_compares_the_column() -> None:
    """A column with missing values is compared as it is (two missing values repeat)."""
    assert not ids_unique(pd.Series(["a", None, None], dtype="str"))
    assert ids_unique(pd.Series(["a", None], dtype="str"))


@settings(max_examples=60)
@given(
    st.lists(
        st.none()
        | st.text(alphabet=st.sampled_from([*BLANK_CHARACTERS, "a", "\u00e9"]), max_size=4),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=0, max_value=2),
)
def test_blank_ids_found_on_any_arrow_layout(
    values: list[str | None], chunks: int, skip: int
) -> None:
    """The blank check read from the buffers refuses what the object column refuses."""
    series = _arrow_series(values, chunks=chunks, skip=skip)
    expected = not_text(pd.Series(values, dtype=object)).tolist()
    assert not_text(series).tolist() == expected


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]"])
def test_blank_check_on_arrow_text_names_the_row(dtype: str) -> None:
    """Arrow-backed text of either pandas dtype: a blank id names its row."""
    series = pd.Series(["a", "b", "\u3000", " x"], dtype=dtype, index=[5, 6, 7, 8])
    assert not_text(series).tolist() == [False, False, True, False]


def test_an_empty_selection_of_arrow_text_has_no_refused_row() -> None:
    # selecting no row of an Arrow text column leaves an array of no chunk at all
    values = pd.Series([None, None], dtype="str")
    present = values[values.notna()]
    assert not_text(present).tolist() == []
    assert ids_unique(present)


@settings(max_examples=20)
@given(st.lists(_TEXT, min_size=1, max_size=40), st.integers(min_value=1, max_value=7))
def test_ids_hashed_in_blocks_as_whole(values: list[str], block: int) -> None:
    """Hashing a block of rows at a time gives each value the hash it has in the whole chunk."""
    chunks = [pa.array(values, type=pa.large_string()), pa.array(values[::-1])]
    whole = [*_text_hashes(chunks[0]).tolist(), *_text_hashes(chunks[1]).tolist()]
    assert _hashes_of(chunks, block).tolist() == whole
