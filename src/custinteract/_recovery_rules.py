"""The recovery rules, in one place: how one customer's balance moves with each interaction.

:class:`_Tally` is the running state of one customer. The batch functions
mutate one tally in a loop; :class:`~custinteract.RecoveryLedger` copies it on
every record, so that a ledger stays a value. Both therefore apply exactly the
same rules. Read :meth:`_Tally.advance` (what time alone does) and
:meth:`_Tally.apply` (what one interaction does) from top to bottom.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from dateutil.relativedelta import relativedelta

from ._errors import DuplicateInteractionError, InvalidInputError, OutOfOrderError
from ._models import Customer, GestureKind, Interaction, InteractionKind, Reason, Sentiment
from ._recovery_policy import (
    LossReason,
    RecoveryAssessment,
    RecoveryPolicy,
    RecoveryStatus,
)
from ._time import format_window

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
    """An open negative, kept for the explanation and for ``negative_memory`` (immutable)."""

    __slots__ = ("expires", "gestures", "interaction")

    def __init__(
        self,
        interaction: Interaction,
        expires: datetime | None,
        gestures: tuple[GestureKind, ...] = (),
    ) -> None:
        self.interaction = interaction
        self.expires = expires
        self.gestures = gestures

    def answered(self, kind: GestureKind) -> _Negative:
        return _Negative(self.interaction, self.expires, (*self.gestures, kind))


_NEG = Sentiment.NEGATIVE
_POS = Sentiment.POSITIVE
_CANCEL = InteractionKind.CANCELLATION


_SET = object.__setattr__
"""Results built here are valid by construction: set their fields without re-validating."""


def _reason(code: str, message: str) -> Reason:
    reason: Reason = object.__new__(Reason)
    _SET(reason, "code", code)
    _SET(reason, "message", message)
    return reason


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


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
        "frontier",
        "last_negative_at",
        "last_t",
        "lost",
        "lost_at",
        "lost_reason",
        "memory",
        "owed_since",
        "per",
        "pos_since",
        "recovered",
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
        self.count = 0
        self.wasted = 0
        self.recovered = 0
        self.forgotten = 0
        self.pos_since = 0
        self.last_negative_at: datetime | None = None
        self.last_t: datetime | None = None
        self.frontier: tuple[Interaction, ...] = ()
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
        other.count = self.count
        other.wasted = self.wasted
        other.recovered = self.recovered
        other.forgotten = self.forgotten
        other.pos_since = self.pos_since
        other.last_negative_at = self.last_negative_at
        other.last_t = self.last_t
        other.frontier = self.frontier
        other.lost = self.lost
        other.lost_at = self.lost_at
        other.lost_reason = self.lost_reason
        other.came_back_at = self.came_back_at
        return other

    # -- what time alone does ----------------------------------------------------------

    def advance(self, moment: datetime) -> None:
        """Apply, up to ``moment``: forgotten negatives, loss by silence, the churn date.

        Silence is measured from the latest interaction; the customer is lost
        at its end if a debt is still open then (after forgetting). A churn
        date at or before ``moment`` always applies.
        """
        memory = self.memory
        if memory is not None and self.tail:
            self._forget(moment)
        silence = self.silence
        last = self.last_t
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
        churned = self.churned
        if churned is not None and not self.churn_done and churned <= moment:
            self.churn_done = True
            self._lose(churned, LossReason.CHURNED)
        self.watch = self.debt > _EPS or (churned is not None and not self.churn_done)

    def _forget(self, moment: datetime) -> None:
        tail = self.tail
        while tail and tail[0].expires is not None and tail[0].expires <= moment:
            # the oldest open negative is forgotten with what is still owed for it
            self.debt = (len(tail) - 1) * self.per
            tail = tail[1:]
            self.forgotten += 1
        self.tail = tail
        if not tail:
            self.owed_since = None

    def _lose(self, moment: datetime, reason: LossReason) -> None:
        self.lost = True
        self.lost_at = moment
        self.lost_reason = reason
        self.came_back_at = None

    # -- what one interaction does -----------------------------------------------------

    def record(self, interaction: Interaction) -> bool:
        """Check order and replays, then count ``interaction``; False for an identical replay."""
        t = interaction.timestamp
        last = self.last_t
        if last is not None and t <= last:
            frontier = self.frontier
            for seen in frontier:
                if seen.id == interaction.id:
                    if seen == interaction:
                        return False
                    raise DuplicateInteractionError(
                        "id",
                        interaction.id,
                        "a new interaction id (a different interaction already used this one)",
                    )
            if t < last or interaction.id < frontier[-1].id:
                raise OutOfOrderError(
                    "interaction",
                    (interaction.id, t.isoformat()),
                    f"an interaction after ({last.isoformat()}, {frontier[-1].id!r}) in"
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
        self.frontier = (*self.frontier, interaction) if t == last else (interaction,)
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
                entry = _Negative(interaction, None if memory is None else memory.end(t))
                if gesture is not None:
                    entry = entry.answered(gesture.kind)
                if self.debt <= _EPS:
                    self.owed_since = t
                self.debt += net
                self.watch = True
                keep = math.ceil(self.debt / per - _EPS)
                if memory is None and keep > _TAIL:
                    keep = _TAIL
                tail = (*self.tail, entry)
                self.tail = tail[len(tail) - keep :] if len(tail) > keep else tail
        else:
            if sentiment is _POS:
                pay += 1
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
        tail = self.tail
        if not tail:
            return
        index = len(tail) - 1
        if answers is not None:
            for i, entry in enumerate(tail):
                if entry.interaction.id == answers:
                    index = i
                    break
            else:
                return
        self.tail = (*tail[:index], tail[index].answered(kind), *tail[index + 1 :])

    def _pay(self, amount: float) -> None:
        debt = self.debt - amount
        if debt <= _EPS:
            self.debt = 0
            self.tail = ()
            self.owed_since = None
            self.recovered += 1
            self.watch = self.churned is not None and not self.churn_done
            return
        self.debt = debt
        keep = math.ceil(debt / self.per - _EPS)
        if len(self.tail) > keep:
            self.tail = self.tail[len(self.tail) - keep :]

    # -- the answer --------------------------------------------------------------------

    def open_negatives(self) -> int:
        debt = self.debt
        return 0 if debt <= _EPS else math.ceil(debt / self.per - _EPS)

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
        """The reasons, in time order: counts first, then dated events, then the status."""
        first: list[Reason] = []
        timed: list[tuple[datetime, int, Reason]] = []
        if self.wasted and open_negatives:
            first.append(
                _reason(
                    "recovery.goodwill_not_banked",
                    f"{_n(self.wasted, 'earlier positive')} do not count toward recovery"
                    " (no banked goodwill)",
                )
            )
        if self.recovered:
            first.append(
                _reason(
                    "recovery.recovered_before",
                    f"recovered from negatives {_n(self.recovered, 'time')} before",
                )
            )
        if self.forgotten and policy.negative_memory is not None:
            first.append(
                _reason(
                    "recovery.negative_forgotten",
                    f"{_n(self.forgotten, 'negative')} older than"
                    f" {format_window(policy.negative_memory)} no longer count",
                )
            )
        shown = self.tail[-min(open_negatives, _TAIL) :] if open_negatives else ()
        if open_negatives > len(shown):
            earlier = open_negatives - len(shown)
            timed.append(
                (
                    shown[0].interaction.timestamp,
                    0,
                    _reason(
                        "recovery.negatives_earlier",
                        f"{_n(earlier, 'earlier negative')} also still open",
                    ),
                )
            )
        for entry in shown:
            i = entry.interaction
            detail = ", ".join(x for x in (i.kind.value, i.channel.value, i.category) if x)
            message = (
                f"{i.timestamp.date().isoformat()} negative ({detail}): {self.per} positives needed"
            )
            if entry.gestures:
                message += "; answered with " + ", ".join(g.value for g in entry.gestures)
            timed.append((i.timestamp, 1, _reason("recovery.negative", message)))
        if open_negatives and self.pos_since and self.last_negative_at is not None:
            verb = "counts" if self.pos_since == 1 else "count"
            timed.append(
                (
                    self.last_negative_at,
                    2,
                    _reason(
                        "recovery.positives_since",
                        f"{_n(self.pos_since, 'positive')} since the last negative {verb}"
                        " toward recovery",
                    ),
                )
            )
        if self.lost_at is not None and self.lost_reason is not None:
            timed.append(
                (
                    self.lost_at,
                    3,
                    _reason(f"recovery.lost.{self.lost_reason.value}", self._loss_message(policy)),
                )
            )
        if self.came_back_at is not None:
            timed.append(
                (
                    self.came_back_at,
                    4,
                    _reason(
                        "recovery.comeback",
                        f"{self.came_back_at.date().isoformat()} came back after being lost;"
                        " the debt is still owed",
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
            "" if policy.loss_after_silence is None else format_window(policy.loss_after_silence)
        )
        return f"{day} lost: no interaction for {window} while positives were owed"


def status_reason(status: RecoveryStatus, needed: int) -> Reason:
    """The closing reason of an explanation: the status in words."""
    if status is RecoveryStatus.HEALTHY:
        text = "healthy: nothing owed"
    elif status is RecoveryStatus.AT_RISK:
        text = f"at risk: {_n(needed, 'positive')} needed, none since the last negative"
    elif status is RecoveryStatus.RECOVERING:
        text = f"recovering: {_n(needed, 'positive')} still needed"
    else:
        text = f"lost; {_n(needed, 'positive')} owed if they come back"
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
    tail: list[_Negative] = []
    count = wasted = recovered = pos_since = 0
    last_neg: datetime | None = None
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
                entry = _Negative(interaction, None)
                if gesture is not None:
                    entry = entry.answered(gesture.kind)
                if debt <= _EPS:
                    owed_since = t
                debt += net
                tail.append(entry)
                if len(tail) > 8 * _TAIL:
                    del tail[: len(tail) - _TAIL]
        else:
            if sentiment is _POS:
                pay += 1
                if last_neg is not None:
                    pos_since += 1
            if debt > _EPS:
                if gesture is not None and tail:
                    _attach_in_place(tail, gesture.kind, gesture.answers)
                if pay:
                    debt -= pay
                    if debt <= _EPS:
                        debt = 0
                        tail.clear()
                        owed_since = None
                        recovered += 1
            elif sentiment is _POS:
                wasted += 1
        if interaction.kind is _CANCEL:
            lost, lost_at, lost_reason, came_back = True, t, LossReason.CANCELLATION, None
    keep = tally_keep(debt, per)
    tally.debt = debt
    tally.tail = tuple(tail[len(tail) - keep :]) if keep else ()
    tally.count = count
    tally.wasted = wasted
    tally.recovered = recovered
    tally.pos_since = pos_since
    tally.last_negative_at = last_neg
    tally.last_t = last_t
    tally.owed_since = owed_since
    tally.lost = lost
    tally.lost_at = lost_at
    tally.lost_reason = lost_reason
    tally.came_back_at = came_back
    tally.churn_done = churn_done
    return True


def tally_keep(debt: float, per: int) -> int:
    """How many open negatives a tally keeps described (without negative_memory)."""
    if debt <= _EPS:
        return 0
    return min(math.ceil(debt / per - _EPS), _TAIL)


def _attach_in_place(tail: list[_Negative], kind: GestureKind, answers: str | None) -> None:
    index = len(tail) - 1
    if answers is not None:
        for i in range(len(tail) - 1, -1, -1):
            if tail[i].interaction.id == answers:
                index = i
                break
        else:
            return
    tail[index] = tail[index].answered(kind)
