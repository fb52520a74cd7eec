"""Hypothesis strategies for every custinteract model, policy and result, for property tests.

Host applications use these to property-test their own code against valid
custinteract values; custinteract's own test suite uses them too. Needs
hypothesis (``python -m pip install '.[test]'`` in a checkout).

Every strategy draws values that pass the models' own validation, and by
default values a host's data would hold: timestamps in real-world UTC offsets
(fixed, in whole minutes, so that :func:`~custinteract.to_dict` round trips
are exact) between 2020 and 2030, ratings that agree with their interaction's
sentiment, printable text, customers' dates that tell a consistent story, and
:func:`datasets` that every engine accepts. Options draw the hostile variants
the models also accept (any whole-minute offset, contradicting ratings,
control characters, interactions of customers a dataset does not hold).

Policy strategies (:func:`recovery_policies`, :func:`lead_policies`, ...)
leave each field at its default or draw it within a range engines answer
quickly; result strategies (:func:`recovery_assessments`, ...) run the
engine on drawn inputs, so their values are ones the library really returns.

The examples below use :func:`hypothesis.find`, which returns a value the
strategy draws that satisfies a condition: the simplest one for small values;
for whole models they skip shrinking (``Phase.generate`` only, which is much
faster) and show what every such value has. In tests, use the strategies with
:func:`hypothesis.given`.

>>> import custinteract as ci
>>> from custinteract import testing
>>> from hypothesis import given, settings
>>> @given(testing.interactions())
... def check(interaction):
...     assert ci.from_dict(ci.Interaction, ci.to_dict(interaction)) == interaction
>>> check()
>>> @settings(max_examples=10)
... @given(testing.datasets(), testing.lead_policies(), testing.as_of_moments())
... def every_lead_assessed(data, policy, as_of):
...     found = ci.assess_leads(data.customers, data.interactions, as_of=as_of, policy=policy)
...     assert len(found) == len(data.customers)
>>> every_lead_assessed()
"""

from __future__ import annotations

from .._errors import MissingExtraError

try:
    import hypothesis  # noqa: F401 - only to say which extra is missing
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("custinteract.testing", "test", "hypothesis") from _exc

from ._datasets import datasets
from ._policies import (
    activity_policies,
    bass_models,
    bgnbd_models,
    conversion_policies,
    engagement_rules,
    feedback_loop_policies,
    fit_rules,
    interventions,
    lead_policies,
    morale_policies,
    recovery_policies,
    satisfaction_policies,
    scenarios,
    word_of_mouth_policies,
)
from ._results import (
    activity_assessments,
    as_of_moments,
    lead_assessments,
    loop_trajectories,
    morale_assessments,
    recovery_assessments,
    satisfaction_reports,
    word_of_mouth_estimates,
)
from ._values import (
    REAL_WORLD_OFFSETS,
    aware_datetimes,
    customer_histories,
    customers,
    identifiers,
    interactions,
    printable_text,
    ratings,
    reasons,
    recovery_gestures,
    staff_event_histories,
    staff_events,
    staff_members,
    string_maps,
    utc_offsets,
    windows,
)

__all__ = [
    "REAL_WORLD_OFFSETS",
    "activity_assessments",
    "activity_policies",
    "as_of_moments",
    "aware_datetimes",
    "bass_models",
    "bgnbd_models",
    "conversion_policies",
    "customer_histories",
    "customers",
    "datasets",
    "engagement_rules",
    "feedback_loop_policies",
    "fit_rules",
    "identifiers",
    "interactions",
    "interventions",
    "lead_assessments",
    "lead_policies",
    "loop_trajectories",
    "morale_assessments",
    "morale_policies",
    "printable_text",
    "ratings",
    "reasons",
    "recovery_assessments",
    "recovery_gestures",
    "recovery_policies",
    "satisfaction_policies",
    "satisfaction_reports",
    "scenarios",
    "staff_event_histories",
    "staff_events",
    "staff_members",
    "string_maps",
    "utc_offsets",
    "windows",
    "word_of_mouth_estimates",
    "word_of_mouth_policies",
]
