"""Strategies for the plain values models are made of: ids, UTC offsets, times, windows, ratings, text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from .._models import Rating, RatingScale, Sentiment
from .._validators import is_blank

# hypothesis takes naive wall-clock bounds and adds the timezones itself
EARLIEST = datetime(2020, 1, 1)  # noqa: DTZ001
LATEST = datetime(2030, 12, 31)  # noqa: DTZ001
LATEST_INSTANT = datetime(2031, 1, 1, tzinfo=timezone.utc)

REAL_WORLD_OFFSETS: tuple[str, ...] = (
    "-12:00", "-11:00", "-10:00", "-09:30", "-09:00", "-08:00", "-07:00", "-06:00",
    "-05:00", "-04:00", "-03:30", "-03:00", "-02:00", "-01:00", "+00:00", "+01:00",
    "+02:00", "+03:00", "+03:30", "+04:00", "+04:30", "+05:00", "+05:30", "+05:45",
    "+06:00", "+06:30", "+07:00", "+08:00", "+08:45", "+09:00", "+09:30", "+10:00",
    "+10:30", "+11:00", "+12:00", "+12:45", "+13:00", "+13:45", "+14:00",
)  # fmt: skip
"""The UTC offsets in use somewhere in the world (IANA time zone database, 2024), standard or summer."""


def _offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# nearest UTC first, so that hypothesis shrinks towards +00:00
_REAL_ZONES = tuple(
    sorted(map(_offset, REAL_WORLD_OFFSETS), key=lambda zone: abs(zone.utcoffset(None)))
)


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-blank ids such as ``"c-17"`` (``prefix`` is put in front).

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.identifiers("c-"), lambda text: True)
    'c-0'
    """
    return st.integers(min_value=0, max_value=10**6).map(lambda n: f"{prefix}{n}")


def utc_offsets(*, real_world: bool = True) -> st.SearchStrategy[timezone]:
    """Fixed UTC offsets: those in use in the world, or (``real_world=False``) any whole minute.

    By default the offsets of real time zones, standard or summer time, from
    -12:00 to +14:00 (+05:45 Nepal, +08:45 Eucla, +13:45 Chatham included).
    ``real_world=False`` draws every whole-minute offset in that range, which
    models accept too (the +00:20 of Amsterdam in 1937-1940 was real once).
    Offsets with seconds are never drawn: models refuse them (RFC 3339 text
    cannot carry them), which is worth a test of its own in a host application.

    >>> from datetime import timedelta
    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> str(find(testing.utc_offsets(), lambda tz: tz.utcoffset(None) >= timedelta(hours=5, minutes=40)))
    'UTC+05:45'
    >>> str(find(testing.utc_offsets(real_world=False),
    ...          lambda tz: tz.utcoffset(None) >= timedelta(hours=5, minutes=40)))
    'UTC+05:40'
    """
    if real_world:
        return st.sampled_from(_REAL_ZONES)
    return st.integers(min_value=-12 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )


def aware_datetimes(
    min_value: datetime = EARLIEST,
    max_value: datetime = LATEST,
    *,
    timezones: st.SearchStrategy[tzinfo] | None = None,
) -> st.SearchStrategy[datetime]:
    """Aware datetimes in ``timezones`` (default :func:`utc_offsets`); bounds are naive local wall times.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> moment = find(testing.aware_datetimes(), lambda moment: moment.year >= 2025)
    >>> moment.year, moment.utcoffset() is not None
    (2025, True)
    """
    zones = timezones if timezones is not None else utc_offsets()
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=zones)


def windows() -> st.SearchStrategy[relativedelta]:
    """Valid windows: whole, non-negative, not all zero relative amounts.

    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> find(testing.windows(), lambda window: window.months > 0)
    relativedelta(months=+1)
    """
    return st.builds(
        relativedelta,
        years=st.integers(0, 3),
        months=st.integers(0, 11),
        days=st.integers(0, 400),
        hours=st.integers(0, 23),
    ).filter(lambda window: any((window.years, window.months, window.days, window.hours)))


def ratings(
    scale: RatingScale | None = None, *, sentiment: Sentiment | None = None
) -> st.SearchStrategy[Rating]:
    """Ratings on ``scale`` (any scale when None), always within range.

    With ``sentiment``, only the ratings that express it on their scale (as
    :func:`~custinteract.sentiment_from_rating` reads them).

    >>> import custinteract as ci
    >>> from hypothesis import find
    >>> from custinteract import testing
    >>> promoter = find(testing.ratings(ci.RatingScale.NPS),
    ...                 lambda rating: rating.sentiment is ci.Sentiment.POSITIVE)
    >>> promoter.value
    9
    >>> find(testing.ratings(ci.RatingScale.CSAT, sentiment=ci.Sentiment.NEGATIVE),
    ...      lambda rating: True).value
    1
    """
    scales = st.just(scale) if scale is not None else st.sampled_from(RatingScale)

    def on(s: RatingScale) -> st.SearchStrategy[Rating]:
        values = [
            value
            for value in range(s.low, s.high + 1)
            if sentiment is None or Rating(scale=s, value=value).sentiment is sentiment
        ]
        return st.sampled_from(values).map(lambda value: Rating(scale=s, value=value))

    return scales.flatmap(on)


def printable_text(
    min_size: int = 0, max_size: int = 20, *, printable: bool = True
) -> st.SearchStrategy[str]:
    """Text a person would type: letters, digits, marks, punctuation, symbols and spaces.

    No control, format, surrogate or unassigned characters, and no line or
    paragraph separators; ``min_size=1`` also makes the text non-blank.
    ``printable=False`` draws any text instead (control characters, lone
    surrogates and all), the hostile variant a display layer should survive.

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> name = find(testing.printable_text(min_size=3), lambda text: True, settings=quick)
    >>> name.isprintable(), len(name) >= 3
    (True, True)
    """
    if not printable:
        return st.text(min_size=min_size, max_size=max_size)
    alphabet = st.characters(categories=("L", "M", "N", "P", "S"), include_characters=" ")
    text = st.text(alphabet, min_size=min_size, max_size=max_size)
    return text.filter(lambda value: not is_blank(value)) if min_size > 0 else text


def string_maps(*, printable: bool = True) -> st.SearchStrategy[dict[str, str]]:
    """Small ``str -> str`` mappings with non-blank keys (printable, unless ``printable=False``).

    >>> from hypothesis import Phase, find, settings
    >>> from custinteract import testing
    >>> quick = settings(phases=[Phase.generate], database=None)
    >>> pairs = find(testing.string_maps(), lambda mapping: len(mapping) == 2, settings=quick)
    >>> len(pairs), all(key.strip() for key in pairs)
    (2, True)
    """
    keys = printable_text(1, 8, printable=printable).filter(lambda key: not is_blank(key))
    return st.dictionaries(keys, printable_text(0, 12, printable=printable), max_size=3)
