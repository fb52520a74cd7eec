"""The recovery rules, in one place: how one customer's state moves with each interaction.

The rules that are mappings are tables: what each sentiment pays
(:data:`SENTIMENT_PAYS`), the status of a state (:data:`STATUS_BY`), and,
from :mod:`._policy`, what each gesture kind is worth and whether it has a
reason code of its own. The rules that are arithmetic are small functions
(:func:`opened_by`, :func:`status_of`). Batch, ledger and frames all read them.

:class:`_Tally` is the running state of one customer. The batch functions
mutate one tally in a loop (:func:`._batch.run_in_order`, the same rules
with local variables, for speed, reading the same tables and functions); :class:`~custinteract.RecoveryLedger` copies it on
every record, so that a ledger stays a value. Read :meth:`_Tally.advance`
(what time alone does) and :meth:`_Tally.apply` (what one interaction does)
from top to bottom; :meth:`_Tally.standing` sums the state up for an
explanation.

Each open negative keeps what is still owed for it. Payments settle the oldest
open negative first; forgetting (``negative_memory``) removes the oldest with
what is still owed for it. The open negatives of a tally are the ones in
``older[older_head:older_end]`` (oldest first) followed by ``tail`` (the latest
:data:`TAIL`, the only ones an explanation can list, with the gestures that
answered them); ``head_paid`` is what has been paid off the oldest of them.

``older`` and ``seen`` (the interactions a ledger has recorded, by id) only
grow, and are shared by a ledger and the ledgers recorded from it: a tally
reads only the prefix it knows of (``older[:older_end]``, the first
``seen_count`` ids), and a tally that is not the latest owner of a shared
store copies its prefix before it appends (see :func:`own_list`). That keeps
every record at constant cost and every ledger value unchanged by later
records.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from .. import _validators as v
from .._errors import DuplicateInteractionError, InvalidInputError, OutOfOrderError
from .._models import Customer, GestureKind, Interaction, InteractionKind, Sentiment
from ._policy import LossReason, RecoveryPolicy, RecoveryStatus, gesture_rule
from ._state import EPS, TAIL, Negative, Standing, Window, find, own_list

__all__ = [
    "CODED_GESTURES",
    "SENTIMENT_PAYS",
    "STATUS_BY",
    "count_gesture",
    "opened_by",
    "running_debts",
    "status_of",
]

_UTC = timezone.utc
_NEG = Sentiment.NEGATIVE
_POS = Sentiment.POSITIVE
_CANCEL = InteractionKind.CANCELLATION

SENTIMENT_PAYS: Mapping[Sentiment, float] = v.FrozenMap(
    {Sentiment.POSITIVE: 1, Sentiment.NEUTRAL: 0, Sentiment.NEGATIVE: 0}
)
"""Positives an interaction pays by its sentiment alone (a gesture's credit comes on top).

A negative pays nothing: it opens a debt instead (:func:`opened_by`).
"""
# The loops below read these two entries by identity (an enum's hash is slow).
_POSITIVE_PAYS = SENTIMENT_PAYS[Sentiment.POSITIVE]
_NEUTRAL_PAYS = SENTIMENT_PAYS[Sentiment.NEUTRAL]

_H, _R, _A, _L = (
    RecoveryStatus.HEALTHY,
    RecoveryStatus.RECOVERING,
    RecoveryStatus.AT_RISK,
    RecoveryStatus.LOST,
)
STATUS_BY: Mapping[tuple[bool, bool, bool], RecoveryStatus] = v.FrozenMap(
    {
        # (lost, a debt is open, a positive came since the last negative): status
        (False, False, False): _H,
        (False, False, True): _H,
        (False, True, True): _R,
        (False, True, False): _A,
        (True, False, False): _L,
        (True, False, True): _L,
        (True, True, True): _L,
        (True, True, False): _L,
    }
)
"""The status by (lost, a debt is open, a positive came since the last negative)."""

CODED_GESTURES: frozenset[GestureKind] = frozenset(
    kind for kind in GestureKind if gesture_rule(kind).code is not None
)
"""Gesture kinds with a reason code of their own: the state counts them."""


_NO_GESTURES: Mapping[GestureKind, int] = v.FrozenMap()
"""No gesture counted yet (shared: counts are replaced, never changed in place)."""


def opened_by(per: float, credit: float) -> float:
    """What a negative opens: ``per`` less a gesture made with it (which can at most cancel it)."""
    return per - credit if credit < per else 0


def status_of(lost: bool, open_negatives: int, pos_since: int) -> RecoveryStatus:
    """The status of a state, from :data:`STATUS_BY`."""
    return STATUS_BY[lost, open_negatives > 0, pos_since > 0]


def count_gesture(
    counts: Mapping[GestureKind, int], kind: GestureKind
) -> Mapping[GestureKind, int]:
    """``counts`` with one more gesture of ``kind`` if the kind has a code of its own (never in place)."""
    if kind not in CODED_GESTURES:
        return counts
    return {**counts, kind: counts.get(kind, 0) + 1}


class _Tally:
    """The running state of one customer; mutated by the batch path, copied by the ledger."""

    __slots__ = (
        "came_back_at",
        "churn_done",
        "churned",
        "count",
        "credit",
        "customer_id",
        "debt",
        "forgotten",
        "gestures",
        "head_paid",
        "last_id",
        "last_negative_at",
        "last_positive_at",
        "last_t",
        "lost",
        "lost_at",
        "lost_reason",
        "memory",
        "older",
        "older_end",
        "older_head",
        "owed_since",
        "per",
        "pos_since",
        "recovered",
        "seen",
        "seen_count",
        "silence",
        "tail",
        "wasted",
        "watch",
    )

    def __init__(self, policy: RecoveryPolicy, customer: Customer | None) -> None:
        self.per = policy.positives_per_negative
        self.silence = (
            None if policy.loss_after_silence is None else Window(policy.loss_after_silence)
        )
        self.memory = None if policy.negative_memory is None else Window(policy.negative_memory)
        credit = {kind: amount for kind, amount in policy.gesture_credit.items() if amount}
        self.credit: dict[GestureKind, float] | None = credit or None
        self._reset(
            None if customer is None else customer.id,
            None if customer is None else customer.churned,
        )

    def _reset(self, customer_id: str | None, churned: datetime | None) -> None:
        self.customer_id = customer_id
        self.churned = churned
        self.churn_done = False
        # watch: something may happen with time alone (open debt, or a churn date ahead)
        self.watch = churned is not None
        self.debt: float = 0
        self.owed_since: datetime | None = None
        self.tail: tuple[Negative, ...] = ()
        self.older: list[Negative] = []
        self.older_head = 0
        self.older_end = 0
        self.head_paid: float = 0
        self.count = 0
        self.wasted = 0
        self.recovered = 0
        self.forgotten = 0
        self.gestures: Mapping[GestureKind, int] = _NO_GESTURES
        self.pos_since = 0
        self.last_negative_at: datetime | None = None
        self.last_positive_at: datetime | None = None
        self.last_t: datetime | None = None
        self.last_id: str | None = None
        self.seen: dict[str, Interaction] | None = None
        self.seen_count = 0
        self.lost = False
        self.lost_at: datetime | None = None
        self.lost_reason: LossReason | None = None
        self.came_back_at: datetime | None = None

    def fresh(self, customer_id: str, customer: Customer | None) -> _Tally:
        """An empty tally with this one's rules for another customer (no windows rebuilt)."""
        other: _Tally = object.__new__(_Tally)
        other.per = self.per
        other.silence = self.silence
        other.memory = self.memory
        other.credit = self.credit
        other._reset(customer_id, None if customer is None else customer.churned)
        return other

    def copy(self) -> _Tally:
        """A tally that can record on without changing this one (the stores are shared)."""
        other: _Tally = object.__new__(_Tally)
        other.per = self.per
        other.silence = self.silence
        other.memory = self.memory
        other.credit = self.credit
        other.customer_id = self.customer_id
        other.churned = self.churned
        other.churn_done = self.churn_done
        other.watch = self.watch
        other.debt = self.debt
        other.owed_since = self.owed_since
        other.tail = self.tail
        other.older = self.older
        other.older_head = self.older_head
        other.older_end = self.older_end
        other.head_paid = self.head_paid
        other.count = self.count
        other.wasted = self.wasted
        other.recovered = self.recovered
        other.forgotten = self.forgotten
        other.gestures = self.gestures
        other.pos_since = self.pos_since
        other.last_negative_at = self.last_negative_at
        other.last_positive_at = self.last_positive_at
        other.last_t = self.last_t
        other.last_id = self.last_id
        other.seen = self.seen
        other.seen_count = self.seen_count
        other.lost = self.lost
        other.lost_at = self.lost_at
        other.lost_reason = self.lost_reason
        other.came_back_at = self.came_back_at
        return other

    # -- the open negatives ------------------------------------------------------------

    def open_negatives(self) -> int:
        """How many negatives still have something owed."""
        return self.older_end - self.older_head + len(self.tail) if self.debt > EPS else 0

    def _oldest(self) -> Negative:
        if self.older_head < self.older_end:
            return self.older[self.older_head]
        return self.tail[0]

    def _drop_oldest(self) -> None:
        if self.older_head < self.older_end:
            self.older_head += 1
        else:
            self.tail = self.tail[1:]
        self.head_paid = 0

    def _close_all(self) -> None:
        self.debt = 0
        self.tail = ()
        self.older, self.older_head, self.older_end = [], 0, 0
        self.head_paid = 0
        self.owed_since = None
        self.watch = self.churned is not None and not self.churn_done

    def _open(self, entry: Negative) -> None:
        tail = (*self.tail, entry)
        if len(tail) > TAIL:
            older, head, end = own_list(self.older, self.older_head, self.older_end)
            older.append(tail[0])
            self.older, self.older_head, self.older_end = older, head, end + 1
            tail = tail[1:]
        self.tail = tail

    # -- what time alone does ----------------------------------------------------------

    def advance(self, moment: datetime) -> None:
        """Apply, up to ``moment``: loss by silence, forgotten negatives, the churn date.

        Silence is measured from the latest interaction; the customer is lost
        at its end if a debt is still open then (after forgetting up to then).
        A churn date at or before ``moment`` always applies.
        """
        silence = self.silence
        last = self.last_t
        memory = self.memory
        if (
            silence is not None
            and last is not None
            and not self.lost
            and self.debt > EPS
            and silence.reached(last, moment)
        ):
            deadline = silence.end(last)
            if memory is not None:
                self._forget(deadline)
            if self.debt > EPS:
                self._lose(deadline, LossReason.SILENCE)
        if memory is not None and self.debt > EPS:
            self._forget(moment)
        churned = self.churned
        if churned is not None and not self.churn_done and churned <= moment:
            self.churn_done = True
            self._lose(churned, LossReason.CHURNED)
        self.watch = self.debt > EPS or (churned is not None and not self.churn_done)

    def _forget(self, moment: datetime) -> None:
        while self.debt > EPS:
            oldest = self._oldest()
            if oldest.expires is None or oldest.expires > moment:
                return
            # the oldest open negative is forgotten with what is still owed for it
            self.debt -= oldest.amount - self.head_paid
            self._drop_oldest()
            self.forgotten += 1
            if self.debt <= EPS or not (self.tail or self.older_head < self.older_end):
                self._close_all()

    def _lose(self, moment: datetime, reason: LossReason) -> None:
        self.lost = True
        self.lost_at = moment
        self.lost_reason = reason
        self.came_back_at = None

    # -- what one interaction does -----------------------------------------------------

    def record(self, interaction: Interaction) -> bool:
        """Check replays and order, then count ``interaction``; False for an identical replay."""
        seen = self.seen
        if seen is None:
            seen = {}
        elif len(seen) != self.seen_count:
            # a later ledger recorded into the shared store: take this ledger's own prefix
            seen = dict(itertools.islice(seen.items(), self.seen_count))
        previous = seen.get(interaction.id)
        if previous is not None:
            if previous is interaction or previous == interaction:
                return False
            raise DuplicateInteractionError(
                "id",
                interaction.id,
                "a new interaction id (a different interaction already used this one)",
            )
        t = interaction.timestamp
        last = self.last_t
        if last is not None and (t < last or (t == last and interaction.id < (self.last_id or ""))):
            raise OutOfOrderError(
                "interaction",
                (interaction.id, t.isoformat()),
                f"an interaction after ({last.isoformat()}, {self.last_id!r}) in"
                " (timestamp, id) order; sort first, or use assess_recovery",
            )
        if self.customer_id is None:
            self.customer_id = interaction.customer_id
        elif interaction.customer_id != self.customer_id:
            raise InvalidInputError(
                "customer_id",
                interaction.customer_id,
                f"{self.customer_id!r}, the customer of this ledger",
            )
        seen[interaction.id] = interaction
        self.seen = seen
        self.seen_count = len(seen)
        self.last_id = interaction.id
        if self.watch:
            self.advance(t)
        self.apply(interaction)
        return True

    def apply(self, interaction: Interaction) -> None:
        """Count one interaction; time must already be advanced to its timestamp."""
        self.count += 1
        sentiment = interaction.sentiment
        t = interaction.timestamp
        self.last_t = t
        if self.lost and sentiment is not _NEG:
            # "if they do choose to work with you again": back, still owing
            self.lost = False
            self.came_back_at = t
        gesture = interaction.gesture
        pay: float = 0
        if gesture is not None:
            if self.credit is not None:
                pay = self.credit.get(gesture.kind, 0)
            self.gestures = count_gesture(self.gestures, gesture.kind)
        if sentiment is _NEG:
            self.last_negative_at = t
            self.pos_since = 0
            net = opened_by(self.per, pay)
            if net > EPS:
                memory = self.memory
                entry = Negative(interaction, net, None if memory is None else memory.end(t))
                if gesture is not None:
                    entry = entry.answered(gesture.kind)
                if self.debt <= EPS:
                    self.owed_since = t
                self.debt += net
                self.watch = True
                self._open(entry)
        else:
            if sentiment is _POS:
                pay += _POSITIVE_PAYS
                self.last_positive_at = t
                if self.last_negative_at is not None:
                    self.pos_since += 1
            else:
                pay += _NEUTRAL_PAYS
            if self.debt > EPS:
                if gesture is not None:
                    self._attach(gesture.kind, gesture.answers)
                if pay:
                    self._pay(pay)
            elif sentiment is _POS:
                self.wasted += 1  # no banked goodwill
        if interaction.kind is _CANCEL:
            self._lose(t, LossReason.CANCELLATION)

    def _attach(self, kind: GestureKind, answers: str | None) -> None:
        """Note a gesture on the negative it answers, if an explanation can list that one."""
        tail = self.tail
        index = len(tail) - 1
        if answers is not None:
            index = find(tail, answers)
        if index >= 0:
            self.tail = (*tail[:index], tail[index].answered(kind), *tail[index + 1 :])

    def _pay(self, amount: float) -> None:
        """Pay ``amount`` positives, settling the oldest open negative first."""
        debt = self.debt - amount
        if debt <= EPS:
            self._close_all()
            self.recovered += 1
            return
        self.debt = debt
        paid = self.head_paid + amount
        while self.older_end - self.older_head + len(self.tail) > 1:
            owed = self._oldest().amount
            if paid < owed - EPS:
                break
            paid -= owed
            self._drop_oldest()
        self.head_paid = paid

    # -- the answer ----------------------------------------------------------------------

    def standing(self) -> Standing:
        """The state summed up for an explanation (time must already be advanced to ``as_of``)."""
        open_negatives = self.open_negatives()
        return Standing(
            status=status_of(self.lost, open_negatives, self.pos_since),
            needed=0 if open_negatives == 0 else math.ceil(self.debt - EPS),
            open_negatives=open_negatives,
            shown=self.tail if open_negatives else (),
            head_paid=self.head_paid if open_negatives == len(self.tail) else 0.0,
            wasted=self.wasted,
            recovered=self.recovered,
            forgotten=self.forgotten,
            pos_since=self.pos_since,
            last_positive_at=self.last_positive_at,
            lost_at=self.lost_at,
            lost_reason=self.lost_reason,
            came_back_at=self.came_back_at,
            gestures=self.gestures,
        )


def running_debts(
    items: Iterable[Interaction],
    policy: RecoveryPolicy,
    customer: Customer | None = None,
    as_of: datetime | None = None,
) -> list[float]:
    """The debt after each of one customer's ``items`` (in ``(timestamp, id)`` order), for pictures.

    Time is advanced to each interaction first, so forgetting under
    ``negative_memory`` between interactions shows; with ``as_of``, one more
    value: the debt at ``as_of``.
    """
    tally = _Tally(policy, customer)
    debts = []
    for interaction in items:
        tally.advance(interaction.timestamp)
        tally.apply(interaction)
        debts.append(float(tally.debt))
    if as_of is not None:
        tally.advance(as_of)
        debts.append(float(tally.debt))
    return debts
