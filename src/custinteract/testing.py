"""Hypothesis strategies for every custinteract model, for property-testing integrations.

Host applications use these to property-test their own code against valid
custinteract values; custinteract's own test suite uses them too. Needs
hypothesis (``pip install 'custinteract[test]'``).

Every strategy draws values that pass the models' own validation. Timestamps
are aware, with fixed UTC offsets (so that :func:`~custinteract.to_dict`
round trips are exact), between 2020 and 2030.

>>> import custinteract as ci
>>> from custinteract import testing
>>> from hypothesis import given
>>> @given(testing.interactions())
... def check(interaction):
...     assert ci.from_dict(ci.Interaction, ci.to_dict(interaction)) == interaction
>>> check()
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ._errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("custinteract.testing", "test", "hypothesis") from _exc

from dateutil.relativedelta import relativedelta

from ._models import (
    Channel,
    Customer,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Rating,
    RatingScale,
    Reason,
    RecoveryGesture,
    Sentiment,
    StaffEvent,
    StaffEventKind,
    StaffMember,
)

__all__ = [
    "aware_datetimes",
    "customer_histories",
    "customers",
    "identifiers",
    "interactions",
    "ratings",
    "reasons",
    "recovery_gestures",
    "staff_events",
    "staff_members",
    "string_maps",
    "windows",
]

# hypothesis takes naive wall-clock bounds and adds the timezones itself
_EARLIEST = datetime(2020, 1, 1)  # noqa: DTZ001
_LATEST = datetime(2030, 12, 31)  # noqa: DTZ001


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-blank ids such as ``"c-17"`` (``prefix`` is put in front)."""
    return st.integers(min_value=0, max_value=10**6).map(lambda n: f"{prefix}{n}")


def utc_offsets() -> st.SearchStrategy[timezone]:
    """Fixed UTC offsets from -12:00 to +14:00 in quarter hours."""
    return st.integers(min_value=-48, max_value=56).map(
        lambda quarters: timezone(timedelta(minutes=15 * quarters))
    )


def aware_datetimes(
    min_value: datetime = _EARLIEST, max_value: datetime = _LATEST
) -> st.SearchStrategy[datetime]:
    """Aware datetimes with fixed offsets; bounds are naive local wall times."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=utc_offsets())


def windows() -> st.SearchStrategy[relativedelta]:
    """Valid windows: whole, non-negative, not all zero relative amounts."""
    return st.builds(
        relativedelta,
        years=st.integers(0, 3),
        months=st.integers(0, 11),
        days=st.integers(0, 400),
        hours=st.integers(0, 23),
    ).filter(lambda window: any((window.years, window.months, window.days, window.hours)))


def ratings(scale: RatingScale | None = None) -> st.SearchStrategy[Rating]:
    """Ratings on ``scale`` (any scale when None), always within range."""
    scales = st.just(scale) if scale is not None else st.sampled_from(RatingScale)
    return scales.flatmap(
        lambda s: st.builds(Rating, scale=st.just(s), value=st.integers(s.low, s.high))
    )


def string_maps() -> st.SearchStrategy[dict[str, str]]:
    """Small ``str -> str`` mappings with non-blank keys."""
    keys = st.text(min_size=1, max_size=8).filter(lambda key: bool(key.strip()))
    return st.dictionaries(keys, st.text(max_size=12), max_size=3)


def recovery_gestures() -> st.SearchStrategy[RecoveryGesture]:
    """Recovery gestures, with or without a value and an answered interaction id."""
    return st.builds(
        RecoveryGesture,
        kind=st.sampled_from(GestureKind),
        value=st.none() | st.floats(min_value=0, max_value=1000, allow_nan=False),
        answers=st.none() | identifiers("i-"),
    )


def interactions(
    customer_id: str | st.SearchStrategy[str] | None = None,
    *,
    ids: st.SearchStrategy[str] | None = None,
    timestamps: st.SearchStrategy[datetime] | None = None,
    sentiments: st.SearchStrategy[Sentiment] | None = None,
    kinds: st.SearchStrategy[InteractionKind] | None = None,
    staff_ids: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Interaction]:
    """Valid interactions; fix ``customer_id`` or any field's strategy to narrow them."""
    if customer_id is None:
        customer_ids: st.SearchStrategy[str] = identifiers("c-")
    elif isinstance(customer_id, str):
        customer_ids = st.just(customer_id)
    else:
        customer_ids = customer_id
    return st.builds(
        Interaction,
        id=ids if ids is not None else identifiers("i-"),
        customer_id=customer_ids,
        timestamp=timestamps if timestamps is not None else aware_datetimes(),
        sentiment=sentiments if sentiments is not None else st.sampled_from(Sentiment),
        channel=st.sampled_from(Channel),
        kind=kinds if kinds is not None else st.sampled_from(InteractionKind),
        direction=st.sampled_from(Direction),
        staff_id=staff_ids if staff_ids is not None else st.none() | identifiers("s-"),
        rating=st.none() | ratings(),
        category=st.none() | st.sampled_from(["billing", "delivery", "quality", "account"]),
        gesture=st.none() | recovery_gestures(),
        resolved=st.none() | st.booleans(),
        metadata=string_maps(),
    )


def customer_histories(
    customer_id: str = "c-1",
    *,
    min_size: int = 0,
    max_size: int = 30,
    sentiments: st.SearchStrategy[Sentiment] | None = None,
    kinds: st.SearchStrategy[InteractionKind] | None = None,
) -> st.SearchStrategy[list[Interaction]]:
    """Lists of one customer's interactions with unique ids, in no particular order."""
    return st.lists(
        interactions(customer_id, sentiments=sentiments, kinds=kinds),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda interaction: interaction.id,
    )


def customers() -> st.SearchStrategy[Customer]:
    """Valid customers and leads from every source."""
    return st.builds(
        Customer,
        id=identifiers("c-"),
        created=aware_datetimes(),
        name=st.none() | st.text(max_size=20),
        source=st.sampled_from(LeadSource),
        list_name=st.none() | st.sampled_from(["mortgage", "timeshare", "marketing"]),
        consent=st.booleans(),
        do_not_contact=st.booleans(),
        became_customer=st.none() | aware_datetimes(),
        churned=st.none() | aware_datetimes(),
        attributes=string_maps(),
    )


def staff_members() -> st.SearchStrategy[StaffMember]:
    """Valid staff members."""
    return st.builds(
        StaffMember,
        id=identifiers("s-"),
        name=st.sampled_from(["Ada", "Ben", "Chloe", "Dev", "Eun-ji"]),
        hired=aware_datetimes(),
        team=st.none() | st.sampled_from(["support", "sales", "success"]),
    )


def staff_events(staff_id: str | None = None) -> st.SearchStrategy[StaffEvent]:
    """Valid staff events of every kind (surveys carry a 0-10 score)."""

    def build(kind: StaffEventKind) -> st.SearchStrategy[StaffEvent]:
        return st.builds(
            StaffEvent,
            id=identifiers("e-"),
            staff_id=st.just(staff_id) if staff_id is not None else identifiers("s-"),
            timestamp=aware_datetimes(),
            kind=st.just(kind),
            note=st.none() | st.text(max_size=20),
            score=st.integers(0, 10) if kind is StaffEventKind.SURVEY else st.none(),
            resolves=(
                st.none() | identifiers("e-")
                if kind is StaffEventKind.CONCERN_RESOLVED
                else st.none()
            ),
        )

    return st.sampled_from(StaffEventKind).flatmap(build)


def reasons() -> st.SearchStrategy[Reason]:
    """Valid reasons: dotted lower-case codes and non-blank messages."""
    segment = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
    return st.builds(
        Reason,
        code=st.lists(segment, min_size=1, max_size=3).map(".".join),
        message=st.text(min_size=1, max_size=40).filter(lambda text: bool(text.strip())),
    )
