"""Frame results flow into the summaries and plots: the same picture as from the objects.

Each test draws one engine's picture twice on the sample base, from the
object path's result and from the frames path's result, and compares what
was drawn (bar heights, tick labels, line data, titles).
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes

import custinteract as ci
from custinteract import frames as cf
from custinteract import plotting as cp
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

DATA = sample_dataset()
INTERACTIONS = cf.interactions_to_frame(DATA.interactions)


def number(x: Any) -> float | None:
    """A drawn number, rounded (None for NaN, so that gaps compare equal)."""
    value = float(x)
    return None if math.isnan(value) else round(value, 9)


def drawn(ax: Axes) -> dict[str, Any]:
    """What an Axes shows, as plain values."""
    return {
        "title": ax.get_title(),
        "xticks": [t.get_text() for t in ax.get_xticklabels()],
        "yticks": [t.get_text() for t in ax.get_yticklabels()],
        "bars": [(number(p.get_width()), number(p.get_height())) for p in ax.patches],
        "lines": [[number(y) for y in line.get_ydata()] for line in ax.get_lines()],
    }


def test_recovery_summary_from_the_frame() -> None:
    """plot_recovery_summary(recovery_frame(...)) draws the objects' summary."""
    objects = ci.summarize_recoveries(ci.assess_recoveries(DATA.interactions, as_of=SAMPLE_AS_OF))
    frame = cf.recovery_frame(INTERACTIONS, as_of=SAMPLE_AS_OF)
    assert ci.summarize_recoveries(frame) == objects
    assert drawn(cp.plot_recovery_summary(frame)) == drawn(cp.plot_recovery_summary(objects))


def test_lead_funnel_from_the_frame() -> None:
    """plot_lead_funnel(<a leads frame>) counts the temperatures as the assessments do."""
    assessments = list(ci.assess_leads(DATA.customers, DATA.interactions, as_of=SAMPLE_AS_OF))
    frame = cf.lead_assessments_to_frame(assessments)  # the layout of leads_frame
    assert drawn(cp.plot_lead_funnel(frame)) == drawn(cp.plot_lead_funnel(assessments))
    computed = cf.leads_frame(
        cf.customers_to_frame(DATA.customers), INTERACTIONS, as_of=SAMPLE_AS_OF
    )
    heights = [p.get_height() for p in cp.plot_lead_funnel(computed).patches]
    assert heights == [(computed["temperature"] == t.value).sum() for t in ci.LeadTemperature]


def test_team_morale_from_the_frame() -> None:
    """plot_team_morale(morale_frame(...)) draws the members as assess_team_morale does."""
    team = ci.assess_team_morale(
        DATA.staff, DATA.interactions, as_of=SAMPLE_AS_OF, events=DATA.staff_events
    )
    staff = pd.DataFrame({"id": [m.id for m in DATA.staff], "team": [m.team for m in DATA.staff]})
    events = pd.DataFrame(
        {
            "id": [e.id for e in DATA.staff_events],
            "staff_id": [e.staff_id for e in DATA.staff_events],
            "timestamp": pd.to_datetime([e.timestamp for e in DATA.staff_events], utc=True),
            "kind": [e.kind.value for e in DATA.staff_events],
            "note": [e.note for e in DATA.staff_events],
            "score": pd.array([e.score for e in DATA.staff_events], dtype="Int64"),
            "resolves": [e.resolves for e in DATA.staff_events],
        }
    )
    frame = cf.morale_frame(staff, INTERACTIONS, events, as_of=SAMPLE_AS_OF)
    assert drawn(cp.plot_team_morale(frame)) == drawn(cp.plot_team_morale(team))


def test_feedback_loop_from_the_frame() -> None:
    """plot_feedback_loop(loop_frame(...)) draws the same lines (no equilibrium to mark)."""
    runs = ci.compare_scenarios(
        [ci.Scenario(name="do nothing"), ci.Scenario(name="listen")], periods=12
    )
    from_frame = drawn(cp.plot_feedback_loop(cf.loop_frame(runs)))
    from_objects = drawn(cp.plot_feedback_loop(runs))
    equilibria = [t.equilibrium_morale for t in runs.trajectories if t.equilibrium_morale]
    morale_lines = [line for line in from_objects["lines"] if len(line) > 2]
    assert from_frame["lines"] == morale_lines
    assert len(from_objects["lines"]) == len(morale_lines) + len(equilibria)
    assert from_frame["title"] == from_objects["title"]


def test_satisfaction_trend_and_breakdown_from_the_frames() -> None:
    """The trend and the per-channel bars from the frames equal those from the objects."""
    trend = ci.satisfaction_trend(DATA.interactions, frequency=ci.Frequency.MONTH)
    trend_frame = cf.satisfaction_trend_frame(INTERACTIONS, frequency=ci.Frequency.MONTH)
    assert drawn(cp.plot_satisfaction_trend(trend_frame)) == drawn(
        cp.plot_satisfaction_trend(trend)
    )
    nps = ci.MetricKind.NPS
    breakdown = ci.satisfaction_by(DATA.interactions, by="channel")
    by_frame = cf.satisfaction_frame(INTERACTIONS, by="channel")
    assert drawn(cp.plot_satisfaction_by(by_frame, metric=nps)) == drawn(
        cp.plot_satisfaction_by(breakdown, metric=nps)
    )
    everyone = cf.satisfaction_frame(INTERACTIONS)
    assert drawn(cp.plot_satisfaction_by(everyone)) == drawn(
        cp.plot_satisfaction_by(ci.satisfaction_by(DATA.interactions))
    )


def test_reach_from_the_word_of_mouth_frame() -> None:
    """plot_reach_distribution(word_of_mouth_frame(...)): per-customer reach, means marked."""
    frame = cf.word_of_mouth_frame(INTERACTIONS)
    ax = cp.plot_reach_distribution(frame)
    means = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert means == pytest.approx(
        sorted([frame["positive_reach"].mean(), frame["negative_reach"].mean()])
    )
    assert sum(p.get_height() for p in ax.patches) == 2 * len(frame)
    assert ax.get_xlabel() == "people who hear about it (expected, per customer)"


def test_plots_name_the_frame_they_expected() -> None:
    """A frame of the wrong shape is refused with the function whose result was expected."""
    wrong = pd.DataFrame({"x": [1]})
    for plot, name in [
        (cp.plot_recovery_summary, "recovery_frame"),
        (cp.plot_lead_funnel, "leads_frame"),
        (cp.plot_team_morale, "morale_frame"),
        (cp.plot_feedback_loop, "loop_frame"),
        (cp.plot_satisfaction_trend, "satisfaction_trend_frame"),
        (cp.plot_satisfaction_by, "satisfaction_frame"),
        (cp.plot_reach_distribution, "word_of_mouth_frame"),
    ]:
        with pytest.raises(ci.InvalidInputError, match=name):
            plot(wrong)


def test_every_frame_result_says_why_in_words() -> None:
    """Each frame result has a ``why`` beside its codes: their meanings from the engine's table."""
    staff = pd.DataFrame({"id": [m.id for m in DATA.staff], "team": [m.team for m in DATA.staff]})
    results = [
        (
            cf.recovery_frame(INTERACTIONS, as_of=SAMPLE_AS_OF),
            "reason_codes",
            ci.RECOVERY_REASON_CODES,
        ),
        (
            cf.leads_frame(cf.customers_to_frame(DATA.customers), INTERACTIONS, as_of=SAMPLE_AS_OF),
            "reasons",
            ci.LEAD_REASON_CODES,
        ),
        (
            cf.activity_frame(INTERACTIONS, as_of=SAMPLE_AS_OF),
            "reason_codes",
            ci.ACTIVITY_REASON_CODES,
        ),
        (cf.word_of_mouth_frame(INTERACTIONS), "explanation", ci.WORD_OF_MOUTH_REASON_CODES),
        (
            cf.morale_frame(staff, INTERACTIONS, as_of=SAMPLE_AS_OF),
            "explanation",
            ci.MORALE_REASON_CODES,
        ),
        (
            cf.team_morale_frame(staff, INTERACTIONS, as_of=SAMPLE_AS_OF),
            "explanation",
            ci.MORALE_REASON_CODES,
        ),
        (
            cf.satisfaction_frame(INTERACTIONS, by="channel"),
            "explanation",
            ci.SATISFACTION_REASON_CODES,
        ),
        (
            cf.satisfaction_trend_frame(INTERACTIONS, frequency=ci.Frequency.MONTH),
            "explanation",
            ci.SATISFACTION_REASON_CODES,
        ),
    ]
    for frame, codes, table in results:
        assert list(frame.columns).index("why") == list(frame.columns).index(codes) + 1
        for row_codes, why in zip(frame[codes], frame["why"], strict=True):
            assert why == "; ".join(table[code] for code in row_codes)  # every code in the table


@pytest.mark.parametrize(
    "advice",
    [
        None,
        {ci.OutreachAdvice.CONTACT},
        {ci.OutreachAdvice.CONTACT, ci.OutreachAdvice.NURTURE, ci.OutreachAdvice.HOLD},
    ],
)
def test_prioritize_leads_ranks_a_leads_frame_as_the_objects(
    advice: set[ci.OutreachAdvice] | None,
) -> None:
    """prioritize_leads(<a leads frame>) gives its rows in the objects' ranking order."""
    assessments = list(ci.assess_leads(DATA.customers, DATA.interactions, as_of=SAMPLE_AS_OF))
    frame = cf.lead_assessments_to_frame(assessments)
    for limit in (None, 0, 7):
        ranked = ci.prioritize_leads(frame, limit=limit, advice=advice)
        expected = ci.prioritize_leads(assessments, limit=limit, advice=advice)
        assert list(ranked.index) == [a.customer_id for a in expected]
        pd.testing.assert_frame_equal(ranked, frame.loc[list(ranked.index)])
    with pytest.raises(ci.InvalidInputError, match="advice"):
        ci.prioritize_leads(frame.assign(advice="call now"))
    with pytest.raises(ci.InvalidInputError, match="one row per customer"):
        ci.prioritize_leads(pd.concat([frame, frame]))


LEAD_CUSTOMERS = cf.customers_to_frame(DATA.customers)
# the objects the frames hold, so that both paths read the same base
LEAD_OBJECTS = (cf.customers_from_frame(LEAD_CUSTOMERS), cf.interactions_from_frame(INTERACTIONS))


@pytest.mark.parametrize(
    ("capacity", "days"), [({"ann": 3, "bob": 2}, 2), ({"ann": 0}, 1), ({"a": 50, "b": 1}, 3)]
)
def test_call_sheets_deal_a_leads_frame_as_the_objects(capacity: dict[str, int], days: int) -> None:
    """call_sheets(leads_frame(...)) gives the plan of call_sheets over the assessments."""
    assessments = ci.assess_leads(*LEAD_OBJECTS, as_of=SAMPLE_AS_OF)
    frame = cf.leads_frame(LEAD_CUSTOMERS, INTERACTIONS, as_of=SAMPLE_AS_OF)
    for advice in [(ci.OutreachAdvice.CONTACT,), (ci.OutreachAdvice.NURTURE,)]:
        expected = ci.call_sheets(assessments, capacity=capacity, days=days, advice=advice)
        assert ci.call_sheets(frame, capacity=capacity, days=days, advice=advice) == expected


@settings(max_examples=25, deadline=None)
@given(
    leads=st.lists(
        st.tuples(
            st.sampled_from(list(ci.LeadTemperature)),
            st.sampled_from(list(ci.OutreachAdvice)),
            st.integers(0, 4).map(float),
        ),
        max_size=12,
    ),
    calls=st.lists(st.integers(0, 3), min_size=1, max_size=3),
    days=st.integers(1, 3),
)
def test_call_sheets_on_random_frames(
    leads: list[tuple[ci.LeadTemperature, ci.OutreachAdvice, float]], calls: list[int], days: int
) -> None:
    """Ties of score and temperature included, the frame's plan is the objects' plan."""
    at = SAMPLE_AS_OF
    assessments = [
        ci.LeadAssessment(
            customer_id=f"c-{n:02d}",
            as_of=at,
            temperature=temperature,
            score=score,
            advice=advice,
            source=ci.LeadSource.OTHER,
        )
        for n, (temperature, advice, score) in enumerate(leads)
    ]
    capacity = {f"s-{n}": c for n, c in enumerate(calls)}
    frame = cf.lead_assessments_to_frame(assessments)
    assert ci.call_sheets(frame, capacity=capacity, days=days) == ci.call_sheets(
        assessments, capacity=capacity, days=days
    )


@pytest.mark.parametrize("days_back", [1, 30, 400])
def test_lead_funnel_of_frames_as_the_objects(days_back: int) -> None:
    """lead_funnel over the frames, and funnel_of over two leads frames, equal the objects'."""
    start = SAMPLE_AS_OF - timedelta(days=days_back)
    expected = ci.lead_funnel(*LEAD_OBJECTS, start=start, end=SAMPLE_AS_OF)
    from_frames = ci.lead_funnel(LEAD_CUSTOMERS, INTERACTIONS, start=start, end=SAMPLE_AS_OF)
    assert from_frames == expected
    if expected.entered == 0:  # everyone assessed at start: two plain leads frames
        pair = tuple(
            cf.leads_frame(LEAD_CUSTOMERS, INTERACTIONS, as_of=moment)
            for moment in (start, SAMPLE_AS_OF)
        )
        assert ci.funnel_of(pair, start=start, end=SAMPLE_AS_OF) == expected
    assert drawn(cp.plot_lead_funnel(from_frames)) == drawn(cp.plot_lead_funnel(expected))


def test_lead_summaries_refuse_what_is_not_a_pandas_leads_frame() -> None:
    """A Dask frame is refused with the fix; mismatched or undated frames name the field."""
    dd = pytest.importorskip("dask.dataframe")
    start = SAMPLE_AS_OF - timedelta(days=30)
    frame = cf.leads_frame(LEAD_CUSTOMERS, INTERACTIONS, as_of=SAMPLE_AS_OF)
    lazy = dd.from_pandas(frame.drop(columns=["reasons"]), npartitions=2)
    with pytest.raises(ci.InvalidInputError, match=r"\.compute\(\)"):
        ci.call_sheets(lazy, capacity={"ann": 1})
    with pytest.raises(ci.InvalidInputError, match=r"\.compute\(\)"):
        ci.funnel_of((lazy, frame), start=start, end=SAMPLE_AS_OF)
    with pytest.raises(ci.InvalidInputError, match=r"\.compute\(\)"):
        ci.lead_funnel(
            LEAD_CUSTOMERS,
            dd.from_pandas(INTERACTIONS, npartitions=2),
            start=start,
            end=SAMPLE_AS_OF,
        )
    early = cf.leads_frame(LEAD_CUSTOMERS, INTERACTIONS, as_of=start)
    with pytest.raises(ci.InvalidInputError, match="the same customers in both frames"):
        ci.funnel_of((early.iloc[1:], frame), start=start, end=SAMPLE_AS_OF)
    with pytest.raises(ci.InvalidInputError, match=r"pairs\[1\]\.as_of.*the end of the period"):
        ci.funnel_of((early, early), start=start, end=SAMPLE_AS_OF)
    undated = frame.copy()
    undated.attrs = {}
    with pytest.raises(ci.InvalidInputError, match=r"attrs\['as_of'\]"):
        ci.funnel_of((early, undated), start=start, end=SAMPLE_AS_OF)


def marked(ax: Axes) -> list[list[tuple[float | None, float | None]]]:
    """The points of each scatter on an Axes (the marked interactions)."""
    return [
        [(number(x), number(y)) for x, y in c.get_offsets()]
        for c in ax.collections
        if hasattr(c, "get_offsets")
    ]


def test_recovery_ledger_from_frames() -> None:
    """plot_recovery_ledger takes an interactions frame (the same picture) and a ledger frame."""
    ledger = cf.recovery_ledger_frame(INTERACTIONS, as_of=SAMPLE_AS_OF)
    owing = ledger.groupby("customer_id")["debt"].max()
    chosen = [str(owing.idxmax()), str(owing.idxmin()), str(ledger["customer_id"].iloc[-1])]
    for cid in chosen:
        mine = [i for i in DATA.interactions if i.customer_id == cid]
        objects = cp.plot_recovery_ledger(mine, as_of=SAMPLE_AS_OF)
        rows = INTERACTIONS[INTERACTIONS["customer_id"] == cid]
        assert drawn(cp.plot_recovery_ledger(rows, as_of=SAMPLE_AS_OF)) == drawn(objects)
        customer = ci.Customer(id=cid, created=SAMPLE_AS_OF - timedelta(days=2000))
        assert drawn(
            cp.plot_recovery_ledger(INTERACTIONS, as_of=SAMPLE_AS_OF, customer=customer)
        ) == drawn(cp.plot_recovery_ledger(mine, as_of=SAMPLE_AS_OF, customer=customer))
        from_ledger = cp.plot_recovery_ledger(
            ledger[ledger["customer_id"] == cid], as_of=SAMPLE_AS_OF
        )
        # the interactions' debts and marks are the ledger's; the line then runs to as_of
        assert drawn(from_ledger)["lines"][0][:-1] == drawn(objects)["lines"][0][:-1]
        assert marked(from_ledger) == marked(objects)
        needed = int(ledger[ledger["customer_id"] == cid]["positives_needed"].iloc[-1])
        assert from_ledger.get_title().startswith(f"{cid}: {needed} positive")
        assert from_ledger.get_title().endswith("needed after the last interaction")
    with pytest.raises(ci.InvalidInputError, match="one customer's interactions"):
        cp.plot_recovery_ledger(ledger, as_of=SAMPLE_AS_OF)
    with pytest.raises(ci.InvalidInputError, match="recovery_ledger_frame's columns"):
        cp.plot_recovery_ledger(
            ledger[ledger["customer_id"] == chosen[0]].drop(columns="positives_needed"),
            as_of=SAMPLE_AS_OF,
        )
    dd = pytest.importorskip("dask.dataframe")
    with pytest.raises(ci.InvalidInputError, match=r"\.compute\(\)"):
        cp.plot_recovery_ledger(dd.from_pandas(ledger, npartitions=2), as_of=SAMPLE_AS_OF)
