"""Word of mouth, batch and incremental: the estimate, the ledger and the ranked sources.

How far a story goes is in ``_rules`` (the reach arithmetic, with every
rule written out), what the policy holds in ``_policy``, and how an
estimate explains itself in ``_explain``. Here those are put together:
:func:`estimate_word_of_mouth` counts the experiences through a
:class:`WordOfMouthLedger`, and both (and the frames path) turn counts into
an estimate with :func:`estimate_from_counts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Interaction, Reason, Sentiment, explanation_spec, interaction_tuple
from .._time import ensure_aware
from ._explain import explain, source_rank
from ._policy import REASON_CODES, WordOfMouthPolicy, policy_or_default
from ._rules import summarize

__all__ = [
    "REASON_CODES",
    "WordOfMouthEstimate",
    "WordOfMouthLedger",
    "WordOfMouthPolicy",
    "WordOfMouthSource",
    "estimate_from_counts",
    "estimate_word_of_mouth",
    "word_of_mouth_sources",
]


@attrs.frozen(kw_only=True)
class WordOfMouthEstimate(Displayed):
    """The expected word of mouth of a set of experiences (closed form).

    Reach counts people who hear a story (with a ``population``, distinct
    people per sentiment; after the first hop that figure is a mean-field
    upper estimate, see the module rules). ``*_reach_by_hop[h]`` are the new
    hearers at hop ``h + 1`` (the first is first-hand). ``positives_to_offset``
    is the number of positive experiences whose word of mouth reaches as many
    people as the negatives' (``None`` beyond ``2**62``); ``retelling_ratio``
    is ``r * k'`` and ``supercritical`` is true when stories are retold beyond
    the first hop (:attr:`WordOfMouthPolicy.retells`) and ``r * k' >= 1``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id=f"i-{n}", customer_id="c-1", timestamp=at,
    ...                        sentiment=ci.Sentiment(mood))
    ...         for n, mood in enumerate(["positive", "positive", "negative"])]
    >>> estimate = ci.estimate_word_of_mouth(base)
    >>> estimate.positive_reach, estimate.negative_reach, estimate.net_reach
    (10.0, 10.0, 0.0)
    >>> estimate.supercritical, [reason.code for reason in estimate.explanation][-2:]
    (False, ['word_of_mouth.net_zero', 'word_of_mouth.offset'])
    """

    positives: int = attrs.field(validator=v.integer(low=0))
    negatives: int = attrs.field(validator=v.integer(low=0))
    neutrals: int = attrs.field(validator=v.integer(low=0))
    positive_reach: float = attrs.field(validator=v.finite_number(low=0))
    negative_reach: float = attrs.field(validator=v.finite_number(low=0))
    net_reach: float = attrs.field(validator=v.finite_number())
    positive_reach_by_hop: tuple[float, ...] = attrs.field(
        validator=v.tuple_of(v.finite_number(low=0))
    )
    negative_reach_by_hop: tuple[float, ...] = attrs.field(
        validator=v.tuple_of(v.finite_number(low=0))
    )
    positives_to_offset: int | None = attrs.field(validator=v.optional(v.integer(low=0)))
    retelling_ratio: float = attrs.field(validator=v.finite_number(low=0))
    supercritical: bool = attrs.field(validator=v.truth)
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())


def estimate_from_counts(
    positives: int,
    negatives: int,
    neutrals: int,
    *,
    policy: WordOfMouthPolicy,
    duplicates: int = 0,
) -> WordOfMouthEstimate:
    """The estimate for counts of experiences (what :func:`estimate_word_of_mouth` computes).

    The ledger and the frames path both end here: the reach comes from
    ``_rules.summarize``, the explanation from ``_explain.explain``.

    >>> estimate_from_counts(1, 1, 0, policy=WordOfMouthPolicy()).net_reach
    -5.0
    """
    for name, count in (("positives", positives), ("negatives", negatives), ("neutrals", neutrals)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InvalidInputError(name, count, "an integer of at least 0")
    if not isinstance(policy, WordOfMouthPolicy):
        raise InvalidInputError("policy", policy, "a WordOfMouthPolicy")
    summary = summarize(positives, negatives, neutrals, duplicates, policy)
    return WordOfMouthEstimate(
        positives=positives,
        negatives=negatives,
        neutrals=neutrals,
        positive_reach=summary.positive_reach,
        negative_reach=summary.negative_reach,
        net_reach=summary.net_reach,
        positive_reach_by_hop=summary.positive_by_hop,
        negative_reach_by_hop=summary.negative_by_hop,
        positives_to_offset=summary.positives_to_offset,
        retelling_ratio=summary.retelling_ratio,
        supercritical=summary.supercritical,
        explanation=explain(summary),
    )


@attrs.frozen(kw_only=True)
class _WordOfMouthLedgerDocument:
    """A word-of-mouth ledger as a document: the interactions it counted and the repeats it ignored."""

    recorded: tuple[Interaction, ...] = attrs.field(
        default=(), converter=interaction_tuple, validator=v.tuple_of(v.instance(Interaction))
    )
    duplicates: int = attrs.field(default=0, validator=v.integer(low=0))


class _Seen:
    """The distinct interactions recorded, shared by ledgers recorded one from another.

    Append-only: a ledger sees the first ``size`` of them. Recording on a
    ledger that is not the latest of its line (branching) copies its part once.
    """

    __slots__ = ("by_id", "order")

    def __init__(self, order: list[Interaction] | None = None) -> None:
        self.order: list[Interaction] = order or []
        self.by_id: dict[str, int] = {
            interaction.id: index for index, interaction in enumerate(self.order)
        }


class WordOfMouthLedger:
    """The incremental form: record interactions one at a time, estimate at any moment.

    A ledger is a value, like :class:`~custinteract.RecoveryLedger`:
    :meth:`record` returns a new ledger and leaves this one as it was (write
    ``ledger = ledger.record(interaction)``). Each record costs O(1) (the
    ledger keeps the ids it has seen, to ignore an identical repeat and refuse
    a different interaction under a used id), and the estimate is exactly
    what :func:`estimate_word_of_mouth` gives for the same interactions, in
    any order. Ledgers recorded one from another share their memory;
    recording twice on the same ledger value (branching) copies it once.
    Record on one ledger value from one thread at a time.

    :func:`~custinteract.to_dict` writes the whole ledger: under ``recorded``
    the distinct interactions in the order first seen, under ``duplicates``
    the count of identical repeats ignored. :func:`~custinteract.from_dict`
    gives back a ledger that records and estimates as this one would,
    repeats included; an id twice in ``recorded`` (which recording never
    keeps) is refused with its path.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> empty = ci.WordOfMouthLedger()
    >>> ledger = empty.record(ci.Interaction(id="i-1", customer_id="c-1",
    ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.NEGATIVE))
    >>> ledger.estimate().negative_reach
    10.0
    >>> ledger, empty
    (WordOfMouthLedger(positives=0, negatives=1, neutrals=0, duplicates=0), WordOfMouthLedger(positives=0, negatives=0, neutrals=0, duplicates=0))
    """

    __slots__ = ("_duplicates", "_negatives", "_neutrals", "_positives", "_seen", "_size")
    __document__: ClassVar[type[Any]] = _WordOfMouthLedgerDocument

    def __init__(self) -> None:
        self._seen = _Seen()
        self._size = 0
        self._positives = self._neutrals = self._negatives = self._duplicates = 0

    def _document(self) -> _WordOfMouthLedgerDocument:
        """This ledger as a document (built here, never while recording)."""
        return _WordOfMouthLedgerDocument(recorded=self.interactions, duplicates=self._duplicates)

    @classmethod
    def _from_document(cls, document: _WordOfMouthLedgerDocument) -> WordOfMouthLedger:
        """The ledger a document describes; an id twice in ``recorded`` is refused."""
        ledger = cls()
        for index, interaction in enumerate(document.recorded):
            if interaction.id in ledger._seen.by_id:
                raise InvalidInputError(
                    f"recorded[{index}].id", interaction.id, "an id not used earlier in recorded"
                )
            ledger._count(interaction, "interaction")
        ledger._duplicates = document.duplicates
        return ledger

    def __repr__(self) -> str:
        return (
            f"WordOfMouthLedger(positives={self.positives}, negatives={self.negatives},"
            f" neutrals={self.neutrals}, duplicates={self.duplicates})"
        )

    def record(self, interaction: Interaction, *, field: str = "interaction") -> WordOfMouthLedger:
        """A new ledger with one more interaction counted (an identical repeat is ignored).

        This ledger is left as it was. A different interaction under an id
        already recorded raises :class:`~custinteract.DuplicateInteractionError`
        naming ``field``.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> good = ci.Interaction(id="i-1", customer_id="c-1",
        ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.POSITIVE)
        >>> ledger = ci.WordOfMouthLedger().record(good)
        >>> ledger = ledger.record(good)  # the same interaction again: ignored, and counted as a repeat
        >>> ledger.positives, ledger.duplicates
        (1, 1)
        """
        new = WordOfMouthLedger.__new__(WordOfMouthLedger)
        new._seen, new._size, new._duplicates = self._seen, self._size, self._duplicates
        new._positives, new._neutrals, new._negatives = (
            self._positives,
            self._neutrals,
            self._negatives,
        )
        new._count(interaction, field)
        return new

    def _count(self, interaction: Interaction, field: str) -> None:
        """Count ``interaction`` into this ledger (only ever on a ledger no one else holds yet)."""
        if not isinstance(interaction, Interaction):
            raise InvalidInputError(field, interaction, "an Interaction")
        seen = self._seen
        index = seen.by_id.get(interaction.id)
        if index is not None and index < self._size:
            if seen.order[index] == interaction:
                self._duplicates += 1
                return
            raise DuplicateInteractionError(
                f"{field}.id", interaction.id, "an id not used by a different interaction"
            )
        if len(seen.order) != self._size:  # a branch: this line's part, copied once
            seen = self._seen = _Seen(seen.order[: self._size])
        seen.by_id[interaction.id] = self._size
        seen.order.append(interaction)
        self._size += 1
        sentiment = interaction.sentiment
        if sentiment is Sentiment.POSITIVE:
            self._positives += 1
        elif sentiment is Sentiment.NEGATIVE:
            self._negatives += 1
        else:
            self._neutrals += 1

    @property
    def interactions(self) -> tuple[Interaction, ...]:
        """The distinct interactions recorded, in the order first seen.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> ledger = ci.WordOfMouthLedger()
        >>> for n in (2, 1, 2):
        ...     ledger = ledger.record(ci.Interaction(id=f"i-{n}", customer_id="c-1",
        ...         timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.NEUTRAL))
        >>> [interaction.id for interaction in ledger.interactions]
        ['i-2', 'i-1']
        """
        return tuple(self._seen.order[: self._size])

    @property
    def positives(self) -> int:
        """Positive experiences recorded.

        >>> WordOfMouthLedger().positives
        0
        """
        return self._positives

    @property
    def negatives(self) -> int:
        """Negative experiences recorded.

        >>> WordOfMouthLedger().negatives
        0
        """
        return self._negatives

    @property
    def neutrals(self) -> int:
        """Neutral experiences recorded.

        >>> WordOfMouthLedger().neutrals
        0
        """
        return self._neutrals

    @property
    def duplicates(self) -> int:
        """Identical repeats ignored so far (each reported by ``word_of_mouth.duplicate_ignored``).

        >>> WordOfMouthLedger().duplicates
        0
        """
        return self._duplicates

    def estimate(self, *, policy: WordOfMouthPolicy | None = None) -> WordOfMouthEstimate:
        """The estimate for everything recorded so far.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> ledger = ci.WordOfMouthLedger()
        >>> ledger = ledger.record(ci.Interaction(id="i-1", customer_id="c-1",
        ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.POSITIVE))
        >>> ledger.estimate().positive_reach
        5.0
        >>> ledger.estimate(policy=ci.WordOfMouthPolicy(positive_audience=3)).positive_reach
        3.0
        """
        return estimate_from_counts(
            self.positives,
            self.negatives,
            self.neutrals,
            policy=policy_or_default(policy),
            duplicates=self._duplicates,
        )


def _ledger(interactions: Iterable[Interaction]) -> WordOfMouthLedger:
    v.check_iterable(interactions, "interactions", expected="an iterable of Interaction values")
    ledger = WordOfMouthLedger()
    for index, interaction in enumerate(interactions):
        ledger._count(interaction, f"interactions[{index}]")  # a ledger no one else holds yet
    return ledger


def estimate_word_of_mouth(
    interactions: Iterable[Interaction], *, policy: WordOfMouthPolicy | None = None
) -> WordOfMouthEstimate:
    """The expected word of mouth of these experiences: who hears good, who hears bad.

    Works for one customer's interactions or a whole base's. A repeated
    identical interaction is counted once; a different interaction under a
    used id raises :class:`~custinteract.DuplicateInteractionError`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> good = ci.Interaction(id="i-1", customer_id="c-1", timestamp=at,
    ...                       sentiment=ci.Sentiment.POSITIVE)
    >>> bad = ci.Interaction(id="i-2", customer_id="c-2", timestamp=at,
    ...                      sentiment=ci.Sentiment.NEGATIVE)
    >>> estimate = ci.estimate_word_of_mouth([good, bad])
    >>> estimate.positive_reach, estimate.negative_reach, estimate.net_reach
    (5.0, 10.0, -5.0)
    >>> estimate.positives_to_offset
    2
    >>> policy = ci.WordOfMouthPolicy(retell_probability=0.5, retell_audience=2, max_hops=3)
    >>> ci.estimate_word_of_mouth([bad], policy=policy).negative_reach
    30.0
    """
    policy = policy_or_default(policy)
    return _ledger(interactions).estimate(policy=policy)


@attrs.frozen(kw_only=True)
class WordOfMouthSource(Displayed):
    """One customer as a source of word of mouth, ranked by the bad word of mouth they spread.

    ``rank`` is 1 for the biggest source of negative word of mouth; the reach
    figures are that customer's own :class:`WordOfMouthEstimate`, and
    ``explanation`` starts with ``word_of_mouth.source.rank``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> bad = ci.Interaction(id="i-1", customer_id="ann", timestamp=at,
    ...                      sentiment=ci.Sentiment.NEGATIVE)
    >>> (source,) = ci.word_of_mouth_sources([bad])
    >>> source.rank, source.customer_id, source.negative_reach, source.positives_to_offset
    (1, 'ann', 10.0, 2)
    >>> source.explanation[0].message
    'source 1 of 1 of negative word of mouth: 10 people hear bad word of mouth'
    """

    customer_id: str = attrs.field(validator=v.identifier)
    rank: int = attrs.field(validator=v.integer(low=1))
    positives: int = attrs.field(validator=v.integer(low=0))
    negatives: int = attrs.field(validator=v.integer(low=0))
    positive_reach: float = attrs.field(validator=v.finite_number(low=0))
    negative_reach: float = attrs.field(validator=v.finite_number(low=0))
    net_reach: float = attrs.field(validator=v.finite_number())
    positives_to_offset: int | None = attrs.field(validator=v.optional(v.integer(low=0)))
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())


def word_of_mouth_sources(
    interactions: Iterable[Interaction],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: WordOfMouthPolicy | None = None,
    limit: int | None = None,
) -> tuple[WordOfMouthSource, ...]:
    """The customers who spread the most negative word of mouth, biggest first.

    Counts the interactions with ``since <= timestamp < until`` (either bound
    may be omitted). Only customers with at least one negative experience in
    the period are sources; ties in negative reach go to the smaller net reach,
    then to the customer id. ``limit`` keeps the first ``limit``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> def visit(i, customer, sentiment):
    ...     return ci.Interaction(id=i, customer_id=customer, timestamp=at,
    ...                           sentiment=ci.Sentiment(sentiment))
    >>> base = [visit("i-1", "ann", "negative"), visit("i-2", "bob", "negative"),
    ...         visit("i-3", "bob", "negative"), visit("i-4", "ann", "positive")]
    >>> [(s.rank, s.customer_id, s.negative_reach) for s in ci.word_of_mouth_sources(base)]
    [(1, 'bob', 20.0), (2, 'ann', 10.0)]
    """
    policy = policy_or_default(policy)
    _check_period(since, until)
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise InvalidInputError("limit", limit, "None or an integer of at least 0")
    ledgers = _ledgers_by_customer(_ledger(interactions), since, until)
    estimates = [
        (customer_id, ledger.estimate(policy=policy))
        for customer_id, ledger in ledgers.items()
        if ledger.negatives > 0
    ]
    estimates.sort(key=lambda item: (-item[1].negative_reach, item[1].net_reach, item[0]))
    total = len(estimates)
    if limit is not None:
        estimates = estimates[:limit]
    return tuple(
        WordOfMouthSource(
            customer_id=customer_id,
            rank=rank,
            positives=estimate.positives,
            negatives=estimate.negatives,
            positive_reach=estimate.positive_reach,
            negative_reach=estimate.negative_reach,
            net_reach=estimate.net_reach,
            positives_to_offset=estimate.positives_to_offset,
            explanation=(
                source_rank(rank, total, estimate.negative_reach),
                *estimate.explanation,
            ),
        )
        for rank, (customer_id, estimate) in enumerate(estimates, start=1)
    )


def _check_period(since: datetime | None, until: datetime | None) -> None:
    if since is not None:
        ensure_aware(since, "since")
    if until is not None:
        ensure_aware(until, "until")
    if since is not None and until is not None and until <= since:
        raise InvalidInputError("until", until, f"a moment after since ({since.isoformat()})")


def _ledgers_by_customer(
    overall: WordOfMouthLedger, since: datetime | None, until: datetime | None
) -> dict[str, WordOfMouthLedger]:
    """One ledger per customer of the interactions with ``since <= timestamp < until``.

    ``overall`` has validated and de-duplicated the whole input.
    """
    ledgers: dict[str, WordOfMouthLedger] = {}
    for interaction in overall.interactions:
        if since is not None and interaction.timestamp < since:
            continue
        if until is not None and interaction.timestamp >= until:
            continue
        ledger = ledgers.setdefault(interaction.customer_id, WordOfMouthLedger())
        ledger._count(interaction, "interaction")  # a ledger no one else holds yet
    return ledgers
