"""The recovery balance: what a customer is owed after a bad experience, and where they stand.

“What You Need to Know About Customer Interaction”: "it only takes one negative experience to lose them forever. [...]
If they do choose to work with you again, it can take 6 positive interactions
to make up for a negative one." The rules, read from top to bottom, each number
a field of :class:`RecoveryPolicy`:

1. A negative interaction opens a debt of ``positives_per_negative`` positives.
   Several negatives add up.
2. Each later positive pays one; a neutral pays nothing; a recovery gesture
   pays its ``gesture_credit`` (0 by default). A gesture on a negative
   interaction can at most cancel that negative, never bank credit.
3. No banked goodwill: payments made while nothing is owed are lost, and the
   debt never goes below zero (the Lindley recursion ``debt = max(0, debt + x)``).
   Payments settle the oldest open negative first; a negative is open while
   anything is owed for it.
4. With ``negative_memory`` set, a negative older than the window stops
   counting, with what is still owed for it.
5. A customer is LOST on a cancellation interaction, at the customer's
   ``churned`` timestamp, or after ``loss_after_silence`` without any
   interaction at all (a complaint is contact too) while a debt is open. A lost
   customer comes back with their next non-negative interaction and still owes
   the debt.
6. An interaction id counts once: an identical replay is ignored, a different
   interaction under a used id is a :class:`~custinteract.DuplicateInteractionError`.

Only interactions with ``timestamp <= as_of`` count. Windows are added in UTC.
"""

from __future__ import annotations

import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

import attrs

from .. import _validators as v
from .._errors import DuplicateInteractionError, InvalidInputError, OutOfOrderError
from .._models import Customer, Interaction, Reason, interaction_tuple
from .._time import ensure_aware
from ..activity import ActivityAssessment, assess_activity
from ._activity import Days, activities_of, counted_days, days_of, ledger_activity
from ._batch import Counting, run_in_order
from ._explain import explain, quiet_reason
from ._policy import (
    REASON_CODES,
    LossReason,
    RecoveryAssessment,
    RecoveryPolicy,
    RecoveryStatus,
)
from ._rules import _Tally
from ._summary import OwedCustomer, RecoverySummary, summarize_recoveries

__all__ = [
    "REASON_CODES",
    "LossReason",
    "OwedCustomer",
    "RecoveryAssessment",
    "RecoveryLedger",
    "RecoveryPolicy",
    "RecoveryStatus",
    "RecoverySummary",
    "assess_recoveries",
    "assess_recovery",
    "summarize_recoveries",
]


@attrs.frozen(kw_only=True)
class _RecoveryLedgerDocument:
    """A recovery ledger as a document: its policy, its customer and everything it recorded."""

    policy: RecoveryPolicy = attrs.field(
        factory=RecoveryPolicy, validator=v.instance(RecoveryPolicy)
    )
    customer: Customer | None = attrs.field(
        default=None, validator=v.optional(v.instance(Customer))
    )
    recorded: tuple[Interaction, ...] = attrs.field(
        default=(), converter=interaction_tuple, validator=v.tuple_of(v.instance(Interaction))
    )


@attrs.frozen(kw_only=True, eq=False)
class RecoveryLedger:
    """The incremental form: record one interaction at a time, assess at any moment.

    A ledger is a value: :meth:`record` returns a new ledger and leaves this
    one as it was. Interactions must come in ``(timestamp, id)`` order
    (:class:`~custinteract.OutOfOrderError` otherwise), except replays: an
    interaction id counts once, as in the batch functions, whenever the id
    comes back. An identical replay is ignored (``record`` returns this
    ledger); a different interaction under a used id is a
    :class:`~custinteract.DuplicateInteractionError`.

    To recognise replays the ledger remembers every interaction it recorded,
    by id, and it keeps the open negatives with what is still owed for each:
    memory grows with the customer's history (a ledger follows one customer).
    Each record costs the same whatever the history length. Ledgers recorded
    from one another share that memory; recording twice on the same ledger
    value (branching) copies it once. Reading a ledger from many threads is
    safe; record on one ledger value from one thread at a time. Ledgers
    compare by identity; compare their assessments instead.

    :func:`~custinteract.to_dict` writes the whole ledger: its ``policy``,
    its ``customer`` and, under ``recorded``, every interaction it counted, in
    the order counted (identical replays, which it ignored, are not kept).
    That is exactly what it remembers, so :func:`~custinteract.from_dict`
    gives back a ledger that answers every later ``record`` and ``assess``
    as this one would, replays included. A document whose ``recorded`` could
    not have come from recording (out of ``(timestamp, id)`` order, an id
    twice, another customer's interaction) is refused with the path of the
    first such interaction.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> day = lambda d: datetime(2026, 3, d, tzinfo=timezone.utc)
    >>> ledger = ci.RecoveryLedger()
    >>> ledger = ledger.record(ci.Interaction(id="i-1", customer_id="c-1", timestamp=day(4),
    ...                                       sentiment=ci.Sentiment.NEGATIVE))
    >>> ledger = ledger.record(ci.Interaction(id="i-2", customer_id="c-1", timestamp=day(5),
    ...                                       sentiment=ci.Sentiment.POSITIVE))
    >>> a = ledger.assess(day(6))
    >>> a.status.value, a.positives_needed
    ('recovering', 5)
    """

    policy: RecoveryPolicy = attrs.field(
        factory=RecoveryPolicy, validator=v.instance(RecoveryPolicy)
    )
    customer: Customer | None = attrs.field(
        default=None, validator=v.optional(v.instance(Customer))
    )
    # The state after the recorded interactions (shared by the ledgers recorded from it).
    _recorded: _Tally = attrs.field(init=False, repr=False, eq=False)
    # The activity summary so far: (first, last, distinct) counted UTC day numbers.
    _days: Days | None = attrs.field(init=False, repr=False, eq=False)

    __document__: ClassVar[type[Any]] = _RecoveryLedgerDocument

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_recorded", _Tally(self.policy, self.customer))
        object.__setattr__(self, "_days", None)

    def _document(self) -> _RecoveryLedgerDocument:
        """This ledger as a document (built here, never while recording)."""
        tally = self._recorded
        seen = tally.seen or {}
        return _RecoveryLedgerDocument(
            policy=self.policy,
            customer=self.customer,
            recorded=tuple(itertools.islice(seen.values(), tally.seen_count)),
        )

    @classmethod
    def _from_document(cls, document: _RecoveryLedgerDocument) -> RecoveryLedger:
        """The ledger a document describes: its interactions recorded again, in order.

        Anything ``record`` would ignore or refuse cannot be in a document
        :func:`~custinteract.to_dict` wrote: it is refused with its path.
        """
        ledger = cls(policy=document.policy, customer=document.customer)
        for index, interaction in enumerate(document.recorded):
            path = f"recorded[{index}]"
            try:
                recorded = ledger.record(interaction)
            except DuplicateInteractionError:
                recorded = ledger
            except OutOfOrderError as exc:
                raise InvalidInputError(
                    f"{path}.timestamp",
                    interaction.timestamp,
                    f"an interaction after recorded[{index - 1}] in (timestamp, id) order",
                ) from exc
            except InvalidInputError as exc:  # another customer's interaction
                raise InvalidInputError(f"{path}.{exc.field}", exc.value, exc.expected) from exc
            if recorded is ledger:
                raise InvalidInputError(
                    f"{path}.id", interaction.id, "an id not used earlier in recorded"
                )
            ledger = recorded
        return ledger

    @property
    def customer_id(self) -> str | None:
        """The customer this ledger follows (set by the first interaction or ``customer``)."""
        return self._recorded.customer_id

    @property
    def last_timestamp(self) -> datetime | None:
        """The latest interaction recorded, if any."""
        return self._recorded.last_t

    def record(self, interaction: Interaction) -> RecoveryLedger:
        """A new ledger with ``interaction`` counted (this one is unchanged)."""
        if not isinstance(interaction, Interaction):
            raise InvalidInputError("interaction", interaction, "an Interaction")
        tally = self._recorded.copy()
        if not tally.record(interaction):
            return self
        return self._recording(tally, counted_days(self._days, interaction, self.policy))

    def _recording(self, tally: _Tally, days: Days | None) -> RecoveryLedger:
        """This ledger with ``tally`` as its state: the hot path's own constructor.

        ``record`` is called once per event; the attrs constructor would
        re-validate the policy and customer this ledger already holds, which
        measured 35% slower recording at 100k interactions (benchmarks/bench_recovery.py).
        """
        other: RecoveryLedger = object.__new__(RecoveryLedger)
        object.__setattr__(other, "policy", self.policy)
        object.__setattr__(other, "customer", self.customer)
        object.__setattr__(other, "_recorded", tally)
        object.__setattr__(other, "_days", days)
        return other

    def record_all(self, interactions: Iterable[Interaction]) -> RecoveryLedger:
        """A new ledger with every interaction counted, in the order given."""
        ledger = self
        for interaction in interactions:
            ledger = ledger.record(interaction)
        return ledger

    def assess(self, as_of: datetime) -> RecoveryAssessment:
        """The assessment at ``as_of`` (at or after the latest recorded interaction)."""
        ensure_aware(as_of, "as_of")
        tally = self._recorded
        if tally.last_t is not None and as_of < tally.last_t:
            raise InvalidInputError(
                "as_of",
                as_of,
                f"a moment at or after the latest recorded interaction ({tally.last_t.isoformat()})",
            )
        tally = tally.copy()
        tally.advance(as_of)
        return _assessment(tally, as_of, self.policy, activity=self._activity(as_of))

    def _activity(self, as_of: datetime) -> ActivityAssessment | None:
        """The activity at ``as_of`` from the days kept (see :func:`._activity.ledger_activity`)."""
        return ledger_activity(self._days, self._recorded.customer_id, as_of, self.policy)


def _assessment(
    tally: _Tally,
    as_of: datetime,
    policy: RecoveryPolicy,
    memo: dict[tuple[str, str], Reason] | None = None,
    activity: ActivityAssessment | None = None,
) -> RecoveryAssessment:
    """The assessment of a tally advanced to ``as_of``, explained by :func:`._explain.explain`.

    ``memo`` (given by the batch functions only) shares the reasons of one
    batch call; the ledger builds its assessment through the constructor.
    ``activity`` is the customer's activity (None when the policy has none).
    """
    state = tally.standing()
    explanation = explain(state, policy, memo)
    if activity is not None and state.status is RecoveryStatus.HEALTHY:
        quiet = quiet_reason(activity, memo)
        if quiet is not None:
            # before the closing status reason, which stays last
            explanation = (*explanation[:-1], quiet, explanation[-1])
    values = (
        tally.customer_id,
        as_of,
        state.status,
        state.needed,
        state.open_negatives,
        tally.pos_since,
        tally.last_negative_at,
        tally.owed_since if state.open_negatives else None,
        tally.lost_at,
        tally.lost_reason if state.status is RecoveryStatus.LOST else None,
        tally.came_back_at,
        tally.recovered,
        tally.count,
        None if activity is None else activity.status,
        explanation,
    )
    if memo is None:
        fields: dict[str, Any] = dict(zip(_FIELDS, values, strict=True))
        return RecoveryAssessment(**fields)
    # The batch path (one assessment per customer, every value made by the rules
    # above): the attrs constructor's validators cost 13.5 ms per 2,000
    # assessments, 15-20% of assess_recoveries at 100k interactions (measured
    # with benchmarks/bench_recovery.py), so the batch sets the fields itself.
    result: RecoveryAssessment = object.__new__(RecoveryAssessment)
    for name, value in zip(_FIELDS, values, strict=True):
        object.__setattr__(result, name, value)
    return result


_FIELDS = tuple(field.name for field in attrs.fields(RecoveryAssessment))


def _check_policy(policy: object) -> RecoveryPolicy:
    if not isinstance(policy, RecoveryPolicy):
        raise InvalidInputError("policy", policy, "a RecoveryPolicy")
    return policy


_ORDER = operator.attrgetter("timestamp", "id")
_ID = operator.attrgetter("id")
_TIMESTAMP = operator.attrgetter("timestamp")


def _group(interactions: Iterable[Interaction], as_of: datetime) -> dict[str, list[Interaction]]:
    """Interactions at or before ``as_of`` by customer; every id checked once."""
    items = (
        interactions
        if type(interactions) is list
        else list(v.check_iterable(interactions, "interactions"))
    )
    if not set(map(type, items)) <= {Interaction}:
        bad = next(i for i in items if type(i) is not Interaction)
        raise InvalidInputError("interactions", bad, "Interaction values")
    ids = list(map(_ID, items))
    if len(set(ids)) != len(ids):
        items = _without_replays(items)
    groups: defaultdict[str, list[Interaction]] = defaultdict(list)
    if not items or max(map(_TIMESTAMP, items)) <= as_of:  # the usual case: one C-level pass
        for interaction in items:
            groups[interaction.customer_id].append(interaction)
    else:
        for interaction in items:
            if interaction.timestamp <= as_of:
                groups[interaction.customer_id].append(interaction)
    return dict(groups)


def _known(customers: Iterable[Customer] | None) -> dict[str, Customer]:
    """The customers given, by id (each checked to be a Customer)."""
    known: dict[str, Customer] = {}
    for customer in () if customers is None else v.check_iterable(customers, "customers"):
        if not isinstance(customer, Customer):
            raise InvalidInputError("customers", customer, "Customer values")
        known[customer.id] = customer
    return known


def _without_replays(items: list[Interaction]) -> list[Interaction]:
    """Drop identical replays; refuse two different interactions under one id."""
    seen: dict[str, Interaction] = {}
    kept = []
    for interaction in items:
        previous = seen.get(interaction.id)
        if previous is None:
            seen[interaction.id] = interaction
            kept.append(interaction)
        elif previous is not interaction and previous != interaction:
            raise DuplicateInteractionError(
                "id", interaction.id, "unique interaction ids (two different interactions use it)"
            )
    return kept


def _run(
    prototype: _Tally,
    customer_id: str,
    items: list[Interaction],
    policy: RecoveryPolicy,
    customer: Customer | None,
    counting: Counting | None = None,
) -> tuple[_Tally, Days | None]:
    """The tally after a customer's ``items``, and their counted days when ``counting``."""
    tally = prototype.fresh(customer_id, customer)
    if policy.negative_memory is None:
        # most histories arrive in time order already: try them as they are
        ran, days = run_in_order(tally, items, counting)
        if not ran:
            items.sort(key=_ORDER)
            tally = prototype.fresh(customer_id, customer)
            ran, days = run_in_order(tally, items, counting)
        return tally, days
    items.sort(key=_ORDER)
    advance = tally.advance
    apply = tally.apply
    for interaction in items:
        if tally.watch:
            advance(interaction.timestamp)
        apply(interaction)
    return tally, None if counting is None else days_of(items, policy)


def _finish(
    tally: _Tally,
    as_of: datetime,
    policy: RecoveryPolicy,
    activity: ActivityAssessment | None,
    memo: dict[tuple[str, str], Reason] | None = None,
) -> RecoveryAssessment:
    """The assessment at ``as_of`` of a tally that ran its customer's history."""
    tally.advance(as_of)
    return _assessment(tally, as_of, policy, memo, activity)


def assess_recovery(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    customer: Customer | None = None,
) -> RecoveryAssessment:
    """Assess one customer's recovery at ``as_of`` from their interactions (any order).

    Only interactions with ``timestamp <= as_of`` count; they are taken in
    ``(timestamp, id)`` order. ``customer`` (optional) brings the host's
    ``churned`` timestamp, which makes the customer LOST from then on.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> day = lambda d: datetime(2026, 3, d, tzinfo=timezone.utc)
    >>> history = [ci.Interaction(id=f"p{d}", customer_id="c-1", timestamp=day(d),
    ...                           sentiment=ci.Sentiment.POSITIVE) for d in (1, 2, 3)]
    >>> history.append(ci.Interaction(id="n1", customer_id="c-1", timestamp=day(4),
    ...     sentiment=ci.Sentiment.NEGATIVE, kind=ci.InteractionKind.COMPLAINT,
    ...     channel=ci.Channel.PHONE))
    >>> result = ci.assess_recovery(history, as_of=day(5))
    >>> result.status.value, result.positives_needed
    ('at_risk', 6)
    >>> for reason in result.explanation:
    ...     print(reason)
    3 earlier positives do not count toward recovery (no banked goodwill) [recovery.goodwill_not_banked]
    2026-03-04 negative (complaint, phone): 6 positives needed [recovery.negative]
    at risk: 6 positives needed, none since the last negative [recovery.status.at_risk]
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    if customer is not None and not isinstance(customer, Customer):
        raise InvalidInputError("customer", customer, "a Customer or None")
    groups = _group(interactions, as_of)
    ids = set(groups)
    if customer is not None:
        ids.add(customer.id)
    if len(ids) > 1:
        raise InvalidInputError(
            "interactions", sorted(ids), "one customer's interactions (use assess_recoveries)"
        )
    items = groups.get(next(iter(ids)), []) if ids else []
    activity = None
    if policy.activity is not None:
        activity = assess_activity(
            items, as_of=as_of, policy=policy.activity, model=policy.activity_model
        )
        if activity.customer_id is None and ids:
            activity = attrs.evolve(activity, customer_id=next(iter(ids)))
    if not ids:
        return _assessment(_Tally(policy, None), as_of, policy, activity=activity)
    (customer_id,) = ids
    tally, _ = _run(_Tally(policy, None), customer_id, items, policy, customer)
    return _finish(tally, as_of, policy, activity)


def assess_recoveries(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    customers: Iterable[Customer] | None = None,
) -> dict[str, RecoveryAssessment]:
    """Assess every customer at once: ``customer_id -> RecoveryAssessment``, sorted by id.

    Customers with an interaction at or before ``as_of`` are included, and
    every customer given in ``customers`` (whose ``churned`` counts).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id="i1", customer_id="a", timestamp=t, sentiment=ci.Sentiment.NEGATIVE),
    ...         ci.Interaction(id="i2", customer_id="b", timestamp=t, sentiment=ci.Sentiment.POSITIVE)]
    >>> {k: a.status.value for k, a in ci.assess_recoveries(base, as_of=t).items()}
    {'a': 'at_risk', 'b': 'healthy'}
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    by_customer = _group(interactions, as_of)
    known = _known(customers)
    for customer_id in known:
        by_customer.setdefault(customer_id, [])
    rules = policy.activity
    counting = None if rules is None else (rules.counted_kinds, rules.counted_directions)
    prototype = _Tally(policy, None)
    tallies: dict[str, _Tally] = {}
    counted: dict[str, Days | None] = {}
    for cid in sorted(by_customer):
        tallies[cid], counted[cid] = _run(
            prototype, cid, by_customer[cid], policy, known.get(cid), counting
        )
    memo: dict[tuple[str, str], Reason] = {}
    activities = activities_of(counted, as_of, policy, memo)
    return {
        cid: _finish(tally, as_of, policy, None if activities is None else activities[cid], memo)
        for cid, tally in tallies.items()
    }
