"""The activity frames' reading of rows: ids sorted by their bytes, customers coded, days counted.

:func:`~custinteract.activity._frames_rows.text_order` sorts Arrow text as
Python sorts ``str`` (by code point, which is UTF-8's byte order), through
big-endian words for short values and Arrow's sort for long ones;
:func:`~custinteract.activity._frames_rows.coded_customers` must give what
``pd.factorize(ids, sort=True)`` gives; the summary kernel must count the
distinct days of each customer.
"""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import frames
from custinteract.activity._frames_rows import coded_customers, text_order
from custinteract.activity._frames_summary import holdout_of_rows, summary_of_rows

# short and long values, shared prefixes, NUL bytes, several bytes a character
TEXTS = st.lists(
    st.text(alphabet=st.sampled_from(["a", "b", "\x00", "é", "z", "😀", "A", "-"]), max_size=40),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.booleans(), st.integers(0, 3))
def test_text_order_is_pythons_order(values: list[str], large: bool, skip: int) -> None:
    array = pa.array(values, type=pa.large_string() if large else pa.string()).slice(skip)
    order = text_order(array)
    assert [array[int(k)].as_py() for k in order] == sorted(array.to_pylist())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["c-10", "c-9", "c-100", "b", "b\x00", "é", "😀", "x" * 40]), max_size=50
    )
)
def test_coded_customers_are_factorize_sorted(ids: list[str]) -> None:
    column = pd.Series(ids, dtype="str")
    codes, order, names = coded_customers(column)
    expected_codes, expected_names = pd.factorize(column, sort=True)
    assert list(names) == list(expected_names)
    assert names.dtype == object
    assert names.name == "customer_id"
    assert _ranked(codes, order) == expected_codes.tolist()


def _ranked(codes: np.ndarray, order: np.ndarray) -> list[int]:
    """Each row's customer as its rank in the sorted ids."""
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    ranked: list[int] = rank[codes].tolist()
    return ranked


def test_coded_customers_of_objects_and_of_nothing() -> None:
    for column in (pd.Series(["b", "a", "b"], dtype=object), pd.Series([], dtype="str")):
        codes, order, names = coded_customers(column)
        expected_codes, expected_names = pd.factorize(column, sort=True)
        assert list(names) == list(expected_names)
        assert _ranked(codes, order) == expected_codes.tolist()


@pytest.mark.parametrize("spread", [1, 700, 70_000, 3_000_000])
def test_summaries_and_holdout_count_distinct_days(spread: int) -> None:
    """Narrow keys (16-bit digits), wide ones (32-bit), and days far apart (a general sort)."""
    rng = np.random.default_rng(spread)
    customers, rows = 300, 4_000
    who = rng.integers(0, customers - 1, rows)  # the last customer has no row
    days = rng.integers(-spread, spread + 1, rows)
    counted = rng.random(rows) < 0.7
    today = 0
    calibrated = days <= today
    calibration, observed = holdout_of_rows(who, customers, days, counted, calibrated, today)
    whole = summary_of_rows(who, customers, days, counted, int(days.max()))
    for customer in range(customers):
        mine = days[(who == customer) & counted]
        before, after = mine[mine <= today], mine[mine > today]
        assert calibration.seen[customer] == bool(len(before))
        assert observed[customer] == len(set(after.tolist()))
        assert whole.frequency[customer] == max(len(set(mine.tolist())) - 1, 0)
        if len(before):
            assert calibration.frequency[customer] == len(set(before.tolist())) - 1
            assert calibration.recency[customer] == before.max() - before.min()
            assert calibration.age[customer] == today - before.min()


def test_a_holdout_past_the_nanosecond_range_is_read() -> None:
    """Timestamps held in microseconds beyond 2262 (a datetime holds them): days as for any other."""
    stamps = pd.to_datetime(["2300-01-01", "2300-02-01", "2300-03-01"]).as_unit("us")
    base = pd.DataFrame(
        {
            "id": ["i1", "i2", "i3"],
            "customer_id": "a",
            "timestamp": stamps.tz_localize("UTC"),
            "sentiment": "neutral",
            "kind": "purchase",
        }
    )
    out = frames.activity_holdout_frame(
        base,
        calibration_end=datetime(2300, 1, 15, tzinfo=timezone.utc),
        holdout_end=datetime(2300, 6, 1, tzinfo=timezone.utc),
        model=ci.BgNbdModel(r=0.5, alpha=20.0, a=0.8, b=3.0),
    )
    assert out[["frequency", "age", "observed"]].to_dict("index") == {
        "a": {"frequency": 0, "age": 14.0, "observed": 2}
    }
