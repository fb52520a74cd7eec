"""The morale-satisfaction feedback loop, simulated period by period.

“Why Customer Interaction Should Be on Top of Your Priority List”: fewer angry customers lift employee morale, morale drives
motivation and so better care, "a positive feedback cycle". The map and its
equilibria are derived in :mod:`._loop_rules`; the numbers are a
:class:`FeedbackLoopPolicy`; the sentences are in :mod:`._loop_explain`. This
module holds the results and the engine: :func:`simulate_feedback_loop` runs
one scenario, :func:`compare_scenarios` several from the same start.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import attrs

from .. import _validators as v
from .._deprecation import positional_then_keyword
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Reason, explanation_spec
from ._fields import find, number_spec, optional_number_spec
from ._loop_explain import explanation as explain_run
from ._loop_policy import FeedbackLoopPolicy, Intervention
from ._loop_rules import EquilibriumStatus, _Regime, equilibrium, follow, regime, step

__all__ = [
    "LoopPeriod",
    "LoopTrajectory",
    "Scenario",
    "ScenarioComparison",
    "compare_scenarios",
    "simulate_feedback_loop",
]


def _intervention_tuple(value: Iterable[Intervention]) -> tuple[Intervention, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _loop_period_tuple(value: Iterable[LoopPeriod]) -> tuple[LoopPeriod, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _loop_trajectory_tuple(value: Iterable[LoopTrajectory]) -> tuple[LoopTrajectory, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class LoopPeriod:
    """The state of the loop in one period.

    >>> import custinteract as ci
    >>> first = ci.simulate_feedback_loop(periods=2, initial_morale=50).periods[0]
    >>> first.period, first.morale, round(first.care_quality, 4), round(first.target, 2)
    (0, 50.0, 0.7653, 58.7)

    Attributes:
        period: 0 for the first.
        morale: Morale at the start of the period (0-100).
        care_quality: Care quality it gives (0-1).
        negative_rate: Negative interactions per interaction it gives (0-1).
        target: The morale target that period sets (0-100).
    """

    period: int = attrs.field(validator=v.integer(low=0))
    morale: float = attrs.field(**number_spec(low=0, high=100))
    care_quality: float = attrs.field(**number_spec(low=0, high=1))
    negative_rate: float = attrs.field(**number_spec(low=0, high=1))
    target: float = attrs.field(**number_spec(low=0, high=100))


@attrs.frozen(kw_only=True)
class LoopTrajectory(Displayed):
    """A simulated run of the loop, with the equilibrium of its final regime.

    >>> import custinteract as ci
    >>> run = ci.simulate_feedback_loop(periods=30, initial_morale=50, name="calm week")
    >>> run.name, run.status.value, run.equilibrium_morale, len(run.periods)
    ('calm week', 'stable', 60.0, 30)
    >>> run.final.period, run.explanation[0].code
    (29, 'morale.loop.gain')

    Attributes:
        name: The scenario's name.
        interventions: The interventions simulated.
        noise: Shock size (sd in morale points); 0 is deterministic.
        seed: The seed of the shocks (0 unless given; unused when noise is 0).
        periods: One :class:`LoopPeriod` per period.
        status: Whether the final regime has an equilibrium.
        loop_gain: G of the final regime.
        equilibrium_morale: Morale at equilibrium (None without one).
        equilibrium_care_quality: Care quality at equilibrium (None without one).
        equilibrium_negative_rate: Negative rate at equilibrium (None without one).
        reached_at: First period from which morale stays within the tolerance
            of the equilibrium, or None.
        explanation: Gain, equilibrium, interventions in force, noise.
    """

    name: str = attrs.field(validator=v.identifier)
    interventions: tuple[Intervention, ...] = attrs.field(
        converter=_intervention_tuple, validator=v.tuple_of(v.instance(Intervention))
    )
    noise: float = attrs.field(**number_spec(low=0))
    seed: int = attrs.field(validator=v.integer())
    periods: tuple[LoopPeriod, ...] = attrs.field(
        converter=_loop_period_tuple, validator=v.tuple_of(v.instance(LoopPeriod))
    )
    status: EquilibriumStatus = attrs.field(validator=v.enum_member(EquilibriumStatus))
    loop_gain: float = attrs.field(**number_spec(low=0))
    equilibrium_morale: float | None = attrs.field(**optional_number_spec(low=0, high=100))
    equilibrium_care_quality: float | None = attrs.field(**optional_number_spec(low=0, high=1))
    equilibrium_negative_rate: float | None = attrs.field(**optional_number_spec(low=0, high=1))
    reached_at: int | None = attrs.field(validator=v.optional(v.integer(low=0)))
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    @property
    def final(self) -> LoopPeriod:
        """The last period simulated."""
        return self.periods[-1]


@attrs.frozen(kw_only=True)
class Scenario:
    """A named set of interventions to compare with others.

    >>> import custinteract as ci
    >>> fix = ci.Scenario(name="process fix", interventions=[
    ...     ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=2, size=0.3)])
    >>> fix.name, len(fix.interventions)
    ('process fix', 1)

    Attributes:
        name: Shown in tables and plots.
        interventions: What the manager does in this scenario.
    """

    name: str = attrs.field(validator=v.identifier)
    interventions: tuple[Intervention, ...] = attrs.field(
        default=(), converter=_intervention_tuple, validator=v.tuple_of(v.instance(Intervention))
    )


@attrs.frozen(kw_only=True)
class ScenarioComparison(Displayed):
    """Trajectories of several scenarios under one policy, start and seed.

    >>> import custinteract as ci
    >>> both = ci.compare_scenarios([ci.Scenario(name="as is"), ci.Scenario(name="freeze",
    ...     interventions=[ci.Intervention(kind=ci.InterventionKind.HIRING_FREEZE, size=0.2)])],
    ...     periods=40)
    >>> round(both.trajectory("freeze").equilibrium_morale, 2)
    53.1
    >>> [reason.code for reason in both.explanation]
    ['morale.loop.equilibrium', 'morale.loop.equilibrium']

    Attributes:
        trajectories: One per scenario, in the order given.
        explanation: One line per scenario: its equilibrium or its runaway.
    """

    trajectories: tuple[LoopTrajectory, ...] = attrs.field(
        converter=_loop_trajectory_tuple, validator=v.tuple_of(v.instance(LoopTrajectory))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def trajectory(self, name: str) -> LoopTrajectory:
        """The trajectory of the scenario called ``name``."""
        return find(self.trajectories, "name", name, "the name of a compared scenario")


# ----------------------------------------------------------------------------- the engine


_DEFAULT_POLICY = FeedbackLoopPolicy()  # built once: a policy is a frozen value


def _check_run(
    policy: FeedbackLoopPolicy,
    periods: int,
    interventions: Iterable[Intervention],
    initial_morale: float | None,
    noise: float,
    seed: int,
    name: str,
) -> tuple[tuple[Intervention, ...], float]:
    """The interventions as a tuple and the start, once every argument is known to be valid."""
    if not isinstance(policy, FeedbackLoopPolicy):
        raise InvalidInputError("policy", policy, "a FeedbackLoopPolicy or None (the defaults)")
    if not isinstance(periods, int) or isinstance(periods, bool) or not 1 <= periods <= 1_000_000:
        raise InvalidInputError("periods", periods, "an integer from 1 to 1000000")
    items = tuple(v.check_iterable(interventions, "interventions"))
    for index, item in enumerate(items):
        if not isinstance(item, Intervention):
            raise InvalidInputError(f"interventions[{index}]", item, "an Intervention")
    if initial_morale is None:
        initial_morale = policy.reference_morale
    if not v.is_finite_number(initial_morale) or not 0 <= initial_morale <= 100:
        raise InvalidInputError(
            "initial_morale", initial_morale, "None or a finite number from 0 to 100"
        )
    if not v.is_finite_number(noise) or noise < 0:
        raise InvalidInputError("noise", noise, "a finite number of at least 0")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInputError("seed", seed, "an integer (shocks come only from a seed)")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError("name", name, "a non-blank string")
    return items, float(initial_morale)


def _run(
    policy: FeedbackLoopPolicy,
    items: tuple[Intervention, ...],
    periods: int,
    morale: float,
    noise: float,
    seed: int,
) -> tuple[list[LoopPeriod], int, _Regime]:
    """Every period of the run, the first period of the final regime, and that regime."""
    rng = random.Random(seed)
    rows: list[LoopPeriod] = []
    final_regime = regime(items, periods - 1)
    settled_from = 0  # first period of the final regime: where the equilibrium is sought from
    for t in range(periods):
        current: _Regime = regime(items, t)
        if current != final_regime:
            settled_from = t + 1
        care, rate, target = step(policy, current, morale)
        rows.append(
            LoopPeriod(
                period=t, morale=morale, care_quality=care, negative_rate=rate, target=target
            )
        )
        morale = follow(policy, morale, target, rng.gauss(0.0, noise) if noise else 0.0)
    return rows, settled_from, final_regime


def _reached_at(rows: list[LoopPeriod], morale: float, tolerance: float) -> int | None:
    """First period from which morale stays within ``tolerance`` of ``morale``, or None."""
    reached_at = None
    for row in reversed(rows):
        if abs(row.morale - morale) > tolerance:
            break
        reached_at = row.period
    return reached_at


@positional_then_keyword("policy", removal="0.2")
def simulate_feedback_loop(
    *,
    policy: FeedbackLoopPolicy | None = None,
    periods: int,
    interventions: Iterable[Intervention] = (),
    initial_morale: float | None = None,
    noise: float = 0.0,
    seed: int = 0,
    name: str = "baseline",
) -> LoopTrajectory:
    """Simulate the loop for ``periods`` periods; report the equilibrium or its absence.

    ``initial_morale`` defaults to the policy's reference morale (a team's
    mean from :func:`assess_team_morale` is a natural start). Shocks come
    only from ``random.Random(seed)``, seed 0 unless given, so the same inputs
    always give the same trajectory; with ``noise=0`` it is fully
    deterministic and, when the status is ``STABLE``, converges to the
    equilibrium derived in :doc:`/feedback-loop`.

    >>> import custinteract as ci
    >>> fix = ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, start=2, size=0.3)
    >>> run = ci.simulate_feedback_loop(periods=40, interventions=[fix], initial_morale=45)
    >>> run.status.value, round(run.equilibrium_morale, 2), round(run.final.morale, 2)
    ('stable', 69.9, 69.9)
    >>> round(run.final.negative_rate, 4), run.reached_at is not None
    (0.067, True)

    A loop gain of 1 or more amplifies each round, but care quality pinned at
    1 can still hold morale (here at 75); below the tipping point 60 it runs
    to 0:

    >>> strong = ci.FeedbackLoopPolicy(care_elasticity_to_morale=1.5,
    ...     negative_rate_elasticity_to_care=2.0, morale_elasticity_to_negative_rate=0.5)
    >>> up = ci.simulate_feedback_loop(policy=strong, periods=60, initial_morale=65)
    >>> up.loop_gain, up.status.value, up.equilibrium_morale, up.final.care_quality
    (1.5, 'stable', 75.0, 1.0)
    >>> ci.simulate_feedback_loop(policy=strong, periods=60, initial_morale=55).status.value
    'none'
    """
    policy = _DEFAULT_POLICY if policy is None else policy
    items, start = _check_run(policy, periods, interventions, initial_morale, noise, seed, name)
    rows, settled_from, final_regime = _run(policy, items, periods, start, noise, seed)
    eq = equilibrium(policy, final_regime, rows[settled_from].morale)
    eq_care = eq_rate = reached_at = None
    if eq.morale is not None:
        eq_care, eq_rate, _ = step(policy, final_regime, eq.morale)
        reached_at = _reached_at(rows, eq.morale, policy.tolerance)
    return LoopTrajectory(
        name=name,
        interventions=items,
        noise=noise,
        seed=seed,
        periods=tuple(rows),
        status=eq.status,
        loop_gain=eq.gain,
        equilibrium_morale=eq.morale,
        equilibrium_care_quality=eq_care,
        equilibrium_negative_rate=eq_rate,
        reached_at=reached_at,
        explanation=explain_run(
            eq,
            reference_morale=policy.reference_morale,
            tolerance=policy.tolerance,
            periods=periods,
            reached_at=reached_at,
            active=[item for item in items if item.active(periods - 1)],
            noise=noise,
            seed=seed,
        ),
    )


def compare_scenarios(
    scenarios: Iterable[Scenario],
    *,
    periods: int,
    policy: FeedbackLoopPolicy | None = None,
    initial_morale: float | None = None,
    noise: float = 0.0,
    seed: int = 0,
) -> ScenarioComparison:
    """Simulate each scenario from the same start with the same shocks, side by side.

    Every scenario uses ``random.Random(seed)`` afresh (common random numbers),
    so differences between trajectories come from the interventions alone.

    >>> import custinteract as ci
    >>> both = ci.compare_scenarios(
    ...     [ci.Scenario(name="do nothing"),
    ...      ci.Scenario(name="recognition", interventions=[
    ...          ci.Intervention(kind=ci.InterventionKind.RECOGNITION_PROGRAMME,
    ...                          start=3, size=5)])],
    ...     periods=30, initial_morale=50)
    >>> [(t.name, round(t.equilibrium_morale, 2)) for t in both.trajectories]
    [('do nothing', 60.0), ('recognition', 65.75)]
    """
    items = tuple(v.check_iterable(scenarios, "scenarios"))
    names = set()
    for index, scenario in enumerate(items):
        if not isinstance(scenario, Scenario):
            raise InvalidInputError(f"scenarios[{index}]", scenario, "a Scenario")
        if scenario.name in names:
            raise InvalidInputError(
                f"scenarios[{index}].name", scenario.name, "a name not used by another scenario"
            )
        names.add(scenario.name)
    if not items:
        raise InvalidInputError("scenarios", items, "at least one Scenario")
    trajectories = tuple(
        simulate_feedback_loop(
            policy=policy,
            periods=periods,
            interventions=scenario.interventions,
            initial_morale=initial_morale,
            noise=noise,
            seed=seed,
            name=scenario.name,
        )
        for scenario in items
    )
    explanation = tuple(
        Reason(code=t.explanation[1].code, message=f"{t.name}: {t.explanation[1].message}")
        for t in trajectories
    )
    return ScenarioComparison(trajectories=trajectories, explanation=explanation)
