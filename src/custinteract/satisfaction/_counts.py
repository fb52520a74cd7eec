"""Satisfaction counts: the mergeable sufficient statistics of every satisfaction metric.

Every metric the satisfaction engine reports (CSAT, NPS, CES, sentiment
shares, their intervals and trend tests) is a function of how many answers
fell on each value of each rating scale, plus, for interactions without a
rating, how many were positive, neutral and negative. So those counts are all
the engine keeps, and counts add up: the counts of two disjoint sets of
interactions, merged, are the counts of their union. That is what lets a
month be the sum of its days and a Dask partition be counted on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import attrs

from .. import _validators as v
from .._errors import DuplicateInteractionError, InvalidInputError
from .._models import Interaction, RatingScale, Sentiment
from .._validators import FrozenMap

__all__ = [
    "CELLS",
    "SCALE_OFFSET",
    "SENTIMENT_CELL",
    "SatisfactionCounts",
    "cell_of",
    "counts_from_cells",
    "counts_per_group",
    "sum_counts",
    "unique_interactions",
]

G = TypeVar("G")


def _size(scale: RatingScale) -> int:
    """How many values the scale has (5 for CSAT 1-5)."""
    return scale.high - scale.low + 1


def _histogram(scale: RatingScale) -> v.Validator:
    size = _size(scale)
    expected = (
        f"a tuple of {size} non-negative integers (counts of the ratings"
        f" {scale.low} to {scale.high} on the {scale.value} scale)"
    )

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            not isinstance(value, tuple)
            or len(value) != size
            or any(not isinstance(c, int) or isinstance(c, bool) or c < 0 for c in value)
        ):
            raise InvalidInputError(attribute.name, value, expected)

    return v.with_schema(
        check,
        {
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": size,
            "maxItems": size,
        },
    )


def _zeros(scale: RatingScale) -> tuple[int, ...]:
    return (0,) * _size(scale)


_COUNT = v.integer(low=0)


@attrs.frozen(kw_only=True)
class SatisfactionCounts:
    """How many answers fell on each rating value, and how unrated interactions felt.

    Each interaction is counted exactly once: on its rating's scale when it
    has a rating (the customer's own answer; its ``sentiment`` is then not
    counted again), otherwise by its ``sentiment``. Counts merge with
    :meth:`merge` or ``+``: merging the counts of disjoint groups gives the
    counts of the whole, which is why every group, period and partition can be
    counted separately.

    Attributes:
        csat: Counts of the CSAT ratings 1, 2, 3, 4, 5 (``csat[0]`` is the 1s).
        nps: Counts of the NPS ratings 0 to 10 (``nps[0]`` is the 0s).
        ces: Counts of the CES ratings 1 to 7 (``ces[0]`` is the 1s).
        positive: Interactions without a rating whose sentiment is positive.
        neutral: Interactions without a rating whose sentiment is neutral.
        negative: Interactions without a rating whose sentiment is negative.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> first = ci.SatisfactionCounts().add(ci.Interaction(
    ...     id="i-1", customer_id="c-1", timestamp=at, sentiment=ci.Sentiment.POSITIVE,
    ...     rating=ci.Rating(value=9, scale=ci.RatingScale.NPS)))
    >>> second = ci.SatisfactionCounts().add(ci.Interaction(
    ...     id="i-2", customer_id="c-2", timestamp=at, sentiment=ci.Sentiment.NEGATIVE))
    >>> both = first + second
    >>> both.nps[9], both.negative, both.interactions
    (1, 1, 2)
    """

    csat: tuple[int, ...] = attrs.field(
        default=_zeros(RatingScale.CSAT),
        converter=v.int_tuple,
        validator=_histogram(RatingScale.CSAT),
    )
    nps: tuple[int, ...] = attrs.field(
        default=_zeros(RatingScale.NPS),
        converter=v.int_tuple,
        validator=_histogram(RatingScale.NPS),
    )
    ces: tuple[int, ...] = attrs.field(
        default=_zeros(RatingScale.CES),
        converter=v.int_tuple,
        validator=_histogram(RatingScale.CES),
    )
    positive: int = attrs.field(default=0, validator=_COUNT)
    neutral: int = attrs.field(default=0, validator=_COUNT)
    negative: int = attrs.field(default=0, validator=_COUNT)

    @classmethod
    def of(cls, interactions: Iterable[Interaction]) -> SatisfactionCounts:
        """Count a set of interactions (a repeated identical interaction counts once).

        A different interaction under an id already seen raises
        :class:`~custinteract.DuplicateInteractionError`.
        """
        cells = [0] * CELLS
        for interaction in unique_interactions(interactions)[0]:
            cells[cell_of(interaction)] += 1
        return counts_from_cells(cells)

    def add(self, interaction: Interaction) -> SatisfactionCounts:
        """These counts with one more interaction: the incremental form, constant cost.

        It does not remember ids: adding the same interaction twice counts it
        twice. Feed each interaction once (or use :meth:`of` or the batch
        functions, which de-duplicate by id).
        """
        if not isinstance(interaction, Interaction):
            raise InvalidInputError("interaction", interaction, "an Interaction")
        rating = interaction.rating
        if rating is None:
            name = interaction.sentiment.value
            return attrs.evolve(self, **{name: getattr(self, name) + 1})
        name = rating.scale.value  # the field of each scale is named after it
        offset = rating.value - rating.scale.low
        bumped: dict[str, Any] = {name: _bump(getattr(self, name), offset)}
        return attrs.evolve(self, **bumped)

    def merge(self, other: SatisfactionCounts) -> SatisfactionCounts:
        """The counts of both sets together (the sets must not share interactions).

        >>> import custinteract as ci
        >>> ci.SatisfactionCounts(positive=2).merge(ci.SatisfactionCounts(positive=1)).positive
        3
        """
        if not isinstance(other, SatisfactionCounts):
            raise InvalidInputError("other", other, "a SatisfactionCounts")
        return SatisfactionCounts(
            csat=tuple(a + b for a, b in zip(self.csat, other.csat, strict=True)),
            nps=tuple(a + b for a, b in zip(self.nps, other.nps, strict=True)),
            ces=tuple(a + b for a, b in zip(self.ces, other.ces, strict=True)),
            positive=self.positive + other.positive,
            neutral=self.neutral + other.neutral,
            negative=self.negative + other.negative,
        )

    def __add__(self, other: object) -> SatisfactionCounts:
        if not isinstance(other, SatisfactionCounts):
            return NotImplemented
        return self.merge(other)

    @property
    def interactions(self) -> int:
        """Every interaction counted, rated or not."""
        return self.rated + self.unrated

    @property
    def rated(self) -> int:
        """Interactions with a rating, on any scale."""
        return sum(self.csat) + sum(self.nps) + sum(self.ces)

    @property
    def unrated(self) -> int:
        """Interactions without a rating (counted by sentiment)."""
        return self.positive + self.neutral + self.negative

    @property
    def promoters(self) -> int:
        """NPS answers of 9 or 10."""
        return sum(self.nps[RatingScale.NPS.positive_from :])

    @property
    def passives(self) -> int:
        """NPS answers of 7 or 8."""
        return sum(self.nps) - self.promoters - self.detractors

    @property
    def detractors(self) -> int:
        """NPS answers of 0 to 6."""
        return sum(self.nps[: RatingScale.NPS.negative_at_most + 1])


# Every interaction falls in one of 26 cells: the CSAT values 1-5 (cells 0-4),
# the NPS values 0-10 (5-15), the CES values 1-7 (16-22), and for unrated
# interactions positive, neutral, negative (23-25). The object path counts
# with cell_of, the frames path vectorises the same tables.
CELLS = 26
"""How many cells a histogram of counts has."""
SCALE_OFFSET: FrozenMap[RatingScale, int] = FrozenMap(
    {RatingScale.CSAT: 0, RatingScale.NPS: 5, RatingScale.CES: 16}
)
"""The cell of each scale's lowest rating; a rating ``r`` is in cell ``offset + r - low``."""
SENTIMENT_CELL: FrozenMap[Sentiment, int] = FrozenMap(
    {Sentiment.POSITIVE: 23, Sentiment.NEUTRAL: 24, Sentiment.NEGATIVE: 25}
)
"""The cell of each sentiment of an unrated interaction."""
_OFFSET = dict(SCALE_OFFSET)  # plain dicts for the per-interaction loop
_MOOD = dict(SENTIMENT_CELL)


def cell_of(interaction: Interaction) -> int:
    """The cell (0 to 25) an interaction is counted in."""
    rating = interaction.rating
    if rating is None:
        return _MOOD[interaction.sentiment]
    return _OFFSET[rating.scale] + rating.value - rating.scale.low


def counts_from_cells(cells: Sequence[int]) -> SatisfactionCounts:
    """Counts from the 26 cell totals (see :func:`cell_of`)."""
    fields: dict[str, Any] = {
        scale.value: tuple(cells[offset : offset + _size(scale)])
        for scale, offset in _OFFSET.items()
    }
    for sentiment, cell in _MOOD.items():
        fields[sentiment.value] = cells[cell]
    return SatisfactionCounts(**fields)


def counts_per_group(tallies: Iterable[tuple[G, int, int]]) -> dict[G, SatisfactionCounts]:
    """Counts per group from ``(group, cell, n)`` tallies (a group may come many times)."""
    histograms: dict[G, list[int]] = {}
    for group, cell, n in tallies:
        histogram = histograms.get(group)
        if histogram is None:
            histogram = histograms[group] = [0] * CELLS
        histogram[cell] += n
    return {group: counts_from_cells(histogram) for group, histogram in histograms.items()}


def sum_counts(counts: Iterable[SatisfactionCounts]) -> SatisfactionCounts:
    """The counts of all the (disjoint) sets together: :meth:`SatisfactionCounts.merge` of all, in one step."""
    items = list(counts)
    if not items:
        return SatisfactionCounts()
    return SatisfactionCounts(
        csat=tuple(map(sum, zip(*(c.csat for c in items), strict=True))),
        nps=tuple(map(sum, zip(*(c.nps for c in items), strict=True))),
        ces=tuple(map(sum, zip(*(c.ces for c in items), strict=True))),
        positive=sum(c.positive for c in items),
        neutral=sum(c.neutral for c in items),
        negative=sum(c.negative for c in items),
    )


def _bump(cells: tuple[int, ...], offset: int) -> tuple[int, ...]:
    return (*cells[:offset], cells[offset] + 1, *cells[offset + 1 :])


def unique_interactions(
    interactions: Iterable[Interaction] | object, field: str = "interactions"
) -> tuple[list[Interaction], int]:
    """The interactions with repeats of an identical interaction removed, and how many were.

    A different interaction under an id already used raises
    :class:`~custinteract.DuplicateInteractionError`; anything that is not an
    :class:`~custinteract.Interaction` raises :class:`~custinteract.InvalidInputError`.
    """
    items: Iterable[object] = v.check_iterable(
        interactions, field, expected="an iterable of Interaction values"
    )
    seen: dict[str, Interaction] = {}
    kept: list[Interaction] = []
    repeats = 0
    for index, interaction in enumerate(items):
        if not isinstance(interaction, Interaction):
            raise InvalidInputError(f"{field}[{index}]", interaction, "an Interaction")
        earlier = seen.get(interaction.id)
        if earlier is None:
            seen[interaction.id] = interaction
            kept.append(interaction)
        elif earlier == interaction:
            repeats += 1
        else:
            raise DuplicateInteractionError(
                f"{field}[{index}].id",
                interaction.id,
                "an id not already used by a different interaction",
            )
    return kept, repeats
