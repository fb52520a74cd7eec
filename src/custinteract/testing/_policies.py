"""Strategies for every policy (and the small values policies hold), within ranges engines answer quickly.

Each policy strategy leaves every field at its default or draws it (about
half of them each time), so that draws stay close to the documented
behaviour while every field gets exercised; values that break a rule between
two fields (a warm threshold above the qualified one) are never returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from hypothesis import reject
from hypothesis import strategies as st

from .._errors import InvalidInputError
from .._models import Direction, GestureKind, InteractionKind, LeadSource
from ..activity import ActivityPolicy, BgNbdModel
from ..leads import (
    ConversionPolicy,
    EngagementRule,
    FitRule,
    FitRuleKind,
    LeadPolicy,
    LeadTemperature,
)
from ..morale import FeedbackLoopPolicy, Intervention, InterventionKind, MoralePolicy, Scenario
from ..recovery import RecoveryPolicy
from ..satisfaction import NpsInterval, SatisfactionPolicy, TrendTest
from ..word_of_mouth import BassModel, WordOfMouthPolicy
from ._values import printable_text, windows

P = TypeVar("P")


def _between(low: float, high: float, *, exclude_low: bool = False) -> st.SearchStrategy[float]:
    return st.floats(low, high, exclude_min=exclude_low, allow_nan=False)


def _some(members: Any, *, min_size: int = 1) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(list(members)), min_size=min_size, unique=True).map(tuple)


def _table(members: Any, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[Any, Any]]:
    """A complete table: one value for every member."""
    return st.tuples(*(values for _ in members)).map(
        lambda drawn: dict(zip(members, drawn, strict=True))
    )


@st.composite
def _policy(draw: st.DrawFn, cls: type[P], fields: Mapping[str, st.SearchStrategy[Any]]) -> P:
    chosen = {name: draw(strategy) for name, strategy in fields.items() if draw(st.booleans())}
    try:
        return cls(**chosen)
    except InvalidInputError:  # a rule between two fields: drawn again
        reject()


def activity_policies() -> st.SearchStrategy[ActivityPolicy]:
    """Valid :class:`~custinteract.ActivityPolicy` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> policy = find(testing.activity_policies(), lambda p: p.base_gap_days is not None)
    >>> policy.base_gap_days > 0
    True
    """
    return _policy(
        ActivityPolicy,
        {
            "counted_kinds": _some(InteractionKind),
            "counted_directions": _some(Direction),
            "lapsing_ratio": _between(1.0, 4.0),
            "lapsed_ratio": _between(4.0, 10.0, exclude_low=True),
            "prior_gaps": _between(0.0, 10.0),
            "base_gap_days": st.none() | _between(1.0, 365.0),
            "fallback_gap_days": _between(1.0, 365.0),
            "lapsed_p_alive": _between(0.0, 0.4),
            "active_p_alive": _between(0.5, 1.0),
            "horizon_days": _between(1.0, 365.0),
        },
    )


def bgnbd_models() -> st.SearchStrategy[BgNbdModel]:
    """:class:`~custinteract.BgNbdModel` parameters within the range fits usually give.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.bgnbd_models(), lambda model: model.r > 1).r > 1
    True
    """
    return st.builds(
        BgNbdModel,
        r=_between(0.05, 5.0),
        alpha=_between(0.5, 200.0),
        a=_between(0.05, 5.0),
        b=_between(0.05, 10.0),
    )


def recovery_policies() -> st.SearchStrategy[RecoveryPolicy]:
    """Valid :class:`~custinteract.RecoveryPolicy` values (gesture credits for some kinds).

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.recovery_policies(), lambda p: p.positives_per_negative > 6).positives_per_negative
    7
    """
    return _policy(
        RecoveryPolicy,
        {
            "positives_per_negative": st.integers(1, 20),
            "loss_after_silence": st.none() | windows(),
            "negative_memory": st.none() | windows(),
            "gesture_credit": st.dictionaries(
                st.sampled_from(GestureKind), _between(0.0, 10.0), max_size=len(GestureKind)
            ),
            "activity": st.none() | activity_policies(),
            "activity_model": st.none() | bgnbd_models(),
        },
    )


def fit_rules() -> st.SearchStrategy[FitRule]:
    """Valid :class:`~custinteract.FitRule` values of every kind (each with the fields it uses).

    >>> import custinteract as ci
    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> rule = find(testing.fit_rules(), lambda rule: rule.kind is ci.FitRuleKind.RANGE)
    >>> rule.low is not None or rule.high is not None
    True
    """
    attribute = st.sampled_from(["budget", "region", "size", "industry"])
    text = st.sampled_from(["small", "large", "north", "south", "10000"])
    points = _between(-100.0, 100.0)
    bounds = st.tuples(st.none() | _between(0, 1000), st.none() | _between(0, 1000))
    return st.one_of(
        st.builds(
            FitRule,
            attribute=attribute,
            kind=st.just(FitRuleKind.EQUALS),
            points=points,
            value=text,
        ),
        st.builds(
            FitRule,
            attribute=attribute,
            kind=st.just(FitRuleKind.ONE_OF),
            points=points,
            values=st.lists(text, min_size=1, max_size=3, unique=True).map(tuple),
        ),
        bounds.filter(lambda pair: pair != (None, None))
        .map(_ordered)
        .flatmap(
            lambda pair: st.builds(
                FitRule,
                attribute=attribute,
                kind=st.just(FitRuleKind.RANGE),
                points=points,
                low=st.just(pair[0]),
                high=st.just(pair[1]),
            )
        ),
    )


def _ordered(pair: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
    low, high = pair
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


def engagement_rules() -> st.SearchStrategy[EngagementRule]:
    """Valid :class:`~custinteract.EngagementRule` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.engagement_rules(), lambda rule: rule.points > 10).points > 10
    True
    """
    return st.builds(
        EngagementRule,
        kind=st.sampled_from(InteractionKind),
        direction=st.sampled_from(Direction),
        points=_between(0.0, 100.0),
        half_life_days=_between(1.0, 365.0),
    )


def lead_policies() -> st.SearchStrategy[LeadPolicy]:
    """Valid :class:`~custinteract.LeadPolicy` values, rules and complete touch tables included.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> policy = find(testing.lead_policies(), lambda p: p.warm_threshold > 20)
    >>> policy.warm_threshold < policy.qualified_threshold
    True
    """
    touches = st.integers(1, 10)
    return _policy(
        LeadPolicy,
        {
            "warm_threshold": _between(0.0, 50.0),
            "qualified_threshold": _between(50.0, 100.0, exclude_low=True),
            "current_window": windows(),
            "qualified_window": windows(),
            "answer_window": windows(),
            "touch_window": windows(),
            "source_points": st.dictionaries(st.sampled_from(LeadSource), _between(0.0, 100.0)),
            "unconsented_list_points": _between(0.0, 100.0),
            "cold_until_engaged": _some(LeadSource, min_size=0),
            "fit_rules": st.lists(fit_rules(), max_size=3).map(tuple),
            "engagement_rules": st.lists(engagement_rules(), max_size=3).map(tuple),
            "negative_points": _between(-100.0, 0.0),
            "unanswered_factor": _between(0.0, 1.0),
            "qualifying_kinds": _some(InteractionKind, min_size=0),
            "budget_key": st.sampled_from(["budget", "size"]),
            "max_touches": _table(list(LeadTemperature), touches),
            "stop_after_unanswered": _table(list(LeadTemperature), touches),
            "contact_from": st.sampled_from(LeadTemperature),
            "consent_required": st.booleans(),
            "current_activity": st.none() | activity_policies(),
        },
    )


def conversion_policies() -> st.SearchStrategy[ConversionPolicy]:
    """Valid :class:`~custinteract.ConversionPolicy` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.conversion_policies(), lambda p: p.min_support > 5).min_support
    6
    """
    return _policy(
        ConversionPolicy,
        {
            "smoothing": _between(0.1, 10.0),
            "min_support": st.integers(1, 50),
            "decision_window": windows(),
            "attributes": st.lists(
                st.sampled_from(["region", "size", "industry"]), unique=True
            ).map(tuple),
            "floor": _between(0.0005, 0.4),
        },
    )


def morale_policies() -> st.SearchStrategy[MoralePolicy]:
    """Valid :class:`~custinteract.MoralePolicy` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> policy = find(testing.morale_policies(), lambda p: p.high_from < 75)
    >>> policy.low_below < policy.high_from
    True
    """
    points = _between(0.0, 40.0)
    return _policy(
        MoralePolicy,
        {
            "baseline": _between(0.0, 100.0),
            "window": windows(),
            "negative_share_points": points,
            "negative_count_points": points,
            "negative_count_cap": points,
            "recognition_points": points,
            "reward_points": points,
            "recognition_half_life": windows(),
            "recognition_cap": points,
            "voice_window": windows(),
            "one_to_one_points": points,
            "one_to_one_cap": points,
            "concern_resolved_points": points,
            "concern_open_points": points,
            "concern_open_cap": points,
            "workload_tolerance": _between(0.0, 1.0),
            "workload_points": points,
            "workload_cap": points,
            "low_below": _between(0.0, 50.0),
            "high_from": _between(50.0, 100.0, exclude_low=True),
        },
    )


def feedback_loop_policies() -> st.SearchStrategy[FeedbackLoopPolicy]:
    """Valid :class:`~custinteract.FeedbackLoopPolicy` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.feedback_loop_policies(), lambda p: p.adjustment_speed < 0.5).adjustment_speed < 0.5
    True
    """
    elasticity = _between(0.0, 3.0)
    return _policy(
        FeedbackLoopPolicy,
        {
            "reference_morale": _between(1.0, 100.0),
            "reference_care_quality": _between(0.05, 1.0),
            "reference_negative_rate": _between(0.01, 1.0),
            "care_elasticity_to_morale": elasticity,
            "negative_rate_elasticity_to_care": elasticity,
            "morale_elasticity_to_negative_rate": elasticity,
            "morale_elasticity_to_workload": elasticity,
            "adjustment_speed": _between(0.05, 1.0),
            "tolerance": _between(1e-4, 0.1),
        },
    )


def interventions() -> st.SearchStrategy[Intervention]:
    """Valid feedback-loop :class:`~custinteract.Intervention` values (within 24 periods).

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> later = find(testing.interventions(), lambda i: i.end is not None)
    >>> later.end > later.start
    True
    """
    return st.tuples(st.integers(0, 12), st.none() | st.integers(1, 12)).flatmap(
        lambda span: st.builds(
            Intervention,
            kind=st.sampled_from(InterventionKind),
            start=st.just(span[0]),
            end=st.just(None if span[1] is None else span[0] + span[1]),
            size=_between(0.0, 0.9),
        )
    )


def scenarios() -> st.SearchStrategy[Scenario]:
    """Valid :class:`~custinteract.Scenario` values: a printable name and a few interventions.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> len(find(testing.scenarios(), lambda s: len(s.interventions) == 2).interventions)
    2
    """
    return st.builds(
        Scenario,
        name=printable_text(1, 20),
        interventions=st.lists(interventions(), max_size=3).map(tuple),
    )


def satisfaction_policies() -> st.SearchStrategy[SatisfactionPolicy]:
    """Valid :class:`~custinteract.SatisfactionPolicy` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.satisfaction_policies(), lambda p: p.minimum_count < 30).minimum_count
    1
    """
    return _policy(
        SatisfactionPolicy,
        {
            "confidence": _between(0.5, 0.999),
            "minimum_count": st.integers(1, 100),
            "trend_test": st.sampled_from(TrendTest),
            "nps_interval": st.sampled_from(NpsInterval),
            "csat_satisfied_from": st.integers(2, 5),
            "ces_easy_from": st.integers(2, 7),
        },
    )


def word_of_mouth_policies() -> st.SearchStrategy[WordOfMouthPolicy]:
    """Valid :class:`~custinteract.WordOfMouthPolicy` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.word_of_mouth_policies(), lambda p: p.max_hops > 3).max_hops
    4
    """
    return _policy(
        WordOfMouthPolicy,
        {
            "positive_audience": _between(0.0, 20.0),
            "negative_multiplier": _between(1.0, 5.0),
            "retell_probability": _between(0.0, 1.0),
            "retell_audience": _between(0.0, 5.0),
            "max_hops": st.integers(1, 6),
            "population": st.none() | st.integers(1, 10**6),
            "edge_probability": _between(0.0, 1.0),
        },
    )


def bass_models() -> st.SearchStrategy[BassModel]:
    """Valid :class:`~custinteract.BassModel` values.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.bass_models(), lambda m: m.market_size > 100).market_size > 100
    True
    """
    return _policy(
        BassModel,
        {
            "market_size": _between(1.0, 1e6),
            "innovation": _between(0.001, 0.5),
            "imitation": _between(0.0, 1.0),
            "dissatisfied_share": _between(0.0, 1.0),
            "negative_multiplier": _between(0.0, 5.0),
        },
    )
