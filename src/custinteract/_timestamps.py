"""Timestamps: the check of an aware datetime, its RFC 3339 text and its fixed offset.

A timestamp is a timezone-aware :class:`~datetime.datetime` whose UTC offset
is a whole number of minutes, in years :data:`EARLIEST_YEAR` to
:data:`LATEST_YEAR` (see :mod:`custinteract._time` for why). This module
checks one (:func:`ensure_aware`), reads one from a document
(:func:`parse_document_datetime`, the one shape of
:data:`DATETIME_TEXT_PATTERN`) or from any ISO 8601 text with an offset
(:func:`parse_datetime`), and stores one at its fixed offset
(:func:`fixed_offset`, the models' converter).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from dateutil import parser as _dateparser

from ._errors import InvalidInputError

__all__ = [
    "DATETIME_TEXT_DESCRIPTION",
    "DATETIME_TEXT_PATTERN",
    "EARLIEST_YEAR",
    "EPOCH",
    "LATEST_YEAR",
    "PERIOD_BOUND_TEXT_PATTERN",
    "ensure_aware",
    "epoch_micros",
    "fixed_offset",
    "fixed_offset_or_none",
    "parse_datetime",
    "parse_document_datetime",
]

_DATETIME_EXPECTED = (
    "a timezone-aware datetime (ISO 8601 text with an offset, e.g. '2026-03-04T10:00:00+00:00')"
)

EARLIEST_YEAR = 2
"""The first year a timestamp may fall in (in its own offset).

Python's calendar starts on 0001-01-01; a timestamp early in year 1 east of
UTC has no UTC time, and the week or year holding it would start before the
calendar does. A year of margin keeps every conversion and period inside.
"""

LATEST_YEAR = 9998
"""The last year a timestamp may fall in (in its own offset).

Python's calendar ends on 9999-12-31; a timestamp late in year 9999 west of
UTC has no UTC time, and the month or year holding it would end after the
calendar does. A year of margin keeps every conversion and period inside.
"""

_DATETIME_RANGE = f"in years {EARLIEST_YEAR} to {LATEST_YEAR}"

_DATETIME_SHAPE = (
    r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
DATETIME_TEXT_PATTERN = r"^(?!000[01])(?!9999)[0-9]{4}" + _DATETIME_SHAPE
"""The shape of a timestamp in a document (RFC 3339 with at most microseconds).

A date, ``T``, a time with seconds and an optional fraction of up to six
digits, then ``Z`` or an offset ``+HH:MM``/``-HH:MM``. It is the ``pattern``
of every timestamp in :func:`~custinteract.json_schema` (``"format":
"date-time"`` alone is only an annotation in draft 2020-12) and
:func:`~custinteract.from_dict` checks the same pattern, so text the schema
refuses is refused by both. It is written in the part of regular-expression
syntax that Python's :mod:`re` and ECMA-262 (JavaScript validators) read the
same way: ``[0-9]``, never ``\\d`` (which matches other scripts' digits in
Python), and Python matches it with ``fullmatch``, never relying on ``$``
(which matches before a final newline in Python). Years 0000, 0001 and 9999
are refused: timestamps lie in years :data:`EARLIEST_YEAR` to
:data:`LATEST_YEAR`.

>>> import re
>>> from custinteract._time import DATETIME_TEXT_PATTERN
>>> [bool(re.fullmatch(DATETIME_TEXT_PATTERN, text)) for text in (
...     "2026-03-04T10:00:00+01:00", "2026-03-04T10:00:00.25Z", "2026-03-04T10:00:00")]
[True, True, False]
"""

_DOCUMENT_DATETIME_EXPECTED = (
    "a timezone-aware datetime as RFC 3339 text: 'YYYY-MM-DDTHH:MM:SS', an optional fraction"
    " of at most 6 digits, then 'Z' or '+HH:MM'/'-HH:MM' (e.g. '2026-03-04T10:00:00+00:00'),"
    f" {_DATETIME_RANGE}"
)
DATETIME_TEXT_DESCRIPTION = (
    "RFC 3339 date-time with a UTC offset and at most 6 fraction digits,"
    f" {_DATETIME_RANGE} (in its own offset)."
)
"""The ``description`` of every timestamp in :func:`~custinteract.json_schema`."""

PERIOD_BOUND_TEXT_PATTERN = r"^(?!0000)[0-9]{4}" + _DATETIME_SHAPE
"""The shape of a calendar period's start or end in a document: any year of the calendar.

A period holding a timestamp of year :data:`EARLIEST_YEAR` may start in the
year before, one holding a timestamp of :data:`LATEST_YEAR` ends in the year
after; results bounding periods hold these (see
:func:`~custinteract._validators.period_bound`).
"""
_DOCUMENT_SHAPE_RE = re.compile(PERIOD_BOUND_TEXT_PATTERN)
_SEPARATORS = frozenset({"--T::+:", "--T::-:"})  # characters 4, 7, ... 22 of the common shape


def _format_offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = abs(offset)
    hours, rest = divmod(seconds, timedelta(hours=1))
    minutes, rest = divmod(rest, timedelta(minutes=1))
    text = f"{sign}{hours:02d}:{minutes:02d}"
    if rest:
        text += f":{rest.seconds:02d}"
        if rest.microseconds:
            text += f".{rest.microseconds:06d}"
    return text


_MINUTE = timedelta(minutes=1)
_UTC_ZONE = timezone.utc


def ensure_aware(value: object, field: str, *, period_bound: bool = False) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise.

    Its UTC offset must be a whole number of minutes: RFC 3339 text (what
    :func:`~custinteract.to_dict` writes and JSON Schema's ``date-time``
    describes) cannot carry seconds in an offset, so such a value could not be
    written without loss. Convert it first, for example to UTC with
    ``value.astimezone(timezone.utc)``: the instant is kept.

    It lies in years :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR`, unless
    ``period_bound``: the start or end of a calendar period holding such a
    timestamp may lie a year outside (any year of Python's calendar).

    >>> from datetime import datetime, timedelta, timezone
    >>> ensure_aware(datetime(2026, 3, 4, tzinfo=timezone.utc), "as_of").year
    2026
    >>> ensure_aware(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-12))), "as_of")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: as_of: expected a timezone-aware datetime ... in years 2 to 9998, got ...
    >>> ensure_aware(datetime(2026, 3, 4), "as_of")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: as_of: expected a timezone-aware datetime ...
    >>> amsterdam_1930 = timezone(timedelta(minutes=19, seconds=32))
    >>> ensure_aware(datetime(1930, 5, 1, tzinfo=amsterdam_1930), "created")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: created: expected a timezone-aware datetime ... whole number of minutes; this one's offset is +00:19:32: convert it first, e.g. to UTC with value.astimezone(timezone.utc), got ...
    """
    if (  # the common case, at once
        value.__class__ is datetime
        and value.tzinfo is _UTC_ZONE
        and (period_bound or EARLIEST_YEAR <= value.year <= LATEST_YEAR)
    ):
        return value
    if not isinstance(value, datetime):
        raise InvalidInputError(field, value, _DATETIME_EXPECTED)
    offset = value.tzinfo.utcoffset(value) if value.tzinfo is not None else None
    if offset is None:
        raise InvalidInputError(field, value, _DATETIME_EXPECTED + "; this one is naive")
    if offset % _MINUTE:
        raise InvalidInputError(
            field,
            value,
            _DATETIME_EXPECTED
            + " with a UTC offset in a whole number of minutes;"
            + f" this one's offset is {_format_offset(offset)}: convert it first,"
            + " e.g. to UTC with value.astimezone(timezone.utc)",
        )
    if not period_bound and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InvalidInputError(field, value, _DATETIME_EXPECTED + f" {_DATETIME_RANGE}")
    return value


def parse_document_datetime(text: object, field: str = "timestamp") -> datetime:
    """Parse a timestamp from a document: text matching :data:`DATETIME_TEXT_PATTERN` only.

    Stricter than :func:`parse_datetime` (which takes any ISO 8601 text that
    dateutil reads): a document must use the one shape its JSON Schema
    describes, so that what the schema refuses is refused here too, and no
    digit is dropped (dateutil would silently cut nanoseconds to microseconds).

    >>> from custinteract._time import parse_document_datetime
    >>> parse_document_datetime("2026-03-04T10:30:00Z").isoformat()
    '2026-03-04T10:30:00+00:00'
    >>> parse_document_datetime("2026-03-04T10:30Z")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: timestamp: expected a timezone-aware datetime as RFC 3339 text: ...
    """
    # The common case first: the shape ``isoformat`` writes, seconds and an
    # offset (benchmarks/bench_objects.py: the pattern cost a third of reading
    # an Interaction document). ``fromisoformat`` reads only ASCII digits and
    # checks every range but two: the hour is below 24 (Python 3.14 reads
    # 24:00) and the offset's minutes below 60; the separators are at fixed
    # places. What it gives is then aware, at a whole minute's offset and in
    # the calendar: nothing is left for ``ensure_aware`` to refuse.
    if (
        type(text) is str
        and len(text) == 25
        and text[4::3] in _SEPARATORS
        and (text[11] < "2" or text[12] < "4")
        and text[23] < "6"
    ):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    if not isinstance(text, str) or not _DOCUMENT_SHAPE_RE.fullmatch(text):
        raise InvalidInputError(field, text, _DOCUMENT_DATETIME_EXPECTED)
    # The pattern fixes the shape: the standard library reads it (dateutil's
    # general parser costs ten times as much) once "Z" is spelled "+00:00" and
    # a fraction has six digits (what Python 3.10's reader needs).
    iso = text[:-1] + "+00:00" if text[-1] == "Z" else text
    if iso[19] == "." and len(iso) != 32:
        iso = iso[:20] + iso[20:-6].ljust(6, "0") + iso[-6:]
    try:
        value = datetime.fromisoformat(iso)
    except ValueError as exc:  # a day the month does not have
        raise InvalidInputError(field, text, _DATETIME_EXPECTED) from exc
    # The year range is the field's to check: a period's bound may lie a year outside it.
    return ensure_aware(value, field, period_bound=True)


def parse_datetime(text: str, field: str = "timestamp") -> datetime:
    """Parse ISO 8601 text with an offset into an aware datetime.

    The text must carry its offset (``+01:00`` or ``Z``); text without one is
    refused rather than assumed to be UTC.

    >>> import custinteract as ci
    >>> ci.parse_datetime("2026-03-04T10:30:00+01:00").isoformat()
    '2026-03-04T10:30:00+01:00'
    >>> ci.parse_datetime("2026-03-04T10:30:00Z").utcoffset()
    datetime.timedelta(0)
    """
    return ensure_aware(_parse(text, field), field)


def _parse(text: object, field: str) -> datetime:
    if not isinstance(text, str):
        raise InvalidInputError(field, text, _DATETIME_EXPECTED)
    try:
        return _dateparser.isoparse(text)
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError(field, text, _DATETIME_EXPECTED) from exc


def fixed_offset(value: datetime) -> datetime:
    """A datetime in a zone with rules (a ``ZoneInfo``) as the same instant at its fixed offset.

    The converter of the models' timestamps. A :class:`zoneinfo.ZoneInfo`
    time keeps its zone's daylight-saving rules, and Python compares and
    subtracts two times of one such zone by their wall clocks: the hour a
    clock repeats would sort out of order, and a time in that hour would not
    equal itself after :func:`~custinteract.to_dict` and
    :func:`~custinteract.from_dict` (text carries the offset, not the zone).
    Stored at its fixed UTC offset (``datetime.timezone``), the instant and
    the offset written are the same and every comparison is exact. Any other
    value (naive, fixed already, an offset with seconds, not a datetime) is
    returned as it is, for the validators to judge.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> repeated = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Amsterdam"))
    >>> fixed_offset(repeated).isoformat(), fixed_offset(repeated) == repeated
    ('2026-10-25T02:30:00+01:00', False)
    >>> from custinteract._time import to_utc
    >>> to_utc(fixed_offset(repeated)) == to_utc(repeated)
    True
    """
    if isinstance(value, datetime):
        zone = value.tzinfo
        if zone is not None and type(zone) is not timezone:
            offset = zone.utcoffset(value)
            if offset is not None and not offset % _MINUTE:
                return value.replace(tzinfo=timezone(offset), fold=0)
    return value


def fixed_offset_or_none(value: datetime | None) -> datetime | None:
    """:func:`fixed_offset` for an optional timestamp (None stays None)."""
    return None if value is None else fixed_offset(value)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""The Unix epoch, aware (UTC): the zero of the frames' microsecond time stamps."""
_MICROSECOND = timedelta(microseconds=1)


def epoch_micros(moment: datetime) -> int:
    """Aware ``moment`` as whole microseconds since :data:`EPOCH` (how frames store time).

    >>> epoch_micros(datetime(1970, 1, 2, tzinfo=timezone.utc))
    86400000000
    """
    return (moment - EPOCH) // _MICROSECOND
