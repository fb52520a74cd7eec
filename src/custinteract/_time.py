"""Time: aware datetimes, ISO 8601 text, windows and calendar periods.

Nothing here reads the clock. Every assessment in custinteract takes ``as_of``
from its caller; this module only checks, parses and does calendar arithmetic
(with :mod:`dateutil`).

* A *timestamp* is a timezone-aware :class:`~datetime.datetime` whose UTC
  offset is a whole number of minutes. Naive datetimes are refused: guessing
  their zone would silently move events across day and period boundaries.
  Offsets with seconds (the local mean time of ``zoneinfo`` zones before
  about 1900-1940, such as ``+00:19:32`` for Amsterdam) are refused too:
  RFC 3339 text, which documents and JSON Schema ``date-time`` use, cannot
  carry them, so the value could not be written without loss.
* In documents a timestamp is RFC 3339 text, ``YYYY-MM-DDTHH:MM:SS[.ffffff]``
  followed by ``Z`` or ``+HH:MM``/``-HH:MM`` (:data:`DATETIME_TEXT_PATTERN`).
* A *window* is a :class:`dateutil.relativedelta.relativedelta` with relative
  fields only (years, months, days, hours, minutes, seconds, microseconds),
  whole, none negative and not all zero, and no ``leapdays`` (an ISO 8601
  duration cannot carry them). In documents it is an ISO 8601 duration such as
  ``"P90D"`` or ``"P1Y6M"``.
* A *period* is a calendar bucket (day, ISO week, month, quarter, year) that a
  timestamp falls into, in the timestamp's own offset.
* *Elapsed time* between two timestamps is absolute time, measured in UTC
  (:func:`elapsed`, :func:`to_utc`): Python subtracts and compares two
  datetimes that share a ``tzinfo`` (one :class:`zoneinfo.ZoneInfo`) by their
  wall clocks, so across a daylight-saving change the same two instants would
  be an hour further apart written in Europe/Amsterdam than in UTC. Every
  engine measures durations and ages with these helpers, so an answer never
  depends on the zone a timestamp is written in; only calendar periods are
  read in a zone (the timestamp's own, or the ``tz`` a function names).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from dateutil import parser as _dateparser
from dateutil.relativedelta import MO, relativedelta

from ._errors import InvalidInputError

__all__ = [
    "DATETIME_TEXT_PATTERN",
    "WINDOW_TEXT_PATTERN",
    "ecma_pattern",
    "Frequency",
    "ensure_aware",
    "ensure_window",
    "elapsed",
    "elapsed_days",
    "fixed_offset",
    "fixed_offset_or_none",
    "format_window",
    "parse_datetime",
    "parse_document_datetime",
    "parse_window",
    "period_start",
    "to_utc",
    "window_days",
]

_DATETIME_EXPECTED = (
    "a timezone-aware datetime (ISO 8601 text with an offset, e.g. '2026-03-04T10:00:00+00:00')"
)

DATETIME_TEXT_PATTERN = (
    r"^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
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
(which matches before a final newline in Python). Year 0000 does not exist in
Python's calendar, so the pattern refuses it too.

>>> import re
>>> from custinteract._time import DATETIME_TEXT_PATTERN
>>> [bool(re.fullmatch(DATETIME_TEXT_PATTERN, text)) for text in (
...     "2026-03-04T10:00:00+01:00", "2026-03-04T10:00:00.25Z", "2026-03-04T10:00:00")]
[True, True, False]
"""

_DATETIME_TEXT_RE = re.compile(DATETIME_TEXT_PATTERN)
_DOCUMENT_DATETIME_EXPECTED = (
    "a timezone-aware datetime as RFC 3339 text: 'YYYY-MM-DDTHH:MM:SS', an optional fraction"
    " of at most 6 digits, then 'Z' or '+HH:MM'/'-HH:MM' (e.g. '2026-03-04T10:00:00+00:00')"
)


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


def ensure_aware(value: object, field: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise.

    Its UTC offset must be a whole number of minutes: RFC 3339 text (what
    :func:`~custinteract.to_dict` writes and JSON Schema's ``date-time``
    describes) cannot carry seconds in an offset, so such a value could not be
    written without loss. Convert it first, for example to UTC with
    ``value.astimezone(timezone.utc)``: the instant is kept.

    >>> from datetime import datetime, timedelta, timezone
    >>> ensure_aware(datetime(2026, 3, 4, tzinfo=timezone.utc), "as_of").year
    2026
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
    if not isinstance(text, str) or not _DATETIME_TEXT_RE.fullmatch(text):
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
    return ensure_aware(value, field)


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
    if not isinstance(text, str):
        raise InvalidInputError(field, text, _DATETIME_EXPECTED)
    try:
        value = _dateparser.isoparse(text)
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError(field, text, _DATETIME_EXPECTED) from exc
    return ensure_aware(value, field)


_WINDOW_FIELDS = ("years", "months", "days", "hours", "minutes", "seconds", "microseconds")
_ABSOLUTE_FIELDS = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
_WINDOW_EXPECTED = (
    "a positive window: a dateutil relativedelta with relative fields only"
    " (years, months, days, hours, minutes, seconds) or ISO 8601 duration text such as 'P90D'"
)
_LEAPDAYS_HINT = (
    "; leapdays cannot be written as an ISO 8601 duration, so the window could not be"
    " stored without loss: add the day to days instead"
)
WINDOW_TEXT_PATTERN = (
    r"^P(?=[^\n]*[1-9])(?!$)(?:(?P<years>[0-9]+)Y)?(?:(?P<months>[0-9]+)M)?"
    r"(?:(?P<weeks>[0-9]+)W)?(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?=[0-9])(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?"
    r"(?:(?P<seconds>[0-9]+)(?:\.(?P<fraction>[0-9]{1,6}))?S)?)?$"
)
"""The shape of a window in a document: an ISO 8601 duration that is not all zero.

Python reads it with ``fullmatch``; the JSON Schema carries the same text with
its named groups as plain groups, see
:func:`ecma_pattern`. ``[0-9]`` and the look-ahead for a non-zero digit read
the same in both languages.
"""

_DURATION_RE = re.compile(WINDOW_TEXT_PATTERN)


def ecma_pattern(pattern: str) -> str:
    """A Python pattern as a JSON Schema ``pattern``: named groups become plain groups.

    Python spells a named group ``(?P<name>`` and ECMA-262 ``(?<name>``; a
    plain group reads the same in both, and in every JSON Schema validator.

    >>> ecma_pattern(r"^(?P<days>[0-9]+)D$")
    '^([0-9]+)D$'
    """
    return re.sub(r"\(\?P<[a-z_]+>", "(", pattern)


def ensure_window(value: object, field: str) -> relativedelta:
    """Return ``value`` if it is a valid window (see the module docstring), else raise.

    >>> from dateutil.relativedelta import relativedelta
    >>> ensure_window(relativedelta(days=90), "loss_after_silence")
    relativedelta(days=+90)
    >>> ensure_window(relativedelta(days=-1), "loss_after_silence")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: loss_after_silence: expected a positive window...
    """
    if not isinstance(value, relativedelta):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED)
    if any(getattr(value, name) is not None for name in _ABSOLUTE_FIELDS):
        raise InvalidInputError(
            field, value, _WINDOW_EXPECTED + "; absolute fields are not windows"
        )
    if value.leapdays:
        raise InvalidInputError(field, value, _WINDOW_EXPECTED + _LEAPDAYS_HINT)
    amounts = [getattr(value, name) for name in _WINDOW_FIELDS]
    if any(amount < 0 for amount in amounts) or not any(amounts):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED)
    if not all(_is_whole(amount) for amount in amounts):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED + "; amounts must be whole numbers")
    return value


def _is_whole(amount: float) -> bool:
    # float(amount) would overflow for an int beyond float range: ints are whole.
    return isinstance(amount, int) or (isinstance(amount, float) and amount.is_integer())


def parse_window(text: str, field: str = "window") -> relativedelta:
    """Parse an ISO 8601 duration (``"P90D"``, ``"P1Y6M"``, ``"PT36H"``) into a window.

    >>> import custinteract as ci
    >>> ci.parse_window("P90D")
    relativedelta(days=+90)
    >>> ci.parse_window("P1Y6M")
    relativedelta(years=+1, months=+6)
    >>> ci.parse_window("90 days")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: window: expected a positive window...
    """
    if not isinstance(text, str):
        raise InvalidInputError(field, text, _WINDOW_EXPECTED)
    match = _DURATION_RE.fullmatch(text)
    if match is None:
        raise InvalidInputError(field, text, _WINDOW_EXPECTED)
    try:
        # int() refuses more digits than sys.get_int_max_str_digits() with a ValueError
        parts = {
            name: int(amount)
            for name, amount in match.groupdict().items()
            if amount and name != "fraction"
        }
        fraction = match.group("fraction")
        weeks = parts.pop("weeks", 0)
        parts["days"] = parts.get("days", 0) + 7 * weeks
        if fraction:
            parts["microseconds"] = int(fraction.ljust(6, "0"))
        window = relativedelta(**parts)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError(field, text, _WINDOW_EXPECTED) from exc
    return ensure_window(window, field)


def format_window(window: relativedelta) -> str:
    """Write a window as an ISO 8601 duration; the inverse of :func:`parse_window`.

    >>> import custinteract as ci
    >>> from dateutil.relativedelta import relativedelta
    >>> ci.format_window(relativedelta(months=3, hours=12))
    'P3MT12H'
    """
    window = ensure_window(window, "window")
    date_part = "".join(
        f"{int(amount)}{unit}"
        for amount, unit in ((window.years, "Y"), (window.months, "M"), (window.days, "D"))
        if amount
    )
    seconds = ""
    if window.seconds or window.microseconds:
        seconds = str(int(window.seconds))
        if window.microseconds:
            seconds += "." + f"{int(window.microseconds):06d}".rstrip("0")
        seconds += "S"
    time_part = "".join(
        f"{int(amount)}{unit}"
        for amount, unit in ((window.hours, "H"), (window.minutes, "M"))
        if amount
    )
    time_part += seconds
    return "P" + date_part + ("T" + time_part if time_part else "")


_UTC = timezone.utc
_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)


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


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC: the form in which elapsed time is measured.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> to_utc(datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))).isoformat()
    '2026-03-29T01:30:00+00:00'
    """
    return moment if moment.tzinfo is _UTC else moment.astimezone(_UTC)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The absolute time from ``start`` to ``end`` (negative if ``end`` is earlier).

    Measured in UTC, whatever zone each is written in: Python would subtract
    two times of one :class:`zoneinfo.ZoneInfo` by their wall clocks, an hour
    off across a daylight-saving change.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> ams = ZoneInfo("Europe/Amsterdam")
    >>> before, after = datetime(2026, 3, 29, 1, tzinfo=ams), datetime(2026, 3, 29, 4, tzinfo=ams)
    >>> after - before, elapsed(before, after)
    (datetime.timedelta(seconds=10800), datetime.timedelta(seconds=7200))
    """
    return to_utc(end) - to_utc(start)


def elapsed_days(start: datetime, end: datetime) -> float:
    """:func:`elapsed` in days (a float; one rounding).

    >>> from datetime import datetime, timezone
    >>> elapsed_days(datetime(2026, 3, 1, tzinfo=timezone.utc), datetime(2026, 3, 2, 12, tzinfo=timezone.utc))
    1.5
    """
    return elapsed(start, end) / _DAY


def window_days(window: relativedelta, as_of: datetime) -> float:
    """The length in days of ``window`` ending at ``as_of`` (months vary in length).

    Counted in UTC, as elapsed time is (see :func:`elapsed`).

    >>> from datetime import datetime, timezone
    >>> from dateutil.relativedelta import relativedelta
    >>> window_days(relativedelta(months=1), datetime(2026, 3, 1, tzinfo=timezone.utc))
    28.0
    """
    end = to_utc(as_of)
    span: timedelta = end - (end - window)
    return span.total_seconds() / 86400.0


class Frequency(enum.Enum):
    """Calendar buckets for grouping interactions over time.

    Weeks are ISO weeks (starting on Monday); quarters start in January, April,
    July and October; half years in January and July (semesters, seasons of
    two quarters). A timestamp falls into the bucket of its own local calendar
    (its own UTC offset).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 5, 17, 15, tzinfo=timezone.utc), ci.Frequency.QUARTER)
    datetime.datetime(2026, 4, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def step(self) -> relativedelta:
        """The length of one bucket, as a window."""
        return _FREQUENCY_STEPS[self]


_FREQUENCY_STEPS = {
    Frequency.DAY: relativedelta(days=1),
    Frequency.WEEK: relativedelta(weeks=1),
    Frequency.MONTH: relativedelta(months=1),
    Frequency.QUARTER: relativedelta(months=3),
    Frequency.HALF_YEAR: relativedelta(months=6),
    Frequency.YEAR: relativedelta(years=1),
}

# How to get from a timestamp to the first day of its bucket, per frequency.
_TO_BUCKET_START: dict[Frequency, Callable[[datetime], relativedelta]] = {
    Frequency.DAY: lambda _: relativedelta(),
    Frequency.WEEK: lambda _: relativedelta(weekday=MO(-1)),
    Frequency.MONTH: lambda _: relativedelta(day=1),
    Frequency.QUARTER: lambda t: relativedelta(month=3 * ((t.month - 1) // 3) + 1, day=1),
    Frequency.HALF_YEAR: lambda t: relativedelta(month=6 * ((t.month - 1) // 6) + 1, day=1),
    Frequency.YEAR: lambda _: relativedelta(month=1, day=1),
}


def period_start(timestamp: datetime, frequency: Frequency) -> datetime:
    """The start of the calendar bucket that ``timestamp`` falls into.

    The start is local midnight in the timestamp's own zone: of the same day,
    of the Monday on or before it (``weekday=MO(-1)``), of the first of its
    month, quarter or year. Where a zone repeats the hour after midnight
    (clocks going back at 01:00), the bucket starts at the first midnight
    (``fold=0``), whichever pass the timestamp itself is in.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 11, 19, 8, tzinfo=timezone.utc), ci.Frequency.WEEK).date()
    datetime.date(2026, 11, 16)
    """
    timestamp = ensure_aware(timestamp, "timestamp")
    if not isinstance(frequency, Frequency):
        raise InvalidInputError("frequency", frequency, f"one of {[f.value for f in Frequency]}")
    to_start = _TO_BUCKET_START[frequency](timestamp)
    midnight = relativedelta(hour=0, minute=0, second=0, microsecond=0)
    return (timestamp + midnight + to_start).replace(fold=0)
