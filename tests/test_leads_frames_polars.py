"""Lead temperature reads polars frames natively: the pandas answers, the pandas refusals.

The polars path reads and checks the interactions (and a polars customers
frame) in polars, with no pandas frame of them; its answer must equal the
pandas path's answer converted to polars, cell for cell and type for type,
and each refusal must be the pandas path's (same message).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import custinteract as ci
from custinteract import frames
from custinteract._frames_interop import to_pandas
from custinteract.leads._frames_polars import leads_frame_polars
from test_frames_polars import _expected
from test_leads_frames import POLICY, _frames, bases, lead_policies

UTC = timezone.utc
AS_OF = datetime(2028, 6, 1, 12, tzinfo=UTC)
K = ci.InteractionKind


def _same(people: Any, talks: pl.DataFrame, **options: Any) -> pl.DataFrame | None:
    """leads_frame on polars input equals its pandas answer; the native answer (or None)."""
    got = frames.leads_frame(people, talks, **options)
    assert isinstance(got, pl.DataFrame)
    pandas_people = to_pandas(people) if isinstance(people, pl.DataFrame) else people
    want = frames.leads_frame(pandas_people, to_pandas(talks), **options)
    assert_frame_equal(got, _expected(want), check_exact=True)
    return leads_frame_polars(people, talks, **options)


def _typed(budgets: list[object], text: bool) -> pl.Series:
    """The budgets as one typed column: texts (numbers as text), or numbers (texts dropped)."""
    if text:
        values = [None if v is None or v != v else str(v) for v in budgets]
        return pl.Series("budget", values, dtype=pl.String)
    numbers = [float(v) if isinstance(v, (int, float)) else None for v in budgets]
    return pl.Series("budget", numbers, dtype=pl.Float64)


@settings(max_examples=40, deadline=None)
@given(bases(), lead_policies, st.booleans(), st.booleans())
def test_drawn_bases_give_the_pandas_answer(
    base: tuple[list[ci.Customer], list[ci.Interaction], list[object]],
    policy: ci.LeadPolicy,
    text_budgets: bool,
    polars_people: bool,
) -> None:
    """Random bases and policies, ties, replays, budgets as text or numbers, either customers."""
    people, talks, budgets = base
    customers, interactions = _frames(people, talks)
    native = pl.from_pandas(interactions.drop(columns="budget")).with_columns(
        _typed(budgets, text_budgets).alias(policy.budget_key)
    )
    who: Any = pl.from_pandas(customers) if polars_people else customers
    answer = _same(who, native, as_of=AS_OF, policy=policy)
    replayed = len({t.id for t in talks}) < len(talks)
    if talks and not replayed and policy.current_activity is None:
        assert answer is not None  # answered in polars, not through pandas


def _hand_written() -> tuple[pl.DataFrame, pl.DataFrame]:
    """A small base as a polars user writes it: integer ids, categories, naive times."""
    people = pl.DataFrame(
        {
            "customer_id": [7, 8, 9],
            "created": [datetime(2026, 1, 5, tzinfo=UTC)] * 3,
            "source": ["referral", "purchased_list", None],
            "list_name": [None, "mortgage", None],
            "consent": [True, False, True],
            "region": ["north", "south", None],
            "size": [3, 12, None],
        }
    ).with_columns(pl.col("region").cast(pl.Categorical))
    kinds = [K.INQUIRY, K.QUOTE_REQUEST, K.OUTREACH, K.PURCHASE, K.INQUIRY, K.SUPPORT]
    talks = pl.DataFrame(
        {
            "id": list(range(100, 112)),
            "customer_id": [7, 7, 8, 8, 8, 9, 9, 7, 8, 9, 7, 8],
            "timestamp": [datetime(2026, 3, day, 9 + day % 5) for day in range(1, 13)],
            "sentiment": ["neutral", "negative", "positive"] * 4,
            "kind": [k.value for k in kinds] * 2,
            "direction": ["inbound", "inbound", "outbound", "inbound"] * 3,
            "budget": [None, "10k", " ", "5", None, "x"] * 2,
        }
    ).with_columns(pl.col("kind").cast(pl.Categorical))
    return people, talks


def test_a_base_written_in_polars_reads_as_in_pandas() -> None:
    """Integer and categorical ids and attributes, naive times with ``tz=``, fit rules."""
    people, talks = _hand_written()
    policy = ci.LeadPolicy(
        fit_rules=(
            *POLICY.fit_rules,
            ci.FitRule(attribute="size", kind=ci.FitRuleKind.ONE_OF, values=("12",), points=4),
        )
    )
    options = {"as_of": datetime(2026, 4, 1, tzinfo=UTC), "policy": policy, "tz": "Europe/Paris"}
    assert _same(people, talks, **options) is not None
    mapped = talks.rename({"id": "ticket", "budget": "spend"})
    options |= {"columns": {"id": "ticket"}, "budget_column": "spend"}
    assert _same(people, mapped, **options) is not None


def test_a_pandas_customers_frame_with_polars_interactions() -> None:
    """The customers may stay in pandas (as the benchmark hands them): still answered natively."""
    people, talks = _hand_written()
    options = {"as_of": datetime(2026, 4, 1, tzinfo=UTC), "tz": "UTC"}
    assert _same(to_pandas(people), talks, **options) is not None


# ------------------------------------------------------------------------------- refusals


def _base() -> tuple[pl.DataFrame, pl.DataFrame]:
    people, talks = _hand_written()
    return people, talks.with_columns(pl.col("timestamp").dt.replace_time_zone("UTC"))


Spoil = Callable[[pl.DataFrame, pl.DataFrame], tuple[Any, Any]]

BAD: dict[str, Spoil] = {
    "blank customer id": lambda p, t: (p.with_columns(customer_id=pl.Series(["", "8", "9"])), t),
    "repeated customer id": lambda p, t: (pl.concat([p, p]), t),
    "unknown source": lambda p, t: (p.with_columns(source=pl.lit("telepathy")), t),
    "blank list name": lambda p, t: (p.with_columns(list_name=pl.lit("  ")), t),
    "text consent": lambda p, t: (p.with_columns(consent=pl.lit("yes")), t),
    "missing consent": lambda p, t: (p.with_columns(consent=pl.Series([True, None, False])), t),
    "naive created": lambda p, t: (p.with_columns(pl.col("created").dt.replace_time_zone(None)), t),
    "missing created": lambda p, t: (
        p.with_columns(created=pl.lit(None, pl.Datetime("us", "UTC"))),
        t,
    ),
    "churned before created": lambda p, t: (
        p.with_columns(
            became_customer=pl.col("created"),
            churned=pl.col("created") - timedelta(days=1),
        ),
        t,
    ),
    "churned, never a customer": lambda p, t: (p.with_columns(churned=pl.col("created")), t),
    "no created column": lambda p, t: (p.drop("created"), t),
    "stranger": lambda p, t: (p, t.with_columns(customer_id=pl.lit(99))),
    "unknown kind": lambda p, t: (p, t.with_columns(kind=pl.lit("séance"))),
    "blank interaction id": lambda p, t: (
        p,
        t.with_columns(pl.col("id").cast(pl.String).replace("100", " ")),
    ),
    "naive timestamps": lambda p, t: (
        p,
        t.with_columns(pl.col("timestamp").dt.replace_time_zone(None)),
    ),
    "a replay with another budget": lambda p, t: (
        p,
        pl.concat([t, t.head(2).with_columns(budget=pl.lit("other"))]),
    ),
    "unknown column key": lambda p, t: (p, t),
}

OPTIONS: dict[str, dict[str, Any]] = {"unknown column key": {"columns": {"ticket": "id"}}}


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(ci.InvalidInputError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("name", sorted(BAD))
def test_refusals_are_the_pandas_refusals(name: str) -> None:
    """Each rule refuses the polars frames with the pandas message."""
    people, talks = BAD[name](*_base())
    options = {"as_of": AS_OF, **OPTIONS.get(name, {})}
    assert leads_frame_polars(people, talks, **options) is None
    got = _error(lambda: frames.leads_frame(people, talks, **options))
    assert got == _error(lambda: frames.leads_frame(to_pandas(people), to_pandas(talks), **options))


@pytest.mark.parametrize(
    "options",
    [
        {"tz": "Mars/Olympus"},
        {"tz": 5},
        {"as_of": datetime(2026, 1, 1)},
        {"policy": "strict"},
        {"budget_column": " "},
    ],
)
def test_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """Bad arguments: the same error as for pandas."""
    people, talks = _hand_written()
    arguments = {"as_of": AS_OF, **options}
    got = _error(lambda: frames.leads_frame(people, talks, **arguments))
    assert got == _error(
        lambda: frames.leads_frame(to_pandas(people), to_pandas(talks), **arguments)
    )
