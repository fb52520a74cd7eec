"""Tests of the morale-satisfaction feedback loop simulation."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

import jsonschema
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import custinteract as ci

KIND = ci.InterventionKind


def loop_policies() -> st.SearchStrategy[ci.FeedbackLoopPolicy]:
    """Valid loop policies, including ones where care quality or the negative rate saturate."""
    return st.builds(
        ci.FeedbackLoopPolicy,
        reference_morale=st.floats(5, 95),
        reference_care_quality=st.floats(0.2, 1.0),
        reference_negative_rate=st.floats(0.01, 0.6),
        care_elasticity_to_morale=st.floats(0, 1.5),
        negative_rate_elasticity_to_care=st.floats(0, 4),
        morale_elasticity_to_negative_rate=st.floats(0, 3),
        morale_elasticity_to_workload=st.floats(0, 1),
        adjustment_speed=st.floats(0.05, 1),
    )


def interventions() -> st.SearchStrategy[ci.Intervention]:
    """Interventions of every kind with sensible sizes."""
    return st.one_of(
        st.builds(
            ci.Intervention,
            kind=st.sampled_from([KIND.RECOGNITION_PROGRAMME, KIND.LISTENING_PROGRAMME]),
            start=st.integers(0, 20),
            size=st.floats(0, 15),
        ),
        st.builds(
            ci.Intervention,
            kind=st.just(KIND.PROCESS_FIX),
            start=st.integers(0, 20),
            size=st.floats(0, 0.9),
        ),
        st.builds(
            ci.Intervention,
            kind=st.just(KIND.HIRING_FREEZE),
            start=st.integers(0, 20),
            size=st.floats(0, 0.5),
        ),
    )


# ----------------------------------------------------------------------------- worked examples


def test_default_gain_uses_rucci_elasticity() -> None:
    """G = 0.5 * 1.0 * 0.26: the Sears 5% -> 1.3% elasticity enters the loop gain."""
    policy = ci.FeedbackLoopPolicy()
    assert policy.care_elasticity_to_morale == 0.26
    assert policy.loop_gain() == pytest.approx(0.13)
    assert policy.multiplier() == pytest.approx(1 / 0.87)


def test_reference_point_is_an_equilibrium() -> None:
    """With no interventions, starting at the reference, nothing moves."""
    run = ci.simulate_feedback_loop(periods=10)
    assert {p.morale for p in run.periods} == {60.0}
    assert run.equilibrium_morale == 60.0
    assert run.reached_at == 0
    assert run.final.care_quality == pytest.approx(0.8)
    assert run.final.negative_rate == pytest.approx(0.1)


def test_recognition_programme_is_amplified_by_the_loop() -> None:
    """A 5-point recognition programme moves equilibrium morale by 5 / (1 - G)."""
    rec = ci.Intervention(kind=KIND.RECOGNITION_PROGRAMME, start=0, size=5)
    run = ci.simulate_feedback_loop(periods=80, interventions=[rec])
    assert run.equilibrium_morale == pytest.approx(60 + 5 / 0.87)
    assert run.final.morale == pytest.approx(run.equilibrium_morale, abs=1e-9)
    # more morale, better care, fewer angry customers (“Why Customer Interaction Should Be on Top of Your Priority List”'s cycle)
    assert run.final.care_quality > 0.8
    assert run.final.negative_rate < 0.1
    assert run.equilibrium_negative_rate == pytest.approx(run.final.negative_rate, abs=1e-9)


def test_hiring_freeze_lowers_morale_and_worsens_care() -> None:
    """A 20% workload rise lowers the target by m0 * e_mw * 0.2 = 6, amplified to 6.9."""
    freeze = ci.Intervention(kind=KIND.HIRING_FREEZE, start=2, size=0.2)
    run = ci.simulate_feedback_loop(periods=80, interventions=[freeze])
    assert run.equilibrium_morale == pytest.approx(60 - 6 / 0.87)
    assert run.final.negative_rate > 0.1
    assert run.periods[1].morale == 60.0  # nothing before the freeze starts


def test_intervention_end_restores_the_reference() -> None:
    """An intervention that ends leaves the final regime, and equilibrium, unchanged."""
    fix = ci.Intervention(kind=KIND.PROCESS_FIX, start=0, end=10, size=0.5)
    run = ci.simulate_feedback_loop(periods=120, interventions=[fix])
    assert run.periods[9].negative_rate < 0.06
    assert run.equilibrium_morale == 60.0
    assert run.final.morale == pytest.approx(60.0, abs=1e-9)
    assert "morale.loop.intervention" not in {r.code for r in run.explanation}


def test_runaway_loop_reports_no_equilibrium() -> None:
    """Loop gain >= 1 (composed-map slope >= 1): no equilibrium, morale runs to a bound."""
    policy = ci.FeedbackLoopPolicy(
        reference_care_quality=0.5,
        reference_negative_rate=0.05,
        care_elasticity_to_morale=0.5,
        negative_rate_elasticity_to_care=1.5,
        morale_elasticity_to_negative_rate=2.0,
    )
    assert policy.loop_gain() == pytest.approx(1.5)
    down = ci.simulate_feedback_loop(policy=policy, periods=200, initial_morale=55)
    assert down.status is ci.EquilibriumStatus.NONE
    assert down.equilibrium_morale is None
    assert down.reached_at is None
    assert down.final.morale == pytest.approx(0.0, abs=1e-9)
    assert "runs to 0 (it starts below the tipping point 60)" in down.explanation[1].message
    up = ci.simulate_feedback_loop(policy=policy, periods=200, initial_morale=65)
    assert up.status is ci.EquilibriumStatus.NONE
    assert up.final.morale == pytest.approx(100.0)
    assert "runs to 100 (it starts above the tipping point 60)" in up.explanation[1].message
    assert {r.code for r in up.explanation} >= {"morale.loop.runaway", "morale.loop.gain"}


STRONG = ci.FeedbackLoopPolicy(
    care_elasticity_to_morale=1.5,
    negative_rate_elasticity_to_care=2.0,
    morale_elasticity_to_negative_rate=0.5,
)


def test_strong_loop_held_by_saturated_care_is_stable() -> None:
    """Gain 1.5, but care quality pinned at 1 stops the target at 75: a stable equilibrium.

    By hand: q = 0.8 (1 + 1.5 (m / 60 - 1)) reaches 1 at m = 70; there
    r = 0.1 (1 - 2 (1 / 0.8 - 1)) = 0.05 and the target is
    60 (1 - 0.5 (0.05 / 0.1 - 1)) = 75, the same for every m >= 70.
    """
    assert STRONG.loop_gain() == pytest.approx(1.5)
    run = ci.simulate_feedback_loop(policy=STRONG, periods=80, initial_morale=65)
    assert run.status is ci.EquilibriumStatus.STABLE
    assert run.equilibrium_morale == pytest.approx(75.0)
    assert run.equilibrium_care_quality == 1.0
    assert run.equilibrium_negative_rate == pytest.approx(0.05)
    assert run.final.morale == pytest.approx(75.0, abs=1e-9)
    assert run.reached_at is not None
    assert run.explanation[1].code == "morale.loop.equilibrium_bound"
    assert "from 65.0 morale settles at 75.0" in run.explanation[1].message
    assert "care quality at its limit 1" in run.explanation[1].message
    # from above, too: 75 attracts every start above the tipping point 60
    assert ci.simulate_feedback_loop(
        policy=STRONG, periods=80, initial_morale=100
    ).status.value == ("stable")


def test_strong_loop_below_its_tipping_point_runs_to_zero() -> None:
    """Below 60 the same loop runs down: q hits 0 at m = 20, where the target is 0."""
    run = ci.simulate_feedback_loop(policy=STRONG, periods=200, initial_morale=55)
    assert run.status is ci.EquilibriumStatus.NONE
    assert run.equilibrium_morale is None
    assert run.final.morale == pytest.approx(0.0, abs=1e-9)
    assert "runs to 0 (it starts below the tipping point 60)" in run.explanation[1].message


def test_start_on_the_tipping_point_names_both_ways() -> None:
    """Starting exactly at the unstable point, morale stays, and the explanation says where shocks lead."""
    run = ci.simulate_feedback_loop(policy=STRONG, periods=20)
    assert {p.morale for p in run.periods} == {60.0}
    assert run.status is ci.EquilibriumStatus.NONE
    assert run.equilibrium_morale is None
    assert run.reached_at is None
    message = run.explanation[1].message
    assert "sits on a tipping point at 60" in message
    assert "up to 75 or down to 0" in message


def test_equilibrium_is_sought_from_the_start_of_the_final_regime() -> None:
    """A programme that ends after lifting morale past the tipping point leaves it at 75, not 0."""
    lift = ci.Intervention(kind=KIND.RECOGNITION_PROGRAMME, start=0, end=6, size=10)
    run = ci.simulate_feedback_loop(
        policy=STRONG, periods=60, interventions=[lift], initial_morale=55
    )
    assert run.periods[6].morale > 60  # past the tipping point when the programme ends
    assert run.status is ci.EquilibriumStatus.STABLE
    assert run.equilibrium_morale == pytest.approx(75.0)
    assert run.final.morale == pytest.approx(75.0, abs=1e-9)
    assert "from 82.9" in run.explanation[1].message


def test_equilibrium_beyond_bounds_settles_at_the_bound() -> None:
    """A huge recognition programme pins morale at 100, explained."""
    big = ci.Intervention(kind=KIND.RECOGNITION_PROGRAMME, size=80)
    run = ci.simulate_feedback_loop(periods=50, interventions=[big])
    assert run.status is ci.EquilibriumStatus.STABLE
    assert run.equilibrium_morale == 100.0
    assert run.final.morale == pytest.approx(100.0)
    assert "morale.loop.equilibrium_bound" in {r.code for r in run.explanation}


def test_saturated_care_quality_holds_the_equilibrium() -> None:
    """When care quality reaches 1 the target stops rising: the equilibrium is solved on that piece."""
    policy = ci.FeedbackLoopPolicy(reference_care_quality=0.95, reference_morale=45)
    boost = ci.Intervention(kind=KIND.RECOGNITION_PROGRAMME, size=30)
    run = ci.simulate_feedback_loop(policy=policy, periods=200, interventions=[boost])
    assert run.status is ci.EquilibriumStatus.STABLE
    assert run.final.care_quality == 1.0
    assert run.equilibrium_care_quality == 1.0
    closed_form = 45 + 30 / (1 - policy.loop_gain())
    assert run.equilibrium_morale is not None
    assert run.equilibrium_morale < closed_form
    assert run.final.morale == pytest.approx(run.equilibrium_morale, abs=1e-9)
    assert "morale.loop.equilibrium_bound" in {r.code for r in run.explanation}


def test_low_morale_reference_is_accepted() -> None:
    """A struggling team (reference morale 30) can use the default care quality."""
    policy = ci.FeedbackLoopPolicy(reference_morale=30)
    run = ci.simulate_feedback_loop(policy=policy, periods=5)
    assert run.equilibrium_morale == 30.0


def test_policy_from_team_uses_its_current_state() -> None:
    """from_team takes the team's mean morale and negative share as the reference point."""
    as_of = datetime(2026, 3, 1, tzinfo=timezone.utc)
    staff = [ci.StaffMember(id=f"s-{k}", name="N", hired=as_of, team="desk") for k in range(2)]
    calls = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id="c-1",
            staff_id=f"s-{k % 2}",
            timestamp=as_of - timedelta(days=1),
            sentiment=ci.Sentiment.NEGATIVE if k < 2 else ci.Sentiment.POSITIVE,
        )
        for k in range(8)
    ]
    desk = ci.assess_team_morale(staff, calls, as_of=as_of).team("desk")
    policy = ci.FeedbackLoopPolicy.from_team(desk)
    assert policy.reference_morale == desk.mean_index
    assert policy.reference_negative_rate == 0.25
    calm = ci.assess_team_morale(staff, calls[2:], as_of=as_of).team("desk")
    assert ci.FeedbackLoopPolicy.from_team(calm).reference_negative_rate == 0.1  # default kept
    run = ci.simulate_feedback_loop(policy=policy, periods=3)
    assert run.equilibrium_morale == pytest.approx(desk.mean_index)
    with pytest.raises(ci.InvalidInputError, match="summary"):
        ci.FeedbackLoopPolicy.from_team("desk")  # type: ignore[arg-type]


def test_not_reached_in_too_few_periods() -> None:
    """A short run from far away says it has not reached the equilibrium yet."""
    run = ci.simulate_feedback_loop(periods=3, initial_morale=10)
    assert run.reached_at is None
    assert "morale.loop.not_reached" in {r.code for r in run.explanation}


def test_noise_is_seeded_and_explained() -> None:
    """Noise comes only from random.Random(seed): same seed, same path; other seed, other path."""
    a = ci.simulate_feedback_loop(periods=30, noise=2.0, seed=7)
    b = ci.simulate_feedback_loop(periods=30, noise=2.0, seed=7)
    c = ci.simulate_feedback_loop(periods=30, noise=2.0, seed=8)
    assert a == b
    assert a.periods != c.periods
    assert "morale.loop.noise" in {r.code for r in a.explanation}


def test_noise_without_a_seed_is_reproducible() -> None:
    """No seed given means seed 0, never the operating system's randomness."""
    first = ci.simulate_feedback_loop(periods=30, noise=2.0)
    assert first == ci.simulate_feedback_loop(periods=30, noise=2.0)
    assert first == ci.simulate_feedback_loop(periods=30, noise=2.0, seed=0)
    assert first.seed == 0
    assert "seed 0" in first.explanation[-1].message
    plans = [ci.Scenario(name="a"), ci.Scenario(name="b")]
    both = ci.compare_scenarios(plans, periods=12, noise=2.0)
    assert both == ci.compare_scenarios(plans, periods=12, noise=2.0, seed=0)
    assert both.trajectories[0].periods == both.trajectories[1].periods  # common shocks
    with pytest.raises(ci.InvalidInputError) as info:
        ci.simulate_feedback_loop(periods=3, noise=1.0, seed=None)  # type: ignore[arg-type]
    assert info.value.field == "seed"


def test_compare_scenarios_side_by_side() -> None:
    """Scenarios share start and shocks; names must be unique."""
    scenarios = [
        ci.Scenario(name="do nothing"),
        ci.Scenario(
            name="process fix",
            interventions=[ci.Intervention(kind=KIND.PROCESS_FIX, start=4, size=0.3)],
        ),
    ]
    both = ci.compare_scenarios(scenarios, periods=60, initial_morale=45, noise=1.0, seed=3)
    assert [t.name for t in both.trajectories] == ["do nothing", "process fix"]
    nothing, fix = both.trajectories
    assert nothing.periods[:4] == fix.periods[:4]  # identical until the fix starts
    assert fix.equilibrium_morale > nothing.equilibrium_morale  # type: ignore[operator]
    assert both.trajectory("process fix") is fix
    with pytest.raises(ci.InvalidInputError):
        both.trajectory("nope")
    with pytest.raises(ci.InvalidInputError, match="name"):
        ci.compare_scenarios([ci.Scenario(name="a"), ci.Scenario(name="a")], periods=3)
    with pytest.raises(ci.InvalidInputError):
        ci.compare_scenarios([], periods=3)
    assert "ScenarioComparison" in str(both)
    assert "<table>" in both._repr_html_()
    assert "LoopTrajectory" in str(fix)
    assert "<table>" in fix._repr_html_()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"periods": 0}, "periods"),
        ({"periods": True}, "periods"),
        ({"periods": 5, "noise": -1}, "noise"),
        ({"periods": 5, "initial_morale": 101}, "initial_morale"),
        ({"periods": 5, "seed": "x"}, "seed"),
        ({"periods": 5, "seed": True}, "seed"),
        ({"periods": 5, "name": " "}, "name"),
        ({"periods": 5, "interventions": ["x"]}, "interventions[0]"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    """Each bad argument raises InvalidInputError naming it."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.simulate_feedback_loop(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("cls", "kwargs", "field"),
    [
        (ci.FeedbackLoopPolicy, {"adjustment_speed": 1.5}, "adjustment_speed"),
        (ci.FeedbackLoopPolicy, {"adjustment_speed": 0}, "adjustment_speed"),
        (ci.FeedbackLoopPolicy, {"reference_morale": 0}, "reference_morale"),
        (ci.FeedbackLoopPolicy, {"care_elasticity_to_morale": -0.1}, "care_elasticity_to_morale"),
        (ci.FeedbackLoopPolicy, {"reference_negative_rate": 1.5}, "reference_negative_rate"),
        (ci.Intervention, {"kind": KIND.PROCESS_FIX, "size": 1.0}, "size"),
        (ci.Intervention, {"kind": KIND.HIRING_FREEZE, "size": -0.1}, "size"),
        (ci.Intervention, {"kind": KIND.HIRING_FREEZE, "size": 0.1, "start": 5, "end": 5}, "end"),
        (ci.Intervention, {"kind": "process_fix", "size": 0.1}, "kind"),
    ],
)
def test_bad_values_are_refused(cls: type, kwargs: dict[str, object], field: str) -> None:
    """Policies and interventions validate on construction."""
    with pytest.raises(ci.InvalidInputError) as info:
        cls(**kwargs)
    assert info.value.field == field


# ----------------------------------------------------------------------------- properties


@given(
    loop_policies(), st.lists(interventions(), max_size=4), st.floats(0, 100), st.integers(0, 2**32)
)
@settings(max_examples=60)
def test_same_seed_same_trajectory(
    policy: ci.FeedbackLoopPolicy, items: list[ci.Intervention], start: float, seed: int
) -> None:
    """The simulation with the same seed is identical."""
    kwargs: dict[str, Any] = {
        "periods": 25,
        "interventions": items,
        "initial_morale": start,
        "noise": 3.0,
        "seed": seed,
    }
    assert ci.simulate_feedback_loop(policy=policy, **kwargs) == ci.simulate_feedback_loop(
        policy=policy, **kwargs
    )


def _documented_map(
    policy: ci.FeedbackLoopPolicy, items: list[ci.Intervention]
) -> tuple[float, float, Any]:
    """Gain, target shift and T(m) with every intervention in force, from the docs' equations."""
    p = policy
    keep = math.prod(1 - i.size for i in items if i.kind is KIND.PROCESS_FIX)
    workload = 1 + sum(i.size for i in items if i.kind is KIND.HIRING_FREEZE)
    boost = sum(
        i.size for i in items if i.kind in (KIND.RECOGNITION_PROGRAMME, KIND.LISTENING_PROGRAMME)
    )
    e_qm, e_rq = p.care_elasticity_to_morale, p.negative_rate_elasticity_to_care
    e_mr, e_mw = p.morale_elasticity_to_negative_rate, p.morale_elasticity_to_workload
    m0, q0, r0 = p.reference_morale, p.reference_care_quality, p.reference_negative_rate
    gain = e_mr * e_rq * e_qm * keep
    shift = m0 * (e_mr * (1 - keep) - e_mw * (workload - 1)) + boost

    def unclipped(m: float) -> tuple[float, float, float]:
        q = q0 * (1 + e_qm * (m / m0 - 1))
        r = r0 * (1 - e_rq * (q / q0 - 1)) * keep
        return q, r, m0 * (1 - e_mr * (r / r0 - 1) - e_mw * (workload - 1)) + boost

    return gain, shift, unclipped


@given(loop_policies(), st.lists(interventions(), max_size=4), st.floats(0, 100))
@settings(max_examples=150, deadline=None)
def test_zero_noise_reaches_the_documented_equilibrium(
    policy: ci.FeedbackLoopPolicy, items: list[ci.Intervention], start: float
) -> None:
    """With zero noise morale converges whenever STABLE, to m0 + shift / (1 - G) when
    nothing saturates; otherwise (NONE) it does not settle inside 0-100."""
    gain, shift, unclipped = _documented_map(policy, items)
    final_from = max((i.start for i in items), default=0)  # every intervention is open-ended
    slope = 1 - policy.adjustment_speed * (1 - gain)  # composed-map slope where nothing saturates
    periods = final_from + 2
    if gain < 1 and slope > 0:
        # geometric convergence (saturated pieces contract faster, at 1 - s): 100 * slope ** n < 1e-13
        periods += math.ceil(math.log(1e-15) / math.log(slope))
        assume(periods <= 4000)
    elif gain >= 1:
        periods += 2000  # runaways leave tipping points geometrically; unsettled runs are skipped
    run = ci.simulate_feedback_loop(
        policy=policy, periods=periods, interventions=items, initial_morale=start
    )
    assert run.loop_gain == pytest.approx(gain, rel=1e-12, abs=1e-15)
    moralities = [p.morale for p in run.periods]
    assume(abs(moralities[-1] - moralities[-2]) <= 1e-11)  # settled
    if gain < 1:
        assert run.status is ci.EquilibriumStatus.STABLE
        closed_form = policy.reference_morale + shift / (1 - gain)
        q, r, _ = unclipped(closed_form)
        limits = [closed_form / 100, 1 - closed_form / 100]
        if gain > 0:  # else T ignores m (some elasticity is 0) and only the 0-100 clip matters
            limits += [q, 1 - q, r, 1 - r]
        margin = min(limits)
        if margin >= 0:  # nothing saturates there (a limit reached exactly still holds)
            assert run.equilibrium_morale == pytest.approx(closed_form, rel=1e-9, abs=1e-9)
        if margin > 1e-9:
            assert run.explanation[1].code == "morale.loop.equilibrium"
        elif abs(run.equilibrium_morale - closed_form) > 1e-6:  # type: ignore[operator]
            assert margin < 0  # only a limit moves it off the closed form
            assert run.explanation[1].code == "morale.loop.equilibrium_bound"
    if run.status is ci.EquilibriumStatus.STABLE:
        assert run.equilibrium_morale is not None
        assert run.final.morale == pytest.approx(run.equilibrium_morale, abs=1e-6)
        assert run.reached_at is not None
        assert run.equilibrium_care_quality == pytest.approx(run.final.care_quality, abs=1e-6)
        q, r, target = unclipped(run.equilibrium_morale)
        clipped = min(100.0, max(0.0, target)) if 0 < q < 1 and 0 < r < 1 else None
        if clipped is not None:  # a fixed point of the documented map
            assert clipped == pytest.approx(run.equilibrium_morale, abs=1e-6)
        if gain >= 1:  # only a limit on care quality or the negative rate can hold it
            assert 0 < run.equilibrium_morale < 100
            assert run.equilibrium_care_quality in (0.0, 1.0) or (
                run.equilibrium_negative_rate in (0.0, 1.0)
            )
            assert run.explanation[1].code == "morale.loop.equilibrium_bound"
    else:
        assert run.loop_gain >= 1
        assert run.equilibrium_morale is None
        assert run.reached_at is None
        assert run.explanation[1].code == "morale.loop.runaway"
        at_bound = min(run.final.morale, 100 - run.final.morale) <= 1e-6
        first = run.periods[final_from]
        balanced = abs(first.target - first.morale) <= 1e-9  # on a tipping point
        assert at_bound or balanced
    for period in run.periods:
        assert 0 <= period.morale <= 100
        assert 0 <= period.care_quality <= 1
        assert 0 <= period.negative_rate <= 1
    assert {r.code for r in run.explanation} <= set(ci.MORALE_LOOP_REASON_CODES)


@given(loop_policies(), st.floats(0, 100), st.floats(0, 100))
@settings(max_examples=100)
def test_more_morale_means_fewer_negatives(
    policy: ci.FeedbackLoopPolicy, a: float, b: float
) -> None:
    """The loop's direction (“Why Customer Interaction Should Be on Top of Your Priority List”): higher morale never gives more negative interactions."""
    low, high = sorted((a, b))
    run_low = ci.simulate_feedback_loop(policy=policy, periods=1, initial_morale=low)
    run_high = ci.simulate_feedback_loop(policy=policy, periods=1, initial_morale=high)
    assert run_high.final.care_quality >= run_low.final.care_quality
    assert run_high.final.negative_rate <= run_low.final.negative_rate


def test_reason_codes_are_pinned() -> None:
    """The set of loop codes is stable (changing it is a breaking change)."""
    assert set(ci.MORALE_LOOP_REASON_CODES) == {
        "morale.loop.gain",
        "morale.loop.equilibrium",
        "morale.loop.equilibrium_bound",
        "morale.loop.runaway",
        "morale.loop.reached",
        "morale.loop.not_reached",
        "morale.loop.intervention",
        "morale.loop.noise",
    }


def test_documents_round_trip_and_validate() -> None:
    """Loop policy, interventions and results survive to_dict/JSON/from_dict and their schema."""
    fix = ci.Intervention(kind=KIND.PROCESS_FIX, start=2, end=9, size=0.3)
    run = ci.simulate_feedback_loop(periods=12, interventions=[fix], noise=0.5, seed=1)
    both = ci.compare_scenarios([ci.Scenario(name="fix", interventions=[fix])], periods=5)
    for value in (ci.FeedbackLoopPolicy(), fix, run, run.periods[0], both, ci.Scenario(name="x")):
        doc = ci.to_dict(value)
        jsonschema.Draft202012Validator(ci.json_schema(type(value))).validate(doc)
        assert ci.from_dict(type(value), json.loads(json.dumps(doc))) == value


# ------------------------------------------------------------------ at and near a loop gain of 1


def _target_by_hand(p: ci.FeedbackLoopPolicy, m: float) -> float:
    """T(m) written out from the model's three equations, clipped (no interventions)."""
    q = min(
        1.0,
        max(
            0.0,
            p.reference_care_quality
            * (1 + p.care_elasticity_to_morale * (m / p.reference_morale - 1)),
        ),
    )
    r = p.reference_negative_rate * (
        1 - p.negative_rate_elasticity_to_care * (q / p.reference_care_quality - 1)
    )
    r = min(1.0, max(0.0, r))
    t = p.reference_morale * (
        1 - p.morale_elasticity_to_negative_rate * (r / p.reference_negative_rate - 1)
    )
    return min(100.0, max(0.0, t))


def _iterate(p: ci.FeedbackLoopPolicy, start: float, rounds: int) -> float:
    """The noiseless map m' = (1 - s) m + s T(m), iterated ``rounds`` times."""
    m = start
    s = p.adjustment_speed
    for _ in range(rounds):
        m = min(100.0, max(0.0, (1 - s) * m + s * _target_by_hand(p, m)))
    return m


def _bisect_fixed_point(p: ci.FeedbackLoopPolicy) -> float:
    """The one root of T(m) - m in 0-100 when the gain is below 1 (T(m) - m decreases)."""
    low, high = 0.0, 100.0
    for _ in range(200):
        middle = (low + high) / 2
        if _target_by_hand(p, middle) - middle > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _unit_gain(factor: float) -> ci.FeedbackLoopPolicy:
    """Gain 0.5 x 1 x (2 factor) = factor: m0 60, care quality reaches 1 at morale 90."""
    return ci.FeedbackLoopPolicy(
        care_elasticity_to_morale=0.5,
        negative_rate_elasticity_to_care=1.0,
        morale_elasticity_to_negative_rate=2.0 * factor,
    )


STARTS = (0.0, 5.0, 30.0, 50.0, 51.0, 60.0, 89.0, 95.0, 100.0)


@pytest.mark.parametrize("factor", [1.0, 1 - 1e-12, 1 + 1e-12, 1 - 1e-10])
@pytest.mark.parametrize("start", STARTS)
def test_gain_of_one_is_neutral_below_the_care_limit_and_held_above(
    factor: float, start: float
) -> None:
    """At gain 1 (within 1e-9) every unpinned morale is a neutral point: it stays, status none;
    above 90 (care quality at 1) morale comes back to 90 and is held there. The iterated map agrees."""
    p = _unit_gain(factor)
    run = ci.simulate_feedback_loop(policy=p, periods=60, initial_morale=start)
    settled = _iterate(p, start, 200)
    if start > 90:
        assert run.status is ci.EquilibriumStatus.STABLE
        assert run.equilibrium_morale == pytest.approx(settled, abs=1e-6)
        assert run.equilibrium_morale == pytest.approx(90.0, abs=1e-6)
        assert run.explanation[1].code == "morale.loop.equilibrium_bound"
    else:
        assert settled == pytest.approx(start, abs=1e-6)  # the map leaves it where it is
        assert run.status is ci.EquilibriumStatus.NONE
        assert run.explanation[1].code == "morale.loop.runaway"
        assert run.final.morale == pytest.approx(start, abs=1e-6)
        assert "runs to" not in run.explanation[1].message


def test_one_situation_one_status_at_gain_one() -> None:
    """Starts 30, 50 and 51 are the same situation at gain 1: the same status and sentence shape."""
    runs = [
        ci.simulate_feedback_loop(policy=_unit_gain(1.0), periods=10, initial_morale=m)
        for m in (30, 50, 51)
    ]
    assert {run.status for run in runs} == {ci.EquilibriumStatus.NONE}
    assert all("neutral point" in run.explanation[1].message for run in runs)


@pytest.mark.parametrize("factor", [1 - 1e-8, 1 - 1e-6, 1 - 1e-5, 1 - 1e-3, 0.9])
@pytest.mark.parametrize("start", [5.0, 60.0, 95.0])
def test_just_below_gain_one_the_equilibrium_is_the_closed_form(
    factor: float, start: float
) -> None:
    """Below gain 1 (by more than 1e-9) the equilibrium is m* = 60 exactly, checked against an
    independent bisection of T(m) = m, never a nearby bound."""
    p = _unit_gain(factor)
    run = ci.simulate_feedback_loop(policy=p, periods=20, initial_morale=start)
    assert run.status is ci.EquilibriumStatus.STABLE
    assert run.explanation[1].code == "morale.loop.equilibrium"
    assert run.equilibrium_morale == 60.0
    assert run.equilibrium_morale == pytest.approx(_bisect_fixed_point(p), abs=1e-6)


@pytest.mark.parametrize("factor", [1 + 1e-3, 1 + 1e-2, 1.5])
@pytest.mark.parametrize("start", STARTS)
def test_just_above_gain_one_against_the_iterated_map(factor: float, start: float) -> None:
    """Above gain 1 morale runs from the tipping point 60: to 0 below it, up to where care quality
    pins it above it; the status says what the iterated map does."""
    p = _unit_gain(factor)
    run = ci.simulate_feedback_loop(policy=p, periods=10, initial_morale=start)
    settled = _iterate(p, start, 60_000)
    if run.status is ci.EquilibriumStatus.STABLE:
        assert run.equilibrium_morale == pytest.approx(settled, abs=1e-6)
        assert 60 < run.equilibrium_morale < 100
    elif start == 60.0:
        assert settled == pytest.approx(60.0, abs=1e-9)  # sits on the tipping point
        assert "tipping point" in run.explanation[1].message
    else:
        end = 0.0 if start < 60 else 100.0
        assert settled == pytest.approx(end, abs=1e-6)
        assert run.explanation[1].code == "morale.loop.runaway"
        assert f"morale {'stays at' if start == end else 'runs to'} {end:.3g}" in (
            run.explanation[1].message
        )
