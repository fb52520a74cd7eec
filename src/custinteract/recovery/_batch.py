"""The batch fast path: :meth:`._rules._Tally.apply` and ``advance`` with local variables.

For policies without ``negative_memory`` (most), the batch functions run a
customer's whole history through :func:`run_in_order`: the rules of
:mod:`._rules`, read from the same tables and small functions
(:data:`~._rules.SENTIMENT_PAYS`, :func:`~._rules.opened_by`,
:func:`~._rules.count_gesture`, the policy's gesture credit), kept in local
variables because a history is thousands of interactions. The property tests
check that this path and the ledger always agree, and
``tests/test_recovery_gestures.py`` that they agree on every gesture kind.

The loop over a history stays in one piece on purpose: it is the object
path's hot loop, where a helper call costs more than the step it names (the
pay-down of the oldest negatives as a helper cost about a tenth of the
object path's time at a million interactions, the silence check about 2%).
Only what runs once per history, storing the state reached, is a helper.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone

from .._models import Direction, GestureKind, Interaction, InteractionKind, Sentiment
from ._activity import Days
from ._policy import LossReason
from ._rules import SENTIMENT_PAYS, _Tally, count_gesture, opened_by
from ._state import EPS, TAIL, Negative, find

__all__ = ["Counting", "run_in_order"]

Counting = tuple[tuple[InteractionKind, ...], tuple[Direction, ...]]
"""The kinds and directions of interaction that count as coming back (an activity policy's)."""

_UTC = timezone.utc
_NEG = Sentiment.NEGATIVE
_POS = Sentiment.POSITIVE
_CANCEL = InteractionKind.CANCELLATION
# Read by identity in the loop (an enum's hash is slow).
_POSITIVE_PAYS = SENTIMENT_PAYS[Sentiment.POSITIVE]
_NEUTRAL_PAYS = SENTIMENT_PAYS[Sentiment.NEUTRAL]


def run_in_order(
    tally: _Tally, items: list[Interaction], counting: Counting | None = None
) -> tuple[bool, Days | None]:
    """The batch fast path: apply ``items`` to a fresh ``tally``, like :meth:`_Tally.apply`.

    The same rules as :meth:`_Tally.advance` and :meth:`_Tally.apply` written
    with local variables, for policies without ``negative_memory``. Returns
    False, leaving ``tally`` unusable, as soon as ``items`` turn out not to be
    in ``(timestamp, id)`` order: the caller then sorts and runs again. (The
    property tests check that this path and the ledger always agree.)

    With ``counting`` (the activity policy's counted kinds and directions)
    it also counts the customer's days, as :func:`._activity.days_of`
    does: in time order their UTC day numbers never go down, so a new day
    is one unlike the last. Reading each interaction once for both cost
    0.7 s less at a million interactions than a second pass over the
    groups (benchmarks/bench_recovery.py).
    """
    per = tally.per
    credit = tally.credit
    silence = tally.silence
    fixed = None if silence is None else silence.fixed
    churned = tally.churned
    churn_done = tally.churn_done
    debt: float = 0
    opens: list[Negative] = []  # the open negatives are opens[head:], oldest first
    head = 0
    head_paid: float = 0
    positive_pays, neutral_pays = _POSITIVE_PAYS, _NEUTRAL_PAYS
    gestures = tally.gestures
    wasted = recovered = pos_since = 0
    eps = EPS
    last_neg: datetime | None = None
    last_pos: datetime | None = None
    last_t: datetime | None = None
    last: Interaction | None = None
    owed_since: datetime | None = None
    lost = False
    lost_at: datetime | None = None
    lost_reason: LossReason | None = None
    came_back: datetime | None = None
    counts = counting is not None
    kinds, directions = ((), ()) if counting is None else counting
    first_day = last_day = -1
    distinct = 0
    for interaction in items:
        t = interaction.timestamp
        if last_t is not None:
            if t <= last_t and (t < last_t or interaction.id < last.id):  # type: ignore[union-attr]  # last is set with last_t
                return False, None
            # what time alone did since the previous interaction
            if debt > eps and not lost and silence is not None:
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
        kind = interaction.kind
        if counts and kind in kinds and interaction.direction in directions:
            day = (t if t.tzinfo is _UTC else t.astimezone(_UTC)).toordinal()
            if day != last_day:
                if not distinct:
                    first_day = day
                distinct += 1
                last_day = day
        sentiment = interaction.sentiment
        if lost and sentiment is not _NEG:
            lost = False
            came_back = t
        gesture = interaction.gesture
        pay: float = 0
        if gesture is not None:
            if credit is not None:
                pay = credit.get(gesture.kind, 0)
            gestures = count_gesture(gestures, gesture.kind)
        if sentiment is _NEG:
            last_neg = t
            pos_since = 0
            net = opened_by(per, pay)
            if net > eps:
                entry = Negative(interaction, net, None)
                if gesture is not None:
                    entry = entry.answered(gesture.kind)
                if debt <= eps:
                    owed_since = t
                debt += net
                opens.append(entry)
        else:
            if sentiment is _POS:
                pay += positive_pays
                last_pos = t
                if last_neg is not None:
                    pos_since += 1
            else:
                pay += neutral_pays
            if debt > eps:
                if gesture is not None:
                    _attach_in_place(opens, head, gesture.kind, gesture.answers)
                if pay:
                    debt -= pay
                    if debt <= eps:
                        debt = 0
                        opens = []
                        head = 0
                        head_paid = 0
                        owed_since = None
                        recovered += 1
                    else:
                        head_paid += pay
                        last_open = len(opens) - 1
                        while head < last_open and head_paid >= opens[head].amount - eps:
                            head_paid -= opens[head].amount
                            head += 1
            elif sentiment is _POS:
                wasted += 1
        if kind is _CANCEL:
            lost, lost_at, lost_reason, came_back = True, t, LossReason.CANCELLATION, None
    _store(
        tally,
        debt,
        opens,
        head,
        head_paid,
        len(items),
        (wasted, recovered, pos_since),
        gestures,
        (last_neg, last_pos, last_t, None if last is None else last.id, owed_since),
        (lost, lost_at, lost_reason, came_back, churn_done),
    )
    return True, (first_day, last_day, distinct) if distinct else None


def _store(
    tally: _Tally,
    debt: float,
    opens: list[Negative],
    head: int,
    head_paid: float,
    count: int,
    counts: tuple[int, int, int],
    gestures: Mapping[GestureKind, int],
    times: tuple[datetime | None, datetime | None, datetime | None, str | None, datetime | None],
    loss: tuple[bool, datetime | None, LossReason | None, datetime | None, bool],
) -> None:
    """Leave the state :func:`run_in_order` reached in ``tally``, as :meth:`_Tally.apply` would.

    ``opens[head:]`` are the open negatives, oldest first: the latest
    ``TAIL`` become the tally's ``tail``, the rest stay in ``older``.
    ``counts`` are (wasted, recovered, positives since the last negative);
    ``times`` (last negative, last positive, last timestamp, last id, owed
    since); ``loss`` (lost, when, why, came back, churn date passed).
    """
    split = max(head, len(opens) - TAIL)
    tally.debt = debt
    tally.tail = tuple(opens[split:])
    tally.older, tally.older_head, tally.older_end = opens, head, split
    tally.head_paid = head_paid
    tally.count = count
    tally.wasted, tally.recovered, tally.pos_since = counts
    tally.gestures = gestures
    (
        tally.last_negative_at,
        tally.last_positive_at,
        tally.last_t,
        tally.last_id,
        tally.owed_since,
    ) = times
    tally.lost, tally.lost_at, tally.lost_reason, tally.came_back_at, tally.churn_done = loss


def _attach_in_place(
    opens: list[Negative], head: int, kind: GestureKind, answers: str | None
) -> None:
    """:meth:`_Tally._attach` on the batch's list: only the latest ``TAIL`` can be listed."""
    start = max(head, len(opens) - TAIL)
    index = len(opens) - 1
    if answers is not None:
        found = find(opens[start:], answers)
        index = -1 if found < 0 else start + found
    if index >= start:
        opens[index] = opens[index].answered(kind)
