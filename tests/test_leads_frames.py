"""Lead temperature from DataFrames (pandas and Dask) equals the object path; the funnel plot."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import custinteract as ci
from custinteract import testing as cst
from custinteract.frames import (
    CUSTOMER_COLUMNS,
    LEAD_COLUMNS,
    customers_from_frame,
    customers_to_frame,
    interactions_to_frame,
    lead_assessments_to_frame,
    leads_frame,
)
from custinteract.plotting import plot_lead_funnel

UTC = timezone.utc
AS_OF = datetime(2028, 6, 1, 12, tzinfo=UTC)
POLICY = ci.LeadPolicy(
    fit_rules=(
        ci.FitRule(attribute="region", kind=ci.FitRuleKind.EQUALS, value="north", points=10),
        ci.FitRule(attribute="size", kind=ci.FitRuleKind.RANGE, low=2, high=5, points=7),
    )
)

attribute_maps = st.dictionaries(
    st.sampled_from(["region", "size"]), st.sampled_from(["north", "south", "3", "9"])
)


@st.composite
def bases(draw: st.DrawFn) -> tuple[list[ci.Customer], list[ci.Interaction]]:
    """A few customers with unique ids and interactions of theirs (some with a budget)."""
    count = draw(st.integers(1, 5))
    people = [
        attrs.evolve(draw(cst.customers()), id=f"c-{n}", attributes=draw(attribute_maps))
        for n in range(count)
    ]
    talks: list[ci.Interaction] = []
    for n in range(draw(st.integers(0, 25))):
        base = draw(cst.interactions(st.sampled_from([p.id for p in people])))
        budget = draw(st.booleans())
        talks.append(attrs.evolve(base, id=f"i-{n}", metadata={"budget": "10k"} if budget else {}))
    return people, talks


def _frames(
    people: list[ci.Customer], talks: list[ci.Interaction]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    interactions = interactions_to_frame(talks)
    interactions["budget"] = pd.Series([i.metadata.get("budget") for i in talks], dtype=object)
    return customers_to_frame(people), interactions


def _object_path(
    people: list[ci.Customer], talks: list[ci.Interaction], as_of: datetime
) -> pd.DataFrame:
    return lead_assessments_to_frame(
        ci.assess_lead(p, [i for i in talks if i.customer_id == p.id], as_of=as_of, policy=POLICY)
        for p in people
    )


@settings(max_examples=30)
@given(bases(), cst.aware_datetimes())
def test_frames_path_equals_the_object_path(
    base: tuple[list[ci.Customer], list[ci.Interaction]], as_of: datetime
) -> None:
    """leads_frame gives exactly the object path's result on random bases."""
    people, talks = base
    customers, interactions = _frames(people, talks)
    before = (customers.copy(), interactions.copy())
    got = leads_frame(customers, interactions, as_of=as_of, policy=POLICY)
    pd.testing.assert_frame_equal(got, _object_path(people, talks, as_of), check_exact=True)
    pd.testing.assert_frame_equal(customers, before[0])
    pd.testing.assert_frame_equal(interactions, before[1])
    assert tuple(got.columns) == LEAD_COLUMNS


@settings(max_examples=5)
@given(bases(), st.integers(1, 3))
def test_dask_path_equals_the_pandas_path(
    base: tuple[list[ci.Customer], list[ci.Interaction]], partitions: int
) -> None:
    """On a Dask frame (synchronous scheduler) the result equals the pandas result."""
    people, talks = base
    customers, interactions = _frames(people, talks)
    expected = leads_frame(customers, interactions, as_of=AS_OF, policy=POLICY)
    lazy = leads_frame(
        customers,
        dd.from_pandas(interactions, npartitions=partitions),  # type: ignore[no-untyped-call]
        as_of=AS_OF,
        policy=POLICY,
    )
    with dask.config.set(scheduler="synchronous"):
        got = lazy.compute().sort_index()
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_index_type=False)


def test_customers_round_trip_through_a_frame() -> None:
    """customers_to_frame then customers_from_frame gives the same customers back."""
    people = [
        ci.Customer(
            id="c-1",
            created=datetime(2026, 1, 5, tzinfo=UTC),
            source=ci.LeadSource.PURCHASED_LIST,
            list_name="mortgage",
            consent=True,
            attributes={"region": "north"},
        ),
        ci.Customer(
            id="c-2",
            created=datetime(2026, 1, 6, tzinfo=UTC),
            became_customer=datetime(2026, 2, 1, tzinfo=UTC),
            do_not_contact=True,
        ),
    ]
    frame = customers_to_frame(people)
    assert tuple(frame.columns[: len(CUSTOMER_COLUMNS)]) == CUSTOMER_COLUMNS
    assert customers_from_frame(frame) == tuple(people)
    renamed = frame.rename(columns={"customer_id": "account"})
    assert customers_from_frame(renamed, {"customer_id": "account"}) == tuple(people)
    assert customers_from_frame(frame, attributes=[])[0].attributes == {}


def test_numbers_become_text_attributes() -> None:
    """Numeric attribute columns become text; a missing value leaves the attribute out."""
    frame = pd.DataFrame(
        {
            "customer_id": ["c-1", "c-2"],
            "created": pd.to_datetime(["2026-01-05T00:00Z"] * 2),
            "size": [3, None],
        }
    )
    one, two = customers_from_frame(frame)
    assert one.attributes == {"size": "3.0"}
    assert two.attributes == {}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c, i: (c.drop(columns=["created"]), i), "created"),
        (lambda c, i: (c.assign(created=pd.Timestamp("2026-01-01")), i), "created"),
        (lambda c, i: (c.assign(source="telepathy"), i), "row 0: source"),
        (lambda c, i: (c.assign(consent="yes"), i), "row 0: consent"),
        (lambda c, i: (pd.concat([c, c]), i), "customer_id"),
        (lambda c, i: (c, i.assign(customer_id="c-9")), "customer_id[0]"),
        (lambda c, i: (c, i.assign(kind="séance")), "kind[0]"),
        (lambda c, i: (c, "not a frame"), "interactions"),
    ],
)
def test_bad_frames_are_refused_naming_the_column(change: object, field: str) -> None:
    """Bad frames raise InvalidInputError naming the column (and the row)."""
    people = [ci.Customer(id="c-1", created=datetime(2026, 1, 5, tzinfo=UTC))]
    talk = ci.Interaction(
        id="i-1",
        customer_id="c-1",
        timestamp=datetime(2026, 1, 6, tzinfo=UTC),
        sentiment=ci.Sentiment.NEUTRAL,
    )
    customers, interactions = _frames(people, [talk])
    bad_customers, bad_interactions = change(customers, interactions)  # type: ignore[operator]
    with pytest.raises(ci.InvalidInputError) as info:
        leads_frame(bad_customers, bad_interactions, as_of=AS_OF)
    assert info.value.field == field


def test_column_mapping_and_budget_column() -> None:
    """Interaction columns can be mapped; the budget column qualifies an inbound inquiry."""
    customers = pd.DataFrame(
        {"customer_id": ["c-1"], "created": pd.to_datetime(["2026-01-05T00:00Z"])}
    )
    talks = pd.DataFrame(
        {
            "ticket": ["t-1"],
            "customer_id": ["c-1"],
            "at": pd.to_datetime(["2026-02-01T00:00Z"]),
            "sentiment": ["neutral"],
            "kind": ["inquiry"],
            "spend": ["20k"],
        }
    )
    got = leads_frame(
        customers,
        talks,
        as_of=datetime(2026, 2, 2, tzinfo=UTC),
        columns={"id": "ticket", "timestamp": "at"},
        budget_column="spend",
    )
    assert got.loc["c-1", "temperature"] == "qualified"
    assert got.loc["c-1", "reasons"][0] == "lead.temperature.qualified.event"


def test_funnel_plot_draws_start_and_end_bars() -> None:
    """The funnel plot has two bars per temperature and labels conversions."""
    utc = UTC
    base = [ci.Customer(id=f"c-{i}", created=datetime(2025, 12, 1, tzinfo=utc)) for i in range(4)]
    quote = ci.Interaction(
        id="i-1",
        customer_id="c-1",
        sentiment=ci.Sentiment.NEUTRAL,
        timestamp=datetime(2026, 2, 1, tzinfo=utc),
        kind=ci.InteractionKind.QUOTE_REQUEST,
    )
    funnel = ci.lead_funnel(
        base, [quote], start=datetime(2026, 1, 1, tzinfo=utc), end=datetime(2026, 2, 10, tzinfo=utc)
    )
    ax = plot_lead_funnel(funnel)
    assert isinstance(ax, Axes)
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
    assert heights == [4, 0, 0, 0, 3, 0, 1, 0]
    assert "25% up" in [t.get_text() for t in ax.texts]


def test_assessment_plot_counts_and_draws_into_a_given_axes() -> None:
    """Given assessments, one bar per temperature; the given Axes is used and returned."""
    as_of = datetime(2026, 1, 2, tzinfo=UTC)
    leads = [
        ci.assess_lead(
            ci.Customer(id=f"c-{i}", created=as_of - timedelta(days=1), source=source),
            [],
            as_of=as_of,
        )
        for i, source in enumerate(
            [ci.LeadSource.REFERRAL, ci.LeadSource.OTHER, ci.LeadSource.OTHER]
        )
    ]
    ax = Figure().add_subplot()
    assert plot_lead_funnel(leads, ax=ax) is ax
    assert [p.get_height() for p in ax.patches if isinstance(p, Rectangle)] == [2, 1, 0, 0]
    with pytest.raises(ci.InvalidInputError):
        plot_lead_funnel([1, 2])  # type: ignore[list-item]
