"""The recovery playbook: learn from history which gesture wins customers back.

Seed 000: listening to a disgruntled customer "will also provide you with the
necessary information to handle the next similar encounter better"; seed 004:
companies "give out discount codes to apologize for mistakes". The playbook
replays every customer's history with the recovery rules and follows each
negative interaction (an *episode*) to its outcome:

* RECOVERED: the customer's debt was paid back to zero after it;
* LOST: the customer was lost (cancellation, churn, silence) first, or is
  lost at ``as_of``;
* still open: neither yet (or the negative was forgotten under
  ``negative_memory``); open episodes are censored, not failures.

Episodes are grouped by complaint category (the negative's ``category``, or
``"uncategorised"``) and by the first gesture that answered the negative
(made on the negative itself, naming it in ``answers``, or the next gesture
made while it is open), or no gesture. The recovery rate is
``recovered / (recovered + lost)`` with a Wilson 95% interval.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from datetime import datetime

import attrs

from . import _validators as v
from ._display import render_html, render_text
from ._errors import InvalidInputError
from ._models import Customer, GestureKind, Interaction, Reason, Sentiment
from ._recovery import _ORDER, _check_policy, _group
from ._recovery_policy import RecoveryPolicy
from ._recovery_rules import _EPS, _Tally
from ._time import ensure_aware

__all__ = ["UNCATEGORISED", "PlaybookAdvice", "PlaybookEntry", "RecoveryPlaybook", "learn_playbook"]

UNCATEGORISED = "uncategorised"
"""The category of negatives recorded without one."""

_Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default).

    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 3), round(high, 3)
    (0.49, 0.943)
    """
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    z2 = z * z
    centre = p + z2 / (2 * trials)
    margin = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    scale = 1 + z2 / trials
    return (max(0.0, (centre - margin) / scale), min(1.0, (centre + margin) / scale))


@attrs.frozen(kw_only=True)
class PlaybookEntry:
    """How negatives of one category answered with one gesture (or none) ended.

    Attributes:
        category: The complaint category.
        gesture: The first gesture that answered the negative; None for no gesture.
        negatives: Episodes counted.
        recovered: Episodes whose debt was paid back to zero.
        lost: Episodes that ended with the customer lost.
        still_open: Episodes not decided by ``as_of`` (censored).
        recovery_rate: ``recovered / (recovered + lost)``; None with no decided episode.
        rate_low: Lower end of the Wilson 95% interval of the rate.
        rate_high: Upper end of the Wilson 95% interval of the rate.
        median_interactions_to_recovery: Median interactions from the negative to
            recovery (the recovering one included), over recovered episodes.
        median_days_to_recovery: Median days from the negative to recovery.
    """

    category: str = attrs.field(validator=v.identifier)
    gesture: GestureKind | None = attrs.field(validator=v.optional(v.enum_member(GestureKind)))
    negatives: int = attrs.field(validator=v.integer(low=0))
    recovered: int = attrs.field(validator=v.integer(low=0))
    lost: int = attrs.field(validator=v.integer(low=0))
    still_open: int = attrs.field(validator=v.integer(low=0))
    recovery_rate: float | None = attrs.field(validator=v.optional(v.finite_number(low=0, high=1)))
    rate_low: float = attrs.field(validator=v.finite_number(low=0, high=1))
    rate_high: float = attrs.field(validator=v.finite_number(low=0, high=1))
    median_interactions_to_recovery: float | None = attrs.field(
        validator=v.optional(v.finite_number(low=0))
    )
    median_days_to_recovery: float | None = attrs.field(
        validator=v.optional(v.finite_number(low=0))
    )

    @property
    def decided(self) -> int:
        """Episodes with an outcome: recovered plus lost."""
        return self.recovered + self.lost

    def describe(self) -> str:
        """One sentence for a support agent."""
        name = "no gesture" if self.gesture is None else self.gesture.value
        if self.recovery_rate is None:
            return f"{name}: {self.negatives} negatives, none decided yet"
        text = (
            f"{name}: {self.recovered} of {self.decided} decided recovered"
            f" ({self.recovery_rate:.0%}, 95% CI {self.rate_low:.0%}-{self.rate_high:.0%})"
        )
        if self.median_days_to_recovery is not None:
            text += (
                f", median {self.median_interactions_to_recovery:g} interactions and"
                f" {self.median_days_to_recovery:.1f} days to recovery"
            )
        return text


@attrs.frozen(kw_only=True)
class PlaybookAdvice:
    """What the playbook recommends for one complaint category, and why.

    Attributes:
        category: The category asked about.
        gesture: The recommended gesture; None when the evidence is too thin.
        enough_evidence: True when ``gesture`` rests on at least ``min_sample``
            decided episodes.
        best: The leading gesture's entry (even when the evidence is thin), if any.
        baseline: The entry for negatives answered with no gesture, if any.
        alternatives: The other gestures' entries for the category, best first.
        explanation: Reasons (codes in :data:`REASON_CODES`).
    """

    category: str = attrs.field(validator=v.identifier)
    gesture: GestureKind | None = attrs.field(validator=v.optional(v.enum_member(GestureKind)))
    enough_evidence: bool = attrs.field(validator=v.truth)
    best: PlaybookEntry | None = attrs.field(validator=v.optional(v.instance(PlaybookEntry)))
    baseline: PlaybookEntry | None = attrs.field(validator=v.optional(v.instance(PlaybookEntry)))
    alternatives: tuple[PlaybookEntry, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(PlaybookEntry))
    )
    explanation: tuple[Reason, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(Reason))
    )

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


def _rank(entry: PlaybookEntry) -> tuple[float, float, int, str]:
    gesture = "" if entry.gesture is None else entry.gesture.value
    return (-entry.rate_low, -(entry.recovery_rate or 0.0), -entry.decided, gesture)


@attrs.frozen(kw_only=True)
class RecoveryPlaybook:
    """What history says about each complaint category and gesture; ask it with :meth:`recommend`.

    Attributes:
        as_of: The moment the history was read up to.
        policy: The recovery rules the history was replayed with.
        min_sample: Decided episodes a gesture needs before it is recommended.
        entries: One entry per (category, gesture), sorted by category then gesture.
        explanation: Reasons (codes in :data:`REASON_CODES`).
    """

    as_of: datetime = attrs.field(validator=v.aware)
    policy: RecoveryPolicy = attrs.field(validator=v.instance(RecoveryPolicy))
    min_sample: int = attrs.field(validator=v.integer(low=1))
    entries: tuple[PlaybookEntry, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(PlaybookEntry))
    )
    explanation: tuple[Reason, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(Reason))
    )

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)

    @property
    def categories(self) -> tuple[str, ...]:
        """The complaint categories seen, sorted."""
        return tuple(sorted({entry.category for entry in self.entries}))

    def recommend(self, category: str | None) -> PlaybookAdvice:
        """The gesture with the best evidence for ``category`` (None means uncategorised).

        Gestures are ranked by the lower end of their Wilson interval (a rate
        that is high *and* well supported wins), then by rate, then by decided
        episodes. Only gestures with at least ``min_sample`` decided episodes
        can be recommended; otherwise ``gesture`` is None and the explanation
        says the evidence is too thin.
        """
        if category is None:
            category = UNCATEGORISED
        if not isinstance(category, str) or not category.strip():
            raise InvalidInputError("category", category, "a category name or None")
        mine = [entry for entry in self.entries if entry.category == category]
        baseline = next((entry for entry in mine if entry.gesture is None), None)
        gestures = sorted((entry for entry in mine if entry.gesture is not None), key=_rank)
        eligible = [entry for entry in gestures if entry.decided >= self.min_sample]
        best = eligible[0] if eligible else (gestures[0] if gestures else None)
        reasons: list[Reason] = []
        if eligible:
            chosen = eligible[0]
            reasons.append(
                Reason(
                    code="recovery.playbook.best", message=f"for {category}, {chosen.describe()}"
                )
            )
        else:
            lead = "" if best is None else f"; leading so far: {best.describe()}"
            reasons.append(
                Reason(
                    code="recovery.playbook.thin_evidence",
                    message=f"no gesture has {self.min_sample} decided outcomes for {category}"
                    f" yet{lead}",
                )
            )
        if baseline is not None:
            reasons.append(Reason(code="recovery.playbook.baseline", message=baseline.describe()))
        others = tuple(entry for entry in gestures if entry is not best)
        reasons.extend(
            Reason(code="recovery.playbook.alternative", message=entry.describe())
            for entry in others
        )
        return PlaybookAdvice(
            category=category,
            gesture=best.gesture if eligible and best is not None else None,
            enough_evidence=bool(eligible),
            best=best,
            baseline=baseline,
            alternatives=others,
            explanation=tuple(reasons),
        )


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
    items.sort(key=_ORDER)
    tally = _Tally(policy, customer)
    done: list[_Episode] = []
    pending: dict[str, _Episode] = {}

    def settle(outcome: str) -> None:
        for episode in pending.values():
            episode.outcome = outcome
            done.append(episode)
        pending.clear()

    def after_time(lost_before: tuple[object, ...], forgotten_before: int) -> None:
        if (tally.lost, tally.lost_at) != lost_before and tally.lost:
            settle("lost")
        if tally.forgotten != forgotten_before and tally.debt <= _EPS:
            settle("open")

    for index, interaction in enumerate(items):
        before = (tally.lost, tally.lost_at)
        forgotten = tally.forgotten
        tally.advance(interaction.timestamp)
        after_time(before, forgotten)
        before = (tally.lost, tally.lost_at)
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
        if tally.lost and (tally.lost, tally.lost_at) != before:
            settle("lost")
        elif tally.debt <= _EPS and pending:
            for episode in pending.values():
                episode.steps = index - episode.index
                episode.days = (interaction.timestamp - episode.timestamp).total_seconds() / 86400
            settle("recovered")
    before = (tally.lost, tally.lost_at)
    forgotten = tally.forgotten
    tally.advance(as_of)
    after_time(before, forgotten)
    settle("lost" if tally.lost else "open")
    return done


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
    known: dict[str, Customer] = {}
    for customer in customers or ():
        if not isinstance(customer, Customer):
            raise InvalidInputError("customers", customer, "Customer values")
        known[customer.id] = customer
    cells: dict[tuple[str, str], list[_Episode]] = {}
    for customer_id in sorted(groups):
        for episode in _episodes(groups[customer_id], as_of, policy, known.get(customer_id)):
            key = (episode.category, "" if episode.gesture is None else episode.gesture.value)
            cells.setdefault(key, []).append(episode)
    entries = [_entry(category, episodes) for (category, _), episodes in sorted(cells.items())]
    total = sum(entry.negatives for entry in entries)
    recovered = sum(entry.recovered for entry in entries)
    lost = sum(entry.lost for entry in entries)
    explanation = (
        Reason(
            code="recovery.playbook.learned",
            message=f"{total} negatives in {len({e.category for e in entries})} categories:"
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
