"""The recovery playbook: learn from history which gesture wins customers back.

“Why Customer Interaction Should Be on Top of Your Priority List”: listening to a disgruntled customer "will also provide you with the
necessary information to handle the next similar encounter better"; “What You Need to Know About Customer Interaction”:
companies "give out discount codes to apologize for mistakes". The playbook
replays every customer's history with the recovery rules and follows each
negative interaction (an *episode*) to its outcome:

* RECOVERED: the customer's debt was paid back to zero after it, also after
  a loss and a comeback ("if they do choose to work with you again"): an
  episode counts how it ended, and the time to recovery runs to that payoff;
* LOST: the customer is lost at ``as_of`` (cancellation, churn, silence) and
  the debt was not paid off since the negative, or the negative was forgotten
  under ``negative_memory`` while the customer was lost;
* still open: neither (the customer is not lost and still owes, or the
  negative was forgotten while the customer was not lost); open episodes are
  censored, not failures.

Episodes are grouped by complaint category (the negative's ``category``, or
``"uncategorised"``) and by the first gesture that answered the negative
(made on the negative itself, naming it in ``answers``, or the next gesture
made while it is open), or no gesture. The recovery rate is
``recovered / (recovered + lost)`` with a Wilson 95% interval.

This module holds the playbook's values and how it recommends;
:mod:`._learning` replays the histories and follows each episode.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import GestureKind, Reason, explanation_spec
from .._wording import counted, words
from ._policy import RecoveryPolicy

__all__ = [
    "UNCATEGORISED",
    "PlaybookAdvice",
    "PlaybookEntry",
    "RecoveryPlaybook",
    "wilson_interval",
]

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

    >>> import custinteract as ci
    >>> entry = ci.PlaybookEntry(category="billing", gesture=ci.GestureKind.REFUND,
    ...     negatives=10, recovered=8, lost=2, still_open=0, recovery_rate=0.8,
    ...     rate_low=0.49, rate_high=0.943, median_interactions_to_recovery=6.0,
    ...     median_days_to_recovery=12.5)
    >>> entry.decided
    10
    >>> entry.describe()
    'refund: 8 of 10 decided recovered (80%, 95% CI 49%-94%), median 6 interactions and 12.5 days to recovery'
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
        """The episodes with an outcome (recovered plus lost)."""
        return self.recovered + self.lost

    def describe(self) -> str:
        """One sentence for a support agent."""
        name = "no gesture" if self.gesture is None else words(self.gesture.value)
        if self.recovery_rate is None:
            return f"{name}: {counted(self.negatives, 'negative')}, none decided yet"
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


def _playbook_entry_tuple(value: Iterable[PlaybookEntry]) -> tuple[PlaybookEntry, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class PlaybookAdvice(Displayed):
    """What the playbook recommends for one complaint category, and why.

    Attributes:
        category: The category asked about.
        gesture: The recommended gesture; None when no gesture is recommended:
            the evidence is too thin (``recovery.playbook.thin_evidence``) or
            answering with no gesture did at least as well as the best gesture
            (``recovery.playbook.no_gesture_better``).
        enough_evidence: True when the advice rests on at least ``min_sample``
            decided episodes: those of ``gesture``, or, when no gesture did at
            least as well, those of ``baseline``.
        best: The leading gesture's entry (even when the evidence is thin), if any.
        baseline: The entry for negatives answered with no gesture, if any.
        alternatives: The other gestures' entries for the category, best first.
        explanation: Reasons (codes in
            :data:`~custinteract.RECOVERY_REASON_CODES`); the first one is the
            advice.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> complaint = ci.Interaction(id="n-1", customer_id="c-1", timestamp=t,
    ...     sentiment=ci.Sentiment.NEGATIVE, category="billing")
    >>> advice = ci.learn_playbook([complaint], as_of=t).recommend("billing")
    >>> advice.gesture, advice.enough_evidence, advice.baseline.still_open
    (None, False, 1)
    >>> advice.explanation[0].message
    'for billing, no recovery gesture was recorded yet'
    """

    category: str = attrs.field(validator=v.identifier)
    gesture: GestureKind | None = attrs.field(validator=v.optional(v.enum_member(GestureKind)))
    enough_evidence: bool = attrs.field(validator=v.truth)
    best: PlaybookEntry | None = attrs.field(validator=v.optional(v.instance(PlaybookEntry)))
    baseline: PlaybookEntry | None = attrs.field(validator=v.optional(v.instance(PlaybookEntry)))
    alternatives: tuple[PlaybookEntry, ...] = attrs.field(
        converter=_playbook_entry_tuple, validator=v.tuple_of(v.instance(PlaybookEntry))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    @property
    def no_gesture_better(self) -> bool:
        """True when answering with no gesture did at least as well as the best gesture.

        Then ``gesture`` is None although a gesture had enough evidence: the
        advice is to answer without one (``recovery.playbook.no_gesture_better``).

        >>> import custinteract as ci
        >>> ci.PlaybookAdvice(category="billing", gesture=None, enough_evidence=False, best=None,
        ...                   baseline=None, alternatives=(), explanation=()).no_gesture_better
        False
        """
        return any(
            reason.code == "recovery.playbook.no_gesture_better" for reason in self.explanation
        )


def _rank(entry: PlaybookEntry) -> tuple[float, float, int, str]:
    gesture = "" if entry.gesture is None else entry.gesture.value
    return (-entry.rate_low, -(entry.recovery_rate or 0.0), -entry.decided, gesture)


@attrs.frozen(kw_only=True)
class RecoveryPlaybook(Displayed):
    """What history says about each complaint category and gesture; ask it with :meth:`recommend`.

    Attributes:
        as_of: The moment the history was read up to.
        policy: The recovery rules the history was replayed with.
        min_sample: Decided episodes a gesture needs before it is recommended.
        entries: One entry per (category, gesture), sorted by category then gesture.
        explanation: Reasons (codes in :data:`~custinteract.RECOVERY_REASON_CODES`).

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> history = [ci.Interaction(id="n-1", customer_id="c-1", timestamp=t,
    ...     sentiment=ci.Sentiment.NEGATIVE, category="delivery",
    ...     gesture=ci.RecoveryGesture(kind=ci.GestureKind.APOLOGY))]
    >>> history += [ci.Interaction(id=f"p-{k}", customer_id="c-1", sentiment=ci.Sentiment.POSITIVE,
    ...     timestamp=t + timedelta(days=k)) for k in range(1, 7)]
    >>> playbook = ci.learn_playbook(history, as_of=t + timedelta(days=30), min_sample=1)
    >>> playbook.categories
    ('delivery',)
    >>> [(e.gesture.value, e.recovered, e.median_days_to_recovery) for e in playbook.entries]
    [('apology', 1, 6.0)]
    >>> playbook.explanation[0].message
    '1 negative in 1 category: 1 recovered, 0 lost, 0 still open'
    """

    as_of: datetime = attrs.field(validator=v.aware)
    policy: RecoveryPolicy = attrs.field(validator=v.instance(RecoveryPolicy))
    min_sample: int = attrs.field(validator=v.integer(low=1))
    entries: tuple[PlaybookEntry, ...] = attrs.field(
        converter=_playbook_entry_tuple, validator=v.tuple_of(v.instance(PlaybookEntry))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    @property
    def categories(self) -> tuple[str, ...]:
        """The complaint categories seen, sorted."""
        return tuple(sorted({entry.category for entry in self.entries}))

    def recommend(self, category: str | None) -> PlaybookAdvice:
        """The gesture with the best evidence for ``category`` (None means uncategorised).

        Entries are ranked by the lower end of their Wilson interval (a rate
        that is high *and* well supported wins), then by rate, then by decided
        episodes. A gesture is recommended when it has at least
        ``min_sample`` decided episodes and ranks above the no-gesture
        baseline: when answering with no gesture did at least as well (ties
        go to no gesture, which costs nothing), no gesture is recommended and
        the explanation says so. Otherwise ``gesture`` is None and the
        explanation says the evidence is too thin, or that the category has no
        history.

        >>> import custinteract as ci
        >>> from datetime import datetime, timedelta, timezone
        >>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> def customer(n, gesture, recovers):
        ...     made = None if gesture is None else ci.RecoveryGesture(kind=gesture)
        ...     out = [ci.Interaction(id=f"c{n}-n", customer_id=f"c{n}", timestamp=t,
        ...         sentiment=ci.Sentiment.NEGATIVE, category="billing", gesture=made)]
        ...     return out + [ci.Interaction(id=f"c{n}-p{k}", customer_id=f"c{n}",
        ...         sentiment=ci.Sentiment.POSITIVE, timestamp=t + timedelta(days=k))
        ...         for k in range(1, 7) if recovers]
        >>> plan = [(ci.GestureKind.REFUND, n < 2) for n in range(4)] + [(None, True)] * 4
        >>> history = [i for n, (g, ok) in enumerate(plan) for i in customer(n, g, ok)]
        >>> playbook = ci.learn_playbook(history, as_of=t + timedelta(days=120), min_sample=3)
        >>> advice = playbook.recommend("billing")
        >>> advice.gesture, advice.enough_evidence
        (None, True)
        >>> for reason in advice.explanation:
        ...     print(reason.code)
        recovery.playbook.no_gesture_better
        recovery.playbook.baseline
        >>> playbook.recommend("warranty").explanation[0].message
        'no history for warranty'
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
        gesture, enough, verdict = self._verdict(category, bool(mine), baseline, best, eligible)
        reasons = [verdict]
        if baseline is not None:
            reasons.append(Reason(code="recovery.playbook.baseline", message=baseline.describe()))
        others = tuple(entry for entry in gestures if entry is not best)
        reasons.extend(
            Reason(code="recovery.playbook.alternative", message=entry.describe())
            for entry in others
        )
        return PlaybookAdvice(
            category=category,
            gesture=gesture,
            enough_evidence=enough,
            best=best,
            baseline=baseline,
            alternatives=others,
            explanation=tuple(reasons),
        )

    def _verdict(
        self,
        category: str,
        known: bool,
        baseline: PlaybookEntry | None,
        best: PlaybookEntry | None,
        eligible: list[PlaybookEntry],
    ) -> tuple[GestureKind | None, bool, Reason]:
        """The advice's gesture, whether the evidence is enough, and the reason that says so."""
        thin = "recovery.playbook.thin_evidence"
        if not known:
            return None, False, Reason(code=thin, message=f"no history for {category}")
        if best is None:
            message = f"for {category}, no recovery gesture was recorded yet"
            return None, False, Reason(code=thin, message=message)
        if not eligible:
            message = (
                f"for {category}, too little evidence to recommend a gesture: each has"
                f" fewer than {self.min_sample} decided outcomes; leading so far,"
                f" {best.describe()}"
            )
            return None, False, Reason(code=thin, message=message)
        if baseline is not None and _rank(baseline) < _rank(best):
            message = (
                f"for {category}, answering with no gesture did at least as well as"
                f" any gesture, so none is recommended; the best gesture, {best.describe()}"
            )
            enough = baseline.decided >= self.min_sample
            return None, enough, Reason(code="recovery.playbook.no_gesture_better", message=message)
        message = f"for {category}, {best.describe()}"
        return best.gesture, True, Reason(code="recovery.playbook.best", message=message)
