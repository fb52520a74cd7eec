"""Who is still with us: each customer's activity status at ``as_of``, explained.

For every customer, with or without complaints, the engine reads the
interactions that count as coming back (:class:`ActivityPolicy`), summarises
them (:class:`ActivitySummary`), and judges the silence since the last return:

* always by the **rhythm rule** (:mod:`custinteract.activity._rhythm`):
  silence against the customer's own usual gap, shrunk towards the base's;
* and, when a fitted :class:`BgNbdModel` is given, by the **model**: the
  probability that the customer is still alive decides the status, and the
  expected returns in the policy's horizon are reported. The rhythm's verdict
  is kept beside it (:attr:`ActivityAssessment.rhythm_status`).

Only interactions with ``timestamp <= as_of`` count; time is counted in whole
UTC days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import ClassVar

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Interaction, Reason, explanation_spec
from .._time import ensure_aware
from ._bgnbd import BgNbdModel, conditional_expected_returns, p_alive
from ._explain import explain
from ._policy import ActivityPolicy, ActivityStatus
from ._rhythm import base_gap, model_status, rhythm_status, typical_gap
from ._summary import (
    ActivitySummary,
    check_policy,
    day_number,
    group_counted_days,
    summary_of,
    summary_of_counted,
)

__all__ = [
    "ActivityAssessment",
    "assess_activities",
    "assess_activity",
    "assess_counted",
    "assess_summary",
    "score_summary",
]

_MIN_GAP = 1.0  # days: time is counted in whole days


@attrs.frozen(kw_only=True)
class ActivityAssessment(Displayed):
    """Whether one customer is still with us at ``as_of``, and why.

    Attributes:
        customer_id: The customer (None when no interaction was given).
        as_of: The moment of the assessment.
        status: The verdict: the model's when one was given, else the rhythm's.
        rhythm_status: The rhythm rule's verdict (equal to ``status`` without a model).
        summary: Frequency, recency and age (None when UNSEEN).
        base_gap_days: The base's usual gap the rhythm leaned on.
        typical_gap_days: The customer's usual gap, shrunk towards the base's
            (None when UNSEEN; at least 1 day).
        silence_ratio: Days since the last return over the typical gap (None when UNSEEN).
        p_alive: The model's probability alive (None without a model or when UNSEEN).
        expected_returns: The model's expected returns in the policy's
            ``horizon_days`` (None without a model or when UNSEEN).
        explanation: Reasons with codes from :data:`ACTIVITY_REASON_CODES`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> start = datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    >>> buys = [ci.Interaction(id=f"b{n}", customer_id="c-1", timestamp=start + timedelta(days=40 * n),
    ...                        sentiment=ci.Sentiment.NEUTRAL, kind=ci.InteractionKind.PURCHASE)
    ...         for n in range(6)]
    >>> a = ci.assess_activity(buys, as_of=start + timedelta(days=400),
    ...                        policy=ci.ActivityPolicy(base_gap_days=40))
    >>> a.status.value
    'lapsed'
    >>> for reason in a.explanation:
    ...     print(reason)
    comes back about every 40 days; silent for 200 days, 5.0 times their usual gap [activity.rhythm]
    lapsed: silent for 5.0 usual gaps, lapsed from 4 [activity.lapsed]
    """

    customer_id: str | None = attrs.field(validator=v.optional(v.identifier))
    as_of: datetime = attrs.field(validator=v.aware)
    status: ActivityStatus = attrs.field(validator=v.enum_member(ActivityStatus))
    rhythm_status: ActivityStatus = attrs.field(validator=v.enum_member(ActivityStatus))
    summary: ActivitySummary | None = attrs.field(validator=v.optional(v.instance(ActivitySummary)))
    base_gap_days: float = attrs.field(
        converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
    typical_gap_days: float | None = attrs.field(
        converter=v.optional_number_to_float,
        validator=v.optional(v.finite_number(low=0, low_open=True)),
    )
    silence_ratio: float | None = attrs.field(
        converter=v.optional_number_to_float, validator=v.optional(v.finite_number(low=0))
    )
    p_alive: float | None = attrs.field(
        converter=v.optional_number_to_float, validator=v.optional(v.finite_number(low=0, high=1))
    )
    expected_returns: float | None = attrs.field(
        converter=v.optional_number_to_float, validator=v.optional(v.finite_number(low=0))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    _brief: ClassVar[tuple[str, ...]] = ()


def score_summary(
    summary: ActivitySummary | None,
    *,
    customer_id: str | None,
    as_of: datetime,
    gap_of_base: float,
    policy: ActivityPolicy,
    model: BgNbdModel | None,
    memo: dict[tuple[str, str], Reason] | None = None,
) -> ActivityAssessment:
    """The assessment of one summarised customer (None: UNSEEN).

    ``memo`` (given by a batch only, with its inputs checked once for all
    customers) shares each distinct reason; without a model the batch then
    sets the fields itself, as every value is made here by the rules above
    (the constructor's validators were 40% of the activity part of
    ``assess_recoveries``, benchmarks/bench_recovery.py).
    """
    gap = ratio = alive = expected = None
    rhythm = status = ActivityStatus.UNSEEN
    if summary is not None:
        gap = max(typical_gap(summary, gap_of_base, policy.prior_gaps), _MIN_GAP)
        ratio = summary.silence / gap
        rhythm = status = rhythm_status(ratio, policy)
        if model is not None:
            x, t_x, age = summary.frequency, summary.recency, summary.age
            alive = p_alive(model.params, x, t_x, age)
            expected = conditional_expected_returns(model.params, policy.horizon_days, x, t_x, age)
            status = model_status(alive, policy)
    explanation = explain(
        summary=summary,
        base_gap=gap_of_base,
        typical_gap=gap_of_base if gap is None else gap,
        ratio=0.0 if ratio is None else ratio,
        rhythm=rhythm,
        status=status,
        p_alive=alive,
        expected_returns=expected,
        policy=policy,
        memo=memo,
    )
    if memo is None or model is not None:
        return ActivityAssessment(
            customer_id=customer_id,
            as_of=as_of,
            status=status,
            rhythm_status=rhythm,
            summary=summary,
            base_gap_days=gap_of_base,
            typical_gap_days=gap,
            silence_ratio=ratio,
            p_alive=alive,
            expected_returns=expected,
            explanation=explanation,
        )
    result: ActivityAssessment = object.__new__(ActivityAssessment)
    values = (customer_id, as_of, status, rhythm, summary, gap_of_base, gap, ratio, None, None)
    for name, value in zip(_FIELDS, (*values, explanation), strict=True):
        object.__setattr__(result, name, value)
    return result


_FIELDS = tuple(field.name for field in attrs.fields(ActivityAssessment))


def _check_model(model: object) -> BgNbdModel | None:
    if model is not None and not isinstance(model, BgNbdModel):
        raise InvalidInputError("model", model, "a BgNbdModel or None")
    return model


def assess_summary(
    summary: ActivitySummary | None,
    *,
    customer_id: str | None = None,
    as_of: datetime,
    base_gap_days: float,
    policy: ActivityPolicy | None = None,
    model: BgNbdModel | None = None,
) -> ActivityAssessment:
    """Assess a customer from a summary kept elsewhere (an incremental tally, a database).

    ``summary`` None means no counted interaction yet: UNSEEN (``customer_id``
    then names the customer; otherwise the summary's id is used).
    ``base_gap_days`` is the base's usual gap, as
    :attr:`ActivityAssessment.base_gap_days` reports it (or the
    policy's ``base_gap_days``, which wins when set). The same rules as
    :func:`assess_activity`, at the cost of one customer.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> s = ci.ActivitySummary(customer_id="c-1", frequency=4, recency=120, age=400)
    >>> a = ci.assess_summary(s, as_of=datetime(2026, 3, 4, tzinfo=timezone.utc), base_gap_days=30)
    >>> a.status.value, a.typical_gap_days, a.silence_ratio
    ('lapsed', 30.0, 9.333333333333334)
    """
    policy = check_policy(policy)
    model = _check_model(model)
    ensure_aware(as_of, "as_of")
    if summary is not None and not isinstance(summary, ActivitySummary):
        raise InvalidInputError("summary", summary, "an ActivitySummary or None")
    if policy.base_gap_days is not None:
        base_gap_days = policy.base_gap_days
    if not v.is_finite_number(base_gap_days) or base_gap_days <= 0:
        raise InvalidInputError("base_gap_days", base_gap_days, "a finite number above 0")
    return score_summary(
        summary,
        customer_id=customer_id if summary is None else summary.customer_id,
        as_of=as_of,
        gap_of_base=float(base_gap_days),
        policy=policy,
        model=model,
    )


def assess_counted(
    counted: Mapping[str, tuple[int, int, int] | None],
    *,
    as_of: datetime,
    policy: ActivityPolicy,
    model: BgNbdModel | None,
    memo: dict[tuple[str, str], Reason],
) -> dict[str, ActivityAssessment]:
    """Every customer's activity from their counted UTC days, as :func:`assess_activities` gives it.

    For a batch that grouped and checked the interactions itself (``as_of``
    aware, ``policy`` and ``model`` checked): ``counted`` maps each customer
    to ``(first, last, distinct)`` day numbers at or before ``as_of``'s day,
    or None when none of theirs counts (UNSEEN). The base's gap is measured
    over these customers (:func:`._rhythm.base_gap`), and ``memo`` shares
    the reasons of the batch call.
    """
    today = day_number(as_of)
    summaries = {
        cid: summary_of_counted(cid, *days, today)
        for cid, days in counted.items()
        if days is not None
    }
    gap = float(base_gap(summaries.values(), policy))
    return {
        cid: score_summary(
            summaries.get(cid),
            customer_id=cid,
            as_of=as_of,
            gap_of_base=gap,
            policy=policy,
            model=model,
            memo=memo,
        )
        for cid in counted
    }


def assess_activity(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
    model: BgNbdModel | None = None,
) -> ActivityAssessment:
    """Assess one customer's activity at ``as_of`` from their interactions (any order).

    Without ``policy.base_gap_days`` the base's usual gap is measured on what
    is given, here the customer's own history; pass the base's (as
    :func:`assess_activities` measures it, in
    :attr:`ActivityAssessment.base_gap_days`) to judge one customer as the
    batch does.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> touch = ci.Interaction(id="o1", customer_id="c-1", timestamp=t,
    ...                        sentiment=ci.Sentiment.NEUTRAL, direction=ci.Direction.OUTBOUND)
    >>> ci.assess_activity([touch], as_of=t).status.value
    'unseen'
    """
    policy = check_policy(policy)
    model = _check_model(model)
    ensure_aware(as_of, "as_of")
    days, customers = group_counted_days(interactions, as_of, policy)
    if len(customers) > 1:
        raise InvalidInputError(
            "interactions", sorted(customers), "one customer's interactions (use assess_activities)"
        )
    customer_id = next(iter(customers), None)
    summary = None
    if customer_id is not None and customer_id in days:
        summary = summary_of(customer_id, days[customer_id], day_number(as_of))
    gap = base_gap([] if summary is None else [summary], policy)
    return score_summary(
        summary, customer_id=customer_id, as_of=as_of, gap_of_base=gap, policy=policy, model=model
    )


def assess_activities(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
    model: BgNbdModel | None = None,
) -> dict[str, ActivityAssessment]:
    """Assess every customer at once: ``customer_id -> ActivityAssessment``, sorted by id.

    Every customer with an interaction at or before ``as_of`` is included
    (UNSEEN when none of theirs counts). The base's usual gap is measured
    once over all of them, unless the policy fixes it.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> day = lambda m, d: datetime(2026, m, d, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id=f"{c}{m}", customer_id=c, timestamp=day(m, 1),
    ...                        sentiment=ci.Sentiment.POSITIVE, kind=ci.InteractionKind.PURCHASE)
    ...         for c, months in [("a", (1, 2, 3, 4, 5)), ("b", (1, 2))] for m in months]
    >>> {c: a.status.value for c, a in ci.assess_activities(base, as_of=day(6, 15)).items()}
    {'a': 'active', 'b': 'lapsed'}
    """
    policy = check_policy(policy)
    model = _check_model(model)
    ensure_aware(as_of, "as_of")
    days, customers = group_counted_days(interactions, as_of, policy)
    today = day_number(as_of)
    summaries = {cid: summary_of(cid, days[cid], today) for cid in days}
    gap = base_gap(summaries.values(), policy)
    return {
        cid: score_summary(
            summaries.get(cid),
            customer_id=cid,
            as_of=as_of,
            gap_of_base=gap,
            policy=policy,
            model=model,
        )
        for cid in sorted(customers)
    }
