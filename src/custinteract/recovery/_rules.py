"""The recovery rules, in one place: how one customer's balance moves with each interaction.

:class:`_Tally` is the running state of one customer. The batch functions
mutate one tally in a loop; :class:`~custinteract.RecoveryLedger` copies it on
every record, so that a ledger stays a value. Both therefore apply exactly the
same rules. Read :meth:`_Tally.advance` (what time alone does) and
:meth:`_Tally.apply` (what one interaction does) from top to bottom.

Each open negative keeps what is still owed for it. Payments settle the oldest
open negative first; forgetting (``negative_memory``) removes the oldest with
what is still owed for it. The open negatives of a tally are the ones in
``older[older_head:older_end]`` (oldest first) followed by ``tail`` (the latest
:data:`_TAIL`, the only ones an explanation can list, with the gestures that
answered them); ``head_paid`` is what has been paid off the oldest of them.

``older`` and ``seen`` (the interactions a ledger has recorded, by id) only
grow, and are shared by a ledger and the ledgers recorded from it: a tally
reads only the prefix it knows of (``older[:older_end]``, the first
``seen_count`` ids), and a tally that is not the latest owner of a shared
store copies its prefix before it appends (see :func:`_own_list`). That keeps
every record at constant cost and every ledger value unchanged by later
records.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta, timezone

from dateutil.relativedelta import relativedelta

from .._errors import DuplicateInteractionError, InvalidInputError, OutOfOrderError
from .._models import (
    Channel,
    Customer,
    GestureKind,
    Interaction,
    InteractionKind,
    Reason,
    Sentiment,
)
from .._wording import counted, times, words
from ._policy import (
    LossReason,
    RecoveryAssessment,
    RecoveryPolicy,
    RecoveryStatus,
)

_EPS = 1e-9
"""Debts are floats when gestures carry fractional credit: below this, nothing is owed."""
_TAIL = 5
"""Open negatives described one by one in an explanation (the rest are counted)."""
_UTC = timezone.utc


class _Window:
    """A window added in UTC, with fast bounds to avoid relativedelta arithmetic."""

    __slots__ = ("delta", "fixed", "high", "low")

    def __init__(self, window: relativedelta) -> None:
        self.delta = window
        rest = timedelta(
            days=window.days,
            hours=window.hours,
            minutes=window.minutes,
            seconds=window.seconds,
            microseconds=window.microseconds,
        )
        months = 12 * window.years + window.months
        self.fixed: timedelta | None = rest if months == 0 else None
        self.low = rest + timedelta(days=28 * months)
        self.high = rest + timedelta(days=31 * months)

    def end(self, start: datetime) -> datetime:
        """``start`` (in UTC) plus the window."""
        start = start if start.tzinfo is _UTC else start.astimezone(_UTC)
        if self.fixed is not None:
            return start + self.fixed
        return start + self.delta

    def reached(self, start: datetime, moment: datetime) -> bool:
        """True when ``moment`` is at or after the end of the window from ``start``."""
        elapsed = (moment if moment.tzinfo is _UTC else moment.astimezone(_UTC)) - (
            start if start.tzinfo is _UTC else start.astimezone(_UTC)
        )
        if elapsed < self.low:
            return False
        if elapsed >= self.high:
            return True
        return moment >= self.end(start)


class _Negative:
    """An open negative: what it opened, when it is forgotten, what answered it (immutable)."""

    __slots__ = ("amount", "expires", "gestures", "interaction")

    def __init__(
        self,
        interaction: Interaction,
        amount: float,
        expires: datetime | None,
        gestures: tuple[GestureKind, ...] = (),
    ) -> None:
        self.interaction = interaction
        self.amount = amount
        self.expires = expires
        self.gestures = gestures

    def answered(self, kind: GestureKind) -> _Negative:
        return _Negative(self.interaction, self.amount, self.expires, (*self.gestures, kind))


_NEG = Sentiment.NEGATIVE
_POS = Sentiment.POSITIVE
_CANCEL = InteractionKind.CANCELLATION
_NO_DETAIL: frozenset[InteractionKind | Channel] = frozenset({InteractionKind.OTHER, Channel.OTHER})


_SET = object.__setattr__
"""Results built here are valid by construction: set their fields without re-validating."""


def _reason(code: str, message: str) -> Reason:
    reason: Reason = object.__new__(Reason)
    _SET(reason, "code", code)
    _SET(reason, "message", message)
    return reason


_UNITS = (
    ("years", "year"),
    ("months", "month"),
    ("days", "day"),
    ("hours", "hour"),
    ("minutes", "minute"),
    ("seconds", "second"),
)


def window_words(window: relativedelta) -> str:
    """A window in words for a support agent: ``90 days``, ``3 months``, ``1 year and 2 days``.

    >>> from dateutil.relativedelta import relativedelta
    >>> window_words(relativedelta(days=90)), window_words(relativedelta(years=1, months=2, days=3))
    ('90 days', '1 year, 2 months and 3 days')
    """
    parts = [
        counted(int(amount), noun) for attr, noun in _UNITS if (amount := getattr(window, attr))
    ]
    if window.microseconds:
        parts.append(f"{window.microseconds / 1e6:g} seconds")
    if not parts:
        return "no time"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _own_list(items: list[_Negative], start: int, end: int) -> tuple[list[_Negative], int, int]:
    """``items`` ready for an append at ``end``: itself if nobody appended past ``end``, else a copy.

    A ledger shares its lists with the ledgers recorded from it; each reads
    only ``items[start:end]``. Appending in place is safe only for the tally
    whose ``end`` is the list's length.
    """
    if start == end:
        return [], 0, 0
    if len(items) != end:
        return items[start:end], 0, end - start
    return items, start, end


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
            None if policy.loss_after_silence is None else _Window(policy.loss_after_silence)
        )
        self.memory = None if policy.negative_memory is None else _Window(policy.negative_memory)
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
        self.tail: tuple[_Negative, ...] = ()
        self.older: list[_Negative] = []
        self.older_head = 0
        self.older_end = 0
        self.head_paid: float = 0
        self.count = 0
        self.wasted = 0
        self.recovered = 0
        self.forgotten = 0
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
        return self.older_end - self.older_head + len(self.tail) if self.debt > _EPS else 0

    def _oldest(self) -> _Negative:
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

    def _open(self, entry: _Negative) -> None:
        tail = (*self.tail, entry)
        if len(tail) > _TAIL:
            older, head, end = _own_list(self.older, self.older_head, self.older_end)
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
            and self.debt > _EPS
            and silence.reached(last, moment)
        ):
            deadline = silence.end(last)
            if memory is not None:
                self._forget(deadline)
            if self.debt > _EPS:
                self._lose(deadline, LossReason.SILENCE)
        if memory is not None and self.debt > _EPS:
            self._forget(moment)
        churned = self.churned
        if churned is not None and not self.churn_done and churned <= moment:
            self.churn_done = True
            self._lose(churned, LossReason.CHURNED)
        self.watch = self.debt > _EPS or (churned is not None and not self.churn_done)

    def _forget(self, moment: datetime) -> None:
        while self.debt > _EPS:
            oldest = self._oldest()
            if oldest.expires is None or oldest.expires > moment:
                return
            # the oldest open negative is forgotten with what is still owed for it
            self.debt -= oldest.amount - self.head_paid
            self._drop_oldest()
            self.forgotten += 1
            if self.debt <= _EPS or not (self.tail or self.older_head < self.older_end):
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
        if gesture is not None and self.credit is not None:
            pay = self.credit.get(gesture.kind, 0)
        if sentiment is _NEG:
            per = self.per
            self.last_negative_at = t
            self.pos_since = 0
            # a gesture made with the negative itself can at most cancel it
            net = per - pay if pay < per else 0
            if net > _EPS:
                memory = self.memory
                entry = _Negative(interaction, net, None if memory is None else memory.end(t))
                if gesture is not None:
                    entry = entry.answered(gesture.kind)
                if self.debt <= _EPS:
                    self.owed_since = t
                self.debt += net
                self.watch = True
                self._open(entry)
        else:
            if sentiment is _POS:
                pay += 1
                self.last_positive_at = t
                if self.last_negative_at is not None:
                    self.pos_since += 1
            if self.debt > _EPS:
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
            index = _find(tail, answers)
        if index >= 0:
            self.tail = (*tail[:index], tail[index].answered(kind), *tail[index + 1 :])

    def _pay(self, amount: float) -> None:
        """Pay ``amount`` positives, settling the oldest open negative first."""
        debt = self.debt - amount
        if debt <= _EPS:
            self._close_all()
            self.recovered += 1
            return
        self.debt = debt
        paid = self.head_paid + amount
        while self.older_end - self.older_head + len(self.tail) > 1:
            owed = self._oldest().amount
            if paid < owed - _EPS:
                break
            paid -= owed
            self._drop_oldest()
        self.head_paid = paid

    # -- the answer --------------------------------------------------------------------

    def assessment(self, as_of: datetime, policy: RecoveryPolicy) -> RecoveryAssessment:
        open_negatives = self.open_negatives()
        needed = 0 if open_negatives == 0 else math.ceil(self.debt - _EPS)
        if self.lost:
            status = RecoveryStatus.LOST
        elif open_negatives == 0:
            status = RecoveryStatus.HEALTHY
        elif self.pos_since:
            status = RecoveryStatus.RECOVERING
        else:
            status = RecoveryStatus.AT_RISK
        result: RecoveryAssessment = object.__new__(RecoveryAssessment)
        _SET(result, "customer_id", self.customer_id)
        _SET(result, "as_of", as_of)
        _SET(result, "status", status)
        _SET(result, "positives_needed", needed)
        _SET(result, "open_negatives", open_negatives)
        _SET(result, "positives_since_last_negative", self.pos_since)
        _SET(result, "last_negative_at", self.last_negative_at)
        _SET(result, "owed_since", self.owed_since if open_negatives else None)
        _SET(result, "lost_at", self.lost_at)
        _SET(result, "lost_reason", self.lost_reason)
        _SET(result, "came_back_at", self.came_back_at)
        _SET(result, "times_recovered", self.recovered)
        _SET(result, "interactions_counted", self.count)
        _SET(result, "explanation", self.explain(status, needed, open_negatives, policy))
        return result

    def explain(
        self, status: RecoveryStatus, needed: int, open_negatives: int, policy: RecoveryPolicy
    ) -> tuple[Reason, ...]:
        """The reasons, in time order: counts first, then dated events, then the status.

        Dated events at one moment come as they happen: a negative, the loss,
        the comeback, then the positives paying the debt (dated at the latest).
        """
        first: list[Reason] = []
        timed: list[tuple[datetime, int, Reason]] = []
        if self.wasted and open_negatives:
            verb = "does" if self.wasted == 1 else "do"
            first.append(
                _reason(
                    "recovery.goodwill_not_banked",
                    f"{counted(self.wasted, 'earlier positive')} {verb} not count toward recovery"
                    " (no banked goodwill)",
                )
            )
        if self.recovered:
            first.append(
                _reason(
                    "recovery.recovered_before",
                    f"recovered from negatives {times(self.recovered)} before",
                )
            )
        if self.forgotten and policy.negative_memory is not None:
            verb = "counts" if self.forgotten == 1 else "count"
            first.append(
                _reason(
                    "recovery.negative_forgotten",
                    f"{counted(self.forgotten, 'negative')} older than"
                    f" {window_words(policy.negative_memory)} no longer {verb}",
                )
            )
        shown = self.tail if open_negatives else ()
        if open_negatives > len(shown):
            timed.append(
                (
                    shown[0].interaction.timestamp,
                    0,
                    _reason(
                        "recovery.negatives_earlier",
                        f"{counted(open_negatives - len(shown), 'earlier negative')} also still open",
                    ),
                )
            )
        for k, entry in enumerate(shown):
            paid = self.head_paid if k == 0 and open_negatives == len(shown) else 0
            timed.append(
                (entry.interaction.timestamp, 1, _reason("recovery.negative", _line(entry, paid)))
            )
        if self.lost_at is not None and self.lost_reason is not None:
            timed.append(
                (
                    self.lost_at,
                    2,
                    _reason(f"recovery.lost.{self.lost_reason.value}", self._loss_message(policy)),
                )
            )
        if self.came_back_at is not None:
            timed.append(
                (
                    self.came_back_at,
                    3,
                    _reason(
                        "recovery.comeback",
                        f"{self.came_back_at.date().isoformat()} came back after being lost;"
                        " the debt is still owed",
                    ),
                )
            )
        if open_negatives and self.pos_since and self.last_positive_at is not None:
            verb = "counts" if self.pos_since == 1 else "count"
            timed.append(
                (
                    self.last_positive_at,
                    4,
                    _reason(
                        "recovery.positives_since",
                        f"{counted(self.pos_since, 'positive')} since the last negative {verb}"
                        " toward recovery",
                    ),
                )
            )
        timed.sort(key=lambda item: (item[0], item[1]))
        return (*first, *(reason for _, _, reason in timed), status_reason(status, needed))

    def _loss_message(self, policy: RecoveryPolicy) -> str:
        day = "" if self.lost_at is None else self.lost_at.date().isoformat()
        if self.lost_reason is LossReason.CANCELLATION:
            return f"{day} lost: the customer cancelled"
        if self.lost_reason is LossReason.CHURNED:
            return f"{day} lost: recorded as churned"
        window = (
            "" if policy.loss_after_silence is None else window_words(policy.loss_after_silence)
        )
        return f"{day} lost: no interaction for {window} while positives were owed"


def _find(tail: tuple[_Negative, ...] | list[_Negative], answers: str) -> int:
    """The index in ``tail`` of the negative with id ``answers`` (latest first), or -1."""
    for i in range(len(tail) - 1, -1, -1):
        if tail[i].interaction.id == answers:
            return i
    return -1


def _line(entry: _Negative, paid: float) -> str:
    """One open negative for an explanation: date, what it was, what is still owed for it."""
    i = entry.interaction
    details = [words(x.value) for x in (i.kind, i.channel) if x not in _NO_DETAIL]
    if i.category:
        details.append(i.category)
    opened = math.ceil(entry.amount - _EPS)
    left = math.ceil(entry.amount - paid - _EPS)
    if left == opened:
        owed = counted(left, "positive") + " needed"
    else:
        owed = f"{left} of {opened} positives still needed"
    what = f"negative ({', '.join(details)})" if details else "negative"
    message = f"{i.timestamp.date().isoformat()} {what}: {owed}"
    if entry.gestures:
        message += "; answered with " + ", ".join(words(g.value) for g in entry.gestures)
    return message


def status_reason(status: RecoveryStatus, needed: int) -> Reason:
    """The closing reason of an explanation: the status in words."""
    if status is RecoveryStatus.HEALTHY:
        text = "healthy: nothing owed"
    elif status is RecoveryStatus.AT_RISK:
        text = f"at risk: {counted(needed, 'positive')} needed, none since the last negative"
    elif status is RecoveryStatus.RECOVERING:
        text = f"recovering: {counted(needed, 'positive')} still needed"
    elif needed:
        text = f"lost; {counted(needed, 'positive')} owed if they come back"
    else:
        text = "lost; nothing owed if they come back"
    return _reason(f"recovery.status.{status.value}", text)


def run_in_order(tally: _Tally, items: list[Interaction]) -> bool:
    """The batch fast path: apply ``items`` to a fresh ``tally``, like :meth:`_Tally.apply`.

    The same rules as :meth:`_Tally.advance` and :meth:`_Tally.apply` written
    with local variables, for policies without ``negative_memory``. Returns
    False, leaving ``tally`` unusable, as soon as ``items`` turn out not to be
    in ``(timestamp, id)`` order: the caller then sorts and runs again. (The
    property tests check that this path and the ledger always agree.)
    """
    per = tally.per
    credit = tally.credit
    silence = tally.silence
    fixed = None if silence is None else silence.fixed
    churned = tally.churned
    churn_done = tally.churn_done
    debt: float = 0
    opens: list[_Negative] = []  # the open negatives are opens[head:], oldest first
    head = 0
    head_paid: float = 0
    count = wasted = recovered = pos_since = 0
    last_neg: datetime | None = None
    last_pos: datetime | None = None
    last_t: datetime | None = None
    last: Interaction | None = None
    owed_since: datetime | None = None
    lost = False
    lost_at: datetime | None = None
    lost_reason: LossReason | None = None
    came_back: datetime | None = None
    for interaction in items:
        t = interaction.timestamp
        if last_t is not None:
            if t <= last_t and (t < last_t or interaction.id < last.id):  # type: ignore[union-attr]  # last is set with last_t
                return False
            # what time alone did since the previous interaction
            if debt > _EPS and not lost and silence is not None:
                if fixed is not None and t.tzinfo is _UTC and last_t.tzinfo is _UTC:
                    due = t - last_t >= fixed
                else:
                    due = silence.reached(last_t, t)
                if due:
                    lost, lost_at, lost_reason, came_back = (
                        True,
                        silence.end(last_t),
                        LossReason.SILENCE,
                        None,
                    )
        if churned is not None and not churn_done and churned <= t:
            churn_done = True
            lost, lost_at, lost_reason, came_back = True, churned, LossReason.CHURNED, None
        last_t = t
        last = interaction
        count += 1
        sentiment = interaction.sentiment
        if lost and sentiment is not _NEG:
            lost = False
            came_back = t
        gesture = interaction.gesture
        pay: float = 0
        if gesture is not None and credit is not None:
            pay = credit.get(gesture.kind, 0)
        if sentiment is _NEG:
            last_neg = t
            pos_since = 0
            net = per - pay if pay < per else 0
            if net > _EPS:
                entry = _Negative(interaction, net, None)
                if gesture is not None:
                    entry = entry.answered(gesture.kind)
                if debt <= _EPS:
                    owed_since = t
                debt += net
                opens.append(entry)
        else:
            if sentiment is _POS:
                pay += 1
                last_pos = t
                if last_neg is not None:
                    pos_since += 1
            if debt > _EPS:
                if gesture is not None:
                    _attach_in_place(opens, head, gesture.kind, gesture.answers)
                if pay:
                    debt -= pay
                    if debt <= _EPS:
                        debt = 0
                        opens = []
                        head = 0
                        head_paid = 0
                        owed_since = None
                        recovered += 1
                    else:
                        head_paid += pay
                        last_open = len(opens) - 1
                        while head < last_open and head_paid >= opens[head].amount - _EPS:
                            head_paid -= opens[head].amount
                            head += 1
            elif sentiment is _POS:
                wasted += 1
        if interaction.kind is _CANCEL:
            lost, lost_at, lost_reason, came_back = True, t, LossReason.CANCELLATION, None
    split = max(head, len(opens) - _TAIL)
    tally.debt = debt
    tally.tail = tuple(opens[split:])
    tally.older, tally.older_head, tally.older_end = opens, head, split
    tally.head_paid = head_paid
    tally.count = count
    tally.wasted = wasted
    tally.recovered = recovered
    tally.pos_since = pos_since
    tally.last_negative_at = last_neg
    tally.last_positive_at = last_pos
    tally.last_t = last_t
    tally.last_id = None if last is None else last.id
    tally.owed_since = owed_since
    tally.lost = lost
    tally.lost_at = lost_at
    tally.lost_reason = lost_reason
    tally.came_back_at = came_back
    tally.churn_done = churn_done
    return True


def _attach_in_place(
    opens: list[_Negative], head: int, kind: GestureKind, answers: str | None
) -> None:
    """:meth:`_Tally._attach` on the batch's list: only the latest ``_TAIL`` can be listed."""
    start = max(head, len(opens) - _TAIL)
    index = len(opens) - 1
    if answers is not None:
        found = _find(opens[start:], answers)
        index = -1 if found < 0 else start + found
    if index >= start:
        opens[index] = opens[index].answered(kind)
