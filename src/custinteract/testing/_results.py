"""Strategies for results: each draws inputs and a policy and runs the engine, so results are real ones."""

from __future__ import annotations

from datetime import datetime

from hypothesis import strategies as st

from .._models import Interaction
from ..activity import ActivityAssessment, assess_activity
from ..leads import LeadAssessment, assess_lead
from ..morale import LoopTrajectory, MoraleAssessment, assess_morale, simulate_feedback_loop
from ..recovery import RecoveryAssessment, assess_recovery
from ..satisfaction import SatisfactionReport, measure_satisfaction
from ..word_of_mouth import WordOfMouthEstimate, estimate_word_of_mouth
from ._policies import (
    activity_policies,
    feedback_loop_policies,
    interventions,
    lead_policies,
    morale_policies,
    recovery_policies,
    satisfaction_policies,
    word_of_mouth_policies,
)
from ._values import (
    LATEST,
    aware_datetimes,
    customer_histories,
    customers,
    interactions,
    staff_event_histories,
    staff_members,
)

_END = LATEST.replace(year=LATEST.year + 1)


def as_of_moments() -> st.SearchStrategy[datetime]:
    """Moments to judge at: from 2020 to the end of 2031, so also after every drawn timestamp.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.as_of_moments(), lambda moment: moment.year == 2031).year
    2031
    """
    return aware_datetimes(max_value=_END)


def _history(customer_id: str) -> st.SearchStrategy[list[Interaction]]:
    return customer_histories(customer_id, max_size=8)


@st.composite
def _recovery(draw: st.DrawFn) -> RecoveryAssessment:
    return assess_recovery(
        draw(_history("c-1")), as_of=draw(as_of_moments()), policy=draw(recovery_policies())
    )


def recovery_assessments() -> st.SearchStrategy[RecoveryAssessment]:
    """Real :class:`~custinteract.RecoveryAssessment` values: drawn histories and policies, assessed.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> owed = find(testing.recovery_assessments(),
    ...             lambda a: a.status is ci.RecoveryStatus.RECOVERING, settings=quick)
    >>> owed.positives_needed > 0
    True
    """
    return _recovery()


@st.composite
def _lead(draw: st.DrawFn) -> LeadAssessment:
    customer = draw(customers())
    return assess_lead(
        customer,
        draw(_history(customer.id)),
        as_of=draw(as_of_moments()),
        policy=draw(lead_policies()),
    )


def lead_assessments() -> st.SearchStrategy[LeadAssessment]:
    """Real :class:`~custinteract.LeadAssessment` values: a drawn customer, history and policy.

    >>> import custinteract as ci
    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> lead = find(testing.lead_assessments(), lambda a: a.explanation, settings=quick)
    >>> isinstance(lead.temperature, ci.LeadTemperature)
    True
    """
    return _lead()


@st.composite
def _morale(draw: st.DrawFn) -> MoraleAssessment:
    member = draw(staff_members())
    handled = draw(
        st.lists(interactions(staff_ids=st.just(member.id)), max_size=8, unique_by=lambda i: i.id)
    )
    return assess_morale(
        member,
        handled,
        as_of=draw(as_of_moments()),
        events=draw(staff_event_histories(member.id)),
        policy=draw(morale_policies()),
    )


def morale_assessments() -> st.SearchStrategy[MoraleAssessment]:
    """Real :class:`~custinteract.MoraleAssessment` values: a member, their work, events, policy.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> assessment = find(testing.morale_assessments(), lambda a: True, settings=quick)
    >>> 0 <= assessment.index <= 100
    True
    """
    return _morale()


@st.composite
def _activity(draw: st.DrawFn) -> ActivityAssessment:
    return assess_activity(
        draw(_history("c-1")), as_of=draw(as_of_moments()), policy=draw(activity_policies())
    )


def activity_assessments() -> st.SearchStrategy[ActivityAssessment]:
    """Real :class:`~custinteract.ActivityAssessment` values: a drawn history and policy.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> find(testing.activity_assessments(), lambda a: True, settings=quick).explanation != ()
    True
    """
    return _activity()


@st.composite
def _satisfaction(draw: st.DrawFn) -> SatisfactionReport:
    contacts = draw(st.lists(interactions(), max_size=12, unique_by=lambda i: i.id))
    return measure_satisfaction(contacts, policy=draw(satisfaction_policies()))


def satisfaction_reports() -> st.SearchStrategy[SatisfactionReport]:
    """Real :class:`~custinteract.SatisfactionReport` values: drawn interactions and policy.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> report = find(testing.satisfaction_reports(), lambda r: r.counts.negative > 0,
    ...               settings=quick)
    >>> report.counts.negative > 0
    True
    """
    return _satisfaction()


@st.composite
def _word_of_mouth(draw: st.DrawFn) -> WordOfMouthEstimate:
    contacts = draw(st.lists(interactions(), max_size=12, unique_by=lambda i: i.id))
    return estimate_word_of_mouth(contacts, policy=draw(word_of_mouth_policies()))


def word_of_mouth_estimates() -> st.SearchStrategy[WordOfMouthEstimate]:
    """Real :class:`~custinteract.WordOfMouthEstimate` values: drawn interactions and policy.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> estimate = find(testing.word_of_mouth_estimates(), lambda e: e.negatives > 0,
    ...                 settings=quick)
    >>> estimate.negative_reach > 0 or estimate.explanation != ()
    True
    """
    return _word_of_mouth()


@st.composite
def _trajectory(draw: st.DrawFn) -> LoopTrajectory:
    return simulate_feedback_loop(
        policy=draw(feedback_loop_policies()),
        periods=draw(st.integers(1, 24)),
        interventions=draw(st.lists(interventions(), max_size=3)),
    )


def loop_trajectories() -> st.SearchStrategy[LoopTrajectory]:
    """Real :class:`~custinteract.LoopTrajectory` values: a drawn policy and interventions, simulated.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> trajectory = find(testing.loop_trajectories(), lambda t: len(t.periods) > 2,
    ...                   settings=quick)
    >>> len(trajectory.periods) > 2
    True
    """
    return _trajectory()
