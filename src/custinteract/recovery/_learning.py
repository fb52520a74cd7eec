"""Learning the playbook: replay each customer's history and follow every negative to its outcome.

An *episode* starts with a negative interaction and ends RECOVERED (the debt
paid back to zero), LOST (the customer lost with the debt unpaid) or still
open (censored); see :mod:`._playbook` for the rules in full.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import datetime

from .._errors import InvalidInputError
from .._models import Customer, GestureKind, Interaction, Reason, Sentiment
from .._time import elapsed_days, ensure_aware
from .._wording import counted
from ._engine import _ORDER, _check_policy, _group, _known
from ._playbook import UNCATEGORISED, PlaybookEntry, RecoveryPlaybook, wilson_interval
from ._policy import RecoveryPolicy
from ._rules import _Tally
from ._state import EPS, Negative

__all__ = ["learn_playbook"]


class _Episode:
    __slots__ = ("category", "days", "gesture", "index", "outcome", "steps", "timestamp")

    def __init__(self, negative: Interaction, index: int) -> None:
        self.category = negative.category or UNCATEGORISED
        self.timestamp = negative.timestamp
        self.index = index
        self.gesture: GestureKind | None = None
        self.outcome = "open"
        self.steps = 0
        self.days = 0.0


def _episodes(
    items: list[Interaction], as_of: datetime, policy: RecoveryPolicy, customer: Customer | None
) -> list[_Episode]:
    """Replay one customer's history and follow each negative to how its episode ended."""
    items.sort(key=_ORDER)
    tally = _Tally(policy, customer)
    done: list[_Episode] = []
    pending: dict[str, _Episode] = {}

    def end(episode: _Episode | None, outcome: str) -> None:
        if episode is not None:
            episode.outcome = outcome
            done.append(episode)

    def advance(moment: datetime) -> None:
        """Time alone: end the episodes of negatives forgotten on the way (censored or lost).

        Forgetting is no payment: when it clears the whole debt, the pending
        episodes end too. Each ends LOST if the customer was lost when its
        negative was forgotten, else still open.
        """
        forgotten, was_lost = tally.forgotten, tally.lost
        # What was open before: references only (advance moves heads, never edits in place).
        older, head, stop, tail = tally.older, tally.older_head, tally.older_end, tally.tail
        tally.advance(moment)
        count = tally.forgotten - forgotten
        if not count:
            return
        gone = [*older[head:stop], *tail][:count]
        for negative in gone:
            end(pending.pop(negative.interaction.id, None), _outcome(tally, was_lost, negative))
        if tally.debt <= EPS:
            for episode in pending.values():
                end(episode, _outcome(tally, was_lost, gone[-1]))
            pending.clear()

    for index, interaction in enumerate(items):
        advance(interaction.timestamp)
        tally.apply(interaction)
        gesture = interaction.gesture
        if interaction.sentiment is Sentiment.NEGATIVE:
            episode = _Episode(interaction, index)
            if gesture is not None:
                episode.gesture = gesture.kind
            pending[interaction.id] = episode
        elif gesture is not None and pending:
            target = (
                pending.get(gesture.answers)
                if gesture.answers is not None
                else next(reversed(pending.values()))
            )
            if target is not None and target.gesture is None:
                target.gesture = gesture.kind
        if tally.debt <= EPS and pending:
            # paid back to zero (after a comeback too): every pending episode recovered here
            for episode in pending.values():
                episode.steps = index - episode.index
                episode.days = elapsed_days(episode.timestamp, interaction.timestamp)
                end(episode, "recovered")
            pending.clear()
    advance(as_of)
    for episode in pending.values():
        end(episode, "lost" if tally.lost else "open")
    return done


def _outcome(tally: _Tally, was_lost: bool, negative: Negative) -> str:
    """How the episode of a forgotten negative ended: LOST if the customer was lost by then."""
    lost_at, expires = tally.lost_at, negative.expires
    lost = was_lost or (
        tally.lost and lost_at is not None and expires is not None and lost_at <= expires
    )
    return "lost" if lost else "open"


def learn_playbook(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    customers: Iterable[Customer] | None = None,
    min_sample: int = 10,
) -> RecoveryPlaybook:
    """Learn, per complaint category and gesture, how negatives ended (see the module notes).

    Only interactions with ``timestamp <= as_of`` count. ``min_sample`` is the
    number of decided episodes (recovered or lost) a gesture needs before
    :meth:`RecoveryPlaybook.recommend` names it.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> history = []
    >>> for n in range(4):
    ...     c = f"c{n}"
    ...     history.append(ci.Interaction(id=f"{c}-n", customer_id=c, timestamp=t0,
    ...         sentiment=ci.Sentiment.NEGATIVE, category="billing",
    ...         gesture=ci.RecoveryGesture(kind=ci.GestureKind.REFUND)))
    ...     history += [ci.Interaction(id=f"{c}-p{k}", customer_id=c, sentiment=ci.Sentiment.POSITIVE,
    ...         timestamp=t0 + timedelta(days=k + 1)) for k in range(6)]
    >>> playbook = ci.learn_playbook(history, as_of=t0 + timedelta(days=30), min_sample=3)
    >>> advice = playbook.recommend("billing")
    >>> advice.gesture.value, advice.best.recovered, advice.best.median_interactions_to_recovery
    ('refund', 4, 6.0)
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    ensure_aware(as_of, "as_of")
    if not isinstance(min_sample, int) or isinstance(min_sample, bool) or min_sample < 1:
        raise InvalidInputError("min_sample", min_sample, "an integer of at least 1")
    groups = _group(interactions, as_of)
    known = _known(customers)
    cells: dict[tuple[str, str], list[_Episode]] = {}
    for customer_id in sorted(groups):
        for episode in _episodes(groups[customer_id], as_of, policy, known.get(customer_id)):
            key = (episode.category, "" if episode.gesture is None else episode.gesture.value)
            cells.setdefault(key, []).append(episode)
    entries = [_entry(category, episodes) for (category, _), episodes in sorted(cells.items())]
    total = sum(entry.negatives for entry in entries)
    recovered = sum(entry.recovered for entry in entries)
    lost = sum(entry.lost for entry in entries)
    categories = len({entry.category for entry in entries})
    explanation = (
        Reason(
            code="recovery.playbook.learned",
            message=f"{counted(total, 'negative')} in {counted(categories, 'category', 'categories')}:"
            f" {recovered} recovered, {lost} lost, {total - recovered - lost} still open",
        ),
    )
    return RecoveryPlaybook(
        as_of=as_of,
        policy=policy,
        min_sample=min_sample,
        entries=tuple(entries),
        explanation=explanation,
    )


def _entry(category: str, episodes: list[_Episode]) -> PlaybookEntry:
    recovered = [e for e in episodes if e.outcome == "recovered"]
    lost = sum(1 for e in episodes if e.outcome == "lost")
    decided = len(recovered) + lost
    low, high = wilson_interval(len(recovered), decided)
    return PlaybookEntry(
        category=category,
        gesture=episodes[0].gesture,
        negatives=len(episodes),
        recovered=len(recovered),
        lost=lost,
        still_open=len(episodes) - decided,
        recovery_rate=len(recovered) / decided if decided else None,
        rate_low=low,
        rate_high=high,
        median_interactions_to_recovery=float(statistics.median(e.steps for e in recovered))
        if recovered
        else None,
        median_days_to_recovery=float(statistics.median(e.days for e in recovered))
        if recovered
        else None,
    )
