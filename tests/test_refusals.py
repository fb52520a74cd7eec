"""Every public function refuses a wrong type or value with InvalidInputError naming the parameter.

Each function of ``custinteract.__all__`` is called with valid arguments
(``VALID``), then with ``None`` and with ``3`` in place of each parameter in
turn. The call either still works (the parameter accepts it: ``None`` for an
optional parameter, an ``int`` for a number) or raises
:class:`~custinteract.InvalidInputError` whose ``field`` names the parameter;
never ``TypeError``, ``AttributeError`` or another exception.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import custinteract as ci

AT = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)
EARLIER = AT - timedelta(days=10)


def _interaction(n: int, sentiment: ci.Sentiment = ci.Sentiment.NEGATIVE) -> ci.Interaction:
    return ci.Interaction(
        id=f"i-{n}",
        customer_id="c-1",
        timestamp=EARLIER + timedelta(hours=n),
        sentiment=sentiment,
        staff_id="s-1",
    )


INTERACTIONS = [_interaction(1), _interaction(2, ci.Sentiment.POSITIVE)]
CUSTOMER = ci.Customer(id="c-1", created=EARLIER - timedelta(days=30))
STAFF = ci.StaffMember(id="s-1", name="Sam", hired=EARLIER - timedelta(days=400))
EVENT = ci.StaffEvent(
    id="e-1", staff_id="s-1", timestamp=EARLIER, kind=ci.StaffEventKind.RECOGNITION
)
LEAD = ci.assess_lead(CUSTOMER, INTERACTIONS, as_of=AT)
SCENARIO = ci.Scenario(name="base")
DATASET = ci.Dataset(customers=[CUSTOMER], interactions=INTERACTIONS, staff=[STAFF])
SUMMARY = ci.activity_summaries(INTERACTIONS, as_of=AT)["c-1"]

VALID: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "sentiment_from_rating": ((4, ci.RatingScale.CSAT), {}),
    "format_window": ((relativedelta(days=3),), {}),
    "parse_datetime": (("2026-03-04T10:00:00+00:00",), {}),
    "parse_window": (("P3D",), {}),
    "period_start": ((AT, ci.Frequency.MONTH), {}),
    "from_dict": ((ci.Reason, {"code": "a.b", "message": "m"}), {}),
    "from_dicts": ((ci.Reason, [{"code": "a.b", "message": "m"}]), {}),
    "json_schema": ((ci.Reason,), {}),
    "to_dict": ((ci.Reason(code="a.b", message="m"),), {}),
    "build_demo_report": ((DATASET,), {"as_of": AT}),
    "reason_codes": ((), {}),
    "render_demo_report": ((None,), {}),  # filled in below (slow to build)
    "assess_recoveries": ((INTERACTIONS,), {"as_of": AT, "customers": [CUSTOMER]}),
    "assess_recovery": ((INTERACTIONS,), {"as_of": AT, "customer": CUSTOMER}),
    "learn_playbook": ((INTERACTIONS,), {"as_of": AT, "customers": [CUSTOMER]}),
    "summarize_recoveries": (
        (ci.assess_recoveries(INTERACTIONS, as_of=AT),),
        {"limit": 5},
    ),
    "estimate_word_of_mouth": ((INTERACTIONS,), {}),
    "graph_from_networkx": ((None,), {}),  # any object: the graph itself is what is checked
    "simulate_bass": ((), {"model": ci.BassModel(), "periods": 3, "steps_per_period": 2}),
    "simulate_cascade": (({"a": ["b"]}, {"a": ci.Sentiment.POSITIVE}), {"runs": 3}),
    "simulate_word_of_mouth": ((INTERACTIONS,), {"runs": 5, "percentiles": (50.0,), "bins": 3}),
    "word_of_mouth_sources": ((INTERACTIONS,), {"since": EARLIER, "until": AT, "limit": 3}),
    "assess_lead": ((CUSTOMER, INTERACTIONS), {"as_of": AT}),
    "assess_leads": (([CUSTOMER], INTERACTIONS), {"as_of": AT}),
    "call_sheets": (([LEAD],), {"capacity": {"s-1": 2}, "days": 2}),
    "funnel_of": (([(LEAD, LEAD)],), {"start": EARLIER, "end": AT}),
    "learn_conversion": (([CUSTOMER],), {"as_of": AT}),
    "lead_funnel": (([CUSTOMER], INTERACTIONS), {"start": EARLIER, "end": AT}),
    "prioritize_leads": (([LEAD],), {"limit": 3, "advice": [ci.OutreachAdvice.CONTACT]}),
    "rank_key": ((LEAD,), {}),
    "measure_satisfaction": ((INTERACTIONS,), {"since": EARLIER, "until": AT}),
    "satisfaction_by": ((INTERACTIONS,), {"by": "channel", "customers": [CUSTOMER]}),
    "satisfaction_from_counts": ((ci.SatisfactionCounts(),), {"key": ("a",)}),
    "satisfaction_trend": ((INTERACTIONS,), {"since": EARLIER, "until": AT}),
    "satisfaction_trends": ((INTERACTIONS,), {"by": "channel", "customers": [CUSTOMER]}),
    "assess_morale": ((STAFF, INTERACTIONS), {"as_of": AT, "events": [EVENT]}),
    "assess_team_morale": (([STAFF], INTERACTIONS), {"as_of": AT, "events": [EVENT]}),
    "employee_nps": (([9, 7, 3],), {}),
    "compare_scenarios": (([SCENARIO],), {"periods": 3}),
    "simulate_feedback_loop": ((), {"periods": 3, "interventions": []}),
    "activity_summaries": ((INTERACTIONS,), {"as_of": AT}),
    "assess_activities": ((INTERACTIONS,), {"as_of": AT}),
    "assess_activity": ((INTERACTIONS,), {"as_of": AT}),
    "fit_bgnbd": (([SUMMARY],), {"max_evaluations": 50}),
    "assess_summary": ((SUMMARY,), {"as_of": AT, "base_gap_days": 30.0}),
}

# Parameters for which None or 3 is a valid value of the documented type.
ACCEPTS: dict[tuple[str, str], tuple[Any, ...]] = {
    ("graph_from_networkx", "graph"): (),
    ("simulate_cascade", "max_hops"): (None, 3),
    ("parse_datetime", "field"): (),
    ("parse_window", "field"): (),
}


# Where the error names something other than the parameter, by documented convention.
FIELD_ALIASES: dict[tuple[str, str], str] = {
    ("parse_datetime", "text"): "timestamp",  # the field the text is for (``field=``)
    ("parse_window", "text"): "window",  # likewise
    ("from_dict", "data"): "$",  # a path inside the document; ``$`` is the document itself
    ("to_dict", "value"): "cls",  # the value's class is what is refused
}


def _functions() -> list[str]:
    return [name for name in ci.__all__ if inspect.isfunction(getattr(ci, name))]


def test_every_public_function_has_a_valid_call() -> None:
    """The table covers every public function (a new one must be added to it)."""
    assert sorted(VALID) == sorted(_functions())


def _cases() -> list[tuple[str, str, Any]]:
    cases = []
    for name in _functions():
        signature = inspect.signature(getattr(ci, name))
        for parameter in signature.parameters.values():
            for bad in (None, 3):
                cases.append((name, parameter.name, bad))
    return cases


def _call(name: str, parameter: str, bad: Any) -> Any:
    function: Callable[..., Any] = getattr(ci, name)
    args, kwargs = VALID[name]
    if name == "render_demo_report":
        args = (_demo(),)
    bound = inspect.signature(function).bind_partial(*args, **kwargs)
    bound.arguments[parameter] = bad
    return function(*bound.args, **bound.kwargs)


_DEMO: list[Any] = []


def _demo() -> Any:
    if not _DEMO:
        _DEMO.append(ci.build_demo_report(DATASET, as_of=AT))
    return _DEMO[0]


@pytest.mark.parametrize(("name", "parameter", "bad"), _cases())
def test_wrong_value_is_refused_with_invalid_input_error(
    name: str, parameter: str, bad: Any
) -> None:
    """None or 3 in place of one parameter: it works, or InvalidInputError names the parameter."""
    if (name, parameter) in ACCEPTS and (
        not ACCEPTS[name, parameter] or bad in ACCEPTS[name, parameter]
    ):
        return
    refused: ci.InvalidInputError | None = None
    try:
        _call(name, parameter, bad)
    except ci.InvalidInputError as error:  # anything else (TypeError, ...) fails the test
        refused = error
    if refused is not None:
        named = refused.field.split("[")[0].split(".")[0]
        assert named == FIELD_ALIASES.get((name, parameter), parameter), str(refused)


def test_the_valid_calls_work() -> None:
    """The table's calls themselves succeed."""
    for name in _functions():
        if name == "graph_from_networkx":
            continue
        args, kwargs = VALID[name]
        if name == "render_demo_report":
            args = (_demo(),)
        getattr(ci, name)(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"samples": [1, 2], "bins": -1}, "bins"),
        ({"samples": [1, 2], "bins": float("inf")}, "bins"),
        ({"samples": [1, 2], "bins": True}, "bins"),
        ({"samples": [1, 2], "percentiles": (float("nan"),)}, "percentiles[0]"),
        ({"samples": [1, 2], "percentiles": None}, "percentiles"),
        ({"samples": [0, 10**200]}, "samples[1]"),
        ({"samples": [0, True]}, "samples[1]"),
        ({"samples": None}, "samples"),
        ({"samples": []}, "samples"),
    ],
)
def test_reach_distribution_from_samples_refuses_bad_arguments(
    kwargs: dict[str, Any], field: str
) -> None:
    """Bins, percentiles and samples are checked as simulate_word_of_mouth checks them."""
    samples = kwargs.pop("samples")
    with pytest.raises(ci.InvalidInputError) as info:
        ci.ReachDistribution.from_samples(samples, **kwargs)
    assert info.value.field == field


def test_call_sheets_work_is_bounded_by_the_leads_not_the_days() -> None:
    """An astronomically long plan returns at once: dealing stops when nothing is left to deal."""
    leads = [
        ci.LeadAssessment(
            customer_id=f"c-{n}",
            as_of=AT,
            temperature=ci.LeadTemperature.WARM,
            score=30,
            advice=ci.OutreachAdvice.CONTACT,
            source=ci.LeadSource.REFERRAL,
        )
        for n in range(5)
    ]
    plan = ci.call_sheets(leads, capacity={"ann": 2}, days=10**400)
    assert [sheet.day for sheet in plan.sheets] == [0, 1, 2]
    assert plan.unassigned == ()
    idle = ci.call_sheets(leads, capacity={"ann": 0}, days=10**400)
    assert idle.sheets == ()
    assert len(idle.unassigned) == 5
    short = ci.call_sheets(leads, capacity={"ann": 2}, days=2)
    assert short.unassigned == ("c-4",)
