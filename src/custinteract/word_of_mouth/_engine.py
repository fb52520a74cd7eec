"""Word of mouth: how many people hear about good and bad experiences, and how far it goes.

The rules, top to bottom (every number is a :class:`WordOfMouthPolicy` field):

1. A positive experience is told first-hand to ``positive_audience`` people
   (TARP: a satisfied customer tells about 5).
2. A negative experience is told to ``positive_audience * negative_multiplier``
   people (seed 004: "at least twice" as many; TARP: about 10).
3. A neutral experience is told to nobody.
4. Each hearer retells the story with probability ``retell_probability`` to
   ``retell_audience`` people, and so on, for ``max_hops`` hops in all (hop 1
   is the first-hand telling). The expected reach of ``T`` first-hand tellings
   is the hop-limited branching sum ``T * sum((r * k') ** h for h < H)``
   (exact, in expectation). When stories are retold (``r * k' > 0`` and
   ``H > 1``) the spread is *supercritical* if ``r * k' >= 1``: each hearer
   passes the story on to at least one person on average, so that without a
   population every hop reaches at least as many people as the one before.
5. With a ``population`` (market size ``N``), nobody hears the same sentiment
   twice: each hop's ``T`` tellings reach ``(N - reached) * (1 - exp(-T / N))``
   new people. For the first hop this is the exact expectation (Poisson
   audiences land on uniformly random people). After it, it is a mean-field
   recurrence: it feeds each hop the *mean* of the one before, while real
   stories vary from run to run, and it overstates the expected reach. Checked
   against an exact calculation (markets of up to 35 people) and against the
   simulation, it was never below the true mean; it is close while stories
   stay small beside the market, and off by several times when few hearers
   retell to many (``r`` small, ``k'`` large): most such stories die out at
   once and the rest fill the market (``r = 0.1``, ``k' = 20``, ``H = 8``,
   ``N = 100``, one first-hand hearer: 66.8 against a true mean of about 7.2).
   Read it as an upper estimate; with both a population and retelling the
   estimate says so (``word_of_mouth.population_mean_field``) and
   :func:`~custinteract.simulate_word_of_mouth` gives the expected reach.

Positive and negative word of mouth are counted separately and never cancel
person by person: ``net_reach = positive_reach - negative_reach``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from .. import _validators as v
from .._display import render_html, render_text
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Interaction, Reason, Sentiment
from .._time import ensure_aware
from .._wording import counted

__all__ = [
    "REASON_CODES",
    "WordOfMouthEstimate",
    "WordOfMouthLedger",
    "WordOfMouthPolicy",
    "WordOfMouthSource",
    "estimate_word_of_mouth",
    "word_of_mouth_sources",
]

REASON_CODES: Mapping[str, str] = v.FrozenMap(
    {
        # estimate_word_of_mouth / word_of_mouth_sources
        "word_of_mouth.positive": "positive experiences are told first-hand to positive_audience people each",
        "word_of_mouth.negative": "negative experiences are told first-hand to positive_audience x negative_multiplier people each",
        "word_of_mouth.neutral": "neutral experiences are told to nobody",
        "word_of_mouth.no_experiences": "no positive or negative experience: nobody hears anything",
        "word_of_mouth.first_hand_only": "nobody retells (retell_probability, retell_audience or max_hops rule it out): first-hand reach only",
        "word_of_mouth.retelling": "hearers retell with retell_probability to retell_audience people, up to max_hops hops",
        "word_of_mouth.supercritical": "stories are retold and r x k' >= 1: each hearer passes the story to at least one person on average (without a population, each hop reaches at least as many people as the one before)",
        "word_of_mouth.subcritical": "stories are retold and r x k' < 1: on average every hop reaches fewer people than the one before",
        "word_of_mouth.population_cap": "the population caps reach: nobody hears the same sentiment twice",
        "word_of_mouth.population_mean_field": "with a population and retelling, reach after the first hop is a mean-field upper estimate, several times too high when few hearers retell to many: simulate_word_of_mouth gives the expected reach",
        "word_of_mouth.net_negative": "more people hear bad word of mouth than good",
        "word_of_mouth.net_positive": "more people hear good word of mouth than bad",
        "word_of_mouth.net_zero": "as many people hear good word of mouth as bad",
        "word_of_mouth.offset": "how many positive experiences reach as many people as the negatives",
        "word_of_mouth.offset_impossible": "more than 2**62 positive experiences would be needed to reach as many people as the negatives (positives are told to almost nobody beside them)",
        "word_of_mouth.multiplier_below_one": "negative_multiplier below 1 contradicts seed 004 (negatives are told more)",
        "word_of_mouth.duplicate_ignored": "a repeated identical interaction was counted once",
        "word_of_mouth.source.rank": "this customer's rank among the sources of negative word of mouth",
        # simulate_word_of_mouth
        "word_of_mouth.simulation.runs": "seeded Monte Carlo runs with Poisson audiences",
        "word_of_mouth.simulation.mean": "the simulated mean beside the closed-form expectation",
        # simulate_cascade
        "word_of_mouth.cascade.graph": "the network the stories spread on",
        "word_of_mouth.cascade.positive": "positive sources; a positive story crosses each edge with edge_probability",
        "word_of_mouth.cascade.negative": "negative sources; a negative story crosses each edge with min(1, multiplier x p)",
        "word_of_mouth.cascade.negative_capped": "negative_multiplier x edge_probability exceeds 1 and is capped at 1",
        "word_of_mouth.cascade.neutral": "neutral sources tell nobody and are ignored",
        "word_of_mouth.cascade.no_sources": "no positive or negative source: nobody hears anything",
        "word_of_mouth.cascade.hop_limit": "stories travel at most max_hops edges from their source",
        # simulate_bass
        "word_of_mouth.bass.standard": "no negative word of mouth: the standard Bass curve",
        "word_of_mouth.bass.negative": "dissatisfied adopters' negative word of mouth turns potential adopters into rejecters",
        "word_of_mouth.bass.peak": "the period with the most new adopters",
    }
)
"""Every reason code the word-of-mouth engine can emit, with its meaning."""


def _to_float(value: Any) -> Any:
    return float(value) if v.is_finite_number(value) else value


@attrs.frozen(kw_only=True)
class WordOfMouthPolicy:
    """The rules of word of mouth; every number can be changed.

    Attributes:
        positive_audience: People told first-hand about one positive experience.
            Default 5: TARP's customer-service studies, "a satisfied customer
            tells about 5 people".
        negative_multiplier: How many times more people hear about a negative
            experience. Default 2.0: seed 004, "people will tell at least twice
            the people about a negative experience than a positive one" (TARP:
            an unhappy customer tells about 10, some 20 or more, i.e. 2 to 4).
            Values below 1 are accepted but contradict the seed (the estimate
            says so with ``word_of_mouth.multiplier_below_one``).
        retell_probability: Chance that a hearer retells the story second-hand.
            Default 0: first-hand reach only (the seed counts only first-hand
            telling; TARP's figures are first-hand too).
        retell_audience: People a retelling hearer tells (``k'``). Default 2, an
            illustrative figure with no published source; it matters only when
            ``retell_probability > 0``.
        max_hops: Hops in all, the first-hand telling being hop 1. Default 3,
            an illustrative figure with no published source. It matters for
            estimates and simulations only with retelling, and is the default
            hop limit of :func:`simulate_cascade` (edges from the source).
        population: Size of the market the stories spread in (at most 10**12);
            ``None`` (the default) means no cap. With a cap nobody hears the
            same sentiment twice.
        edge_probability: For :func:`simulate_cascade`: the chance that a
            positive story crosses one edge of the network (a negative one
            crosses with ``min(1, negative_multiplier * edge_probability)``).
            Default 0.1, the higher of the two uniform probabilities (1% and
            10%) of Kempe, Kleinberg and Tardos (KDD 2003).

    >>> import custinteract as ci
    >>> policy = ci.WordOfMouthPolicy()
    >>> policy.positive_audience * policy.negative_multiplier
    10.0
    >>> ci.WordOfMouthPolicy(retell_probability=1.5)
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: retell_probability: expected a finite number from 0 to 1, got 1.5
    """

    positive_audience: float = attrs.field(
        default=5.0, converter=_to_float, validator=v.finite_number(low=0)
    )
    negative_multiplier: float = attrs.field(
        default=2.0, converter=_to_float, validator=v.finite_number(low=0)
    )
    retell_probability: float = attrs.field(
        default=0.0, converter=_to_float, validator=v.finite_number(low=0, high=1)
    )
    retell_audience: float = attrs.field(
        default=2.0, converter=_to_float, validator=v.finite_number(low=0)
    )
    max_hops: int = attrs.field(default=3, validator=v.integer(low=1, high=100))
    population: int | None = attrs.field(
        default=None, validator=v.optional(v.integer(low=1, high=10**12))
    )
    edge_probability: float = attrs.field(
        default=0.1, converter=_to_float, validator=v.finite_number(low=0, high=1)
    )

    @property
    def negative_audience(self) -> float:
        """People told first-hand about one negative experience.

        >>> WordOfMouthPolicy(positive_audience=5, negative_multiplier=4).negative_audience
        20.0
        """
        return self.positive_audience * self.negative_multiplier

    @property
    def retelling_ratio(self) -> float:
        """``r * k'``: people each hearer passes the story to, on average.

        >>> WordOfMouthPolicy(retell_probability=0.25, retell_audience=6).retelling_ratio
        1.5
        """
        return self.retell_probability * self.retell_audience

    @property
    def retells(self) -> bool:
        """True when stories travel beyond the first-hand hearers.

        >>> WordOfMouthPolicy(retell_probability=0.5).retells
        True
        >>> WordOfMouthPolicy(retell_probability=0.5, max_hops=1).retells  # first-hand only
        False
        """
        return self.retelling_ratio > 0 and self.max_hops > 1


def expected_reach_by_hop(
    first_hand_tellings: float, policy: WordOfMouthPolicy
) -> tuple[float, ...]:
    """Expected new hearers at each hop, for ``first_hand_tellings`` expected tellings.

    >>> expected_reach_by_hop(10.0, WordOfMouthPolicy(retell_probability=0.5, retell_audience=2))
    (10.0, 10.0, 10.0)
    >>> expected_reach_by_hop(10.0, WordOfMouthPolicy(population=10))
    (6.321205588285577, 0.0, 0.0)
    """
    ratio = policy.retelling_ratio
    population = policy.population
    by_hop: list[float] = []
    tellings = first_hand_tellings
    reached = 0.0
    for _ in range(policy.max_hops):
        if population is None:
            new = tellings
        else:
            new = (population - reached) * -math.expm1(-tellings / population)
        by_hop.append(new)
        reached += new
        tellings = new * ratio
    return tuple(by_hop)


def _reach(first_hand_tellings: float, policy: WordOfMouthPolicy) -> float:
    return sum(expected_reach_by_hop(first_hand_tellings, policy))


def positives_to_offset(negatives: int, policy: WordOfMouthPolicy) -> int | None:
    """The fewest positive experiences whose expected reach matches ``negatives`` negatives'.

    0 when the negatives reach nobody (no negatives, or a ``positive_audience``
    of 0, which gives negatives an audience of 0 too). ``None`` when more than
    ``2**62`` (about ``4.6e18``) positives would be needed: positives told to
    almost nobody beside the negatives (for one negative without a population,
    a ``negative_multiplier`` above ``2**62``).

    >>> positives_to_offset(1, WordOfMouthPolicy())
    2
    >>> positives_to_offset(3, WordOfMouthPolicy(negative_multiplier=4))
    12
    >>> positives_to_offset(1, WordOfMouthPolicy(positive_audience=0))
    0
    >>> print(positives_to_offset(1, WordOfMouthPolicy(negative_multiplier=1e19)))
    None
    """
    if negatives <= 0:
        return 0
    target = _reach(negatives * policy.negative_audience, policy)
    if target <= 0:
        return 0
    threshold = target * (1 - 1e-12)

    def enough(m: int) -> bool:
        return _reach(m * policy.positive_audience, policy) >= threshold

    high = 1
    while not enough(high):
        high *= 2
        if high > 2**62:
            return None
    low = high // 2  # enough(low) is False (or low == 0)
    while high - low > 1:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high


@attrs.frozen(kw_only=True)
class WordOfMouthEstimate:
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
    explanation: tuple[Reason, ...] = attrs.field(validator=v.tuple_of(v.instance(Reason)))

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


def _num(value: float) -> str:
    return f"{value:.6g}"


def estimate_from_counts(
    positives: int,
    negatives: int,
    neutrals: int,
    *,
    policy: WordOfMouthPolicy,
    duplicates: int = 0,
) -> WordOfMouthEstimate:
    """The estimate for counts of experiences (what :func:`estimate_word_of_mouth` computes).

    >>> estimate_from_counts(1, 1, 0, policy=WordOfMouthPolicy()).net_reach
    -5.0
    """
    for name, count in (("positives", positives), ("negatives", negatives), ("neutrals", neutrals)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InvalidInputError(name, count, "an integer of at least 0")
    if not isinstance(policy, WordOfMouthPolicy):
        raise InvalidInputError("policy", policy, "a WordOfMouthPolicy")
    positive_by_hop = expected_reach_by_hop(positives * policy.positive_audience, policy)
    negative_by_hop = expected_reach_by_hop(negatives * policy.negative_audience, policy)
    positive_reach = sum(positive_by_hop)
    negative_reach = sum(negative_by_hop)
    if not math.isfinite(positive_reach + negative_reach):
        raise InvalidInputError(
            "policy", policy, "audiences, retelling and hops whose expected reach is finite"
        )
    net = positive_reach - negative_reach
    offset = positives_to_offset(negatives, policy)
    ratio = policy.retelling_ratio
    supercritical = policy.retells and ratio >= 1
    reasons: list[Reason] = []
    if duplicates:
        reasons.append(
            Reason(
                code="word_of_mouth.duplicate_ignored",
                message=f"{counted(duplicates, 'repeated identical interaction')} counted once",
            )
        )
    if positives:
        reasons.append(
            Reason(
                code="word_of_mouth.positive",
                message=(
                    f"{counted(positives, 'positive experience')}, each told first-hand to"
                    f" {_num(policy.positive_audience)} people: {_num(positive_by_hop[0])} hear"
                    " good word of mouth first-hand"
                ),
            )
        )
    if negatives:
        reasons.append(
            Reason(
                code="word_of_mouth.negative",
                message=(
                    f"{counted(negatives, 'negative experience')}, each told first-hand to"
                    f" {_num(policy.negative_audience)} people ({_num(policy.positive_audience)} x"
                    f" {_num(policy.negative_multiplier)}): {_num(negative_by_hop[0])} hear bad"
                    " word of mouth first-hand"
                ),
            )
        )
    if neutrals:
        reasons.append(
            Reason(
                code="word_of_mouth.neutral",
                message=f"{counted(neutrals, 'neutral experience')} told to nobody",
            )
        )
    if not positives and not negatives:
        reasons.append(
            Reason(
                code="word_of_mouth.no_experiences",
                message="no positive or negative experience: nobody hears anything",
            )
        )
    if policy.negative_multiplier < 1:
        reasons.append(
            Reason(
                code="word_of_mouth.multiplier_below_one",
                message=(
                    f"negative_multiplier {_num(policy.negative_multiplier)} is below 1, which"
                    " contradicts seed 004 (a negative is told to at least twice as many)"
                ),
            )
        )
    if policy.retells:
        reasons.append(
            Reason(
                code="word_of_mouth.retelling",
                message=(
                    f"each hearer retells with probability {_num(policy.retell_probability)} to"
                    f" {_num(policy.retell_audience)} people, for {policy.max_hops} hops in all"
                ),
            )
        )
        if supercritical:
            if policy.population is None:
                growth = (
                    "each hop reaches at least as many people as the one before; only"
                    f" max_hops ({policy.max_hops}) stops it"
                )
            else:
                growth = (
                    f"without the market of {policy.population} each hop would reach at least"
                    " as many people as the one before; here later hops reach fewer as the"
                    " market fills"
                )
            reasons.append(
                Reason(
                    code="word_of_mouth.supercritical",
                    message=(
                        f"r x k' = {_num(ratio)} >= 1: supercritical, each hearer passes the"
                        f" story to at least one person on average; {growth}"
                    ),
                )
            )
        else:
            reasons.append(
                Reason(
                    code="word_of_mouth.subcritical",
                    message=(
                        f"r x k' = {_num(ratio)} < 1: subcritical, on average every hop reaches"
                        " fewer people than the one before"
                    ),
                )
            )
    else:
        reasons.append(
            Reason(
                code="word_of_mouth.first_hand_only",
                message="nobody retells: only first-hand hearers are counted",
            )
        )
    if policy.population is not None:
        reasons.append(
            Reason(
                code="word_of_mouth.population_cap",
                message=(
                    f"a market of {policy.population} people caps each sentiment's reach; nobody"
                    " hears the same sentiment twice"
                ),
            )
        )
        if policy.retells:
            reasons.append(
                Reason(
                    code="word_of_mouth.population_mean_field",
                    message=(
                        "after the first hop the capped reach is a mean-field upper estimate,"
                        " close while stories stay small beside the market and several times"
                        " too high when few hearers retell to many: use simulate_word_of_mouth"
                        " for the expected reach"
                    ),
                )
            )
    if net < 0:
        reasons.append(
            Reason(
                code="word_of_mouth.net_negative",
                message=f"net reach {_num(net)}: more people hear bad word of mouth than good",
            )
        )
    elif net > 0:
        reasons.append(
            Reason(
                code="word_of_mouth.net_positive",
                message=f"net reach +{_num(net)}: more people hear good word of mouth than bad",
            )
        )
    else:
        reasons.append(
            Reason(
                code="word_of_mouth.net_zero",
                message="net reach 0: as many people hear good word of mouth as bad",
            )
        )
    if negatives:
        if offset is None:
            reasons.append(
                Reason(
                    code="word_of_mouth.offset_impossible",
                    message=(
                        "more than 2**62 positive experiences would be needed to reach as many"
                        f" people as the {counted(negatives, 'negative')}: positives are told to"
                        " almost nobody beside them"
                    ),
                )
            )
        else:
            more = max(0, offset - positives)
            reasons.append(
                Reason(
                    code="word_of_mouth.offset",
                    message=(
                        f"{counted(offset, 'positive experience')} reach as many people as"
                        f" {counted(negatives, 'negative')}; {positives} so far,"
                        f" {more} more needed"
                    ),
                )
            )
    return WordOfMouthEstimate(
        positives=positives,
        negatives=negatives,
        neutrals=neutrals,
        positive_reach=positive_reach,
        negative_reach=negative_reach,
        net_reach=net,
        positive_reach_by_hop=positive_by_hop,
        negative_reach_by_hop=negative_by_hop,
        positives_to_offset=offset,
        retelling_ratio=ratio,
        supercritical=supercritical,
        explanation=tuple(reasons),
    )


class WordOfMouthLedger:
    """The incremental form: record interactions one at a time, estimate at any moment.

    Costs O(1) per interaction (it keeps the ids it has seen, to ignore an
    identical repeat and refuse a different interaction under a used id), and
    gives exactly what :func:`estimate_word_of_mouth` gives for the same
    interactions, in any order.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ledger = ci.WordOfMouthLedger()
    >>> ledger.record(ci.Interaction(id="i-1", customer_id="c-1",
    ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.NEGATIVE))
    >>> ledger.estimate().negative_reach
    10.0
    >>> ledger
    WordOfMouthLedger(positives=0, negatives=1, neutrals=0, duplicates=0)
    """

    __slots__ = ("_counts", "_duplicates", "_seen")

    def __init__(self) -> None:
        self._seen: dict[str, Interaction] = {}
        self._counts: dict[Sentiment, int] = dict.fromkeys(Sentiment, 0)
        self._duplicates = 0

    def __repr__(self) -> str:
        return (
            f"WordOfMouthLedger(positives={self.positives}, negatives={self.negatives},"
            f" neutrals={self.neutrals}, duplicates={self.duplicates})"
        )

    def record(self, interaction: Interaction, *, field: str = "interaction") -> None:
        """Count one interaction (an identical repeat is ignored).

        A different interaction under an id already recorded raises
        :class:`~custinteract.DuplicateInteractionError` naming ``field``.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> good = ci.Interaction(id="i-1", customer_id="c-1",
        ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.POSITIVE)
        >>> ledger = ci.WordOfMouthLedger()
        >>> ledger.record(good)
        >>> ledger.record(good)  # the same interaction again: ignored, and counted as a repeat
        >>> ledger.positives, ledger.duplicates
        (1, 1)
        """
        if not isinstance(interaction, Interaction):
            raise InvalidInputError(field, interaction, "an Interaction")
        earlier = self._seen.get(interaction.id)
        if earlier is not None:
            if earlier == interaction:
                self._duplicates += 1
                return
            raise DuplicateInteractionError(
                f"{field}.id", interaction.id, "an id not used by a different interaction"
            )
        self._seen[interaction.id] = interaction
        self._counts[interaction.sentiment] += 1

    @property
    def interactions(self) -> tuple[Interaction, ...]:
        """The distinct interactions recorded, in the order first seen.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> ledger = ci.WordOfMouthLedger()
        >>> for n in (2, 1, 2):
        ...     ledger.record(ci.Interaction(id=f"i-{n}", customer_id="c-1",
        ...         timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.NEUTRAL))
        >>> [interaction.id for interaction in ledger.interactions]
        ['i-2', 'i-1']
        """
        return tuple(self._seen.values())

    @property
    def positives(self) -> int:
        """Positive experiences recorded.

        >>> WordOfMouthLedger().positives
        0
        """
        return self._counts[Sentiment.POSITIVE]

    @property
    def negatives(self) -> int:
        """Negative experiences recorded.

        >>> WordOfMouthLedger().negatives
        0
        """
        return self._counts[Sentiment.NEGATIVE]

    @property
    def neutrals(self) -> int:
        """Neutral experiences recorded.

        >>> WordOfMouthLedger().neutrals
        0
        """
        return self._counts[Sentiment.NEUTRAL]

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
        >>> ledger.record(ci.Interaction(id="i-1", customer_id="c-1",
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
            policy=WordOfMouthPolicy() if policy is None else policy,
            duplicates=self._duplicates,
        )


def _ledger(interactions: Iterable[Interaction]) -> WordOfMouthLedger:
    if isinstance(interactions, (str, bytes, Interaction)) or not isinstance(
        interactions, Iterable
    ):
        raise InvalidInputError("interactions", interactions, "an iterable of Interaction values")
    ledger = WordOfMouthLedger()
    for index, interaction in enumerate(interactions):
        ledger.record(interaction, field=f"interactions[{index}]")
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
    policy = WordOfMouthPolicy() if policy is None else policy
    if not isinstance(policy, WordOfMouthPolicy):
        raise InvalidInputError("policy", policy, "a WordOfMouthPolicy")
    return _ledger(interactions).estimate(policy=policy)


@attrs.frozen(kw_only=True)
class WordOfMouthSource:
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
    explanation: tuple[Reason, ...] = attrs.field(validator=v.tuple_of(v.instance(Reason)))

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


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
    policy = WordOfMouthPolicy() if policy is None else policy
    if not isinstance(policy, WordOfMouthPolicy):
        raise InvalidInputError("policy", policy, "a WordOfMouthPolicy")
    if since is not None:
        ensure_aware(since, "since")
    if until is not None:
        ensure_aware(until, "until")
    if since is not None and until is not None and until <= since:
        raise InvalidInputError("until", until, f"a moment after since ({since.isoformat()})")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise InvalidInputError("limit", limit, "None or an integer of at least 0")
    overall = _ledger(interactions)  # validates and de-duplicates the whole input
    ledgers: dict[str, WordOfMouthLedger] = {}
    for interaction in overall.interactions:
        if since is not None and interaction.timestamp < since:
            continue
        if until is not None and interaction.timestamp >= until:
            continue
        ledgers.setdefault(interaction.customer_id, WordOfMouthLedger()).record(interaction)
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
                Reason(
                    code="word_of_mouth.source.rank",
                    message=(
                        f"source {rank} of {total} of negative word of mouth:"
                        f" {_num(estimate.negative_reach)} people hear bad word of mouth"
                    ),
                ),
                *estimate.explanation,
            ),
        )
        for rank, (customer_id, estimate) in enumerate(estimates, start=1)
    )
