"""Lead temperature from DataFrames (pandas and Dask) equals the object path; the funnel plot."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

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
# Budget values as a frame holds them: text, blank text, numbers, missing.
budget_values = st.sampled_from([None, "10k", "  ", "", 25000.0, 0, float("nan")])
K = ci.InteractionKind

lead_policies = st.builds(
    ci.LeadPolicy,
    fit_rules=st.just(POLICY.fit_rules),
    current_window=cst.windows(),
    qualified_window=cst.windows(),
    answer_window=cst.windows(),
    touch_window=cst.windows(),
    cold_until_engaged=st.lists(st.sampled_from(ci.LeadSource), max_size=2, unique=True),
    qualifying_kinds=st.lists(st.sampled_from(K), max_size=3, unique=True),
    consent_required=st.booleans(),
    contact_from=st.sampled_from(ci.LeadTemperature),
    unanswered_factor=st.sampled_from([0.0, 0.5]),
    budget_key=st.sampled_from(["budget", "spend"]),
    current_activity=st.sampled_from(
        [
            None,
            ci.ActivityPolicy(),
            ci.ActivityPolicy(lapsing_ratio=0.5, lapsed_ratio=1.0, prior_gaps=0),
            ci.ActivityPolicy(base_gap_days=20, prior_gaps=1, fallback_gap_days=3),
            ci.ActivityPolicy(counted_kinds=[K.PURCHASE], lapsed_ratio=2.5),
        ]
    ),
)
# Zones of as_of: fixed offsets, and zones with daylight saving (calendar windows move there).
zones = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=5, minutes=45)),
        ZoneInfo("Europe/Paris"),
        ZoneInfo("America/New_York"),
    ]
)


@st.composite
def bases(
    draw: st.DrawFn,
) -> tuple[list[ci.Customer], list[ci.Interaction], list[object]]:
    """A few customers and their interactions: shared moments (ties), budgets, replays.

    Returns the customers, the interactions (replays included, as the host
    would pass them) and each interaction's budget value as a frame holds it.
    """
    count = draw(st.integers(1, 5))
    people = [
        attrs.evolve(draw(cst.customers()), id=f"c-{n}", attributes=draw(attribute_maps))
        for n in range(count)
    ]
    moments = draw(st.lists(cst.aware_datetimes(), min_size=1, max_size=4))
    talks: list[ci.Interaction] = []
    budgets: list[object] = []
    for n in range(draw(st.integers(0, 25))):
        base = draw(
            cst.interactions(
                st.sampled_from([p.id for p in people]),
                timestamps=st.sampled_from(moments) | cst.aware_datetimes(),
                kinds=st.sampled_from([K.INQUIRY, K.QUOTE_REQUEST, K.PURCHASE])
                | st.sampled_from(K),
            )
        )
        talks.append(attrs.evolve(base, id=f"i-{n}", metadata={}))
        budgets.append(draw(budget_values))
    if talks:
        for index in draw(st.lists(st.integers(0, len(talks) - 1), max_size=3)):
            talks.append(talks[index])
            budgets.append(budgets[index])
    return people, talks, budgets


def _with_budgets(
    talks: list[ci.Interaction], budgets: list[object], key: str
) -> list[ci.Interaction]:
    """The object path's view of the budgets: metadata text, absent when missing."""
    return [
        attrs.evolve(talk, metadata={} if value is None or value != value else {key: str(value)})
        for talk, value in zip(talks, budgets, strict=True)
    ]


def _frames(
    people: list[ci.Customer],
    talks: list[ci.Interaction],
    budgets: list[object] | None = None,
    key: str = "budget",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    interactions = interactions_to_frame(talks)
    if budgets is None:
        budgets = [i.metadata.get(key) for i in talks]
    interactions[key] = pd.Series(budgets, dtype=object)
    return customers_to_frame(people), interactions


def _object_path(
    people: list[ci.Customer],
    talks: list[ci.Interaction],
    as_of: datetime,
    policy: ci.LeadPolicy = POLICY,
) -> pd.DataFrame:
    return lead_assessments_to_frame(
        ci.assess_lead(p, [i for i in talks if i.customer_id == p.id], as_of=as_of, policy=policy)
        for p in people
    )


FLAVOURS = ("objects", "bool objects", "pandas text")


def _flavoured(customers: pd.DataFrame, flavour: str) -> pd.DataFrame:
    """The customers frame as hosts hand it over: Python objects, or pandas text columns."""
    if flavour == "bool objects":
        return customers.astype({"consent": object})
    if flavour == "pandas text":
        text = ["customer_id", "source", "list_name", "region", "size"]
        return customers.astype({c: "string" for c in text if c in customers.columns})
    return customers


@settings(max_examples=60)
@given(bases(), lead_policies, cst.aware_datetimes(), zones, st.sampled_from(FLAVOURS))
def test_frames_path_equals_the_object_path(
    base: tuple[list[ci.Customer], list[ci.Interaction], list[object]],
    policy: ci.LeadPolicy,
    as_of: datetime,
    zone: tzinfo,
    flavour: str,
) -> None:
    """leads_frame gives exactly the object path's result on random bases and policies.

    Budgets come as text, blank text, numbers or missing, under the policy's
    budget_key (a non-default one too); some rows are replays; moments are
    shared; as_of's zone may have daylight saving; the customers frame may
    need the models' row-by-row judgement (object columns) or hold pandas text.
    """
    people, talks, budgets = base
    as_of = as_of.astimezone(zone)
    customers, interactions = _frames(people, talks, budgets, policy.budget_key)
    customers = _flavoured(customers, flavour)
    before = (customers.copy(), interactions.copy())
    got = leads_frame(customers, interactions, as_of=as_of, policy=policy)
    expected = _object_path(people, _with_budgets(talks, budgets, policy.budget_key), as_of, policy)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    pd.testing.assert_frame_equal(customers, before[0])
    pd.testing.assert_frame_equal(interactions, before[1])
    assert tuple(got.columns) == LEAD_COLUMNS


def test_a_numeric_budget_qualifies_in_both_paths() -> None:
    """A budget of 25000.0 in the frame qualifies as the metadata text "25000.0" does.

    The frames path used to read only text budgets, leaving such a lead COLD
    where the object path said QUALIFIED; it also ignored the policy's budget_key.
    """
    people = [ci.Customer(id="c-1", created=datetime(2026, 1, 5, tzinfo=UTC))]
    ask = ci.Interaction(
        id="i-1",
        customer_id="c-1",
        timestamp=datetime(2026, 2, 1, tzinfo=UTC),
        sentiment=ci.Sentiment.NEUTRAL,
        kind=K.INQUIRY,
    )
    as_of = datetime(2026, 2, 2, tzinfo=UTC)
    for key in ("budget", "spend"):
        policy = ci.LeadPolicy(budget_key=key)
        customers, interactions = _frames(people, [ask], [25000.0], key)
        got = leads_frame(customers, interactions, as_of=as_of, policy=policy)
        assert got.loc["c-1", "temperature"] == "qualified"
        told = attrs.evolve(ask, metadata={key: "25000.0"})
        assert ci.assess_lead(people[0], [told], as_of=as_of, policy=policy).temperature is (
            ci.LeadTemperature.QUALIFIED
        )
    customers, interactions = _frames(people, [ask], ["   "], "budget")
    assert leads_frame(customers, interactions, as_of=as_of).loc["c-1", "temperature"] != (
        "qualified"
    )


def test_replayed_rows_count_once_and_say_so() -> None:
    """An identical row twice counts once, as in the object path; a changed budget is refused."""
    people = [ci.Customer(id="c-1", created=datetime(2026, 1, 5, tzinfo=UTC))]
    ask = ci.Interaction(
        id="i-1",
        customer_id="c-1",
        timestamp=datetime(2026, 2, 1, tzinfo=UTC),
        sentiment=ci.Sentiment.NEUTRAL,
        kind=K.INQUIRY,
    )
    as_of = datetime(2026, 2, 2, tzinfo=UTC)
    customers, interactions = _frames(people, [ask, ask], ["10k", "10k"])
    got = leads_frame(customers, interactions, as_of=as_of)
    assert "lead.history.duplicate_ignored" in got.loc["c-1", "reasons"]
    assert got.loc["c-1", "score"] == ci.assess_lead(people[0], [ask, ask], as_of=as_of).score
    customers, interactions = _frames(people, [ask, ask], ["10k", "20k"])
    with pytest.raises(ci.InvalidInputError) as info:
        leads_frame(customers, interactions, as_of=as_of)
    assert info.value.field == "id[1]"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda c: c.assign(customer_id=["", *c["customer_id"][1:]]),
        lambda c: c.assign(source=["telepathy", *c["source"][1:]]),
        lambda c: c.assign(list_name=["  ", *c["list_name"][1:]]),
        lambda c: c.assign(name=[3, *c["name"][1:]]),
        lambda c: c.assign(consent=["yes", *c["consent"][1:]]),
        lambda c: c.assign(do_not_contact=[None, *c["do_not_contact"][1:]]),
        lambda c: c.assign(created=c["created"].where(c.index != 1)),
        lambda c: c.assign(became_customer=c["created"] - pd.Timedelta(days=1)),
        lambda c: c.assign(churned=c["created"], became_customer=pd.NaT),
        lambda c: c.assign(churned=c["created"] - pd.Timedelta(days=1)),
        lambda c: c.assign(created=c["created"].dt.tz_convert("Europe/Paris")),
        lambda c: c.assign(became_customer=c["created"].dt.tz_convert(ZoneInfo("Asia/Kolkata"))),
        lambda c: c.rename(columns={"region": " "}),
        lambda c: c.assign(size=[3, 9.5]),
    ],
)
def test_customer_columns_are_judged_as_the_models_judge_them(spoil: object) -> None:
    """leads_frame accepts and refuses exactly the customers frames customers_from_frame does."""
    people = [
        ci.Customer(
            id=f"c-{n}",
            created=datetime(2026, 1, 5, tzinfo=UTC),
            became_customer=datetime(2026, 1, 9, tzinfo=UTC),
            churned=datetime(2026, 3, 1, tzinfo=UTC),
            list_name="mortgage",
            name="Jo",
            attributes={"region": "north", "size": "3"},
        )
        for n in range(2)
    ]
    customers = spoil(customers_to_frame(people))  # type: ignore[operator]
    interactions = interactions_to_frame([])
    refused: ci.InvalidInputError | None = None
    try:
        expected = customers_from_frame(customers)
    except ci.InvalidInputError as exc:
        refused = exc
    if refused is not None:
        with pytest.raises(ci.InvalidInputError) as info:
            leads_frame(customers, interactions, as_of=AS_OF, policy=POLICY)
        assert (info.value.field, str(info.value)) == (refused.field, str(refused))
        return
    got = leads_frame(customers, interactions, as_of=AS_OF, policy=POLICY)
    want = (ci.assess_lead(c, [], as_of=AS_OF, policy=POLICY) for c in expected)
    pd.testing.assert_frame_equal(got, lead_assessments_to_frame(want), check_exact=True)


@settings(max_examples=5)
@given(bases(), st.integers(1, 3))
def test_dask_path_equals_the_pandas_path(
    base: tuple[list[ci.Customer], list[ci.Interaction], list[object]], partitions: int
) -> None:
    """On a Dask frame (synchronous scheduler) the result equals the pandas result."""
    people, talks, budgets = base
    customers, interactions = _frames(people, talks, budgets)
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


# Attribute texts a fit rule may meet: words, numbers written every way Python's float reads.
fit_texts = st.sampled_from(
    ["north", "south", "3", "9", " 4 ", "1_000", "1e3", "nan", "inf", "-inf", "", "  ", "5.0"]
) | st.text(max_size=4)


def _fit_rules_of_every_kind(kind: ci.FitRuleKind) -> st.SearchStrategy[ci.FitRule]:
    """Random valid rules of one kind on the attribute ``size``."""
    bound = st.none() | st.sampled_from([-1.0, 2, 3.5, 5, 1000.0])
    if kind is ci.FitRuleKind.EQUALS:
        return st.builds(
            ci.FitRule,
            attribute=st.just("size"),
            kind=st.just(kind),
            points=st.just(3),
            value=fit_texts,
        )
    if kind is ci.FitRuleKind.ONE_OF:
        return st.builds(
            ci.FitRule,
            attribute=st.just("size"),
            kind=st.just(kind),
            points=st.just(3),
            values=st.lists(fit_texts, min_size=1, max_size=3),
        )
    return (
        st.tuples(bound, bound)
        .filter(
            lambda b: b != (None, None) and (None in b or b[0] <= b[1])  # type: ignore[operator]
        )
        .map(lambda b: ci.FitRule(attribute="size", kind=kind, points=3, low=b[0], high=b[1]))
    )


def test_every_fit_rule_kind_has_a_vectorised_matcher() -> None:
    """The frames path's matcher table has an entry for every FitRuleKind, as the rules table does."""
    from custinteract.leads._frames_base import FIT_MATCHERS
    from custinteract.leads._rules import FIT_KINDS

    assert set(FIT_MATCHERS) == set(ci.FitRuleKind) == set(FIT_KINDS)


@settings(max_examples=80)
@given(
    st.sampled_from(ci.FitRuleKind).flatmap(_fit_rules_of_every_kind),
    st.lists(fit_texts | st.none(), max_size=8),
)
def test_vectorised_fit_matchers_equal_the_rule(rule: ci.FitRule, texts: list[str | None]) -> None:
    """Each kind's vectorised matcher says what FitRule.matches says, missing values never match."""
    from custinteract.leads._frames_base import _matches

    got = _matches(pd.Series(texts, dtype=object), rule).tolist()
    assert got == [t is not None and rule.matches({"size": t}) for t in texts]


@settings(max_examples=25)
@given(
    bases(),
    st.lists(st.sampled_from(ci.FitRuleKind).flatmap(_fit_rules_of_every_kind), max_size=3),
    cst.aware_datetimes(),
)
def test_frames_path_equals_the_object_path_for_every_fit_rule_kind(
    base: tuple[list[ci.Customer], list[ci.Interaction], list[object]],
    rules: list[ci.FitRule],
    as_of: datetime,
) -> None:
    """leads_frame equals the object path with random fit rules of every kind."""
    people, talks, budgets = base
    policy = ci.LeadPolicy(fit_rules=rules)
    customers, interactions = _frames(people, talks, budgets)
    got = leads_frame(customers, interactions, as_of=as_of, policy=policy)
    expected = _object_path(people, _with_budgets(talks, budgets, "budget"), as_of, policy)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@settings(max_examples=60)
@given(
    st.lists(
        st.lists(
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
            | st.sampled_from([0.0, -0.0, 1e16, -1e16, 0.1, 2.0**-60]),
            max_size=70,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_run_sums_are_math_fsum(runs: list[list[float]]) -> None:
    """The vectorised exact sums equal math.fsum run for run, bit for bit (zero's sign too)."""
    import math

    import numpy as np

    from custinteract.leads._frames_rules import _run_sums

    lengths = np.array([len(run) for run in runs], dtype=np.int64)
    ends = np.cumsum(lengths)
    flat = np.array([x for run in runs for x in run], dtype=float)
    got = _run_sums(flat, ends - lengths, ends)
    want = [math.fsum(run) for run in runs]
    assert [x.hex() for x in got.tolist()] == [x.hex() for x in want]
