"""The lead funnel over a customer base: how many leads at each temperature, and who moved.

Each customer is assessed twice with :func:`~custinteract.assess_lead`: at the
start of the period (or at its creation, if created during the period) and at
its end. The funnel counts both, and every (start, end) transition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Customer, Interaction, Reason, explanation_spec
from .._time import ensure_aware
from ._engine import LeadAssessment, LeadPolicy, LeadTemperature, assess
from ._history import history_of

__all__ = ["FunnelStep", "LeadFunnel", "assess_leads", "funnel_of", "lead_funnel"]


@attrs.frozen(kw_only=True)
class FunnelStep:
    """How many customers were at ``start`` temperature and ended at ``end``.

    >>> import custinteract as ci
    >>> ci.FunnelStep(start=ci.LeadTemperature.COLD, end=ci.LeadTemperature.WARM, count=3).count
    3
    """

    start: LeadTemperature = attrs.field(validator=v.enum_member(LeadTemperature))
    end: LeadTemperature = attrs.field(validator=v.enum_member(LeadTemperature))
    count: int = attrs.field(validator=v.integer(low=0))


def _funnel_step_tuple(value: Iterable[FunnelStep]) -> tuple[FunnelStep, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class LeadFunnel(Displayed):
    """Counts per temperature at the start and end of a period, and conversions between them.

    ``steps`` holds all 16 (start, end) pairs, zeros included, COLD first.
    ``entered`` counts customers created during the period (their start
    temperature is the one at creation).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> funnel = ci.lead_funnel([], [], start=datetime(2026, 1, 1, tzinfo=utc),
    ...                         end=datetime(2026, 4, 1, tzinfo=utc))
    >>> funnel.total, len(funnel.steps), funnel.conversion(ci.LeadTemperature.COLD, ci.LeadTemperature.WARM)
    (0, 16, None)
    """

    start: datetime = attrs.field(validator=v.aware)
    end: datetime = attrs.field(validator=v.aware)
    steps: tuple[FunnelStep, ...] = attrs.field(
        converter=_funnel_step_tuple, validator=v.tuple_of(v.instance(FunnelStep))
    )
    entered: int = attrs.field(default=0, validator=v.integer(low=0))
    explanation: tuple[Reason, ...] = attrs.field(default=(), **explanation_spec())

    def count(self, start: LeadTemperature, end: LeadTemperature) -> int:
        """Customers at ``start`` at the period start and ``end`` at its end."""
        return sum(s.count for s in self.steps if s.start is start and s.end is end)

    def at_start(self, temperature: LeadTemperature) -> int:
        """Customers at ``temperature`` at the start of the period."""
        return sum(s.count for s in self.steps if s.start is temperature)

    def at_end(self, temperature: LeadTemperature) -> int:
        """Customers at ``temperature`` at the end of the period."""
        return sum(s.count for s in self.steps if s.end is temperature)

    def conversion(self, start: LeadTemperature, to: LeadTemperature) -> float | None:
        """Share of the customers at ``start`` who ended at ``to`` or hotter (None if none)."""
        base = self.at_start(start)
        if base == 0:
            return None
        return sum(s.count for s in self.steps if s.start is start and s.end >= to) / base

    @property
    def total(self) -> int:
        """Every customer counted."""
        return sum(s.count for s in self.steps)


def funnel_of(
    pairs: Iterable[tuple[LeadAssessment, LeadAssessment]] | tuple[Any, Any],
    *,
    start: datetime,
    end: datetime,
) -> LeadFunnel:
    """A :class:`LeadFunnel` from (start, end) assessment pairs you already have.

    Each pair is one customer's assessments: the first as of ``start`` (or as
    of the customer's creation, for one created during the period, so between
    ``start`` and ``end``), the second as of ``end``; the funnel's ``entered``
    counts the pairs whose first assessment is after ``start``. Anything else
    raises :class:`~custinteract.InvalidInputError`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> t0, t1 = datetime(2026, 1, 1, tzinfo=utc), datetime(2026, 4, 1, tzinfo=utc)
    >>> def a(at, temp):
    ...     return ci.LeadAssessment(customer_id="c", as_of=at, temperature=temp, score=0,
    ...         advice=ci.OutreachAdvice.NURTURE, source=ci.LeadSource.OTHER)
    >>> T = ci.LeadTemperature
    >>> f = ci.funnel_of([(a(t0, T.COLD), a(t1, T.WARM))], start=t0, end=t1)
    >>> f.conversion(ci.LeadTemperature.COLD, ci.LeadTemperature.WARM)
    1.0
    >>> ci.funnel_of([(a(t0, T.COLD), a(t0, T.WARM))], start=t0, end=t1)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: pairs[0][1].as_of: expected the end of the period ...

    ``pairs`` may also be a tuple of two frames ``(at_start, at_end)`` of
    :func:`~custinteract.frames.leads_frame` (needs the ``frames`` extra):
    the same customers in both, matched by their ``customer_id`` index, and
    counted from their ``temperature`` columns with no object per row. Each
    frame's moment is its ``as_of`` column if it has one, else the
    ``attrs["as_of"]`` leads_frame keeps; ``at_start`` may hold a later moment
    per customer (its creation) in an ``as_of`` column, as
    :func:`lead_funnel` makes it, and those rows count as ``entered``. A Dask
    frame is refused: ``.compute()`` it first.

    >>> from custinteract.frames import lead_assessments_to_frame
    >>> at_start = lead_assessments_to_frame([a(t0, T.COLD)])
    >>> at_end = lead_assessments_to_frame([a(t1, T.WARM)])
    >>> ci.funnel_of((at_start, at_end), start=t0, end=t1) == f
    True
    """
    start, end = _period(start, end)
    if isinstance(pairs, tuple) and _frame_pair(pairs):
        from ._frames_funnel import funnel_counts

        counts, entered = funnel_counts((pairs[0], pairs[1]), start, end)
        return funnel_from_counts(counts, entered, start=start, end=end)
    counts = {(s, e): 0 for s in LeadTemperature for e in LeadTemperature}
    seen: set[str] = set()
    late = 0
    for index, pair in enumerate(v.check_iterable(pairs, "pairs")):
        first, last = _pair(index, pair, start, end)
        if first.customer_id in seen:
            raise InvalidInputError(
                f"pairs[{index}][0].customer_id", first.customer_id, "one pair per customer"
            )
        seen.add(first.customer_id)
        late += first.as_of > start
        counts[(first.temperature, last.temperature)] += 1
    return funnel_from_counts(counts, late, start=start, end=end)


def _period(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The checked period of a funnel: two aware moments, ``end`` after ``start``."""
    start = ensure_aware(start, "start")
    end = ensure_aware(end, "end")
    if end <= start:
        raise InvalidInputError("end", end, f"a moment after start ({start.isoformat()})")
    return start, end


def _frame_pair(pairs: Any) -> bool:
    """Whether ``pairs`` is the frame form: a (start, end) tuple of leads frames."""
    return isinstance(pairs, tuple) and len(pairs) == 2 and all(v.is_frame(p) for p in pairs)


def funnel_from_counts(
    counts: Mapping[tuple[LeadTemperature, LeadTemperature], int],
    entered: int,
    *,
    start: datetime,
    end: datetime,
) -> LeadFunnel:
    """The funnel of the customers per (start, end) temperature, and its reasons."""
    steps = tuple(
        FunnelStep(start=s, end=e, count=counts.get((s, e), 0))
        for s in LeadTemperature
        for e in LeadTemperature
    )
    total = sum(step.count for step in steps)
    moved = sum(step.count for step in steps if step.end > step.start)
    reasons = [
        Reason(
            code="lead.funnel.period",
            message=f"{total} customers from {start.date().isoformat()}"
            f" to {end.date().isoformat()}: {moved} moved hotter",
        )
    ]
    if entered:
        reasons.append(
            Reason(
                code="lead.funnel.entered", message=f"{entered} customers created during the period"
            )
        )
    return LeadFunnel(
        start=start, end=end, steps=steps, entered=entered, explanation=tuple(reasons)
    )


def _pair(
    index: int, pair: Any, start: datetime, end: datetime
) -> tuple[LeadAssessment, LeadAssessment]:
    """One checked (start, end) pair of :func:`funnel_of`."""
    if (
        not isinstance(pair, tuple)
        or len(pair) != 2
        or not all(isinstance(a, LeadAssessment) for a in pair)
    ):
        raise InvalidInputError(f"pairs[{index}]", pair, "a (start, end) tuple of LeadAssessment")
    first, last = pair
    if not start <= first.as_of <= end:
        raise InvalidInputError(
            f"pairs[{index}][0].as_of",
            first.as_of,
            f"a moment from start ({start.isoformat()}) to end ({end.isoformat()})",
        )
    if last.as_of != end:
        raise InvalidInputError(
            f"pairs[{index}][1].as_of", last.as_of, f"the end of the period ({end.isoformat()})"
        )
    if last.customer_id != first.customer_id:
        raise InvalidInputError(
            f"pairs[{index}][1].customer_id",
            last.customer_id,
            f"the customer of the start assessment ({first.customer_id!r})",
        )
    return first, last


def _grouped(
    customers: Iterable[Customer], interactions: Iterable[Interaction]
) -> tuple[list[Customer], dict[str, list[Interaction]]]:
    base: list[Customer] = v.check_iterable(customers, "customers", Customer)
    by_id: dict[str, list[Interaction]] = {}
    for customer in base:
        if customer.id in by_id:
            raise InvalidInputError("customers", customer.id, "distinct customer ids")
        by_id[customer.id] = []
    for index, interaction in enumerate(
        v.check_iterable(interactions, "interactions", Interaction)
    ):
        found = by_id.get(interaction.customer_id)
        if found is None:
            raise InvalidInputError(
                f"interactions[{index}].customer_id",
                interaction.customer_id,
                "the id of a given customer",
            )
        found.append(interaction)
    return base, by_id


def assess_leads(
    customers: Iterable[Customer],
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: LeadPolicy | None = None,
) -> tuple[LeadAssessment, ...]:
    """:func:`~custinteract.assess_lead` for every customer of a base, in customer id order.

    ``interactions`` is the whole base's history; each must belong to one of
    ``customers``. Feed the result to :func:`~custinteract.prioritize_leads`
    or :func:`~custinteract.call_sheets`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> base = [ci.Customer(id="c-2", created=datetime(2026, 1, 1, tzinfo=utc),
    ...                     source=ci.LeadSource.REFERRAL),
    ...         ci.Customer(id="c-1", created=datetime(2026, 1, 1, tzinfo=utc))]
    >>> [(a.customer_id, a.temperature.value)
    ...  for a in ci.assess_leads(base, [], as_of=datetime(2026, 2, 1, tzinfo=utc))]
    [('c-1', 'cold'), ('c-2', 'warm')]
    """
    as_of = ensure_aware(as_of, "as_of")
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    base, by_id = _grouped(customers, interactions)
    return tuple(
        assess(c, history_of(c.id, by_id[c.id], as_of, policy.budget_key), as_of, policy)
        for c in sorted(base, key=lambda c: c.id)
    )


def lead_funnel(
    customers: Iterable[Customer] | Any,
    interactions: Iterable[Interaction] | Any,
    *,
    start: datetime,
    end: datetime,
    policy: LeadPolicy | None = None,
) -> LeadFunnel:
    """Counts per temperature at ``start`` and ``end``, and the conversions between them.

    ``interactions`` is the whole base's history; each must belong to one of
    ``customers``. Customers created after ``end`` are left out; those created
    during the period enter at their temperature on their creation date.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> c = ci.Customer(id="c-1", created=datetime(2025, 12, 1, tzinfo=utc))
    >>> buy = ci.Interaction(id="i-1", customer_id="c-1", sentiment=ci.Sentiment.POSITIVE,
    ...     timestamp=datetime(2026, 2, 1, tzinfo=utc), kind=ci.InteractionKind.PURCHASE)
    >>> f = ci.lead_funnel([c], [buy], start=datetime(2026, 1, 1, tzinfo=utc),
    ...                    end=datetime(2026, 4, 1, tzinfo=utc))
    >>> f.count(ci.LeadTemperature.COLD, ci.LeadTemperature.CURRENT)
    1

    ``customers`` and ``interactions`` may also be pandas frames, as
    :func:`~custinteract.frames.leads_frame` takes them (needs the ``frames``
    extra): each customer is then assessed by ``leads_frame`` at the same
    moments, and the funnel is :func:`funnel_of` of the two frames, with no
    object per row; the answer is the same.

    >>> from custinteract.frames import customers_to_frame, interactions_to_frame
    >>> ci.lead_funnel(customers_to_frame([c]), interactions_to_frame([buy]),
    ...     start=datetime(2026, 1, 1, tzinfo=utc), end=datetime(2026, 4, 1, tzinfo=utc)) == f
    True
    """
    start, end = _period(start, end)
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    if v.is_frame(customers) or v.is_frame(interactions):
        from ._frames_funnel import funnel_frames

        frames = funnel_frames(customers, interactions, start, end, policy)
        return funnel_of(frames, start=start, end=end)
    base, by_id = _grouped(customers, interactions)
    pairs: list[tuple[LeadAssessment, LeadAssessment]] = []
    for customer in sorted(base, key=lambda c: c.id):
        if customer.created > end:
            continue
        first_at = start
        if customer.created > start:
            first_at = customer.created
        history = by_id[customer.id]
        pairs.append(
            (
                assess(
                    customer,
                    history_of(customer.id, history, first_at, policy.budget_key),
                    first_at,
                    policy,
                ),
                assess(
                    customer, history_of(customer.id, history, end, policy.budget_key), end, policy
                ),
            )
        )
    return funnel_of(pairs, start=start, end=end)
