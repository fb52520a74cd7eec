"""The activity engine: worked examples of each rule, and the invariants that tie them together."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract.activity._bgnbd import (
    bgnbd_log_likelihood,
    conditional_expected_returns,
    hyp2f1,
    nelder_mead,
)

T0 = datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
OFFSETS = [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
MODEL = ci.BgNbdModel(r=0.5, alpha=20.0, a=0.8, b=3.0)


def buy(customer: str, day: float, n: int = 0, **fields: object) -> ci.Interaction:
    """An inbound purchase ``day`` days after T0."""
    values: dict[str, object] = {
        "id": f"{customer}-{day}-{n}",
        "customer_id": customer,
        "timestamp": T0 + timedelta(days=day),
        "sentiment": ci.Sentiment.NEUTRAL,
        "kind": ci.InteractionKind.PURCHASE,
        **fields,
    }
    return ci.Interaction(**values)  # type: ignore[arg-type]


def every(customer: str, gap: float, count: int) -> list[ci.Interaction]:
    """``count`` purchases ``gap`` days apart from T0."""
    return [buy(customer, gap * n) for n in range(count)]


# --------------------------------------------------------------------------- worked examples


def test_the_issue_example_silent_five_times_the_usual_gap_is_lapsed() -> None:
    """Comes back every 40 days, silent 200: five usual gaps, LAPSED, said in those words."""
    result = ci.assess_activity(
        every("c-1", 40, 6),
        as_of=T0 + timedelta(days=400),
        policy=ci.ActivityPolicy(base_gap_days=40),
    )
    assert result.status is ci.ActivityStatus.LAPSED
    assert result.typical_gap_days == 40.0
    assert result.silence_ratio == 5.0
    assert result.explanation[0].message == (
        "comes back about every 40 days; silent for 200 days, 5.0 times their usual gap"
    )
    assert [r.code for r in result.explanation] == ["activity.rhythm", "activity.lapsed"]


def test_a_fixed_window_is_not_the_rule_the_customers_own_rhythm_is() -> None:
    """Silent 100 days: ACTIVE for a customer who comes every 60 days, LAPSED for one who comes weekly."""
    policy = ci.ActivityPolicy(base_gap_days=30)
    as_of = T0 + timedelta(days=400)
    base = every("slow", 60, 6) + every("weekly", 7, 43)
    results = ci.assess_activities(base, as_of=as_of, policy=policy)
    assert results["slow"].summary is not None
    assert results["slow"].summary.silence == 100
    assert results["slow"].status is ci.ActivityStatus.ACTIVE
    assert results["weekly"].summary is not None
    assert results["weekly"].summary.silence == 106
    assert results["weekly"].status is ci.ActivityStatus.LAPSED


def test_few_returns_lean_on_the_base_gap() -> None:
    """One return 10 days after the first: the usual gap is (2 * 60 + 10) / 3, not 10."""
    result = ci.assess_activity(
        [buy("c", 0), buy("c", 10)],
        as_of=T0 + timedelta(days=60),
        policy=ci.ActivityPolicy(base_gap_days=60),
    )
    assert result.typical_gap_days == pytest.approx(130 / 3)
    assert result.status is ci.ActivityStatus.ACTIVE  # 50 days silent, 1.15 usual gaps
    codes = [r.code for r in result.explanation]
    assert codes == ["activity.rhythm", "activity.few_returns", "activity.active"]
    no_prior = ci.assess_activity(
        [buy("c", 0), buy("c", 10)],
        as_of=T0 + timedelta(days=60),
        policy=ci.ActivityPolicy(base_gap_days=60, prior_gaps=0),
    )
    assert no_prior.typical_gap_days == 10
    assert no_prior.status is ci.ActivityStatus.LAPSED


def test_a_first_time_buyer_is_judged_by_the_base_gap() -> None:
    """No return yet: silence since the first visit against the base's usual gap."""
    base = [*every("regular", 30, 10), buy("new", 270)]
    results = ci.assess_activities(base, as_of=T0 + timedelta(days=400))
    new = results["new"]
    assert new.base_gap_days == 30
    assert new.typical_gap_days == 30
    assert new.status is ci.ActivityStatus.LAPSED
    assert new.explanation[0].code == "activity.no_return"
    assert "first visit 130 days ago" in new.explanation[0].message


def test_outbound_touches_and_cancellations_never_count_as_coming_back() -> None:
    """A customer we mailed every week but who never came in is UNSEEN; policy can widen it."""
    touches = [
        buy("c", 7 * n, kind=ci.InteractionKind.OUTREACH, direction=ci.Direction.OUTBOUND)
        for n in range(10)
    ]
    touches.append(buy("c", 80, kind=ci.InteractionKind.CANCELLATION))
    result = ci.assess_activity(touches, as_of=T0 + timedelta(days=90))
    assert result.status is ci.ActivityStatus.UNSEEN
    assert result.summary is None
    assert [r.code for r in result.explanation] == ["activity.unseen"]
    wide = ci.ActivityPolicy(counted_directions=(ci.Direction.INBOUND, ci.Direction.OUTBOUND))
    assert ci.assess_activity(touches, as_of=T0 + timedelta(days=90), policy=wide).summary == (
        ci.ActivitySummary(customer_id="c", frequency=9, recency=63, age=90)
    )


def test_complaints_count_purchases_count_and_one_day_counts_once() -> None:
    """Every inbound kind but cancellation counts; three contacts on one day are one return."""
    history = [
        buy("c", 0),
        buy("c", 20, kind=ci.InteractionKind.COMPLAINT, sentiment=ci.Sentiment.NEGATIVE),
        buy("c", 20.1, n=1, kind=ci.InteractionKind.SUPPORT),
        buy("c", 20.2, n=2),
    ]
    summary = ci.activity_summaries(history, as_of=T0 + timedelta(days=50))["c"]
    assert (summary.frequency, summary.recency, summary.age) == (1, 20.0, 50.0)


def test_later_interactions_do_not_count_and_replays_count_once() -> None:
    """Only interactions at or before as_of count; an identical replay is ignored."""
    history = every("c", 10, 5)
    history.append(history[0])
    summary = ci.activity_summaries(history, as_of=T0 + timedelta(days=25))["c"]
    assert (summary.frequency, summary.recency, summary.age) == (2, 20.0, 25.0)
    with pytest.raises(ci.DuplicateInteractionError):
        ci.activity_summaries(
            [*history, attrs.evolve(history[0], sentiment=ci.Sentiment.POSITIVE)],
            as_of=T0 + timedelta(days=25),
        )


def test_with_a_model_the_probability_alive_decides() -> None:
    """The model's verdict is the status; the rhythm's is kept, and their difference said."""
    history = [*every("c", 30, 5), buy("c", 300)]
    result = ci.assess_activity(history, as_of=T0 + timedelta(days=420), model=MODEL)
    assert result.p_alive == pytest.approx(MODEL.p_alive(frequency=5, recency=300, age=420))
    assert result.expected_returns == pytest.approx(
        MODEL.expected_returns(90, frequency=5, recency=300, age=420)
    )
    codes = [r.code for r in result.explanation]
    assert "activity.model" in codes
    assert codes[-1] == f"activity.{result.status.value}"
    assert (result.status is result.rhythm_status) == ("activity.rhythm_differs" not in codes)


def test_one_customer_at_a_time() -> None:
    """assess_activity refuses two customers' interactions, and non-interactions."""
    with pytest.raises(ci.InvalidInputError, match="assess_activities"):
        ci.assess_activity([buy("a", 0), buy("b", 0)], as_of=T0)
    with pytest.raises(ci.InvalidInputError, match="Interaction values"):
        ci.assess_activity(["not an interaction"], as_of=T0)  # type: ignore[list-item]
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        ci.assess_activity([], as_of=datetime(2025, 1, 1))
    with pytest.raises(ci.InvalidInputError, match="model"):
        ci.assess_activity([], as_of=T0, model="bgnbd")  # type: ignore[arg-type]
    assert ci.assess_activity([], as_of=T0).customer_id is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lapsing_ratio": 0}, "lapsing_ratio"),
        ({"lapsed_ratio": 2.0}, "lapsed_ratio"),
        ({"prior_gaps": -1}, "prior_gaps"),
        ({"active_p_alive": 0.1}, "active_p_alive"),
        ({"active_p_alive": 1.5}, "active_p_alive"),
        ({"counted_kinds": ()}, "counted_kinds"),
        ({"counted_kinds": ("purchase",)}, "counted_kinds[0]"),
        (
            {"counted_directions": (ci.Direction.INBOUND, ci.Direction.INBOUND)},
            "counted_directions",
        ),
        ({"horizon_days": math.inf}, "horizon_days"),
    ],
)
def test_the_policy_refuses_bad_numbers(change: dict[str, object], field: str) -> None:
    """Every number is validated, and the error names the field."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.ActivityPolicy(**change)  # type: ignore[arg-type]
    assert info.value.field == field


def test_the_model_refuses_non_positive_parameters() -> None:
    """r, alpha, a and b are positive finite numbers."""
    for name in ("r", "alpha", "a", "b"):
        values = {"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 1.0, name: 0.0}
        with pytest.raises(ci.InvalidInputError, match=name):
            ci.BgNbdModel(**values)


def test_summaries_tell_one_story() -> None:
    """Recency within age, and zero without a return."""
    with pytest.raises(ci.InvalidInputError, match="recency"):
        ci.ActivitySummary(customer_id="c", frequency=1, recency=50, age=40)
    with pytest.raises(ci.InvalidInputError, match="recency"):
        ci.ActivitySummary(customer_id="c", frequency=0, recency=5, age=40)


# --------------------------------------------------------------------------- the model's formulas


def test_p_alive_worked_example() -> None:
    """Equation 13 by hand: 1 / (1 + a/(b+x-1) * ((alpha+T)/(alpha+t_x))**(r+x))."""
    by_hand = 1 / (1 + 0.8 / (3.0 + 4 - 1) * ((20 + 300) / (20 + 100)) ** (0.5 + 4))
    assert MODEL.p_alive(frequency=4, recency=100, age=300) == pytest.approx(by_hand, rel=1e-12)
    assert MODEL.p_alive(frequency=0, recency=0, age=300) == 1.0


def test_hyp2f1_matches_closed_forms() -> None:
    """2F1(1,1;2;z) = -log(1-z)/z and 2F1(a,b;b;z) = (1-z)**-a."""
    for z in (0.0, 0.1, 0.5, 0.9, 0.99):
        expected = 1.0 if z == 0 else -math.log1p(-z) / z
        assert hyp2f1(1.0, 1.0, 2.0, z) == pytest.approx(expected, rel=1e-12)
        assert hyp2f1(0.7, 2.5, 2.5, z) == pytest.approx((1 - z) ** -0.7, rel=1e-12)
    with pytest.raises(ci.InvalidInputError, match="converges"):
        hyp2f1(1.0, 1.0, 2.0, 1 - 1e-12)


def test_expected_returns_equal_the_papers_form_of_the_series() -> None:
    """Euler's transformation gives the paper's equation 10 summed directly."""
    for params in [(0.5, 20.0, 0.8, 3.0), (1.3, 12.0, 1.7, 5.0), (0.24, 4.4, 0.79, 2.43)]:
        r, alpha, a, b = params
        for period, x, t_x, age in [(90, 4, 100, 300), (30, 0, 0, 50), (365, 10, 200, 210)]:
            z = period / (alpha + age + period)
            direct = (
                (a + b + x - 1)
                / (a - 1)
                * (
                    1
                    - ((alpha + age) / (alpha + age + period)) ** (r + x)
                    * hyp2f1(r + x, b + x, a + b + x - 1, z)
                )
            )
            direct *= ci.BgNbdModel(r=r, alpha=alpha, a=a, b=b).p_alive(
                frequency=x, recency=t_x, age=age
            )
            assert conditional_expected_returns(params, period, x, t_x, age) == pytest.approx(
                direct, rel=1e-9
            )


def test_expected_returns_are_continuous_at_a_equal_one() -> None:
    """At a = 1 the paper's form divides by zero; ours takes the limit, between its neighbours."""
    values = [
        conditional_expected_returns((0.5, 20.0, a, 4.0), 90.0, 4, 100.0, 300.0)
        for a in (1 - 1e-4, 1.0, 1 + 1e-4)
    ]
    assert values[0] > values[1] > values[2]
    assert values[1] == pytest.approx((values[0] + values[2]) / 2, rel=1e-6)


def test_the_likelihood_of_a_silent_customer_is_the_nbd_survival() -> None:
    """x = 0: the likelihood is (alpha / (alpha + T))**r."""
    assert math.exp(bgnbd_log_likelihood(MODEL.params, 0, 0.0, 100.0)) == pytest.approx(
        (20 / 120) ** 0.5
    )


def test_nelder_mead_finds_the_rosenbrock_minimum() -> None:
    """The optimiser on a classic hard valley."""

    def rosenbrock(p: object) -> float:
        x, y = p  # type: ignore[misc]
        return float((1 - x) ** 2 + 100 * (y - x * x) ** 2)

    point, value, used = nelder_mead(rosenbrock, [-1.2, 1.0], max_evaluations=5000, tolerance=1e-16)
    assert point == pytest.approx([1.0, 1.0], abs=1e-5)
    assert value < 1e-10
    assert used < 5000


def test_fit_refuses_an_empty_base_and_bad_settings() -> None:
    """No summary, no fit; settings are checked."""
    with pytest.raises(ci.InvalidInputError, match="summaries"):
        ci.fit_bgnbd([])
    one = [ci.ActivitySummary(customer_id="c", frequency=1, recency=5, age=10)]
    with pytest.raises(ci.InvalidInputError, match="max_evaluations"):
        ci.fit_bgnbd(one, max_evaluations=0)
    with pytest.raises(ci.InvalidInputError, match="summaries"):
        ci.fit_bgnbd([(1, 5.0, 10.0)])  # type: ignore[list-item]


# --------------------------------------------------------------------------- properties

DAYS = st.sampled_from([0, 1, 2, 5, 7, 13, 30, 31, 45, 90, 120, 200, 364])


@st.composite
def bases(draw: st.DrawFn, max_size: int = 30) -> list[ci.Interaction]:
    """A few customers' interactions: same-day repeats, outbound touches, mixed offsets."""
    out = []
    for n in range(draw(st.integers(0, max_size))):
        moment = T0 + timedelta(days=draw(DAYS), hours=draw(st.sampled_from([0, 6, 13])))
        out.append(
            ci.Interaction(
                id=f"i-{n}",
                customer_id=draw(st.sampled_from(["a", "b", "c", "d"])),
                timestamp=moment.astimezone(draw(st.sampled_from(OFFSETS))),
                sentiment=draw(st.sampled_from(ci.Sentiment)),
                kind=draw(st.sampled_from(ci.InteractionKind)),
                direction=draw(st.sampled_from(ci.Direction)),
            )
        )
    return out


models = st.builds(
    ci.BgNbdModel,
    r=st.floats(0.05, 5),
    alpha=st.floats(0.5, 200),
    a=st.floats(0.05, 5),
    b=st.floats(0.05, 10),
)


@settings(max_examples=60, deadline=None)
@given(bases(), st.sampled_from([200, 365, 400]), st.none() | models)
def test_the_batch_equals_one_customer_at_a_time(
    base: list[ci.Interaction], day: int, model: ci.BgNbdModel | None
) -> None:
    """assess_activities gives each customer what assess_activity gives with the base's gap."""
    as_of = T0 + timedelta(days=day)
    batch = ci.assess_activities(base, as_of=as_of, model=model)
    assert list(batch) == sorted({i.customer_id for i in base if i.timestamp <= as_of})
    for cid, result in batch.items():
        policy = ci.ActivityPolicy(base_gap_days=result.base_gap_days)
        alone = ci.assess_activity(
            [i for i in base if i.customer_id == cid], as_of=as_of, policy=policy, model=model
        )
        assert alone == result


@settings(max_examples=100, deadline=None)
@given(models, st.integers(1, 60), st.floats(0, 500), st.floats(0, 500), st.floats(0.1, 300))
def test_p_alive_falls_as_the_silence_grows(
    model: ci.BgNbdModel, x: int, t_x: float, silence: float, more: float
) -> None:
    """The same history watched longer without a return is never more likely alive."""
    before = model.p_alive(frequency=x, recency=t_x, age=t_x + silence)
    after = model.p_alive(frequency=x, recency=t_x, age=t_x + silence + more)
    assert 0.0 <= after <= before <= 1.0


@settings(max_examples=60, deadline=None)
@given(models, st.integers(0, 40), st.floats(0, 300), st.floats(0, 300), st.floats(1, 365))
def test_expected_returns_grow_with_the_period(
    model: ci.BgNbdModel, x: int, t_x: float, silence: float, period: float
) -> None:
    """Expected returns are non-negative and grow with the length of the period."""
    t_x = t_x if x else 0.0
    history = {"frequency": x, "recency": t_x, "age": t_x + silence}
    shorter = model.expected_returns(period / 2, **history)
    longer = model.expected_returns(period, **history)
    assert 0.0 <= shorter <= longer * (1 + 1e-9)


@settings(max_examples=40, deadline=None)
@given(bases(max_size=12), st.none() | models)
def test_results_round_trip(base: list[ci.Interaction], model: ci.BgNbdModel | None) -> None:
    """Assessments, summaries, models and policies survive to_dict/from_dict and match their schema."""
    for result in ci.assess_activities(base, as_of=T0 + timedelta(days=365), model=model).values():
        assert ci.from_dict(ci.ActivityAssessment, ci.to_dict(result)) == result
    if model is not None:
        assert ci.from_dict(ci.BgNbdModel, ci.to_dict(model)) == model
    policy = ci.ActivityPolicy(counted_kinds=(ci.InteractionKind.PURCHASE,), base_gap_days=12.5)
    assert ci.from_dict(ci.ActivityPolicy, ci.to_dict(policy)) == policy


def test_a_fitted_model_is_a_value_a_notebook_hands_to_an_app() -> None:
    """Fit, serialise, read back: the same scores."""
    summaries = [
        ci.ActivitySummary(customer_id=f"c{i}", frequency=f, recency=rec, age=300)
        for i, (f, rec) in enumerate([(0, 0), (2, 150), (5, 280), (1, 20), (3, 290)] * 10)
    ]
    model = ci.fit_bgnbd(summaries)
    again = ci.from_dict(ci.BgNbdModel, ci.to_dict(model))
    assert again == model
    assert again.customers == 50
    assert again.p_alive(frequency=2, recency=150, age=300) == model.p_alive(
        frequency=2, recency=150, age=300
    )
    assert "r" in ci.json_schema(ci.BgNbdModel)["properties"]


def test_every_code_emitted_is_in_the_table() -> None:
    """The explanation codes are the documented ones, and the catalogue lists them."""
    history = every("c", 30, 3)
    codes = {
        r.code
        for model in (None, MODEL)
        for day in (60, 100, 200, 400)
        for r in ci.assess_activity(
            history, as_of=T0 + timedelta(days=day), model=model
        ).explanation
    }
    assert codes <= set(ci.ACTIVITY_REASON_CODES)
    assert set(ci.ACTIVITY_REASON_CODES) <= set(ci.reason_codes())
