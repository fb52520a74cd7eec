"""A state summary in words: the one function that writes a recovery explanation.

:func:`explain` turns a :class:`~._state.Standing` into the reasons of a
:class:`~custinteract.RecoveryAssessment`. Batch and ledger call it on each
customer's state; the frames path calls it once per distinct shape of state
on a representative one. The wording that is a mapping is a table
(:data:`STATUS_WORDING`, :data:`LOSS_WORDING`); codes come from
:data:`~._policy.REASON_CODES` and :data:`~._policy.GESTURES`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._models import (
    Channel,
    GestureKind,
    Interaction,
    InteractionKind,
    Reason,
    Reasons,
    Sentiment,
)
from .._wording import counted, times, words
from ..activity import ActivityAssessment, ActivityStatus
from ._policy import LossReason, RecoveryPolicy, RecoveryStatus, gesture_rule
from ._state import EPS, TAIL, Negative, Standing

__all__ = [
    "QUIET_CODES",
    "LOSS_WORDING",
    "REPRESENTATIVE",
    "STATUS_WORDING",
    "Representatives",
    "Shape",
    "explain",
    "gesture_column",
    "window_words",
]

STATUS_WORDING: Mapping[RecoveryStatus, str] = v.FrozenMap(
    {
        RecoveryStatus.HEALTHY: "healthy: nothing owed",
        RecoveryStatus.RECOVERING: "recovering: {needed} still needed",
        RecoveryStatus.AT_RISK: "at risk: {needed} needed, none since the last negative",
        RecoveryStatus.LOST: "lost; {needed} owed if they come back",
    }
)
"""The closing sentence per status; ``{needed}`` is the positives owed in words (or ``nothing``)."""

LOSS_WORDING: Mapping[LossReason, str] = v.FrozenMap(
    {
        LossReason.CANCELLATION: "{day} lost: the customer cancelled",
        LossReason.CHURNED: "{day} lost: recorded as churned",
        LossReason.SILENCE: "{day} lost: no interaction for {window} while positives were owed",
    }
)
"""The loss sentence per reason; ``{day}`` is its date, ``{window}`` ``loss_after_silence`` in words."""

QUIET_CODES: Mapping[ActivityStatus, str] = v.FrozenMap(
    {ActivityStatus.LAPSING: "recovery.lapsing", ActivityStatus.LAPSED: "recovery.lapsed"}
)
"""The reason code a HEALTHY customer's activity adds (ACTIVE and UNSEEN add none)."""


def quiet_reason(
    activity: ActivityAssessment, memo: dict[tuple[str, str], Reason] | None = None
) -> Reason | None:
    """The reason that a customer who owes nothing has gone quiet (None unless LAPSING/LAPSED).

    ``memo`` (one batch call's) builds each distinct reason once and shares it.
    """
    code = QUIET_CODES.get(activity.status)
    summary = activity.summary
    if code is None or summary is None:
        return None
    silence = counted(round(summary.silence), "day")
    if activity.p_alive is not None:
        detail = f"{activity.p_alive:.0%} likely still active"
    else:
        gap = counted(round(activity.typical_gap_days or 0.0), "day")
        detail = f"{activity.silence_ratio or 0.0:.1f} times their usual gap of {gap}"
    message = f"{activity.status.value}: silent for {silence}, {detail}"
    return Reasons(memo)(code, message)


_NO_DETAIL: frozenset[InteractionKind | Channel] = frozenset({InteractionKind.OTHER, Channel.OTHER})

# Dated reasons at one moment come in this order.
_EARLIER, _NEGATIVE, _LOSS, _COMEBACK, _POSITIVES = range(5)

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


def explain(
    state: Standing, policy: RecoveryPolicy, memo: dict[tuple[str, str], Reason] | None = None
) -> tuple[Reason, ...]:
    """The reasons, in time order: counts first, then dated events, then the status.

    Dated events at one moment come as they happen: a negative, the loss,
    the comeback, then the positives paying the debt (dated at the latest).
    ``memo`` (one batch call's) builds each distinct reason once and shares it.
    """
    reason_of = Reasons(memo)
    timed: list[tuple[datetime, int, Reason]] = []
    shown = state.shown
    if state.open_negatives > len(shown):
        earlier = counted(state.open_negatives - len(shown), "earlier negative")
        timed.append(
            (
                shown[0].interaction.timestamp,
                _EARLIER,
                reason_of("recovery.negatives_earlier", f"{earlier} also still open"),
            )
        )
    for k, entry in enumerate(shown):
        paid = state.head_paid if k == 0 else 0.0
        reason = reason_of("recovery.negative", _line(entry, paid))
        timed.append((entry.interaction.timestamp, _NEGATIVE, reason))
    if state.lost_at is not None and state.lost_reason is not None:
        loss = _loss_message(state.lost_at, state.lost_reason, policy)
        timed.append(
            (state.lost_at, _LOSS, reason_of(f"recovery.lost.{state.lost_reason.value}", loss))
        )
    if state.came_back_at is not None:
        day = state.came_back_at.date().isoformat()
        message = f"{day} came back after being lost; the debt is still owed"
        timed.append((state.came_back_at, _COMEBACK, reason_of("recovery.comeback", message)))
    if state.open_negatives and state.pos_since and state.last_positive_at is not None:
        verb = "counts" if state.pos_since == 1 else "count"
        message = (
            f"{counted(state.pos_since, 'positive')} since the last negative {verb} toward recovery"
        )
        reason = reason_of("recovery.positives_since", message)
        timed.append((state.last_positive_at, _POSITIVES, reason))
    timed.sort(key=lambda item: (item[0], item[1]))
    return (
        *_counts(state, policy, reason_of),
        *(reason for _, _, reason in timed),
        reason_of(*_status_words(state.status, state.needed)),
    )


def _counts(state: Standing, policy: RecoveryPolicy, reason_of: Reasons) -> list[Reason]:
    """The undated reasons: wasted goodwill, earlier recoveries, forgotten negatives, gestures."""
    out = []
    if state.wasted and state.open_negatives:
        verb = "does" if state.wasted == 1 else "do"
        message = (
            f"{counted(state.wasted, 'earlier positive')} {verb} not count toward recovery"
            " (no banked goodwill)"
        )
        out.append(reason_of("recovery.goodwill_not_banked", message))
    if state.recovered:
        message = f"recovered from negatives {times(state.recovered)} before"
        out.append(reason_of("recovery.recovered_before", message))
    if state.forgotten and policy.negative_memory is not None:
        verb = "counts" if state.forgotten == 1 else "count"
        message = (
            f"{counted(state.forgotten, 'negative')} older than"
            f" {window_words(policy.negative_memory)} no longer {verb}"
        )
        out.append(reason_of("recovery.negative_forgotten", message))
    if state.gestures:
        out.extend(_gesture_reasons(state.gestures, policy, reason_of))
    return out


def _gesture_reasons(
    counts: Mapping[GestureKind, int], policy: RecoveryPolicy, reason_of: Reasons
) -> list[Reason]:
    """One reason per gesture kind with a code of its own that the customer received."""
    out = []
    for kind in GestureKind:
        code = gesture_rule(kind).code
        if code is not None and counts.get(kind):
            credit = policy.gesture_credit.get(kind, 0.0)
            worth = f"{credit:g} positive{'' if credit == 1 else 's'}"
            message = f"{counted(counts[kind], words(kind.value))} received, each worth {worth}"
            out.append(reason_of(code, message))
    return out


def _loss_message(lost_at: datetime, reason: LossReason, policy: RecoveryPolicy) -> str:
    window = policy.loss_after_silence
    return LOSS_WORDING[reason].format(
        day=lost_at.date().isoformat(), window="" if window is None else window_words(window)
    )


def _line(entry: Negative, paid: float) -> str:
    """One open negative for an explanation: date, what it was, what is still owed for it."""
    i = entry.interaction
    details = [words(x.value) for x in (i.kind, i.channel) if x not in _NO_DETAIL]
    if i.category:
        details.append(i.category)
    opened = math.ceil(entry.amount - EPS)
    left = math.ceil(entry.amount - paid - EPS)
    if left == opened:
        owed = counted(left, "positive") + " needed"
    else:
        owed = f"{left} of {opened} positives still needed"
    what = f"negative ({', '.join(details)})" if details else "negative"
    message = f"{i.timestamp.date().isoformat()} {what}: {owed}"
    if entry.gestures:
        message += "; answered with " + ", ".join(words(g.value) for g in entry.gestures)
    return message


def _status_words(status: RecoveryStatus, needed: int) -> tuple[str, str]:
    """The closing reason of an explanation: the status in words (code and message)."""
    owed = counted(needed, "positive") if needed else "nothing"
    return f"recovery.status.{status.value}", STATUS_WORDING[status].format(needed=owed)


REPRESENTATIVE = datetime(2000, 1, 1, tzinfo=timezone.utc)
"""The moment of a representative state's events (ranks are seconds after it)."""


def gesture_column(kind: GestureKind) -> str:
    """The state column counting gestures of ``kind`` (a kind with a reason code of its own)."""
    return f"gestures.{kind.value}"


Shape = tuple[int, tuple[int, ...], str | None]
"""What decides a customer's codes: its packed signature (counts, status), the
ranks of its dated moments (the shown negatives, the latest positive, the loss
and the comeback, in that order; ``-1`` where there is none) and its loss reason."""


class Representatives:
    """Reason codes of many customers from representative states: one explanation per shape.

    The frames path computes each customer's state as columns (``state``:
    column name -> per-customer values, as :mod:`.frames` names them) and
    asks here for its codes: :func:`explain` runs on a state like the
    customer's, with the same counts and the same order of dated moments.
    """

    def __init__(
        self, state: Mapping[str, Any], kinds: list[GestureKind], policy: RecoveryPolicy
    ) -> None:
        self.state = state
        self.kinds = kinds
        self.policy = policy
        self.known: dict[Shape, tuple[str, ...]] = {}
        self.negatives: dict[datetime, Negative] = {}
        self.memo: dict[tuple[str, str], Reason] = {}  # each distinct reason built once

    def codes(self, g: int, shape: Shape | None) -> tuple[str, ...]:
        """Customer ``g``'s codes; ``shape`` is all that decides them (see :data:`Shape`).

        Without a shape (a customer with no loss event, grouped by signature
        by the caller) every dated moment is the same one.
        """
        found = None if shape is None else self.known.get(shape)
        if found is None:
            ranks = () if shape is None else shape[1]
            reasons = explain(self.standing(g, ranks), self.policy, self.memo)
            found = tuple(reason.code for reason in reasons)
            if shape is not None:
                self.known[shape] = found
        return found

    def standing(self, g: int, ranks: tuple[int, ...]) -> Standing:
        """A state like customer ``g``'s, its moments ``ranks`` seconds after one moment.

        With no ranks, a state like ``g``'s without its losses (shared by the
        customers with its signature and no loss event).
        """
        state = self.state
        opened = int(state["open_negatives"][g])
        count = min(opened, TAIL)
        at = [REPRESENTATIVE + timedelta(seconds=rank) for rank in ranks]
        at = at or [REPRESENTATIVE] * (count + 3)
        reason = state["lost_reason"][g] if ranks else None
        return Standing(
            status=RecoveryStatus(state["status"][g]),
            needed=int(state["positives_needed"][g]),
            open_negatives=opened,
            shown=tuple(self._negative(moment) for moment in at[:count]),
            wasted=int(state["wasted"][g]),
            recovered=int(state["recovered"][g]),
            pos_since=int(state["pos_since"][g]),
            last_positive_at=at[count] if state["last_positive_at"][g] != -1 else None,
            lost_at=at[count + 1] if reason is not None else None,
            lost_reason=None if reason is None else LossReason(reason),
            came_back_at=at[count + 2] if ranks and state["came_back_at"][g] != -1 else None,
            gestures={kind: int(state[gesture_column(kind)][g]) for kind in self.kinds},
        )

    def _negative(self, moment: datetime) -> Negative:
        negative = self.negatives.get(moment)
        if negative is None:
            interaction = Interaction(
                id="representative",
                customer_id="representative",
                timestamp=moment,
                sentiment=Sentiment.NEGATIVE,
            )
            negative = self.negatives[moment] = Negative(interaction, 1.0, None)
        return negative
