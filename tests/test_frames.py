"""Shared frame validation: ids as the models judge them, replays kept once, Dask id checks."""

from __future__ import annotations

from datetime import datetime, timezone

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import custinteract as ci
from custinteract._columns import not_text as _not_text
from custinteract._tabular import normalize_with_repeats
from custinteract._validators import BLANK_CHARACTERS
from custinteract.frames import (
    apply_by_key,
    interactions_from_frame,
    normalize_interactions,
    recovery_frame,
    word_of_mouth_frame,
)

AS_OF = datetime(2026, 4, 1, tzinfo=timezone.utc)


def frame(**overrides: list[object]) -> pd.DataFrame:
    """Three interactions of two customers, with columns replaced by ``overrides``."""
    data: dict[str, list[object]] = {
        "id": ["i1", "i2", "i3"],
        "customer_id": ["ann", "ann", "bob"],
        "timestamp": list(
            pd.to_datetime(["2026-03-01T09:00Z", "2026-03-02T09:00Z", "2026-03-02T10:00Z"])
        ),
        "sentiment": ["negative", "positive", "positive"],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def model_refuses(value: object) -> bool:
    """Whether the Interaction model refuses ``value`` as a customer id."""
    try:
        ci.Interaction(id="x", customer_id=value, timestamp=AS_OF, sentiment=ci.Sentiment.NEUTRAL)  # type: ignore[arg-type]
    except ci.InvalidInputError:
        return True
    return False


def test_whitespace_table_is_what_str_isspace_holds() -> None:
    """The table that short-cuts the blank-id check is exactly Python's whitespace."""
    python = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(BLANK_CHARACTERS) == python | {"\ufeff"}  # ECMA-262 also counts the BOM as space


@given(
    st.lists(
        st.none() | st.text(alphabet=st.sampled_from([*BLANK_CHARACTERS, "a", "\u00e9", "\x00"])),
        max_size=12,
    ),
    st.sampled_from([object, "str"]),
)
def test_id_check_agrees_with_the_model(values: list[str | None], dtype: object) -> None:
    """Column-wise, the frames refuse exactly the ids the model refuses, on either string dtype."""
    series = pd.Series(values, dtype=dtype)  # type: ignore[call-overload]
    expected = [v is None or model_refuses(v) for v in values]
    assert _not_text(series).tolist() == expected


def test_non_text_ids_are_refused_with_the_row() -> None:
    """A float among the ids is named with its row, as a plain Python value; an integer is text."""
    with pytest.raises(
        ci.InvalidInputError, match=r"^customer_id\[1\]: expected a non-blank string or an integer"
    ):
        normalize_interactions(frame(customer_id=["ann", 7.0, "bob"]))
    with pytest.raises(ci.InvalidInputError, match=r"^customer_id\[1\]: expected a non-blank"):
        normalize_interactions(frame(customer_id=["ann", True, "bob"]))
    mixed = normalize_interactions(frame(customer_id=["ann", 7, "bob"]))
    assert mixed["customer_id"].tolist() == ["ann", "7", "bob"]


def test_identical_repeats_are_kept_once_and_reported() -> None:
    """A replayed row is dropped once, like a replayed Interaction value, and handed back."""
    raw = frame()
    doubled = pd.concat([raw, raw.iloc[[1]]])
    kept, repeats = normalize_with_repeats(doubled)
    assert kept["id"].tolist() == ["i1", "i2", "i3"]
    assert repeats["id"].tolist() == ["i2"]
    assert len(interactions_from_frame(doubled)) == 3
    pd.testing.assert_frame_equal(
        recovery_frame(doubled, as_of=AS_OF), recovery_frame(raw, as_of=AS_OF)
    )


def test_leaving_out_the_default_columns_changes_no_check() -> None:
    """``defaults=False`` leaves out only the constant default columns: same rows, same errors."""
    raw = frame()
    doubled = pd.concat([raw, raw.iloc[[1]]])
    full, full_repeats = normalize_with_repeats(doubled)
    lean, lean_repeats = normalize_with_repeats(doubled, defaults=False)
    assert set(full.columns) - set(lean.columns) == {"channel", "kind", "direction"}
    pd.testing.assert_frame_equal(lean, full[lean.columns])
    pd.testing.assert_frame_equal(lean_repeats, full_repeats[lean_repeats.columns])
    kept = normalize_with_repeats(raw.assign(channel="email"), defaults=False)[0]
    assert kept["channel"].tolist() == ["email"] * 3  # a column you have is kept and checked
    for bad in (frame(id=["i1", "i2", "i1"]), frame(sentiment=["negative", "glad", "positive"])):
        with pytest.raises(ci.InvalidInputError) as full_error:
            normalize_with_repeats(bad)
        with pytest.raises(ci.InvalidInputError) as lean_error:
            normalize_with_repeats(bad, defaults=False)
        assert str(lean_error.value) == str(full_error.value)
    with pytest.raises(ci.InvalidInputError, match=r"^channel\[1\]"):
        normalize_with_repeats(raw.assign(channel=["email", "pigeon", "email"]), defaults=False)


def test_a_different_interaction_under_a_used_id_is_refused() -> None:
    """Reusing an id for other content is an error naming the later row (never a guess)."""
    raw = frame(id=["i1", "i2", "i1"])
    with pytest.raises(ci.InvalidInputError, match=r"^id\[2\]: expected unique interaction ids"):
        normalize_interactions(raw)


def test_the_input_frame_is_not_modified() -> None:
    """Dropping repeats works on a copy."""
    raw = frame()
    doubled = pd.concat([raw, raw])
    before = doubled.copy()
    normalize_interactions(doubled)
    pd.testing.assert_frame_equal(doubled, before)


def test_dask_refuses_an_id_used_by_two_customers() -> None:
    """Partitions cannot see each other: the lazy graph checks ids across the whole frame."""
    raw = frame(id=["i1", "i2", "i1"])
    with dask.config.set(scheduler="synchronous"):
        for function in (
            lambda f: recovery_frame(f, as_of=AS_OF),
            lambda f: word_of_mouth_frame(f),
        ):
            lazy = function(dd.from_pandas(raw, npartitions=2))
            with pytest.raises(ci.InvalidInputError, match="interactions of two keys"):
                lazy.compute()


def test_dask_keeps_identical_repeats_once_like_pandas() -> None:
    """A replayed row, wherever it lands, counts once on Dask as on pandas."""
    raw = frame()
    doubled = pd.concat([raw, raw.iloc[[0, 2]]], ignore_index=True)
    with dask.config.set(scheduler="synchronous"):
        lazy = recovery_frame(dd.from_pandas(doubled, npartitions=3), as_of=AS_OF)
        got = lazy.compute().sort_index()
    pd.testing.assert_frame_equal(got, recovery_frame(raw, as_of=AS_OF), check_index_type=False)


def test_apply_by_key_names_a_missing_column() -> None:
    """The key and the id column must exist in a Dask frame."""
    lazy = dd.from_pandas(frame(), npartitions=1)
    with pytest.raises(ci.InvalidInputError, match="a column named 'account'"):
        apply_by_key(lazy, "account", lambda part: part)


@given(st.lists(st.integers(0, 70_000), max_size=300), st.sampled_from([1, 2**16, 2**16 + 1]))
def test_grouping_order_is_a_stable_argsort(values: list[int], spread: int) -> None:
    """The 16-bit radix grouping of the recovery frames equals NumPy's stable argsort."""
    import numpy as np

    from custinteract.recovery._frames_rows import group_order

    codes = np.asarray(values, dtype=np.int64) % spread
    groups = int(codes.max()) + 1 if len(codes) else 0
    expected = np.argsort(codes, kind="stable")
    assert group_order(codes, max(groups, spread)).tolist() == expected.tolist()


def test_dask_honours_a_mapped_id_column() -> None:
    """With ``columns={"id": "ticket"}`` every engine's Dask path checks the mapped column."""
    from custinteract.frames import leads_frame, morale_frame

    raw = frame().rename(columns={"id": "ticket"}).assign(staff_id=["s1", "s2", "s1"])
    mapping = {"id": "ticket"}
    people = pd.DataFrame(
        {
            "customer_id": ["ann", "bob"],
            "created": pd.to_datetime(["2026-01-01T00:00Z"] * 2),
            "source": ["referral", "inbound"],
        }
    )
    staff = pd.DataFrame({"id": ["s1", "s2"]})
    runs = {
        "recovery": lambda f: recovery_frame(f, as_of=AS_OF, columns=mapping),
        "word of mouth": lambda f: word_of_mouth_frame(f, columns=mapping),
        "leads": lambda f: leads_frame(people, f, as_of=AS_OF, columns=mapping),
        "morale": lambda f: morale_frame(staff, f, as_of=AS_OF, columns=mapping),
    }
    with dask.config.set(scheduler="synchronous"):
        for name, run in runs.items():
            expected = run(raw)
            got = run(dd.from_pandas(raw, npartitions=2))
            got = got.compute() if hasattr(got, "compute") else got
            pd.testing.assert_frame_equal(
                got.sort_index(), expected, check_index_type=False, obj=name
            )


def test_morale_on_dask_keeps_a_replayed_row_once_like_pandas() -> None:
    """The morale frames no longer refuse, on Dask only, a row that pandas keeps once."""
    from custinteract.frames import morale_frame

    raw = frame().assign(staff_id=["s1", "s2", "s1"])
    doubled = pd.concat([raw, raw.iloc[[0]]], ignore_index=True)
    staff = pd.DataFrame({"id": ["s1", "s2"]})
    with dask.config.set(scheduler="synchronous"):
        got = morale_frame(staff, dd.from_pandas(doubled, npartitions=2), as_of=AS_OF)
    pd.testing.assert_frame_equal(got, morale_frame(staff, raw, as_of=AS_OF))
