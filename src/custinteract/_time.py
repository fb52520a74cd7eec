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
* Timestamps lie in years 2 to 9998 (:data:`EARLIEST_YEAR`,
  :data:`LATEST_YEAR`): a year inside Python's calendar at each end, so that
  every timestamp has a UTC time in every offset and every calendar period
  (up to a year) holding one starts and ends inside the calendar.
* In documents a timestamp is RFC 3339 text, ``YYYY-MM-DDTHH:MM:SS[.ffffff]``
  followed by ``Z`` or ``+HH:MM``/``-HH:MM`` (:data:`DATETIME_TEXT_PATTERN`).
* A *window* is a :class:`dateutil.relativedelta.relativedelta` with relative
  fields only (years, months, days, hours, minutes, seconds, microseconds),
  whole, none negative and not all zero, and no ``leapdays`` (an ISO 8601
  duration cannot carry them), and at most 100 years long
  (:data:`MAX_WINDOW_MONTHS`, :data:`MAX_WINDOW_DAYS`). In documents it is an
  ISO 8601 duration such as ``"P90D"`` or ``"P1Y6M"``.
* A window is added to a timestamp with :func:`shift`, the one place where
  calendar arithmetic may leave the calendar: it stops at its ends.
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
    "CALENDAR_END",
    "CALENDAR_START",
    "DATETIME_TEXT_DESCRIPTION",
    "DATETIME_TEXT_PATTERN",
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "PERIOD_BOUND_TEXT_PATTERN",
    "MAX_WINDOW_DAYS",
    "MAX_WINDOW_MONTHS",
    "WINDOW_TEXT_DESCRIPTION",
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
    "shift",
    "to_utc",
    "window_days",
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
MAX_WINDOW_MONTHS = 1200
"""The most a window's years and months may add up to: 100 years.

Together with :data:`MAX_WINDOW_DAYS` this bounds every window, so that no
policy can ask the calendar for a date it does not hold (an engine stops at
the calendar's ends, see :func:`shift`) and no amount overflows on the way.
A century is far beyond any memory, silence or decision window in customer
work, and still a number a person can read.
"""

MAX_WINDOW_DAYS = 36_525
"""The most a window's weeks, days, hours, minutes and seconds may add up to, in days.

100 years of 365.25 days; see :data:`MAX_WINDOW_MONTHS`.
"""

_WINDOW_LIMIT = (
    f"at most 100 years long: years and months together at most {MAX_WINDOW_MONTHS:,} months;"
    f" weeks, days, hours, minutes and seconds together at most {MAX_WINDOW_DAYS:,} days"
)


def _number_at_most(limit: int) -> str:
    """A pattern for the decimal text of a number from 0 to ``limit``.

    At most as many digits as ``limit`` has (leading zeros included), and no
    larger value: the bound is stated in the pattern itself, so that a JSON
    Schema validator refuses what :func:`parse_window` refuses.

    >>> import re
    >>> [bool(re.fullmatch(_number_at_most(120), t)) for t in ("7", "099", "120", "121", "0120")]
    [True, True, True, False, False]
    """
    digits = str(limit)
    width = len(digits)
    options = [f"[0-9]{{1,{width - 1}}}"] if width > 1 else []
    for index, digit in enumerate(digits):
        if digit != "0":
            rest = width - index - 1
            below = "0" if digit == "1" else f"[0-{int(digit) - 1}]"
            options.append(digits[:index] + below + (f"[0-9]{{{rest}}}" if rest else ""))
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


# The largest amount each designator may carry alone; the whole window is also
# bounded (_WINDOW_LIMIT), a sum a pattern cannot state.
_DESIGNATOR_LIMITS = {
    "years": MAX_WINDOW_MONTHS // 12,
    "months": MAX_WINDOW_MONTHS,
    "weeks": MAX_WINDOW_DAYS // 7,
    "days": MAX_WINDOW_DAYS,
    "hours": MAX_WINDOW_DAYS * 24,
    "minutes": MAX_WINDOW_DAYS * 24 * 60,
    "seconds": MAX_WINDOW_DAYS * 24 * 60 * 60,
}


def _amount(name: str, designator: str) -> str:
    return f"(?:(?P<{name}>{_number_at_most(_DESIGNATOR_LIMITS[name])}){designator})?"


WINDOW_TEXT_PATTERN = (
    r"^P(?=[^\n]*[1-9])(?!$)"
    + _amount("years", "Y")
    + _amount("months", "M")
    + _amount("weeks", "W")
    + _amount("days", "D")
    + r"(?:T(?=[0-9])"
    + _amount("hours", "H")
    + _amount("minutes", "M")
    + f"(?:(?P<seconds>{_number_at_most(_DESIGNATOR_LIMITS['seconds'])})"
    + r"(?:\.(?P<fraction>[0-9]{1,6}))?S)?)?$"
)
"""The shape of a window in a document: an ISO 8601 duration that is not all zero.

Each amount has at most as many digits as its largest value and is no larger
than it: 100 years, 1,200 months, 5,217 weeks, 36,525 days, 876,600 hours,
52,596,000 minutes, 3,155,760,000 seconds. The window as a whole must also
stay within :data:`MAX_WINDOW_MONTHS` and :data:`MAX_WINDOW_DAYS` (so
``"P100Y1M"`` is refused), a sum no pattern states: it is said in
:data:`WINDOW_TEXT_DESCRIPTION` and checked by :func:`ensure_window`.

Python reads it with ``fullmatch``; the JSON Schema carries the same text with
its named groups as plain groups, see
:func:`ecma_pattern`. ``[0-9]`` and the look-ahead for a non-zero digit read
the same in both languages.
"""

WINDOW_TEXT_DESCRIPTION = (
    "ISO 8601 duration such as P90D, not all zero, whole amounts (seconds may have up to"
    " 6 fraction digits), "
    + _WINDOW_LIMIT
    + " (the pattern bounds each amount; the sums are checked on reading)."
)
"""The ``description`` of every window in :func:`~custinteract.json_schema`."""

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
    >>> ensure_window(relativedelta(years=100, days=1), "negative_memory").years
    100
    >>> ensure_window(relativedelta(years=101), "negative_memory")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: negative_memory: expected a window at most 100 years long: ...
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
    years, months, days, hours, minutes, seconds, micros = (int(amount) for amount in amounts)
    exact = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
    if 12 * years + months > MAX_WINDOW_MONTHS or exact > MAX_WINDOW_DAYS * 86_400_000_000:
        raise InvalidInputError(field, value, "a window " + _WINDOW_LIMIT)
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
        raise InvalidInputError(field, text, f"{_WINDOW_EXPECTED}, {_WINDOW_LIMIT}")
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


CALENDAR_START = datetime.min.replace(tzinfo=timezone.utc)
"""The first instant of Python's calendar, where :func:`shift` stops going back."""
CALENDAR_END = datetime.max.replace(tzinfo=timezone.utc)
"""The last instant of Python's calendar, where :func:`shift` stops going forward."""


def shift(moment: datetime, window: relativedelta | timedelta, *, back: bool = False) -> datetime:
    """``moment + window`` (``moment - window`` when ``back``), stopping at the calendar's ends.

    The one way engines move a timestamp by a window. When the answer would
    leave Python's calendar (or have no UTC time), the calendar's last
    microsecond, 9999-12-31T23:59:59.999999Z, comes back instead (its first,
    0001-01-01T00:00:00Z, going back). Every timestamp lies strictly between
    the two (years :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR`), so answers
    stay right: a window that would end after the calendar never ends for any
    timestamp, and one that would start before it holds every timestamp up
    to ``moment``.

    >>> from datetime import datetime, timezone
    >>> from dateutil.relativedelta import relativedelta
    >>> t = datetime(9998, 12, 1, tzinfo=timezone.utc)
    >>> shift(t, relativedelta(days=10)).date()
    datetime.date(9998, 12, 11)
    >>> shift(t, relativedelta(years=100)).isoformat()
    '9999-12-31T23:59:59.999999+00:00'
    >>> shift(datetime(2, 1, 1, tzinfo=timezone.utc), relativedelta(years=5), back=True).isoformat()
    '0001-01-01T00:00:00+00:00'
    """
    try:
        result = moment - window if back else moment + window
        if result.year in (1, 9999):
            result.astimezone(timezone.utc)  # OverflowError when the instant has no UTC time
    except (OverflowError, ValueError):
        return CALENDAR_START if back else CALENDAR_END
    return result


def window_days(window: relativedelta, as_of: datetime) -> float:
    """The length in days of ``window`` ending at ``as_of`` (months vary in length).

    Counted in UTC, as elapsed time is (see :func:`elapsed`); a window
    reaching back before the calendar's start counts as far back as the
    calendar goes (:func:`shift`).

    >>> from datetime import datetime, timezone
    >>> from dateutil.relativedelta import relativedelta
    >>> window_days(relativedelta(months=1), datetime(2026, 3, 1, tzinfo=timezone.utc))
    28.0
    """
    end = to_utc(as_of)
    span: timedelta = end - shift(end, window, back=True)
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
    (``fold=0``), whichever pass the timestamp itself is in. Where a zone
    skips midnight (clocks going forward at 00:00), the start is written as
    midnight with ``fold=0``, which is the instant the clocks skip at: the
    first instant of that day. The bucket is that of the timestamp's instant
    on its zone's calendar: a wall time the zone skips (e.g. 00:30 on a day
    that goes from 00:00 to 01:00, written with ``fold=1``, which is 23:30 the
    evening before) falls into the bucket of the day it happens in, so the
    start is never after the timestamp.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 11, 19, 8, tzinfo=timezone.utc), ci.Frequency.WEEK).date()
    datetime.date(2026, 11, 16)
    """
    timestamp = ensure_aware(timestamp, "timestamp", period_bound=True)
    if not isinstance(frequency, Frequency):
        raise InvalidInputError("frequency", frequency, f"one of {[f.value for f in Frequency]}")
    if not isinstance(timestamp.tzinfo, timezone):  # a wall time the zone skips: its instant's
        timestamp = timestamp.astimezone(timezone.utc).astimezone(timestamp.tzinfo)
    to_start = _TO_BUCKET_START[frequency](timestamp)
    midnight = relativedelta(hour=0, minute=0, second=0, microsecond=0)
    return (timestamp + midnight + to_start).replace(fold=0)
